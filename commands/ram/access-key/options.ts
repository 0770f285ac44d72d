import type { Argv } from 'yargs';
import { checkAccessKeyId } from '../../../src/ram/access-keys.js';
import { checkRamName } from '../../../src/ram/names.js';

export interface KeyArgs {
  'key-id': string;
  user: string;
  yes?: boolean;
}

/** `<key-id> --user <name>` of enable, disable and delete; `withYes` adds --yes for the ones that confirm. */
export function keyOptions<T>(yargs: Argv<T>, withYes: boolean) {
  const argv = yargs
    .positional('key-id', { type: 'string', describe: 'Access key id (as `ram access-key list` shows it)' })
    .option('user', { type: 'string', demandOption: true, describe: 'RAM user that owns the key' });
  return withYes ? argv.option('yes', { alias: 'y', type: 'boolean', describe: 'Do not ask for confirmation' }) : argv;
}

/** The key id and user name, checked before any call. */
export function keyTarget(argv: KeyArgs): { keyId: string; user: string } {
  return { keyId: checkAccessKeyId(argv['key-id'], 'key id'), user: checkRamName(argv.user, '--user') };
}
