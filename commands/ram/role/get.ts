import type { Context } from '../../../src/cli/context.js';
import type { Command } from '../../../src/cli/parser.js';
import { type OutputFormat, outputFormat, outputOption, printRecords, shortDate } from '../../../src/cli/records.js';
import type { AttachedPolicy } from '../../../src/ram/attachments.js';
import { connectRam } from '../../../src/ram/connect.js';
import { prettyDocument } from '../../../src/ram/documents.js';
import { ROLE_NAME, checkRamName } from '../../../src/ram/names.js';
import { getRole } from '../../../src/ram/roles.js';

/**
 * One entity as `get` shows it: facts as a two-column table (or CSV), and for a table a document after them;
 * JSON is the API's objects.
 */
export function printDetails(
  ctx: Context,
  format: OutputFormat,
  details: { title: string; facts: [string, string][]; document?: { title: string; text?: string }; json: unknown },
): void {
  printRecords(ctx, format, {
    rows: details.facts,
    columns: [
      { header: details.title, value: ([key]) => key },
      { header: '', value: ([, value]) => value },
    ],
    json: details.json,
  });
  if (format === 'table' && details.document) {
    ctx.io.stdout.write(`\n${details.document.title}:\n${prettyDocument(details.document.text)}\n`);
  }
}

/** "AliyunRAMReadOnlyAccess (System), ops-admin (Custom)", or "none". */
export function policyList(policies: AttachedPolicy[]): string {
  return policies.map((p) => `${p.PolicyName} (${p.PolicyType})`).join(', ') || 'none';
}

interface GetArgs {
  name: string;
  output?: OutputFormat;
}

export const getCommand: Command<GetArgs> = {
  command: 'get <name>',
  describe: 'Show a RAM role: ARN, session length, trust policy and attached policies',
  builder: (yargs) => outputOption(yargs.positional('name', { type: 'string', describe: 'Role name' })) as any,
  handler: async (argv) => {
    const name = checkRamName(argv.name, 'role name', ROLE_NAME);
    const details = await getRole(await connectRam(argv), name);
    const role = details.Role;
    printDetails(argv.ctx, outputFormat(argv.ctx, argv.output), {
      title: 'role',
      facts: [
        ['name', role.RoleName],
        ['id', role.RoleId ?? ''],
        ['arn', role.Arn ?? ''],
        ['description', role.Description ?? ''],
        ['max session', `${role.MaxSessionDuration ?? ''} seconds`],
        ['created', shortDate(role.CreateDate)],
        ['updated', shortDate(role.UpdateDate)],
        ['policies', policyList(details.Policies)],
      ],
      document: { title: 'trust policy', text: role.AssumeRolePolicyDocument },
      json: details,
    });
  },
};
