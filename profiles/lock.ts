import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { lstat, mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { InputError, UserError } from '../src/core/errors.js';
import { realTimer, type Timer } from '../src/core/timer.js';

/**
 * A cross-process lock beside a file: `<file>.lock/` made with mkdir (atomic on every file system Node runs on),
 * holding an `owner` file with the pid, so a lock left by a crashed process can be recognised and broken.
 */

export interface LockOptions {
  /** A lock this old is abandoned whoever holds it: aliaudit holds it for milliseconds. */
  staleAfterMs?: number;
  /** Give up waiting after this long. */
  timeoutMs?: number;
  /** Told once, after a second of waiting for a live holder: `waiting for the lock held by pid N`. */
  onWait?: (message: string) => void;
  /** The clock the waits and the ages are measured on: a fake one in tests. */
  timer?: Timer;
}

interface Owner {
  pid: number;
  host: string;
  token: string;
  since: string;
}

const STALE_AFTER_MS = 10_000;
const TIMEOUT_MS = 20_000;
const TELL_AFTER_MS = 1_000;

/** Opening for reading with O_NONBLOCK never waits, even on a FIFO a hostile or careless hand put there. */
export const READ_NO_WAIT = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

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
  const timer = options.timer ?? realTimer;
  const started = timer.ms();
  const deadline = started + (options.timeoutMs ?? TIMEOUT_MS);
  let told = false;
  const dir = lockPathFor(path);
  const owner: Owner = {
    pid: process.pid,
    host: hostname(),
    token: randomBytes(12).toString('hex'),
    since: timer.now().toISOString(),
  };
  let delay = 4;
  for (;;) {
    if (await tryCreate(dir, owner)) return () => release(dir, owner.token);
    const holder = await inspect(dir, staleAfterMs, timer);
    if (holder.state === 'gone') continue;
    if (holder.state === 'stale') {
      await breakLock(dir, holder.token);
      continue;
    }
    if (!told && timer.ms() - started >= TELL_AFTER_MS) {
      told = true;
      options.onWait?.(holder.owner ? `waiting for the lock held by pid ${holder.owner.pid}` : `waiting for the lock ${dir}`);
    }
    if (timer.ms() > deadline) {
      const who = holder.owner ? ` by process ${holder.owner.pid} on ${holder.owner.host} since ${holder.owner.since}` : '';
      throw new UserError(
        `${path} is locked${who}`,
        `wait for the other aliaudit to finish; if none is running, remove the folder ${dir}`,
      );
    }
    await timer.sleep(delay + Math.random() * delay);
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
    await writeFile(join(dir, 'owner'), JSON.stringify(owner), { mode: 0o600, flag: 'wx' });
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

async function inspect(dir: string, staleAfterMs: number, timer: Timer): Promise<Holder> {
  const stats = await lockStats(dir);
  if (!stats) return { state: 'gone' };
  const modified = stats.mtimeMs;
  // The owner file is missing for a moment after mkdir: then only the age can tell (file times are times of day).
  const owner = await readOwner(dir);
  if (timer.now().getTime() - modified > staleAfterMs) return { state: 'stale', token: owner?.token };
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
    const handle = await open(join(dir, 'owner'), READ_NO_WAIT);
    try {
      if (!(await handle.stat()).isFile()) return undefined;
      const value = JSON.parse(await handle.readFile('utf8')) as Owner;
      return typeof value?.pid === 'number' && typeof value.token === 'string' ? value : undefined;
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
}

/**
 * Refuses a lock path that holds anything but a lock folder (a file, a FIFO, a symlink): not aliaudit's to break or
 * to wait for, and mkdir would fail on it forever.
 */
export async function checkLockPath(path: string): Promise<void> {
  await lockStats(lockPathFor(path));
}

async function lockStats(dir: string): Promise<Stats | undefined> {
  let stats: Stats;
  try {
    stats = await lstat(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (!stats.isDirectory()) {
    throw new InputError(`${dir} is ${fileType(stats)}, not a lock folder`, `aliaudit keeps its lock folder there: remove ${dir} if nothing else uses it`);
  }
  return stats;
}

/** What is at a path, in words: "a FIFO", "a socket". */
export function fileType(stats: Stats): string {
  if (stats.isFile()) return 'a file';
  if (stats.isDirectory()) return 'a folder';
  if (stats.isSymbolicLink()) return 'a symlink';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'a special file';
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
