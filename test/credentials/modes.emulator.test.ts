import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chmodSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { openSession } from '../../src/credentials/session.js';
import { assumeRole, credentialsOf, getCallerIdentity } from '../../src/sts/calls.js';
import { ApiError, InputError, UserError } from '../../src/core/errors.js';
import { ACCOUNT, KEYS, OIDC_PROVIDER_ARN, roleArn, startWorld } from '../emulator/helpers.js';
import { oidcToken } from '../helpers/profiles.js';
import { tempFile, testContext, writeConfig } from './helpers.js';
import { stsOf } from './helpers.js';
import { hintOf } from '../helpers/hint.js';

let emulator: RunningEmulator;
let endpoint: string;

beforeAll(async () => {
  emulator = await startWorld();
  endpoint = emulator.url;
});
afterAll(async () => {
  await emulator.close();
});

const region = { region_id: 'cn-hangzhou' };
const alice = { name: 'alice', mode: 'AK', access_key_id: KEYS.alice.accessKeyId, access_key_secret: KEYS.alice.accessKeySecret, ...region };
const audit = {
  name: 'audit',
  mode: 'RamRoleArn',
  access_key_id: KEYS.alice.accessKeyId,
  access_key_secret: KEYS.alice.accessKeySecret,
  ram_role_arn: roleArn('AuditRole'),
  ram_session_name: 'audit-session',
  expired_seconds: 900,
  ...region,
};
const ops = { name: 'ops', mode: 'ChainableRamRoleArn', source_profile: 'audit', ram_role_arn: roleArn('OpsRole'), ram_session_name: 'ops-session', ...region };
const deploy = { name: 'deploy', mode: 'ChainableRamRoleArn', source_profile: 'ops', ram_role_arn: roleArn('DeployRole'), ram_session_name: 'deploy-session', ...region };

async function whoami(profiles: object[], profile: string, env: Record<string, string> = {}) {
  const ctx = testContext({ ALIAUDIT_ENDPOINT: endpoint, ...env });
  const session = await openSession({ runtime: ctx, profile, configPath: writeConfig(profiles) });
  const identity = await getCallerIdentity(await stsOf(session));
  return { session, identity };
}

