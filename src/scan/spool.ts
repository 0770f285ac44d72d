/**
 * Findings on disk while a scan runs, so its memory does not grow with the account: each finding is one JSON line
 * in a private temporary file, read back in order, once per output format. 270,000 findings are about 400 MB of
 * text, which a heap need never hold.
 */
import { closeSync, type Dir, lstatSync, mkdtempSync, opendirSync, openSync, readdirSync, readSync, rmdirSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processAlive } from '../core/process.js';
import type { Finding, FindingList, FindingStore } from './model.js';

const CHUNK = 1 << 20;

const PREFIX = 'aliaudit-scan-';
const FILE = 'findings.ndjson';
/** `aliaudit-scan-<pid>-XXXXXX`: the pid of the process it belongs to, so a later scan can tell a dead one's. */
const WITH_PID = /^aliaudit-scan-(\d{1,10})-[A-Za-z0-9]{6}$/;
/** Spools made before they carried a pid: `aliaudit-scan-XXXXXX`. */
const WITHOUT_PID = /^aliaudit-scan-[A-Za-z0-9]{6}$/;
/** A spool without a pid is left alone until it has been untouched this long: no scan lasts a day unwritten. */
export const OLD_SPOOL_STALE_MS = 24 * 3_600_000;
/** Bounds on the clean-up a scan does as it starts: entries looked at in the temporary folder, and spools removed. */
const MAX_ENTRIES = 10_000;
const MAX_REMOVED = 100;

/**
 * Removes what spools of earlier scans left behind when their process died (kill -9, a crash, a power cut): folders
 * named exactly as ours whose pid is no longer running, or, without a pid, untouched for a day. Only our own
 * folders (same user), never through a symbolic link, and only when they hold nothing but a findings file. Bounded
 * work; answers the folders removed.
 */
export function removeStaleSpools(parent = tmpdir(), now = Date.now()): string[] {
  const removed: string[] = [];
  let dir: Dir;
  try {
    dir = opendirSync(parent);
  } catch {
    return removed;
  }
  try {
    for (let seen = 0; seen < MAX_ENTRIES && removed.length < MAX_REMOVED; seen++) {
      const entry = dir.readSync();
      if (!entry) break;
      if (!entry.name.startsWith(PREFIX)) continue;
      const path = join(parent, entry.name);
      if (isStale(path, entry.name, now) && removeSpool(path)) removed.push(path);
    }
  } catch {
    // A folder that cannot be read further is left as it is: cleaning up is never worth failing a scan.
  } finally {
    dir.closeSync();
  }
  return removed;
}

function isStale(path: string, name: string, now: number): boolean {
  const owner = WITH_PID.exec(name);
  if (!owner && !WITHOUT_PID.test(name)) return false;
  const stats = lstatSync(path, { throwIfNoEntry: false });
  if (!stats?.isDirectory()) return false;
  if (process.getuid && stats.uid !== process.getuid()) return false;
  if (owner) {
    const pid = Number(owner[1]);
    return pid !== process.pid && !processAlive(pid);
  }
  const file = lstatSync(join(path, FILE), { throwIfNoEntry: false });
  return now - Math.max(stats.mtimeMs, file?.mtimeMs ?? 0) > OLD_SPOOL_STALE_MS;
}

/** Removes a spool folder holding its findings file (a plain file) or nothing; a folder with anything else stays. */
function removeSpool(path: string): boolean {
  try {
    const entries = readdirSync(path);
    if (entries.some((name) => name !== FILE)) return false;
    if (entries.length > 0) {
      if (!lstatSync(join(path, FILE)).isFile()) return false;
      unlinkSync(join(path, FILE));
    }
    rmdirSync(path);
    return true;
  } catch {
    return false;
  }
}

export class FindingSpool implements FindingStore {
  private readonly dir: string;
  private readonly path: string;
  private fd: number | undefined;
  private pending: string[] = [];
  private pendingBytes = 0;
  private count = 0;

  /** A new spool in `parent`, after removing the spools dead scans left there. */
  constructor(parent = tmpdir()) {
    removeStaleSpools(parent);
    this.dir = mkdtempSync(join(parent, `${PREFIX}${process.pid}-`));
    this.path = join(this.dir, FILE);
    this.fd = openSync(this.path, 'w+', 0o600);
  }

  get length(): number {
    return this.count;
  }

  add(finding: Finding): void {
    const line = `${JSON.stringify(finding)}\n`;
    this.pending.push(line);
    this.pendingBytes += line.length;
    this.count++;
    if (this.pendingBytes >= CHUNK) this.flush();
  }

  /** Every finding, in the order they were added; each pass reads the file from the start. */
  *[Symbol.iterator](): Iterator<Finding> {
    this.flush();
    yield* readFindings(this.open());
  }

  /** The file and how many findings it holds, every one written: for a reader in another thread (spooledFindings). */
  file(): { path: string; length: number } {
    this.flush();
    return { path: this.path, length: this.count };
  }

  /** Deletes the file: the findings are gone once the outputs are written. */
  remove(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.pending = [];
    rmSync(this.dir, { recursive: true, force: true });
  }

  private open(): number {
    if (this.fd === undefined) throw new Error('the finding spool was removed');
    return this.fd;
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.pendingBytes = 0;
    const bytes = Buffer.from(text, 'utf8');
    let written = 0;
    // Appends at the end: reading (readSync with a position) never moves where the next write goes.
    while (written < bytes.length) written += writeSync(this.open(), bytes, written, bytes.length - written, null);
  }
}

/** The findings of a spool file another thread wrote (FindingSpool.file), read as the spool itself reads them. */
export function spooledFindings(path: string, length: number): FindingList {
  return {
    length,
    *[Symbol.iterator]() {
      const fd = openSync(path, 'r');
      try {
        yield* readFindings(fd);
      } finally {
        closeSync(fd);
      }
    },
  };
}

/** Each finding line of the file, from its start. */
function* readFindings(fd: number): Generator<Finding> {
  const buffer = Buffer.allocUnsafe(CHUNK);
  let position = 0;
  // Bytes of a line longer than a chunk, kept as bytes: a character cut at the chunk's end is decoded whole.
  let rest: Buffer[] = [];
  for (;;) {
    const read = readSync(fd, buffer, 0, CHUNK, position);
    if (read === 0) break;
    const end = buffer.lastIndexOf(0x0a, read - 1);
    if (end < 0) {
      rest.push(Buffer.from(buffer.subarray(0, read)));
      position += read;
      continue;
    }
    const text = Buffer.concat([...rest, buffer.subarray(0, end + 1)]).toString('utf8');
    position += end + 1;
    rest = [];
    let start = 0;
    for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', start)) {
      yield JSON.parse(text.slice(start, newline)) as Finding;
      start = newline + 1;
    }
  }
  const last = Buffer.concat(rest).toString('utf8');
  if (last.trim()) yield JSON.parse(last) as Finding;
}
