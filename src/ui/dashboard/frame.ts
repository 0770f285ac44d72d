/**
 * The dashboard's frame as lines of styled text, from the board and what the user is looking at. Pure, so every
 * size is testable: the frame is never taller than the terminal minus one line (Ink 6 clears the whole screen every
 * frame once it is as tall as the terminal) and no line is wider than the terminal (one wrapped line breaks the
 * cursor arithmetic of every frame after it).
 */
import stringWidth from 'string-width';
import { visible } from '../../core/visible.js';
import { type Finding, SEVERITIES, type Severity } from '../../scan/model.js';
import { serviceName, serviceOrder, type ServiceSummary } from '../../scan/summary.js';
import { listWindow } from '../scroll.js';
import { GLOBAL, type RegionRow, type ScanBoard, severityRank } from './board.js';

export type Tone = 'dim' | 'bold' | 'green' | 'red' | 'yellow' | 'cyan' | 'magenta' | 'blue' | 'inverse';
export interface Segment {
  text: string;
  tone?: Tone;
}
export type Line = Segment[];

export type Screen = 'regions' | 'details' | 'help' | 'confirm-stop';

/** What the user is looking at; the board says what there is to see. */
export interface View {
  screen: Screen;
  /** The selected region, by name (a region's index moves as others appear). */
  selected?: string;
  /** The least severity shown in the feed and the details; undefined shows all. */
  minimum?: Severity;
  /** The first finding shown in the details. */
  scroll: number;
  paused: boolean;
  stopping: boolean;
  /** Time spent scanning, pauses left out. */
  activeMs: number;
}

export interface Size {
  columns: number;
  rows: number;
}

export const FILTERS: readonly (Severity | undefined)[] = [undefined, 'critical', 'high', 'medium', 'low'];

const STATE_TONE: Record<string, Tone> = { queued: 'dim', running: 'cyan', done: 'green', failed: 'red', denied: 'yellow', 'timed out': 'red' };
const SEVERITY_TONE: Record<Severity, Tone> = { critical: 'magenta', high: 'red', medium: 'yellow', low: 'blue', informational: 'dim' };
const SEVERITY_SHORT: Record<Severity, string> = { critical: 'CRIT', high: 'HIGH', medium: 'MED', low: 'LOW', informational: 'INFO' };

/** The whole frame: rows − 1 lines, each at most `columns` wide. */
export function frame(board: ScanBoard, view: View, size: Size): Line[] {
  const height = Math.max(1, size.rows - 1);
  const width = Math.max(1, size.columns);
  const keys = keyBar(view, width);
  const body =
    view.screen === 'help'
      ? helpLines()
      : view.screen === 'details'
        ? detailLines(board, view, width, height - 3)
        : regionScreen(board, view, width, height - 3);
  const lines = [...header(board, view, width), ...body].slice(0, height - 1);
  // Always the full height, from the first frame on: a frame that grew would push its first lines up into the
  // scrollback, where no later frame can erase them, and they would stay above the summary.
  while (lines.length < height - 1) lines.push([]);
  lines.push(keys);
  // Names come from the cloud: shown visibly before the cut, so the cut measures what the terminal will show.
  return lines.map((line) => clip(line.map((segment) => ({ ...segment, text: visible(segment.text) })), width));
}

/** The region the arrows move to: `step` rows from the selected one, within the list. */
export function moveSelection(board: ScanBoard, selected: string | undefined, step: number): string | undefined {
  const names = board.rows().map((row) => row.name);
  if (names.length === 0) return undefined;
  const at = Math.max(0, names.indexOf(selected ?? names[0]));
  return names[Math.min(names.length - 1, Math.max(0, at + step))];
}

function clock(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const [h, m, s] = [Math.floor(total / 3600), Math.floor(total / 60) % 60, total % 60];
  return h > 0 ? `${h}:${pad2(m)}:${pad2(s)}` : `${m}:${pad2(s)}`;
}

function filterName(minimum: Severity | undefined): string {
  return minimum === undefined ? 'all' : minimum === 'critical' ? 'critical' : `${minimum}+`;
}

function shown(finding: Finding, minimum: Severity | undefined): boolean {
  return minimum === undefined || severityRank(finding.severity) <= severityRank(minimum);
}

