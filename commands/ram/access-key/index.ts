import type { CommandModule } from 'yargs';
import type { Command, GlobalArgs } from '../../../src/cli/parser.js';
import { listCommand } from './list.js';
import { createCommand } from './create.js';
import { enableCommand } from './enable.js';
import { disableCommand } from './disable.js';
import { deleteCommand } from './delete.js';

const subcommands = [listCommand, createCommand, enableCommand, disableCommand, deleteCommand] as CommandModule<GlobalArgs, any>[];

export const accessKeyCommand: Command = {
  command: 'access-key <command>',
  describe: "A RAM user's access keys: list, create, enable, disable, delete (--user <name>)",
  builder: (yargs) => {
    for (const command of subcommands) yargs.command(command);
    return yargs.demandCommand(1, 'Name an access-key command: list, create, enable, disable or delete.');
  },
  handler: () => {},
};
