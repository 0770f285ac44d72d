import type { Command } from '../../src/cli/parser.js';
import { type OutputFormat, outputFormat, outputOption, printRecords, shortDate } from '../../src/cli/records.js';
import { type HolderKind, type PolicyType, checkPolicyName, entitiesFor } from '../../src/ram/attachments.js';
import { connectRam } from '../../src/ram/connect.js';
import { policyTypeOption } from './policy/list.js';

interface EntitiesArgs {
  policy: string;
  'policy-type'?: PolicyType;
  output?: OutputFormat;
}

export const entitiesCommand: Command<EntitiesArgs> = {
  command: 'entities',
  describe: 'List the users, groups and roles a policy is attached to',
  builder: (yargs) =>
    outputOption(
      policyTypeOption(
        yargs.option('policy', { type: 'string', demandOption: true, describe: 'Policy name' }),
        'policy-type',
        'System or Custom (default: Custom if a custom policy has that name, else System)',
      ),
    ) as any,
  handler: async (argv) => {
    const name = checkPolicyName(argv.policy, '--policy');
    const { entities } = await entitiesFor(await connectRam(argv), name, argv['policy-type']);
    const rows: { kind: HolderKind; name: string; AttachDate?: string }[] = [
      ...entities.Users.map((u) => ({ kind: 'user' as const, name: u.UserName, AttachDate: u.AttachDate })),
      ...entities.Groups.map((g) => ({ kind: 'group' as const, name: g.GroupName, AttachDate: g.AttachDate })),
      ...entities.Roles.map((r) => ({ kind: 'role' as const, name: r.RoleName, AttachDate: r.AttachDate })),
    ];
    printRecords(argv.ctx, outputFormat(argv.ctx, argv.output), {
      rows,
      columns: [
        { header: 'kind', value: (e) => e.kind },
        { header: 'name', value: (e) => e.name },
        { header: 'attached', value: (e) => shortDate(e.AttachDate) },
      ],
      json: entities,
    });
  },
};
