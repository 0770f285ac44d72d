import type { Argv } from 'yargs';
import type { Command, GlobalArgs } from '../../src/cli/parser.js';
import { sessionOptions, valueOrFile } from '../../src/cli/args.js';
import { openSession } from '../../src/credentials/session.js';
import { EXPORT_FORMATS, printCredentials, type ExportFormat } from '../../src/credentials/export.js';
import { assumeRole, checkAssumeRoleInput, credentialsOf, type AssumeRoleInput } from '../../src/sts/calls.js';
import { defaultSessionName } from '../../src/sts/session-name.js';

/** Options shared by assume-role and assume-role-with-oidc. */
export interface RoleSessionArgs {
  'role-arn': string;
  'role-session-name'?: string;
  'duration-seconds'?: number;
  policy?: string;
  format: ExportFormat;
}

export function roleSessionOptions<T>(yargs: Argv<T>) {
  return yargs
    .option('role-arn', { type: 'string', demandOption: true, describe: 'acs:ram::<account id>:role/<role name>' })
    .option('role-session-name', {
      type: 'string',
      describe: 'Name shown in ActionTrail (default aliaudit-<os user>-<unix seconds>)',
    })
    .option('duration-seconds', { type: 'number', describe: '900 up to the role\'s maximum session duration (default 3600)' })
    .option('policy', { type: 'string', describe: 'Session policy narrowing the role: JSON or @file' })
    .option('format', {
      choices: EXPORT_FORMATS,
      default: 'json' as ExportFormat,
      describe: 'json (the API\'s answer), env, dotenv, fish, powershell, or external (aliyun CLI process_command)',
    });
}

/** The role-session flags as an AssumeRole input, checked locally so a bad value never reaches STS. */
export function roleSessionInput(argv: GlobalArgs & RoleSessionArgs & { 'external-id'?: string }): AssumeRoleInput {
  const input: AssumeRoleInput = {
    roleArn: argv['role-arn'],
    roleSessionName: argv['role-session-name'] ?? defaultSessionName(argv.ctx),
    durationSeconds: argv['duration-seconds'],
    externalId: argv['external-id'],
  };
  if (argv.policy !== undefined) input.policy = valueOrFile(argv.ctx, argv.policy, '--policy');
  checkAssumeRoleInput(input);
  return input;
}

interface AssumeRoleArgs extends RoleSessionArgs {
  'external-id'?: string;
}

export const assumeRoleCommand: Command<AssumeRoleArgs> = {
  command: 'assume-role',
  describe: 'Assume a RAM role as the selected profile and print the temporary credentials',
  builder: (yargs) =>
    roleSessionOptions(yargs)
      .option('external-id', { type: 'string', describe: 'External id the role\'s trust policy asks for' })
      .example('eval "$(aliaudit sts assume-role --role-arn acs:ram::1234567890123456:role/AuditRole --format env)"', 'load into the shell')
      .example('process_command = aliaudit sts assume-role --role-arn … --format external', 'aliyun CLI External mode'),
  handler: async (argv) => {
    const input = roleSessionInput(argv);
    const session = await openSession(sessionOptions(argv));
    const response = await assumeRole(session, input);
    printCredentials(
      argv.ctx,
      argv.format,
      { response, credentials: credentialsOf(response), region: session.region },
      'aliaudit sts assume-role',
    );
  },
};
