import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, InputError, UserError } from '../../src/core/errors.js';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { openSession } from '../../src/credentials/session.js';
import { assumeRole, assumeRoleWithOIDC, credentialsOf, getCallerIdentity } from '../../src/sts/calls.js';
import { ACCOUNT, KEYS, OIDC_PROVIDER_ARN, roleArn, startWorld } from '../emulator/helpers.js';
import { oidcToken } from '../helpers/profiles.js';
import { stsOf, testContext, writeConfig } from '../credentials/helpers.js';
import { startSilentServer } from '../helpers/trap.js';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startWorld();
});
afterAll(async () => {
  await emulator.close();
});

const alice = {
  name: 'alice',
  mode: 'AK',
  access_key_id: KEYS.alice.accessKeyId,
  access_key_secret: KEYS.alice.accessKeySecret,
  region_id: 'cn-hangzhou',
};

async function aliceSession(endpoint = emulator.url) {
  return openSession({ runtime: testContext({ ALIAUDIT_ENDPOINT: endpoint }), profile: 'alice', configPath: writeConfig([alice]) });
}

describe('getCallerIdentity', () => {
  it('answers in the API\'s own shape', async () => {
    const identity = await getCallerIdentity(await stsOf(await aliceSession()));
    expect(Object.keys(identity).sort()).toEqual(['AccountId', 'Arn', 'IdentityType', 'PrincipalId', 'RequestId', 'UserId']);
    expect(identity).toMatchObject({ AccountId: ACCOUNT, IdentityType: 'RAMUser', Arn: `acs:ram::${ACCOUNT}:user/alice` });
  });
});

describe('the profile\'s timeouts', () => {
  it('read_timeout (seconds, as the aliyun CLI keeps it) bounds a call to an endpoint that never answers', async () => {
    const silent = await startSilentServer();
    try {
      const session = await openSession({
        runtime: testContext({ ALIAUDIT_ENDPOINT: silent.url }),
        profile: 'alice',
        configPath: writeConfig([{ ...alice, read_timeout: 1, connect_timeout: 2 }]),
      });
      expect(session.timeouts).toEqual({ readTimeoutMs: 1000, connectTimeoutMs: 2000 });
      const error = await getCallerIdentity(await stsOf(session)).catch((e) => e);
      expect(error).toBeInstanceOf(UserError);
      expect(error.message).toContain('did not answer in time');
      // Each of the retry policy's 4 attempts gave up on its own: with the default read timeout (10 s) the four
      // would outlast this test's timeout, so a test that ends at all used the profile's second.
      expect(silent.requests()).toBe(4);
    } finally {
      await silent.close();
    }
  }, 30_000);

  it('an older file\'s retry_timeout stands in for read_timeout; none means the defaults', async () => {
    const { profileTimeouts } = await import('../../src/credentials/session.js');
    expect(profileTimeouts({ name: 'a', mode: 'AK', retry_timeout: 7 })).toEqual({ readTimeoutMs: 7000, connectTimeoutMs: undefined });
    expect(profileTimeouts({ name: 'a', mode: 'AK', read_timeout: 3, retry_timeout: 7 }).readTimeoutMs).toBe(3000);
    expect(profileTimeouts(undefined)).toEqual({ readTimeoutMs: undefined, connectTimeoutMs: undefined });
  });
});

describe('assumeRole', () => {
  it('answers AssumedRoleUser and Credentials, PascalCase, with RequestId', async () => {
    const response = await assumeRole(await stsOf(await aliceSession()), {
      roleArn: roleArn('AuditRole'),
      roleSessionName: 'one-liner',
      durationSeconds: 1800,
      policy: JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'ram:Get*', Resource: '*' }] }),
    });
    expect(response.RequestId).toMatch(/\S/);
    expect(response.AssumedRoleUser.Arn).toBe(`acs:ram::${ACCOUNT}:role/AuditRole/one-liner`);
    expect(response.Credentials.AccessKeyId).toMatch(/^STS\./);
    expect(response.Credentials.Expiration).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const credentials = credentialsOf(response);
    expect(credentials.expiration!.getTime() - Date.now()).toBeGreaterThan(1700_000);
    expect(credentials).toMatchObject({
      accessKeyId: response.Credentials.AccessKeyId,
      accessKeySecret: response.Credentials.AccessKeySecret,
      securityToken: response.Credentials.SecurityToken,
    });
  });

  it('passes the external id', async () => {
    const response = await assumeRole(await stsOf(await aliceSession()), { roleArn: roleArn('PartnerRole'), roleSessionName: 'partner', externalId: 'abcd1234' });
    expect(response.AssumedRoleUser.Arn).toContain('role/PartnerRole/partner');
  });

  it.each([
    [{ roleArn: 'AuditRole', roleSessionName: 'ok' }, /^--role-arn "AuditRole" is not a role ARN/],
    [{ roleArn: roleArn('AuditRole'), roleSessionName: 'x' }, /^--role-session-name "x"/],
    [{ roleArn: roleArn('AuditRole'), roleSessionName: 'ok', durationSeconds: 60 }, /^--duration-seconds 60 is out of range/],
    [{ roleArn: roleArn('AuditRole'), roleSessionName: 'ok', policy: '{nope' }, /^--policy is not valid JSON/],
    [{ roleArn: roleArn('AuditRole'), roleSessionName: 'ok', externalId: 'a' }, /^--external-id/],
  ])('checks %j locally, before any call', async (input, message) => {
    // Nothing listens on port 1: a call would fail with a UserError, not an InputError.
    const session = await aliceSession('http://127.0.0.1:1');
    const error = await assumeRole(await stsOf(session), input).catch((e) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(message);
  });
});

describe('assumeRoleWithOIDC', () => {
  const base = () => ({
    ctx: testContext(),
    region: 'cn-hangzhou',
    endpoint: { host: new URL(emulator.url).host, protocol: 'http' as const },
    roleArn: roleArn('OidcRole'),
    oidcProviderArn: OIDC_PROVIDER_ARN,
    roleSessionName: 'rrsa',
  });

  it('needs no credentials and answers OIDCTokenInfo too', async () => {
    const response = await assumeRoleWithOIDC({ ...base(), oidcToken: oidcToken('system:serviceaccount:default:app') });
    expect(response.AssumedRoleUser.Arn).toContain('role/OidcRole/rrsa');
    expect(response.OIDCTokenInfo).toMatchObject({ Subject: 'system:serviceaccount:default:app', Issuer: 'https://oidc-ack.example.com/c123' });
    expect(credentialsOf(response).securityToken).toBeTruthy();
  });

  it('the role\'s trust decides: another namespace is refused by the API', async () => {
    const error = await assumeRoleWithOIDC({ ...base(), oidcToken: oidcToken('system:serviceaccount:kube-system:x') }).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('NoPermission');
    expect(error.requestId).toMatch(/\S/);
  });

  it('checks the provider ARN and token length locally', async () => {
    const badArn = await assumeRoleWithOIDC({ ...base(), oidcProviderArn: 'ack-rrsa', oidcToken: 'abcdef' }).catch((e) => e);
    expect(badArn).toBeInstanceOf(InputError);
    expect(badArn.message).toMatch(/^--oidc-provider-arn "ack-rrsa"/);
    const short = await assumeRoleWithOIDC({ ...base(), oidcToken: 'x' }).catch((e) => e);
    expect(short).toBeInstanceOf(UserError);
    expect(short.message).toBe('the OIDC token from --oidc-token-file is 1 character long');
  });
});
