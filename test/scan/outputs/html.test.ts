import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { visible } from '../../../src/core/visible.js';
import { FIELDS, WIDTH } from '../../../src/scan/outputs/html-client.js';
import { escapeHtml, toHtml } from '../../../src/scan/outputs/html.js';
import { ALL_CHECKS } from '../../../src/scan/services/index.js';
import { type Coverage, ScanTally, sectionCoverage } from '../../../src/scan/summary.js';
import { HOSTILE_NAME, HOSTILE_NAME_SHOWN, SEVERITIES, generatedReport, handMadeReport, incompleteInfo } from './fixtures.js';

function dataOf(html: string): { checks: string[][]; s: string[]; f: number[]; w: number } {
  const match = /<script type="application\/json" id="aliaudit-data">([\s\S]*?)<\/script>/.exec(html);
  return JSON.parse(match![1]);
}

describe('HTML report (text)', () => {
  const report = handMadeReport();
  const html = toHtml(report);

  it('has exactly its own two script elements, whatever the findings hold', () => {
    expect(html.match(/<script/gi)).toHaveLength(2);
    expect(html.match(/<\/script/gi)).toHaveLength(2);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<!--');
  });

  it('allows only its own script and style, by hash, and no request at all', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1].replace(/&#39;/g, "'");
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1];
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1];
    const hash = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`script-src ${hash(script)}`);
    expect(csp).toContain(`style-src ${hash(style)}`);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    expect(html).not.toMatch(/<(link|img|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/\s(src|href)=["']?(https?:)?\/\//i);
  });

  it('embeds the findings once, decodable back to their values', () => {
    const data = dataOf(html);
    expect(data.w).toBe(WIDTH);
    expect(data.f).toHaveLength(report.findings.length * WIDTH);
    // Rows come in the table's default order: unmuted FAIL, MANUAL, PASS (muted after each), most severe first.
    const decoded = report.findings.map((_, i) => {
      const at = (field: keyof typeof FIELDS): number => data.f[i * WIDTH + FIELDS[field]];
      return {
        checkId: data.checks[at('check')][0],
        status: ['PASS', 'FAIL', 'MANUAL'][at('status')],
        muted: at('muted') === 1,
        severity: SEVERITIES[at('severity')],
        name: data.s[at('name')],
        uid: data.s[at('uidPrefix')] + data.s[at('uid')],
        statusExtended: data.s[at('statusExtended')],
        region: data.s[at('region')],
      };
    });
    const rank = (f: { status: string; muted: boolean; severity: string }): number =>
      (['FAIL', 'MANUAL', 'PASS'].indexOf(f.status) * 2 + (f.muted ? 1 : 0)) * 8 + SEVERITIES.indexOf(f.severity as never);
    const expected = report.findings
      .map((finding, index) => ({ finding, index }))
      .sort((a, b) => rank(a.finding) - rank(b.finding) || a.index - b.index)
      .map(({ finding }) => ({
        checkId: finding.checkId,
        status: finding.status,
        muted: finding.muted,
        severity: finding.severity,
        // As the page shows them: the hostile name's line separator made visible.
        name: visible(finding.resource.name, { lines: true }),
        uid: finding.resource.uid,
        statusExtended: visible(finding.statusExtended, { lines: true }),
        region: finding.region,
      }));
    expect(decoded).toEqual(expected);
    expect(html.split(HOSTILE_NAME.slice(0, 20)).length - 1).toBe(0);
    expect(data.s.filter((s) => s === HOSTILE_NAME_SHOWN)).toHaveLength(1);
  });

  it('escapes the scan header and says when the scan is incomplete', () => {
    expect(html).toContain('<span class="complete">Complete</span>');
    expect(html).not.toContain('id="incomplete"');
    const incomplete = toHtml(handMadeReport(incompleteInfo));
    expect(incomplete).toContain('id="incomplete"');
    expect(incomplete).toContain('INCOMPLETE');
    expect(incomplete).toContain('interrupted (Ctrl-C) &#60;b&#62;before&#60;/b&#62; ECS disks');
    expect(escapeHtml(`<a href="x" onclick='y'>&`)).toBe('&#60;a href=&#34;x&#34; onclick=&#39;y&#39;&#62;&#38;');
  });

  it('stays a few tens of MB for 100,000 findings', () => {
    const big = toHtml(generatedReport(100_000));
    const bytes = Buffer.byteLength(big);
    console.log(`HTML report of 100,000 findings: ${(bytes / 1e6).toFixed(1)} MB (${Math.round(bytes / 100_000)} bytes a finding)`);
    expect(bytes).toBeLessThan(30e6);
  });
});

