import { describe, expect, it } from 'vitest';
import { closest, ranked } from '../../src/core/similar.js';

describe('closest', () => {
  const checks = ['ram_root_mfa_enabled', 'ram_no_root_access_key', 'ram_user_mfa_enabled_console_access'];

  it('finds a typo, and ignores case', () => {
    expect(closest('ram_root_mfa_enabeld', checks)).toBe('ram_root_mfa_enabled');
    expect(closest('RAM_NO_ROOT_ACCESS_KEY', checks)).toBe('ram_no_root_access_key');
    expect(closest('configur', ['configure', 'whoami'])).toBe('configure');
    expect(closest('audti', ['alice', 'audit'])).toBe('audit');
  });

  it('finds the one candidate that begins with what was typed, but not when several do or it is too short', () => {
    expect(closest('ram_root_mfa', checks)).toBe('ram_root_mfa_enabled');
    expect(closest('ram_', checks)).toBeUndefined();
    expect(closest('ra', ['rams'])).toBeUndefined();
  });

  it('says nothing when nothing is near', () => {
    expect(closest('nope', checks)).toBeUndefined();
  });
});

describe('ranked: did-you-mean for commands', () => {
  const top = ['configure', 'whoami', 'sts', 'exec', 'ram', 'scan', 'findings', 'why', 'rescan', 'demo', 'emulator', 'shell', 'completion'];
  const afterScan = ['findings', 'why', 'rescan'];
  const noScanYet = (name: string) => !afterScan.includes(name);

  it('puts commands that can run before those that cannot, then the nearest', () => {
    expect(ranked('wh', top, noScanYet)).toEqual(['whoami', 'why']);
    // After a scan in the shell both can run: the nearer comes first.
    expect(ranked('wh', top)).toEqual(['why', 'whoami']);
    expect(ranked('fin', top, noScanYet)).toEqual(['findings']);
  });

  it('finds typos and transpositions, and nothing that is far', () => {
    expect(ranked('scna', top)).toEqual(['scan']);
    expect(ranked('whoam', top)).toEqual(['whoami']);
    expect(ranked('usr', ['user', 'access-key', 'mfa', 'group', 'role'])).toEqual(['user']);
    expect(ranked('zzz', top)).toEqual([]);
  });
});
