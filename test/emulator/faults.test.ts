import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { type CloudApi, cloudApi, RAM } from '../../src/cloud/clients.js';
import { ApiError } from '../../src/core/errors.js';
import { Chaos, FAULT_MIX, type FaultKind } from '../../src/emulator/faults.js';
import { type EmulatorOptions, type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import { loadWorldFile } from '../../src/emulator/world.js';
import { main } from '../../src/cli/main.js';
import { bufferContext } from '../helpers/context.js';
import { ACCOUNT, KEYS, WORLD_FILE } from './helpers.js';

/** Long enough that no answer, however loaded the machine, is taken for a stall; well inside the test's timeout. */
const PATIENT_MS = 20_000;
/** For a call foretold to stall: it is never answered, so a short timeout only shortens the wait. */
const SHORT_TIMEOUT_MS = 300;
const running: RunningEmulator[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

async function start(options: Omit<EmulatorOptions, 'state' | 'port'>): Promise<RunningEmulator> {
  const emulator = await startEmulator({ state: loadWorldFile(WORLD_FILE), port: 0, ...options });
  running.push(emulator);
  return emulator;
}

/** The real RAM client, signed as the fixture's root, that never retries and gives up on a silent server quickly. */
function ram(emulator: RunningEmulator, timeoutMs = PATIENT_MS): Promise<CloudApi> {
  return cloudApi({
    product: RAM,
    region: 'cn-hangzhou',
    endpoint: { host: new URL(emulator.url).host, protocol: 'http' },
    credentials: KEYS.root,
    policy: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    readTimeoutMs: timeoutMs,
    // The SDK gives up on a silent server after the longer of the two.
    connectTimeoutMs: timeoutMs,
  });
}

type Outcome = 'ok' | FaultKind | string;

type Call = (action: string, params: Record<string, string>) => Promise<Outcome>;

/**
 * RAM calls to an emulator with these faults, each to its outcome, knowing which ones the emulator stalls: its draws
 * are a hash of the seed and the request, so a Chaos of the same seed and rate, drawing for the same calls in the same
 * order, foretells them. A foretold stall gets a short timeout; every other call waits patiently, so a slow answer on
 * a loaded machine is never taken for a stall (and a stall where none was foretold would show as a wrong outcome).
 */
async function caller(emulator: RunningEmulator, faultRate: number, seed: number): Promise<Call> {
  const chaos = new Chaos({ faultRate, seed });
  const [patient, quick] = await Promise.all([ram(emulator), ram(emulator, SHORT_TIMEOUT_MS)]);
  return (action, params) => {
    const api = chaos.draw(action, '2015-05-01', params).fault === 'stall' ? quick : patient;
    return outcomeOf(api.call(action, params));
  };
}

/** What a call came to, as the client saw it. */
async function outcomeOf(call: Promise<unknown>): Promise<Outcome> {
  try {
    await call;
    return 'ok';
  } catch (error) {
    if (error instanceof ApiError) {
      if (error.code === 'ServiceUnavailable' && error.statusCode === 503) return 'unavailable';
      if (error.code === 'InternalError' && error.statusCode === 500) return 'internal';
      return `api ${error.code}`;
    }
    const message = String((error as Error).message);
    if (/connection reset|socket hang up/i.test(message)) return 'reset';
    if (/did not answer in time/.test(message)) return 'stall';
    return `other ${message}`;
  }
}

/**
 * Distinct ListUsers calls (MaxItems = index + 1), 25 at a time in whatever order they finish: each outcome is drawn
 * from the call itself, so neither the order nor the other calls matter.
 */
async function listUsersCalls(emulator: RunningEmulator, seed: number, indexes: number[]): Promise<Map<number, Outcome>> {
  const call = await caller(emulator, 0.3, seed);
  const outcomes = new Map<number, Outcome>();
  const queue = [...indexes];
  const worker = async () => {
    for (let i = queue.shift(); i !== undefined; i = queue.shift()) outcomes.set(i, await call('ListUsers', { MaxItems: String(i + 1) }));
  };
  await Promise.all(Array.from({ length: 25 }, worker));
  return outcomes;
}

function tally(outcomes: Outcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const outcome of outcomes) counts[outcome] = (counts[outcome] ?? 0) + 1;
  return counts;
}

describe('--faults', () => {
  it('at 0.3, about 30 % of 200 calls fail, every kind of fault in about its share, the same seed the same calls', async () => {
    const all = Array.from({ length: 200 }, (_, i) => i);
    const first = await listUsersCalls(await start({ faultRate: 0.3, faultSeed: 42 }), 42, all);
    const counts = tally([...first.values()]);
    // Nothing but answers and the four faults.
    expect(Object.keys(counts).sort()).toEqual(['internal', 'ok', 'reset', 'stall', 'unavailable']);
    const faulted = 200 - counts.ok;
    expect(faulted).toBeGreaterThanOrEqual(40);
    expect(faulted).toBeLessThanOrEqual(80);
    for (const [kind, share] of Object.entries(FAULT_MIX)) {
      const expected = faulted * share;
      expect(Math.abs(counts[kind] - expected), `${kind}: ${counts[kind]} of ${faulted}`).toBeLessThanOrEqual(3 * Math.sqrt(expected) + 1);
    }

    // Another emulator, the same seed, the faulted calls and a quarter of the others in reverse order: each fails (or
    // not) as it did the first time, whatever else is called around it.
    const some = all.filter((i) => first.get(i) !== 'ok' || i % 4 === 0).reverse();
    const again = await listUsersCalls(await start({ faultRate: 0.3, faultSeed: 42 }), 42, some);
    for (const i of some) expect(again.get(i), `call ${i}`).toBe(first.get(i));
  });

  it('another seed draws other faults; a higher rate faults a superset of the calls', () => {
    const faulted = (seed: number, faultRate: number) => {
      const chaos = new Chaos({ faultRate, seed });
      return Array.from({ length: 200 }, (_, i) => chaos.draw('ListUsers', '2015-05-01', { MaxItems: String(i + 1) }).fault);
    };
    expect(faulted(43, 0.3)).not.toEqual(faulted(42, 0.3));
    const low = faulted(42, 0.03);
    const high = faulted(42, 0.3);
    expect(low.filter(Boolean).length).toBeGreaterThan(0);
    low.forEach((fault, i) => {
      if (fault) expect(high[i]).toBe(fault);
    });
    // Signing parameters do not change what a call draws.
    const chaos = () => new Chaos({ faultRate: 0.5, seed: 3 });
    const signed = (nonce: string) => chaos().draw('GetUser', '2015-05-01', { UserName: 'alice', SignatureNonce: nonce, Timestamp: nonce, Signature: nonce });
    expect(signed('a')).toEqual(signed('b'));
  });

  it('draws per request and occurrence: a repeated call meets the same sequence on every run', async () => {
    const sequence = async () => {
      const call = await caller(await start({ faultRate: 0.3, faultSeed: 7 }), 0.3, 7);
      const outcomes: Outcome[] = [];
      for (let i = 0; i < 30; i++) outcomes.push(await call('GetUser', { UserName: 'alice' }));
      return outcomes;
    };
    const once = await sequence();
    expect(once).toContain('ok');
    expect(once.some((o) => o !== 'ok')).toBe(true);
    expect(await sequence()).toEqual(once);
  });

  it("answers an injected 503 or 500 in the API's error JSON, with the product's HostId", async () => {
    const emulator = await start({ faultRate: 1, faultSeed: 9 });
    // The calls foretold to stall are not sent; the others are answered or reset, and are waited for.
    const chaos = new Chaos({ faultRate: 1, seed: 9 });
    const markers = Array.from({ length: 20 }, (_, i) => `m-${i}`).filter((marker) => chaos.draw('ListUsers', '2015-05-01', { Marker: marker }).fault !== 'stall');
    const answers = await Promise.all(
      markers.map(async (marker) => {
        const query = new URLSearchParams({ Action: 'ListUsers', Version: '2015-05-01', Format: 'JSON', Marker: marker });
        try {
          const response = await fetch(`${emulator.url}/?${query}`, { method: 'POST' });
          return { status: response.status, requestId: response.headers.get('x-acs-request-id'), body: (await response.json()) as Record<string, string> };
        } catch {
          return undefined; // reset
        }
      }),
    );
    const answered = answers.filter((a) => a !== undefined);
    expect(answered.map((a) => a.status)).toContain(503);
    expect(answered.map((a) => a.status)).toContain(500);
    for (const { status, requestId, body } of answered) {
      expect(Object.keys(body).sort()).toEqual(['Code', 'HostId', 'Message', 'Recommend', 'RequestId']);
      expect(body).toMatchObject({ RequestId: requestId, HostId: 'ram.aliyuncs.com', Code: status === 503 ? 'ServiceUnavailable' : 'InternalError' });
      expect(body.Recommend).toContain('product=Ram');
    }
  });

  it('a faulted write did not happen', async () => {
    const emulator = await start({ faultRate: 1, faultSeed: 5 });
    const call = await caller(emulator, 1, 5);
    const names = Array.from({ length: 24 }, (_, i) => `faulted-${i}`);
    const outcomes = await Promise.all(names.map((name) => call('CreateUser', { UserName: name })));
    expect(outcomes.every((o) => ['unavailable', 'internal', 'reset', 'stall'].includes(o))).toBe(true);
    expect(new Set(outcomes).size).toBeGreaterThanOrEqual(3);
    const users = emulator.state.Accounts.get(ACCOUNT)!.Users;
    for (const name of names) expect(users.has(name)).toBe(false);
  });

  it('an answered call took effect exactly when it was not faulted', async () => {
    // Seed 2 stalls none of these calls: every outcome is an answer or a reset, none waits for a timeout.
    const emulator = await start({ faultRate: 0.5, faultSeed: 2 });
    const call = await caller(emulator, 0.5, 2);
    const names = Array.from({ length: 20 }, (_, i) => `maybe-${i}`);
    const outcomes = await Promise.all(names.map((name) => call('CreateUser', { UserName: name })));
    const users = emulator.state.Accounts.get(ACCOUNT)!.Users;
    expect(outcomes).toContain('ok');
    expect(outcomes).not.toContain('stall');
    expect(new Set(outcomes).size).toBe(4);
    names.forEach((name, i) => expect(users.has(name), `${name}: ${outcomes[i]}`).toBe(outcomes[i] === 'ok'));
  });

  it('a stalled request times out on the client, and close() still returns at once and leaves nothing behind', async () => {
    const before = resourceCounts();
    const emulator = await startEmulator({ state: loadWorldFile(WORLD_FILE), port: 0, faultRate: 1, faultSeed: 1 });
    // The first of some distinct calls that the emulator stalls (a tenth of faults do), sent with a short timeout.
    const chaos = new Chaos({ faultRate: 1, seed: 1 });
    const stalls = Array.from({ length: 60 }, (_, i) => ({ UserName: `nobody-${i}` })).find((params) => chaos.draw('GetUser', '2015-05-01', params).fault === 'stall');
    expect(await outcomeOf((await ram(emulator, SHORT_TIMEOUT_MS)).call('GetUser', stalls!))).toBe('stall');

    // Now hold stalled requests open from a client that never gives up, and close the emulator under them: close()
    // returns only if it ends them itself (they would wait forever, far past the test's timeout).
    const held = await heldRequests(emulator, 1, 4);
    await emulator.close();
    const ends = await Promise.all(held.map((h) => h.ended));
    expect(ends.every((end) => end === 'closed')).toBe(true);
    await settle();
    expectNoMoreThan(before);
  });

  it('close() during a long latency wait returns at once and clears the timer', async () => {
    const before = resourceCounts();
    // Ten minutes' latency, longer than the test may take: close() must cut the wait short.
    const emulator = await startEmulator({ state: loadWorldFile(WORLD_FILE), port: 0, latencyMs: 600_000 });
    const pending = rawOpenApiRequest(emulator, 'ListUsers');
    // The call is counted once answered (refused: it is unsigned), before its answer waits out the latency.
    await until(async () => ((await callStats(emulator))['ram:ListUsers']?.refused ?? 0) === 1);
    await emulator.close();
    expect(await pending.ended).toBe('closed');
    await settle();
    expectNoMoreThan(before);
  });
});

describe('--latency with jitter', () => {
  it('draws every delay within MS ± JITTER, never below 0, the same for the same seed', () => {
    const delays = (seed: number, latencyMs: number, jitterMs: number) => {
      const chaos = new Chaos({ latencyMs, jitterMs, seed });
      return Array.from({ length: 1000 }, (_, i) => chaos.draw('ListUsers', '2015-05-01', { MaxItems: String(i) }).delayMs);
    };
    const wide = delays(1, 50, 30);
    expect(Math.min(...wide)).toBeGreaterThanOrEqual(20);
    expect(Math.max(...wide)).toBeLessThanOrEqual(80);
    expect(Math.min(...wide)).toBeLessThan(25);
    expect(Math.max(...wide)).toBeGreaterThan(75);
    const mean = wide.reduce((a, b) => a + b, 0) / wide.length;
    expect(mean).toBeGreaterThan(47);
    expect(mean).toBeLessThan(53);
    expect(delays(1, 50, 30)).toEqual(wide);
    expect(delays(2, 50, 30)).not.toEqual(wide);
    // Jitter larger than the latency: clipped at 0, never negative.
    const clipped = delays(1, 10, 40);
    expect(Math.min(...clipped)).toBe(0);
    expect(Math.max(...clipped)).toBeLessThanOrEqual(50);
    // No jitter: exactly the latency.
    expect(new Set(delays(1, 25, 0))).toEqual(new Set([25]));
  });

  it('every API answer waits its drawn delay, within the bounds', async () => {
    // The emulator waits on a timer that only records: each answer's wait is seen exactly, and costs no time.
    const waits: number[] = [];
    const timer = { sleep: async (ms: number) => void waits.push(ms) };
    const api = await ram(await start({ latencyMs: 50, latencyJitterMs: 30, timer }));
    for (let i = 0; i < 10; i++) await api.call('GetUser', { UserName: 'alice' });
    expect(waits).toHaveLength(10);
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(20);
    expect(Math.max(...waits)).toBeLessThanOrEqual(80);
    expect(new Set(waits).size).toBeGreaterThan(1);
  });

  it('leaves the emulator controls and the metadata paths alone', async () => {
    // A minute's latency and every call faulted: an answer at all, within the test's timeout, is one not delayed.
    const waits: number[] = [];
    const emulator = await start({ latencyMs: 60_000, faultRate: 1, timer: { sleep: async (ms: number) => void waits.push(ms) } });
    expect(await (await fetch(`${emulator.url}/_emulator/health`)).json()).toEqual({ ok: true });
    expect((await fetch(`${emulator.url}/latest/meta-data/`)).status).toBeLessThan(500);
    expect(waits).toEqual([]);
  });
});

describe('aliaudit emulator flags', () => {
  async function serveWith(args: string[]): Promise<{ url: string; stop: () => Promise<number> }> {
    const stop = new AbortController();
    const run = bufferContext({ signal: stop.signal });
    const exited = main(['emulator', '--world', WORLD_FILE, '--port', '0', ...args], run.ctx);
    while (!run.stdout().includes('\n')) {
      if (run.stderr()) throw new Error(run.stderr());
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const url = /^listening (http:\/\/127\.0\.0\.1:\d+)\n$/.exec(run.stdout())![1];
    return { url, stop: () => (stop.abort(), exited) };
  }

  it('takes --latency as a plain number or MS:JITTER, with --faults and --fault-seed', async () => {
    for (const args of [['--latency', '5'], ['--latency', '5:3', '--faults', '0.03', '--fault-seed', '9'], ['--faults', '0', '--latency', '0']]) {
      const served = await serveWith(args);
      expect(await (await fetch(`${served.url}/_emulator/health`)).json()).toEqual({ ok: true });
      expect(await served.stop()).toBe(0);
    }
  });

  it('exits 2 naming the flag for bad values', async () => {
    const bad: [string, string][] = [
      ['--latency', '-5'], ['--latency', 'NaN'], ['--latency', '10:'], ['--latency', 'a:b'], ['--latency', ':5'], ['--latency', '5:-1'],
      ['--faults', '1.5'], ['--faults', '-0.1'], ['--faults', 'abc'], ['--faults', 'NaN'],
      ['--fault-seed', 'x'], ['--fault-seed', '-1'], ['--fault-seed', '1.5'],
    ];
    for (const [flag, value] of bad) {
      const run = bufferContext();
      expect(await main(['emulator', '--world', WORLD_FILE, `${flag}=${value}`], run.ctx), `${flag} ${value}`).toBe(2);
      expect(run.stderr(), `${flag} ${value}`).toContain(flag);
      expect(run.stdout()).toBe('');
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------

/** Handles and timers of this process that an emulator could leave behind. */
function resourceCounts(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) {
    if (kind === 'TCPSocketWrap' || kind === 'TCPServerWrap' || kind === 'Timeout') counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}

/** Nothing left over: no more sockets, servers or timers than before the emulator started. */
function expectNoMoreThan(before: Record<string, number>): void {
  const after = resourceCounts();
  for (const kind of Object.keys(after)) expect(after[kind], kind).toBeLessThanOrEqual(before[kind] ?? 0);
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

interface Held {
  /** How the request ended: the server closed it ('closed') or, unexpectedly, answered it. */
  ended: Promise<'closed' | 'answered'>;
}

/** An unsigned OpenAPI call on a connection of its own, with no client timeout. */
function rawOpenApiRequest(emulator: RunningEmulator, action: string, params: Record<string, string> = {}): Held {
  const query = new URLSearchParams({ Action: action, Version: '2015-05-01', Format: 'JSON', ...params });
  const ended = new Promise<'closed' | 'answered'>((resolve) => {
    const req = httpRequest(`${emulator.url}/?${query}`, { method: 'POST', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve('answered'));
      res.on('error', () => resolve('closed'));
    });
    req.on('error', () => resolve('closed'));
    req.end();
  });
  return { ended };
}

/**
 * `count` requests that an emulator at fault rate 1 and `seed` stalls, held open once it has them all. Which requests
 * stall is foretold, not waited for: the draws are a hash of the seed and the request, so a Chaos of the same seed
 * draws the same for distinct requests it has not seen.
 */
async function heldRequests(emulator: RunningEmulator, seed: number, count: number): Promise<Held[]> {
  const chaos = new Chaos({ faultRate: 1, seed });
  const markers: string[] = [];
  for (let i = 0; markers.length < count; i++) {
    if (chaos.draw('ListUsers', '2015-05-01', { Marker: `held-${i}` }).fault === 'stall') markers.push(`held-${i}`);
  }
  const held = markers.map((marker) => rawOpenApiRequest(emulator, 'ListUsers', { Marker: marker }));
  await until(async () => ((await callStats(emulator))['ram:ListUsers']?.faulted ?? 0) === count);
  return held;
}

/** How the emulator answered each API so far, from its stats control. */
async function callStats(emulator: RunningEmulator): Promise<Record<string, { answered: number; refused: number; faulted: number }>> {
  return ((await (await fetch(`${emulator.url}/_emulator/stats`)).json()) as { calls: Record<string, never> }).calls;
}

/** Asks again, a turn of the event loop apart, until `condition` holds (the test's timeout ends a wait that never does). */
async function until(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setImmediate(resolve));
}
