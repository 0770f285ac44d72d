import type { Env } from '../src/core/env.js';
import { fix, type Hint, InputError } from '../src/core/errors.js';
import { closest } from '../src/core/similar.js';
import { ECHO_LIMIT, quoted } from '../src/core/visible.js';
import { type ConfigFile, findProfile, type Profile } from './model.js';

/** Read in this order, as the aliyun CLI and the credentials SDKs do. */
export const PROFILE_ENV_VARS = ['ALIBABACLOUD_PROFILE', 'ALIBABA_CLOUD_PROFILE', 'ALICLOUD_PROFILE'] as const;

/** --profile, then the profile environment variables, then the config's current profile. */
export function selectProfileName(options: { flag?: string; env: Env; config: ConfigFile }): string | undefined {
  return selectProfile(options)?.name;
}

/** The profile selected, and what selected it: `--profile`, a profile variable's name, or `current`. */
export function selectProfile(options: { flag?: string; env: Env; config: ConfigFile }): { name: string; by: string } | undefined {
  const { flag, env, config } = options;
  if (flag) return { name: flag, by: '--profile' };
  for (const name of PROFILE_ENV_VARS) {
    if (env[name]) return { name: env[name], by: name };
  }
  return config.current ? { name: config.current, by: 'current' } : undefined;
}

export function requireProfile(config: ConfigFile, name: string, path: string): Profile {
  const profile = findProfile(config, name);
  if (profile) return profile;
  const { message, hint } = unknownProfile(config, name, path);
  throw new InputError(message, hint);
}

/** The words for a profile that is not there, listing those that are, for any error class. */
export function unknownProfile(config: ConfigFile, name: string, path?: string): { message: string; hint: string | Hint } {
  const where = path ? ` in ${path}` : '';
  const names = [...new Set(config.profiles.map((p) => p.name))];
  // The name is the user's: quoted visibly and cut, and never repeated whole in a command to copy when it is huge.
  const suggested = name.length <= ECHO_LIMIT && /^[\w.@-]+$/.test(name) ? name : '<name>';
  if (names.length === 0) {
    return {
      message: `unknown profile ${quoted(name)}: there are no profiles${where}`,
      hint: fix('create one', `configure set --profile ${suggested} --mode AK --access-key-id <id> --access-key-secret <secret> --region cn-hangzhou`),
    };
  }
  const near = name.length <= ECHO_LIMIT ? closest(name, names) : undefined;
  return {
    message: `unknown profile ${quoted(name)}${where}; the profiles are: ${names.join(', ')}`,
    hint: near ? `did you mean '${near}'? (--profile ${near})` : fix('see them (or create one with configure set)', 'configure list'),
  };
}

/** The --profile flag as one name: yargs gives an array when it is repeated. */
export function profileFlag(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) throw new InputError('--profile is given more than once', 'give --profile once');
  if (value === '') throw new InputError('--profile is empty', 'give the profile a name, e.g. --profile ops');
  return String(value);
}
