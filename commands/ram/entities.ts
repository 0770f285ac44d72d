import { defineCommand } from '../../src/cli/command.js';
import { outputOption, printRecords, shortDate } from '../../src/cli/records.js';
import { type HolderKind, type PolicyEntities, type PolicyType, checkPolicyName, entitiesFor } from '../../src/ram/attachments.js';
import { ramOf } from './connect.js';
import { policyTypeOption } from './policy/list.js';

interface EntitiesArgs {
  policy: string;
  'policy-type'?: PolicyType;
}

export const entitiesCommand = defineCommand<EntitiesArgs, PolicyEntities>({
  command: 'entities',
  describe: 'List the users, groups and roles a policy is attached to',
  builder: (yargs) =>
    outputOption(
      policyTypeOption(
        yargs.option('policy', { type: 'string', demandOption: true, describe: 'Policy name' }),
        'policy-type',
        'System or Custom (default: Custom if a custom policy has that name, else System)',
      ),
    ),
  run: async (argv, ctx) => {
    const name = checkPolicyName(argv.policy, '--policy');
    return (await entitiesFor(await ramOf(ctx), name, argv['policy-type'])).entities;
  },
  present: (entities, io, format) => {
    const rows: { kind: HolderKind; name: string; AttachDate?: string }[] = [
      ...entities.Users.map((u) => ({ kind: 'user' as const, name: u.UserName, AttachDate: u.AttachDate })),
      ...entities.Groups.map((g) => ({ kind: 'group' as const, name: g.GroupName, AttachDate: g.AttachDate })),
      ...entities.Roles.map((r) => ({ kind: 'role' as const, name: r.RoleName, AttachDate: r.AttachDate })),
    ];
    printRecords(io, format, {
      rows,
      columns: [
        { header: 'kind', value: (e) => e.kind },
        { header: 'name', value: (e) => e.name },
        { header: 'attached', value: (e) => shortDate(e.AttachDate) },
      ],
      json: entities,
    });
  },
});
