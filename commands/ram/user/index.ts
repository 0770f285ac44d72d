import type { CommandModule } from 'yargs';
import type { Command, GlobalArgs } from '../../../src/cli/parser.js';
import { listCommand } from './list.js';
import { getCommand } from './get.js';
import { createCommand } from './create.js';
import { updateCommand } from './update.js';
import { deleteCommand } from './delete.js';

const subcommands = [listCommand, getCommand, createCommand, updateCommand, deleteCommand] as CommandModule<GlobalArgs, any>[];

export const userCommand: Command = {
  command: 'user <command>',
  describe: 'RAM users: list, get, create, update, delete',
  builder: (yargs) => {
    for (const command of subcommands) yargs.command(command);
    return yargs.demandCommand(1, 'Name a user command: list, get, create, update or delete.');
  },
  handler: () => {},
};
