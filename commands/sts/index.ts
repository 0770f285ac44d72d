import type { CommandModule } from 'yargs';
import type { Command, GlobalArgs } from '../../src/cli/parser.js';
import { getCallerIdentityCommand } from './get-caller-identity.js';
import { assumeRoleCommand } from './assume-role.js';
import { assumeRoleWithOidcCommand } from './assume-role-with-oidc.js';

export const stsCommand: Command = {
  command: 'sts <command>',
  describe: 'STS one-liners: get-caller-identity, assume-role, assume-role-with-oidc',
  builder: (yargs) =>
    yargs
      .command(getCallerIdentityCommand as CommandModule<GlobalArgs, any>)
      .command(assumeRoleCommand as CommandModule<GlobalArgs, any>)
      .command(assumeRoleWithOidcCommand as CommandModule<GlobalArgs, any>)
      .demandCommand(1, 'Name an sts command: get-caller-identity, assume-role or assume-role-with-oidc.'),
  handler: () => {},
};