function header(board: ScanBoard, view: View, width: number): Line[] {
  const eta = board.eta(view.activeMs);
  const when: Line = [
    { text: clock(view.activeMs) },
    ...(view.paused ? [{ text: ' ' }, { text: ' PAUSED ', tone: 'inverse' as Tone }] : eta === undefined ? [] : [{ text: ` · ETA ${clock(eta)}`, tone: 'dim' as Tone }]),
  ];
  const who: Line = [
    { text: 'aliaudit scan', tone: 'bold' },
    { text: ` · ${board.account || '…'} · ${principal(board.identity)}` },
  ];
  const rate = board.callRate();
  const counters: Line = [
    { text: `calls ${board.calls}` },
    { text: ` ${rate >= 10 ? Math.round(rate) : rate.toFixed(1)}/s`, tone: 'dim' },
    { text: ` · retries ${board.retries} · throttled ${board.throttles} · ` },
    { text: `errors ${board.failedCalls}`, tone: board.failedCalls > 0 ? 'red' : undefined },
    { text: ` · ${board.tally.total} findings, ` },
    { text: `${board.tally.unmutedFailures} FAIL`, tone: board.tally.unmutedFailures > 0 ? 'red' : undefined },
  ];
  return [spread(who, when, width), counters];
}

function regionScreen(board: ScanBoard, view: View, width: number, height: number): Line[] {
  const rows = board.rows();
  const services = board.tally.summary();
  const tiny = height < 8;
  const serviceLines = tiny || height < 14 ? [] : serviceBlock(services, width, height < 16 ? 3 : 4);
  const feedMinimum = tiny ? 0 : 3;
  const columns = regionColumns(width);
  const room = Math.max(1, height - 1 - serviceLines.length - feedMinimum);
  const list = regionWindow(rows, view.selected ?? rows[0]?.name, room).map((item) =>
    typeof item === 'string' ? [{ text: `  ${item}`, tone: 'dim' as Tone }] : regionLine(item, item.name === (view.selected ?? rows[0]?.name), columns),
  );
  const lines = [columns.header, ...list, ...serviceLines];
  const left = height - lines.length;
  if (left >= 2) lines.push(...feedLines(board, view.minimum, width, left));
  return lines;
}

interface RegionColumns {
  header: Line;
  bar: number;
  calls: boolean;
  severities: Severity[];
  name: number;
}

/** Which columns fit: the bar shrinks first, then the low severities and the calls go, then the bar. */
function regionColumns(width: number): RegionColumns {
  const name = Math.min(16, Math.max(8, width - 40));
  let severities: Severity[] = ['critical', 'high', 'medium', 'low'];
  let calls = true;
  const fixed = () => 2 + name + 10 + 10 + (calls ? 7 : 0) + severities.length * 5;
  if (width - fixed() < 6) severities = ['critical', 'high'];
  if (width - fixed() < 6) calls = false;
  const bar = width - fixed() >= 6 ? Math.min(30, width - fixed() - 1) : 0;
  const header = [
    { text: `  ${'REGION'.padEnd(name)}${'STATE'.padEnd(10)}${bar ? 'PROGRESS'.padEnd(bar + 1) : ''}${'WORK'.padStart(9)} ${calls ? 'CALLS'.padStart(6) + ' ' : ''}${severities.map((s) => SEVERITY_SHORT[s].padStart(4)).join(' ')}`, tone: 'dim' as Tone },
  ];
  return { header, bar, calls, severities, name };
}

