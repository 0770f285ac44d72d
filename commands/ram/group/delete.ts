import type { Command } from '../../../src/cli/parser.js';
import { confirm } from '../../../src/cli/confirm.js';
import { note } from '../../../src/cli/output.js';
import { safeDelete } from '../../../src/ram/attachments.js';
import { connectRam } from '../../../src/ram/connect.js';
import { deleteGroup, groupDependents } from '../../../src/ram/groups.js';
import { GROUP_NAME, checkRamName } from '../../../src/ram/names.js';

interface DeleteArgs {
  name: string;
  force?: boolean;
  yes?: boolean;
}

export const deleteCommand: Command<DeleteArgs> = {
  command: 'delete <name>',
  describe: 'Delete a RAM user group; --force first removes its members and detaches its policies, listing each',
  builder: (yargs) =>
    yargs
      .positional('name', { type: 'string', describe: 'Group name' })
      .option('force', { type: 'boolean', describe: 'Remove its members and detach its policies first, listing each step' })
      .option('yes', { alias: 'y', type: 'boolean', describe: 'Do not ask for confirmation' }) as any,
  handler: async (argv) => {
    const { ctx } = argv;
    const name = checkRamName(argv.name, 'group name', GROUP_NAME);
    const ram = await connectRam(argv);
    await safeDelete({
      entity: `group ${name}`,
      dependents: await groupDependents(ram, name),
      force: Boolean(argv.force),
      byHand: `aliaudit ram group remove-user ${name} <user>, aliaudit ram detach --group ${name} --policy <name>`,
      confirm: (action) => confirm(ctx, action, { yes: argv.yes }),
      onStep: (done) => note(ctx, `  ${done}`),
      remove: () => deleteGroup(ram, name),
    });
    note(ctx, `Deleted group ${name}.`);
  },
};
