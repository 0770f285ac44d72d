import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import type { ConfigFile } from '../../profiles/model.js';
import { requireProfile, selectProfileName } from '../../profiles/select.js';
import { configPath } from '../../profiles/path.js';
import { hintOf } from '../helpers/hint.js';

const config: ConfigFile = {
  current: 'from-current',
  profiles: [
    { name: 'a', mode: 'AK' },
    { name: 'b', mode: 'AK', region_id: 'first' },
    { name: 'b', mode: 'AK', region_id: 'second' },
  ],
};

describe('selectProfileName', () => {
  const all = { ALIBABACLOUD_PROFILE: 'e1', ALIBABA_CLOUD_PROFILE: 'e2', ALICLOUD_PROFILE: 'e3' };

  it('takes --profile first', () => {
    expect(selectProfileName({ flag: 'flag', env: all, config })).toBe('flag');
  });

  it('then ALIBABACLOUD_PROFILE, ALIBABA_CLOUD_PROFILE, ALICLOUD_PROFILE in that order', () => {
    expect(selectProfileName({ env: all, config })).toBe('e1');
    expect(selectProfileName({ env: { ...all, ALIBABACLOUD_PROFILE: '' }, config })).toBe('e2');
    expect(selectProfileName({ env: { ALICLOUD_PROFILE: 'e3' }, config })).toBe('e3');
  });

  it('then the current profile; an empty one selects nothing', () => {
    expect(selectProfileName({ env: {}, config })).toBe('from-current');
    expect(selectProfileName({ env: {}, config: { ...config, current: '' } })).toBeUndefined();
    expect(selectProfileName({ flag: '', env: {}, config: { ...config, current: '' } })).toBeUndefined();
  });
});

describe('requireProfile', () => {
  it('returns the first profile of that name, as the aliyun CLI does', () => {
    expect(requireProfile(config, 'b', '/x/config.json').region_id).toBe('first');
  });

  it('names the profiles that exist and the command that lists them', () => {
    const error = (() => {
      try {
        requireProfile(config, 'nope', '/x/config.json');
      } catch (e) {
        return e;
      }
    })() as InputError;
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe('unknown profile "nope" in /x/config.json; the profiles are: a, b');
    expect(hintOf(error)).toContain('aliaudit configure list');
  });

  it('says so when there are no profiles at all, and how to make one', () => {
    expect(() => requireProfile({ current: '', profiles: [] }, 'x', '/c.json')).toThrow(/there are no profiles in \/c.json/);
  });
});

describe('configPath', () => {
  it('takes --config-path, then ALIBABA_CLOUD_CONFIG_FILE, then ~/.aliyun/config.json', () => {
    const env = { ALIBABA_CLOUD_CONFIG_FILE: '/env/config.json' };
    expect(configPath({ flag: '/flag.json', env, homedir: '/home/u' })).toBe('/flag.json');
    expect(configPath({ env, homedir: '/home/u' })).toBe('/env/config.json');
    expect(configPath({ env: {}, homedir: '/home/u' })).toBe('/home/u/.aliyun/config.json');
  });

  it('expands a leading ~ the shell left alone (--config-path=~/x)', () => {
    expect(configPath({ flag: '~/cfg/config.json', env: {}, homedir: '/home/u' })).toBe('/home/u/cfg/config.json');
    expect(configPath({ env: { ALIBABA_CLOUD_CONFIG_FILE: '~/e.json' }, homedir: '/home/u' })).toBe('/home/u/e.json');
  });

  it('asks for HOME or --config-path when there is no home folder', () => {
    expect(() => configPath({ env: {}, homedir: '' })).toThrow(/home folder/);
  });
});
