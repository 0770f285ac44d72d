import { accessSync, constants, statSync } from 'node:fs';
import { fix, InputError } from '../src/core/errors.js';
import { parseServiceUrl } from '../src/core/url.js';
import {
  checkDurationSeconds,
  checkExternalId,
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
export function validateProfile(profile: Profile, config: ConfigFile, options: { checkFiles?: boolean } = {}): void {
  const name = profile.name;
  if (!name || name.trim() !== name || /[\u0000-\u001f]/.test(name)) {
    throw new InputError(
      `--profile ${JSON.stringify(name)} is not a usable profile name`,
      'use a name without leading or trailing spaces or control characters, e.g. ops or alice-ak',
    );
  }
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
  const value = (key: string): string | undefined =>
    used.has(key) && typeof profile[key] === 'string' && profile[key] !== '' ? (profile[key] as string) : undefined;
  const given = (key: string) => value(key) !== undefined;

  checkRegionId(profile.region_id as string, '--region');
  for (const key of ['access_key_id', 'access_key_secret', 'sts_token']) {
    if (given(key) && /\s/.test(value(key)!)) {
      throw new InputError(`${flagOf(key)} contains a space or a line break`, 'paste the value alone, without spaces or line breaks');
    }
  }
  if (given('ram_role_arn')) checkRoleArn(value('ram_role_arn')!, '--ram-role-arn');
  if (given('ram_session_name')) checkSessionName(value('ram_session_name')!, '--role-session-name');
  if (given('external_id')) checkExternalId(value('external_id')!, '--external-id');
  if (used.has('expired_seconds') && profile.expired_seconds) checkDurationSeconds(profile.expired_seconds, '--expired-seconds');
  if (given('sts_region')) checkRegionId(value('sts_region')!, '--sts-region');
  if (given('sts_endpoint') && !STS_HOST.test(value('sts_endpoint')!)) {
    throw new InputError(
      `--sts-endpoint "${value('sts_endpoint')}" is not a host name`,
      'give a host (and port), e.g. sts.cn-hangzhou.aliyuncs.com or sts-vpc.cn-hangzhou.aliyuncs.com',
    );
  }
  if (given('ram_role_name') && !RAM_ROLE_NAME.test(value('ram_role_name')!)) {
    throw new InputError(
      `--ram-role-name "${value('ram_role_name')}" is not a RAM role name`,
      "give the instance role's name (1 to 64 letters, digits and . @ _ -), not its ARN",
    );
  }
  if (given('oidc_provider_arn')) checkOidcProviderArn(value('oidc_provider_arn')!, '--oidc-provider-arn');
  if (given('oidc_token_file') && options.checkFiles !== false) checkReadableFile(value('oidc_token_file')!, '--oidc-token-file');
  // Refused now, not first at use: plain http would carry the credentials across the network in clear.
  if (given('credentials_uri')) parseServiceUrl(value('credentials_uri')!, '--credentials-uri');
  if (mode === 'OAuth' && profile.oauth_site_type !== 'CN' && profile.oauth_site_type !== 'INTL') {
    throw new InputError(
      `profile '${name}' has oauth_site_type "${String(profile.oauth_site_type)}"; it must be CN or INTL`,
      `set it up again with the aliyun CLI: aliyun configure --profile ${name} --mode OAuth`,
    );
  }
  if (mode === 'ChainableRamRoleArn') profileChain(withProfile(config, profile), name);
}

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

