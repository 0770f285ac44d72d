import { InputError } from '../src/core/errors.js';

/**
 * Field rules shared by `configure set` and the STS one-liners, so a value is judged the same way everywhere.
 * Each check throws an InputError naming the field (as the user typed it) and how to fix it.
 */

export const ROLE_ARN = /^acs:ram::(\d{16}):role\/([A-Za-z0-9.@\-_/]{1,64})$/;
export const SESSION_NAME = /^[A-Za-z0-9.@_-]{2,64}$/;
export const REGION_ID = /^[a-z]{2,}(-[a-z0-9]+)+$/;
export const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
export const OIDC_PROVIDER_ARN = /^acs:ram::(\d{16}):oidc-provider\/([A-Za-z0-9._-]{1,128})$/;

export function checkRoleArn(value: string, field = '--ram-role-arn'): void {
  if (!ROLE_ARN.test(value)) {
    throw new InputError(
      `${field} "${value}" is not a role ARN`,
      `use the form acs:ram::<16-digit account id>:role/<role name>, e.g. acs:ram::1234567890123456:role/AuditRole`,
    );
  }
}

export function checkSessionName(value: string, field = '--role-session-name'): void {
  if (!SESSION_NAME.test(value)) {
    throw new InputError(
      `${field} "${value}" is not a valid session name`,
      'use 2 to 64 characters of letters, digits and . @ _ -',
    );
  }
}

export function checkRegionId(value: string, field = '--region'): void {
  if (!REGION_ID.test(value)) {
    throw new InputError(`${field} "${value}" is not a region id`, 'use an id such as cn-hangzhou or ap-southeast-1');
  }
}

export function checkExternalId(value: string, field = '--external-id'): void {
  if (!EXTERNAL_ID.test(value)) {
    throw new InputError(
      `${field} is not a valid external id`,
      'use 2 to 1224 characters of letters, digits and + = , . @ : / - _',
    );
  }
}

export function checkOidcProviderArn(value: string, field = '--oidc-provider-arn'): void {
  if (!OIDC_PROVIDER_ARN.test(value)) {
    throw new InputError(
      `${field} "${value}" is not an OIDC provider ARN`,
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
