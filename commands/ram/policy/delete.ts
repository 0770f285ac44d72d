import type { Command } from '../../../src/cli/parser.js';
import { confirm } from '../../../src/cli/confirm.js';
import { note } from '../../../src/cli/output.js';
import { checkPolicyName, safeDelete } from '../../../src/ram/attachments.js';
import { connectRam } from '../../../src/ram/connect.js';
import { deletePolicy, policyDependents } from '../../../src/ram/policies.js';

interface DeleteArgs {
  name: string;
  force?: boolean;
  yes?: boolean;
}

export const deleteCommand: Command<DeleteArgs> = {
  command: 'delete <name>',
  describe: 'Delete a custom RAM policy and all its versions; --force first detaches it from everyone, listing each',
  builder: (yargs) =>
    yargs
      .positional('name', { type: 'string', describe: 'Custom policy name' })
      .option('force', { type: 'boolean', describe: 'Detach it from every user, group and role first, listing each step' })
      .option('yes', { alias: 'y', type: 'boolean', describe: 'Do not ask for confirmation' }) as any,
  handler: async (argv) => {
    const { ctx } = argv;
    const name = checkPolicyName(argv.name, 'policy name');
    const ram = await connectRam(argv);
    await safeDelete({
      entity: `policy ${name}`,
      dependents: await policyDependents(ram, name),
      force: Boolean(argv.force),
      byHand: `aliaudit ram entities --policy ${name} lists them; aliaudit ram detach --policy ${name} --user|--group|--role <name>`,
      confirm: (action) => confirm(ctx, action, { yes: argv.yes }),
      onStep: (done) => note(ctx, `  ${done}`),
      remove: () => deletePolicy(ram, name),
    });
    note(ctx, `Deleted policy ${name}.`);
  },
};
