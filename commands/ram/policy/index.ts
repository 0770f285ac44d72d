import { commandGroup } from '../../../src/cli/command.js';
import { listCommand } from './list.js';
import { getCommand } from './get.js';
import { createCommand } from './create.js';
import { updateCommand } from './update.js';
import { deleteCommand } from './delete.js';
import { versionsCommand } from './versions.js';
import { setDefaultCommand } from './set-default.js';

export const policyCommand = commandGroup({
  command: 'policy',
  describe: 'RAM policies: list, get, create, update (new version), delete, versions, set-default',
  subcommands: [listCommand, getCommand, createCommand, updateCommand, deleteCommand, versionsCommand, setDefaultCommand],
});