function regionLine(row: RegionRow, selected: boolean, columns: RegionColumns): Line {
  // A running region's bar is never full: it is full, and says done, when its work is done.
  const fraction = row.state === 'queued' ? 0 : row.state === 'running' ? row.done / Math.max(row.known, row.done + 1) : 1;
  const filled = Math.floor(fraction * columns.bar);
  const work = row.state === 'queued' ? '' : row.known > 0 ? `${row.done}/${row.known}` : row.state === 'running' ? '…' : String(row.done);
  return [
    { text: selected ? '› ' : '  ', tone: selected ? 'cyan' : undefined },
    { text: fit(row.name, columns.name - 1).padEnd(columns.name), tone: selected ? 'bold' : undefined },
    { text: row.state.padEnd(10), tone: STATE_TONE[row.state] },
    ...(columns.bar
      ? [
          { text: '█'.repeat(filled), tone: STATE_TONE[row.state === 'running' ? 'running' : row.state] },
          { text: '░'.repeat(columns.bar - filled) + ' ', tone: 'dim' as Tone },
        ]
      : []),
    { text: work.padStart(9) + ' ' },
    ...(columns.calls ? [{ text: String(row.calls).padStart(6) + ' ' }] : []),
    ...columns.severities.flatMap((severity, index) => [
      { text: index ? ' ' : '' },
      { text: String(row.fails[severity]).padStart(4), tone: row.fails[severity] ? SEVERITY_TONE[severity] : ('dim' as Tone) },
    ]),
  ];
}

/** Up to `room` lines of rows around the selected one, with "… N more" where some are left out. */
function regionWindow(rows: RegionRow[], selected: string | undefined, room: number): (RegionRow | string)[] {
  const at = Math.max(0, rows.findIndex((row) => row.name === selected));
  // The rows around the selection are kept in view too, so that it sits near the middle as it moves.
  const around = Math.floor(Math.max(0, room - 3) / 2);
  const view = listWindow(rows.length, { from: Math.max(0, at - around), to: Math.min(rows.length - 1, at + around) }, room);
  return [...(view.above ? [`… ${view.start} more`] : []), ...rows.slice(view.start, view.end), ...(view.below ? [`… ${rows.length - view.end} more`] : [])];
}

/**
 * The services' counts in at most `room` lines, however many services there are: a line each while they fit (FAILs
 * by severity when there is room); else a grid of columns, PASS left out before a column is; else the busiest a line
 * each and the rest folded into one.
 */
export function serviceBlock(summaries: readonly ServiceSummary[], width: number, room: number): Line[] {
  if (summaries.length === 0 || room < 2) return [];
  const services = [...summaries].sort((a, b) => serviceOrder(a.service) - serviceOrder(b.service)).map((s) => ({ ...s, name: serviceName(s.service) }));
  const narrow = width < 60;
  if (services.length <= room - 1) {
    const single = serviceLines(services, narrow);
    if (lineWidth(single[0]) <= width) return single;
  }
  for (const cells of [GRID_FULL, GRID_SHORT]) {
    for (let rows = 1; rows <= room - 1; rows++) {
      const grid = serviceGrid(services, cells, rows);
      if (lineWidth(grid[0]) <= width) return grid;
    }
  }
  // The busiest, by FAILs then MANUALs, keep their lines; the others are counted together on the last.
  const failsOf = (s: ServiceSummary) => SEVERITIES.reduce((sum, severity) => sum + s.fail[severity], 0);
  const busiest = [...services].sort((a, b) => failsOf(b) - failsOf(a) || b.manual - a.manual || serviceOrder(a.service) - serviceOrder(b.service));
  const shown = new Set(busiest.slice(0, Math.max(0, room - 2)));
  const rest = services.filter((s) => !shown.has(s));
  const total = (count: (s: ServiceSummary) => number) => rest.reduce((sum, s) => sum + count(s), 0);
  const folded: Line = [
    { text: `  +${rest.length} more: ` },
    { text: `${total(failsOf)} FAIL`, tone: total(failsOf) > 0 ? 'red' : undefined },
    { text: `, ${total((s) => s.manual)} MANUAL · ` },
    { text: rest.map((s) => s.name).join(', '), tone: 'dim' },
  ];
  return [...serviceLines(services.filter((s) => shown.has(s)), narrow), folded];
}

type NamedSummary = ServiceSummary & { name: string };