describe('every mode reaches its identity on the emulator', () => {
  it('AK: the RAM user itself', async () => {
    const { session, identity } = await whoami([alice], 'alice');
    expect(identity).toMatchObject({ AccountId: ACCOUNT, Arn: `acs:ram::${ACCOUNT}:user/alice`, IdentityType: 'RAMUser' });
    expect(identity.RequestId).toMatch(/\S/);
    expect(session.hops).toEqual([{ profile: 'alice', mode: 'AK', detail: KEYS.alice.accessKeyId }]);
  });

  it('StsToken: keys issued by an AssumeRole', async () => {
    const { session: source } = await whoami([alice], 'alice');
    const issued = credentialsOf(await assumeRole(await stsOf(source), { roleArn: roleArn('AuditRole'), roleSessionName: 'handmade' }));
    const sts = {
      name: 'sts',
      mode: 'StsToken',
      access_key_id: issued.accessKeyId,
      access_key_secret: issued.accessKeySecret,
      sts_token: issued.securityToken,
      ...region,
    };
    const { session, identity } = await whoami([sts], 'sts');
    expect(identity.Arn).toBe(`acs:ram::${ACCOUNT}:assumed-role/AuditRole/handmade`);
    expect(identity.IdentityType).toBe('AssumedRoleUser');
    expect(session.hops[0]).toMatchObject({ profile: 'sts', mode: 'StsToken', detail: issued.accessKeyId });
  });

  it('RamRoleArn: the assumed role, with the source keys as the first hop', async () => {
    const { session, identity } = await whoami([audit], 'audit');
    expect(identity.Arn).toBe(`acs:ram::${ACCOUNT}:assumed-role/AuditRole/audit-session`);
    expect(session.hops.map((h) => [h.profile, h.mode, h.detail])).toEqual([
      ['audit', 'AK', KEYS.alice.accessKeyId],
      ['audit', 'RamRoleArn', roleArn('AuditRole')],
    ]);
    const expiration = session.hops[1].expiration!;
    expect(expiration.getTime() - Date.now()).toBeGreaterThan(800_000);
    expect(expiration.getTime() - Date.now()).toBeLessThanOrEqual(900_000);
  });

  it('ChainableRamRoleArn, three roles deep: AK → AuditRole → OpsRole → DeployRole', async () => {
    const { session, identity } = await whoami([alice, audit, ops, deploy], 'deploy');
    expect(identity.Arn).toBe(`acs:ram::${ACCOUNT}:assumed-role/DeployRole/deploy-session`);
    expect(session.hops.map((h) => `${h.mode}:${h.profile}:${h.detail}`)).toEqual([
      `AK:audit:${KEYS.alice.accessKeyId}`,
      `RamRoleArn:audit:${roleArn('AuditRole')}`,
      `ChainableRamRoleArn:ops:${roleArn('OpsRole')}`,
      `ChainableRamRoleArn:deploy:${roleArn('DeployRole')}`,
    ]);
    expect(session.hops.slice(1).every((h) => h.expiration instanceof Date)).toBe(true);
  });

  it('ChainableRamRoleArn from any source mode (AK directly)', async () => {
    const fromAk = { ...ops, name: 'audit-from-ak', source_profile: 'alice', ram_role_arn: roleArn('AuditRole') };
    const { identity } = await whoami([alice, fromAk], 'audit-from-ak');
    expect(identity.Arn).toBe(`acs:ram::${ACCOUNT}:assumed-role/AuditRole/ops-session`);
  });

  it('RamRoleArn with the external id the role asks for, and the refusal without it', async () => {
    const partner = { ...audit, name: 'partner', ram_role_arn: roleArn('PartnerRole'), external_id: 'abcd1234' };
    const { identity } = await whoami([partner], 'partner');
    expect(identity.Arn).toContain('assumed-role/PartnerRole/');
    const { external_id: _unused, ...without } = partner;
    const error = await whoami([without], 'partner').catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('NoPermission');
    expect(hintOf(error)).toMatch(/trust policy/);
  });

  it('OIDC: AssumeRoleWithOIDC with the token file, read again on each refresh', async () => {
    const tokenFile = tempFile('token', oidcToken('system:serviceaccount:default:app'));
    const oidc = {
      name: 'oidc',
      mode: 'OIDC',
      ram_role_arn: roleArn('OidcRole'),
      oidc_provider_arn: OIDC_PROVIDER_ARN,
      oidc_token_file: tokenFile,
      ram_session_name: 'rrsa',
      ...region,
    };
    const { session, identity } = await whoami([oidc], 'oidc');
    expect(identity.Arn).toBe(`acs:ram::${ACCOUNT}:assumed-role/OidcRole/rrsa`);
    expect(session.hops).toEqual([expect.objectContaining({ profile: 'oidc', mode: 'OIDC', detail: roleArn('OidcRole') })]);
  });

  it('OIDC reads the token file again when it refreshes', async () => {
    const tokenFile = tempFile('token', oidcToken('system:serviceaccount:default:app'));
    const oidc = { name: 'oidc', mode: 'OIDC', ram_role_arn: roleArn('OidcRole'), oidc_provider_arn: OIDC_PROVIDER_ARN, oidc_token_file: tokenFile, ...region };
    let now = Date.now();
    const ctx = testContext({ ALIAUDIT_ENDPOINT: endpoint }, { now: () => new Date(now) });
    const session = await openSession({ runtime: ctx, profile: 'oidc', configPath: writeConfig([oidc]) });
    const first = await session.credentials();
    writeFileSync(tokenFile, 'not-a-jwt-any-more');
    expect(await session.credentials()).toBe(first);
    now += 3600_000;
    const error = await session.credentials().catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toMatch(/OIDCToken|InvalidParameter/);
  });

  it('OIDC from the environment when no profile is selected', async () => {
    const tokenFile = tempFile('token', oidcToken('system:serviceaccount:default:app'));
    const ctx = testContext({
      ALIAUDIT_ENDPOINT: endpoint,
      ALIBABA_CLOUD_ROLE_ARN: roleArn('OidcRole'),
      ALIBABA_CLOUD_OIDC_PROVIDER_ARN: OIDC_PROVIDER_ARN,
      ALIBABA_CLOUD_OIDC_TOKEN_FILE: tokenFile,
      ALIBABA_CLOUD_ROLE_SESSION_NAME: 'from-env',
    });
    const session = await openSession({ runtime: ctx });
    expect((await getCallerIdentity(await stsOf(session))).Arn).toBe(`acs:ram::${ACCOUNT}:assumed-role/OidcRole/from-env`);
    expect(session.hops).toEqual([expect.objectContaining({ profile: undefined, mode: 'OIDC' })]);
  });

  it('Environment keys when no profile is selected', async () => {
    const ctx = testContext({
      ALIAUDIT_ENDPOINT: endpoint,
      ALIBABA_CLOUD_ACCESS_KEY_ID: KEYS.bob.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: KEYS.bob.accessKeySecret,
    });
    const session = await openSession({ runtime: ctx });
    expect((await getCallerIdentity(await stsOf(session))).Arn).toBe(`acs:ram::${ACCOUNT}:user/bob`);
    expect(session.hops).toEqual([{ mode: 'Environment', detail: 'ALIBABA_CLOUD_ACCESS_KEY_ID' }]);
  });

  it('EcsRamRole over IMDSv2, the role discovered from the metadata service', async () => {
    const { session, identity } = await whoami([{ name: 'ecs', mode: 'EcsRamRole', ...region }], 'ecs', {
      ALIAUDIT_IMDS_ENDPOINT: endpoint,
    });
    expect(identity.Arn).toMatch(new RegExp(`^acs:ram::${ACCOUNT}:assumed-role/EcsScanRole/`));
    expect(session.hops).toEqual([expect.objectContaining({ profile: 'ecs', mode: 'EcsRamRole', detail: 'EcsScanRole' })]);
  });

  it('EcsRamRole with a mistyped role name: a clear error listing what IMDS offers', async () => {
    const error = await whoami([{ name: 'ecs', mode: 'EcsRamRole', ram_role_name: 'EcsScanRol', ...region }], 'ecs', {
      ALIAUDIT_IMDS_ENDPOINT: endpoint,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toContain("'EcsScanRol'");
    expect(hintOf(error)).toContain('EcsScanRole');
    expect(hintOf(error)).toContain('aliaudit configure set --profile ecs --ram-role-name EcsScanRole');
  });

  describe('IMDSv1 (a metadata service that issues no tokens)', () => {
    let v1: Server;
    let v1Url: string;
    const seen: { method: string; token?: string }[] = [];
    beforeAll(async () => {
      // Answers 404 to the token PUT, as an IMDSv1-only service does, and forwards reads to the emulator.
      v1 = createServer((req, res) => {
        seen.push({ method: req.method!, token: req.headers['x-aliyun-ecs-metadata-token'] as string | undefined });
        if (req.method === 'PUT') return res.writeHead(404).end('Not Found');
        const target = new URL(req.url!, emulator.url);
        httpRequest(target, { method: req.method }, (upstream) => {
          res.writeHead(upstream.statusCode!, upstream.headers);
          upstream.pipe(res);
        }).end();
      });
      await new Promise<void>((resolve) => v1.listen(0, '127.0.0.1', resolve));
      v1Url = `http://127.0.0.1:${(v1.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => v1.close(() => resolve())));

    it('falls back to tokenless reads', async () => {
      seen.length = 0;
      const { identity } = await whoami([{ name: 'ecs', mode: 'EcsRamRole', ram_role_name: 'EcsScanRole', ...region }], 'ecs', {
        ALIAUDIT_IMDS_ENDPOINT: v1Url,
      });
      expect(identity.Arn).toContain('assumed-role/EcsScanRole/');
      expect(seen.map((s) => s.method)).toEqual(['PUT', 'GET']);
      expect(seen[1].token).toBeUndefined();
    });

    it('refuses v1 when ALIBABA_CLOUD_IMDSV1_DISABLED=true', async () => {
      const error = await whoami([{ name: 'ecs', mode: 'EcsRamRole', ...region }], 'ecs', {
        ALIAUDIT_IMDS_ENDPOINT: v1Url,
        ALIBABA_CLOUD_IMDSV1_DISABLED: 'true',
      }).catch((e) => e);
      expect(error).toBeInstanceOf(UserError);
      expect(error.message).toMatch(/no IMDSv2 token \(HTTP 404\).*ALIBABA_CLOUD_IMDSV1_DISABLED/);
    });
  });

  it('EcsRamRole refused outright with ALIBABA_CLOUD_ECS_METADATA_DISABLED=true', async () => {
    const error = await whoami([{ name: 'ecs', mode: 'EcsRamRole', ...region }], 'ecs', {
      ALIAUDIT_IMDS_ENDPOINT: endpoint,
      ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
    }).catch((e) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toContain('ALIBABA_CLOUD_ECS_METADATA_DISABLED');
  });

  it('CredentialsURI: the world\'s /credentials/ci', async () => {
    const { session, identity } = await whoami(
      [{ name: 'ci', mode: 'CredentialsURI', credentials_uri: `${endpoint}/credentials/ci`, ...region }],
      'ci',
    );
    expect(identity.Arn).toMatch(/assumed-role\/CiRole\//);
    expect(session.hops).toEqual([expect.objectContaining({ mode: 'CredentialsURI', detail: `${endpoint}/credentials/ci` })]);
  });

  it('CredentialsURI from ALIBABA_CLOUD_CREDENTIALS_URI when the profile leaves it empty', async () => {
    const { identity } = await whoami([{ name: 'ci', mode: 'CredentialsURI', ...region }], 'ci', {
      ALIBABA_CLOUD_CREDENTIALS_URI: `${endpoint}/credentials/ci`,
    });
    expect(identity.Arn).toMatch(/assumed-role\/CiRole\//);
  });

  it('CredentialsURI answering 404: the status, not a crash', async () => {
    const error = await whoami([{ name: 'ci', mode: 'CredentialsURI', credentials_uri: `${endpoint}/credentials/nope`, ...region }], 'ci').catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toContain('answered HTTP 404');
  });

  it('External: a node script as process_command (run without a shell)', async () => {
    const { session: source } = await whoami([alice], 'alice');
    const issued = credentialsOf(await assumeRole(await stsOf(source), { roleArn: roleArn('AuditRole'), roleSessionName: 'external' }));
    const script = tempFile(
      'creds.mjs',
      `process.stdout.write(JSON.stringify({ mode: 'StsToken', access_key_id: ${JSON.stringify(issued.accessKeyId)}, ` +
        `access_key_secret: ${JSON.stringify(issued.accessKeySecret)}, sts_token: ${JSON.stringify(issued.securityToken)}, ` +
        `expiration: ${JSON.stringify(issued.expiration!.toISOString().replace(/\\.\\d{3}Z$/, 'Z'))} }));`,
    );
    const command = `"${process.execPath}" '${script}' --flag "two words"`;
    const { session, identity } = await whoami([{ name: 'ext', mode: 'External', process_command: command, ...region }], 'ext');
    expect(identity.Arn).toBe(`acs:ram::${ACCOUNT}:assumed-role/AuditRole/external`);
    expect(session.hops).toEqual([{ profile: 'ext', mode: 'External', detail: command, expiration: issued.expiration }]);
  });

  it('External blocked by ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS, CredentialsURI too', async () => {
    for (const [mode, field] of [
      ['External', { process_command: 'true' }],
      ['CredentialsURI', { credentials_uri: `${endpoint}/credentials/ci` }],
    ] as const) {
      const error = await whoami([{ name: 'x', mode, ...field, ...region }], 'x', { ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS: '1' }).catch(
        (e) => e,
      );
      expect(error).toBeInstanceOf(UserError);
      expect(error.message).toContain('ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS');
    }
  });
});

describe('errors', () => {
  it('a chain that loops is refused before any call', async () => {
    const a = { ...ops, name: 'a', source_profile: 'b' };
    const b = { ...ops, name: 'b', source_profile: 'a' };
    const error = await whoami([a, b], 'a').catch((e) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain('a → b → a');
  });

  it('a wrong secret: SignatureDoesNotMatch with the command that fixes it, and no secret in the message', async () => {
    const wrong = { ...alice, access_key_secret: 'not-the-secret-xyz' };
    const error = await whoami([wrong], 'alice').catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('SignatureDoesNotMatch');
    expect(hintOf(error)).toContain('aliaudit configure set --profile alice --access-key-secret');
    expect(`${error.message} ${hintOf(error)}`).not.toContain('not-the-secret-xyz');
  });

  it('bob may not assume roles: NoPermission naming the policy to attach', async () => {
    const bobRole = { ...audit, name: 'bob-role', access_key_id: KEYS.bob.accessKeyId, access_key_secret: KEYS.bob.accessKeySecret };
    const error = await whoami([bobRole], 'bob-role').catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('NoPermission');
    expect(hintOf(error)).toMatch(/attach AliyunSTSAssumeRoleAccess or a policy allowing sts:AssumeRole to /);
    expect(error.requestId).toMatch(/\S/);
  });

  it('an endpoint with nothing listening: a UserError naming it', async () => {
    const ctx = testContext({ ALIAUDIT_ENDPOINT: 'http://127.0.0.1:1' });
    const session = await openSession({ runtime: ctx, profile: 'alice', configPath: writeConfig([alice]) });
    const error = await getCallerIdentity(await stsOf(session)).catch((e) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toBe('could not reach http://127.0.0.1:1: connection refused');
  });

  it('an executable process_command that fails: its stderr quoted, its stdout never', async () => {
    const script = tempFile('fail.sh', '#!/bin/sh\necho \'{"access_key_secret":"leaked-secret-1"}\'\necho "vault: permission denied" >&2\nexit 3\n');
    chmodSync(script, 0o755);
    const error = await whoami([{ name: 'ext', mode: 'External', process_command: script, ...region }], 'ext').catch((e) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toContain('exited with status 3');
    expect(error.message).toContain('vault: permission denied');
    expect(error.message).not.toContain('leaked-secret-1');
  });
});

describe('the endpoint override', () => {
  it('--endpoint wins over ALIAUDIT_ENDPOINT', async () => {
    const ctx = testContext({ ALIAUDIT_ENDPOINT: 'http://127.0.0.1:1' });
    const session = await openSession({ runtime: ctx, profile: 'alice', configPath: writeConfig([alice]), endpoint });
    expect(session.endpoint).toEqual({ host: new URL(endpoint).host, protocol: 'http' });
    expect((await getCallerIdentity(await stsOf(session))).Arn).toContain('user/alice');
  });

  it('role hops follow the override, not sts_endpoint', async () => {
    const pinned = { ...audit, sts_endpoint: 'sts.invalid.example.com' };
    const { identity, session } = await whoami([pinned], 'audit');
    expect(identity.Arn).toContain('assumed-role/AuditRole/');
    expect(session.stsEndpoint).toEqual({ host: 'sts.invalid.example.com', protocol: 'https' });
  });
});

describe('the SDK provider', () => {
  it('gives a generated client what it signs with, asking the session on every call', async () => {
    const ctx = testContext({ ALIAUDIT_ENDPOINT: endpoint });
    const session = await openSession({ runtime: ctx, profile: 'deploy', configPath: writeConfig([alice, audit, ops, deploy]) });
    const { openApiConfig, sdkCredential, cjsDefaultClass } = await import('../../src/cloud/client-config.js');
    const Sts = cjsDefaultClass<any>(await import('@alicloud/sts20150401'));
    const client = new Sts(await openApiConfig({ credentials: session, endpoint: session.endpoint, regionId: session.region }));
    const response = await client.getCallerIdentity();
    expect(response.body.arn).toBe(`acs:ram::${ACCOUNT}:assumed-role/DeployRole/deploy-session`);
    const credential: any = await sdkCredential(session);
    const model = await credential.getCredential();
    expect(model.accessKeyId).toMatch(/^STS\./);
    expect(model.securityToken).toBeTruthy();
    expect(model.providerName).toBe('aliaudit');
  });
});
