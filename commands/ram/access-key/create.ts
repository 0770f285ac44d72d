import { defineCommand } from '../../../src/cli/command.js';
import { note, warn } from '../../../src/cli/output.js';
import { outputOption, printRecords } from '../../../src/cli/records.js';
import { createAccessKey, type NewAccessKey } from '../../../src/ram/access-keys.js';
import { checkRamName } from '../../../src/ram/names.js';
import { ramOf } from '../connect.js';

export const createCommand = defineCommand<{ user: string }, { user: string; key: NewAccessKey }>({
  command: 'create',
  describe: 'Create an access key for a user and print its secret, once (RAM allows 2 keys a user)',
  builder: (yargs) => outputOption(yargs.option('user', { type: 'string', demandOption: true, describe: 'RAM user name' })),
  run: async (argv, ctx) => {
    const user = checkRamName(argv.user, '--user');
    return { user, key: await createAccessKey(await ramOf(ctx), user) };
  },
  present: ({ user, key }, io, format) => {
    // The secret goes to stdout only, because the user asked for it; nothing else ever holds it.
    printRecords(io, format, {
      rows: [key],
      columns: [
        { header: 'id', value: (k) => k.AccessKeyId },
        { header: 'secret', value: (k) => k.AccessKeySecret },
      ],
      json: key,
    });
    note(io, `Created access key ${key.AccessKeyId} for user ${user}.`);
    warn(io, 'this is the only time the secret is shown: store it now, it cannot be shown again.');
  },
});
