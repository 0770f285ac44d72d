import { commandGroup } from '../../../src/cli/command.js';
import { listCommand } from './list.js';
import { getCommand } from './get.js';
import { createCommand } from './create.js';
import { deleteCommand } from './delete.js';
import { addUserCommand } from './add-user.js';
import { removeUserCommand } from './remove-user.js';

export const groupCommand = commandGroup({
  command: 'group',
  describe: 'RAM user groups: list, get, create, delete, add-user, remove-user',
  subcommands: [listCommand, getCommand, createCommand, deleteCommand, addUserCommand, removeUserCommand],
});