/** A line per service: PASS, FAIL by severity, MANUAL and muted; or, narrow, PASS, FAIL and MANUAL. */
function serviceLines(services: readonly NamedSummary[], narrow: boolean): Line[] {
  const name = Math.max(7, ...services.map((s) => stringWidth(s.name)));
  const head = narrow ? `${'SERVICE'.padEnd(name)}  PASS  FAIL  MANUAL` : `${'SERVICE'.padEnd(name)}  PASS ${SEVERITIES.slice(0, 4).map((s) => `F.${SEVERITY_SHORT[s]}`.padStart(7)).join('')}  MANUAL  MUTED`;
  return [
    [{ text: `  ${head}`, tone: 'dim' }],
    ...services.map((s): Line => {
      const fails = SEVERITIES.reduce((sum, severity) => sum + s.fail[severity], 0);
      const cells = narrow
        ? `${String(fails).padStart(5)} ${String(s.manual).padStart(7)}`
        : `${SEVERITIES.slice(0, 4).map((severity) => String(s.fail[severity]).padStart(7)).join('')} ${String(s.manual).padStart(7)} ${String(s.muted).padStart(6)}`;
      return [{ text: `  ${padCells(s.name, name)}${String(s.pass).padStart(5)} ${cells}` }];
    }),
  ];
}

interface GridCell {
  label: string;
  count: (s: ServiceSummary) => number;
  tone?: Tone;
}

const GRID_FULL: readonly GridCell[] = [
  { label: 'PASS', count: (s) => s.pass },
  { label: 'FAIL', count: (s) => SEVERITIES.reduce((sum, severity) => sum + s.fail[severity], 0), tone: 'red' },
  { label: 'MAN', count: (s) => s.manual },
];
const GRID_SHORT = GRID_FULL.slice(1);
const GRID_GAP = 3;

/** The services down `rows` lines and across as many columns as that takes, each column as wide as its longest name. */
function serviceGrid(services: readonly NamedSummary[], cells: readonly GridCell[], rows: number): Line[] {
  const columns: NamedSummary[][] = [];
  for (let at = 0; at < services.length; at += rows) columns.push(services.slice(at, at + rows));
  const layout = columns.map((column) => ({
    column,
    name: Math.max(7, ...column.map((s) => stringWidth(s.name))),
    numbers: cells.map((cell) => Math.max(cell.label.length, ...column.map((s) => String(cell.count(s)).length)) + 1),
  }));
  const head: Line = [
    { text: `  ${layout.map(({ name, numbers }) => `${'SERVICE'.padEnd(name)}${cells.map((cell, i) => cell.label.padStart(numbers[i])).join('')}`).join(' '.repeat(GRID_GAP))}`, tone: 'dim' },
  ];
  const lines: Line[] = [head];
  for (let row = 0; row < rows && row < services.length; row++) {
    const line: Line = [{ text: '  ' }];
    layout.forEach(({ column, name, numbers }, index) => {
      // Filled down the columns: only the last can be short.
      const s = column[row];
      if (!s) return;
      line.push({ text: `${index ? ' '.repeat(GRID_GAP) : ''}${padCells(s.name, name)}` });
      cells.forEach((cell, i) => {
        const count = cell.count(s);
        // Only a FAIL count is coloured, and only when it is not 0: every tone costs bytes in every frame.
        line.push({ text: String(count).padStart(numbers[i]), tone: count > 0 ? cell.tone : undefined });
      });
    });
    lines.push(line);
  }
  return lines;
}

/** `text` padded to `width` terminal cells. */
function padCells(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - stringWidth(text)));
}

/** New FAIL findings, the most severe first and the newest first within a severity. */
function feedLines(board: ScanBoard, minimum: Severity | undefined, width: number, room: number): Line[] {
  const feed = board.feed
    .map((finding, index) => ({ finding, index }))
    .filter(({ finding }) => shown(finding, minimum))
    .sort((a, b) => severityRank(a.finding.severity) - severityRank(b.finding.severity) || b.index - a.index)
    .slice(0, room - 1)
    .map(({ finding }) => findingLine(finding, width, true));
  const title: Line = [{ text: `  NEW FAILS`, tone: 'dim' }, { text: minimum ? `  (${filterName(minimum)})` : '', tone: 'dim' }];
  return [title, ...(feed.length ? feed : [[{ text: '  none yet', tone: 'dim' } as Segment]])];
}

