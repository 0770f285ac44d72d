import type { Env } from '../core/env.js';
import { credentialVariables } from './export.js';
import type { Credentials } from './types.js';

/** Set in the child of `aliaudit exec`; its presence means an exec is already running (nesting is refused). */
export const EXEC_PROFILE_VARIABLE = 'ALIAUDIT_EXEC_PROFILE';

const ALIBABA_PREFIXES = ['ALIBABA_CLOUD_', 'ALIBABACLOUD_'];
const ALIBABA_SUFFIXES = [
  'ACCESS_KEY_ID',
  'ACCESS_KEY_SECRET',
  'SECURITY_TOKEN',
  'SECURITY_TOKEN_EXPIRATION',
  'REGION_ID',
  'PROFILE',
  'IGNORE_PROFILE',
  'ROLE_ARN',
  'ROLE_SESSION_NAME',
  'ROLE_SESSION_EXPIRATION',
  'EXTERNAL_ID',
  'OIDC_PROVIDER_ARN',
  'OIDC_TOKEN_FILE',
  'CREDENTIALS_URI',
  'CREDENTIALS_FILE',
  'ECS_METADATA',
];
// The Terraform provider's names, and the ALICLOUD_ spellings the credentials libraries also read.
const ALICLOUD_NAMES = [
  'ALICLOUD_ACCESS_KEY',
  'ALICLOUD_SECRET_KEY',
  'ALICLOUD_ACCESS_KEY_ID',
  'ALICLOUD_ACCESS_KEY_SECRET',
  'ALICLOUD_SECURITY_TOKEN',
  'ALICLOUD_REGION',
  'ALICLOUD_REGION_ID',
  'ALICLOUD_PROFILE',
  'ALICLOUD_SHARED_CREDENTIALS_FILE',
  'ALICLOUD_ASSUME_ROLE_ARN',
  'ALICLOUD_ASSUME_ROLE_SESSION_NAME',
  'ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION',
  'ALICLOUD_ASSUME_ROLE_POLICY',
  'ALICLOUD_ASSUME_ROLE_EXTERNAL_ID',
  'ALICLOUD_ECS_ROLE_NAME',
  'ALICLOUD_OIDC_PROVIDER_ARN',
  'ALICLOUD_OIDC_TOKEN_FILE',
  'ALICLOUD_ROLE_ARN',
  'ALICLOUD_ROLE_SESSION_NAME',
];

/**
 * Every inherited variable that could make a child pick credentials or a profile other than the ones exec
 * injects: removed before the injected ones are set, so no stale key or profile name leaks through.
 */
export const INHERITED_CREDENTIAL_VARIABLES: readonly string[] = [
  ...ALIBABA_PREFIXES.flatMap((prefix) => ALIBABA_SUFFIXES.map((suffix) => prefix + suffix)),
  ...ALICLOUD_NAMES,
];

/** The child's environment: the parent's, minus inherited credentials, plus the session's. */
export function execEnvironment(parent: Env, credentials: Credentials, region: string, profile: string): Record<string, string> {
  const strip = new Set(INHERITED_CREDENTIAL_VARIABLES);
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(parent)) {
    // Windows environment names are case-insensitive.
    if (value !== undefined && !strip.has(name.toUpperCase())) env[name] = value;
  }
  for (const [name, value] of credentialVariables(credentials, region)) env[name] = value;
  env[EXEC_PROFILE_VARIABLE] = profile;
  return env;
}
