import type { CommandModule } from 'yargs';
import type { Command, GlobalArgs } from '../../../src/cli/parser.js';
import { listCommand } from './list.js';
import { getCommand } from './get.js';
import { createCommand } from './create.js';
import { updateCommand } from './update.js';
import { deleteCommand } from './delete.js';
import { versionsCommand } from './versions.js';
import { setDefaultCommand } from './set-default.js';

const subcommands = [listCommand, getCommand, createCommand, updateCommand, deleteCommand, versionsCommand, setDefaultCommand] as CommandModule<
  GlobalArgs,
  any
>[];

export const policyCommand: Command = {
  command: 'policy <command>',
  describe: 'RAM policies: list, get, create, update (new version), delete, versions, set-default',
  builder: (yargs) => {
    for (const command of subcommands) yargs.command(command);
    return yargs.demandCommand(1, 'Name a policy command: list, get, create, update, delete, versions or set-default.');
  },
  handler: () => {},
};
