import type { CommandModule } from 'yargs';
import type { Command, GlobalArgs } from '../../src/cli/parser.js';
import { setCommand } from './set.js';
import { listCommand } from './list.js';
import { getCommand } from './get.js';
import { switchCommand } from './switch.js';
import { deleteCommand } from './delete.js';

const subcommands = [setCommand, listCommand, getCommand, switchCommand, deleteCommand] as CommandModule<GlobalArgs, any>[];

export const configureCommand: Command = {
  command: 'configure',
  describe: "Manage profiles in the aliyun CLI's config.json (shared with the aliyun CLI)",
  builder: (yargs) => {
    for (const command of subcommands) yargs.command(command);
    return yargs.demandCommand(1, 'Name a configure command: set, list, get, switch or delete.');
  },
  handler: () => {},
};
