import type { Argv } from 'yargs';
import { commandGroup, defineCommand } from '../../src/cli/command.js';
import type { IO } from '../../src/cli/context.js';
import { UsageError } from '../../src/core/errors.js';
import { checkNumber } from '../../src/cli/numbers.js';
import { note } from '../../src/cli/output.js';
import { type OutputFormat, outputOption, printRecords } from '../../src/cli/records.js';
import { ramOf } from './connect.js';
import {
  PASSWORD_POLICY_FIELDS,
  PASSWORD_POLICY_FIELD_NAMES,
  type PasswordPolicy,
  checkPasswordPolicyChanges,
  getPasswordPolicy,
  updatePasswordPolicy,
} from '../../src/ram/password-policy.js';

/** Each field with its value and meaning as a table; JSON is the API's PasswordPolicy object. */
function printPasswordPolicy(io: IO, format: OutputFormat, policy: PasswordPolicy): void {
  printRecords(io, format, {
    rows: PASSWORD_POLICY_FIELD_NAMES,
    columns: [
      // At a narrow terminal the API's field name goes first: the flag names the same rule, and is what set takes.
      { header: 'field', value: (field) => field, squeeze: 'drop' },
      { header: 'value', value: (field) => String(policy[field]) },
      { header: 'flag', value: (field) => `--${PASSWORD_POLICY_FIELDS[field].flag}` },
      { header: 'meaning', value: (field) => PASSWORD_POLICY_FIELDS[field].meaning, kind: 'text', wrap: true, min: 30 },
    ],
    json: policy,
  });
}

const getCommand = defineCommand<object, PasswordPolicy>({
  command: 'get',
  describe: 'Show the password policy for RAM users: each rule and what it means',
  builder: (yargs) => outputOption(yargs),
  run: async (_argv, ctx) => getPasswordPolicy(await ramOf(ctx)),
  present: (policy, io, format) => printPasswordPolicy(io, format, policy),
});

type SetArgs = Record<string, unknown>;

function fieldOptions<T>(yargs: Argv<T>): Argv<T> {
  let argv = yargs;
  for (const field of PASSWORD_POLICY_FIELD_NAMES) {
    const { flag, meaning, range } = PASSWORD_POLICY_FIELDS[field];
    argv = argv.option(flag, range ? { type: 'number', describe: `${meaning}; ${range[0]} to ${range[1]}` } : { type: 'boolean', describe: `${meaning} (--no-${flag}: not needed)` });
  }
  return argv;
}

const setCommand = defineCommand<SetArgs, { before: PasswordPolicy; after: PasswordPolicy }>({
  command: 'set',
  describe: 'Change rules of the password policy; rules not named keep their current value',
  builder: (yargs) => outputOption(fieldOptions(yargs)).example('$0 ram password-policy set --minimum-length 14 --require-symbols', ''),
  run: async (argv, ctx) => {
    const changes: Partial<Record<keyof PasswordPolicy, number | boolean>> = {};
    for (const field of PASSWORD_POLICY_FIELD_NAMES) {
      const { flag, range } = PASSWORD_POLICY_FIELDS[field];
      const value = argv[flag];
      if (range) checkNumber(`--${flag}`, value, { min: range[0], max: range[1], integer: true, default: 'its current value' });
      if (value !== undefined) changes[field] = value as number | boolean;
    }
    if (Object.keys(changes).length === 0) {
      throw new UsageError(
        'name at least one rule to change',
        `pass any of ${PASSWORD_POLICY_FIELD_NAMES.map((f) => `--${PASSWORD_POLICY_FIELDS[f].flag}`).join(', ')}`,
      );
    }
    checkPasswordPolicyChanges(changes as Partial<PasswordPolicy>);
    return updatePasswordPolicy(await ramOf(ctx), changes as Partial<PasswordPolicy>);
  },
  present: ({ before, after }, io, format) => {
    printPasswordPolicy(io, format, after);
    const changed = PASSWORD_POLICY_FIELD_NAMES.filter((f) => before[f] !== after[f]).map((f) => `${f} ${before[f]} → ${after[f]}`);
    note(io, changed.length > 0 ? `Updated the password policy: ${changed.join(', ')}.` : 'The password policy already had those values.');
  },
});

export const passwordPolicyCommand = commandGroup({
  command: 'password-policy',
  describe: 'The password policy for RAM users: get, set',
  subcommands: [getCommand, setCommand],
});