describe('HTML report: CIS coverage', () => {
  /** The cells of the section table, by their data-count key. */
  const sectionCells = (html: string): Record<string, string> =>
    Object.fromEntries([...(/<table class="summary" id="cis-sections">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '').matchAll(/<td data-count="([^"]+)">(\d+)<\/td>/g)].map((m) => [m[1], m[2]]));

  it('puts a table of the eight sections near the top, after the summary and before the findings, counted as the terminal counts them', () => {
    const report = handMadeReport();
    const tally = new ScanTally();
    for (const finding of report.findings) tally.add(finding);
    const coverage = tally.coverage({ all: ALL_CHECKS, ran: ALL_CHECKS });
    const html = toHtml({ ...report, coverage });
    expect(html.indexOf('id="summary"')).toBeLessThan(html.indexOf('id="cis-sections"'));
    expect(html.indexOf('id="cis-sections"')).toBeLessThan(html.indexOf('id="findings-title"'));
    const cells = sectionCells(html);
    for (const section of sectionCoverage(coverage)) {
      expect(cells[`${section.id}-total`]).toBe(String(section.requirements));
      for (const [state, count] of Object.entries(section.states)) expect(cells[`${section.id}-${state}`], `${section.id} ${state}`).toBe(String(count));
    }
    expect(Object.keys(cells).filter((key) => key.endsWith('-total'))).toHaveLength(8);
    expect(html).toContain('<th scope="row">1 Identity and Access Management</th>');
    expect(html).toContain('<th scope="col">Not covered yet</th>');
  });

  it('lists every recommendation under its section, folded away, each with its state and detail, escaped', () => {
    const report = handMadeReport();
    const coverage: Coverage[] = new ScanTally().coverage({ all: ALL_CHECKS, ran: ALL_CHECKS }).map((row) =>
      row.id === '1.4' ? { ...row, state: 'blocked', detail: 'global: missing permission ram:ListUsers <b>x</b>' } : row,
    );
    const html = toHtml({ ...report, coverage });
    const table = /<details id="cis-requirements">([\s\S]*?)<\/details>/.exec(html)![1];
    expect(table.match(/<tr class="section">/g)).toHaveLength(8);
    expect(table.match(/<tr><th scope="row">\d+\.\d+<\/th>/g)).toHaveLength(85);
    expect(table).toContain('<tr><th scope="row">1.4</th><td class="cov-blocked">blocked</td>');
    expect(table).toContain('global: missing permission ram:ListUsers &#60;b&#62;x&#60;/b&#62;');
    expect(table).not.toContain('<b>');
    expect(sectionCells(html)['1-blocked']).toBe('1');
  });

  it('counts the coverage from the findings when the report comes without it', () => {
    const report = handMadeReport();
    const cells = sectionCells(toHtml(report));
    // 1.4 FAILs and 1.11 PASSes are automated; 4.5 has only MANUAL findings; 4.4 and 4.1, 4.2 FAIL.
    const tally = new ScanTally();
    for (const finding of report.findings) tally.add(finding);
    const expected = sectionCoverage(tally.coverage({ all: ALL_CHECKS, ran: [...report.checks.values()] }));
    for (const section of expected) for (const [state, count] of Object.entries(section.states)) expect(cells[`${section.id}-${state}`]).toBe(String(count));
    expect(Number(cells['4-manual'])).toBeGreaterThanOrEqual(1);
  });
});

