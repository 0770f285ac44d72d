import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FindingSpool, OLD_SPOOL_STALE_MS, removeStaleSpools, spooledFindings } from '../../src/scan/spool.js';
import { generateFindings } from './outputs/fixtures.js';

describe('FindingSpool', () => {
  it('gives back every finding, in order, on every pass, from a private file it deletes when done', () => {
    const parent = mkdtempSync(join(tmpdir(), 'aliaudit-spool-'));
    const spool = new FindingSpool(parent);
    const findings = generateFindings(5000);
    // Lines longer than a read chunk, with multi-byte characters across its edge.
    findings[10].statusExtended = '漢字 and more '.repeat(200_000);
    findings[4000].resource.name = 'é'.repeat(1_100_000);
    for (const finding of findings.slice(0, 2500)) spool.add(finding);
    expect([...spool].length).toBe(2500);
    for (const finding of findings.slice(2500)) spool.add(finding);
    expect(spool.length).toBe(5000);
    const [dir] = readdirSync(parent);
    expect(dir).toMatch(new RegExp(`^aliaudit-scan-${process.pid}-[A-Za-z0-9]{6}$`));
    const file = join(parent, dir, 'findings.ndjson');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    for (let pass = 0; pass < 2; pass++) expect([...spool]).toEqual(JSON.parse(JSON.stringify(findings)));
    spool.remove();
    expect(existsSync(join(parent, dir))).toBe(false);
  });

  it('hands its file to a reader elsewhere (a format worker) with every finding written, to read as often as it likes', () => {
    const spool = new FindingSpool();
    const findings = generateFindings(3000);
    findings[7].statusExtended = 'ü'.repeat(1_500_000);
    for (const finding of findings) spool.add(finding);
    // Nothing flushed yet is lost: file() writes what is pending first.
    const { path, length } = spool.file();
    expect(length).toBe(3000);
    const reader = spooledFindings(path, length);
    for (let pass = 0; pass < 2; pass++) expect([...reader]).toEqual(JSON.parse(JSON.stringify(findings)));
    expect(reader.length).toBe(3000);
    spool.remove();
  });

  it('is empty when nothing was added', () => {
    const spool = new FindingSpool();
    expect([...spool]).toEqual([]);
    spool.remove();
  });
});

describe('spools left behind (kill -9, a crash)', () => {
  /** A pid that ran and is gone. */
  const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid!;

  function spool(parent: string, name: string, content: string | null = '{}\n'): string {
    const dir = join(parent, name);
    mkdirSync(dir);
    if (content !== null) writeFileSync(join(dir, 'findings.ndjson'), content);
    return dir;
  }

  function age(dir: string, ms: number): void {
    const then = new Date(Date.now() - ms);
    for (const path of readdirSync(dir).map((name) => join(dir, name))) utimesSync(path, then, then);
    utimesSync(dir, then, then);
  }

  it('a new spool removes those of dead processes and keeps those of live ones', () => {
    const parent = mkdtempSync(join(tmpdir(), 'aliaudit-spool-'));
    const dead = spool(parent, `aliaudit-scan-${deadPid()}-Ab3dE9`);
    const empty = spool(parent, `aliaudit-scan-${deadPid()}-Zz0000`, null);
    const live = spool(parent, `aliaudit-scan-${process.ppid}-Ab3dE9`);
    const mine = spool(parent, `aliaudit-scan-${process.pid}-Qq1234`);
    const fresh = new FindingSpool(parent);
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(empty)).toBe(false);
    expect(existsSync(join(live, 'findings.ndjson'))).toBe(true);
    expect(existsSync(join(mine, 'findings.ndjson'))).toBe(true);
    expect(readdirSync(parent)).toHaveLength(3);
    fresh.remove();
  });

  it('removes an old-style spool (no pid) only once untouched for a day', () => {
    const parent = mkdtempSync(join(tmpdir(), 'aliaudit-spool-'));
    const old = spool(parent, 'aliaudit-scan-a1B2c3');
    age(old, OLD_SPOOL_STALE_MS + 60_000);
    const recent = spool(parent, 'aliaudit-scan-x9Y8z7');
    age(recent, OLD_SPOOL_STALE_MS - 60_000);
    expect(removeStaleSpools(parent)).toEqual([old]);
    expect(existsSync(join(recent, 'findings.ndjson'))).toBe(true);
  });

  it('touches nothing that only looks like a spool: other names, symbolic links, other files inside, a plain file', () => {
    const parent = mkdtempSync(join(tmpdir(), 'aliaudit-spool-'));
    const target = mkdtempSync(join(tmpdir(), 'aliaudit-spool-target-'));
    writeFileSync(join(target, 'findings.ndjson'), 'not to be removed');
    const pid = deadPid();
    symlinkSync(target, join(parent, `aliaudit-scan-${pid}-Link00`));
    const extra = spool(parent, `aliaudit-scan-${pid}-Extra0`);
    writeFileSync(join(extra, 'notes.txt'), 'mine');
    const linkedFile = spool(parent, `aliaudit-scan-${pid}-Linkf0`, null);
    symlinkSync(join(target, 'findings.ndjson'), join(linkedFile, 'findings.ndjson'));
    writeFileSync(join(parent, `aliaudit-scan-${pid}-File00`), 'a file');
    const other = spool(parent, `aliaudit-scan-${pid}-toolong`);
    const near = spool(parent, `aliaudit-scanner-${pid}-Ab3dE9`);
    expect(removeStaleSpools(parent)).toEqual([]);
    expect(readdirSync(target)).toEqual(['findings.ndjson']);
    expect(readdirSync(extra).sort()).toEqual(['findings.ndjson', 'notes.txt']);
    expect(existsSync(join(other, 'findings.ndjson'))).toBe(true);
    expect(existsSync(join(near, 'findings.ndjson'))).toBe(true);
    expect(readdirSync(parent)).toHaveLength(6);
  });
});
