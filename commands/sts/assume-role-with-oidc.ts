import type { Argv } from 'yargs';
import { defineCommand, type GlobalArgs } from '../../src/cli/command.js';
import { readArgumentFile, unsignedCallTarget } from '../../src/cli/args.js';
import type { Context } from '../../src/cli/context.js';
import { secretValue } from '../../src/cli/secrets.js';
import { UsageError } from '../../src/core/errors.js';
import { endpointOverride } from '../../src/cloud/endpoint.js';
import { assumeRoleWithOIDC, checkOidcToken, credentialsOf } from '../../src/sts/calls.js';
import { checkOidcProviderArn } from '../../profiles/fields.js';
import { type IssuedCredentials, presentCredentials, roleSessionInput, roleSessionOptions, type RoleSessionArgs } from './assume-role.js';

interface AssumeRoleWithOidcArgs extends RoleSessionArgs {
  'oidc-provider-arn': string;
  'oidc-token-file'?: string;
  'oidc-token'?: string;
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
      .option('oidc-token-file', { type: 'string', describe: 'File holding the OIDC token (JWT), read as it is now' })
      .option('oidc-token', { type: 'string', describe: 'The OIDC token itself: @file, - (stdin), or nothing to be asked for it hidden' }),
  run: async (argv, ctx) => {
    const input = roleSessionInput(argv, ctx);
    checkOidcProviderArn(argv['oidc-provider-arn'], '--oidc-provider-arn');
    const { token: oidcToken, field } = await tokenOf(argv, ctx);
    checkOidcToken(oidcToken, field);
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

/** The token from --oidc-token-file or --oidc-token: exactly one of them. */
async function tokenOf(argv: AssumeRoleWithOidcArgs, ctx: Context): Promise<{ token: string; field: string }> {
  const file = argv['oidc-token-file'];
  const given = argv['oidc-token'];
  if ((file === undefined) === (given === undefined)) {
    throw new UsageError('give the OIDC token with --oidc-token-file or --oidc-token, one of them', 'e.g. --oidc-token-file /var/run/secrets/tokens/oidc-token');
  }
  if (file !== undefined) return { token: readArgumentFile(ctx, file, '--oidc-token-file').trim(), field: '--oidc-token-file' };
  return { token: (await secretValue(ctx, '--oidc-token', given!, 'OIDC token')).trim(), field: '--oidc-token' };
}
