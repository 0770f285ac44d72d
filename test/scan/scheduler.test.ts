import { describe, expect, it } from 'vitest';
import type { CloudApi } from '../../src/cloud/clients.js';
import { ApiError } from '../../src/core/errors.js';
import { Scheduler } from '../../src/scan/scheduler.js';
import type { ScanEvent } from '../../src/scan/model.js';
import { FakeTimer } from '../helpers/fake-timer.js';

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

// Every scheduler here runs on a fake clock: waits take no real time, and what happened when is exact.
describe('Scheduler', () => {
  it('keeps a call that is throttled again and again, after the API pause, rather than lose its data', async () => {
    const timer = new FakeTimer(true);
    const events: ScanEvent[] = [];
    const scheduler = new Scheduler({ concurrency: 4, emit: (event) => events.push(event), timer });
    const api = fakeApi((n) => (n <= 5 ? throttling() : { ok: n }));
    await expect(scheduler.call(api, 'DescribeDisks', {}, 'cn-hangzhou')).resolves.toEqual({ ok: 6 });
    expect(events.filter((e) => e.type === 'call')).toEqual([expect.objectContaining({ api: 'ecs:DescribeDisks', ok: true })]);
    // Five pauses of the 20 ms the API asked for, at least.
    expect(timer.ms()).toBeGreaterThanOrEqual(5 * 20);
  });

  it('gives up on a call that is never let through, and says the API throttled it', async () => {
    const scheduler = new Scheduler({ concurrency: 4, emit: () => {}, timer: new FakeTimer(true) });
    const api = fakeApi(() => throttling());
    await expect(scheduler.call(api, 'DescribeDisks', {}, 'cn-hangzhou')).rejects.toMatchObject({ code: 'Throttling.User' });
    expect(api.calls).toBe(8);
  });

  it('waits as long as the server asks after a throttling, and no longer than the next token', async () => {
    const timer = new FakeTimer();
    const scheduler = new Scheduler({ concurrency: 4, emit: () => {}, timer });
    const api = fakeApi((n) => (n === 1 ? throttling(400) : {}));
    let done = false;
    const call = scheduler.call(api, 'DescribeDisks', {}, 'cn-hangzhou').then(() => (done = true));
    await timer.asleep();
    await timer.advance(399);
    expect([api.calls, done]).toEqual([1, false]);
    await timer.advance(1);
    await call;
    expect(api.calls).toBe(2);
  });

  it('never lets a throttled API hold up another: a call waits for its token without a slot', async () => {
    // Time stands still: the throttled calls wait on the clock, the other API's call must not.
    const timer = new FakeTimer();
    const scheduler = new Scheduler({ concurrency: 2, emit: () => {}, timer });
    const throttledApi = fakeApi((n) => (n <= 4 ? throttling(400) : {}));
    const otherApi = { ...fakeApi(() => ({ ok: true })), product: { code: 'ram' } } as unknown as CloudApi;
    const waiting = Array.from({ length: 4 }, () => scheduler.call(throttledApi, 'DescribeSecurityGroupAttribute', {}, 'cn-hangzhou'));
    await timer.settle();
    // One call went through and was throttled; all four now wait out the API's pause in its line, more of them than
    // slots, holding none.
    expect(throttledApi.calls).toBe(1);
    let answered: unknown;
    void scheduler.call(otherApi, 'ListUsers', {}, 'global').then((answer) => (answered = answer));
    await timer.settle();
    expect(answered).toEqual({ ok: true });
    expect(timer.ms()).toBe(0);
    timer.auto = true;
    await Promise.all(waiting);
  });

  it('learns from a burst of throttled calls once: the calls in flight do not each cut the rate', async () => {
    // 20 calls a second per second of the clock; 32 in flight at once, so a whole burst meets the limit together.
    const timer = new FakeTimer(true);
    const perSecond = new Map<number, number>();
    const api = {
      ...fakeApi(() => ({})),
      call: async () => {
        await timer.sleep(200);
        const second = Math.floor(timer.ms() / 1000);
        const count = perSecond.get(second) ?? 0;
        if (count >= 20) {
          // As the engine does with the client's own retries of a throttled call: each is reported to the scheduler.
          for (let retry = 0; retry < 2; retry++) scheduler.throttled('ecs:DescribeDisks', 1000 - (timer.ms() % 1000));
          throw throttling(1000 - (timer.ms() % 1000));
        }
        perSecond.set(second, count + 1);
        return {};
      },
    } as unknown as CloudApi;
    const scheduler: Scheduler = new Scheduler({ concurrency: 32, emit: () => {}, timer });
    await Promise.all(Array.from({ length: 300 }, () => scheduler.call(api, 'DescribeDisks', {}, 'cn-hangzhou')));
    // 300 calls at 20 a second take 15 s; a rate cut by every throttled call and retry crawls below the quota (20 s).
    expect(timer.ms() / 1000).toBeLessThan(16);
  });

  it('takes a token as a call is sent, not while it waits for a slot: calls that queued do not burst past the quota', async () => {
    // An API that lets 10 calls through per second of the clock, as the emulator's windows do.
    const timer = new FakeTimer(true);
    const perSecond = new Map<number, number>();
    const limited = fakeApi(() => {
      const second = Math.floor(timer.ms() / 1000);
      const count = perSecond.get(second) ?? 0;
      if (count >= 10) return throttling(1000 - (timer.ms() % 1000));
      perSecond.set(second, count + 1);
      return {};
    });
    // The only slot is held for 3 s: the limited API's calls queue behind it the whole time.
    const slow = { product: { code: 'ram' }, call: () => timer.sleep(3000).then(() => ({})) } as unknown as CloudApi;
    const scheduler = new Scheduler({ concurrency: 1, emit: () => {}, timer, initialRate: 10 });
    const holding = scheduler.call(slow, 'GetAccountSummary', {}, 'global');
    await Promise.all([holding, ...Array.from({ length: 40 }, () => scheduler.call(limited, 'DescribeDisks', {}, 'cn-hangzhou'))]);
    // Tokens taken during the wait would send some thirty calls at once when the slot frees; a token at sending lets
    // through what the bucket holds, and only the few throttlings that teach it the quota follow (22 the old way).
    expect(limited.calls - 40).toBeLessThan(6);
    expect(timer.ms()).toBeLessThan(3000 + 5000);
  });

  it('passes a refusal straight through, at once', async () => {
    const timer = new FakeTimer();
    const scheduler = new Scheduler({ concurrency: 4, emit: () => {}, timer });
    const api = fakeApi(() => new ApiError('Forbidden.RAM', 'denied', 403));
    await expect(scheduler.call(api, 'DescribeDisks', {}, 'cn-hangzhou')).rejects.toMatchObject({ code: 'Forbidden.RAM' });
    expect(api.calls).toBe(1);
    expect(timer.ms()).toBe(0);
  });

  it('reports how long each call took, on its clock', async () => {
    const timer = new FakeTimer();
    const events: ScanEvent[] = [];
    const scheduler = new Scheduler({ concurrency: 4, emit: (event) => events.push(event), timer });
    const api = { product: { code: 'ecs' }, call: () => timer.sleep(120).then(() => ({})) } as unknown as CloudApi;
    const call = scheduler.call(api, 'DescribeDisks', {}, 'cn-hangzhou');
    await timer.asleep();
    await timer.advance(120);
    await call;
    expect(events).toEqual([{ type: 'call', api: 'ecs:DescribeDisks', region: 'cn-hangzhou', ms: 120, ok: true }]);
  });

  it('after the first throttling, runs just under the rate the API let through', async () => {
    // An API that lets 20 calls a second through: the scheduler starts at 50 a second and must settle near 20.
    const timer = new FakeTimer(true);
    const admitted: number[] = [];
    const api = fakeApi(() => {
      const now = timer.ms();
      while (admitted.length > 0 && admitted[0] <= now - 1000) admitted.shift();
      // As a server does, it says when the next call will be let through.
      if (admitted.length >= 20) return throttling(Math.ceil(admitted[0] + 1000 - now));
      admitted.push(now);
      return {};
    });
    const scheduler = new Scheduler({ concurrency: 8, emit: () => {}, timer });
    await Promise.all(Array.from({ length: 60 }, () => scheduler.call(api, 'DescribeDisks', {}, 'cn-hangzhou')));
    const seconds = timer.ms() / 1000;
    const throttled = api.calls - 60;
    expect(throttled).toBeLessThan(15);
    // 60 calls at 20 a second take at least 2 s; a scheduler that overshot and backed off hard would take far longer.
    expect(seconds).toBeGreaterThanOrEqual(2);
    expect(seconds).toBeLessThan(4);
  });
});
