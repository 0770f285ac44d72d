/**
 * One self-contained HTML file: the scan's header and summary as markup, the findings once as JSON, and a small inline
 * script that sorts, filters and draws only the rows in view. No request leaves the page: its Content-Security-Policy
 * allows nothing but its own style and script (by hash), so even text that got through as markup could run nothing.
 *
 * Size: every distinct string is written once (a resource named in ten findings costs one string, an ARN's prefix is
 * shared) and each finding is WIDTH small integers: about 45 bytes of integers plus its own status text, so 100,000
 * findings make a file of about 19 MB where Prowler's HTML took 142 MB for 121,000.
 */
import { createHash } from 'node:crypto';
import { visible } from '../../core/visible.js';
import { CIS_SECTIONS, sectionOf } from '../compliance.js';
import { SEVERITIES, STATUSES, type Finding, type Severity, type Status } from '../model.js';
import { ALL_CHECKS } from '../services/index.js';
import { type Coverage, COVERAGE_STATES, ScanTally, sectionCoverage } from '../summary.js';
import { CLIENT_CSS, CLIENT_JS, FIELDS, WIDTH } from './html-client.js';
import { checkOf, complianceText, joinChunks, tagsText, type ScanReport } from './common.js';

const SEVERITY_INDEX = new Map<Severity, number>(SEVERITIES.map((severity, index) => [severity, index]));
const STATUS_INDEX = new Map<Status, number>(STATUSES.map((status, index) => [status, index]));
const STATUS_RANK = new Map<Status, number>([
  ['FAIL', 0],
  ['MANUAL', 1],
  ['PASS', 2],
]);

