import { commandGroup } from '../../../src/cli/command.js';
import { listCommand } from './list.js';
import { getCommand } from './get.js';
import { createCommand } from './create.js';
import { updateCommand } from './update.js';
import { deleteCommand } from './delete.js';

export const userCommand = commandGroup({
  command: 'user',
  describe: 'RAM users: list, get, create, update, delete',
  subcommands: [listCommand, getCommand, createCommand, updateCommand, deleteCommand],
});
