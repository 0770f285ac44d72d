import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { ACCOUNT, acs3Call, imdsInstanceWorld, jsonOf, startWorld, startWorldJson, stsClient } from './helpers.js';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startWorld();
});
afterAll(() => emulator.close());

const TTL = 'X-aliyun-ecs-metadata-token-ttl-seconds';
const TOKEN = 'X-aliyun-ecs-metadata-token';
const CREDENTIALS = '/latest/meta-data/ram/security-credentials/';

async function token(ttl = '21600', on = emulator): Promise<Response> {
  return fetch(`${on.url}/latest/api/token`, { method: 'PUT', headers: { [TTL]: ttl } });
}

async function get(path: string, metadataToken?: string, on = emulator): Promise<Response> {
  return fetch(`${on.url}${path}`, { headers: metadataToken === undefined ? {} : { [TOKEN]: metadataToken } });
}

function keysOf(body: any) {
  return { accessKeyId: body.AccessKeyId, accessKeySecret: body.AccessKeySecret, securityToken: body.SecurityToken };
}

describe('ECS instance metadata', () => {
  it('serves the IMDSv2 flow: token, role name, credentials that work', async () => {
    const issued = await token();
    expect(issued.status).toBe(200);
    const metadataToken = await issued.text();
    expect(metadataToken.length).toBeGreaterThan(20);

    const roleName = await get(CREDENTIALS, metadataToken);
    expect([roleName.status, await roleName.text()]).toEqual([200, 'EcsScanRole']);
    expect(await (await get('/latest/meta-data/instance-id', metadataToken)).text()).toBe('i-bastion0001');

    const response = await get(`${CREDENTIALS}EcsScanRole`, metadataToken);
    expect(response.status).toBe(200);
    const body = await jsonOf(response);
    expect(Object.keys(body)).toEqual(['AccessKeyId', 'AccessKeySecret', 'SecurityToken', 'Expiration', 'LastUpdated', 'Code']);
    expect(body).toMatchObject({
      Code: 'Success',
      AccessKeyId: expect.stringMatching(/^STS\./),
      Expiration: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
      LastUpdated: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
    });
    const identity = (await (await stsClient(emulator, keysOf(body))).getCallerIdentity()).body;
    expect(identity).toMatchObject({ identityType: 'AssumedRoleUser', arn: `acs:ram::${ACCOUNT}:assumed-role/EcsScanRole/i-bastion0001` });
  });

  it('falls back to IMDSv1 for requests without a token', async () => {
    expect(await (await get(CREDENTIALS)).text()).toBe('EcsScanRole');
    const body = await jsonOf(get(`${CREDENTIALS}EcsScanRole`));
    expect(body.Code).toBe('Success');
  });

  it('answers the same credentials until they near expiry, then rotates them', async () => {
    const first = await jsonOf(get(`${CREDENTIALS}EcsScanRole`));
    const second = await jsonOf(get(`${CREDENTIALS}EcsScanRole`));
    expect(second.AccessKeyId).toBe(first.AccessKeyId);
    emulator.state.clockOffsetMs += 5.5 * 3600_000;
    try {
      const rotated = await jsonOf(get(`${CREDENTIALS}EcsScanRole`));
      expect(rotated.AccessKeyId).not.toBe(first.AccessKeyId);
      expect(Date.parse(rotated.LastUpdated)).toBeGreaterThan(Date.parse(first.LastUpdated));
    } finally {
      emulator.state.clockOffsetMs -= 5.5 * 3600_000;
    }
  });

  it('refuses an unknown or expired token with 401', async () => {
    expect((await get(CREDENTIALS, 'not-a-token')).status).toBe(401);
    const shortLived = await (await token('1')).text();
    expect((await get(CREDENTIALS, shortLived)).status).toBe(200);
    emulator.state.clockOffsetMs += 2000;
    try {
      expect((await get(CREDENTIALS, shortLived)).status).toBe(401);
    } finally {
      emulator.state.clockOffsetMs -= 2000;
    }
  });

  it.each(['0', '21601', 'abc'])('refuses a token TTL of %s', async (ttl) => {
    expect((await token(ttl)).status).toBe(400);
  });

  it('refuses a token request without a TTL, and a GET of the token path', async () => {
    expect((await fetch(`${emulator.url}/latest/api/token`, { method: 'PUT' })).status).toBe(400);
    expect((await fetch(`${emulator.url}/latest/api/token`)).status).toBe(405);
  });

  it('answers 404 for a wrong role name and unknown paths', async () => {
    expect((await get(`${CREDENTIALS}AuditRole`)).status).toBe(404);
    expect((await get('/latest/meta-data/nothing-here')).status).toBe(404);
  });
});

