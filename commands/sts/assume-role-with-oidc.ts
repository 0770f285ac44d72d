import type { Command } from '../../src/cli/parser.js';
import { readArgumentFile, unsignedCallTarget } from '../../src/cli/args.js';
import { endpointOverride } from '../../src/cloud/endpoint.js';
import { printCredentials } from '../../src/credentials/export.js';
import { assumeRoleWithOIDC, checkOidcToken, credentialsOf } from '../../src/sts/calls.js';
import { checkOidcProviderArn } from '../../profiles/fields.js';
import { roleSessionInput, roleSessionOptions, type RoleSessionArgs } from './assume-role.js';

interface AssumeRoleWithOidcArgs extends RoleSessionArgs {
  'oidc-provider-arn': string;
  'oidc-token-file': string;
}

export const assumeRoleWithOidcCommand: Command<AssumeRoleWithOidcArgs> = {
  command: 'assume-role-with-oidc',
  describe: 'Exchange an OIDC token (e.g. ACK RRSA) for a RAM role\'s temporary credentials; needs no profile',
  builder: (yargs) =>
    roleSessionOptions(yargs)
      .option('oidc-provider-arn', {
        type: 'string',
        demandOption: true,
        describe: 'acs:ram::<account id>:oidc-provider/<provider name>',
      })
      .option('oidc-token-file', { type: 'string', demandOption: true, describe: 'File holding the OIDC token (JWT)' }),
  handler: async (argv) => {
    const input = roleSessionInput(argv);
    checkOidcProviderArn(argv['oidc-provider-arn'], '--oidc-provider-arn');
    const oidcToken = readArgumentFile(argv.ctx, argv['oidc-token-file'], '--oidc-token-file').trim();
    checkOidcToken(oidcToken, '--oidc-token-file');
    const { region, stsEndpoint } = await unsignedCallTarget(argv);
    const response = await assumeRoleWithOIDC({
      ctx: argv.ctx,
      region,
      endpoint: endpointOverride(argv.ctx, argv.endpoint),
      stsEndpoint,
      roleArn: input.roleArn,
      oidcProviderArn: argv['oidc-provider-arn'],
      oidcToken,
      roleSessionName: input.roleSessionName,
      durationSeconds: input.durationSeconds,
      policy: input.policy,
    });
    printCredentials(
      argv.ctx,
      argv.format,
      { response, credentials: credentialsOf(response), region },
      'aliaudit sts assume-role-with-oidc',
    );
  },
};
