import type { Context } from '../../../src/cli/context.js';
import type { Command } from '../../../src/cli/parser.js';
import { type OutputFormat, outputFormat, outputOption, printRecords, shortDate } from '../../../src/cli/records.js';
import { type PolicyType, checkPolicyName } from '../../../src/ram/attachments.js';
import { connectRam } from '../../../src/ram/connect.js';
import { type PolicyVersion, listPolicyVersions } from '../../../src/ram/policies.js';
import { policyTypeOption } from './list.js';

/** Versions as a table (documents left out: `policy get --version` shows one), or the API's objects. */
export function printVersions(ctx: Context, format: OutputFormat, versions: PolicyVersion[], json: unknown = versions): void {
  printRecords(ctx, format, {
    rows: versions,
    columns: [
      { header: 'version', value: (v) => v.VersionId },
      { header: 'default', value: (v) => (v.IsDefaultVersion ? 'yes' : '') },
      { header: 'created', value: (v) => shortDate(v.CreateDate) },
    ],
    json,
  });
}

interface VersionsArgs {
  name: string;
  type?: PolicyType;
  output?: OutputFormat;
}

export const versionsCommand: Command<VersionsArgs> = {
  command: 'versions <name>',
  describe: 'List the versions of a RAM policy and which is the default',
  builder: (yargs) => outputOption(policyTypeOption(yargs.positional('name', { type: 'string', describe: 'Policy name' }))) as any,
  handler: async (argv) => {
    const name = checkPolicyName(argv.name, 'policy name');
    const versions = await listPolicyVersions(await connectRam(argv), name, argv.type);
    printVersions(argv.ctx, outputFormat(argv.ctx, argv.output), versions);
  },
};
