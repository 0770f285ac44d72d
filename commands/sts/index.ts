import { commandGroup } from '../../src/cli/command.js';
import { getCallerIdentityCommand } from './get-caller-identity.js';
import { assumeRoleCommand } from './assume-role.js';
import { assumeRoleWithOidcCommand } from './assume-role-with-oidc.js';

export const stsCommand = commandGroup({
  command: 'sts',
  describe: 'STS one-liners: get-caller-identity, assume-role, assume-role-with-oidc',
  subcommands: [getCallerIdentityCommand, assumeRoleCommand, assumeRoleWithOidcCommand],
});
