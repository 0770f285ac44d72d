import type { Argv } from 'yargs';
import { defineCommand } from '../../../src/cli/command.js';
import { outputOption, printRecords, shortDate } from '../../../src/cli/records.js';
import { POLICY_TYPES, type PolicyType } from '../../../src/ram/attachments.js';
import { listPolicies, type Policy } from '../../../src/ram/policies.js';
import { ramOf } from '../connect.js';

/** `--type System|Custom`: which kind of policy a name means (default: a custom one if it exists, else a system one). */
export function policyTypeOption<T>(yargs: Argv<T>, name = 'type', describe = 'System or Custom (default: Custom if such a policy exists, else System)') {
  return yargs.option(name, { choices: POLICY_TYPES, describe });
}

export const listCommand = defineCommand<{ type?: PolicyType }, Policy[]>({
  command: 'list',
  describe: 'List RAM policies, system and custom (all pages)',
  builder: (yargs) => outputOption(policyTypeOption(yargs, 'type', 'Only System or only Custom policies')),
  run: async (argv, ctx) => listPolicies(await ramOf(ctx), argv.type),
  present: (policies, io, format) =>
    printRecords(io, format, {
      rows: policies,
      columns: [
        { header: 'name', value: (p) => p.PolicyName },
        { header: 'type', value: (p) => p.PolicyType },
        { header: 'version', value: (p) => p.DefaultVersion ?? '' },
        { header: 'attached', value: (p) => String(p.AttachmentCount ?? '') },
        // When the names leave no room, the day updated goes first (policy get has it), then the description moves under its policy.
        { header: 'updated', value: (p) => shortDate(p.UpdateDate), squeeze: 'drop' },
        { header: 'description', value: (p) => p.Description ?? '', kind: 'text', squeeze: 'line', priority: 1 },
      ],
      json: policies,
    }),
});
