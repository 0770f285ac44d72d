import { defineCommand } from '../../../src/cli/command.js';
import { outputOption, printRecords, shortDate } from '../../../src/cli/records.js';
import { type AccessKeyUse, listAccessKeysWithLastUse } from '../../../src/ram/access-keys.js';
import { checkRamName } from '../../../src/ram/names.js';
import { ramOf } from '../connect.js';

export const listCommand = defineCommand<{ user: string }, AccessKeyUse[]>({
  command: 'list',
  describe: "List a user's access keys: status, created and last used",
  builder: (yargs) => outputOption(yargs.option('user', { type: 'string', demandOption: true, describe: 'RAM user name' })),
  run: async (argv, ctx) => {
    const user = checkRamName(argv.user, '--user');
    return listAccessKeysWithLastUse(await ramOf(ctx), user);
  },
  present: (keys, io, format) =>
    printRecords(io, format, {
      rows: keys,
      columns: [
        { header: 'id', value: (k) => k.AccessKeyId },
        { header: 'status', value: (k) => k.Status },
        { header: 'created', value: (k) => shortDate(k.CreateDate) },
        { header: 'last used', value: (k) => shortDate(k.LastUsedDate) || 'never' },
      ],
      json: keys,
    }),
});
