import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorld } from '../../src/emulator/world.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import { acs3Signature, sha256Hex } from '../../src/emulator/signature.js';
import {
  KEYS,
  WORLD_FILE,
  type Keys,
  acs3Call,
  apiDate,
  jsonOf,
  roleArn,
  rpcCall,
  sdkError,
  startWorld,
  stsClient,
  stsModels,
} from './helpers.js';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startWorld();
});
afterAll(() => emulator.close());

const both = [
  ['ACS3', acs3Call],
  ['RPC v1', rpcCall],
] as const;

async function sessionKeys(): Promise<Keys> {
  const answer = await acs3Call(emulator, {
    action: 'AssumeRole',
    keys: KEYS.alice,
    params: { RoleArn: roleArn('AuditRole'), RoleSessionName: 'server-test', DurationSeconds: '900' },
  });
  expect(answer.status).toBe(200);
  const { AccessKeyId, AccessKeySecret, SecurityToken } = answer.body.Credentials;
  return { accessKeyId: AccessKeyId, accessKeySecret: AccessKeySecret, securityToken: SecurityToken };
}

describe.each(both)('%s signatures', (_name, call) => {
  it('accept a correctly signed request', async () => {
    const answer = await call(emulator, { action: 'GetCallerIdentity', keys: KEYS.alice });
    expect(answer.status).toBe(200);
    expect(answer.body.Arn).toMatch(/user\/alice$/);
    expect(answer.headers.get('x-acs-request-id')).toBe(answer.body.RequestId);
  });

  it('refuse a wrong secret', async () => {
    const answer = await call(emulator, { action: 'GetCallerIdentity', keys: { ...KEYS.alice, accessKeySecret: 'not-the-secret' } });
    expect(answer.status).toBe(400);
    expect(answer.body.Code).toBe('SignatureDoesNotMatch');
  });

  it('refuse a parameter changed after signing', async () => {
    const answer = await call(emulator, {
      action: 'AssumeRole',
      keys: KEYS.alice,
      params: { RoleArn: roleArn('AuditRole'), RoleSessionName: 'signed' },
      tamper: (request) => {
        request.query.RoleSessionName = 'tampered';
      },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.Code).toBe('SignatureDoesNotMatch');
  });

  it('refuse a replayed nonce', async () => {
    const nonce = `nonce-${Math.random()}`;
    expect((await call(emulator, { action: 'GetCallerIdentity', keys: KEYS.alice, nonce })).status).toBe(200);
    const replay = await call(emulator, { action: 'GetCallerIdentity', keys: KEYS.alice, nonce });
    expect(replay.status).toBe(400);
    expect(replay.body.Code).toBe('SignatureNonceUsed');
  });

  it('refuse a date more than 15 minutes off', async () => {
    const stale = apiDate(new Date(emulator.state.now().getTime() - 16 * 60_000));
    const answer = await call(emulator, { action: 'GetCallerIdentity', keys: KEYS.alice, date: stale });
    expect(answer.status).toBe(400);
    expect(answer.body.Code).toBe('InvalidTimeStamp.Expired');
    const early = apiDate(new Date(emulator.state.now().getTime() + 16 * 60_000));
    expect((await call(emulator, { action: 'GetCallerIdentity', keys: KEYS.alice, date: early })).body.Code).toBe('InvalidTimeStamp.Expired');
    expect((await call(emulator, { action: 'GetCallerIdentity', keys: KEYS.alice, date: 'yesterday' })).body.Code).toBe(
      'InvalidTimeStamp.Format',
    );
  });

  it('refuse an inactive key and an unknown key', async () => {
    const inactive = await call(emulator, { action: 'GetCallerIdentity', keys: KEYS.carol });
    expect(inactive.status).toBe(400);
    expect(inactive.body.Code).toBe('InvalidAccessKeyId.Inactive');
    const unknown = await call(emulator, { action: 'GetCallerIdentity', keys: { accessKeyId: 'LTAInobody', accessKeySecret: 'x' } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.Code).toBe('InvalidAccessKeyId.NotFound');
  });

  it('check STS tokens against their key', async () => {
    const session = await sessionKeys();
    const other = await sessionKeys();
    const missing = await call(emulator, { action: 'GetCallerIdentity', keys: { ...session, securityToken: undefined } });
    expect([missing.status, missing.body.Code]).toEqual([400, 'MissingSecurityToken']);
    const mismatch = await call(emulator, { action: 'GetCallerIdentity', keys: { ...session, securityToken: other.securityToken } });
    expect([mismatch.status, mismatch.body.Code]).toEqual([400, 'InvalidSecurityToken.MismatchWithAccessKey']);
    const malformed = await call(emulator, { action: 'GetCallerIdentity', keys: { ...session, securityToken: 'CAISnonsense' } });
    expect([malformed.status, malformed.body.Code]).toEqual([400, 'InvalidSecurityToken.Malformed']);
    const withPermanentKey = await call(emulator, { action: 'GetCallerIdentity', keys: { ...KEYS.alice, securityToken: session.securityToken } });
    expect([withPermanentKey.status, withPermanentKey.body.Code]).toEqual([400, 'InvalidSecurityToken.MismatchWithAccessKey']);
    const unknownSts = await call(emulator, { action: 'GetCallerIdentity', keys: { ...session, accessKeyId: 'STS.NTnotissued' } });
    expect([unknownSts.status, unknownSts.body.Code]).toEqual([404, 'InvalidAccessKeyId.NotFound']);
  });
});

describe('tokens over time', () => {
  it('expire when the emulated clock passes their Expiration', async () => {
    const session = await sessionKeys();
    expect((await acs3Call(emulator, { action: 'GetCallerIdentity', keys: session })).status).toBe(200);
    const advanced = await fetch(`${emulator.url}/_emulator/clock?advance=901`, { method: 'POST' });
    expect(advanced.status).toBe(200);
    expect(await jsonOf(advanced)).toMatchObject({ ok: true, now: expect.any(String) });
    try {
      const answer = await acs3Call(emulator, { action: 'GetCallerIdentity', keys: session });
      expect([answer.status, answer.body.Code]).toEqual([400, 'InvalidSecurityToken.Expired']);
      const viaSdk = await sdkError((await stsClient(emulator, session)).getCallerIdentity());
      expect(viaSdk).toMatchObject({ code: 'InvalidSecurityToken.Expired', statusCode: 400 });
    } finally {
      emulator.state.clockOffsetMs -= 901_000;
    }
  });

  it('accept dates near the real clock or the emulated one once the clock is advanced', async () => {
    emulator.state.clockOffsetMs += 3600_000;
    try {
      const real = await acs3Call(emulator, { action: 'GetCallerIdentity', keys: KEYS.alice, date: apiDate(new Date()) });
      expect(real.status).toBe(200);
      const emulated = await rpcCall(emulator, { action: 'GetCallerIdentity', keys: KEYS.alice });
      expect(emulated.status).toBe(200);
      const between = apiDate(new Date(Date.now() + 30 * 60_000));
      const neither = await acs3Call(emulator, { action: 'GetCallerIdentity', keys: KEYS.alice, date: between });
      expect([neither.status, neither.body.Code]).toEqual([400, 'InvalidTimeStamp.Expired']);
    } finally {
      emulator.state.clockOffsetMs -= 3600_000;
    }
  });

  it('stop working when their role is deleted', async () => {
    const session = await sessionKeys();
    const roles = emulator.state.Accounts.get('1234567890123456')!.Roles;
    const role = roles.get('AuditRole')!;
    roles.delete('AuditRole');
    try {
      const answer = await acs3Call(emulator, { action: 'GetCallerIdentity', keys: session });
      expect([answer.status, answer.body.Code]).toEqual([400, 'InvalidSecurityToken.Expired']);
    } finally {
      roles.set('AuditRole', role);
    }
  });
});

describe('ACS3 details', () => {
  const host = () => new URL(emulator.url).host;

  function signedHeaders(headers: Record<string, string>, names: string[], keys: Keys, query: Record<string, string> = {}) {
    const signature = acs3Signature(keys.accessKeySecret, {
      method: 'POST',
      path: '/',
      query,
      headers,
      signedHeaders: names,
      hashedPayload: sha256Hex(''),
    });
    const { host: _host, ...sent } = headers;
    return { ...sent, authorization: `ACS3-HMAC-SHA256 Credential=${keys.accessKeyId},SignedHeaders=${names.join(';')},Signature=${signature}` };
  }

  const base = () => ({
    host: host(),
    'x-acs-action': 'GetCallerIdentity',
    'x-acs-version': '2015-04-01',
    'x-acs-date': apiDate(emulator.state.now()),
    'x-acs-signature-nonce': `n-${Math.random()}`,
    'user-agent': 'hand-made/1.0',
  });

  it('verifies exactly the headers listed in SignedHeaders, whatever else is sent', async () => {
    const headers = base();
    const names = ['host', 'user-agent', 'x-acs-action', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-version'];
    const response = await fetch(`${emulator.url}/`, { method: 'POST', headers: signedHeaders(headers, names, KEYS.alice) });
    expect(response.status).toBe(200);
  });

  it('refuses a request that leaves x-acs-date or the nonce unsigned', async () => {
    const headers = base();
    const names = ['host', 'x-acs-action', 'x-acs-version', 'x-acs-signature-nonce'];
    const response = await fetch(`${emulator.url}/`, { method: 'POST', headers: signedHeaders(headers, names, KEYS.alice) });
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).Code).toBe('IncompleteSignature');
  });

  it('checks x-acs-content-sha256 against the body', async () => {
    const headers = { ...base(), 'x-acs-content-sha256': sha256Hex('') };
    const names = Object.keys(headers).filter((name) => name !== 'user-agent').sort();
    const response = await fetch(`${emulator.url}/`, {
      method: 'POST',
      headers: { ...signedHeaders(headers, names, KEYS.alice), 'content-type': 'application/octet-stream' },
      body: 'smuggled',
    });
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).Code).toBe('SignatureDoesNotMatch');
  });

  it('decodes and re-encodes the query, as Node querystring leaves !*() alone', async () => {
    const query = { RoleArn: roleArn('AuditRole'), RoleSessionName: 'it(s)!*' };
    const headers = { ...base(), 'x-acs-action': 'AssumeRole' };
    const names = Object.keys(headers).sort();
    const raw = 'RoleArn=' + encodeURIComponent(query.RoleArn) + '&RoleSessionName=it(s)!*';
    const response = await fetch(`${emulator.url}/?${raw}`, { method: 'POST', headers: signedHeaders(headers, names, KEYS.alice, query) });
    // Signature verified; the session name is then refused by STS for its characters.
    expect((await jsonOf(response)).Code).toBe('InvalidParameter.RoleSessionName');
  });

  it.each([
    ['not ACS3', 'Basic dXNlcjpwYXNz'],
    ['no SignedHeaders', `ACS3-HMAC-SHA256 Credential=LTAIalice001,Signature=${'0'.repeat(64)}`],
  ])('answers IncompleteSignature for a garbled Authorization (%s)', async (_why, authorization) => {
    const response = await fetch(`${emulator.url}/`, { method: 'POST', headers: { ...base(), authorization } });
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).Code).toBe('IncompleteSignature');
  });
});

