import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { RetryEvent } from '../../src/cloud/retry.js';
import { bufferContext } from '../helpers/context.js';
import { startTestEmulator, type RunningEmulator } from '../helpers/emulator.js';
import { cleanEnv } from '../helpers/env.js';
import { writeConfig } from '../helpers/profiles.js';
import { startSilentServer } from '../helpers/trap.js';
import { writeRamConfig, writeRamWorld } from '../commands/ram-users-world.js';

let emulator: RunningEmulator;
let configPath: string;

beforeAll(async () => {
  emulator = await startTestEmulator();
  ({ configPath } = writeConfig(emulator.url));
});
afterAll(() => emulator?.stop());

const contextFor = (profile?: string) =>
  bufferContext({ env: cleanEnv() }).ctx.derive({ selection: { profile, endpoint: emulator.url, configPath } });

describe('the context\'s services', () => {
  it('opens a profile\'s session once, for every command line that selects it', async () => {
    const ctx = contextFor('hop3');
    const first = await ctx.session();
    const line = ctx.derive({ io: bufferContext().ctx.io });
    expect(await line.session()).toBe(first);
    expect(await ctx.session('alice')).not.toBe(first);
    const credentials = await first.credentials();
    expect(await (await line.session()).credentials()).toBe(credentials);
  });

  it('a profile changed in the file gets a new session; an unchanged one keeps its own', async () => {
    const ctx = contextFor('alice');
    const alice = await ctx.session();
    const hop3 = await ctx.session('hop3');
    const config = JSON.parse(readFileSync(configPath, 'utf8'));
    config.profiles.find((p: { name: string }) => p.name === 'alice').region_id = 'cn-shanghai';
    writeFileSync(configPath, JSON.stringify(config));
    const changed = await ctx.session();
    expect(changed).not.toBe(alice);
    expect(changed.region).toBe('cn-shanghai');
    // hop3's chain starts at alice, so its session is a new one too; bob's is untouched by the edit.
    expect(await ctx.session('hop3')).not.toBe(hop3);
    const bob = await ctx.session('bob');
    writeFileSync(configPath, JSON.stringify({ ...config, current: 'hop1' }));
    expect(await ctx.session('bob')).toBe(bob);
  });

  it('the store is the config file the selection names', () => {
    expect(contextFor().store.path).toBe(configPath);
    expect(bufferContext({ homedir: '/home/someone' }).ctx.store.path).toBe(join('/home/someone', '.aliyun', 'config.json'));
  });
});

describe('retries, as the dashboard will see them', () => {
  it('a throttled page is retried after the server\'s retry-after, and every retry is reported', async () => {
    const { dir, worldPath } = writeRamWorld([], 2100);
    const world = JSON.parse(readFileSync(worldPath, 'utf8'));
    writeFileSync(worldPath, JSON.stringify({ ...world, Quotas: { 'ram:ListUsers': { Qps: 1 } } }));
    const throttled = await startTestEmulator(worldPath);
    try {
      const run = bufferContext({ env: cleanEnv() });
      const retries: RetryEvent[] = [];
      run.ctx.calls.on('retry', (event) => retries.push(event));
      const code = await main(['ram', 'user', 'list', '-o', 'json', '--endpoint', throttled.url, '--config-path', writeRamConfig(dir)], run.ctx);
      expect(run.stderr()).toBe('');
      expect(code).toBe(0);
      expect(JSON.parse(run.stdout()).length).toBeGreaterThan(2100);
      // At 1 call a second, a page asked for in the same second as the one before is throttled: how many of the three
      // pages are depends on the machine's speed; one at least, when a page takes less than a second.
      expect(retries.length).toBeGreaterThanOrEqual(1);
      for (const event of retries) {
        expect(event).toMatchObject({ action: 'ram:ListUsers', reason: 'throttled', code: 'Throttling.User' });
        expect(event.delayMs).toBe(event.retryAfterMs);
        expect(event.retryAfterMs).toBeGreaterThan(0);
        expect(event.retryAfterMs).toBeLessThanOrEqual(1000);
      }
    } finally {
      await throttled.stop();
    }
  });
});

describe('cancellation', () => {
  it('an interrupted command stops waiting at once and exits 130, saying nothing more', async () => {
    const silent = await startSilentServer();
    try {
      // The profile waits an hour for an answer: only the interruption can end this command within the test's time.
      const config = JSON.parse(readFileSync(configPath, 'utf8'));
      for (const profile of config.profiles) Object.assign(profile, { read_timeout: 3600, connect_timeout: 3600 });
      const patient = join(dirname(configPath), 'patient.json');
      writeFileSync(patient, JSON.stringify(config));
      const stop = new AbortController();
      const run = bufferContext({ env: cleanEnv(), signal: stop.signal });
      const requested = silent.requested();
      const exited = main(['whoami', '--profile', 'alice', '--endpoint', silent.url, '--config-path', patient], run.ctx);
      await requested;
      stop.abort();
      expect(await exited).toBe(130);
      expect(run.stderr()).toBe('');
    } finally {
      await silent.close();
    }
  });
});
