import type { Command } from '../../../src/cli/parser.js';
import { note } from '../../../src/cli/output.js';
import { setAccessKeyStatus } from '../../../src/ram/access-keys.js';
import { connectRam } from '../../../src/ram/connect.js';
import { type KeyArgs, keyOptions, keyTarget } from './options.js';

export const enableCommand: Command<KeyArgs> = {
  command: 'enable <key-id>',
  describe: "Make a user's access key Active again",
  builder: (yargs) => keyOptions(yargs, false) as any,
  handler: async (argv) => {
    const { keyId, user } = keyTarget(argv);
    await setAccessKeyStatus(await connectRam(argv), user, keyId, 'Active');
    note(argv.ctx, `Enabled access key ${keyId} of user ${user}.`);
  },
};
