import type { Argv, CommandModule } from 'yargs';
import type { Context } from '../../src/cli/context.js';
import { UsageError } from '../../src/cli/errors.js';
import type { Command, GlobalArgs } from '../../src/cli/parser.js';
import { note } from '../../src/cli/output.js';
import { type OutputFormat, outputFormat, outputOption, printRecords } from '../../src/cli/records.js';
import { connectRam } from '../../src/ram/connect.js';
import {
  PASSWORD_POLICY_FIELDS,
  PASSWORD_POLICY_FIELD_NAMES,
  type PasswordPolicy,
  checkPasswordPolicyChanges,
  getPasswordPolicy,
  updatePasswordPolicy,
} from '../../src/ram/password-policy.js';

/** Each field with its value and meaning as a table; JSON is the API's PasswordPolicy object. */
function printPasswordPolicy(ctx: Context, format: OutputFormat, policy: PasswordPolicy): void {
  printRecords(ctx, format, {
    rows: PASSWORD_POLICY_FIELD_NAMES,
    columns: [
      { header: 'field', value: (field) => field },
      { header: 'value', value: (field) => String(policy[field]) },
      { header: 'flag', value: (field) => `--${PASSWORD_POLICY_FIELDS[field].flag}` },
      { header: 'meaning', value: (field) => PASSWORD_POLICY_FIELDS[field].meaning },
    ],
    json: policy,
  });
}

const getCommand: Command<{ output?: OutputFormat }> = {
  command: 'get',
  describe: 'Show the password policy for RAM users: each rule and what it means',
  builder: (yargs) => outputOption(yargs) as any,
  handler: async (argv) => {
    printPasswordPolicy(argv.ctx, outputFormat(argv.ctx, argv.output), await getPasswordPolicy(await connectRam(argv)));
  },
};

type SetArgs = Record<string, unknown> & { output?: OutputFormat };

function fieldOptions<T>(yargs: Argv<T>): Argv<T> {
  let argv = yargs;
  for (const field of PASSWORD_POLICY_FIELD_NAMES) {
    const { flag, meaning, range } = PASSWORD_POLICY_FIELDS[field];
    argv = argv.option(flag, range ? { type: 'number', describe: `${meaning}; ${range[0]} to ${range[1]}` } : { type: 'boolean', describe: `${meaning} (--no-${flag}: not needed)` });
  }
  return argv;
}

const setCommand: Command<SetArgs> = {
  command: 'set',
  describe: 'Change rules of the password policy; rules not named keep their current value',
  builder: (yargs) =>
    outputOption(fieldOptions(yargs)).example('$0 ram password-policy set --minimum-length 14 --require-symbols', '') as any,
  handler: async (argv) => {
    const { ctx } = argv;
    const changes: Partial<Record<keyof PasswordPolicy, number | boolean>> = {};
    for (const field of PASSWORD_POLICY_FIELD_NAMES) {
      const value = argv[PASSWORD_POLICY_FIELDS[field].flag];
      if (value !== undefined) changes[field] = value as number | boolean;
    }
    if (Object.keys(changes).length === 0) {
      throw new UsageError(
        'name at least one rule to change',
        `pass any of ${PASSWORD_POLICY_FIELD_NAMES.map((f) => `--${PASSWORD_POLICY_FIELDS[f].flag}`).join(', ')}`,
      );
    }
    checkPasswordPolicyChanges(changes as Partial<PasswordPolicy>);
    const { before, after } = await updatePasswordPolicy(await connectRam(argv), changes as Partial<PasswordPolicy>);
    printPasswordPolicy(ctx, outputFormat(ctx, argv.output), after);
    const changed = PASSWORD_POLICY_FIELD_NAMES.filter((f) => before[f] !== after[f]).map((f) => `${f} ${before[f]} → ${after[f]}`);
    note(ctx, changed.length > 0 ? `Updated the password policy: ${changed.join(', ')}.` : 'The password policy already had those values.');
  },
};

const subcommands = [getCommand, setCommand] as CommandModule<GlobalArgs, any>[];

export const passwordPolicyCommand: Command = {
  command: 'password-policy <command>',
  describe: 'The password policy for RAM users: get, set',
  builder: (yargs) => {
    for (const command of subcommands) yargs.command(command);
    return yargs.demandCommand(1, 'Name a password-policy command: get or set.');
  },
  handler: () => {},
};
