import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import type { Command, GlobalArgs } from '../../src/cli/parser.js';
import { InputError } from '../../src/cli/errors.js';
import { note } from '../../src/cli/output.js';
import { findProfile, isMode, MODES, type Mode, type Profile, setProfileKeys } from '../../profiles/model.js';
import { flagOf, keysForMode, MODE_RULES, modesUsing, parseMode, SETTABLE_FIELDS } from '../../profiles/modes.js';
import { configPath } from '../../profiles/path.js';
import { profileFlag, selectProfileName } from '../../profiles/select.js';
import { updateConfig } from '../../profiles/store.js';
import { validateProfile } from '../../profiles/validate.js';

type SetArgs = { mode?: string } & Record<string, unknown>;

export const setCommand: Command<SetArgs> = {
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
  handler: async (argv) => {
    const { ctx } = argv;
    const flag = profileFlag(argv.profile);
    const path = configPath({ flag: argv['config-path'], env: ctx.env, homedir: ctx.homedir });
    const requested = argv.mode === undefined ? undefined : parseMode(String(argv.mode));
    const changes = changesFrom(argv, ctx.cwd, ctx.homedir);
    let saved: { profile: Profile; created: boolean } | undefined;
    await updateConfig(path, (config) => {
      const name = selectProfileName({ flag, env: ctx.env, config }) ?? 'default';
      const existing = findProfile(config, name);
      const mode = requested ?? modeOf(existing) ?? 'AK';
      if (requested && !MODE_RULES[requested].settable) {
        throw new InputError(
          `aliaudit does not set up ${requested} profiles`,
          requested === 'RamRoleArnWithRoleName'
            ? 'it is deprecated: use --mode ChainableRamRoleArn with an EcsRamRole profile as --source-profile'
            : `use the aliyun CLI: aliyun configure --profile ${name} --mode ${requested}`,
        );
      }
      checkFlagsFitMode(changes, mode);
      const defaults = existing ? {} : { output_format: 'json', site: 'china' };
      const profile = setProfileKeys(existing ?? { name, mode }, { mode, ...changes, ...defaults });
      validateProfile(profile, config, { checkFiles: true });
      const at = config.profiles.findIndex((p) => p.name === name);
      if (at >= 0) config.profiles[at] = profile;
      else config.profiles.push(profile);
      config.current = name;
      saved = { profile, created: !existing };
    });
    const { profile, created } = saved!;
    note(ctx, `${created ? 'Created' : 'Saved'} profile "${profile.name}" (${profile.mode}) and made it current.`);
  },
};

function modeOf(profile: Profile | undefined): Mode | undefined {
  if (!profile) return undefined;
  // An existing profile whose mode is not a mode must be given one: parseMode says which.
  return isMode(profile.mode) ? profile.mode : parseMode(profile.mode, `profile '${profile.name}': mode`);
}

/** The profile keys the flags given on the command line set, already in the form the aliyun CLI stores. */
function changesFrom(argv: Record<string, unknown>, cwd: string, homedir: string): Record<string, string | number | undefined> {
  const changes: Record<string, string | number | undefined> = {};
  for (const field of SETTABLE_FIELDS) {
    const raw = argv[field.flag];
    if (raw === undefined) continue;
    if (typeof raw !== 'string') throw new InputError(`--${field.flag} is given more than once`, `give --${field.flag} once`);
    changes[field.key] = raw === '' ? undefined : normalise(field.key, raw, cwd, homedir);
  }
  return changes;
}

function normalise(key: string, value: string, cwd: string, homedir: string): string | number {
  switch (key) {
    case 'expired_seconds':
      if (!/^\d+$/.test(value)) {
        throw new InputError(`--expired-seconds "${value}" is not a whole number of seconds`, 'use 900 to 43200, e.g. --expired-seconds 3600');
      }
      return Number(value);
    case 'sts_endpoint':
      return value.replace(/^https?:\/\//i, '').replace(/\/+$/, '');
    case 'oidc_token_file':
      // Saved absolute: the aliyun CLI would read a relative path from whatever folder it runs in.
      return resolve(cwd, value === '~' || value.startsWith('~/') ? homedir + value.slice(1) : value);
    default:
      return value;
  }
}

function checkFlagsFitMode(changes: Record<string, unknown>, mode: Mode): void {
  const allowed = keysForMode(mode);
  for (const [key, value] of Object.entries(changes)) {
    // Removing a key left over from an earlier mode is always fine.
    if (value === undefined || allowed.includes(key)) continue;
    const modes = modesUsing(key);
    throw new InputError(
      `${flagOf(key)} does not apply to mode ${mode}`,
      modes.length === 1 ? `it is for ${modes[0]}: add --mode ${modes[0]}` : `it is for ${modes.join(', ')}: pass --mode with one of them`,
    );
  }
}