function findingLine(finding: Finding, width: number, withRegion: boolean): Line {
  const where = withRegion ? `${finding.region === GLOBAL ? 'global' : finding.region} ` : '';
  const status = finding.status === 'FAIL' ? SEVERITY_SHORT[finding.severity] : finding.status;
  return [
    { text: '  ' },
    { text: status.padEnd(7), tone: finding.status === 'FAIL' ? SEVERITY_TONE[finding.severity] : 'yellow' },
    { text: `${where}${fit(finding.resource.name, 24)} `, tone: 'bold' },
    { text: width >= 60 ? finding.statusExtended : finding.checkId, tone: 'dim' },
  ];
}

function detailLines(board: ScanBoard, view: View, width: number, height: number): Line[] {
  const row = board.rows().find((r) => r.name === view.selected) ?? board.rows()[0];
  if (!row) return [[{ text: 'no region yet', tone: 'dim' }]];
  const fails = SEVERITIES.reduce((sum, s) => sum + row.fails[s], 0);
  const lines: Line[] = [
    [
      { text: `${row.name} `, tone: 'bold' },
      { text: row.state, tone: STATE_TONE[row.state] },
      { text: ` · ${row.calls} calls, ${row.failedCalls} failed · ${row.pass} PASS, ${fails} FAIL, ${row.manual} MANUAL` },
    ],
  ];
  const problems = [...row.problems].slice(0, 3);
  // Wrapped at word breaks, not cut: a problem names the permission to grant, which must be read whole.
  for (const [problem, count] of problems) {
    wrapWords(`${problem}${count > 1 ? ` (×${count})` : ''}`, width - 4).forEach((text, index) => lines.push([{ text: index ? '    ' : '  ! ', tone: 'red' }, { text }]));
  }
  if (row.problems.size > problems.length) lines.push([{ text: `  … ${row.problems.size - problems.length} more problems`, tone: 'dim' }]);
  const findings = regionFindings(row, view.minimum);
  const room = Math.max(1, height - lines.length - 1);
  const window = findingWindow(findings, view.scroll, room);
  const range = window.shown > 0 ? `${window.start + 1}–${window.start + window.shown} of ${findings.length}` : 'none';
  lines.push([{ text: `  FINDINGS (${filterName(view.minimum)}) ${range}`, tone: 'dim' }]);
  for (const entry of window.entries) lines.push(typeof entry === 'string' ? serviceHeading(entry, findings) : findingLine(entry, width, false));
  if (row.findingCount > row.findings.length) lines.push([{ text: `  … ${row.findingCount - row.findings.length} more in the report files`, tone: 'dim' }]);
  return lines;
}

/**
 * The findings from `scroll` on that fit in `room` lines, each service's under a heading (the first one shown gets
 * its service's heading too, so a scrolled list still says whose findings it shows); never scrolled past a full page.
 */
function findingWindow(findings: readonly Finding[], scroll: number, room: number): { start: number; shown: number; entries: (Finding | string)[] } {
  // A single line has no room for a heading: it shows a finding.
  const headed = room >= 2;
  const headingAt = (i: number, start: number) => headed && (i === start || findings[i].service !== findings[i - 1].service);
  // The lines from finding i to the end: the findings, and a heading where the service changes (and at i).
  const cost = (from: number) => findings.length - from + findings.slice(from).filter((_, i) => headingAt(from + i, from)).length;
  let last = findings.length;
  while (last > 0 && cost(last - 1) <= room) last--;
  const start = Math.max(0, Math.min(scroll, last));
  const entries: (Finding | string)[] = [];
  let shown = 0;
  for (let i = start; i < findings.length; i++) {
    const heading = headingAt(i, start);
    if (entries.length + (heading ? 2 : 1) > room) break;
    if (heading) entries.push(findings[i].service);
    entries.push(findings[i]);
    shown++;
  }
  return { start, shown, entries };
}

/** `  ECS · 2 FAIL, 1 MANUAL`: a service's heading in a region's details, with what of it the list holds. */
function serviceHeading(service: string, findings: readonly Finding[]): Line {
  const own = findings.filter((f) => f.service === service);
  const fails = own.filter((f) => f.status === 'FAIL').length;
  const counts = [...(fails ? [`${fails} FAIL`] : []), ...(own.length > fails ? [`${own.length - fails} MANUAL`] : [])];
  return [{ text: `  ${serviceName(service)}`, tone: 'bold' }, { text: ` · ${counts.join(', ')}`, tone: 'dim' }];
}

