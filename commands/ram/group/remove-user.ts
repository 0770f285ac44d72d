import { defineCommand } from '../../../src/cli/command.js';
import { confirmChange } from '../../../src/cli/confirm.js';
import { note } from '../../../src/cli/output.js';
import { removeUserFromGroup } from '../../../src/ram/groups.js';
import { GROUP_NAME, checkRamName } from '../../../src/ram/names.js';
import { ramOf } from '../connect.js';

export interface Membership {
  group: string;
  user: string;
}

/** The group and user names, checked before any call. */
export function membershipOf(argv: Membership): Membership {
  return { group: checkRamName(argv.group, 'group name', GROUP_NAME), user: checkRamName(argv.user, 'user name') };
}

export const removeUserCommand = defineCommand<Membership & { yes?: boolean }, Membership>({
  command: 'remove-user <group> <user>',
  describe: 'Remove a RAM user from a group: it loses the group\'s policies on its next call',
  builder: (yargs) =>
    yargs
      .positional('group', { type: 'string', describe: 'Group name' })
      .positional('user', { type: 'string', describe: 'User name' })
      .option('yes', { alias: 'y', type: 'boolean', describe: 'Do not ask for confirmation' }),
  run: async (argv, ctx) => {
    const { group, user } = membershipOf(argv);
    await confirmChange(ctx, `Remove user ${user} from group ${group}`, { yes: argv.yes });
    await removeUserFromGroup(await ramOf(ctx), group, user);
    return { group, user };
  },
  present: ({ group, user }, io) => note(io, `Removed user ${user} from group ${group}.`),
});
