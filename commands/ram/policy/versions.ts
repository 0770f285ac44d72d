import { defineCommand } from '../../../src/cli/command.js';
import type { IO } from '../../../src/cli/context.js';
import { type OutputFormat, outputOption, printRecords, shortDate } from '../../../src/cli/records.js';
import { type PolicyType, checkPolicyName } from '../../../src/ram/attachments.js';
import { type PolicyVersion, listPolicyVersions } from '../../../src/ram/policies.js';
import { ramOf } from '../connect.js';
import { policyTypeOption } from './list.js';

/** Versions as a table (documents left out: `policy get --version` shows one), or the API's objects. */
export function printVersions(io: IO, format: OutputFormat, versions: PolicyVersion[], json: unknown = versions): void {
  printRecords(io, format, {
    rows: versions,
    columns: [
      { header: 'version', value: (v) => v.VersionId },
      { header: 'default', value: (v) => (v.IsDefaultVersion ? 'yes' : '') },
      { header: 'created', value: (v) => shortDate(v.CreateDate) },
    ],
    json,
  });
}

export const versionsCommand = defineCommand<{ name: string; type?: PolicyType }, PolicyVersion[]>({
  command: 'versions <name>',
  describe: 'List the versions of a RAM policy and which is the default',
  builder: (yargs) => outputOption(policyTypeOption(yargs.positional('name', { type: 'string', describe: 'Policy name' }))),
  run: async (argv, ctx) => {
    const name = checkPolicyName(argv.name, 'policy name');
    return listPolicyVersions(await ramOf(ctx), name, argv.type);
  },
  present: (versions, io, format) => printVersions(io, format, versions),
});