/** A region's findings by service, in the registry's order: each service's FAILs, most severe first, then its MANUALs. */
export function regionFindings(row: RegionRow, minimum: Severity | undefined): Finding[] {
  const order = (f: Finding) => (f.status === 'FAIL' ? severityRank(f.severity) : SEVERITIES.length);
  return row.findings
    .filter((f) => f.status === 'MANUAL' || shown(f, minimum))
    .sort((a, b) => serviceOrder(a.service) - serviceOrder(b.service) || a.service.localeCompare(b.service) || order(a) - order(b));
}

function helpLines(): Line[] {
  const keys: [string, string][] = [
    ['↑ ↓', 'select a region (in its details: scroll its findings)'],
    ['Enter', 'open the selected region: its errors and findings (Esc: back)'],
    ['f', 'show only findings of this severity or worse: all, critical, high+, medium+, low+'],
    ['p', 'pause the scan (calls in flight finish, none start) and resume it'],
    ['q', 'stop: asks, then writes what was found, marked incomplete'],
    ['Ctrl-C', 'stop at once, the same way'],
  ];
  return [[{ text: 'Keys', tone: 'bold' }], ...keys.map(([key, what]): Line => [{ text: `  ${key.padEnd(8)}`, tone: 'cyan' }, { text: what }])];
}

function keyBar(view: View, width: number): Line {
  if (view.stopping) return [{ text: 'stopping: writing what was found…', tone: 'yellow' }];
  if (view.screen === 'confirm-stop') {
    const question = width >= 80 ? 'Stop the scan? What was found is written, marked incomplete. ' : 'Stop the scan? ';
    return [{ text: question, tone: 'yellow' }, { text: 'y stop · n go on', tone: 'bold' }];
  }
  if (view.screen === 'help') return [{ text: 'any key: back', tone: 'dim' }];
  const pause = view.paused ? 'p resume' : 'p pause';
  const filter = filterName(view.minimum);
  const full =
    view.screen === 'details'
      ? `↑↓ scroll · f severity: ${filter} · Esc back · ${pause} · q stop · ? help`
      : `↑↓ region · Enter details · f severity: ${filter} · ${pause} · q stop · ? help`;
  const short = view.screen === 'details' ? `↑↓ · f ${filter} · Esc back · q stop · ?` : `↑↓ · ⏎ · f ${filter} · ${pause} · q stop · ?`;
  return [{ text: stringWidth(full) <= width ? full : short, tone: 'dim' }];
}

/** `left` at the start and `right` at the end of one line, `right` kept whole when both do not fit. */
function spread(left: Line, right: Line, width: number): Line {
  const rightWidth = lineWidth(right);
  const room = width - rightWidth - 1;
  if (room < 10) return left;
  const clipped = clip(left, room);
  return [...clipped, { text: ' '.repeat(width - lineWidth(clipped) - rightWidth) }, ...right];
}

/** The line cut to `width` terminal cells, with … where it was cut. */
export function clip(line: Line, width: number): Line {
  if (lineWidth(line) <= width) return line;
  const out: Line = [];
  let used = 0;
  for (const segment of line) {
    const w = stringWidth(segment.text);
    if (used + w <= width - 1) {
      out.push(segment);
      used += w;
      continue;
    }
    let text = '';
    for (const char of segment.text) {
      const cw = stringWidth(char);
      if (used + cw > width - 1) break;
      text += char;
      used += cw;
    }
    out.push({ ...segment, text: `${text}…` });
    break;
  }
  return out;
}

/** `text` in lines of at most `width` cells, broken at spaces and after commas; a longer word is left whole. */
function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/(?<=[\s,])/)) {
    if (line && stringWidth(line + word.trimEnd()) > width) {
      lines.push(line.trimEnd());
      line = '';
    }
    line += word;
  }
  return [...lines, line.trimEnd()];
}

function lineWidth(line: Line): number {
  return line.reduce((sum, segment) => sum + stringWidth(segment.text), 0);
}

function fit(text: string, width: number): string {
  return stringWidth(text) <= width ? text : clip([{ text }], width)[0].text;
}

function principal(arn: string): string {
  return arn.split(':').slice(4).join(':') || '…';
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
