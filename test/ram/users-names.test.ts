import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { GROUP_NAME, POLICY_NAME, ROLE_NAME, checkRamName } from '../../src/ram/names.js';
import { hintOf } from '../helpers/hint.js';

describe('checkRamName', () => {
  it('accepts what RAM accepts in a user name and answers it', () => {
    for (const name of ['alice', 'a', 'ci.bot@example_org-1', 'x'.repeat(64)]) expect(checkRamName(name, 'user name')).toBe(name);
  });

  it('refuses bad characters, empty and over-long names as bad input naming the field and the rule', () => {
    const cases: [string, RegExp][] = [
      ['bad name', /has characters RAM does not allow/],
      ['', /is empty/],
      ['x'.repeat(65), /is longer than 64 characters/],
      ['ali/ce', /has characters/],
    ];
    for (const [value, why] of cases) {
      const error = (() => {
        try {
          checkRamName(value, '--user');
        } catch (e) {
          return e as InputError;
        }
      })();
      expect(error).toBeInstanceOf(InputError);
      expect(error!.exitCode).toBe(2);
      expect(error!.message).toMatch(/^--user ".*" is not a valid name: it /);
      expect(error!.message).toMatch(why);
      expect(hintOf(error)).toBe('use 1 to 64 letters, digits and . @ _ -');
    }
  });

  it('judges groups, roles and policies by their own rules', () => {
    expect(() => checkRamName('ops@x', '--group', GROUP_NAME)).toThrow(/has characters/);
    expect(checkRamName('ops_1', '--group', GROUP_NAME)).toBe('ops_1');
    expect(() => checkRamName('Audit_Role', '--role', ROLE_NAME)).toThrow(/has characters/);
    expect(checkRamName('p'.repeat(128), '--policy', POLICY_NAME)).toHaveLength(128);
    expect(() => checkRamName('p.x', '--policy', POLICY_NAME)).toThrow(expect.objectContaining({ hint: { text: 'use 1 to 128 letters, digits and -' } }));
  });
});
