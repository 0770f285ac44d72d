import { defineCommand } from '../../../src/cli/command.js';
import { note } from '../../../src/cli/output.js';
import { addUserToGroup } from '../../../src/ram/groups.js';
import { membershipOf, type Membership } from './remove-user.js';
import { ramOf } from '../connect.js';

export const addUserCommand = defineCommand<Membership, Membership>({
  command: 'add-user <group> <user>',
  describe: 'Add a RAM user to a group: it gains the group\'s policies on its next call',
  builder: (yargs) =>
    yargs.positional('group', { type: 'string', describe: 'Group name' }).positional('user', { type: 'string', describe: 'User name' }),
  run: async (argv, ctx) => {
    const { group, user } = membershipOf(argv);
    await addUserToGroup(await ramOf(ctx), group, user);
    return { group, user };
  },
  present: ({ group, user }, io) => note(io, `Added user ${user} to group ${group}.`),
});
