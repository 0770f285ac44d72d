import type { Command } from '../../../src/cli/parser.js';
import { type OutputFormat, outputFormat, outputOption, shortDate } from '../../../src/cli/records.js';
import { connectRam } from '../../../src/ram/connect.js';
import { getGroup } from '../../../src/ram/groups.js';
import { GROUP_NAME, checkRamName } from '../../../src/ram/names.js';
import { policyList, printDetails } from '../role/get.js';

interface GetArgs {
  name: string;
  output?: OutputFormat;
}

export const getCommand: Command<GetArgs> = {
  command: 'get <name>',
  describe: 'Show a RAM user group: its members and attached policies',
  builder: (yargs) => outputOption(yargs.positional('name', { type: 'string', describe: 'Group name' })) as any,
  handler: async (argv) => {
    const name = checkRamName(argv.name, 'group name', GROUP_NAME);
    const details = await getGroup(await connectRam(argv), name);
    const group = details.Group;
    printDetails(argv.ctx, outputFormat(argv.ctx, argv.output), {
      title: 'group',
      facts: [
        ['name', group.GroupName],
        ['id', group.GroupId ?? ''],
        ['comments', group.Comments ?? ''],
        ['created', shortDate(group.CreateDate)],
        ['updated', shortDate(group.UpdateDate)],
        ['members', details.Users.map((u) => u.UserName).join(', ') || 'none'],
        ['policies', policyList(details.Policies)],
      ],
      json: details,
    });
  },
};
