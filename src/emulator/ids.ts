/**
 * Stable identifiers derived from names, so two loads of the same world give the same ids.
 * Each id is a SHA-256 of a kind-qualified seed, rendered in the shape the real service uses.
 */
import { createHash } from 'node:crypto';

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const MIXED_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function hashOf(seed: string): bigint {
  return BigInt('0x' + createHash('sha256').update(seed).digest('hex'));
}

/** `length` decimal digits, never starting with 0. */
export function digitsFrom(seed: string, length: number): string {
  const low = 10n ** BigInt(length - 1);
  return (low + (hashOf(seed) % (9n * low))).toString();
}

/** `length` characters drawn from `alphabet`. */
export function charsFrom(seed: string, length: number, alphabet: string = LOWER_ALNUM): string {
  let n = hashOf(seed);
  const base = BigInt(alphabet.length);
  let out = '';
  for (let i = 0; i < length; i++) {
    if (n === 0n) n = hashOf(`${seed}#${i}`);
    out += alphabet[Number(n % base)];
    n /= base;
  }
  return out;
}

/** RAM UserId: 16 digits. */
export function userId(accountId: string, userName: string): string {
  return digitsFrom(`user:${accountId}:${userName}`, 16);
}

/** RAM RoleId: 19 digits. */
export function roleId(accountId: string, roleName: string): string {
  return digitsFrom(`role:${accountId}:${roleName}`, 19);
}

/** RAM GroupId, shaped like `g-FpMEHiMysofp1a2b`. */
export function groupId(accountId: string, groupName: string): string {
  return 'g-' + charsFrom(`group:${accountId}:${groupName}`, 16, MIXED_ALNUM);
}

/** ECS InstanceId, shaped like `i-bp67acfmxazb4ph3abcd`. */
export function instanceId(accountId: string, name: string): string {
  return 'i-' + charsFrom(`instance:${accountId}:${name}`, 20);
}

/** ECS SecurityGroupId, shaped like `sg-bp1fg655nh68xyz9abcd`. */
export function securityGroupId(accountId: string, name: string): string {
  return 'sg-' + charsFrom(`security-group:${accountId}:${name}`, 20);
}

/** ECS DiskId, shaped like `d-bp1bq5g3dxxo1x4oabcd`. */
export function diskId(accountId: string, name: string): string {
  return 'd-' + charsFrom(`disk:${accountId}:${name}`, 20);
}

/** ECS SecurityGroupRuleId, shaped like `sgr-bp12kewq32dfwrdi2abc`; `seed` names the group and what the rule is. */
export function securityGroupRuleId(accountId: string, seed: string): string {
  return 'sgr-' + charsFrom(`security-group-rule:${accountId}:${seed}`, 20);
}

/** Virtual MFA device serial number of a RAM user. */
export function mfaSerialNumber(accountId: string, userName: string): string {
  return `acs:ram::${accountId}:mfa/${userName}`;
}

export function roleArn(accountId: string, roleName: string): string {
  return `acs:ram::${accountId}:role/${roleName}`;
}

export function oidcProviderArn(accountId: string, providerName: string): string {
  return `acs:ram::${accountId}:oidc-provider/${providerName}`;
}
