import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/server.js';
import {
  ACCOUNT,
  KEYS,
  OIDC_PROVIDER_ARN,
  type Keys,
  acs3Call,
  oidcToken,
  roleArn,
  rpcCall,
  sdkError,
  startWorld,
  stsClient,
  stsModels,
  unsignedCall,
} from './helpers.js';

let emulator: RunningEmulator;
let models: any;
beforeAll(async () => {
  emulator = await startWorld();
  models = await stsModels();
});
afterAll(() => emulator.close());

async function assume(keys: Keys, role: string, extra: Record<string, unknown> = {}, algorithm?: 'v2') {
  const client = await stsClient(emulator, keys, algorithm);
  return client.assumeRole(new models.AssumeRoleRequest({ roleArn: roleArn(role), roleSessionName: 'test-session', ...extra }));
}

const keysOf = (response: any): Keys => ({
  accessKeyId: response.body.credentials.accessKeyId,
  accessKeySecret: response.body.credentials.accessKeySecret,
  securityToken: response.body.credentials.securityToken,
});

async function whoami(keys: Keys, algorithm?: 'v2') {
  return (await (await stsClient(emulator, keys, algorithm)).getCallerIdentity()).body;
}

describe.each([['ACS3-HMAC-SHA256', undefined], ['RPC v1 HMAC-SHA1', 'v2' as const]])('the real STS client signing with %s', (_name, algorithm) => {
  it('GetCallerIdentity answers the root account', async () => {
    expect(await whoami(KEYS.root, algorithm)).toMatchObject({
      accountId: ACCOUNT,
      arn: `acs:ram::${ACCOUNT}:root`,
      identityType: 'Account',
      principalId: ACCOUNT,
      userId: ACCOUNT,
      requestId: expect.stringMatching(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/),
    });
  });

  it('GetCallerIdentity answers a RAM user', async () => {
    const alice = emulator.state.Accounts.get(ACCOUNT)!.Users.get('alice')!;
    const body = await whoami(KEYS.alice, algorithm);
    expect(body).toMatchObject({
      accountId: ACCOUNT,
      arn: `acs:ram::${ACCOUNT}:user/alice`,
      identityType: 'RAMUser',
      principalId: alice.UserId,
      userId: alice.UserId,
    });
    expect(body.roleId).toBeUndefined();
  });

  it('AssumeRole issues credentials that act as the assumed role', async () => {
    const response = await assume(KEYS.alice, 'AuditRole', { durationSeconds: 1800 }, algorithm);
    const role = emulator.state.Accounts.get(ACCOUNT)!.Roles.get('AuditRole')!;
    const { credentials, assumedRoleUser } = response.body;
    expect(credentials.accessKeyId).toMatch(/^STS\.NT[1-9A-HJ-NP-Za-km-z]{21}$/);
    expect(credentials.accessKeySecret).toHaveLength(30);
    expect(credentials.securityToken).toMatch(/^CAIS[A-Za-z0-9+/=]{500,}$/);
    expect(credentials.expiration).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const lifetime = Date.parse(credentials.expiration) - emulator.state.now().getTime();
    expect(lifetime).toBeGreaterThan(1790_000);
    expect(lifetime).toBeLessThanOrEqual(1800_000);
    expect(assumedRoleUser).toEqual({ arn: `${role.Arn}/test-session`, assumedRoleId: `${role.RoleId}:test-session` });

    expect(await whoami(keysOf(response), algorithm)).toMatchObject({
      accountId: ACCOUNT,
      arn: `acs:ram::${ACCOUNT}:assumed-role/AuditRole/test-session`,
      identityType: 'AssumedRoleUser',
      principalId: `${role.RoleId}:test-session`,
      roleId: role.RoleId,
    });
  });
});

