import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import {
  MAX_ACCESS_KEYS,
  checkAccessKeyId,
  createAccessKey,
  listAccessKeysWithLastUse,
  setAccessKeyStatus,
} from '../../src/ram/access-keys.js';
import { fakeRam } from './users-fake-ram.js';
import { hintOf } from '../helpers/hint.js';

const keys = (...ids: string[]) => () => ({ AccessKeys: { AccessKey: ids.map((AccessKeyId) => ({ AccessKeyId, Status: 'Active' })) } });

describe('createAccessKey', () => {
  it(`refuses locally when the user already holds ${MAX_ACCESS_KEYS} keys: no CreateAccessKey call`, async () => {
    const { ram, actions } = fakeRam({ ListAccessKeys: keys('LTAIa', 'LTAIb'), CreateAccessKey: () => ({}) });
    const error = await createAccessKey(ram, 'dora').catch((e) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe('user dora already has 2 access keys (LTAIa, LTAIb), the most RAM allows (2)');
    expect(hintOf(error)).toBe('delete one first: aliaudit ram access-key delete <key-id> --user dora');
    expect(actions()).toEqual(['ListAccessKeys']);
  });

  it('creates one when there is room and answers the API\'s AccessKey, secret included', async () => {
    const created = { AccessKeyId: 'LTAInew', AccessKeySecret: 's3cret', Status: 'Active', CreateDate: '2026-01-01T00:00:00Z' };
    const { ram, calls } = fakeRam({ ListAccessKeys: keys('LTAIa'), CreateAccessKey: () => ({ AccessKey: created }) });
    expect(await createAccessKey(ram, 'dora')).toEqual(created);
    expect(calls[1]).toEqual({ action: 'CreateAccessKey', params: { UserName: 'dora' } });
  });
});

describe('listAccessKeysWithLastUse', () => {
  it('adds each key\'s LastUsedDate, leaving it out for a key never used', async () => {
    const { ram, calls } = fakeRam({
      ListAccessKeys: keys('LTAIa', 'LTAIb'),
      GetAccessKeyLastUsed: (p) => ({ AccessKeyLastUsed: p.UserAccessKeyId === 'LTAIa' ? { LastUsedDate: '2026-02-02T00:00:00Z' } : {} }),
    });
    expect(await listAccessKeysWithLastUse(ram, 'dora')).toEqual([
      { AccessKeyId: 'LTAIa', Status: 'Active', LastUsedDate: '2026-02-02T00:00:00Z' },
      { AccessKeyId: 'LTAIb', Status: 'Active' },
    ]);
    expect(calls.slice(1).map((c) => c.params)).toEqual([
      { UserName: 'dora', UserAccessKeyId: 'LTAIa' },
      { UserName: 'dora', UserAccessKeyId: 'LTAIb' },
    ]);
  });
});

describe('setAccessKeyStatus and checkAccessKeyId', () => {
  it('UpdateAccessKey with the status', async () => {
    const { ram, calls } = fakeRam({ UpdateAccessKey: () => ({}) });
    await setAccessKeyStatus(ram, 'dora', 'LTAIa', 'Inactive');
    expect(calls).toEqual([{ action: 'UpdateAccessKey', params: { UserName: 'dora', UserAccessKeyId: 'LTAIa', Status: 'Inactive' } }]);
  });

  it('an id that cannot be a key id is bad input naming the field', () => {
    expect(checkAccessKeyId('LTAI5tAbc123')).toBe('LTAI5tAbc123');
    expect(() => checkAccessKeyId('LTAI 5t', 'key id')).toThrow(/^key id "LTAI 5t" is not an access key id$/);
    expect(() => checkAccessKeyId('')).toThrow(InputError);
  });
});
