import { InputError } from '../src/core/errors.js';
import { quoted } from '../src/core/visible.js';

/**
 * Field rules shared by `configure set` and the STS one-liners, so a value is judged the same way everywhere.
 * Each check throws an InputError naming the field (as the user typed it) and how to fix it.
 */

export const ROLE_ARN = /^acs:ram::(\d{16}):role\/([A-Za-z0-9.@\-_/]{1,64})$/;
export const SESSION_NAME = /^[A-Za-z0-9.@_-]{2,64}$/;
export const REGION_ID = /^[a-z]{2,}(-[a-z0-9]+)+$/;
export const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
export const OIDC_PROVIDER_ARN = /^acs:ram::(\d{16}):oidc-provider\/([A-Za-z0-9._-]{1,128})$/;

/**
 * The rule every field shares: no control character (U+0000 to U+001F, U+007F to U+009F), which no id, name, key,
 * path or URL needs and which a terminal would act on if a message echoed it. Named by its code and position, never
 * by the value: it may be a secret.
 */
export function checkNoControlCharacters(value: string, field: string): void {
  let position = 0;
  for (const char of value) {
    position += 1;
    if (!/\p{Cc}/u.test(char)) continue;
    const code = `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    throw new InputError(
      `${field} contains a control character (${code}) at position ${position}`,
      'type or paste the value again without it (a line break, tab or escape sequence copied along with it)',
    );
  }
}

export function checkRoleArn(value: string, field = '--ram-role-arn'): void {
  checkNoControlCharacters(value, field);
  if (!ROLE_ARN.test(value)) {
    throw new InputError(
      `${field} ${quoted(value)} is not a role ARN`,
      `use the form acs:ram::<16-digit account id>:role/<role name>, e.g. acs:ram::1234567890123456:role/AuditRole`,
    );
  }
}

export function checkSessionName(value: string, field = '--role-session-name'): void {
  checkNoControlCharacters(value, field);
  if (!SESSION_NAME.test(value)) {
    throw new InputError(
      `${field} ${quoted(value)} is not a valid session name`,
      'use 2 to 64 characters of letters, digits and . @ _ -',
    );
  }
}

export function checkRegionId(value: string, field = '--region'): void {
  checkNoControlCharacters(value, field);
  if (!REGION_ID.test(value)) {
    throw new InputError(`${field} ${quoted(value)} is not a region id`, 'use an id such as cn-hangzhou or ap-southeast-1');
  }
}

export function checkExternalId(value: string, field = '--external-id'): void {
  checkNoControlCharacters(value, field);
  if (!EXTERNAL_ID.test(value)) {
    throw new InputError(
      `${field} is not a valid external id`,
      'use 2 to 1224 characters of letters, digits and + = , . @ : / - _',
    );
  }
}

export function checkOidcProviderArn(value: string, field = '--oidc-provider-arn'): void {
  checkNoControlCharacters(value, field);
  if (!OIDC_PROVIDER_ARN.test(value)) {
    throw new InputError(
      `${field} ${quoted(value)} is not an OIDC provider ARN`,
      'use the form acs:ram::<account id>:oidc-provider/<provider name>',
    );
  }
}

/** Role session length: 900 s up to the 43,200 s any role can allow. */
export function checkDurationSeconds(value: number, field = '--duration-seconds'): void {
  if (!Number.isInteger(value) || value < 900 || value > 43200) {
    throw new InputError(`${field} ${value} is out of range`, 'use a whole number of seconds from 900 to 43200');
  }
}

/** A session policy: JSON, at most 2048 characters (STS's own limit). */
export function checkSessionPolicy(value: string, field = '--policy'): void {
  if (value.length < 1 || value.length > 2048) {
    throw new InputError(`${field} is ${value.length} characters long`, 'a session policy must be 1 to 2048 characters');
  }
  try {
    JSON.parse(value);
  } catch (error) {
    throw new InputError(`${field} is not valid JSON: ${(error as Error).message}`, 'pass a JSON policy document or @file');
  }
}
