import type { Argv } from 'yargs';
import { defineCommand, type GlobalArgs } from '../../src/cli/command.js';
import type { Context, IO } from '../../src/cli/context.js';
import { valueOrFile } from '../../src/cli/args.js';
import { checkNumber, type NumberRule, rangeText } from '../../src/cli/numbers.js';
import { note, printJson } from '../../src/cli/output.js';
import { EXPORT_FORMATS, type ExportFormat, renderCredentials, type VariableFormat } from '../../src/credentials/export.js';
import type { Credentials } from '../../src/credentials/types.js';
import { assumeRole, checkAssumeRoleInput, credentialsOf, type AssumeRoleInput } from '../../src/sts/calls.js';
import { defaultSessionName } from '../../src/sts/session-name.js';

/** STS's own bounds; the role's maximum session duration may be lower, which STS says when asked. */
const DURATION: NumberRule = { min: 900, max: 43200, integer: true, unit: 'seconds', default: 3600 };

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
    .option('duration-seconds', { type: 'number', describe: `Session length: ${rangeText(DURATION)}, at most the role's maximum session duration (default 3600)` })
    .option('policy', { type: 'string', describe: 'Session policy narrowing the role: JSON or @file' })
    .option('format', {
      choices: EXPORT_FORMATS,
      default: 'json' as ExportFormat,
      describe: 'json (the API\'s answer), env, dotenv, fish, powershell, or external (aliyun CLI process_command)',
    });
}

/** The role-session flags as an AssumeRole input, checked locally so a bad value never reaches STS. */
export function roleSessionInput(argv: RoleSessionArgs & { 'external-id'?: string }, ctx: Context): AssumeRoleInput {
  checkNumber('--duration-seconds', argv['duration-seconds'], DURATION);
  const input: AssumeRoleInput = {
    roleArn: argv['role-arn'],
    roleSessionName: argv['role-session-name'] ?? defaultSessionName(ctx),
    durationSeconds: argv['duration-seconds'],
    externalId: argv['external-id'],
  };
  if (argv.policy !== undefined) input.policy = valueOrFile(ctx, argv.policy, '--policy');
  checkAssumeRoleInput(input);
  return input;
}

/** Temporary credentials as issued, with how the user asked to see them. */
export interface IssuedCredentials {
  response: unknown;
  credentials: Credentials;
  region: string;
  format: ExportFormat;
  /** The command that issued them, for the hint on loading them into a shell. */
  command: string;
}

const LOAD_HINTS: Record<VariableFormat, (command: string) => string> = {
  env: (command) => `eval "$(${command} --format env)"`,
  dotenv: (command) => `${command} --format dotenv > .env`,
  fish: (command) => `${command} --format fish | source`,
  powershell: (command) => `${command} --format powershell | Invoke-Expression`,
};

/**
 * Issued credentials in the chosen format: secrets on stdout (the user asked for them), and, when a person is looking
 * at variable lines on a terminal, a stderr hint showing how to load them instead.
 */
export function presentCredentials(issued: IssuedCredentials, io: IO): void {
  const { format } = issued;
  if (format === 'json') return printJson(io, issued.response);
  io.stdout.write(renderCredentials(format, issued.credentials, issued.region));
  if (format !== 'external' && io.stdoutIsTTY && io.stderrIsTTY) {
    note(io, `# to load these into your shell: ${LOAD_HINTS[format](`${issued.command} …`)}`, 'dim');
  }
}

interface AssumeRoleArgs extends RoleSessionArgs {
  'external-id'?: string;
}

export const assumeRoleCommand = defineCommand<AssumeRoleArgs, IssuedCredentials>({
  command: 'assume-role',
  describe: 'Assume a RAM role as the selected profile and print the temporary credentials',
  builder: (yargs: Argv<GlobalArgs>) =>
    roleSessionOptions(yargs)
      .option('external-id', { type: 'string', describe: 'External id the role\'s trust policy asks for' })
      .example('eval "$(aliaudit sts assume-role --role-arn acs:ram::1234567890123456:role/AuditRole --format env)"', 'load into the shell')
      .example('process_command = aliaudit sts assume-role --role-arn … --format external', 'aliyun CLI External mode'),
  run: async (argv, ctx) => {
    const input = roleSessionInput(argv, ctx);
    const clients = await ctx.clients();
    const response = await assumeRole(await clients.sts(), input);
    const { region } = await ctx.session();
    return { response, credentials: credentialsOf(response), region, format: argv.format, command: 'aliaudit sts assume-role' };
  },
  present: presentCredentials,
});
