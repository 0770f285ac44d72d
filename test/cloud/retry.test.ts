import { afterEach, describe, expect, it, vi } from 'vitest';
import { ClientError, ServerError, ThrottlingError } from '@alicloud/openapi-core';
import {
  DEFAULT_RETRY_POLICY,
  backoffDelay,
  isIdempotent,
  retryReason,
  withRetry,
  type RetryEvent,
  type RetryPolicy,
  type RetryReason,
} from '../../src/cloud/retry.js';
import { cjsDefaultClass, cjsExport, openApiConfig } from '../../src/cloud/client-config.js';
import { DEFAULT_SUCCESS_BODY, startFaultServer, type Fault, type FaultServer } from '../helpers/fault-server.js';

// Errors as the SDK and httpx really make them (messages copied from a run against the fault server).
function throttlingError(code = 'Throttling.User', retryAfter?: number) {
  return new ThrottlingError({ statusCode: 400, code, message: `code: 400, slow down request id: R`, retryAfter, data: {}, requestId: 'R' });
}
function clientError(code: string, statusCode = 400) {
  return new ClientError({ statusCode, code, message: `code: ${statusCode}, denied request id: R`, data: {}, requestId: 'R' });
}
function serverError(code: string, statusCode = 500) {
  return new ServerError({ statusCode, code, message: `code: ${statusCode}, failed request id: R`, data: {}, requestId: 'R' });
}
function aliauditApiError(code: string, statusCode: number, retryAfterMs?: number) {
  return Object.assign(new Error(`${code}: converted`), { name: 'ApiError', code, statusCode, retryAfterMs });
}
function transportError(code: string, message: string) {
  return Object.assign(new Error(`${message}POST http://127.0.0.1:1/ failed.`), { code });
}
function requestTimeout(message: string) {
  return Object.assign(new Error(message), { name: 'RequestTimeoutError' });
}

