import { defineCommand } from '../../src/cli/command.js';
import { outputOption, printRecords, shortDate } from '../../src/cli/records.js';
import { type AttachedPolicy, holderOf, policiesFor } from '../../src/ram/attachments.js';
import { holderOptions } from './attach.js';
import { ramOf } from './connect.js';

interface PoliciesArgs {
  user?: string;
  group?: string;
  role?: string;
}

export const policiesCommand = defineCommand<PoliciesArgs, AttachedPolicy[]>({
  command: 'policies',
  describe: 'List the policies attached directly to a user, group or role',
  builder: (yargs) => outputOption(holderOptions(yargs)).example('$0 ram policies --role AuditRole', ''),
  run: async (argv, ctx) => {
    const holder = holderOf({ user: argv.user, group: argv.group, role: argv.role }, 'aliaudit ram policies');
    return policiesFor(await ramOf(ctx), holder);
  },
  present: (policies, io, format) =>
    printRecords(io, format, {
      rows: policies,
      columns: [
        { header: 'policy', value: (p) => p.PolicyName },
        { header: 'type', value: (p) => p.PolicyType },
        { header: 'version', value: (p) => p.DefaultVersion ?? '' },
        { header: 'attached', value: (p) => shortDate(p.AttachDate) },
        { header: 'description', value: (p) => p.Description ?? '', kind: 'text', squeeze: 'line' },
      ],
      json: policies,
    }),
});
