import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { ACCOUNT, KEYS, acs3Call, fixtureWorld, rpcCall, startWorldJson } from './helpers.js';

const DAY = 86_400_000;

let emulator: RunningEmulator;
beforeAll(async () => {
  // The fixture world with bob's key last used 30 days ago.
  const json = fixtureWorld();
  json.Accounts[0].Users.find((user: { UserName: string }) => user.UserName === 'bob').AccessKeys[0].LastUsedDate = '-30d';
  emulator = await startWorldJson(json);
});
afterAll(() => emulator.close());

const keyOf = (userName: string) => emulator.state.Accounts.get(ACCOUNT)!.Users.get(userName)!.AccessKeys[0];

/** GetAccessKeyLastUsed as root answers it: for a user's key, or (no user) for root's own. */
async function lastUsed(accessKeyId: string, userName?: string): Promise<number | undefined> {
  const params: Record<string, string> = { UserAccessKeyId: accessKeyId, ...(userName ? { UserName: userName } : {}) };
  const answer = await acs3Call(emulator, { action: 'GetAccessKeyLastUsed', version: '2015-05-01', params, keys: KEYS.root });
  expect(answer.status).toBe(200);
  const date = answer.body.AccessKeyLastUsed.LastUsedDate as string | undefined;
  return date === undefined ? undefined : Date.parse(date);
}

describe('access key LastUsedDate', () => {
  it('keeps the world\'s date until the key is used; a refused signature does not count', async () => {
    const worldDate = Date.now() - 30 * DAY;
    expect(Math.abs((await lastUsed(KEYS.bob.accessKeyId, 'bob'))! - worldDate)).toBeLessThan(5_000);

    const forged = await acs3Call(emulator, { action: 'GetCallerIdentity', keys: { ...KEYS.bob, accessKeySecret: 'wrong-secret' } });
    expect(forged.body.Code).toBe('SignatureDoesNotMatch');
    expect(Math.abs((await lastUsed(KEYS.bob.accessKeyId, 'bob'))! - worldDate)).toBeLessThan(5_000);
  });

  it('a verified call sets it to the emulated now, which GetAccessKeyLastUsed then answers', async () => {
    const before = emulator.state.now().getTime();
    const called = await acs3Call(emulator, { action: 'GetCallerIdentity', keys: KEYS.bob });
    expect(called.status).toBe(200);
    const used = (await lastUsed(KEYS.bob.accessKeyId, 'bob'))!;
    expect(used).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(used).toBeLessThanOrEqual(emulator.state.now().getTime());
    expect(new Date(used).toISOString().slice(0, 10)).toBe(emulator.state.now().toISOString().slice(0, 10));
  });

  it('follows the emulated clock, for RPC v1 signatures too', async () => {
    emulator.state.clockOffsetMs += 2 * DAY;
    try {
      expect((await rpcCall(emulator, { action: 'GetCallerIdentity', keys: KEYS.bob })).status).toBe(200);
      expect(keyOf('bob').LastUsedDate!.getTime()).toBeGreaterThan(Date.now() + DAY);
    } finally {
      emulator.state.clockOffsetMs -= 2 * DAY;
    }
  });

  it('root\'s key is marked used by root\'s own calls', async () => {
    const rootKey = emulator.state.Accounts.get(ACCOUNT)!.Root.AccessKeys[0];
    rootKey.LastUsedDate = undefined;
    const used = (await lastUsed(KEYS.root.accessKeyId))!;
    expect(Math.abs(used - Date.now())).toBeLessThan(5_000);
  });

  it('a key that signed nothing keeps no date', async () => {
    expect(await lastUsed(KEYS.carol.accessKeyId, 'carol')).toBeUndefined();
  });
});
