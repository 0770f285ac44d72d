import type { Env } from '../core/env.js';
import { InputError } from '../core/errors.js';
import { EXPIRATION_VARIABLE } from './export.js';
import { environmentOidcRole, planOidc } from './modes/oidc.js';
import type { PlanContext, Step } from './step.js';
import type { Credentials } from './types.js';

/** Access-key variable families, first match wins: Alibaba Cloud's names, then the older and Terraform ones. */
export const ACCESS_KEY_VARIABLES = [
  { id: 'ALIBABA_CLOUD_ACCESS_KEY_ID', secret: 'ALIBABA_CLOUD_ACCESS_KEY_SECRET', token: 'ALIBABA_CLOUD_SECURITY_TOKEN' },
  { id: 'ALIBABACLOUD_ACCESS_KEY_ID', secret: 'ALIBABACLOUD_ACCESS_KEY_SECRET', token: 'ALIBABACLOUD_SECURITY_TOKEN' },
  { id: 'ALICLOUD_ACCESS_KEY_ID', secret: 'ALICLOUD_ACCESS_KEY_SECRET', token: 'ALICLOUD_SECURITY_TOKEN' },
  { id: 'ALICLOUD_ACCESS_KEY', secret: 'ALICLOUD_SECRET_KEY', token: 'ALICLOUD_SECURITY_TOKEN' },
] as const;

/** Region variables, in the same order. */
export const REGION_VARIABLES = ['ALIBABA_CLOUD_REGION_ID', 'ALIBABACLOUD_REGION_ID', 'ALICLOUD_REGION_ID', 'ALICLOUD_REGION'] as const;

/** Keys from the environment, with the variable that held the id; a family with only one half set is an error. */
export function environmentAccessKeys(env: Env): { credentials: Credentials; variable: string } | undefined {
  for (const family of ACCESS_KEY_VARIABLES) {
    const id = env[family.id]?.trim();
    const secret = env[family.secret]?.trim();
    if (!id && !secret) continue;
    if (!id || !secret) {
      const [set, unset] = id ? [family.id, family.secret] : [family.secret, family.id];
      throw new InputError(`${set} is set but ${unset} is not`, `set both, or unset ${set}`);
    }
    const credentials: Credentials = { accessKeyId: id, accessKeySecret: secret };
    const token = env[family.token]?.trim();
    if (token) {
      credentials.securityToken = token;
      const expiration = new Date(env[EXPIRATION_VARIABLE] ?? '');
      if (!Number.isNaN(expiration.getTime())) credentials.expiration = expiration;
    }
    return { credentials, variable: family.id };
  }
  return undefined;
}

/** Credentials when no profile applies: access-key variables first, then the OIDC variables (as the SDKs order them). */
export function planEnvironment(plan: PlanContext): Step[] | undefined {
  const keys = environmentAccessKeys(plan.runtime.env);
  if (keys) {
    return [{ hop: { mode: 'Environment', detail: keys.variable }, run: async () => ({ credentials: keys.credentials }) }];
  }
  const oidc = environmentOidcRole(plan.runtime.env, plan);
  return oidc ? [planOidc(oidc, plan)] : undefined;
}
