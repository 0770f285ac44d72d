import { ROLE_NAME, checkRamName } from '../../../src/ram/names.js';
import { deleteRole, roleDependents } from '../../../src/ram/roles.js';
import { deleteCommandFor } from '../delete-command.js';

export const deleteCommand = deleteCommandFor({
  noun: 'role',
  describe: 'Delete a RAM role; --force first detaches its policies, listing each',
  nameHelp: 'Role name',
  forceHelp: 'Detach its policies first, listing each step',
  checkName: (value) => checkRamName(value, 'role name', ROLE_NAME),
  blockers: async (ram, name) => ({ dependents: await roleDependents(ram, name) }),
  byHand: (name) => `aliaudit ram detach --role ${name} --policy <name>`,
  remove: deleteRole,
});
