import type { Command } from '../../../src/cli/parser.js';
import { confirm } from '../../../src/cli/confirm.js';
import { note } from '../../../src/cli/output.js';
import { connectRam } from '../../../src/ram/connect.js';
import { removeUserFromGroup } from '../../../src/ram/groups.js';
import { GROUP_NAME, checkRamName } from '../../../src/ram/names.js';

interface RemoveArgs {
  group: string;
  user: string;
  yes?: boolean;
}

export const removeUserCommand: Command<RemoveArgs> = {
  command: 'remove-user <group> <user>',
  describe: 'Remove a RAM user from a group: it loses the group\'s policies on its next call',
  builder: (yargs) =>
    yargs
      .positional('group', { type: 'string', describe: 'Group name' })
      .positional('user', { type: 'string', describe: 'User name' })
      .option('yes', { alias: 'y', type: 'boolean', describe: 'Do not ask for confirmation' }) as any,
  handler: async (argv) => {
    const { ctx } = argv;
    const group = checkRamName(argv.group, 'group name', GROUP_NAME);
    const user = checkRamName(argv.user, 'user name');
    const ram = await connectRam(argv);
    await confirm(ctx, `Remove user ${user} from group ${group}`, { yes: argv.yes });
    await removeUserFromGroup(ram, group, user);
    note(ctx, `Removed user ${user} from group ${group}.`);
  },
};
