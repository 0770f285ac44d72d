import type { Command } from '../../../src/cli/parser.js';
import { confirm } from '../../../src/cli/confirm.js';
import { note } from '../../../src/cli/output.js';
import { deleteAccessKey } from '../../../src/ram/access-keys.js';
import { connectRam } from '../../../src/ram/connect.js';
import { type KeyArgs, keyOptions, keyTarget } from './options.js';

export const deleteCommand: Command<KeyArgs> = {
  command: 'delete <key-id>',
  describe: "Delete a user's access key for good",
  builder: (yargs) => keyOptions(yargs, true) as any,
  handler: async (argv) => {
    const { keyId, user } = keyTarget(argv);
    await confirm(argv.ctx, `Delete access key ${keyId} of user ${user}`, { yes: argv.yes });
    await deleteAccessKey(await connectRam(argv), user, keyId);
    note(argv.ctx, `Deleted access key ${keyId} of user ${user}.`);
  },
};
