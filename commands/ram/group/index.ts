import type { CommandModule } from 'yargs';
import type { Command, GlobalArgs } from '../../../src/cli/parser.js';
import { listCommand } from './list.js';
import { getCommand } from './get.js';
import { createCommand } from './create.js';
import { deleteCommand } from './delete.js';
import { addUserCommand } from './add-user.js';
import { removeUserCommand } from './remove-user.js';

const subcommands = [listCommand, getCommand, createCommand, deleteCommand, addUserCommand, removeUserCommand] as CommandModule<GlobalArgs, any>[];

export const groupCommand: Command = {
  command: 'group <command>',
  describe: 'RAM user groups: list, get, create, delete, add-user, remove-user',
  builder: (yargs) => {
    for (const command of subcommands) yargs.command(command);
    return yargs.demandCommand(1, 'Name a group command: list, get, create, delete, add-user or remove-user.');
  },
  handler: () => {},
};
