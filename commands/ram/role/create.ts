import type { Argv } from 'yargs';
import { defineCommand } from '../../../src/cli/command.js';
import type { IO } from '../../../src/cli/context.js';
import { valueOrFile } from '../../../src/cli/args.js';
import { checkNumber, type NumberRule, rangeText } from '../../../src/cli/numbers.js';
import type { Runtime } from '../../../src/core/env.js';
import { InputError } from '../../../src/core/errors.js';
import { note } from '../../../src/cli/output.js';
import { type OutputFormat, outputOption, printRecords, shortDate } from '../../../src/cli/records.js';
import { ramOf } from '../connect.js';
import { ROLE_NAME, checkRamName } from '../../../src/ram/names.js';
import { type Role, createRole } from '../../../src/ram/roles.js';
import { MAX_SESSION_DURATION, MIN_SESSION_DURATION, type TrustInput, checkMaxSessionDuration, trustPolicyOf } from '../../../src/ram/trust.js';

export interface RoleFlags {
  'trust-policy'?: string;
  'trusted-account'?: string[];
  'trusted-service'?: string[];
  'trusted-oidc-provider'?: string[];
  'oidc-audience'?: string[];
  'max-session-duration'?: number;
  description?: string;
}

const MAX_DESCRIPTION = 1024;

const MAX_SESSION: NumberRule = {
  min: MIN_SESSION_DURATION,
  max: MAX_SESSION_DURATION,
  integer: true,
  unit: 'seconds',
  default: `RAM's default, ${MIN_SESSION_DURATION}, on create, and the role's current value on update`,
};

/** The trust, session and description flags of `role create` and `role update`. */
export function roleOptions<T>(yargs: Argv<T>) {
  return outputOption(
    yargs
      .option('trust-policy', { type: 'string', describe: 'Whole trust policy: JSON or @file' })
      .option('trusted-account', { type: 'string', array: true, describe: 'Trust this 16-digit account id (its root, and whom it lets assume roles); repeatable' })
      .option('trusted-service', { type: 'string', array: true, describe: 'Trust a cloud service, e.g. ecs.aliyuncs.com; repeatable' })
      .option('trusted-oidc-provider', { type: 'string', array: true, describe: 'Trust tokens of an OIDC provider (its ARN); repeatable' })
      .option('oidc-audience', { type: 'string', array: true, describe: 'Audience the OIDC tokens must carry (oidc:aud condition); repeatable' })
      .option('max-session-duration', { type: 'number', describe: `Longest session: ${rangeText(MAX_SESSION)}` })
      .option('description', { type: 'string', describe: `Description (up to ${MAX_DESCRIPTION} characters)` }),
  );
}

/** The flags checked and turned into RAM's fields; no call is made before this succeeds. */
export function roleFields(runtime: Runtime, argv: RoleFlags) {
  checkNumber('--max-session-duration', argv['max-session-duration'], MAX_SESSION);
  const input: TrustInput = {
    trustPolicy: argv['trust-policy'] === undefined ? undefined : valueOrFile(runtime, argv['trust-policy'], '--trust-policy'),
    accounts: argv['trusted-account']?.map(String),
    services: argv['trusted-service']?.map(String),
    oidcProviders: argv['trusted-oidc-provider']?.map(String),
    oidcAudiences: argv['oidc-audience']?.map(String),
  };
  const trust = trustPolicyOf(input);
  const maxSessionDuration = checkMaxSessionDuration(argv['max-session-duration']);
  if (argv.description !== undefined && argv.description.length > MAX_DESCRIPTION) {
    throw new InputError(`--description is longer than ${MAX_DESCRIPTION} characters`, 'shorten it');
  }
  return { trust: trust?.text, maxSessionDuration, description: argv.description };
}

/** The role RAM answered: its own shape as JSON, or a one-row table. */
export function printRole(io: IO, format: OutputFormat, role: Role): void {
  printRecords(io, format, {
    rows: [role],
    columns: [
      { header: 'name', value: (r) => r.RoleName },
      { header: 'arn', value: (r) => r.Arn ?? '', squeeze: 'line' },
      { header: 'max session', value: (r) => String(r.MaxSessionDuration ?? '') },
      { header: 'updated', value: (r) => shortDate(r.UpdateDate) },
    ],
    json: role,
  });
}

interface CreateArgs extends RoleFlags {
  name: string;
}

export const createCommand = defineCommand<CreateArgs, Role>({
  command: 'create <name>',
  describe: 'Create a RAM role, trusting the principals the flags name',
  builder: (yargs) =>
    roleOptions(yargs.positional('name', { type: 'string', describe: 'Role name: 1-64 letters, digits and . -' }))
      .example('$0 ram role create Auditor --trusted-account 1234567890123456', 'people of that account may assume it')
      .example('$0 ram role create EcsApp --trusted-service ecs.aliyuncs.com', 'an instance role')
      .example('$0 ram role create Deployer --trust-policy @trust.json', 'any trust policy'),
  run: async (argv, ctx) => {
    const name = checkRamName(argv.name, 'role name', ROLE_NAME);
    const fields = roleFields(ctx, argv);
    if (!fields.trust) {
      throw new InputError(
        `role ${name} needs a trust policy: who may assume it`,
        'pass --trusted-account <account id>, --trusted-service <service>, --trusted-oidc-provider <ARN> or --trust-policy JSON|@file',
      );
    }
    return createRole(await ramOf(ctx), {
      RoleName: name,
      AssumeRolePolicyDocument: fields.trust,
      Description: fields.description,
      MaxSessionDuration: fields.maxSessionDuration,
    });
  },
  present: (role, io, format) => {
    printRole(io, format, role);
    note(io, `Created role ${role.RoleName}: ${role.Arn}`);
  },
});
