import { describe, expect, it } from 'vitest';
import { checkPasswordPolicyChanges, getPasswordPolicy, updatePasswordPolicy } from '../../src/ram/password-policy.js';
import { fakeRam } from './users-fake-ram.js';

const current = {
  MinimumPasswordLength: 14, RequireLowercaseCharacters: true, RequireUppercaseCharacters: true, RequireNumbers: true,
  RequireSymbols: true, HardExpiry: false, MaxPasswordAge: 0, PasswordReusePrevention: 5, MaxLoginAttemps: 5,
};

describe('the password policy', () => {
  it('a change sends every field, the others with their current values (RAM resets what it is not given)', async () => {
    const { ram, calls } = fakeRam({
      GetPasswordPolicy: () => ({ PasswordPolicy: current }),
      SetPasswordPolicy: (params) => ({ PasswordPolicy: params }),
    });
    const { before, after } = await updatePasswordPolicy(ram, { MinimumPasswordLength: 16, RequireSymbols: false });
    expect(calls.map((c) => c.action)).toEqual(['GetPasswordPolicy', 'SetPasswordPolicy']);
    expect(calls[1].params).toEqual({ ...current, MinimumPasswordLength: 16, RequireSymbols: false });
    expect(before).toEqual(current);
    expect(after).toEqual({ ...current, MinimumPasswordLength: 16, RequireSymbols: false });
  });

  it('reads numbers and booleans the SDK hands back as strings', async () => {
    const { ram } = fakeRam({ GetPasswordPolicy: () => ({ PasswordPolicy: { ...current, MinimumPasswordLength: '12', HardExpiry: 'true' } }) });
    expect(await getPasswordPolicy(ram)).toMatchObject({ MinimumPasswordLength: 12, HardExpiry: true });
  });

  it('refuses values RAM would refuse, naming the flag, before any call', async () => {
    expect(() => checkPasswordPolicyChanges({ MinimumPasswordLength: 7 })).toThrow('--minimum-length 7 is out of range');
    expect(() => checkPasswordPolicyChanges({ MaxPasswordAge: 1096 })).toThrow('--max-password-age 1096 is out of range');
    expect(() => checkPasswordPolicyChanges({ PasswordReusePrevention: 25 })).toThrow('--password-reuse-prevention 25');
    expect(() => checkPasswordPolicyChanges({ MaxLoginAttemps: Number.NaN })).toThrow('--max-login-attempts is not a number');
    const { ram, calls } = fakeRam({});
    await expect(updatePasswordPolicy(ram, { MaxLoginAttemps: 33 })).rejects.toThrow('--max-login-attempts 33 is out of range');
    expect(calls).toEqual([]);
  });
});
