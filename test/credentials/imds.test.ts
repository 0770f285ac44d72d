import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError, UserError } from '../../src/core/errors.js';
import { imdsBase, instanceRoleCredentials } from '../../src/credentials/imds.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function fakeImds(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const body = JSON.stringify({
  Code: 'Success',
  AccessKeyId: 'STS.ecs',
  AccessKeySecret: 's',
  SecurityToken: 't',
  Expiration: '2030-01-01T00:00:00Z',
  LastUpdated: '2029-12-31T18:00:00Z',
});

describe('imdsBase', () => {
  it('is 100.100.100.200 unless ALIAUDIT_IMDS_ENDPOINT says otherwise', () => {
    expect(imdsBase({})).toBe('http://100.100.100.200');
    expect(imdsBase({ ALIAUDIT_IMDS_ENDPOINT: 'http://127.0.0.1:8080/' })).toBe('http://127.0.0.1:8080');
    expect(imdsBase({ ALIAUDIT_IMDS_ENDPOINT: 'https://imds.example.com/prefix/' })).toBe('https://imds.example.com/prefix');
    expect(() => imdsBase({ ALIAUDIT_IMDS_ENDPOINT: 'http://imds.example.com' })).toThrow(InputError);
  });
});

describe('instanceRoleCredentials', () => {
  it('takes the role from ALIBABA_CLOUD_ECS_METADATA without asking, and sends the v2 token', async () => {
    const seen: string[] = [];
    const base = await fakeImds((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers['x-aliyun-ecs-metadata-token'] ?? '-'} ${req.headers['x-aliyun-ecs-metadata-token-ttl-seconds'] ?? '-'}`);
      if (req.method === 'PUT') return res.end('tok');
      res.end(req.url === '/latest/meta-data/ram/security-credentials/FromEnv' ? body : 'nope');
    });
    const answer = await instanceRoleCredentials({ env: { ALIAUDIT_IMDS_ENDPOINT: base, ALIBABA_CLOUD_ECS_METADATA: 'FromEnv' } });
    expect(answer).toEqual({
      roleName: 'FromEnv',
      credentials: { accessKeyId: 'STS.ecs', accessKeySecret: 's', securityToken: 't', expiration: new Date('2030-01-01T00:00:00Z') },
    });
    expect(seen).toEqual(['PUT /latest/api/token - 21600', 'GET /latest/meta-data/ram/security-credentials/FromEnv tok -']);
  });

  it('names a refused tokenless read instead of calling it "no role"', async () => {
    const base = await fakeImds((req, res) => {
      res.writeHead(req.method === 'PUT' ? 404 : 401).end();
    });
    const error = await instanceRoleCredentials({ env: { ALIAUDIT_IMDS_ENDPOINT: base } }).catch((e) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toContain('refused to read without an IMDSv2 token (HTTP 401)');
  });

  it('says so when no role is attached', async () => {
    const base = await fakeImds((req, res) => {
      if (req.method === 'PUT') return res.end('tok');
      res.writeHead(404).end();
    });
    const error = await instanceRoleCredentials({ env: { ALIAUDIT_IMDS_ENDPOINT: base } }).catch((e) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toMatch(/^no RAM role is attached to this instance/);
  });

  it('refuses an answer that is not Success, without echoing it', async () => {
    const base = await fakeImds((req, res) => {
      if (req.method === 'PUT') return res.end('tok');
      res.end(JSON.stringify({ Code: 'Failed', AccessKeySecret: 'leak' }));
    });
    const error = await instanceRoleCredentials({ env: { ALIAUDIT_IMDS_ENDPOINT: base }, roleName: 'R' }).catch((e) => e);
    expect(error.message).toBe(`the ECS metadata service at ${base} answered Code "Failed" for role 'R'`);
  });

  it('gives up after its timeout', async () => {
    // A server that never answers: only the timeout ends the call (how long it takes is bench/'s business, not a test's).
    const base = await fakeImds(() => {});
    const error = await instanceRoleCredentials({ env: { ALIAUDIT_IMDS_ENDPOINT: base }, timeoutMs: 200 }).catch((e) => e);
    expect(error.message).toBe(`could not reach the ECS metadata service at ${base}: no answer within 200 ms`);
  });
});
