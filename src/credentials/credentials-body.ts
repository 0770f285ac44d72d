import type { Credentials } from './types.js';

/**
 * The body both IMDS and credentials URIs answer: AccessKeyId, AccessKeySecret, SecurityToken, Expiration.
 * `incomplete` builds the error for a body missing one of them.
 */
export function credentialsFromBody(answer: Record<string, unknown>, incomplete: () => Error): Credentials {
  const { AccessKeyId, AccessKeySecret, SecurityToken, Expiration } = answer;
  if (![AccessKeyId, AccessKeySecret, SecurityToken, Expiration].every((v) => typeof v === 'string' && v !== '')) {
    throw incomplete();
  }
  const expiration = new Date(Expiration as string);
  if (Number.isNaN(expiration.getTime())) throw incomplete();
  return {
    accessKeyId: AccessKeyId as string,
    accessKeySecret: AccessKeySecret as string,
    securityToken: SecurityToken as string,
    expiration,
  };
}
