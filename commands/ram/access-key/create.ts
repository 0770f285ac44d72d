import type { Command } from '../../../src/cli/parser.js';
import { note, warn } from '../../../src/cli/output.js';
import { type OutputFormat, outputFormat, outputOption, printRecords } from '../../../src/cli/records.js';
import { createAccessKey } from '../../../src/ram/access-keys.js';
import { connectRam } from '../../../src/ram/connect.js';
import { checkRamName } from '../../../src/ram/names.js';

interface CreateArgs {
  user: string;
  output?: OutputFormat;
}

export const createCommand: Command<CreateArgs> = {
  command: 'create',
  describe: 'Create an access key for a user and print its secret, once (RAM allows 2 keys a user)',
  builder: (yargs) => outputOption(yargs.option('user', { type: 'string', demandOption: true, describe: 'RAM user name' })) as any,
  handler: async (argv) => {
    const { ctx } = argv;
    const user = checkRamName(argv.user, '--user');
    const key = await createAccessKey(await connectRam(argv), user);
    // The secret goes to stdout only, because the user asked for it; nothing else ever holds it.
    printRecords(ctx, outputFormat(ctx, argv.output), {
      rows: [key],
      columns: [
        { header: 'id', value: (k) => k.AccessKeyId },
        { header: 'secret', value: (k) => k.AccessKeySecret },
      ],
      json: key,
    });
    note(ctx, `Created access key ${key.AccessKeyId} for user ${user}.`);
    warn(ctx, 'this is the only time the secret is shown: store it now, it cannot be shown again.');
  },
};
