import type { Command } from '../../../src/cli/parser.js';
import { type OutputFormat, outputFormat, outputOption, printRecords, shortDate } from '../../../src/cli/records.js';
import { connectRam } from '../../../src/ram/connect.js';
import { listGroups } from '../../../src/ram/groups.js';

export const listCommand: Command<{ output?: OutputFormat }> = {
  command: 'list',
  describe: 'List every RAM user group of the account (all pages)',
  builder: (yargs) => outputOption(yargs) as any,
  handler: async (argv) => {
    const groups = await listGroups(await connectRam(argv));
    printRecords(argv.ctx, outputFormat(argv.ctx, argv.output), {
      rows: groups,
      columns: [
        { header: 'name', value: (g) => g.GroupName },
        { header: 'created', value: (g) => shortDate(g.CreateDate) },
        { header: 'comments', value: (g) => g.Comments ?? '' },
      ],
      json: groups,
    });
  },
};
