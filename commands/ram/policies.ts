import type { Command } from '../../src/cli/parser.js';
import { type OutputFormat, outputFormat, outputOption, printRecords, shortDate } from '../../src/cli/records.js';
import { holderOf, policiesFor } from '../../src/ram/attachments.js';
import { connectRam } from '../../src/ram/connect.js';
import { holderOptions } from './attach.js';

interface PoliciesArgs {
  user?: string;
  group?: string;
  role?: string;
  output?: OutputFormat;
}

export const policiesCommand: Command<PoliciesArgs> = {
  command: 'policies',
  describe: 'List the policies attached directly to a user, group or role',
  builder: (yargs) => outputOption(holderOptions(yargs)).example('$0 ram policies --role AuditRole', '') as any,
  handler: async (argv) => {
    const holder = holderOf({ user: argv.user, group: argv.group, role: argv.role }, 'aliaudit ram policies');
    const policies = await policiesFor(await connectRam(argv), holder);
    printRecords(argv.ctx, outputFormat(argv.ctx, argv.output), {
      rows: policies,
      columns: [
        { header: 'policy', value: (p) => p.PolicyName },
        { header: 'type', value: (p) => p.PolicyType },
        { header: 'version', value: (p) => p.DefaultVersion ?? '' },
        { header: 'attached', value: (p) => shortDate(p.AttachDate) },
        { header: 'description', value: (p) => p.Description ?? '' },
      ],
      json: policies,
    });
  },
};