describe('AssumeRole refusals', () => {
  it('refuses the root account', async () => {
    const error = await sdkError(assume(KEYS.root, 'AuditRole'));
    expect(error).toMatchObject({ code: 'NoPermission', statusCode: 403 });
    expect(error.data.Message).toBe('Roles may not be assumed by root accounts.');
  });

  it('refuses a user without sts:AssumeRole, naming the action', async () => {
    const error = await sdkError(assume(KEYS.bob, 'AuditRole'));
    expect(error).toMatchObject({ code: 'NoPermission', statusCode: 403 });
    expect(error.data.AccessDeniedDetail).toMatchObject({
      AuthAction: 'sts:AssumeRole',
      AuthPrincipalType: 'SubUser',
      NoPermissionType: 'ImplicitDeny',
      PolicyType: 'AccountLevelIdentityBasedPolicy',
    });
    expect(error.data).toMatchObject({ HostId: 'sts.aliyuncs.com', Recommend: expect.stringContaining('q=NoPermission') });
  });

  it('refuses a principal the role does not trust', async () => {
    const error = await sdkError(assume(KEYS.alice, 'OpsRole'));
    expect(error).toMatchObject({ code: 'NoPermission', statusCode: 403 });
    expect(error.data.Message).toMatch(/^You are not authorized to assume this role: the trust policy of .*OpsRole does not allow acs:ram::\d+:user\/alice/);
    expect(error.data.AccessDeniedDetail).toMatchObject({ AuthAction: 'sts:AssumeRole', PolicyType: 'AssumeRolePolicy' });
  });

  it('needs the right ExternalId for PartnerRole', async () => {
    expect(await sdkError(assume(KEYS.alice, 'PartnerRole'))).toMatchObject({ code: 'NoPermission', statusCode: 403 });
    expect(await sdkError(assume(KEYS.alice, 'PartnerRole', { externalId: 'wrong-id' }))).toMatchObject({
      code: 'NoPermission',
      statusCode: 403,
    });
    const ok = await assume(KEYS.alice, 'PartnerRole', { externalId: 'abcd1234' });
    expect(ok.body.assumedRoleUser.arn).toMatch(/PartnerRole\/test-session$/);
  });

  it('refuses a DurationSeconds outside 900..MaxSessionDuration, naming the maximum', async () => {
    const above = await sdkError(assume(KEYS.alice, 'AuditRole', { durationSeconds: 3601 }));
    expect(above).toMatchObject({ code: 'InvalidParameter.DurationSeconds', statusCode: 400 });
    expect(above.data.Message).toContain('3600');
    const below = await sdkError(assume(KEYS.alice, 'AuditRole', { durationSeconds: 899 }));
    expect(below).toMatchObject({ code: 'InvalidParameter.DurationSeconds', statusCode: 400 });
  });

  it.each([
    [{ roleSessionName: 'x' }, 'InvalidParameter.RoleSessionName', 400],
    [{ roleSessionName: 'has space' }, 'InvalidParameter.RoleSessionName', 400],
    [{ roleSessionName: 'a'.repeat(65) }, 'InvalidParameter.RoleSessionName', 400],
    [{ roleArn: 'arn:aws:iam::1:role/x' }, 'InvalidParameter.RoleArn', 400],
    [{ roleArn: roleArn('NoSuchRole') }, 'EntityNotExist.Role', 404],
    [{ roleArn: 'acs:ram::9999999999999999:role/AuditRole' }, 'EntityNotExist.Role', 404],
    [{ policy: '{"Version":"1","Statement":' }, 'InvalidParameter.PolicyGrammar', 400],
    [{ policy: '{"Version":"1","Statement":[{"Effect":"Maybe","Action":"*","Resource":"*"}]}' }, 'InvalidParameter.PolicyGrammar', 400],
    [{ policy: JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: '*', Resource: 'x'.repeat(2100) }] }) }, 'InvalidParameter.PolicySize', 400],
    [{ externalId: 'a' }, 'InvalidParameter.ExternalId', 400],
    [{ externalId: 'bad id!' }, 'InvalidParameter.ExternalId', 400],
  ])('refuses %j with %s', async (params, code, status) => {
    expect(await sdkError(assume(KEYS.alice, 'AuditRole', params))).toMatchObject({ code, statusCode: status });
  });

  it('asks for missing parameters', async () => {
    const answer = await acs3Call(emulator, { action: 'AssumeRole', keys: KEYS.alice, params: { RoleArn: roleArn('AuditRole') } });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ Code: 'MissingParameter', Message: expect.stringContaining('RoleSessionName') });
  });

  it('accepts role names in any case, as RAM does', async () => {
    const response = await assume(KEYS.alice, 'auditrole');
    expect(response.body.assumedRoleUser.arn).toContain('AuditRole');
  });
});

