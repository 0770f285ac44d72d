import type { Command } from '../../src/cli/parser.js';
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

export const ramCommand: Command = {
  command: 'ram <command>',
  describe: 'Manage RAM: users, access keys, MFA, groups, roles, policies and attachments',
  builder: (yargs) =>
    yargs
      .command(userCommand)
      .command(accessKeyCommand)
      .command(mfaCommand)
      .command(groupCommand)
      .command(roleCommand)
      .command(policyCommand)
      .command(attachCommand)
      .command(detachCommand)
      .command(policiesCommand)
      .command(entitiesCommand)
      .command(passwordPolicyCommand)
      .demandCommand(1, 'Name a RAM command: run aliaudit ram --help to list them.'),
  handler: () => {},
};
