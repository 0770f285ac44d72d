import { InputError } from '../../../src/cli/errors.js';
import type { Command } from '../../../src/cli/parser.js';
import { note } from '../../../src/cli/output.js';
import { type OutputFormat, outputFormat, outputOption, printRecords, shortDate } from '../../../src/cli/records.js';
import { connectRam } from '../../../src/ram/connect.js';
import { createGroup } from '../../../src/ram/groups.js';
import { GROUP_NAME, checkRamName } from '../../../src/ram/names.js';

const MAX_COMMENTS = 128;

interface CreateArgs {
  name: string;
  comments?: string;
  output?: OutputFormat;
}

export const createCommand: Command<CreateArgs> = {
  command: 'create <name>',
  describe: 'Create a RAM user group',
  builder: (yargs) =>
    outputOption(
      yargs
        .positional('name', { type: 'string', describe: 'Group name: 1-64 letters, digits and . _ -' })
        .option('comments', { type: 'string', describe: `Comments (up to ${MAX_COMMENTS} characters)` }),
    ) as any,
  handler: async (argv) => {
    const { ctx } = argv;
    const name = checkRamName(argv.name, 'group name', GROUP_NAME);
    if (argv.comments !== undefined && argv.comments.length > MAX_COMMENTS) {
      throw new InputError(`--comments is longer than ${MAX_COMMENTS} characters`, 'shorten it');
    }
    const group = await createGroup(await connectRam(argv), { GroupName: name, Comments: argv.comments });
    printRecords(ctx, outputFormat(ctx, argv.output), {
      rows: [group],
      columns: [
        { header: 'name', value: (g) => g.GroupName },
        { header: 'id', value: (g) => g.GroupId ?? '' },
        { header: 'created', value: (g) => shortDate(g.CreateDate) },
        { header: 'comments', value: (g) => g.Comments ?? '' },
      ],
      json: group,
    });
    note(ctx, `Created group ${group.GroupName}.`);
  },
};
