import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FindingSpool } from '../../src/scan/spool.js';
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
    const file = join(parent, dir, 'findings.ndjson');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    for (let pass = 0; pass < 2; pass++) expect([...spool]).toEqual(JSON.parse(JSON.stringify(findings)));
    spool.remove();
    expect(existsSync(join(parent, dir))).toBe(false);
  });

  it('is empty when nothing was added', () => {
    const spool = new FindingSpool();
    expect([...spool]).toEqual([]);
    spool.remove();
  });
});