describe('ECS instance metadata of an instance in the world\'s Ecs section', () => {
  const machineWith = (metadataOptions: Record<string, string> | undefined, options: { idFromName?: boolean } = {}) =>
    startWorldJson(imdsInstanceWorld(metadataOptions, options));

  it('with HttpTokens "required" (hardened mode) refuses tokenless reads with 401, and still serves IMDSv2', async () => {
    const hardened = await machineWith({ HttpTokens: 'required', HttpEndpoint: 'enabled' });
    try {
      for (const path of [CREDENTIALS, `${CREDENTIALS}EcsScanRole`, '/latest/meta-data/instance-id']) {
        expect([path, (await get(path, undefined, hardened)).status]).toEqual([path, 401]);
      }
      const metadataToken = await (await token('60', hardened)).text();
      expect(await (await get(CREDENTIALS, metadataToken, hardened)).text()).toBe('EcsScanRole');
      expect((await jsonOf(get(`${CREDENTIALS}EcsScanRole`, metadataToken, hardened))).Code).toBe('Success');
      expect((await get(CREDENTIALS, 'not-a-token', hardened)).status).toBe(401);
    } finally {
      await hardened.close();
    }
  });

  it('finds the instance by the id derived from its name, too', async () => {
    const hardened = await machineWith({ HttpTokens: 'required' }, { idFromName: true });
    try {
      expect((await get(CREDENTIALS, undefined, hardened)).status).toBe(401);
    } finally {
      await hardened.close();
    }
  });

  it.each([
    ['"optional"', { HttpTokens: 'optional' }],
    ['absent', undefined],
  ])('with HttpTokens %s keeps serving IMDSv1', async (_, metadataOptions) => {
    const normal = await machineWith(metadataOptions);
    try {
      expect(await (await get(CREDENTIALS, undefined, normal)).text()).toBe('EcsScanRole');
      expect((await jsonOf(get(`${CREDENTIALS}EcsScanRole`, undefined, normal))).Code).toBe('Success');
    } finally {
      await normal.close();
    }
  });
});

describe('credentials URIs', () => {
  it('answers a fresh session of the role on every GET', async () => {
    const first = await fetch(`${emulator.url}/credentials/ci`);
    expect(first.status).toBe(200);
    const body = await jsonOf(first);
    expect(Object.keys(body)).toEqual(['Code', 'AccessKeyId', 'AccessKeySecret', 'SecurityToken', 'Expiration']);
    expect(body.Code).toBe('Success');
    const second = await jsonOf(fetch(`${emulator.url}/credentials/ci`));
    expect(second.AccessKeyId).not.toBe(body.AccessKeyId);
    const identity = await acs3Call(emulator, { action: 'GetCallerIdentity', keys: keysOf(body) });
    expect(identity.body.Arn).toBe(`acs:ram::${ACCOUNT}:assumed-role/CiRole/credentials-uri`);
  });

  it('works with the credentials SDK\'s URI provider', async () => {
    const module: any = await import('@alicloud/credentials');
    const exports = module.Config ? module : module.default;
    const Credential = exports.default ?? module.default;
    const { Config } = exports;
    const credential = new Credential(new Config({ type: 'credentials_uri', credentialsURI: `${emulator.url}/credentials/ci` }));
    const model = await credential.getCredential();
    expect(model.accessKeyId).toMatch(/^STS\./);
    expect(model.securityToken).toMatch(/^CAIS/);
  });

  it('answers GET only, and nothing on other paths', async () => {
    expect((await fetch(`${emulator.url}/credentials/ci`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${emulator.url}/credentials/other`)).status).toBe(404);
  });
});
