import { describe, expect, it } from 'vitest';
import type { CloudApi } from '../../src/cloud/clients.js';
import { ApiError } from '../../src/core/errors.js';
import { Scheduler } from '../../src/scan/scheduler.js';
import type { ScanEvent } from '../../src/scan/model.js';

/** An API whose calls are answered by `answer(n)` for the n-th call (1-based). */
function fakeApi(answer: (n: number) => unknown): CloudApi & { calls: number } {
  const api = {
    calls: 0,
    product: { code: 'ecs' },
    call: async () => {
      api.calls++;
      const result = answer(api.calls);
      if (result instanceof Error) throw result;
      return result;
    },
  };
  return api as unknown as CloudApi & { calls: number };
}

const throttling = (retryAfterMs = 20) => new ApiError('Throttling.User', 'Request was denied due to user flow control.', 400, undefined, undefined, undefined, retryAfterMs);

describe('Scheduler', () => {
  it('keeps a call that is throttled again and again, after the API pause, rather than lose its data', async () => {
    const events: ScanEvent[] = [];
    const scheduler = new Scheduler({ concurrency: 4, emit: (event) => events.push(event) });
    const api = fakeApi((n) => (n <= 5 ? throttling() : { ok: n }));
    await expect(scheduler.call(api, 'DescribeDisks', {}, 'cn-hangzhou')).resolves.toEqual({ ok: 6 });
    expect(events.filter((e) => e.type === 'call')).toEqual([expect.objectContaining({ api: 'ecs:DescribeDisks', ok: true })]);
  });

  it('gives up on a call that is never let through, and says the API throttled it', async () => {
    const scheduler = new Scheduler({ concurrency: 4, emit: () => {} });
    const api = fakeApi(() => throttling());
    await expect(scheduler.call(api, 'DescribeDisks', {}, 'cn-hangzhou')).rejects.toMatchObject({ code: 'Throttling.User' });
    expect(api.calls).toBe(8);
  });

  it('never lets a throttled API hold up another: a call waits for its token without a slot', async () => {
    const scheduler = new Scheduler({ concurrency: 2, emit: () => {} });
    // Fewer throttlings than any one call has rounds, however they fall among the four.
    const throttledApi = fakeApi((n) => (n <= 4 ? throttling(400) : {}));
    const otherApi = { ...fakeApi(() => ({ ok: true })), product: { code: 'ram' } } as unknown as CloudApi;
    const waiting = Array.from({ length: 4 }, () => scheduler.call(throttledApi, 'DescribeSecurityGroupAttribute', {}, 'cn-hangzhou'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    await expect(scheduler.call(otherApi, 'ListUsers', {}, 'global')).resolves.toEqual({ ok: true });
    expect(performance.now() - started).toBeLessThan(150);
    await Promise.all(waiting);
  });

  it('passes a refusal straight through, at once', async () => {
    const scheduler = new Scheduler({ concurrency: 4, emit: () => {} });
    const api = fakeApi(() => new ApiError('Forbidden.RAM', 'denied', 403));
    await expect(scheduler.call(api, 'DescribeDisks', {}, 'cn-hangzhou')).rejects.toMatchObject({ code: 'Forbidden.RAM' });
    expect(api.calls).toBe(1);
  });

  it('after the first throttling, runs just under the rate the API let through', async () => {
    // An API that lets 20 calls a second through: the scheduler starts at 50 a second and must settle near 20.
    const admitted: number[] = [];
    const api = fakeApi(() => {
      const now = performance.now();
      while (admitted.length > 0 && admitted[0] < now - 1000) admitted.shift();
      // As a server does, it says when the next call will be let through.
      if (admitted.length >= 20) return throttling(Math.ceil(admitted[0] + 1000 - now));
      admitted.push(now);
      return {};
    });
    const scheduler = new Scheduler({ concurrency: 8, emit: () => {} });
    const started = performance.now();
    await Promise.all(Array.from({ length: 60 }, () => scheduler.call(api, 'DescribeDisks', {}, 'cn-hangzhou')));
    const seconds = (performance.now() - started) / 1000;
    const throttled = api.calls - 60;
    expect(throttled).toBeLessThan(15);
    // 60 calls at 20 a second take at least 2 s; a scheduler that overshot and backed off hard would take far longer.
    expect(seconds).toBeLessThan(10);
  });
});