describe('routing and error shapes', () => {
  it('answers InvalidAction.NotFound for an unknown action, in the real error shape', async () => {
    const answer = await acs3Call(emulator, { action: 'NoSuchAction', keys: KEYS.alice });
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({
      RequestId: expect.stringMatching(/^[0-9A-F-]{36}$/),
      HostId: expect.any(String),
      Code: 'InvalidAction.NotFound',
      Message: 'Specified api is not found, please check your url and method.',
      Recommend: expect.stringMatching(/^https:\/\/api\.aliyun\.com\/troubleshoot\?q=InvalidAction\.NotFound/),
    });
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('answers InvalidVersion for a version no product has, and 404 for other paths', async () => {
    const answer = await acs3Call(emulator, { action: 'GetCallerIdentity', version: '2099-01-01', keys: KEYS.alice });
    expect([answer.status, answer.body.Code]).toEqual([400, 'InvalidVersion']);
    const other = await fetch(`${emulator.url}/some/path`, { method: 'POST' });
    expect(other.status).toBe(404);
    expect((await jsonOf(other)).Code).toBe('InvalidAction.NotFound');
  });

  it('refuses unsigned calls to actions that need a signature', async () => {
    const response = await fetch(`${emulator.url}/?Action=GetCallerIdentity&Version=2015-04-01`, { method: 'POST' });
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).Code).toBe('IncompleteSignature');
  });

  it('routes RPC calls by the signed Action parameter, not by a header', async () => {
    const answer = await rpcCall(emulator, {
      action: 'GetCallerIdentity',
      keys: KEYS.alice,
      tamper: (request) => {
        request.headers['x-acs-action'] = 'AssumeRole';
      },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.IdentityType).toBe('RAMUser');
  });
});

function worldWith(extra: Record<string, unknown>) {
  return loadWorld({ ...JSON.parse(readFileSync(WORLD_FILE, 'utf8')), ...extra });
}

describe('test controls', () => {
  it('answers health and refuses a bad clock request', async () => {
    expect(await jsonOf(fetch(`${emulator.url}/_emulator/health`))).toEqual({ ok: true });
    expect((await fetch(`${emulator.url}/_emulator/clock?advance=soon`, { method: 'POST' })).status).toBe(400);
    expect((await fetch(`${emulator.url}/_emulator/nothing`)).status).toBe(404);
  });

  it('counts every call per API and how it was answered, and counts what the world holds', async () => {
    const counted = await startEmulator({ state: worldWith({ Quotas: { 'sts:GetCallerIdentity': { Qps: 1 } } }), port: 0 });
    try {
      const call = () => acs3Call(counted, { action: 'GetCallerIdentity', keys: KEYS.alice });
      const statuses = [(await call()).status, (await call()).status];
      expect(statuses).toContain(200);
      await acs3Call(counted, { action: 'AssumeRole', keys: KEYS.alice, params: { RoleArn: roleArn('NoSuchRole'), RoleSessionName: 'x' } });
      const stats = await jsonOf(fetch(`${counted.url}/_emulator/stats`));
      const identity = stats.calls['sts:GetCallerIdentity'];
      expect(identity.answered + identity.throttled).toBe(2);
      expect(stats.calls['sts:AssumeRole']).toEqual({ answered: 0, throttled: 0, refused: 1, faulted: 0 });
      const world = JSON.parse(readFileSync(WORLD_FILE, 'utf8'));
      expect(stats.inventory[0]).toMatchObject({ accountId: world.Accounts[0].AccountId, users: world.Accounts[0].Users.length });
      expect(stats.inventory[0].listedPolicies).toBeGreaterThan(stats.inventory[0].attachedPolicies);
    } finally {
      await counted.close();
    }
  });
});

describe('quotas and latency', () => {
  it('answers Throttling.User with x-acs-retry-after over the quota, per caller and API', async () => {
    const state = worldWith({ Quotas: { Default: { Qps: 100 }, 'sts:GetCallerIdentity': { Qps: 2 } } });
    const fixed = new Date(Math.floor(Date.now() / 1000) * 1000 + 250);
    state.now = () => fixed;
    const throttled = await startEmulator({ state, port: 0 });
    try {
      const call = (keys: Keys) => acs3Call(throttled, { action: 'GetCallerIdentity', keys });
      expect((await call(KEYS.alice)).status).toBe(200);
      expect((await call(KEYS.alice)).status).toBe(200);
      const over = await call(KEYS.alice);
      expect([over.status, over.body.Code]).toEqual([400, 'Throttling.User']);
      expect(over.headers.get('x-acs-retry-after')).toBe('750');
      expect((await call(KEYS.root)).status).toBe(200);
      const sdk = await sdkError((await stsClient(throttled, KEYS.alice)).getCallerIdentity());
      expect(sdk).toMatchObject({ code: 'Throttling.User', statusCode: 400, retryAfter: 750 });
      const models = await stsModels();
      const other = await (await stsClient(throttled, KEYS.alice)).assumeRole(
        new models.AssumeRoleRequest({ roleArn: roleArn('AuditRole'), roleSessionName: 'still-ok' }),
      );
      expect(other.statusCode).toBe(200);
    } finally {
      await throttled.close();
    }
  });

  it('delays OpenAPI answers by latencyMs', async () => {
    // The emulator waits on a timer that records the wait instead of timing it.
    const waits: number[] = [];
    const slow = await startEmulator({ state: worldWith({}), port: 0, latencyMs: 150, timer: { sleep: async (ms) => void waits.push(ms) } });
    try {
      expect((await acs3Call(slow, { action: 'GetCallerIdentity', keys: KEYS.alice })).status).toBe(200);
      expect(waits).toEqual([150]);
    } finally {
      await slow.close();
    }
  });
});
