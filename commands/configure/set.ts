import type { Argv } from 'yargs';
import { defineCommand, type GlobalArgs } from '../../src/cli/command.js';
import { InputError } from '../../src/core/errors.js';
import { note } from '../../src/cli/output.js';
import { MODES } from '../../profiles/model.js';
import { MODE_RULES, parseMode, SETTABLE_FIELDS } from '../../profiles/modes.js';
import { profileFlag } from '../../profiles/select.js';
import { normaliseField, saveProfile, type SavedProfile } from '../../profiles/service.js';

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
      y = y.option(field.flag, { type: 'string', describe: field.describe, requiresArg: true }) as Argv<GlobalArgs & SetArgs>;
    }
    return y
      .epilog('Only the fields given change; pass an empty value (--external-id "") to remove one. Nothing is written unless the whole profile is valid.')
      .example('$0 configure set --profile alice-ak --mode AK --access-key-id <id> --access-key-secret <secret> --region cn-hangzhou', '')
      .example('$0 configure set --profile audit --mode ChainableRamRoleArn --source-profile alice-ak --ram-role-arn acs:ram::1234567890123456:role/AuditRole --role-session-name alice --region cn-hangzhou', '');
  },
  run: (argv, ctx) =>
    saveProfile(ctx.store, ctx.env, {
      name: profileFlag(argv.profile),
      mode: argv.mode === undefined ? undefined : parseMode(String(argv.mode)),
      fields: fieldsFrom(argv, ctx),
    }),
  present: ({ profile, created }, io) =>
    note(io, `${created ? 'Created' : 'Saved'} profile "${profile.name}" (${profile.mode}) and made it current.`),
});

/** The profile keys the flags given on the command line set, already in the form the aliyun CLI stores. */
function fieldsFrom(argv: Record<string, unknown>, where: { cwd: string; homedir: string }): Record<string, string | number | undefined> {
  const fields: Record<string, string | number | undefined> = {};
  for (const field of SETTABLE_FIELDS) {
    const raw = argv[field.flag];
    if (raw === undefined) continue;
    if (typeof raw !== 'string') throw new InputError(`--${field.flag} is given more than once`, `give --${field.flag} once`);
    fields[field.key] = raw === '' ? undefined : normaliseField(field.key, raw, where);
  }
  return fields;
}
