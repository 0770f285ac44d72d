import { checkPolicyName } from '../../../src/ram/attachments.js';
import { deletePolicy, policyDependents } from '../../../src/ram/policies.js';
import { deleteCommandFor } from '../delete-command.js';

export const deleteCommand = deleteCommandFor({
  noun: 'policy',
  describe: 'Delete a custom RAM policy and all its versions; --force first detaches it from everyone, listing each',
  nameHelp: 'Custom policy name',
  forceHelp: 'Detach it from every user, group and role first, listing each step',
  checkName: (value) => checkPolicyName(value, 'policy name'),
  blockers: async (ram, name) => ({ dependents: await policyDependents(ram, name) }),
  byHand: (name) => `aliaudit ram entities --policy ${name} lists them; aliaudit ram detach --policy ${name} --user|--group|--role <name>`,
  remove: deletePolicy,
});
