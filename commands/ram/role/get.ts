import { shortDate } from '../../../src/cli/records.js';
import { prettyDocument } from '../../../src/ram/documents.js';
import { ROLE_NAME, checkRamName } from '../../../src/ram/names.js';
import { getRole, type RoleDetails } from '../../../src/ram/roles.js';
import { getCommandFor, policyList } from '../get-command.js';

export const getCommand = getCommandFor<object, RoleDetails>({
  noun: 'role',
  describe: 'Show a RAM role: ARN, session length, trust policy and attached policies',
  checkName: (value) => checkRamName(value, 'role name', ROLE_NAME),
  fetch: (ram, name) => getRole(ram, name),
  details: ({ Role: role, Policies: policies }) => ({
    facts: [
      ['name', role.RoleName],
      ['id', role.RoleId ?? ''],
      ['arn', role.Arn ?? ''],
      ['description', role.Description ?? ''],
      ['max session', `${role.MaxSessionDuration ?? ''} seconds`],
      ['created', shortDate(role.CreateDate)],
      ['updated', shortDate(role.UpdateDate)],
      ['policies', policyList(policies)],
    ],
    appendix: { title: 'trust policy', text: prettyDocument(role.AssumeRolePolicyDocument) },
  }),
});
