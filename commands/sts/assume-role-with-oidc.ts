import type { Argv } from 'yargs';
import { defineCommand, type GlobalArgs } from '../../src/cli/command.js';
import { readArgumentFile, unsignedCallTarget } from '../../src/cli/args.js';
import { endpointOverride } from '../../src/cloud/endpoint.js';
import { assumeRoleWithOIDC, checkOidcToken, credentialsOf } from '../../src/sts/calls.js';
import { checkOidcProviderArn } from '../../profiles/fields.js';
import { type IssuedCredentials, presentCredentials, roleSessionInput, roleSessionOptions, type RoleSessionArgs } from './assume-role.js';

interface AssumeRoleWithOidcArgs extends RoleSessionArgs {
  'oidc-provider-arn': string;
  'oidc-token-file': string;
}

export const assumeRoleWithOidcCommand = defineCommand<AssumeRoleWithOidcArgs, IssuedCredentials>({
  command: 'assume-role-with-oidc',
  describe: 'Exchange an OIDC token (e.g. ACK RRSA) for a RAM role\'s temporary credentials; needs no profile',
  builder: (yargs: Argv<GlobalArgs>) =>
    roleSessionOptions(yargs)
      .option('oidc-provider-arn', {
        type: 'string',
        demandOption: true,
        describe: 'acs:ram::<account id>:oidc-provider/<provider name>',
      })
      .option('oidc-token-file', { type: 'string', demandOption: true, describe: 'File holding the OIDC token (JWT)' }),
  run: async (argv, ctx) => {
    const input = roleSessionInput(argv, ctx);
    checkOidcProviderArn(argv['oidc-provider-arn'], '--oidc-provider-arn');
    const oidcToken = readArgumentFile(ctx, argv['oidc-token-file'], '--oidc-token-file').trim();
    checkOidcToken(oidcToken, '--oidc-token-file');
    const { region, stsEndpoint } = await unsignedCallTarget(ctx);
    const response = await assumeRoleWithOIDC({
      region,
      endpoint: endpointOverride(ctx.env, ctx.selection.endpoint),
      stsEndpoint,
      roleArn: input.roleArn,
      oidcProviderArn: argv['oidc-provider-arn'],
      oidcToken,
      roleSessionName: input.roleSessionName,
      durationSeconds: input.durationSeconds,
      policy: input.policy,
      cloud: ctx.cloud,
    });
    return { response, credentials: credentialsOf(response), region, format: argv.format, command: 'aliaudit sts assume-role-with-oidc' };
  },
  present: presentCredentials,
});
