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
    const error = toApiError(clientError('NoPermission', 403), undefined, { action: 'ram:ListUsers', profile: 'ops' }) as ApiError;
    expect(hintOf(error)).toBe("attach AliyunRAMReadOnlyAccess or a policy allowing ram:ListUsers to the identity of profile 'ops'");
    const ecs = toApiError(clientError('Forbidden.RAM', 403), undefined, { action: 'ecs:DescribeInstances', principal: 'alice' }) as ApiError;
    expect(hintOf(ecs)).toBe('attach AliyunECSReadOnlyAccess or a policy allowing ecs:DescribeInstances to alice');
    const other = toApiError(clientError('NoPermission', 403), undefined, { action: 'sts:GetCallerIdentity', principal: 'alice' }) as ApiError;
    expect(hintOf(other)).toBe('attach a policy allowing sts:GetCallerIdentity to alice');
  });

  it.each([
    ['InvalidAccessKeyId.NotFound', /access_key_id of profile 'p'/],
    ['InvalidAccessKeyId.Inactive', /disabled/],
    ['InvalidSecurityToken.Expired', /^credentials expired; run again to refresh$/],
    ['SignatureDoesNotMatch', /^the secret is wrong: aliaudit configure set --profile p --access-key-secret …$/],
    ['InvalidTimeStamp.Expired', /clock/],
    ['Throttling.User', /wait/],
  ])('%s gets a hint', (code, hint) => {
    const error = toApiError(clientError(code), endpoint, { profile: 'p' }) as ApiError;
    expect(hintOf(error)).toMatch(hint);
  });

  it('a hint that a command fixes carries that command as data, for the shell to offer', () => {
    const error = toApiError(clientError('SignatureDoesNotMatch'), endpoint, { profile: 'p' }) as ApiError;
    expect(error.hint).toEqual({ text: 'the secret is wrong', command: 'configure set --profile p --access-key-secret …' });
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
