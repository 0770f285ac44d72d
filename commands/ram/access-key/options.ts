import type { Argv } from 'yargs';
import { defineCommand } from '../../../src/cli/command.js';
import { confirmChange } from '../../../src/cli/confirm.js';
import { note } from '../../../src/cli/output.js';
import type { RamApi } from '../../../src/ram/api.js';
import { checkAccessKeyId } from '../../../src/ram/access-keys.js';
import { checkRamName } from '../../../src/ram/names.js';
import { ramOf } from '../connect.js';

export interface KeyArgs {
  'key-id': string;
  user: string;
  yes?: boolean;
}

interface KeyTarget {
  keyId: string;
  user: string;
}

/** `<key-id> --user <name>` of enable, disable and delete; `withYes` adds --yes for the ones that confirm. */
function keyOptions<T>(yargs: Argv<T>, withYes: boolean) {
  const argv = yargs
    .positional('key-id', { type: 'string', describe: 'Access key id (as `ram access-key list` shows it)' })
    .option('user', { type: 'string', demandOption: true, describe: 'RAM user that owns the key' });
  return withYes ? argv.option('yes', { alias: 'y', type: 'boolean', describe: 'Do not ask for confirmation' }) : argv;
}

/**
 * `<verb> <key-id> --user <name>`: one change to one key, the key id and user checked before any call, confirmed
 * first when `confirm` names the question.
 */
export function keyCommand(spec: {
  verb: string;
  describe: string;
  /** The question to confirm, e.g. "Delete", asked as "Delete access key … of user …"; none: no confirmation. */
  confirm?: string;
  /** "Deleted", as in "Deleted access key … of user …". */
  done: string;
  change(ram: RamApi, target: KeyTarget): Promise<void>;
}) {
  return defineCommand<KeyArgs, KeyTarget>({
    command: `${spec.verb} <key-id>`,
    describe: spec.describe,
    builder: (yargs) => keyOptions(yargs, spec.confirm !== undefined),
    run: async (argv, ctx) => {
      const target = { keyId: checkAccessKeyId(argv['key-id'], 'key id'), user: checkRamName(argv.user, '--user') };
      if (spec.confirm) await confirmChange(ctx, `${spec.confirm} access key ${target.keyId} of user ${target.user}`, { yes: argv.yes });
      await spec.change(await ramOf(ctx), target);
      return target;
    },
    present: ({ keyId, user }, io) => note(io, `${spec.done} access key ${keyId} of user ${user}.`),
  });
}
