import type { Command } from '../../../src/cli/parser.js';
import { note } from '../../../src/cli/output.js';
import { connectRam } from '../../../src/ram/connect.js';
import { addUserToGroup } from '../../../src/ram/groups.js';
import { GROUP_NAME, checkRamName } from '../../../src/ram/names.js';

interface MembershipArgs {
  group: string;
  user: string;
}

export const addUserCommand: Command<MembershipArgs> = {
  command: 'add-user <group> <user>',
  describe: 'Add a RAM user to a group: it gains the group\'s policies on its next call',
  builder: (yargs) =>
    yargs
      .positional('group', { type: 'string', describe: 'Group name' })
      .positional('user', { type: 'string', describe: 'User name' }) as any,
  handler: async (argv) => {
    const group = checkRamName(argv.group, 'group name', GROUP_NAME);
    const user = checkRamName(argv.user, 'user name');
    await addUserToGroup(await connectRam(argv), group, user);
    note(argv.ctx, `Added user ${user} to group ${group}.`);
  },
};
