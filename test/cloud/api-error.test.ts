import { describe, expect, it } from 'vitest';
import { ClientError, ServerError, ThrottlingError } from '@alicloud/openapi-core';
import { ApiError, InputError, UserError } from '../../src/core/errors.js';
import { toApiError } from '../../src/cloud/api-error.js';
import { hintOf } from '../helpers/hint.js';

const endpoint = { host: '127.0.0.1:8080', protocol: 'http' as const };

function clientError(code: string, status = 400, extra: Record<string, unknown> = {}) {
  return new ClientError({
    statusCode: status,
    code,
    message: `code: ${status}, The message. request id: R-1`,
    data: { RequestId: 'R-1', Code: code, Message: 'The message.', ...extra },
    accessDeniedDetail: extra.AccessDeniedDetail,
    requestId: 'R-1',
  });
}

describe('toApiError', () => {
  it('keeps Code, the API message, status and RequestId', () => {
    const error = toApiError(clientError('InvalidParameter.RoleSessionName')) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('InvalidParameter.RoleSessionName');
    expect(error.message).toBe('InvalidParameter.RoleSessionName: The message.');
    expect(error.statusCode).toBe(400);
    expect(error.requestId).toBe('R-1');
  });

  it('NoPermission names the action, the policy and the principal from AccessDeniedDetail', () => {
    const error = toApiError(
      clientError('NoPermission', 403, { AccessDeniedDetail: { AuthAction: 'sts:AssumeRole', AuthPrincipalDisplayName: 'bob' } }),
    ) as ApiError;
    expect(hintOf(error)).toBe(
      "attach AliyunSTSAssumeRoleAccess or a policy allowing sts:AssumeRole to bob, and make sure the role's trust policy names it",
    );
    expect(error.accessDeniedDetail).toEqual({ AuthAction: 'sts:AssumeRole', AuthPrincipalDisplayName: 'bob' });
  });

  it('NoPermission without a detail uses what the caller said about the call', () => {
    const error = toApiError(clientError('NoPermission', 403), undefined, { action: 'ram:ListUsers', signer: { profile: 'ops', mode: 'AK' } }) as ApiError;
    expect(hintOf(error)).toBe("attach AliyunRAMReadOnlyAccess or a policy allowing ram:ListUsers to the identity of profile 'ops'");
    const ecs = toApiError(clientError('Forbidden.RAM', 403), undefined, { action: 'ecs:DescribeInstances', principal: 'alice' }) as ApiError;
    expect(hintOf(ecs)).toBe('attach AliyunECSReadOnlyAccess or a policy allowing ecs:DescribeInstances to alice');
    const other = toApiError(clientError('NoPermission', 403), undefined, { action: 'sts:GetCallerIdentity', principal: 'alice' }) as ApiError;
    expect(hintOf(other)).toBe('attach a policy allowing sts:GetCallerIdentity to alice');
  });

  const ak = { profile: 'p', mode: 'AK' };
  it.each([
    ['InvalidAccessKeyId.NotFound', /^the access key id of profile 'p' is unknown there: check it: aliaudit configure set --profile p --access-key-id …$/],
    ['InvalidAccessKeyId.Inactive', /access key of profile 'p' is disabled/],
    ['SignatureDoesNotMatch', /^the secret of profile 'p' is wrong: set it again: aliaudit configure set --profile p --access-key-secret …$/],
    ['InvalidSecurityToken.Malformed', /STS token of profile 'p' does not match its keys/],
    ['InvalidTimeStamp.Expired', /clock/],
    ['Throttling.User', /wait/],
  ])('%s gets a hint', (code, hint) => {
    const error = toApiError(clientError(code), endpoint, { signer: ak }) as ApiError;
    expect(hintOf(error)).toMatch(hint);
  });

  it('a hint that a command fixes carries that command as data, for the shell to offer', () => {
    const error = toApiError(clientError('SignatureDoesNotMatch'), endpoint, { signer: ak }) as ApiError;
    expect(error.hint).toEqual({ text: "the secret of profile 'p' is wrong: set it again", command: 'configure set --profile p --access-key-secret …' });
  });

  describe('keys refused: the fix depends on where they came from', () => {
    const hint = (code: string, signer: { profile?: string; mode: string; detail?: string }) => hintOf(toApiError(clientError(code), endpoint, { signer }));

    it('an expired static StsToken is replaced, not run again', () => {
      expect(hint('InvalidSecurityToken.Expired', { profile: 'tmp', mode: 'StsToken' })).toBe(
        "the STS token of profile 'tmp' has expired, and running again will not renew it: get new temporary keys and set all three: " +
          'aliaudit configure set --profile tmp --access-key-id … --access-key-secret … --sts-token …',
      );
      expect(hint('InvalidSecurityToken.Expired', { profile: 'audit', mode: 'ChainableRamRoleArn' })).toBe('the temporary credentials expired: run again to get fresh ones');
    });

    it('an External or CredentialsURI profile has no secret to set: its source is named', () => {
      expect(hint('SignatureDoesNotMatch', { profile: 'sso', mode: 'External' })).toBe(
        "the secret is wrong for the keys printed by the process_command of profile 'sso': fix that command (the profile holds no secret to set)",
      );
      expect(hint('InvalidAccessKeyId.NotFound', { profile: 'broker', mode: 'CredentialsURI' })).toMatch(/keys served by the credentials_uri of profile 'broker'/);
      expect(hint('InvalidSecurityToken.Expired', { profile: 'vm', mode: 'EcsRamRole' })).toMatch(/instance role keys from the ECS metadata service/);
    });

    it('every refusal of every kind of keys reads once through: no "for the keys for the keys"', () => {
      const codes = ['SignatureDoesNotMatch', 'InvalidAccessKeyId.NotFound', 'InvalidAccessKeyId.Inactive', 'InvalidSecurityToken.Expired', 'MissingSecurityToken'];
      const modes = ['AK', 'StsToken', 'Environment', 'External', 'CredentialsURI', 'EcsRamRole', 'RamRoleArn', 'OIDC'];
      for (const code of codes) {
        for (const mode of modes) {
          const text = hint(code, { profile: 'p', mode });
          expect(text, `${code} for ${mode}`).toBeDefined();
          expect(text, `${code} for ${mode}`).not.toMatch(/\bthe keys\b.*\bthe keys\b/);
        }
      }
      expect(hint('MissingSecurityToken', { mode: 'Environment', detail: 'ALIBABA_CLOUD_ACCESS_KEY_ID' })).toBe(
        'the STS token does not match the access key for the keys in ALIBABA_CLOUD_ACCESS_KEY_ID and its companion variables: set them again',
      );
    });

    it('keys from the environment name the variable', () => {
      expect(hint('SignatureDoesNotMatch', { mode: 'Environment', detail: 'ALICLOUD_ACCESS_KEY' })).toBe(
        'the secret is wrong for the keys in ALICLOUD_ACCESS_KEY and its companion variables: set them again',
      );
    });
  });

  it('an OIDC token a trust policy refuses is a condition of the trust policy, not a missing permission', () => {
    const error = toApiError(clientError('NoPermission', 403), endpoint, { action: 'sts:AssumeRoleWithOIDC' });
    expect(hintOf(error)).toMatch(/^the role's trust policy does not accept this token: its oidc:sub, oidc:aud or oidc:iss conditions/);
    expect(hintOf(error)).not.toContain('attach');
  });

  it('keeps the server\'s x-acs-retry-after', () => {
    const throttled = Object.assign(clientError('Throttling.User'), { name: 'ThrottlingError', retryAfter: 750 });
    expect((toApiError(throttled, endpoint) as ApiError).retryAfterMs).toBe(750);
  });

  it('server and throttling errors are API errors too', () => {
    const server = new ServerError({ statusCode: 503, code: 'ServiceUnavailable', message: 'm', data: { Message: 'down' }, requestId: 'R' });
    expect(toApiError(server)).toMatchObject({ code: 'ServiceUnavailable', statusCode: 503, apiMessage: 'down' });
    const throttled = new ThrottlingError({ statusCode: 400, code: 'Throttling', message: 'code: 400, Slow down request id: R', requestId: 'R' });
    expect(toApiError(throttled)).toMatchObject({ code: 'Throttling', apiMessage: 'Slow down' });
  });

  it('connection refused and timeouts become UserErrors naming the endpoint', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8080'), { code: 'ECONNREFUSED' });
    const error = toApiError(refused, endpoint) as UserError;
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toBe('could not reach http://127.0.0.1:8080: connection refused');
    expect(hintOf(error)).toContain('--endpoint');
    const timeout = Object.assign(new Error('ReadTimeout(3000). POST http://127.0.0.1:8080/ failed.'), { name: 'RequestTimeoutError' });
    expect(toApiError(timeout, endpoint).message).toBe('http://127.0.0.1:8080 did not answer in time');
    const dns = Object.assign(new Error('getaddrinfo ENOTFOUND sts.example'), { code: 'ENOTFOUND' });
    expect(toApiError(dns).message).toBe('could not reach the Alibaba Cloud endpoint: host not found');
  });

  it('passes aliaudit errors and unknown errors through', () => {
    const input = new InputError('x');
    expect(toApiError(input)).toBe(input);
    const other = new TypeError('boom');
    expect(toApiError(other)).toBe(other);
    expect(toApiError('text').message).toBe('text');
  });
});
