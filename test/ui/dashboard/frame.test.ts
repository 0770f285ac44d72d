import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { KNOWN_REGIONS } from '../../../src/cloud/regions.js';
import type { ScanEvent } from '../../../src/scan/model.js';
import { serviceName } from '../../../src/scan/summary.js';
import { clip, frame, type Line, moveSelection, serviceBlock, type View } from '../../../src/ui/dashboard/frame.js';
import { boardOf, finding } from './harness.js';

const text = (line: Line) => line.map((segment) => segment.text).join('');
const view = (changes: Partial<View> = {}): View => ({ screen: 'regions', scroll: 0, paused: false, stopping: false, activeMs: 12_000, ...changes });

/** Every region of the static list, a few done, one denied, findings of every severity, a wide-character name. */
function busyBoard() {
  const regions = [...KNOWN_REGIONS];
  const events: ScanEvent[] = [{ type: 'region-started', region: 'global' }];
  regions.forEach((region, index) => {
    events.push({ type: 'call', api: 'ecs:DescribeInstances', region, ms: 40, ok: index % 7 !== 3 });
    events.push({ type: 'region-progress', region, done: index * 3, known: 60 });
    if (index % 4 === 0) events.push({ type: 'region-finished', region, state: index % 8 === 0 ? 'done' : 'denied', reason: index % 8 ? 'ecs:DescribeDisks refused (Forbidden.RAM)' : undefined, findings: 3 });
    events.push({ type: 'finding', finding: finding(region, (['critical', 'high', 'medium', 'low'] as const)[index % 4], index === 2 ? '生产安全组-非常长的名字-production-web' : `sg-${index}`) });
  });
  events.push({ type: 'finding', finding: finding('global', 'high', 'dev.wang') });
  return boardOf(regions, events);
}

