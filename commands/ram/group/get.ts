import { shortDate } from '../../../src/cli/records.js';
import { type GroupDetails, getGroup } from '../../../src/ram/groups.js';
import { GROUP_NAME, checkRamName } from '../../../src/ram/names.js';
import { getCommandFor, policyList } from '../get-command.js';

export const getCommand = getCommandFor<object, GroupDetails>({
  noun: 'group',
  describe: 'Show a RAM user group: its members and attached policies',
  checkName: (value) => checkRamName(value, 'group name', GROUP_NAME),
  fetch: (ram, name) => getGroup(ram, name),
  details: ({ Group: group, Users: users, Policies: policies }) => ({
    facts: [
      ['name', group.GroupName],
      ['id', group.GroupId ?? ''],
      ['comments', group.Comments ?? ''],
      ['created', shortDate(group.CreateDate)],
      ['updated', shortDate(group.UpdateDate)],
      ['members', users.map((u) => u.UserName).join(', ') || 'none'],
      ['policies', policyList(policies)],
    ],
  }),
});
