import type { Command } from '../../../src/cli/parser.js';
import { type OutputFormat, outputFormat, outputOption, printRecords, shortDate } from '../../../src/cli/records.js';
import { connectRam } from '../../../src/ram/connect.js';
import { listUsers } from '../../../src/ram/users.js';

export const listCommand: Command<{ output?: OutputFormat }> = {
  command: 'list',
  describe: 'List every RAM user of the account (all pages)',
  builder: (yargs) => outputOption(yargs) as any,
  handler: async (argv) => {
    const users = await listUsers(await connectRam(argv));
    printRecords(argv.ctx, outputFormat(argv.ctx, argv.output), {
      rows: users,
      // ListUsers carries no LastLoginDate: `ram user get <name>` shows it.
      columns: [
        { header: 'name', value: (u) => u.UserName },
        { header: 'display name', value: (u) => u.DisplayName ?? '' },
        { header: 'created', value: (u) => shortDate(u.CreateDate) },
        { header: 'updated', value: (u) => shortDate(u.UpdateDate) },
      ],
      json: users,
    });
  },
};
