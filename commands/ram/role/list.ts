import type { Command } from '../../../src/cli/parser.js';
import { type OutputFormat, outputFormat, outputOption, printRecords, shortDate } from '../../../src/cli/records.js';
import { connectRam } from '../../../src/ram/connect.js';
import { listRoles } from '../../../src/ram/roles.js';

export const listCommand: Command<{ output?: OutputFormat }> = {
  command: 'list',
  describe: 'List every RAM role of the account (all pages)',
  builder: (yargs) => outputOption(yargs) as any,
  handler: async (argv) => {
    const roles = await listRoles(await connectRam(argv));
    printRecords(argv.ctx, outputFormat(argv.ctx, argv.output), {
      rows: roles,
      columns: [
        { header: 'name', value: (r) => r.RoleName },
        { header: 'max session', value: (r) => String(r.MaxSessionDuration ?? '') },
        { header: 'created', value: (r) => shortDate(r.CreateDate) },
        { header: 'arn', value: (r) => r.Arn ?? '' },
        { header: 'description', value: (r) => r.Description ?? '' },
      ],
      json: roles,
    });
  },
};
