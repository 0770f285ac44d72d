import { resolve } from 'node:path';
import type { Env } from '../src/core/env.js';
import { fix, InputError, UsageError } from '../src/core/errors.js';
import { quoted } from '../src/core/visible.js';
import { type ConfigFile, findProfile, isMode, type Mode, type Profile, setProfileKeys } from './model.js';
import { flagOf, keysForMode, MODE_RULES, modesUsing, parseMode } from './modes.js';
import { requireProfile, selectProfileName } from './select.js';
import type { ProfileStore } from './store.js';
import { validateProfile } from './validate.js';

/**
 * What `configure set` and the wizard ask for: which profile (else the selected one, else "default"), its mode (else
 * the profile's own, else AK), and the keys to change, in the form the aliyun CLI stores (undefined removes a key).
 */
export interface ProfileChanges {
  name?: string;
  mode?: Mode;
  fields: Record<string, string | number | undefined>;
}

export interface SavedProfile {
  profile: Profile;
  created: boolean;
}

/** Creates or updates a profile and makes it current; nothing is written unless the whole profile is valid. */
export async function saveProfile(store: ProfileStore, env: Env, changes: ProfileChanges): Promise<SavedProfile> {
  let saved: SavedProfile | undefined;
  await store.update((config) => {
    saved = applyProfileChanges(config, env, changes);
  });
  return saved!;
}

/**
 * The change saveProfile makes, made to `config` in memory (throws, leaving it as it was, if the profile would not
 * be valid): the wizard shows and checks a profile this way before anything is written.
 */
export function applyProfileChanges(config: ConfigFile, env: Env, changes: ProfileChanges): SavedProfile {
  const name = selectProfileName({ flag: changes.name, env, config }) ?? 'default';
  const existing = findProfile(config, name);
  const mode = changes.mode ?? modeOf(existing) ?? 'AK';
  if (!MODE_RULES[mode].settable) throw notSettable(mode, name);
  checkFieldsFitMode(changes.fields, mode);
  const defaults = existing ? {} : { output_format: 'json', site: 'china' };
  const profile = setProfileKeys(existing ?? { name, mode }, { mode, ...changes.fields, ...defaults });
  validateProfile(profile, config, { checkFiles: true });
  const at = config.profiles.findIndex((p) => p.name === name);
  if (at >= 0) config.profiles[at] = profile;
  else config.profiles.push(profile);
  config.current = name;
  return { profile, created: !existing };
}

/** What saving a profile says: `Created profile "x" (AK) and made it current.` */
export function savedMessage({ profile, created }: SavedProfile): string {
  return `${created ? 'Created' : 'Saved'} profile "${profile.name}" (${profile.mode}) and made it current.`;
}

/** Makes a profile current; changes nothing else. */
export async function switchProfile(store: ProfileStore, name: string): Promise<{ profile: Profile; already: boolean }> {
  let result: { profile: Profile; already: boolean } | undefined;
  await store.update((config) => {
    const profile = requireProfile(config, name, store.path);
    result = { profile, already: config.current === name };
    config.current = name;
  });
  return result!;
}

/** Removes a profile no other profile chains from; if it was current, the first remaining one becomes current. */
export async function deleteProfile(store: ProfileStore, name: string): Promise<{ wasCurrent: boolean; current: string }> {
  let wasCurrent = false;
  const config = await store.update((config) => {
    requireProfile(config, name, store.path);
    const dependants = config.profiles.filter((p) => p.name !== name && p.mode === 'ChainableRamRoleArn' && p.source_profile === name);
    if (dependants.length > 0) {
      const names = dependants.map((p) => `'${p.name}'`).join(', ');
      const one = dependants.length === 1;
      throw new InputError(
        `profile '${name}' is the source profile of ${names}: deleting it would break ${one ? 'it' : 'them'}`,
        fix(`delete ${one ? 'it' : 'them'} first, or give ${one ? 'it' : 'each'} another source`, `configure set --profile ${dependants[0].name} --source-profile <profile>`),
      );
    }
    wasCurrent = config.current === name;
    config.profiles = config.profiles.filter((p) => p.name !== name);
    if (wasCurrent) config.current = config.profiles[0]?.name ?? '';
  });
  return { wasCurrent, current: config.current };
}

/** A value as typed (a flag, a wizard field) in the form the aliyun CLI stores under `key`. */
export function normaliseField(key: string, value: string, where: { cwd: string; homedir: string }): string | number {
  switch (key) {
    case 'expired_seconds':
      if (!/^\d+$/.test(value)) {
        throw new InputError(`--expired-seconds ${quoted(String(value))} is not a whole number of seconds`, 'use 900 to 43200, e.g. --expired-seconds 3600');
      }
      return Number(value);
    case 'sts_endpoint':
      return value.replace(/^https?:\/\//i, '').replace(/\/+$/, '');
    case 'oidc_token_file':
      // Saved absolute: the aliyun CLI would read a relative path from whatever folder it runs in.
      return resolve(where.cwd, value === '~' || value.startsWith('~/') ? where.homedir + value.slice(1) : value);
    default:
      return value;
  }
}

/** Every key given belongs to the mode (removing a key left over from an earlier mode is always fine). */
export function checkFieldsFitMode(fields: Record<string, unknown>, mode: Mode): void {
  const allowed = keysForMode(mode);
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || allowed.includes(key)) continue;
    const modes = modesUsing(key);
    throw new InputError(
      `${flagOf(key)} does not apply to mode ${mode}`,
      modes.length === 1 ? `it is for ${modes[0]}: add --mode ${modes[0]}` : `it is for ${modes.join(', ')}: pass --mode with one of them`,
    );
  }
}

function modeOf(profile: Profile | undefined): Mode | undefined {
  if (!profile) return undefined;
  // An existing profile whose mode is not a mode must be given one: parseMode says which.
  return isMode(profile.mode) ? profile.mode : parseMode(profile.mode, `profile '${profile.name}': mode`);
}

function notSettable(mode: Mode, name: string): InputError {
  return new InputError(
    `aliaudit does not set up ${mode} profiles`,
    mode === 'RamRoleArnWithRoleName'
      ? 'it is deprecated: use --mode ChainableRamRoleArn with an EcsRamRole profile as --source-profile'
      : `use the aliyun CLI: aliyun configure --profile ${name} --mode ${mode}`,
  );
}

/** `--profile NAME` for commands that act on one named profile. */
export function requireProfileName(name: string | undefined, command: string): string {
  if (!name) throw new UsageError(`${command} needs --profile <name>`, fix('see the profiles', 'configure list'));
  return name;
}
