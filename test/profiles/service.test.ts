import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyProfileChanges, deleteProfile, saveProfile, switchProfile } from '../../profiles/service.js';
import { ProfileStore } from '../../profiles/store.js';
import { InputError } from '../../src/core/errors.js';

/** The profiles service is what configure set and the wizard both call: rules and "make current" in one place. */
function store(initial?: object) {
  const path = join(mkdtempSync(join(tmpdir(), 'aliaudit-service-')), 'config.json');
  if (initial) writeFileSync(path, JSON.stringify(initial, null, '\t'));
  return { store: new ProfileStore(path), text: () => readFileSync(path, 'utf8') };
}

const ak = { access_key_id: 'LTAI5tKey', access_key_secret: 'a-secret-value', region_id: 'cn-hangzhou' };

describe('the profiles service', () => {
  it('saves a new profile with the aliyun CLI defaults, and makes it current', async () => {
    const { store: s, text } = store();
    const saved = await saveProfile(s, {}, { name: 'alice', fields: ak });
    expect(saved).toMatchObject({ created: true, profile: { name: 'alice', mode: 'AK', output_format: 'json', site: 'china' } });
    expect(JSON.parse(text()).current).toBe('alice');
    const again = await saveProfile(s, {}, { name: 'alice', fields: { region_id: 'cn-shanghai' } });
    expect(again).toMatchObject({ created: false, profile: { mode: 'AK', region_id: 'cn-shanghai', access_key_id: 'LTAI5tKey' } });
  });

  it('the selected profile (variables, then current) is the one changed when no name is given', async () => {
    const { store: s } = store({ current: 'alice', profiles: [{ name: 'alice', mode: 'AK', ...ak }, { name: 'bob', mode: 'AK', ...ak }] });
    expect((await saveProfile(s, { ALIBABA_CLOUD_PROFILE: 'bob' }, { fields: { region_id: 'cn-beijing' } })).profile.name).toBe('bob');
    expect((await saveProfile(s, {}, { fields: { region_id: 'cn-beijing' } })).profile.name).toBe('bob');
  });

  it('refuses a field of another mode, or an incomplete profile, writing nothing', async () => {
    const { store: s, text } = store({ current: 'alice', profiles: [{ name: 'alice', mode: 'AK', ...ak }] });
    const before = text();
    await expect(saveProfile(s, {}, { name: 'alice', fields: { source_profile: 'bob' } })).rejects.toThrow('--source-profile does not apply to mode AK');
    await expect(saveProfile(s, {}, { name: 'new', mode: 'RamRoleArn', fields: ak })).rejects.toBeInstanceOf(InputError);
    expect(text()).toBe(before);
  });

  it('switches and deletes, never leaving current dangling or a chain broken', async () => {
    const chained = { name: 'audit', mode: 'ChainableRamRoleArn', source_profile: 'alice', ram_role_arn: 'acs:ram::1234567890123456:role/R', ram_session_name: 's', region_id: 'cn-hangzhou' };
    const { store: s, text } = store({ current: 'alice', profiles: [{ name: 'alice', mode: 'AK', ...ak }, chained] });
    expect(await switchProfile(s, 'audit')).toMatchObject({ already: false, profile: { name: 'audit' } });
    expect(await switchProfile(s, 'audit')).toMatchObject({ already: true });
    const refused = await deleteProfile(s, 'alice').catch((e) => e);
    expect(refused.message).toContain("is the source profile of 'audit'");
    expect(refused.hint).toEqual({ text: 'delete it first, or give it another source', command: 'configure set --profile audit --source-profile <profile>' });
    expect(await deleteProfile(s, 'audit')).toEqual({ wasCurrent: true, current: 'alice' });
    expect(JSON.parse(text()).current).toBe('alice');
  });

  it('makes the same change in memory for the wizard, and a refused one leaves the config as it was', async () => {
    const config = { current: 'alice', profiles: [{ name: 'alice', mode: 'AK', ...ak }] };
    const before = structuredClone(config);
    expect(() => applyProfileChanges(config, {}, { name: 'bob', mode: 'AK', fields: { region_id: 'cn-hangzhou' } })).toThrow('is missing');
    expect(config).toEqual(before);
    const made = applyProfileChanges(config, {}, { name: 'bob', mode: 'EcsRamRole', fields: { region_id: 'cn-hangzhou' } });
    expect(made).toEqual({ created: true, profile: { name: 'bob', mode: 'EcsRamRole', region_id: 'cn-hangzhou', output_format: 'json', site: 'china' } });
    expect(config.current).toBe('bob');

    const { store: s, text } = store(before);
    await saveProfile(s, {}, { name: 'bob', mode: 'EcsRamRole', fields: { region_id: 'cn-hangzhou' } });
    expect(JSON.parse(text())).toEqual(config);
  });
});
