import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { MODES, PROFILE_KEYS, setProfileKeys, withProfile } from '../../profiles/model.js';
import { flagOf, keysForMode, MODE_RULES, modesUsing, parseMode, SETTABLE_FIELDS } from '../../profiles/modes.js';
import { maskProfile } from '../../profiles/mask.js';
import { hintOf } from '../helpers/hint.js';

describe('modes', () => {
  it('accepts exact mode names only and lists them otherwise', () => {
    for (const mode of MODES) expect(parseMode(mode)).toBe(mode);
    expect(() => parseMode('ak')).toThrow(InputError);
    try {
      parseMode('chainableramrolearn');
    } catch (error) {
      expect(hintOf(error)).toMatch(/^did you mean ChainableRamRoleArn\? Modes: AK, StsToken/);
    }
    try {
      parseMode('Password');
    } catch (error) {
      expect((error as InputError).message).toBe('--mode "Password" is not a mode');
      expect(hintOf(error)).toContain('OIDC, CloudSSO');
    }
  });

  it("maps the aliyun CLI's flags to its keys", () => {
    expect(flagOf('ram_session_name')).toBe('--role-session-name');
    expect(flagOf('region_id')).toBe('--region');
    expect(flagOf('cloud_sso_sign_in_url')).toBe('cloud_sso_sign_in_url');
    for (const field of SETTABLE_FIELDS) expect(PROFILE_KEYS.map(([key]) => key)).toContain(field.key);
  });

  it('gives each settable mode its own keys and region', () => {
    expect(keysForMode('AK')).toEqual(['access_key_id', 'access_key_secret', 'region_id']);
    expect(keysForMode('ChainableRamRoleArn')).toContain('source_profile');
    expect(keysForMode('EcsRamRole')).toEqual(['ram_role_name', 'region_id']);
    expect(modesUsing('source_profile')).toEqual(['ChainableRamRoleArn']);
    expect(modesUsing('oidc_token_file')).toEqual(['OIDC']);
    expect(Object.keys(MODE_RULES).sort()).toEqual([...MODES].sort());
  });
});

describe('setProfileKeys', () => {
  it('changes keys in place, inserts new ones where the aliyun CLI writes them, removes emptied ones', () => {
    const profile = { name: 'p', mode: 'AK', access_key_id: 'a', mine: 1, region_id: 'cn-hangzhou', site: 'china', theirs: true };
    const changed = setProfileKeys(profile, {
      region_id: 'cn-beijing',
      access_key_secret: 's',
      expired_seconds: 900,
      site: '',
      custom_new: 'x',
    });
    expect(Object.entries(changed)).toEqual([
      ['name', 'p'],
      ['mode', 'AK'],
      ['access_key_id', 'a'],
      ['access_key_secret', 's'],
      ['expired_seconds', 900],
      ['mine', 1],
      ['region_id', 'cn-beijing'],
      ['theirs', true],
      ['custom_new', 'x'],
    ]);
    expect(profile.site).toBe('china');
  });

  it('replaces the first profile of a name, or appends', () => {
    const config = { current: '', profiles: [{ name: 'a', mode: 'AK' }, { name: 'a', mode: 'StsToken' }] };
    expect(withProfile(config, { name: 'a', mode: 'OIDC' }).profiles.map((p) => p.mode)).toEqual(['OIDC', 'StsToken']);
    expect(withProfile(config, { name: 'b', mode: 'AK' }).profiles).toHaveLength(3);
    expect(config.profiles[0].mode).toBe('AK');
  });
});

describe('maskProfile', () => {
  it('masks every secret and nothing else', () => {
    const masked = maskProfile({
      name: 'p',
      mode: 'StsToken',
      access_key_id: 'LTAI5tExampleKeyId',
      access_key_secret: 'VerySecretAccessKeySecret',
      sts_token: 'CAIS-long-security-token',
      private_key: '-----BEGIN RSA PRIVATE KEY-----abc',
      bearer_token: 'short',
      oauth_refresh_token: 'refresh-token-value',
    });
    expect(masked.access_key_id).toBe('LTAI5tExampleKeyId');
    expect(masked.access_key_secret).toBe('****cret');
    expect(masked.bearer_token).toBe('****');
    expect(JSON.stringify(masked)).not.toMatch(/SecretAccessKey|long-security|PRIVATE KEY|refresh-token/);
  });
});