describe('the dashboard frame', () => {
  const sizes = [
    [80, 24],
    [120, 40],
    [100, 60],
    [72, 20],
    [60, 16],
    [50, 12],
    [40, 10],
    [30, 6],
    [20, 3],
  ];
  for (const [columns, rows] of sizes) {
    it(`is never taller than ${rows} − 1 lines nor wider than ${columns} cells, on every screen, at ${columns}×${rows}`, () => {
      const board = busyBoard();
      for (const screen of ['regions', 'details', 'help', 'confirm-stop'] as const) {
        for (const selected of [undefined, 'cn-hangzhou', KNOWN_REGIONS.at(-1)]) {
          const lines = frame(board, view({ screen, selected }), { columns, rows });
          expect(lines.length, `${screen} ${selected}`).toBeLessThanOrEqual(rows - 1);
          for (const line of lines) expect(stringWidth(text(line)), text(line)).toBeLessThanOrEqual(columns);
          // The key bar is always the last line.
          expect(text(lines.at(-1)!)).toMatch(/^(↑↓|any key|Stop the scan|stopping)/);
        }
      }
    });
  }

  it('at 80×24 shows the header, every column, the services and the feed of new FAILs, most severe first', () => {
    const lines = frame(busyBoard(), view(), { columns: 80, rows: 24 }).map(text);
    expect(lines).toHaveLength(23);
    expect(lines[0]).toMatch(/^aliaudit scan · 1357924680135792 · user\/auditor +0:12 · ETA \d+:\d\d$/);
    expect(lines[1]).toMatch(/^calls \d+ [\d.]+\/s · retries 0 · throttled 0 · errors \d+ · \d+ findings, \d+ FAIL$/);
    expect(lines[2]).toMatch(/REGION +STATE +PROGRESS +WORK +CALLS +CRIT +HIGH +MED +LOW/);
    expect(lines[3]).toMatch(/^› global +queued/);
    expect(lines.some((line) => /^ {2}… \d+ more$/.test(line))).toBe(true);
    expect(lines.some((line) => line.startsWith('  SERVICE  PASS'))).toBe(true);
    const feed = lines.slice(lines.findIndex((line) => line.startsWith('  NEW FAILS')) + 1, -1);
    expect(feed.length).toBeGreaterThanOrEqual(2);
    expect(feed[0]).toMatch(/^ {2}CRIT /);
    expect(lines.at(-1)).toBe('↑↓ region · Enter details · f severity: all · p pause · q stop · ? help');
  });

  it('scrolls the region list around the selection, with "… N more" above and below', () => {
    const board = busyBoard();
    const middle = KNOWN_REGIONS[14];
    const lines = frame(board, view({ selected: middle }), { columns: 80, rows: 24 }).map(text);
    const list = lines.slice(3, lines.findIndex((line) => line.startsWith('  SERVICE')));
    expect(list[0]).toMatch(/^ {2}… \d+ more$/);
    expect(list.at(-1)).toMatch(/^ {2}… \d+ more$/);
    expect(list.find((line) => line.startsWith('›'))).toContain(middle);
    const hidden = list.filter((line) => line.includes('more')).reduce((sum, line) => sum + Number(/(\d+) more/.exec(line)![1]), 0);
    expect(hidden + list.length - 2).toBe(KNOWN_REGIONS.length + 1);
  });

  it('is as tall from the first frame, before any region is known, as it will be: it never grows into the scrollback', () => {
    for (const [columns, rows] of [[80, 24], [60, 16]]) {
      expect(frame(boardOf([]), view(), { columns, rows })).toHaveLength(rows - 1);
      expect(frame(busyBoard(), view(), { columns, rows })).toHaveLength(rows - 1);
    }
  });

  it('moves the selection within the list', () => {
    const board = busyBoard();
    expect(moveSelection(board, undefined, 1)).toBe(KNOWN_REGIONS[0]);
    expect(moveSelection(board, undefined, -1)).toBe('global');
    expect(moveSelection(board, KNOWN_REGIONS.at(-1), 1)).toBe(KNOWN_REGIONS.at(-1));
  });

  it('degrades: narrower, the low severities and the calls go, then the bar; below 8 rows only the list', () => {
    const board = busyBoard();
    const at = (columns: number, rows: number) => frame(board, view(), { columns, rows }).map(text);
    expect(at(72, 24)[2]).toMatch(/PROGRESS +WORK +CALLS +CRIT +HIGH +MED +LOW$/);
    expect(at(60, 24)[2]).toMatch(/PROGRESS +WORK +CRIT +HIGH$/);
    expect(at(40, 24)[2]).toMatch(/REGION +STATE +WORK +CRIT +HIGH$/);
    const small = at(80, 8);
    expect(small.some((line) => line.includes('SERVICE') || line.includes('NEW FAILS'))).toBe(false);
    expect(small.some((line) => line.startsWith('› global'))).toBe(true);
  });

  it('shows a region in detail: its problems, then its findings filtered by severity, FAIL first', () => {
    const board = boardOf(['cn-hangzhou'], [
      { type: 'call', api: 'ecs:DescribeDisks', region: 'cn-hangzhou', ms: 40, ok: false },
      { type: 'finding', finding: finding('cn-hangzhou', 'low', 'sg-low') },
      { type: 'finding', finding: finding('cn-hangzhou', 'medium', 'i-manual', 'MANUAL') },
      { type: 'finding', finding: finding('cn-hangzhou', 'critical', 'sg-open') },
    ]);
    const all = frame(board, view({ screen: 'details', selected: 'cn-hangzhou' }), { columns: 80, rows: 24 }).map(text);
    expect(all[2]).toBe('cn-hangzhou running · 1 calls, 1 failed · 0 PASS, 2 FAIL, 1 MANUAL');
    expect(all[3]).toBe('  ! ecs:DescribeDisks failed');
    expect(all[4]).toBe('  FINDINGS (all) 1–3 of 3');
    // Under their service's heading.
    expect(all[5]).toBe('  ECS · 2 FAIL, 1 MANUAL');
    expect(all.slice(6, 9).map((line) => line.slice(2, 8).trim())).toEqual(['CRIT', 'LOW', 'MANUAL']);
    const high = frame(board, view({ screen: 'details', selected: 'cn-hangzhou', minimum: 'high' }), { columns: 80, rows: 24 }).map(text);
    expect(high[4]).toBe('  FINDINGS (high+) 1–2 of 2');
    expect(high.some((line) => line.includes('sg-low'))).toBe(false);
  });

  it('keeps a status apart from what follows it, and a running region\'s bar short of full until it is done', () => {
    const board = boardOf(['cn-shanghai'], [
      { type: 'call', api: 'ecs:DescribeInstances', region: 'cn-shanghai', ms: 40, ok: true },
      { type: 'region-progress', region: 'cn-shanghai', done: 50, known: 51 },
      { type: 'finding', finding: { ...finding('cn-shanghai', 'high', 'cn-shanghai', 'MANUAL'), statusExtended: '1 instance(s) in cn-shanghai: needs Security Center' } },
    ]);
    const details = frame(board, view({ screen: 'details', selected: 'cn-shanghai' }), { columns: 80, rows: 24 }).map(text);
    expect(details).toContain('  MANUAL cn-shanghai 1 instance(s) in cn-shanghai: needs Security Center');
    const running = frame(board, view(), { columns: 80, rows: 24 }).map(text).find((line) => line.includes('cn-shanghai'))!;
    expect(running).toMatch(/running +█+░ +50\/51 /);
    board.fold({ type: 'region-finished', region: 'cn-shanghai', state: 'done', findings: 1 });
    const done = frame(board, view(), { columns: 80, rows: 24 }).map(text).find((line) => line.includes('cn-shanghai'))!;
    expect(done).toMatch(/done +█+ +50\/51 /);
  });

  it('wraps a region\'s problems at word breaks: a missing permission\'s name is never cut', () => {
    const reason = 'nothing could be checked: missing permissions ecs:DescribeDisks, ecs:DescribeInstances, ecs:DescribeSecurityGroups';
    const board = boardOf(['ap-southeast-1'], [{ type: 'region-finished', region: 'ap-southeast-1', state: 'denied', reason, findings: 3 }]);
    for (const columns of [80, 60]) {
      const lines = frame(board, view({ screen: 'details', selected: 'ap-southeast-1' }), { columns, rows: 24 }).map(text);
      const problem = lines.slice(lines.findIndex((line) => line.startsWith('  ! ')), lines.findIndex((line) => line.startsWith('  FINDINGS')));
      expect(problem.length).toBeGreaterThan(1);
      expect(problem.join(' ')).not.toContain('…');
      expect(problem.map((line) => line.slice(4)).join(' ')).toBe(reason);
      for (const line of problem) expect(stringWidth(line)).toBeLessThanOrEqual(columns);
    }
  });

  it('says PAUSED in the header, and the key bar asks before stopping', () => {
    const board = busyBoard();
    expect(text(frame(board, view({ paused: true }), { columns: 80, rows: 24 })[0])).toMatch(/0:12 {2}PAUSED $/);
    expect(text(frame(board, view({ paused: true }), { columns: 80, rows: 24 }).at(-1)!)).toContain('p resume');
    expect(text(frame(board, view({ screen: 'confirm-stop' }), { columns: 80, rows: 24 }).at(-1)!)).toBe(
      'Stop the scan? What was found is written, marked incomplete. y stop · n go on',
    );
    expect(text(frame(board, view({ stopping: true }), { columns: 80, rows: 24 }).at(-1)!)).toBe('stopping: writing what was found…');
  });

  it('clips by terminal cells, wide characters counted twice', () => {
    expect(text(clip([{ text: 'abc' }, { text: '生产安全组' }], 8))).toBe('abc生产…');
    expect(text(clip([{ text: 'short' }], 8))).toBe('short');
  });

  describe('with nine services', () => {
    /** The services a full scan has (some not in the registry yet: their ids upper-cased name them). */
    const NINE = ['ram', 'ecs', 'vpc', 'actiontrail', 'rds', 'securitycenter', 'oss', 'sls', 'cs'];

    /** busyBoard's regions and findings, and findings of each of the nine services: FAIL, PASS and MANUAL. */
    function nineBoard(services = NINE) {
      const board = busyBoard();
      services.forEach((service, index) => {
        for (let k = 0; k <= index; k++) {
          const status = (['FAIL', 'PASS', 'MANUAL'] as const)[k % 3];
          const region = service === 'ram' || service === 'actiontrail' || service === 'securitycenter' ? 'global' : 'cn-hangzhou';
          board.fold({ type: 'finding', finding: { ...finding(region, (['critical', 'high', 'medium', 'low'] as const)[k % 4], `${service}-${k}`, status), service } });
        }
      });
      return board;
    }

    const sizes = [
      [80, 24],
      [120, 40],
      [100, 60],
      [72, 20],
      [60, 16],
      [60, 18],
      [50, 20],
      [40, 20],
      [50, 12],
      [40, 10],
      [30, 6],
      [20, 3],
    ];
    for (const [columns, rows] of sizes) {
      it(`fit ${columns}×${rows} on every screen, the services in at most four lines`, () => {
        const board = nineBoard();
        for (const screen of ['regions', 'details', 'help', 'confirm-stop'] as const) {
          for (const selected of [undefined, 'cn-hangzhou', 'global']) {
            const lines = frame(board, view({ screen, selected }), { columns, rows }).map(text);
            expect(lines, `${screen} ${selected}`).toHaveLength(Math.max(1, rows - 1));
            for (const line of lines) expect(stringWidth(line), line).toBeLessThanOrEqual(columns);
            expect(lines.at(-1)).toMatch(/^(↑↓|any key|Stop the scan|stopping)/);
          }
        }
        const lines = frame(board, view(), { columns, rows }).map(text);
        const at = lines.findIndex((line) => line.startsWith('  SERVICE'));
        if (at < 0) return;
        const block = lines.slice(at, lines.findIndex((line) => line.startsWith('  NEW FAILS')));
        expect(block.length).toBeLessThanOrEqual(4);
        // Every service is on a line of its own, in a column, or counted on the folded line.
        const folded = block.find((line) => /^ {2}\+\d+ more: /.test(line));
        for (const service of NINE) if (!folded) expect(block.join('\n')).toContain(serviceName(service));
      });
    }

    it('at 80×24 fold into three columns under one heading line, and the region list keeps most of its rows', () => {
      const lines = frame(nineBoard(), view(), { columns: 80, rows: 24 }).map(text);
      expect(lines).toHaveLength(23);
      const at = lines.findIndex((line) => line.startsWith('  SERVICE'));
      expect(lines[at].match(/SERVICE/g)).toHaveLength(3);
      const grid = lines.slice(at + 1, at + 4);
      // Down the columns in the registry's order: RAM, ECS, VPC first.
      expect(grid.map((line) => line.slice(2).split(/ {2,}/)[0])).toEqual(['RAM', 'ECS', serviceName('vpc')]);
      for (const service of NINE) expect(grid.join('\n')).toContain(serviceName(service));
      // Each service's FAIL and MANUAL counts stand after its name: sls has findings 0–7, three of them FAIL.
      expect(grid.join('\n')).toMatch(new RegExp(`${serviceName('sls')} +(\\d+ +)?3 +3(\\s|$)`));
      expect(lines.slice(3, at).filter((line) => / (queued|running|done|denied) /.test(line)).length).toBeGreaterThanOrEqual(10);
      expect(lines[at + 4]).toMatch(/^ {2}NEW FAILS/);
    });

    it('with two or three, a line each as before; with room for neither lines nor columns, the busiest a line each and the rest folded', () => {
      const two = frame(busyBoard(), view(), { columns: 80, rows: 24 }).map(text);
      const at = two.findIndex((line) => line.startsWith('  SERVICE'));
      expect(two[at]).toMatch(/^ {2}SERVICE +PASS +F\.CRIT +F\.HIGH +F\.MED +F\.LOW +MANUAL +MUTED$/);
      expect(two.slice(at + 1, at + 3).map((line) => line.trim().split(/ +/)[0])).toEqual(['RAM', 'ECS']);
      const block = serviceBlock(nineBoard().tally.summary(), 40, 3).map(text);
      expect(block).toHaveLength(3);
      // The service with the most FAILs (busyBoard's ECS, a FAIL in every region) keeps its line; the other eight are counted together.
      expect(block[1].trim().split(/ +/)[0]).toBe('ECS');
      expect(block[2]).toMatch(/^ {2}\+8 more: \d+ FAIL, \d+ MANUAL · RAM, /);
    });

    it('name a service by the registry, else by its id upper-cased', () => {
      expect(serviceName('ram')).toBe('RAM');
      expect(serviceName('ecs')).toBe('ECS');
      expect(serviceName('nosuchservice')).toBe('NOSUCHSERVICE');
      const block = serviceBlock(nineBoard(['ram', 'nosuchservice']).tally.summary(), 80, 4).map(text);
      expect(block.slice(1).map((line) => line.trim().split(/ +/)[0])).toEqual(['RAM', 'ECS', 'NOSUCHSERVICE']);
    });
  });

  it('groups a region\'s findings by service: a heading, then its FAILs worst first and its MANUALs; scrolled, the heading stays', () => {
    const of = (service: string, severity: 'critical' | 'high' | 'low', name: string, status: 'FAIL' | 'MANUAL' = 'FAIL') => ({
      type: 'finding' as const,
      finding: { ...finding('cn-hangzhou', severity, name, status), service },
    });
    // ECS is in the registry; zeta and alpha never will be: they go after it, by id, whichever came first.
    const board = boardOf(['cn-hangzhou'], [
      of('zeta', 'low', 'zeta-1'),
      of('ecs', 'low', 'disk-plain'),
      of('ecs', 'high', 'sg-ssh', 'MANUAL'),
      of('ecs', 'critical', 'sg-open'),
      ...Array.from({ length: 30 }, (_, i) => of('alpha', i % 2 ? 'high' : 'low', `db-${i}`)),
    ]);
    const lines = frame(board, view({ screen: 'details', selected: 'cn-hangzhou' }), { columns: 80, rows: 24 }).map(text);
    const start = lines.findIndex((line) => line.startsWith('  FINDINGS'));
    expect(lines[start]).toBe('  FINDINGS (all) 1–16 of 34');
    expect(lines.slice(start + 1, start + 7)).toEqual([
      '  ECS · 2 FAIL, 1 MANUAL',
      expect.stringMatching(/^ {2}CRIT +sg-open /),
      expect.stringMatching(/^ {2}LOW +disk-plain /),
      expect.stringMatching(/^ {2}MANUAL sg-ssh /),
      '  ALPHA · 30 FAIL',
      expect.stringMatching(/^ {2}HIGH +db-1 /),
    ]);
    // Scrolled into ALPHA's findings: its heading is the first line of the list, and the range counts findings only.
    const scrolled = frame(board, view({ screen: 'details', selected: 'cn-hangzhou', scroll: 10 }), { columns: 80, rows: 24 }).map(text);
    const from = scrolled.findIndex((line) => line.startsWith('  FINDINGS'));
    expect(scrolled[from]).toBe('  FINDINGS (all) 11–27 of 34');
    expect(scrolled[from + 1]).toBe('  ALPHA · 30 FAIL');
    // Scrolled to the end, the last page is full: it ends with ZETA, under its heading.
    const end = frame(board, view({ screen: 'details', selected: 'cn-hangzhou', scroll: 33 }), { columns: 80, rows: 24 }).map(text);
    expect(end.find((line) => line.startsWith('  FINDINGS'))).toBe('  FINDINGS (all) 19–34 of 34');
    expect(end.slice(-4, -1)).toEqual([expect.stringMatching(/db-/), '  ZETA · 1 FAIL', expect.stringMatching(/^ {2}LOW +zeta-1 /)]);
    expect(end.filter((line) => line === '')).toHaveLength(0);
  });
});
