import { checkRamName } from '../../../src/ram/names.js';
import { deleteUser, userBlockers } from '../../../src/ram/users.js';
import { deleteCommandFor } from '../delete-command.js';

export const deleteCommand = deleteCommandFor({
  noun: 'user',
  describe: 'Delete a RAM user; --force first removes its keys, login profile, MFA binding, groups and policies',
  nameHelp: 'User name',
  forceHelp: 'Remove everything the user holds first, listing each step',
  checkName: (value) => checkRamName(value, 'user name'),
  blockers: userBlockers,
  byHand: (name) => `aliaudit ram user get ${name} lists them`,
  remove: deleteUser,
});
