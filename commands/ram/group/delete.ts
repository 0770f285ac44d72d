import { deleteGroup, groupDependents } from '../../../src/ram/groups.js';
import { GROUP_NAME, checkRamName } from '../../../src/ram/names.js';
import { deleteCommandFor } from '../delete-command.js';

export const deleteCommand = deleteCommandFor({
  noun: 'group',
  describe: 'Delete a RAM user group; --force first removes its members and detaches its policies, listing each',
  nameHelp: 'Group name',
  forceHelp: 'Remove its members and detach its policies first, listing each step',
  checkName: (value) => checkRamName(value, 'group name', GROUP_NAME),
  blockers: async (ram, name) => ({ dependents: await groupDependents(ram, name) }),
  byHand: (name) => `aliaudit ram group remove-user ${name} <user>, aliaudit ram detach --group ${name} --policy <name>`,
  remove: deleteGroup,
});
