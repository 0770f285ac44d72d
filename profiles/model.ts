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
];

export function emptyConfig(): ConfigFile {
  return { current: '', profiles: [], meta_path: '' };
}

/** First profile with that name wins, as in the aliyun CLI. */
export function findProfile(config: ConfigFile, name: string): Profile | undefined {
  return config.profiles.find((p) => p.name === name);
}