describe('role chains', () => {
  it('walks alice → AuditRole → OpsRole → DeployRole', async () => {
    const audit = keysOf(await assume(KEYS.alice, 'AuditRole'));
    const ops = keysOf(await assume(audit, 'OpsRole', { roleSessionName: 'hop2', durationSeconds: 7200 }));
    const deploy = keysOf(await assume(ops, 'DeployRole', { roleSessionName: 'hop3' }, 'v2'));
    expect(await whoami(deploy)).toMatchObject({
      arn: `acs:ram::${ACCOUNT}:assumed-role/DeployRole/hop3`,
      identityType: 'AssumedRoleUser',
    });
    // DeployRole trusts only OpsRole, and DeployRole itself has no sts:AssumeRole.
    expect(await sdkError(assume(audit, 'DeployRole'))).toMatchObject({ code: 'NoPermission', statusCode: 403 });
    expect(await sdkError(assume(deploy, 'DeployRole'))).toMatchObject({ code: 'NoPermission', statusCode: 403 });
  });

  it('intersects later calls with the session policy', async () => {
    const denyAssume = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'ram:Get*', Resource: '*' }] });
    const audit = keysOf(await assume(KEYS.alice, 'AuditRole', { policy: denyAssume }));
    const error = await sdkError(assume(audit, 'OpsRole'));
    expect(error).toMatchObject({ code: 'NoPermission', statusCode: 403 });
    expect(error.data.AccessDeniedDetail.AuthPrincipalType).toBe('AssumedRoleUser');
    expect(Buffer.from(error.data.AccessDeniedDetail.EncodedDiagnosticMessage, 'base64').toString()).toContain('session policy');
  });

  it('answers SourceIdentity when asked', async () => {
    const answer = await rpcCall(emulator, {
      action: 'AssumeRole',
      keys: KEYS.alice,
      params: { RoleArn: roleArn('AuditRole'), RoleSessionName: 'src', SourceIdentity: 'alice' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.SourceIdentity).toBe('alice');
  });
});

