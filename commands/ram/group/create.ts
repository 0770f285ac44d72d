import { defineCommand } from '../../../src/cli/command.js';
import { InputError } from '../../../src/core/errors.js';
import { note } from '../../../src/cli/output.js';
import { outputOption, printRecords, shortDate } from '../../../src/cli/records.js';
import { createGroup, type Group } from '../../../src/ram/groups.js';
import { GROUP_NAME, checkRamName } from '../../../src/ram/names.js';
import { ramOf } from '../connect.js';

const MAX_COMMENTS = 128;

export const createCommand = defineCommand<{ name: string; comments?: string }, Group>({
  command: 'create <name>',
  describe: 'Create a RAM user group',
  builder: (yargs) =>
    outputOption(
      yargs
        .positional('name', { type: 'string', describe: 'Group name: 1-64 letters, digits and . _ -' })
        .option('comments', { type: 'string', describe: `Comments (up to ${MAX_COMMENTS} characters)` }),
    ),
  run: async (argv, ctx) => {
    const name = checkRamName(argv.name, 'group name', GROUP_NAME);
    if (argv.comments !== undefined && argv.comments.length > MAX_COMMENTS) {
      throw new InputError(`--comments is longer than ${MAX_COMMENTS} characters`, 'shorten it');
    }
    return createGroup(await ramOf(ctx), { GroupName: name, Comments: argv.comments });
  },
  present: (group, io, format) => {
    printRecords(io, format, {
      rows: [group],
      columns: [
        { header: 'name', value: (g) => g.GroupName },
        { header: 'id', value: (g) => g.GroupId ?? '' },
        { header: 'created', value: (g) => shortDate(g.CreateDate) },
        { header: 'comments', value: (g) => g.Comments ?? '', kind: 'text' },
      ],
      json: group,
    });
    note(io, `Created group ${group.GroupName}.`);
  },
});
