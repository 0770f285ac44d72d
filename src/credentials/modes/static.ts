import type { Profile } from '../../../profiles/model.js';
import { type Step, optionalField, requiredField } from '../step.js';
import type { Credentials } from '../types.js';

/**
 * The profile's own keys: AK, StsToken, and the source keys of a RamRoleArn profile (StsToken when it has an
 * sts_token). A StsToken profile's sts_expiration (unix seconds), when set, is when its token stops working.
 */
export function planStaticKeys(profile: Profile): Step {
  const accessKeyId = requiredField(profile, 'access_key_id');
  const accessKeySecret = requiredField(profile, 'access_key_secret');
  const securityToken = profile.mode === 'StsToken' ? requiredField(profile, 'sts_token') : optionalField(profile, 'sts_token');
  const credentials: Credentials = { accessKeyId, accessKeySecret };
  if (securityToken) {
    credentials.securityToken = securityToken;
    const expiresAt = profile.sts_expiration;
    if (typeof expiresAt === 'number' && expiresAt > 0) credentials.expiration = new Date(expiresAt * 1000);
  }
  return {
    hop: { profile: profile.name, mode: securityToken ? 'StsToken' : 'AK', detail: accessKeyId },
    run: async () => ({ credentials }),
  };
}
