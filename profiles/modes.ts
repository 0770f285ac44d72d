import { InputError } from '../src/core/errors.js';
import { quoted } from '../src/core/visible.js';
import { isMode, type Mode, MODES } from './model.js';

/** A profile key that `configure set` writes, with the aliyun CLI's flag for it. */
export interface SettableField {
  flag: string;
  key: string;
  type: 'string' | 'int';
  describe: string;
  /** What to type, for hints that show a whole command. */
  placeholder: string;
}

export const SETTABLE_FIELDS: readonly SettableField[] = [
  { flag: 'access-key-id', key: 'access_key_id', type: 'string', describe: 'AccessKey ID', placeholder: '<id>' },
  { flag: 'access-key-secret', key: 'access_key_secret', type: 'string', describe: 'AccessKey secret', placeholder: '<secret>' },
  { flag: 'sts-token', key: 'sts_token', type: 'string', describe: 'STS security token (StsToken; RamRoleArn when its keys are STS keys)', placeholder: '<token>' },
  { flag: 'ram-role-arn', key: 'ram_role_arn', type: 'string', describe: 'Role to assume: acs:ram::<account id>:role/<name>', placeholder: 'acs:ram::<account id>:role/<name>' },
  { flag: 'role-session-name', key: 'ram_session_name', type: 'string', describe: 'Role session name: 2-64 of letters, digits, . @ _ -', placeholder: '<session name>' },
  { flag: 'external-id', key: 'external_id', type: 'string', describe: "External id the role's trust policy asks for", placeholder: '<external id>' },
  { flag: 'expired-seconds', key: 'expired_seconds', type: 'int', describe: 'Role session length, 900-43200 (unset: 3600)', placeholder: '3600' },
  { flag: 'sts-region', key: 'sts_region', type: 'string', describe: 'Call STS at sts.<region>.aliyuncs.com (unset: sts.aliyuncs.com)', placeholder: 'cn-hangzhou' },
  { flag: 'sts-endpoint', key: 'sts_endpoint', type: 'string', describe: 'STS host to call (http(s):// and a trailing / are dropped)', placeholder: 'sts.cn-hangzhou.aliyuncs.com' },
  { flag: 'source-profile', key: 'source_profile', type: 'string', describe: 'Profile whose credentials assume the role (ChainableRamRoleArn)', placeholder: '<profile>' },
  { flag: 'oidc-provider-arn', key: 'oidc_provider_arn', type: 'string', describe: 'acs:ram::<account id>:oidc-provider/<name>', placeholder: 'acs:ram::<account id>:oidc-provider/<name>' },
  { flag: 'oidc-token-file', key: 'oidc_token_file', type: 'string', describe: 'File holding the OIDC token (saved as an absolute path)', placeholder: '<path>' },
  { flag: 'ram-role-name', key: 'ram_role_name', type: 'string', describe: 'ECS instance RAM role (unset: asked of the metadata service)', placeholder: '<role name>' },
  { flag: 'credentials-uri', key: 'credentials_uri', type: 'string', describe: 'URL answering with credentials JSON', placeholder: '<url>' },
  { flag: 'process-command', key: 'process_command', type: 'string', describe: 'Command printing credentials JSON (External)', placeholder: "'<command>'" },
  { flag: 'region', key: 'region_id', type: 'string', describe: 'Default region id, e.g. cn-hangzhou (every mode needs one)', placeholder: 'cn-hangzhou' },
];

const FIELD_BY_KEY = new Map(SETTABLE_FIELDS.map((f) => [f.key, f]));

/** How a user names a key: its `configure set` flag, or the bare key for keys only the aliyun CLI sets. */
export function flagOf(key: string): string {
  const field = FIELD_BY_KEY.get(key);
  return field ? `--${field.flag}` : key;
}

export interface ModeRule {
  /** Keys the mode cannot work without (region_id, needed by every mode, is not listed). */
  required: readonly string[];
  /** Other keys `configure set` accepts for the mode. */
  optional: readonly string[];
  /** False for modes set up by the aliyun CLI's own flows (sign-in, key pairs) or deprecated. */
  settable: boolean;
}

const AK = ['access_key_id', 'access_key_secret'];
const ASSUME = ['external_id', 'expired_seconds', 'sts_region', 'sts_endpoint'];

export const MODE_RULES: Record<Mode, ModeRule> = {
  AK: { required: AK, optional: [], settable: true },
  StsToken: { required: [...AK, 'sts_token'], optional: [], settable: true },
  RamRoleArn: { required: [...AK, 'ram_role_arn', 'ram_session_name'], optional: ['sts_token', ...ASSUME], settable: true },
  EcsRamRole: { required: [], optional: ['ram_role_name'], settable: true },
  RamRoleArnWithRoleName: {
    required: [],
    optional: ['ram_role_name', 'ram_role_arn', 'ram_session_name', ...ASSUME],
    settable: false,
  },
  RsaKeyPair: { required: ['private_key', 'key_pair_name'], optional: [], settable: false },
  ChainableRamRoleArn: { required: ['source_profile', 'ram_role_arn', 'ram_session_name'], optional: ASSUME, settable: true },
  External: { required: ['process_command'], optional: [], settable: true },
  CredentialsURI: { required: ['credentials_uri'], optional: [], settable: true },
  OIDC: {
    required: ['oidc_provider_arn', 'oidc_token_file', 'ram_role_arn', 'ram_session_name'],
    optional: ['expired_seconds', 'sts_region', 'sts_endpoint'],
    settable: true,
  },
  CloudSSO: { required: ['cloud_sso_sign_in_url'], optional: [], settable: false },
  OAuth: { required: ['oauth_site_type'], optional: [], settable: false },
  BearerToken: { required: ['bearer_token'], optional: [], settable: false },
  Anonymous: { required: [], optional: [], settable: true },
};

/** Modes whose profile assumes a RAM role. */
export const ROLE_MODES: readonly Mode[] = ['RamRoleArn', 'ChainableRamRoleArn', 'OIDC', 'RamRoleArnWithRoleName'];

/** The keys `configure set` may write for a mode: its own fields and region_id. */
export function keysForMode(mode: Mode): string[] {
  const rule = MODE_RULES[mode];
  return [...rule.required, ...rule.optional, 'region_id'];
}

/** Modes that accept a key, for a hint such as "--source-profile is for ChainableRamRoleArn". */
export function modesUsing(key: string): Mode[] {
  return MODES.filter((mode) => MODE_RULES[mode].settable && keysForMode(mode).includes(key));
}

/** The exact mode name; a wrong case or an unknown name is refused with the list, not guessed. */
export function parseMode(value: string, field = '--mode'): Mode {
  if (isMode(value)) return value;
  const sameLetters = MODES.find((mode) => mode.toLowerCase() === value.toLowerCase());
  const list = MODES.join(', ');
  if (sameLetters) {
    throw new InputError(`${field} ${quoted(value)} is not a mode: mode names are case-sensitive`, `did you mean ${sameLetters}? Modes: ${list}`);
  }
  throw new InputError(`${field} ${quoted(value)} is not a mode`, `use one of ${list}`);
}
