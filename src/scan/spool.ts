/**
 * Findings on disk while a scan runs, so its memory does not grow with the account: each finding is one JSON line
 * in a private temporary file, read back in order, once per output format. 270,000 findings are about 400 MB of
 * text, which a heap need never hold.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding, FindingStore } from './model.js';

const CHUNK = 1 << 20;

export class FindingSpool implements FindingStore {
  private readonly dir: string;
  private readonly path: string;
  private fd: number | undefined;
  private pending: string[] = [];
  private pendingBytes = 0;
  private count = 0;

  constructor(parent = tmpdir()) {
    this.dir = mkdtempSync(join(parent, 'aliaudit-scan-'));
    this.path = join(this.dir, 'findings.ndjson');
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
    const fd = this.open();
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
