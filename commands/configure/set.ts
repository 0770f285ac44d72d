import type { Argv } from 'yargs';
import { defineCommand, type GlobalArgs } from '../../src/cli/command.js';
import type { Context, IO } from '../../src/cli/context.js';
import { SECRET_FLAGS } from '../../src/cli/flags.js';
import { secretValue } from '../../src/cli/secrets.js';
import { InputError } from '../../src/core/errors.js';
import { note } from '../../src/cli/output.js';
import { MODES } from '../../profiles/model.js';
import { MODE_RULES, parseMode, SETTABLE_FIELDS } from '../../profiles/modes.js';
import { profileFlag } from '../../profiles/select.js';
import { normaliseField, saveProfile, type SavedProfile, savedMessage } from '../../profiles/service.js';

type SetArgs = { mode?: string } & Record<string, unknown>;

export const setCommand = defineCommand<SetArgs, SavedProfile>({
  command: 'set',
  describe: 'Create or update a profile (the aliyun CLI\'s flags) and make it current',
  builder: (yargs) => {
    let y = yargs
      .option('profile', {
        type: 'string',
        describe: 'Profile to create or update (default: ALIBABA_CLOUD_PROFILE, else the current profile, else "default")',
      })
      .option('mode', {
        type: 'string',
        describe: `Credential mode, exact case: ${MODES.filter((m) => MODE_RULES[m].settable).join(', ')} (default: the profile's mode; AK for a new one)`,
      }) as Argv<GlobalArgs & SetArgs>;
    for (const field of SETTABLE_FIELDS) {
      const secret = SECRET_FLAGS.includes(field.flag);
      y = y.option(field.flag, {
        type: 'string',
        describe: secret ? `${field.describe}: the value, @file, - (stdin), or nothing to be asked for it hidden` : field.describe,
        requiresArg: !secret,
      }) as Argv<GlobalArgs & SetArgs>;
    }
    return y
      .option('unset', {
        type: 'string',
        array: true,
        choices: SETTABLE_FIELDS.map((f) => f.flag),
        describe: 'Remove a field from the profile (its flag name, e.g. --unset external-id); repeatable',
      })
      .epilog('Only the fields given change; --unset removes one. Nothing is written unless the whole profile is valid.')
      .example('$0 configure set --profile alice-ak --mode AK --access-key-id <id> --access-key-secret <secret> --region cn-hangzhou', '')
      .example('$0 configure set --profile audit --mode ChainableRamRoleArn --source-profile alice-ak --ram-role-arn acs:ram::1234567890123456:role/AuditRole --role-session-name alice --region cn-hangzhou', '');
  },
  run: async (argv, ctx) => {
    const name = profileFlag(argv.profile);
    const mode = argv.mode === undefined ? undefined : parseMode(String(argv.mode));
    return saveProfile(ctx.store, ctx.env, { name, mode, fields: await fieldsFrom(argv, ctx, name) });
  },
  present: presentSaved,
});

/** The one line `configure set` and the wizard end with. */
export function presentSaved(saved: SavedProfile, io: IO): void {
  note(io, savedMessage(saved));
}

/** The profile keys the flags given on the command line set, already in the form the aliyun CLI stores. */
async function fieldsFrom(argv: Record<string, unknown>, ctx: Context, name: string | undefined): Promise<Record<string, string | number | undefined>> {
  const fields: Record<string, string | number | undefined> = {};
  const unset = new Set((argv.unset as string[] | undefined) ?? []);
  for (const field of SETTABLE_FIELDS) {
    const raw = argv[field.flag];
    if (raw !== undefined && unset.has(field.flag)) {
      throw new InputError(`--${field.flag} is both set and unset`, `give --${field.flag} or --unset ${field.flag}, not both`);
    }
    if (unset.has(field.flag)) fields[field.key] = undefined;
    if (typeof raw !== 'string') continue;
    const value = SECRET_FLAGS.includes(field.flag)
      ? await secretValue(ctx, `--${field.flag}`, raw, `${field.describe} for profile ${name ?? '(the selected one)'}`)
      : raw;
    fields[field.key] = normaliseField(field.key, value, ctx);
  }
  return fields;
}
