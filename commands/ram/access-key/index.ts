import { commandGroup } from '../../../src/cli/command.js';
import { listCommand } from './list.js';
import { createCommand } from './create.js';
import { enableCommand } from './enable.js';
import { disableCommand } from './disable.js';
import { deleteCommand } from './delete.js';

export const accessKeyCommand = commandGroup({
  command: 'access-key',
  describe: "A RAM user's access keys: list, create, enable, disable, delete (--user <name>)",
  subcommands: [listCommand, createCommand, enableCommand, disableCommand, deleteCommand],
});
