import type { Command } from '../../../src/cli/parser.js';
import { confirm } from '../../../src/cli/confirm.js';
import { note } from '../../../src/cli/output.js';
import { safeDelete } from '../../../src/ram/attachments.js';
import { connectRam } from '../../../src/ram/connect.js';
import { ROLE_NAME, checkRamName } from '../../../src/ram/names.js';
import { deleteRole, roleDependents } from '../../../src/ram/roles.js';

interface DeleteArgs {
  name: string;
  force?: boolean;
  yes?: boolean;
}

export const deleteCommand: Command<DeleteArgs> = {
  command: 'delete <name>',
  describe: 'Delete a RAM role; --force first detaches its policies, listing each',
  builder: (yargs) =>
    yargs
      .positional('name', { type: 'string', describe: 'Role name' })
      .option('force', { type: 'boolean', describe: 'Detach its policies first, listing each step' })
      .option('yes', { alias: 'y', type: 'boolean', describe: 'Do not ask for confirmation' }) as any,
  handler: async (argv) => {
    const { ctx } = argv;
    const name = checkRamName(argv.name, 'role name', ROLE_NAME);
    const ram = await connectRam(argv);
    await safeDelete({
      entity: `role ${name}`,
      dependents: await roleDependents(ram, name),
      force: Boolean(argv.force),
      byHand: `aliaudit ram detach --role ${name} --policy <name>`,
      confirm: (action) => confirm(ctx, action, { yes: argv.yes }),
      onStep: (done) => note(ctx, `  ${done}`),
      remove: () => deleteRole(ram, name),
    });
    note(ctx, `Deleted role ${name}.`);
  },
};
