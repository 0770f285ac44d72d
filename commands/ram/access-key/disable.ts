import type { Command } from '../../../src/cli/parser.js';
import { confirm } from '../../../src/cli/confirm.js';
import { note } from '../../../src/cli/output.js';
import { setAccessKeyStatus } from '../../../src/ram/access-keys.js';
import { connectRam } from '../../../src/ram/connect.js';
import { type KeyArgs, keyOptions, keyTarget } from './options.js';

export const disableCommand: Command<KeyArgs> = {
  command: 'disable <key-id>',
  describe: "Make a user's access key Inactive: every request it signs is refused until enabled",
  builder: (yargs) => keyOptions(yargs, true) as any,
  handler: async (argv) => {
    const { keyId, user } = keyTarget(argv);
    await confirm(argv.ctx, `Disable access key ${keyId} of user ${user}`, { yes: argv.yes });
    await setAccessKeyStatus(await connectRam(argv), user, keyId, 'Inactive');
    note(argv.ctx, `Disabled access key ${keyId} of user ${user}.`);
  },
};