describe('AssumeRoleWithOIDC', () => {
  async function withOidc(token: string, extra: Record<string, unknown> = {}) {
    const client = await stsClient(emulator);
    return client.assumeRoleWithOIDC(
      new models.AssumeRoleWithOIDCRequest({
        roleArn: roleArn('OidcRole'),
        OIDCProviderArn: OIDC_PROVIDER_ARN,
        OIDCToken: token,
        roleSessionName: 'oidc-app',
        ...extra,
      }),
    );
  }

  it('verifies a signed token and answers its info, unsigned', async () => {
    const now = emulator.state.now();
    const response = await withOidc(oidcToken(now));
    const role = emulator.state.Accounts.get(ACCOUNT)!.Roles.get('OidcRole')!;
    expect(response.body.assumedRoleUser).toEqual({ arn: `${role.Arn}/oidc-app`, assumedRoleId: `${role.RoleId}:oidc-app` });
    expect(response.body.OIDCTokenInfo).toMatchObject({
      subject: 'system:serviceaccount:default:app',
      issuer: 'https://oidc-ack.example.com/c123',
      clientIds: 'sts.aliyuncs.com',
      verificationInfo: 'Success',
      expirationTime: expect.stringMatching(/Z$/),
      issuanceTime: expect.stringMatching(/Z$/),
    });
    expect(await whoami(keysOf(response))).toMatchObject({ arn: `acs:ram::${ACCOUNT}:assumed-role/OidcRole/oidc-app` });
  });

  it('refuses a token signed by another key', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = oidcToken(emulator.state.now(), {}, { key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() });
    expect(await sdkError(withOidc(forged))).toMatchObject({ code: 'AuthenticationFail.OIDCToken.InvalidSignature', statusCode: 400 });
  });

  it('refuses a token whose kid the provider does not publish', async () => {
    const token = oidcToken(emulator.state.now(), {}, { kid: 'k9' });
    expect(await sdkError(withOidc(token))).toMatchObject({ code: 'AuthenticationFail.OIDCToken.InvalidSignature', statusCode: 400 });
  });

  it('refuses an alg other than RS256', async () => {
    const [, payload, signature] = oidcToken(emulator.state.now()).split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', kid: 'k1' })).toString('base64url')}.${payload}.${signature}`;
    expect(await sdkError(withOidc(none))).toMatchObject({ code: 'AuthenticationFail.OIDCToken.InvalidSignature', statusCode: 400 });
  });

  it('refuses an expired token', async () => {
    const past = new Date(emulator.state.now().getTime() - 2 * 3600_000);
    expect(await sdkError(withOidc(oidcToken(past)))).toMatchObject({ code: 'AuthenticationFail.OIDCToken.Expired', statusCode: 400 });
  });

  it('refuses a token from the future', async () => {
    const later = new Date(emulator.state.now().getTime() + 3600_000);
    expect(await sdkError(withOidc(oidcToken(later)))).toMatchObject({ code: 'AuthenticationFail.OIDCToken.NotYetValid', statusCode: 400 });
  });

  it('refuses a wrong audience and a wrong issuer', async () => {
    const now = emulator.state.now();
    expect(await sdkError(withOidc(oidcToken(now, { aud: 'someone-else' })))).toMatchObject({
      code: 'AuthenticationFail.OIDCToken.InvalidAudience',
      statusCode: 400,
    });
    expect(await sdkError(withOidc(oidcToken(now, { iss: 'https://evil.example.com' })))).toMatchObject({
      code: 'AuthenticationFail.OIDCToken.InvalidIssuer',
      statusCode: 400,
    });
  });

  it('applies the trust policy conditions on sub', async () => {
    const token = oidcToken(emulator.state.now(), { sub: 'system:serviceaccount:kube-system:app' });
    expect(await sdkError(withOidc(token))).toMatchObject({ code: 'NoPermission', statusCode: 403 });
  });

  it('refuses malformed tokens, unknown providers and roles that do not trust the provider', async () => {
    expect(await sdkError(withOidc('abc.def'))).toMatchObject({ code: 'InvalidParameter.OIDCToken', statusCode: 400 });
    const token = oidcToken(emulator.state.now());
    expect(await sdkError(withOidc(token, { OIDCProviderArn: `acs:ram::${ACCOUNT}:oidc-provider/nope` }))).toMatchObject({
      code: 'EntityNotExist.OIDCProvider',
      statusCode: 404,
    });
    expect(await sdkError(withOidc(token, { roleArn: roleArn('AuditRole') }))).toMatchObject({ code: 'NoPermission', statusCode: 403 });
  });

  it('takes form-encoded parameters from clients that send them in the body', async () => {
    const answer = await unsignedCall(emulator, 'AssumeRoleWithOIDC', {
      RoleArn: roleArn('OidcRole'),
      OIDCProviderArn: OIDC_PROVIDER_ARN,
      OIDCToken: oidcToken(emulator.state.now()),
      RoleSessionName: 'plain',
      DurationSeconds: '900',
    });
    expect(answer.status).toBe(200);
    expect(answer.body.Credentials.AccessKeyId).toMatch(/^STS\./);
  });
});
