import { describe, expect, it } from 'vitest';
import { InputError, UserError } from '../../src/core/errors.js';
import type { ConfigFile, Profile } from '../../profiles/model.js';
import { profileChain } from '../../profiles/chain.js';
import { hintOf } from '../helpers/hint.js';

const chainable = (name: string, source?: string): Profile => ({
  name,
  mode: 'ChainableRamRoleArn',
  ...(source === undefined ? {} : { source_profile: source }),
  ram_role_arn: `acs:ram::1234567890123456:role/${name}`,
  ram_session_name: name,
  region_id: 'cn-hangzhou',
});
const config = (...profiles: Profile[]): ConfigFile => ({ current: '', profiles, meta_path: '' });
const ak: Profile = { name: 'alice-ak', mode: 'AK', access_key_id: 'id', access_key_secret: 'secret', region_id: 'cn-hangzhou' };

describe('profileChain', () => {
  it('walks a chain three deep down to the profile with keys', () => {
    const c = config(chainable('audit', 'ops'), chainable('ops', 'base'), chainable('base', 'alice-ak'), ak);
    expect(profileChain(c, 'audit').map((p) => p.name)).toEqual(['audit', 'ops', 'base', 'alice-ak']);
  });

  it('is the profile alone when it is not chained', () => {
    expect(profileChain(config(ak), 'alice-ak')).toEqual([ak]);
  });

  it('ends at any non-chain mode (an ECS role as source)', () => {
    const ecs: Profile = { name: 'ecs', mode: 'EcsRamRole', region_id: 'cn-hangzhou' };
    expect(profileChain(config(chainable('a', 'ecs'), ecs), 'a').map((p) => p.name)).toEqual(['a', 'ecs']);
  });

  it.each([
    ['a → b → a', [chainable('a', 'b'), chainable('b', 'a')], 'a'],
    ['a → b → c → a', [chainable('a', 'b'), chainable('b', 'c'), chainable('c', 'a')], 'a'],
    ['a → a', [chainable('a', 'a')], 'a'],
    ['x → a → b → a', [chainable('x', 'a'), chainable('a', 'b'), chainable('b', 'a')], 'x'],
  ])('refuses the loop %s, showing it', (loop, profiles, start) => {
    const error = caught(() => profileChain(config(...profiles), start));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(`profile chain loops: ${loop}`);
    expect(hintOf(error)).toContain('--source-profile');
  });

  it('refuses a missing source with the aliyun CLI words and a hint', () => {
    const c = config(chainable('audit', 'ops'), chainable('ops', 'gone'));
    const error = caught(() => profileChain(c, 'audit'));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe('can not load the source profile: gone');
    expect(hintOf(error)).toContain("profile 'ops' takes its credentials from 'gone'");
    expect(hintOf(error)).toContain('aliaudit configure set --profile gone');
  });

  it('refuses a chained profile with no source_profile', () => {
    expect(() => profileChain(config(chainable('a')), 'a')).toThrow(/'a' is ChainableRamRoleArn but has no --source-profile/);
  });

  it('refuses an unknown starting profile as a UserError listing the profiles', () => {
    expect(() => profileChain(config(ak), 'nope')).toThrow(UserError);
    expect(() => profileChain(config(ak), 'nope')).toThrow(/alice-ak/);
  });
});

function caught(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    return error as InputError;
  }
  throw new Error('expected an error');
}
