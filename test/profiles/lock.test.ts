import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, UserError } from '../../src/core/errors.js';
import { acquireLock, lockPathFor, withLock } from '../../profiles/lock.js';
import { hintOf } from '../helpers/hint.js';

const target = () => join(mkdtempSync(join(tmpdir(), 'aliaudit-lock-')), 'config.json');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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

describe('withLock', () => {
  it('runs one holder at a time', async () => {
    const path = target();
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 8 }, () =>
        withLock(path, async () => {
          inside++;
          most = Math.max(most, inside);
          await sleep(5);
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
    const started = Date.now();
    await withLock(path, async () => {}, { timeoutMs: 2_000 });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('breaks a lock older than the stale age even if its owner lives', async () => {
    const path = target();
    plantLock(path, { pid: process.pid });
    const old = new Date(Date.now() - 60_000);
    utimesSync(lockPathFor(path), old, old);
    await withLock(path, async () => {}, { timeoutMs: 2_000 });
    expect(existsSync(lockPathFor(path))).toBe(false);
  });

  it('breaks an old lock that never got its owner file', async () => {
    const path = target();
    mkdirSync(lockPathFor(path));
    const old = new Date(Date.now() - 60_000);
    utimesSync(lockPathFor(path), old, old);
    await withLock(path, async () => {}, { timeoutMs: 2_000 });
  });

  it('waits for a live, fresh lock and gives up naming its holder', async () => {
    const path = target();
    plantLock(path, { pid: process.pid });
    const error = await withLock(path, async () => {}, { timeoutMs: 150 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toContain(`locked by process ${process.pid}`);
    expect(hintOf(error)).toContain(lockPathFor(path));
    expect(existsSync(lockPathFor(path))).toBe(true);
  });

  it('takes the lock as soon as a live holder lets go', async () => {
    const path = target();
    const release = await acquireLock(path);
    const order: string[] = [];
    const waiting = withLock(path, async () => void order.push('second'));
    await sleep(30);
    order.push('first done');
    await release();
    await waiting;
    expect(order).toEqual(['first done', 'second']);
  });

  it('tells once, after a second, which live pid it waits for', async () => {
    const path = target();
    plantLock(path, { pid: process.pid, token: 'another' });
    setTimeout(() => rmSync(lockPathFor(path), { recursive: true, force: true }), 1_500);
    const told: string[] = [];
    const started = Date.now();
    await withLock(path, async () => {}, { onWait: (message) => told.push(message) });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_400);
    expect(told).toEqual([`waiting for the lock held by pid ${process.pid}`]);
  });

  it('says nothing about a wait shorter than a second', async () => {
    const path = target();
    const release = await acquireLock(path);
    setTimeout(() => void release(), 200);
    const told: string[] = [];
    await withLock(path, async () => {}, { onWait: (message) => told.push(message) });
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
