import { commandGroup } from '../../src/cli/command.js';
import { setCommand } from './set.js';
import { listCommand } from './list.js';
import { getCommand } from './get.js';
import { switchCommand } from './switch.js';
import { deleteCommand } from './delete.js';

export const configureCommand = commandGroup({
  command: 'configure',
  describe: "Manage profiles in the aliyun CLI's config.json (shared with the aliyun CLI)",
  subcommands: [setCommand, listCommand, getCommand, switchCommand, deleteCommand],
});
