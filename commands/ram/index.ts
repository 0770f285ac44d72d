import { commandGroup } from '../../src/cli/command.js';
import { userCommand } from './user/index.js';
import { accessKeyCommand } from './access-key/index.js';
import { mfaCommand } from './mfa.js';
import { groupCommand } from './group/index.js';
import { roleCommand } from './role/index.js';
import { policyCommand } from './policy/index.js';
import { attachCommand, detachCommand } from './attach.js';
import { policiesCommand } from './policies.js';
import { entitiesCommand } from './entities.js';
import { passwordPolicyCommand } from './password-policy.js';

export const ramCommand = commandGroup({
  command: 'ram',
  describe: 'Manage RAM: users, access keys, MFA, groups, roles, policies and attachments',
  subcommands: [
    userCommand,
    accessKeyCommand,
    mfaCommand,
    groupCommand,
    roleCommand,
    policyCommand,
    attachCommand,
    detachCommand,
    policiesCommand,
    entitiesCommand,
    passwordPolicyCommand,
  ],
});
