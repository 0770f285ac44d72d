/** The aliyun CLI's config.json, as plain JSON objects so unknown keys and their order survive a rewrite. */

export const MODES = [
  'AK',
  'StsToken',
  'RamRoleArn',
  'EcsRamRole',
  'RamRoleArnWithRoleName',
  'RsaKeyPair',
  'ChainableRamRoleArn',
  'External',
  'CredentialsURI',
  'OIDC',
  'CloudSSO',
  'OAuth',
  'BearerToken',
  'Anonymous',
] as const;
export type Mode = (typeof MODES)[number];

export interface Profile {
  name: string;
  mode: string;
  access_key_id?: string;
  access_key_secret?: string;
  sts_token?: string;
  sts_region?: string;
  sts_endpoint?: string;
  ram_role_name?: string;
  ram_role_arn?: string;
  ram_session_name?: string;
  external_id?: string;
  source_profile?: string;
  expired_seconds?: number;
  region_id?: string;
  output_format?: string;
  language?: string;
  site?: string;
  process_command?: string;
  credentials_uri?: string;
  oidc_provider_arn?: string;
  oidc_token_file?: string;
  [key: string]: unknown;
}

export interface ConfigFile {
  current: string;
  profiles: Profile[];
  meta_path?: string;
  [key: string]: unknown;
}

/** Keys whose values are secrets: masked in every default output. */
export const SECRET_KEYS: readonly string[] = [
  'access_key_secret',
  'sts_token',
  'access_token',
  'oauth_access_token',
  'oauth_refresh_token',
  'private_key',
  'bearer_token',
];

export function emptyConfig(): ConfigFile {
  return { current: '', profiles: [], meta_path: '' };
}

/** First profile with that name wins, as in the aliyun CLI. */
export function findProfile(config: ConfigFile, name: string): Profile | undefined {
  return config.profiles.find((p) => p.name === name);
}

export type ProfileKeyType = 'string' | 'int' | 'bool';

/**
 * Every key the aliyun CLI writes in a profile, in the order it writes them, with its JSON type. aliaudit inserts a
 * new key at its place in this order, so a file looks the same whichever tool wrote it last.
 */
export const PROFILE_KEYS: ReadonlyArray<readonly [key: string, type: ProfileKeyType]> = [
  ['name', 'string'],
  ['mode', 'string'],
  ['access_key_id', 'string'],
  ['access_key_secret', 'string'],
  ['sts_token', 'string'],
  ['sts_region', 'string'],
  ['sts_endpoint', 'string'],
  ['ram_role_name', 'string'],
  ['ram_role_arn', 'string'],
  ['ram_session_name', 'string'],
  ['external_id', 'string'],
  ['source_profile', 'string'],
  ['private_key', 'string'],
  ['key_pair_name', 'string'],
  ['expired_seconds', 'int'],
  ['verified', 'string'],
  ['region_id', 'string'],
  ['output_format', 'string'],
  ['language', 'string'],
  ['site', 'string'],
  ['read_timeout', 'int'],
  ['retry_timeout', 'int'],
  ['connect_timeout', 'int'],
  ['retry_count', 'int'],
  ['process_command', 'string'],
  ['credentials_uri', 'string'],
  ['oidc_provider_arn', 'string'],
  ['oidc_token_file', 'string'],
  ['cloud_sso_sign_in_url', 'string'],
  ['access_token', 'string'],
  ['cloud_sso_access_token_expire', 'int'],
  ['sts_expiration', 'int'],
  ['cloud_sso_access_config', 'string'],
  ['cloud_sso_account_id', 'string'],
  ['oauth_access_token', 'string'],
  ['oauth_refresh_token', 'string'],
  ['oauth_access_token_expire', 'int'],
  ['oauth_refresh_token_expire', 'int'],
  ['oauth_site_type', 'string'],
  ['endpoint_type', 'string'],
  ['endpoint', 'string'],
  ['external_account_type', 'string'],
  ['auto_plugin_install', 'bool'],
  ['auto_plugin_install_enable_pre', 'bool'],
  ['bearer_token', 'string'],
  ['bearer_token_header_key', 'string'],
];

export function isMode(value: string): value is Mode {
  return (MODES as readonly string[]).includes(value);
}

const KEY_RANK = new Map(PROFILE_KEYS.map(([key], rank) => [key, rank]));

/**
 * A copy of the profile with `changes` applied: a key already there keeps its place, a new key goes where the aliyun
 * CLI would write it, and undefined or '' removes the key (the aliyun CLI omits empty keys too). Other keys, known or
 * not, stay where they are.
 */
export function setProfileKeys(profile: Profile, changes: Record<string, unknown>): Profile {
  const entries = Object.entries(profile);
  for (const [key, value] of Object.entries(changes)) {
    const at = entries.findIndex(([k]) => k === key);
    if (value === undefined || value === '') {
      if (at >= 0) entries.splice(at, 1);
    } else if (at >= 0) {
      entries[at] = [key, value];
    } else {
      entries.splice(insertionPoint(entries, key), 0, [key, value]);
    }
  }
  return Object.fromEntries(entries) as Profile;
}

function insertionPoint(entries: [string, unknown][], key: string): number {
  const rank = KEY_RANK.get(key);
  if (rank === undefined) return entries.length;
  let point = 0;
  entries.forEach(([k], index) => {
    const other = KEY_RANK.get(k);
    if (other !== undefined && other < rank) point = index + 1;
  });
  return point;
}

/** The config with `profile` in place of the first profile of its name, or added at the end. */
export function withProfile(config: ConfigFile, profile: Profile): ConfigFile {
  const at = config.profiles.findIndex((p) => p.name === profile.name);
  const profiles = [...config.profiles];
  if (at >= 0) profiles[at] = profile;
  else profiles.push(profile);
  return { ...config, profiles };
}
