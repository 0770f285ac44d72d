import { accessSync, constants, statSync } from 'node:fs';
import { fix, InputError } from '../src/core/errors.js';
import { parseServiceUrl } from '../src/core/url.js';
import {
  checkDurationSeconds,
  checkExternalId,
  checkNoControlCharacters,
  checkOidcProviderArn,
  checkRegionId,
  checkRoleArn,
  checkSessionName,
} from './fields.js';
import { type ConfigFile, type Profile, withProfile } from './model.js';
import { flagOf, keysForMode, MODE_RULES, parseMode, SETTABLE_FIELDS } from './modes.js';
import { profileChain } from './chain.js';

export const STS_HOST = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*)(:\d{1,5})?$/;
const RAM_ROLE_NAME = /^[A-Za-z0-9.@_-]{1,64}$/;

/**
 * Checks a profile as it would stand in `config` (which may still hold its old version): the mode, every field the
 * mode needs, the format of each field it uses, and where its credentials come from. Throws an InputError naming the
 * field by its flag and how to fix it. Keys left over from an earlier mode are not judged.
 */
export function validateProfile(profile: Profile, config: ConfigFile, options: FieldCheckOptions = {}): void {
  const name = profile.name;
  checkField('name', name);
  const mode = parseMode(profile.mode, `profile '${name}': mode`);
  const rule = MODE_RULES[mode];

  const missing = [...rule.required, 'region_id'].filter((key) => isEmpty(profile[key]));
  if (missing.length > 0) {
    const flags = missing.map(flagOf);
    const byFlags = missing.every((key) => SETTABLE_FIELDS.some((f) => f.key === key));
    throw new InputError(
      `profile '${name}' (${mode}) is missing ${listed(flags)}${missing.includes('region_id') ? ' (every mode needs a region)' : ''}`,
      byFlags
        ? fix('set them', `configure set --profile ${name} --mode ${mode} ${missing.map((key) => `${flagOf(key)} ${placeholderOf(key)}`).join(' ')}`)
        : `set it up with the aliyun CLI: aliyun configure --profile ${name} --mode ${mode}`,
    );
  }

  const used = new Set(keysForMode(mode));
  checkField('region_id', profile.region_id as string, options);
  for (const key of CHECKED_KEYS) {
    const value = profile[key];
    // expired_seconds 0 is how the aliyun CLI writes "unset".
    const given = key === 'expired_seconds' ? Boolean(value) : typeof value === 'string' && value !== '';
    if (used.has(key) && given) checkField(key, value as string | number, options);
  }
  if (mode === 'OAuth' && profile.oauth_site_type !== 'CN' && profile.oauth_site_type !== 'INTL') {
    throw new InputError(
      `profile '${name}' has oauth_site_type "${String(profile.oauth_site_type)}"; it must be CN or INTL`,
      `set it up again with the aliyun CLI: aliyun configure --profile ${name} --mode OAuth`,
    );
  }
  if (mode === 'ChainableRamRoleArn') profileChain(withProfile(config, profile), name);
}

export interface FieldCheckOptions {
  /** Check that a file a field names can be read (false: the profile is judged away from the machine that uses it). */
  checkFiles?: boolean;
}

/** The keys whose format checkField judges, in the order validateProfile reports them. */
const CHECKED_KEYS = [
  'access_key_id',
  'access_key_secret',
  'sts_token',
  'ram_role_arn',
  'ram_session_name',
  'external_id',
  'source_profile',
  'expired_seconds',
  'sts_region',
  'sts_endpoint',
  'ram_role_name',
  'oidc_provider_arn',
  'oidc_token_file',
  'credentials_uri',
  'process_command',
];

/**
 * One value's format, judged as `configure set` and the wizard judge it: `value` is in the form the aliyun CLI stores
 * (normaliseField's). Throws an InputError naming the field by its flag. Whether a value is needed at all is the
 * profile's business (validateProfile); keys with no format of their own pass. No field holds a control character.
 */
export function checkField(key: string, value: string | number, options: FieldCheckOptions = {}): void {
  const text = String(value);
  const flag = key === 'name' ? '--profile' : flagOf(key);
  if (PASTED_KEYS.includes(key) && /\s/.test(text)) {
    throw new InputError(`${flag} contains a space or a line break`, 'paste the value alone, without spaces or line breaks');
  }
  checkNoControlCharacters(text, flag);
  switch (key) {
    case 'name':
      if (!text || text.trim() !== text) {
        throw new InputError(
          `--profile ${JSON.stringify(text)} is not a usable profile name`,
          'use a name without leading or trailing spaces or control characters, e.g. ops or alice-ak',
        );
      }
      return;
    case 'region_id':
      return checkRegionId(text, '--region');
    case 'ram_role_arn':
      return checkRoleArn(text, '--ram-role-arn');
    case 'ram_session_name':
      return checkSessionName(text, '--role-session-name');
    case 'external_id':
      return checkExternalId(text, '--external-id');
    case 'expired_seconds':
      return checkDurationSeconds(value as number, '--expired-seconds');
    case 'sts_region':
      return checkRegionId(text, '--sts-region');
    case 'sts_endpoint':
      if (!STS_HOST.test(text)) {
        throw new InputError(
          `--sts-endpoint "${text}" is not a host name`,
          'give a host (and port), e.g. sts.cn-hangzhou.aliyuncs.com or sts-vpc.cn-hangzhou.aliyuncs.com',
        );
      }
      return;
    case 'ram_role_name':
      if (!RAM_ROLE_NAME.test(text)) {
        throw new InputError(
          `--ram-role-name "${text}" is not a RAM role name`,
          "give the instance role's name (1 to 64 letters, digits and . @ _ -), not its ARN",
        );
      }
      return;
    case 'oidc_provider_arn':
      return checkOidcProviderArn(text, '--oidc-provider-arn');
    case 'oidc_token_file':
      if (options.checkFiles !== false) checkReadableFile(text, '--oidc-token-file');
      return;
    case 'credentials_uri':
      // Refused now, not first at use: plain http would carry the credentials across the network in clear.
      parseServiceUrl(text, '--credentials-uri');
      return;
  }
}

/** Keys and tokens, pasted from a console: no space of any kind either. */
const PASTED_KEYS = ['access_key_id', 'access_key_secret', 'sts_token'];

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || value === 0;
}

function listed(items: string[]): string {
  return items.length === 1 ? items[0] : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function placeholderOf(key: string): string {
  return SETTABLE_FIELDS.find((f) => f.key === key)?.placeholder ?? '<value>';
}

function checkReadableFile(path: string, field: string): void {
  try {
    if (!statSync(path).isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
    accessSync(path, constants.R_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : String(code);
    throw new InputError(
      `${field} ${path} cannot be read: ${reason}`,
      'point it at the file holding the OIDC token (on ACK with RRSA, the path in ALIBABA_CLOUD_OIDC_TOKEN_FILE)',
    );
  }
}

