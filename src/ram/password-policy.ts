/**
 * The account's password policy for RAM users. SetPasswordPolicy resets every field it is not given, so a change
 * reads the policy first and sends every field, the ones not changed with their current values.
 */
import { InputError } from '../core/errors.js';
import type { RamApi } from './api.js';

/** The policy as GetPasswordPolicy answers it (MaxLoginAttemps is RAM's own spelling). */
export interface PasswordPolicy {
  MinimumPasswordLength: number;
  RequireLowercaseCharacters: boolean;
  RequireUppercaseCharacters: boolean;
  RequireNumbers: boolean;
  RequireSymbols: boolean;
  HardExpiry: boolean;
  MaxPasswordAge: number;
  PasswordReusePrevention: number;
  MaxLoginAttemps: number;
}

export type PasswordPolicyField = keyof PasswordPolicy;

interface FieldRule {
  flag: string;
  meaning: string;
  /** Numeric fields: the range RAM accepts. */
  range?: [number, number];
}

/** Each field in the order RAM lists them: its flag, what it means, and for numbers the range RAM accepts. */
export const PASSWORD_POLICY_FIELDS: Record<PasswordPolicyField, FieldRule> = {
  MinimumPasswordLength: { flag: 'minimum-length', meaning: 'Passwords have at least this many characters', range: [8, 32] },
  RequireLowercaseCharacters: { flag: 'require-lowercase', meaning: 'Passwords need a lowercase letter' },
  RequireUppercaseCharacters: { flag: 'require-uppercase', meaning: 'Passwords need an uppercase letter' },
  RequireNumbers: { flag: 'require-numbers', meaning: 'Passwords need a digit' },
  RequireSymbols: { flag: 'require-symbols', meaning: 'Passwords need a symbol' },
  HardExpiry: { flag: 'hard-expiry', meaning: 'After its password expires a user cannot log on until an administrator resets it' },
  MaxPasswordAge: { flag: 'max-password-age', meaning: 'Days a password stays valid (0: it never expires)', range: [0, 1095] },
  PasswordReusePrevention: { flag: 'password-reuse-prevention', meaning: 'How many previous passwords may not be used again (0: no check)', range: [0, 24] },
  MaxLoginAttemps: { flag: 'max-login-attempts', meaning: 'Wrong passwords in an hour before the user is locked out for an hour (0: no limit)', range: [0, 32] },
};

export const PASSWORD_POLICY_FIELD_NAMES = Object.keys(PASSWORD_POLICY_FIELDS) as PasswordPolicyField[];

export async function getPasswordPolicy(ram: RamApi): Promise<PasswordPolicy> {
  const body = await ram.call('GetPasswordPolicy');
  return normalise(body.PasswordPolicy ?? {});
}

/** Checks each change against RAM's rules; bad input names the flag. */
export function checkPasswordPolicyChanges(changes: Partial<PasswordPolicy>): Partial<PasswordPolicy> {
  for (const [field, value] of Object.entries(changes) as [PasswordPolicyField, number | boolean][]) {
    const { flag, range } = PASSWORD_POLICY_FIELDS[field];
    if (!range) continue;
    const [min, max] = range;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new InputError(`--${flag} ${Number.isNaN(value) ? 'is not a number' : `${value} is out of range`}`, `give a whole number from ${min} to ${max}`);
    }
  }
  return changes;
}

/**
 * Applies the changes over the current policy and answers the policy before and after. The fields not changed are
 * sent with their current values, since RAM would otherwise reset them.
 */
export async function updatePasswordPolicy(
  ram: RamApi,
  changes: Partial<PasswordPolicy>,
): Promise<{ before: PasswordPolicy; after: PasswordPolicy }> {
  checkPasswordPolicyChanges(changes);
  const before = await getPasswordPolicy(ram);
  const body = await ram.call('SetPasswordPolicy', { ...before, ...changes });
  return { before, after: normalise(body.PasswordPolicy ?? { ...before, ...changes }) };
}

/** The SDK may hand numbers and booleans back as strings; the policy's fields are typed. */
function normalise(raw: Record<string, unknown>): PasswordPolicy {
  const policy = {} as Record<PasswordPolicyField, number | boolean>;
  for (const field of PASSWORD_POLICY_FIELD_NAMES) {
    const value = raw[field];
    policy[field] = PASSWORD_POLICY_FIELDS[field].range ? Number(value ?? 0) : value === true || value === 'true';
  }
  return policy as unknown as PasswordPolicy;
}