/** Text for HTML content and attribute values, its control and invisible characters shown (`^[`, `<U+202E>`). */
export function escapeHtml(text: string): string {
  return shown(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** What the page shows of a string: a name cannot hide behind a bidi override or a zero-width space there either. */
function shown(text: string): string {
  return visible(text, { lines: true });
}

/** JSON that can sit inside a script element: no `<`, so neither `</script>` nor `<!--` can appear. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** Counts for the summary: by severity and status (unmuted), and muted by severity. */
export interface HtmlSummary {
  bySeverity: Record<Severity, Record<Status | 'muted', number>>;
  total: Record<Status | 'muted', number>;
}

interface Packed {
  strings: Map<string, number>;
  rows: Int32Array;
  checks: string[][];
  summary: HtmlSummary;
  services: Set<string>;
  regions: Set<string>;
  coverage: readonly Coverage[];
}

/** Unmuted FAIL, then MANUAL, then PASS, each muted after unmuted, most severe first. */
function rank(finding: Finding): number {
  return ((STATUS_RANK.get(finding.status) ?? 3) * 2 + (finding.muted ? 1 : 0)) * 8 + (SEVERITY_INDEX.get(finding.severity) ?? 7);
}

function emptyCounts(): Record<Status | 'muted', number> {
  return { PASS: 0, FAIL: 0, MANUAL: 0, muted: 0 };
}

/** Interns every string of the findings and turns each finding into WIDTH integers. */
function pack(report: ScanReport): Packed {
  const strings = new Map<string, number>();
  const intern = (text: string | undefined): number => {
    const value = text ?? '';
    let index = strings.get(value);
    if (index === undefined) {
      index = strings.size;
      strings.set(value, index);
    }
    return index;
  };
  intern('');
  const checkIndex = new Map<string, number>();
  const checks: string[][] = [];
  const summary: HtmlSummary = {
    bySeverity: Object.fromEntries(SEVERITIES.map((severity) => [severity, emptyCounts()])) as HtmlSummary['bySeverity'],
    total: emptyCounts(),
  };
  const services = new Set<string>();
  const regions = new Set<string>();
  // A report made without its scan's coverage counts it from the findings, in the same pass.
  const tally = report.coverage ? undefined : new ScanTally();
  // One pass in report order (the findings may be on disk); the rows are put in the table's order afterwards.
  const count = report.findings.length;
  const unordered = new Int32Array(count * WIDTH);
  const keys = new Float64Array(count);
  let i = 0;
  for (const finding of report.findings) {
    let check = checkIndex.get(finding.checkId);
    if (check === undefined) {
      const meta = checkOf(report, finding);
      check = checks.length;
      checkIndex.set(finding.checkId, check);
      checks.push([
        finding.checkId,
        meta.title,
        meta.severity,
        meta.service,
        meta.description,
        meta.risk,
        meta.remediation.text,
        meta.remediation.url ?? '',
      ]);
    }
    const severity = SEVERITY_INDEX.get(finding.severity) ?? SEVERITIES.length - 1;
    const status = STATUS_INDEX.get(finding.status) ?? 0;
    const o = i * WIDTH;
    unordered[o + FIELDS.check] = check;
    unordered[o + FIELDS.status] = status;
    unordered[o + FIELDS.muted] = finding.muted ? 1 : 0;
    unordered[o + FIELDS.severity] = severity;
    unordered[o + FIELDS.service] = intern(finding.service);
    unordered[o + FIELDS.region] = intern(finding.region);
    unordered[o + FIELDS.name] = intern(finding.resource.name);
    const uid = finding.resource.uid;
    const cut = uid.lastIndexOf('/') + 1;
    unordered[o + FIELDS.uidPrefix] = intern(uid.slice(0, cut));
    unordered[o + FIELDS.uid] = intern(uid.slice(cut));
    unordered[o + FIELDS.type] = intern(finding.resource.type);
    unordered[o + FIELDS.statusExtended] = intern(finding.statusExtended);
    unordered[o + FIELDS.details] = intern(finding.resource.details);
    unordered[o + FIELDS.tags] = intern(tagsText(finding.resource.tags));
    unordered[o + FIELDS.cli] = intern(finding.remediationCli);
    unordered[o + FIELDS.compliance] = intern(complianceText(finding.compliance));
    unordered[o + FIELDS.account] = intern(finding.accountName ? `${finding.accountUid} (${finding.accountName})` : finding.accountUid);
    keys[i] = rank(finding);
    tally?.add(finding);
    services.add(finding.service);
    regions.add(finding.region);
    const counts = summary.bySeverity[SEVERITIES[severity]];
    const column = finding.muted ? 'muted' : STATUSES[status];
    counts[column]++;
    summary.total[column]++;
    i++;
  }
  // Rows go in the table's default order, what needs action first: unmuted FAIL, then MANUAL, then PASS, muted after
  // each, most severe first; the page then starts without sorting.
  const order = Uint32Array.from(keys.keys()).sort((a, b) => keys[a] - keys[b] || a - b);
  const rows = new Int32Array(count * WIDTH);
  order.forEach((from, to) => rows.set(unordered.subarray(from * WIDTH, (from + 1) * WIDTH), to * WIDTH));
  const coverage = report.coverage ?? tally!.coverage({ all: ALL_CHECKS, ran: [...report.checks.values()], incomplete: report.info.incompleteScopes });
  return { strings, rows, checks, summary, services, regions, coverage };
}

function fact(label: string, value: string): string {
  return `<dt>${escapeHtml(label)}</dt><dd>${value}</dd>`;
}

function duration(startedAt: string, finishedAt: string): string {
  const ms = Date.parse(finishedAt) - Date.parse(startedAt);
  if (!Number.isFinite(ms) || ms < 0) return '';
  const seconds = Math.round(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? `${h} h ${m} min ${s} s` : m > 0 ? `${m} min ${s} s` : `${s} s`;
}

function headerHtml(report: ScanReport): string {
  const { info } = report;
  const account = info.accountName ? `${info.accountUid} (${info.accountName})` : info.accountUid;
  const took = duration(info.startedAt, info.finishedAt);
  const regions = info.regions.length > 0 ? info.regions.join(', ') : 'none';
  const state = info.complete
    ? '<span class="complete">Complete</span>'
    : '<span class="complete">INCOMPLETE</span>: some findings may be missing';
  const banner = info.complete
    ? ''
    : `<div class="banner" role="status" id="incomplete"><strong>Incomplete scan.</strong> A region or service could not be read (it timed out, failed, was refused every call, or the scan was stopped), so a missing FAIL proves nothing there.${
        info.incompleteReasons.length > 0
          ? `<ul>${info.incompleteReasons.map((reason) => `<li>${escapeHtml(reason)}</li>`).join('')}</ul>`
          : ''
      }</div>`;
  return (
    `<header><h1>aliaudit scan of account ${escapeHtml(account)}</h1>` +
    `<dl class="facts" id="scan-facts">` +
    fact('Account', escapeHtml(account)) +
    fact('Identity', `<code>${escapeHtml(info.identityArn)}</code> (${escapeHtml(info.authMethod)})`) +
    fact(`Regions (${info.regions.length})`, escapeHtml(regions)) +
    fact('Started', escapeHtml(info.startedAt)) +
    fact('Finished', escapeHtml(info.finishedAt) + (took ? ` (${escapeHtml(took)})` : '')) +
    fact('Scan', state) +
    fact('Scan ID', `<code>${escapeHtml(info.scanId)}</code>`) +
    fact('Tool', `${escapeHtml(info.tool.name)} ${escapeHtml(info.tool.version)}`) +
    `</dl>${banner}</header>`
  );
}

const SUMMARY_COLUMNS = ['FAIL', 'MANUAL', 'PASS', 'muted'] as const;

function summaryHtml(summary: HtmlSummary, total: number): string {
  const cell = (key: string, value: number): string => `<td data-count="${escapeHtml(key)}">${value.toLocaleString('en')}</td>`;
  const head = SUMMARY_COLUMNS.map((column) => `<th scope="col">${column === 'muted' ? 'Muted' : column}</th>`).join('');
  const body = SEVERITIES.map((severity) => {
    const counts = summary.bySeverity[severity];
    const sum = SUMMARY_COLUMNS.reduce((n, column) => n + counts[column], 0);
    return (
      `<tr><th scope="row"><span class="badge sev-${severity}">${severity}</span></th>` +
      SUMMARY_COLUMNS.map((column) => cell(`${severity}-${column}`, counts[column])).join('') +
      cell(`${severity}-total`, sum) +
      '</tr>'
    );
  }).join('');
  const foot =
    '<tr><th scope="row">Total</th>' +
    SUMMARY_COLUMNS.map((column) => cell(`total-${column}`, summary.total[column])).join('') +
    cell('total-total', total) +
    '</tr>';
  return (
    '<section aria-labelledby="summary-title"><h2 id="summary-title">Summary</h2>' +
    '<p>FAIL, MANUAL and PASS count findings that are not muted; Muted counts the muted ones, whatever their status.</p>' +
    `<table class="summary" id="summary"><thead><tr><th scope="col">Severity</th>${head}<th scope="col">Total</th></tr></thead>` +
    `<tbody>${body}</tbody><tfoot>${foot}</tfoot></table></section>`
  );
}

/** The CIS benchmark section by section: how many of its recommendations this scan automated, and how the others stand. */
function sectionsHtml(coverage: readonly Coverage[]): string {
  const sections = sectionCoverage(coverage);
  const head = COVERAGE_STATES.map((state) => `<th scope="col">${escapeHtml(state[0].toUpperCase() + state.slice(1))}</th>`).join('');
  const body = sections
    .map(
      (section) =>
        `<tr><th scope="row">${escapeHtml(`${section.id} ${section.title}`)}</th>` +
        COVERAGE_STATES.map((state) => `<td data-count="${escapeHtml(`${section.id}-${state}`)}">${section.states[state]}</td>`).join('') +
        `<td data-count="${escapeHtml(`${section.id}-total`)}">${section.requirements}</td></tr>`,
    )
    .join('');
  return (
    '<section aria-labelledby="cis-title"><h2 id="cis-title">CIS coverage</h2>' +
    `<p>How this scan covered the ${coverage.length} recommendations of the CIS Alibaba Cloud Foundations Benchmark v2.0.0.</p>` +
    `<table class="summary" id="cis-sections"><thead><tr><th scope="col">Section</th>${head}<th scope="col">Total</th></tr></thead><tbody>${body}</tbody></table>` +
    '<p class="legend">Automated: its checks ran and decided it. Manual: a person must look. Blocked: a permission was missing (named in the list below). ' +
    'Not run: its checks were left out, or the scan ended first. Not covered yet: this version lacks the checks the benchmark names. ' +
    'Not covered: no check answers it.</p></section>'
  );
}

/** Every recommendation under its section, with what covered it: folded away, under the overview. */
function requirementsHtml(coverage: readonly Coverage[]): string {
  const rows = CIS_SECTIONS.map((section) => {
    const own = coverage.filter((row) => sectionOf(row.id) === section.id);
    if (own.length === 0) return '';
    return (
      `<tr class="section"><th scope="rowgroup" colspan="4">${escapeHtml(`${section.id} ${section.title}`)}</th></tr>` +
      own
        .map(
          (row) =>
            `<tr><th scope="row">${escapeHtml(row.id)}</th><td class="cov-${escapeHtml(row.state.replace(/ /g, '-'))}">${escapeHtml(row.state)}</td>` +
            `<td>${escapeHtml(row.title)}</td><td>${escapeHtml(row.detail)}</td></tr>`,
        )
        .join('')
    );
  }).join('');
  return (
    `<details id="cis-requirements"><summary>Every CIS recommendation, and what covered it</summary><table class="coverage">` +
    `<thead><tr><th scope="col">CIS</th><th scope="col">Coverage</th><th scope="col">Recommendation</th><th scope="col">Detail</th></tr></thead>` +
    `<tbody>${rows}</tbody></table></details>`
  );
}

function options(entries: readonly [string, string][]): string {
  return entries.map(([value, label]) => `<option value="${escapeHtml(value)}">${escapeHtml(label)}</option>`).join('');
}

function distinct(seen: Set<string>, strings: Map<string, number>): [string, string][] {
  return [...seen].sort().map((value) => [String(strings.get(value)), value]);
}

function tableHtml({ strings, services, regions }: Packed): string {
  const columns: [string, string][] = [
    ['status', 'Status'],
    ['severity', 'Severity'],
    ['service', 'Service'],
    ['region', 'Region'],
    ['check', 'Check'],
    ['resource', 'Resource'],
    ['detail', 'Status detail'],
  ];
  const colgroup = columns.map(() => '<col>').join('');
  const head = columns
    .map(([key, label]) => `<th scope="col" aria-sort="none"><button type="button" data-col="${key}">${label}<span class="arrow" aria-hidden="true"></span></button></th>`)
    .join('');
  const all: [string, string] = ['', 'All'];
  return (
    '<section aria-labelledby="findings-title"><h2 id="findings-title">Findings</h2>' +
    '<noscript><p class="banner">The findings table needs JavaScript. The CSV and OCSF files of this scan hold the same findings.</p></noscript>' +
    '<div class="filters" id="filters" role="search">' +
    `<label>Status<select id="f-status">${options([all, ['1', 'FAIL'], ['2', 'MANUAL'], ['0', 'PASS']])}</select></label>` +
    `<label>Muted<select id="f-muted">${options([all, ['no', 'Not muted'], ['yes', 'Muted only']])}</select></label>` +
    `<label>Severity<select id="f-severity">${options([all, ...SEVERITIES.map((s, i): [string, string] => [String(i), s])])}</select></label>` +
    `<label>Service<select id="f-service">${options([all, ...distinct(services, strings)])}</select></label>` +
    `<label>Region<select id="f-region">${options([all, ...distinct(regions, strings)])}</select></label>` +
    '<label>Search<input id="f-text" type="search" placeholder="resource, check, detail, tag…" autocomplete="off"></label>' +
    '<button type="button" id="f-reset">Clear filters</button>' +
    '</div>' +
    '<p class="count" id="count" aria-live="polite"></p>' +
    `<div class="scroller" id="scroller"><table class="grid" id="findings"><colgroup>${colgroup}</colgroup>` +
    `<thead><tr>${head}</tr></thead><tbody id="rows"></tbody></table></div>` +
    '<section class="detail" id="detail" hidden aria-live="polite"></section>' +
    '</section>'
  );
}

/** The `.html` text in pieces; the findings' data is written a thousand values at a time. */
export function* htmlChunks(report: ScanReport): Generator<string> {
  const { info } = report;
  const packed = pack(report);
  const { strings, rows, checks, summary, coverage } = packed;
  const table = tableHtml(packed);
  const css = CLIENT_CSS;
  const csp = [
    "default-src 'none'",
    `script-src ${sha256(CLIENT_JS)}`,
    `style-src ${sha256(css)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const title = `aliaudit scan · ${info.accountName ?? info.accountUid} · ${info.startedAt}`;
  yield '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<meta name="referrer" content="no-referrer">' +
    `<title>${escapeHtml(title)}</title><style>${css}</style></head><body>\n`;
  yield headerHtml(report);
  // The two overviews side by side where the screen is wide enough, so the findings start on the first screen.
  yield `<main><div class="overview">${summaryHtml(summary, report.findings.length)}${sectionsHtml(coverage)}</div>${requirementsHtml(coverage)}${table}</main>`;
  yield `<footer>Written by ${escapeHtml(info.tool.name)} ${escapeHtml(info.tool.version)}. ` +
    'Findings follow CIS Alibaba Cloud Foundations Benchmark v2.0.0; the same scan is in the CSV, OCSF and SARIF files written beside this one.</footer>\n';

  // The data block: {"v":1,"w":WIDTH,"checks":[...],"s":[strings],"f":[WIDTH integers per finding]}.
  yield `<script type="application/json" id="aliaudit-data">{"v":1,"w":${WIDTH},"checks":${scriptJson(checks.map((check) => check.map(shown)))},"s":[`;
  let batch: string[] = [];
  let first = true;
  const flush = (): string => {
    const text = (first ? '' : ',') + batch.join(',');
    first = false;
    batch = [];
    return text;
  };
  for (const text of strings.keys()) {
    batch.push(scriptJson(shown(text)));
    if (batch.length === 1000) yield flush();
  }
  if (batch.length > 0) yield flush();
  yield '],"f":[';
  const step = WIDTH * 2000;
  for (let offset = 0; offset < rows.length; offset += step) {
    yield (offset === 0 ? '' : ',') + rows.subarray(offset, offset + step).join(',');
  }
  yield ']}</script>\n';
  yield `<script>${CLIENT_JS}</script>\n</body></html>\n`;
}

/** The whole `.html` text. */
export function toHtml(report: ScanReport): string {
  return joinChunks(htmlChunks(report));
}
