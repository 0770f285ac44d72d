import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../src/core/errors.js';

/**
 * A cross-process lock beside a file: `<file>.lock/` made with mkdir (atomic on every file system Node runs on),
 * holding an `owner` file with the pid, so a lock left by a crashed process can be recognised and broken.
 */

export interface LockOptions {
  /** A lock this old is abandoned whoever holds it: aliaudit holds it for milliseconds. */
  staleAfterMs?: number;
  /** Give up waiting after this long. */
  timeoutMs?: number;
}

interface Owner {
  pid: number;
  host: string;
  token: string;
  since: string;
}

const STALE_AFTER_MS = 10_000;
const TIMEOUT_MS = 20_000;

export function lockPathFor(path: string): string {
  return `${path}.lock`;
}

export async function withLock<T>(path: string, work: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const release = await acquireLock(path, options);
  try {
    return await work();
  } finally {
    await release();
  }
}

/** Waits for the lock on `path` and returns the function that releases it. The folder of `path` must exist. */
export async function acquireLock(path: string, options: LockOptions = {}): Promise<() => Promise<void>> {
  const staleAfterMs = options.staleAfterMs ?? STALE_AFTER_MS;
  const deadline = Date.now() + (options.timeoutMs ?? TIMEOUT_MS);
  const dir = lockPathFor(path);
  const owner: Owner = {
    pid: process.pid,
    host: hostname(),
    token: randomBytes(12).toString('hex'),
    since: new Date().toISOString(),
  };
  let delay = 4;
  for (;;) {
    if (await tryCreate(dir, owner)) return () => release(dir, owner.token);
    const holder = await inspect(dir, staleAfterMs);
    if (holder.state === 'gone') continue;
    if (holder.state === 'stale') {
      await breakLock(dir, holder.token);
      continue;
    }
    if (Date.now() > deadline) {
      const who = holder.owner ? ` by process ${holder.owner.pid} on ${holder.owner.host} since ${holder.owner.since}` : '';
      throw new UserError(
        `${path} is locked${who}`,
        `wait for the other aliaudit to finish; if none is running, remove the folder ${dir}`,
      );
    }
    await sleep(delay + Math.random() * delay);
    delay = Math.min(delay * 2, 100);
  }
}

async function tryCreate(dir: string, owner: Owner): Promise<boolean> {
  try {
    await mkdir(dir, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await writeFile(join(dir, 'owner'), JSON.stringify(owner), { mode: 0o600 });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return true;
}

type Holder =
  | { state: 'gone' }
  | { state: 'stale'; token?: string }
  | { state: 'held'; owner?: Owner };

async function inspect(dir: string, staleAfterMs: number): Promise<Holder> {
  let modified: number;
  try {
    modified = (await stat(dir)).mtimeMs;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'gone' };
    throw error;
  }
  // The owner file is missing for a moment after mkdir: then only the age can tell.
  const owner = await readOwner(dir);
  if (Date.now() - modified > staleAfterMs) return { state: 'stale', token: owner?.token };
  if (owner && owner.host === hostname() && !processAlive(owner.pid)) return { state: 'stale', token: owner.token };
  return { state: 'held', owner };
}

/**
 * Renames the abandoned lock away (only one of several waiters can win the rename) and deletes it. The owner is read
 * again first, so a lock that another waiter broke and re-took meanwhile is left alone.
 */
async function breakLock(dir: string, token: string | undefined): Promise<void> {
  const now = await readOwner(dir);
  if (now?.token !== token) return;
  const grave = `${dir}.stale-${randomBytes(6).toString('hex')}`;
  try {
    await rename(dir, grave);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  await rm(grave, { recursive: true, force: true });
}

async function release(dir: string, token: string): Promise<void> {
  const owner = await readOwner(dir);
  // Someone judged our lock stale and took it: theirs now, not ours to remove.
  if (owner?.token !== token) return;
  await rm(dir, { recursive: true, force: true });
}

async function readOwner(dir: string): Promise<Owner | undefined> {
  try {
    const value = JSON.parse(await readFile(join(dir, 'owner'), 'utf8')) as Owner;
    return typeof value?.pid === 'number' && typeof value.token === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
