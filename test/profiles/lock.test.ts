import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, UserError } from '../../src/core/errors.js';
import { acquireLock, lockPathFor, withLock } from '../../profiles/lock.js';
import { FakeTimer } from '../helpers/fake-timer.js';
import { hintOf } from '../helpers/hint.js';

const target = () => join(mkdtempSync(join(tmpdir(), 'aliaudit-lock-')), 'config.json');

function plantLock(path: string, owner: { pid: number; host?: string; token?: string }): void {
  mkdirSync(lockPathFor(path));
  writeFileSync(
    join(lockPathFor(path), 'owner'),
    JSON.stringify({ host: hostname(), token: 'planted', since: new Date().toISOString(), ...owner }),
  );
}

function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

// The waits run on a fake clock that jumps to the next wake-up (real file system, virtual time): a test that waits
// seconds for the lock takes milliseconds, and what it checks is when the lock did what, never the wall clock.
describe('withLock', () => {
  it('runs one holder at a time', async () => {
    const path = target();
    let inside = 0;
    let most = 0;
    // Real time: eight holders that each keep the lock for a moment.
    await Promise.all(
      Array.from({ length: 8 }, () =>
        withLock(path, async () => {
          inside++;
          most = Math.max(most, inside);
          await new Promise((resolve) => setTimeout(resolve, 5));
          inside--;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(existsSync(lockPathFor(path))).toBe(false);
  });

  it('writes its pid inside the lock and releases it when the work throws', async () => {
    const path = target();
    await expect(
      withLock(path, async () => {
        const owner = JSON.parse(readFileSync(join(lockPathFor(path), 'owner'), 'utf8'));
        expect(owner.pid).toBe(process.pid);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(existsSync(lockPathFor(path))).toBe(false);
  });

  it('breaks a lock whose owner process is dead, at once', async () => {
    const path = target();
    plantLock(path, { pid: deadPid() });
    const timer = new FakeTimer();
    // Time stands still: a lock that waited even once would never be taken.
    await withLock(path, async () => {}, { timeoutMs: 2_000, timer });
    expect(timer.ms()).toBe(0);
  });

  it('breaks a lock older than the stale age even if its owner lives', async () => {
    const path = target();
    plantLock(path, { pid: process.pid });
    const old = new Date(Date.now() - 60_000);
    utimesSync(lockPathFor(path), old, old);
    const timer = new FakeTimer();
    await withLock(path, async () => {}, { timeoutMs: 2_000, timer });
    expect(existsSync(lockPathFor(path))).toBe(false);
    expect(timer.ms()).toBe(0);
  });

  it('judges the age by the time of day its clock gives', async () => {
    const path = target();
    plantLock(path, { pid: process.pid });
    // The lock is fresh by the real clock, and 11 s old by this one: stale.
    const timer = new FakeTimer(false, Date.now() + 11_000);
    await withLock(path, async () => {}, { timeoutMs: 2_000, timer });
    expect(timer.ms()).toBe(0);
  });

  it('breaks an old lock that never got its owner file', async () => {
    const path = target();
    mkdirSync(lockPathFor(path));
    const old = new Date(Date.now() - 60_000);
    utimesSync(lockPathFor(path), old, old);
    await withLock(path, async () => {}, { timeoutMs: 2_000, timer: new FakeTimer() });
  });

  it('waits for a live, fresh lock and gives up naming its holder', async () => {
    const path = target();
    plantLock(path, { pid: process.pid });
    const timer = new FakeTimer(true);
    const error = await withLock(path, async () => {}, { timeoutMs: 150, timer }).catch((e: unknown) => e);
    // It gave up at its timeout, after at most one more wait (100 ms, and as much again of jitter).
    expect(timer.ms()).toBeGreaterThan(150);
    expect(timer.ms()).toBeLessThanOrEqual(150 + 200);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toContain(`locked by process ${process.pid}`);
    expect(hintOf(error)).toContain(lockPathFor(path));
    expect(existsSync(lockPathFor(path))).toBe(true);
  });

  it('takes the lock as soon as a live holder lets go', async () => {
    const path = target();
    const release = await acquireLock(path);
    const timer = new FakeTimer();
    const order: string[] = [];
    const waiting = withLock(path, async () => void order.push('second'), { timer });
    // The waiter found the lock held and waits on the clock; nothing moves until the holder lets go.
    await timer.asleep();
    order.push('first done');
    await release();
    const releasedAt = timer.ms();
    timer.auto = true;
    await waiting;
    expect(order).toEqual(['first done', 'second']);
    // At its next try: its waits start at 4 ms and stay under 2 × 100 ms.
    expect(timer.ms() - releasedAt).toBeLessThanOrEqual(200);
  });

  it('tells once, after a second, which live pid it waits for', async () => {
    const path = target();
    plantLock(path, { pid: process.pid, token: 'another' });
    const timer = new FakeTimer();
    const told: { message: string; at: number }[] = [];
    const waiting = withLock(path, async () => {}, { timer, onWait: (message) => told.push({ message, at: timer.ms() }) });
    // The holder lets go at 1.5 s on the waiter's clock.
    await timer.drive(waiting, () => {
      if (timer.ms() >= 1_500) rmSync(lockPathFor(path), { recursive: true, force: true });
    });
    expect(timer.ms()).toBeGreaterThanOrEqual(1_500);
    expect(told).toEqual([{ message: `waiting for the lock held by pid ${process.pid}`, at: expect.any(Number) }]);
    expect(told[0].at).toBeGreaterThanOrEqual(1_000);
    expect(told[0].at).toBeLessThanOrEqual(1_000 + 200);
  });

  it('says nothing about a wait shorter than a second', async () => {
    const path = target();
    const release = await acquireLock(path);
    const timer = new FakeTimer();
    const told: string[] = [];
    let released = false;
    const waiting = withLock(path, async () => {}, { timer, onWait: (message) => told.push(message) });
    // Let go at the first wait past half a second: the waiter's next try comes within 200 ms of it.
    await timer.drive(waiting, async () => {
      if (timer.ms() >= 500 && !released) await release().then(() => (released = true));
    });
    expect(timer.ms()).toBeGreaterThanOrEqual(500);
    expect(timer.ms()).toBeLessThan(1_000);
    expect(told).toEqual([]);
  });

  it('refuses a lock path that is not a folder, leaving it, even when old', async () => {
    const path = target();
    writeFileSync(lockPathFor(path), 'not a lock');
    const old = new Date(Date.now() - 60_000);
    utimesSync(lockPathFor(path), old, old);
    const error = await withLock(path, async () => {}, { timeoutMs: 2_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe(`${lockPathFor(path)} is a file, not a lock folder`);
    expect(readFileSync(lockPathFor(path), 'utf8')).toBe('not a lock');
  });

  it('does not remove a lock another process took over after judging ours stale', async () => {
    const path = target();
    const release = await acquireLock(path);
    writeFileSync(join(lockPathFor(path), 'owner'), JSON.stringify({ pid: 1, host: hostname(), token: 'theirs' }));
    await release();
    expect(existsSync(lockPathFor(path))).toBe(true);
  });
});
