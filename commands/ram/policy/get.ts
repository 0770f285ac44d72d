import type { Command } from '../../../src/cli/parser.js';
import { type OutputFormat, outputFormat, outputOption, shortDate } from '../../../src/cli/records.js';
import { type PolicyType, checkPolicyName, checkVersionId } from '../../../src/ram/attachments.js';
import { connectRam } from '../../../src/ram/connect.js';
import { getPolicy } from '../../../src/ram/policies.js';
import { printDetails } from '../role/get.js';
import { policyTypeOption } from './list.js';

interface GetArgs {
  name: string;
  type?: PolicyType;
  version?: string;
  output?: OutputFormat;
}

export const getCommand: Command<GetArgs> = {
  command: 'get <name>',
  describe: 'Show a RAM policy and its document (the default version unless --version names another)',
  builder: (yargs) =>
    outputOption(
      policyTypeOption(yargs.positional('name', { type: 'string', describe: 'Policy name' }))
        // --version names a policy version here, not aliaudit's own.
        .version(false)
        .option('version', {
        type: 'string',
        describe: 'Version to show, e.g. v2',
      }),
    ) as any,
  handler: async (argv) => {
    const name = checkPolicyName(argv.name, 'policy name');
    const version = argv.version === undefined ? undefined : checkVersionId(argv.version);
    const details = await getPolicy(await connectRam(argv), name, { type: argv.type, version });
    const { Policy: policy, PolicyVersion: shown } = details;
    printDetails(argv.ctx, outputFormat(argv.ctx, argv.output), {
      title: 'policy',
      facts: [
        ['name', policy.PolicyName],
        ['type', policy.PolicyType],
        ['description', policy.Description ?? ''],
        ['default version', policy.DefaultVersion ?? ''],
        ['attachments', String(policy.AttachmentCount ?? '')],
        ['created', shortDate(policy.CreateDate)],
        ['updated', shortDate(policy.UpdateDate)],
        ['version shown', `${shown.VersionId}${shown.IsDefaultVersion ? ' (default)' : ''}, created ${shortDate(shown.CreateDate)}`],
      ],
      document: { title: `document (${shown.VersionId})`, text: shown.PolicyDocument },
      json: details,
    });
  },
};
