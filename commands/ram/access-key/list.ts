import type { Command } from '../../../src/cli/parser.js';
import { type OutputFormat, outputFormat, outputOption, printRecords, shortDate } from '../../../src/cli/records.js';
import { listAccessKeysWithLastUse } from '../../../src/ram/access-keys.js';
import { connectRam } from '../../../src/ram/connect.js';
import { checkRamName } from '../../../src/ram/names.js';

interface ListArgs {
  user: string;
  output?: OutputFormat;
}

export const listCommand: Command<ListArgs> = {
  command: 'list',
  describe: "List a user's access keys: status, created and last used",
  builder: (yargs) => outputOption(yargs.option('user', { type: 'string', demandOption: true, describe: 'RAM user name' })) as any,
  handler: async (argv) => {
    const user = checkRamName(argv.user, '--user');
    const keys = await listAccessKeysWithLastUse(await connectRam(argv), user);
    printRecords(argv.ctx, outputFormat(argv.ctx, argv.output), {
      rows: keys,
      columns: [
        { header: 'id', value: (k) => k.AccessKeyId },
        { header: 'status', value: (k) => k.Status },
        { header: 'created', value: (k) => shortDate(k.CreateDate) },
        { header: 'last used', value: (k) => shortDate(k.LastUsedDate) || 'never' },
      ],
      json: keys,
    });
  },
};
