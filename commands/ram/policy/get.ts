import { shortDate } from '../../../src/cli/records.js';
import { type PolicyType, checkPolicyName, checkVersionId } from '../../../src/ram/attachments.js';
import { prettyDocument } from '../../../src/ram/documents.js';
import { getPolicy, type PolicyDetails } from '../../../src/ram/policies.js';
import { getCommandFor } from '../get-command.js';
import { policyTypeOption } from './list.js';

export const getCommand = getCommandFor<{ type?: PolicyType; version?: string }, PolicyDetails>({
  noun: 'policy',
  describe: 'Show a RAM policy and its document (the default version unless --version names another)',
  options: (yargs) =>
    policyTypeOption(yargs)
      // --version names a policy version here, not aliaudit's own.
      .version(false)
      .option('version', { type: 'string', describe: 'Version to show, e.g. v2' }),
  checkName: (value) => checkPolicyName(value, 'policy name'),
  fetch: (ram, name, argv) => {
    const version = argv.version === undefined ? undefined : checkVersionId(argv.version);
    return getPolicy(ram, name, { type: argv.type, version });
  },
  details: ({ Policy: policy, PolicyVersion: shown }) => ({
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
    appendix: { title: `document (${shown.VersionId})`, text: prettyDocument(shown.PolicyDocument) },
  }),
});