describe('retryReason', () => {
  const always: Array<[string, unknown, RetryReason]> = [
    ['ThrottlingError Throttling.User', throttlingError(), 'throttled'],
    ['ThrottlingError Throttling.Api with retry-after', throttlingError('Throttling.Api', 500), 'throttled'],
    ['a 429 without a Throttling code', clientError('TooManyRequests', 429), 'throttled'],
    ['ApiError Throttling', aliauditApiError('Throttling', 400, 1_000), 'throttled'],
    ['ServerError 503 ServiceUnavailable', serverError('ServiceUnavailable', 503), 'unavailable'],
    ['ServerError 503 with another code', serverError('ServiceUnavailableTemporary', 503), 'unavailable'],
    ['ApiError ServiceUnavailable', aliauditApiError('ServiceUnavailable', 503), 'unavailable'],
  ];
  it.each(always)('%s is retried even for a write', (_label, error, reason) => {
    expect(retryReason(error, true)).toBe(reason);
    expect(retryReason(error, false)).toBe(reason);
  });

  const onlyIdempotent: Array<[string, unknown, RetryReason]> = [
    ['ServerError 500 InternalError', serverError('InternalError'), 'server-error'],
    ['ServerError 502', serverError('BadGateway', 502), 'server-error'],
    ['ApiError 500', aliauditApiError('InternalError', 500), 'server-error'],
    ['ECONNRESET (socket hang up)', transportError('ECONNRESET', 'socket hang up'), 'connection-reset'],
    ['ECONNRESET mid-answer (aborted)', Object.assign(new Error('aborted'), { code: 'ECONNRESET' }), 'connection-reset'],
    ['EPIPE', transportError('EPIPE', 'write EPIPE'), 'connection-reset'],
    ['socket hang up without a code', new Error('socket hang up'), 'connection-reset'],
    ['read timeout', requestTimeout('ReadTimeout(300). POST http://127.0.0.1:1/ failed.'), 'timeout'],
    ['connect timeout', requestTimeout('ConnectTimeout: Connect http://127.0.0.1:1/ failed.'), 'timeout'],
    ['ETIMEDOUT', transportError('ETIMEDOUT', 'connect ETIMEDOUT 10.0.0.1:443'), 'timeout'],
  ];
  it.each(onlyIdempotent)('%s is retried only when the call is idempotent', (_label, error, reason) => {
    expect(retryReason(error, true)).toBe(reason);
    expect(retryReason(error, false)).toBeUndefined();
  });

  const never: Array<[string, unknown]> = [
    ['SignatureDoesNotMatch', clientError('SignatureDoesNotMatch')],
    ['InvalidAccessKeyId.NotFound', clientError('InvalidAccessKeyId.NotFound', 404)],
    ['InvalidAccessKeyId.Inactive', clientError('InvalidAccessKeyId.Inactive', 403)],
    ['NoPermission', clientError('NoPermission', 403)],
    ['Forbidden.AccessKeyDisabled', clientError('Forbidden.AccessKeyDisabled', 403)],
    ['EntityNotExist.User', clientError('EntityNotExist.User', 404)],
    ['InvalidParameter.UserName', clientError('InvalidParameter.UserName')],
    ['ApiError NoPermission', aliauditApiError('NoPermission', 403)],
    ['ECONNREFUSED', transportError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1')],
    ['ENOTFOUND', transportError('ENOTFOUND', 'getaddrinfo ENOTFOUND nowhere.invalid')],
    ['a plain Error', new Error('boom')],
    ['a SyntaxError (not an API answer)', new SyntaxError('Unexpected end of JSON input')],
    ['an unnamed object with a 500 status', { code: 'InternalError', statusCode: 500 }],
    ['an errno-like code inherited from Object', Object.assign(new Error('x'), { code: 'toString' })],
    ['a string', 'Throttling'],
    ['null', null],
    ['undefined', undefined],
  ];
  it.each(never)('%s is never retried', (_label, error) => {
    expect(retryReason(error, true)).toBeUndefined();
    expect(retryReason(error, false)).toBeUndefined();
  });
});

describe('isIdempotent', () => {
  it.each([
    'ListUsers',
    'GetUser',
    'GetCallerIdentity',
    'DescribeRegions',
    'QueryUsage',
    'CheckPassword',
    'AssumeRole',
    'AssumeRoleWithSAML',
    'AssumeRoleWithOIDC',
    'GenerateCredentialReport',
  ])('%s may be repeated', (action) => expect(isIdempotent(action)).toBe(true));

  it.each([
    'CreateUser',
    'DeleteUser',
    'UpdateUser',
    'CreateAccessKey',
    'AttachPolicyToUser',
    'ChangePassword',
    'SetPasswordPolicy',
    'Getaway',
    'ram:ListUsers',
    '',
  ])('%s may not', (action) => expect(isIdempotent(action)).toBe(false));
});

describe('backoffDelay', () => {
  const lowest = (policy: RetryPolicy, attempt: number) => backoffDelay(policy, attempt, () => 0);
  const highest = (policy: RetryPolicy, attempt: number) => backoffDelay(policy, attempt, () => 1 - Number.EPSILON);

  it('is half the exponential ceiling plus up to the other half, drawn from random', () => {
    const random = vi.fn(() => 0.5);
    expect(backoffDelay(DEFAULT_RETRY_POLICY, 1, random)).toBe(150);
    expect(random).toHaveBeenCalledOnce();
    expect([1, 2, 3].map((attempt) => lowest(DEFAULT_RETRY_POLICY, attempt))).toEqual([100, 200, 400]);
    expect([1, 2, 3].map((attempt) => highest(DEFAULT_RETRY_POLICY, attempt))).toEqual([199, 399, 799]);
  });

  it('grows: every wait is at least as long as the previous attempt could have waited, until the cap', () => {
    for (let attempt = 1; DEFAULT_RETRY_POLICY.baseDelayMs * 2 ** attempt <= DEFAULT_RETRY_POLICY.maxDelayMs; attempt++) {
      expect(lowest(DEFAULT_RETRY_POLICY, attempt + 1)).toBeGreaterThanOrEqual(highest(DEFAULT_RETRY_POLICY, attempt));
    }
  });

  it('never exceeds maxDelayMs, however many attempts', () => {
    for (const attempt of [8, 9, 20, 2_000]) {
      expect(lowest(DEFAULT_RETRY_POLICY, attempt)).toBe(DEFAULT_RETRY_POLICY.maxDelayMs / 2);
      expect(highest(DEFAULT_RETRY_POLICY, attempt)).toBeLessThanOrEqual(DEFAULT_RETRY_POLICY.maxDelayMs);
    }
  });

  it('uses Math.random by default, within the band', () => {
    const delays = Array.from({ length: 50 }, () => backoffDelay(DEFAULT_RETRY_POLICY, 2));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(200);
    expect(Math.max(...delays)).toBeLessThan(400);
  });
});

describe('withRetry', () => {
  const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 5_000 };

  /** A call that throws `failures` in turn, then answers 'done'. */
  function scripted(...failures: unknown[]) {
    return vi.fn(async (attempt: number) => {
      if (attempt <= failures.length) throw failures[attempt - 1];
      return 'done';
    });
  }

  function recorder() {
    const log: string[] = [];
    const waits: number[] = [];
    const events: RetryEvent[] = [];
    return {
      log,
      waits,
      events,
      sleep: async (ms: number) => {
        log.push(`sleep ${ms}`);
        waits.push(ms);
      },
      observer: {
        retry(event: RetryEvent) {
          log.push(`retry ${event.attempt}`);
          events.push(event);
        },
      },
    };
  }

  it('retries until the call succeeds, numbering attempts from 1', async () => {
    const call = scripted(throttlingError(), serverError('InternalError'));
    const rec = recorder();
    await expect(withRetry(call, { action: 'ram:ListUsers', idempotent: true, policy, sleep: rec.sleep })).resolves.toBe('done');
    expect(call.mock.calls.map(([attempt]) => attempt)).toEqual([1, 2, 3]);
    expect(rec.waits).toHaveLength(2);
  });

  it('stops after maxAttempts and throws the last error unchanged', async () => {
    const errors = [1, 2, 3, 4, 5].map(() => serverError('ServiceUnavailable', 503));
    const call = scripted(...errors);
    const rec = recorder();
    await expect(withRetry(call, { action: 'ram:ListUsers', idempotent: true, policy, sleep: rec.sleep })).rejects.toBe(
      errors[3],
    );
    expect(call).toHaveBeenCalledTimes(4);
    expect(rec.waits).toHaveLength(3);
  });

  it('uses DEFAULT_RETRY_POLICY when given none', async () => {
    const call = scripted(...[1, 2, 3, 4].map(() => throttlingError()));
    const rec = recorder();
    await expect(withRetry(call, { action: 'ram:ListUsers', idempotent: true, sleep: rec.sleep, random: () => 0 })).rejects.toBeInstanceOf(
      ThrottlingError,
    );
    expect(call).toHaveBeenCalledTimes(DEFAULT_RETRY_POLICY.maxAttempts);
    expect(rec.waits).toEqual([100, 200, 400]);
  });

  it('tells the observer about each retry once, before its wait', async () => {
    const call = scripted(throttlingError('Throttling.User', 250), transportError('ECONNRESET', 'socket hang up'), requestTimeout('ReadTimeout(300)'));
    const rec = recorder();
    const draws = [0.5, 0.25];
    await withRetry(call, {
      action: 'ram:ListUsers',
      idempotent: true,
      policy,
      sleep: rec.sleep,
      observer: rec.observer,
      random: () => draws.shift()!,
    });
    expect(rec.log).toEqual(['retry 1', 'sleep 250', 'retry 2', 'sleep 150', 'retry 3', 'sleep 250']);
    expect(rec.events).toEqual([
      { action: 'ram:ListUsers', attempt: 1, delayMs: 250, reason: 'throttled', code: 'Throttling.User', retryAfterMs: 250 },
      { action: 'ram:ListUsers', attempt: 2, delayMs: 150, reason: 'connection-reset', code: 'ECONNRESET' },
      { action: 'ram:ListUsers', attempt: 3, delayMs: 250, reason: 'timeout' },
    ]);
  });

  it('counts throttlings and faults apart: a call throttled three times still has its retries when a connection resets', async () => {
    const call = scripted(
      throttlingError('Throttling.User', 10),
      throttlingError('Throttling.User', 10),
      throttlingError('Throttling.User', 10),
      transportError('ECONNRESET', 'socket hang up'),
      transportError('ECONNRESET', 'socket hang up'),
    );
    const rec = recorder();
    await expect(withRetry(call, { action: 'ecs:DescribeSecurityGroupAttribute', idempotent: true, policy, sleep: rec.sleep, observer: rec.observer })).resolves.toBeDefined();
    expect(rec.events.map((event) => event.reason)).toEqual(['throttled', 'throttled', 'throttled', 'connection-reset', 'connection-reset']);
    // Each kind still ends at maxAttempts of its own.
    const faults = scripted(...Array.from({ length: policy.maxAttempts }, () => transportError('ECONNRESET', 'socket hang up')));
    await expect(withRetry(faults, { action: 'ecs:DescribeSecurityGroupAttribute', idempotent: true, policy, sleep: rec.sleep })).rejects.toMatchObject({ code: 'ECONNRESET' });
  });

  it("honours the server's retry-after over the backoff, clamped to maxDelayMs", async () => {
    const call = scripted(throttlingError('Throttling.User', 1_234), aliauditApiError('Throttling', 429, 60_000), aliauditApiError('ServiceUnavailable', 503, 0));
    const rec = recorder();
    await withRetry(call, { action: 'ram:ListUsers', idempotent: false, policy, sleep: rec.sleep, observer: rec.observer });
    expect(rec.waits).toEqual([1_234, 5_000, 0]);
    expect(rec.events.map((event) => event.retryAfterMs)).toEqual([1_234, 60_000, 0]);
  });

  it.each([
    ['a signature error', clientError('SignatureDoesNotMatch'), true],
    ['ECONNREFUSED', transportError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1'), true],
    ['a 500 on a write', serverError('InternalError'), false],
    ['a timeout on a write', requestTimeout('ReadTimeout(300)'), false],
  ])('makes exactly one call after %s and throws it unchanged', async (_label, error, idempotent) => {
    const call = scripted(error);
    const rec = recorder();
    await expect(withRetry(call, { action: 'ram:X', idempotent, policy, sleep: rec.sleep, observer: rec.observer })).rejects.toBe(error);
    expect(call).toHaveBeenCalledOnce();
    expect(rec.log).toEqual([]);
  });

  it('retries throttling of a write: the request was not processed', async () => {
    const call = scripted(throttlingError());
    const rec = recorder();
    await expect(withRetry(call, { action: 'ram:CreateUser', idempotent: false, policy, sleep: rec.sleep })).resolves.toBe('done');
    expect(call).toHaveBeenCalledTimes(2);
  });

  it('makes no call when the signal is already aborted', async () => {
    const reason = new Error('cancelled');
    const call = scripted();
    await expect(withRetry(call, { action: 'ram:ListUsers', idempotent: true, signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(call).not.toHaveBeenCalled();
  });

  it('rejects with the reason and makes no further call when aborted during a wait', async () => {
    const controller = new AbortController();
    const reason = new Error('cancelled');
    const call = scripted(throttlingError(), throttlingError());
    // A sleep that ignores its signal: withRetry must still stop.
    const sleep = vi.fn(async () => controller.abort(reason));
    await expect(withRetry(call, { action: 'ram:ListUsers', idempotent: true, policy, signal: controller.signal, sleep })).rejects.toBe(reason);
    expect(call).toHaveBeenCalledOnce();
    expect(sleep).toHaveBeenCalledOnce();
  });

  it('stops the default wait at once on abort and leaves no timer behind', async () => {
    const controller = new AbortController();
    const reason = new Error('cancelled');
    const call = scripted(throttlingError(), throttlingError());
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    const before = timers();
    // A minute's wait, past the test's timeout: only the abort can end it.
    const pending = withRetry(call, {
      action: 'ram:ListUsers',
      idempotent: true,
      policy: { maxAttempts: 4, baseDelayMs: 60_000, maxDelayMs: 60_000 },
      signal: controller.signal,
      observer: { retry: () => setImmediate(() => controller.abort(reason)) },
    });
    await expect(pending).rejects.toBe(reason);
    expect(call).toHaveBeenCalledOnce();
    expect(timers()).toBe(before);
  });
});

describe('withRetry with the real SDK against a fault server', () => {
  const POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 40, maxDelayMs: 1_000 };
  const READ_TIMEOUT_MS = 300;
  // Equal jitter with these draws waits 20+4, 40+32 and 80+48 ms: each at another place in its band, not 20, 40, 80.
  const DRAWS = [0.2, 0.8, 0.6];
  const WAITS = [24, 72, 128];

  const servers: FaultServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  async function ramCaller(host: string) {
    const [sdk, core, dara] = await Promise.all([
      import('@alicloud/ram20150501'),
      import('@alicloud/openapi-core'),
      import('@darabonba/typescript'),
    ]);
    const Client = cjsDefaultClass<new (config: unknown) => any>(sdk);
    const $OpenApiUtil = cjsExport(core, '$OpenApiUtil');
    const RuntimeOptions = cjsExport(dara, 'RuntimeOptions');
    const config = await openApiConfig({
      regionId: 'cn-hangzhou',
      endpoint: { host, protocol: 'http' },
      credentials: { accessKeyId: 'id', accessKeySecret: 'secret' },
      readTimeoutMs: READ_TIMEOUT_MS,
    });
    const client = new Client(config);
    return (action: string): Promise<any> =>
      client.callApi(
        new $OpenApiUtil.Params({
          action,
          version: '2015-05-01',
          protocol: 'HTTPS',
          pathname: '/',
          method: 'POST',
          authType: 'AK',
          style: 'RPC',
          reqBodyType: 'formData',
          bodyType: 'json',
        }),
        new $OpenApiUtil.OpenApiRequest({ query: {} }),
        new RuntimeOptions({}),
      );
  }

  /**
   * One withRetry'd RAM call through the SDK against a fault server playing `script`. Its waits go to a sleep that
   * records them and how many requests had arrived by then (what the wire saw: the next request comes only after the
   * wait), and waits for nothing, so no test measures time.
   */
  async function callThrough(script: Fault[], action: string, draws = DRAWS) {
    const server = await startFaultServer(script);
    servers.push(server);
    const call = await ramCaller(server.host);
    const queue = [...draws];
    const events: RetryEvent[] = [];
    const waits: { ms: number; afterRequests: number }[] = [];
    const outcome = await withRetry(() => call(action), {
      action: `ram:${action}`,
      idempotent: isIdempotent(action),
      policy: POLICY,
      random: () => queue.shift() ?? 0.5,
      observer: { retry: (event) => events.push(event) },
      sleep: async (ms) => void waits.push({ ms, afterRequests: server.requests.length }),
    }).then(
      (answer) => ({ answer, error: undefined }),
      (error: unknown) => ({ answer: undefined, error: error as any }),
    );
    return { ...outcome, events, actions: server.requests.map((r) => r.action), waits };
  }

  /** Wait n came between request n and request n + 1, and lasted `ms[n]`. */
  function waitedBetweenRequests(waits: { ms: number; afterRequests: number }[], ms: number[]): void {
    expect(waits).toEqual(ms.map((wait, i) => ({ ms: wait, afterRequests: i + 1 })));
  }

  const retryable: Array<{ label: string; fault: Fault; reason: RetryReason; code?: string }> = [
    { label: '400 Throttling.User', fault: { kind: 'throttle' }, reason: 'throttled', code: 'Throttling.User' },
    {
      label: '503 ServiceUnavailable',
      fault: { kind: 'status', status: 503, code: 'ServiceUnavailable' },
      reason: 'unavailable',
      code: 'ServiceUnavailable',
    },
    {
      label: '500 InternalError on a List action',
      fault: { kind: 'status', status: 500, code: 'InternalError' },
      reason: 'server-error',
      code: 'InternalError',
    },
    { label: 'a reset connection', fault: { kind: 'reset' }, reason: 'connection-reset', code: 'ECONNRESET' },
    { label: 'a stall past the read timeout', fault: { kind: 'stall', ms: 10_000 }, reason: 'timeout' },
  ];

  it.each(retryable)('$label: retried with growing, jittered waits until it succeeds', async ({ fault, reason, code }) => {
    const run = await callThrough([fault, fault, fault], 'ListUsers');
    expect(run.error).toBeUndefined();
    expect(run.answer.body).toEqual(DEFAULT_SUCCESS_BODY);
    expect(run.actions).toEqual(['ListUsers', 'ListUsers', 'ListUsers', 'ListUsers']);
    expect(run.events).toEqual(
      WAITS.map((delayMs, i) => ({ action: 'ram:ListUsers', attempt: i + 1, delayMs, reason, ...(code && { code }) })),
    );
    waitedBetweenRequests(run.waits, WAITS);
  });

  it('spreads callers out: other random draws give other waits on the wire', async () => {
    const [low, high] = await Promise.all([
      callThrough([{ kind: 'throttle' }, { kind: 'throttle' }, { kind: 'throttle' }], 'ListUsers', [0, 0, 0]),
      callThrough([{ kind: 'throttle' }, { kind: 'throttle' }, { kind: 'throttle' }], 'ListUsers', [0.99, 0.99, 0.99]),
    ]);
    expect(low.events.map((event) => event.delayMs)).toEqual([20, 40, 80]);
    expect(high.events.map((event) => event.delayMs)).toEqual([39, 79, 159]);
    waitedBetweenRequests(low.waits, [20, 40, 80]);
    waitedBetweenRequests(high.waits, [39, 79, 159]);
  });

  it("waits as long as the server's x-acs-retry-after asks, not the shorter backoff", async () => {
    const fault: Fault = { kind: 'throttle', code: 'Throttling.Api', retryAfterMs: 150 };
    const run = await callThrough([fault, fault], 'ListUsers');
    expect(run.answer.body).toEqual(DEFAULT_SUCCESS_BODY);
    expect(run.events.map(({ delayMs, retryAfterMs, code }) => ({ delayMs, retryAfterMs, code }))).toEqual([
      { delayMs: 150, retryAfterMs: 150, code: 'Throttling.Api' },
      { delayMs: 150, retryAfterMs: 150, code: 'Throttling.Api' },
    ]);
    waitedBetweenRequests(run.waits, [150, 150]);
  });

  it('retries throttling of a write (CreateUser): the request was not processed', async () => {
    const run = await callThrough([{ kind: 'throttle' }], 'CreateUser');
    expect(run.error).toBeUndefined();
    expect(run.actions).toEqual(['CreateUser', 'CreateUser']);
  });

  it.each([
    { label: '400 SignatureDoesNotMatch', fault: { kind: 'status', status: 400, code: 'SignatureDoesNotMatch' }, action: 'ListUsers', name: 'ClientError' },
    { label: '403 NoPermission', fault: { kind: 'status', status: 403, code: 'NoPermission' }, action: 'ListUsers', name: 'ClientError' },
    { label: '500 InternalError on CreateUser', fault: { kind: 'status', status: 500, code: 'InternalError' }, action: 'CreateUser', name: 'ServerError' },
  ] satisfies Array<{ label: string; fault: Fault; action: string; name: string }>)(
    '$label: one request, the SDK error thrown unchanged',
    async ({ fault, action, name }) => {
      const run = await callThrough([fault, fault], action);
      expect(run.actions).toEqual([action]);
      expect(run.events).toEqual([]);
      expect(run.error).toMatchObject({ name, code: fault.code, statusCode: fault.status });
    },
  );

  it('a reset on CreateUser is not retried: the user may exist now', async () => {
    const run = await callThrough([{ kind: 'reset' }], 'CreateUser');
    expect(run.actions).toEqual(['CreateUser']);
    expect(run.error).toMatchObject({ code: 'ECONNRESET' });
  });

  it('a refused connection (wrong endpoint) fails at once', async () => {
    const server = await startFaultServer([]);
    await server.close();
    const call = vi.fn(await ramCaller(server.host));
    const error = await withRetry(() => call('ListUsers'), { action: 'ram:ListUsers', idempotent: true, policy: POLICY }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ECONNREFUSED' });
    expect(call).toHaveBeenCalledOnce();
  });
});
