/**
 * What the dashboard shows, folded from the engine's events as they come: a few counters and bounded lists, so a
 * scan of 270,000 findings costs the board the same memory as one of 50. Drawing reads it at most a few times a second.
 */
import type { Finding, RegionState, ScanEvent, Severity } from '../../scan/model.js';
import { SEVERITIES } from '../../scan/model.js';
import { ScanTally } from '../../scan/summary.js';

export interface RegionRow {
  name: string;
  state: RegionState;
  done: number;
  known: number;
  calls: number;
  failedCalls: number;
  /** Unmuted FAIL findings by severity. */
  fails: Record<Severity, number>;
  pass: number;
  manual: number;
  /** Why it ended failed, denied or timed out. */
  reason?: string;
  /** What went wrong there, and how often: `ecs:DescribeDisks failed` → 2. */
  problems: Map<string, number>;
  /** Its FAIL and MANUAL findings, newest last, up to REGION_FINDINGS (the count says how many there were). */
  findings: Finding[];
  findingCount: number;
}

/** Kept per region for the details view; the rest are in the report files. */
export const REGION_FINDINGS = 300;
const FEED = 200;
const RATE_WINDOW_S = 5;
export const GLOBAL = 'global';

export const severityRank = (severity: Severity) => SEVERITIES.indexOf(severity);

export class ScanBoard {
  account = '';
  identity = '';
  checks = 0;
  readonly regions = new Map<string, RegionRow>();
  readonly tally = new ScanTally();
  /** The newest unmuted FAIL findings, newest last. */
  readonly feed: Finding[] = [];
  calls = 0;
  failedCalls = 0;
  retries = 0;
  throttles = 0;
  startedAt: number;
  finishedAt: number | undefined;
  /** Bumped by every event, so a view redraws only when something changed. */
  version = 0;
  /** Calls finished in each of the last seconds: [second, count]. */
  private readonly perSecond: [number, number][] = [];

  constructor(private readonly now: () => number = () => Date.now()) {
    this.startedAt = now();
  }

  fold(event: ScanEvent): void {
    this.version++;
    switch (event.type) {
      case 'scan-started':
        this.account = event.info.accountUid;
        this.identity = event.info.identityArn;
        this.checks = event.checks;
        this.startedAt = this.now();
        for (const region of event.info.regions) this.row(region);
        return;
      case 'region-started':
        // Every region starts at once and waits for the scheduler: it is queued until its first call.
        this.row(event.region);
        return;
      case 'region-progress': {
        const row = this.row(event.region);
        row.done = event.done;
        row.known = event.known;
        return;
      }
      case 'region-finished': {
        const row = this.row(event.region);
        row.state = event.state;
        row.reason = event.reason;
        // Why it ended so comes first: it names what to grant or fix, and the calls that failed follow it.
        if (event.reason) row.problems = new Map([[event.reason, (row.problems.get(event.reason) ?? 0) + 1], ...[...row.problems].filter(([problem]) => problem !== event.reason)]);
        return;
      }
      case 'call': {
        this.calls++;
        this.countCall();
        const row = this.row(event.region);
        row.calls++;
        if (row.state === 'queued') row.state = 'running';
        if (!event.ok) {
          this.failedCalls++;
          row.failedCalls++;
          const problem = `${event.api} failed`;
          row.problems.set(problem, (row.problems.get(problem) ?? 0) + 1);
        }
        return;
      }
      case 'retry':
        this.retries++;
        return;
      case 'throttled':
        this.throttles++;
        return;
      case 'finding':
        this.add(event.finding);
        return;
      case 'scan-finished':
        this.finishedAt = this.now();
        return;
    }
  }

  /** Regions in the order they were named, the global services first. */
  rows(): RegionRow[] {
    const rows = [...this.regions.values()];
    const global = rows.findIndex((row) => row.name === GLOBAL);
    if (global > 0) rows.unshift(...rows.splice(global, 1));
    return rows;
  }

  /** Calls a second over the last few seconds. */
  callRate(): number {
    const second = Math.floor(this.now() / 1000);
    const recent = this.perSecond.filter(([s]) => s > second - RATE_WINDOW_S && s < second);
    const span = Math.min(RATE_WINDOW_S - 1, Math.max(1, second - Math.floor(this.startedAt / 1000)));
    return recent.reduce((sum, [, count]) => sum + count, 0) / span;
  }

  /**
   * How far the scan is, 0 to 1, by work: what each region knows it has to do (a finished one, what it did), and for
   * a region not started yet, as much as the started ones on average.
   */
  progress(): number {
    const rows = [...this.regions.values()];
    const started = rows.filter((row) => row.state !== 'queued');
    if (started.length === 0) return 0;
    const finished = (row: RegionRow) => row.state !== 'running';
    // A running region has work left, if only the call that ends it: it never counts as done before it is.
    const work = (row: RegionRow) => Math.max(row.known, finished(row) ? row.done : row.done + 1, 1);
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    const known = sum(started.map(work));
    const total = known + ((rows.length - started.length) * known) / started.length;
    return sum(started.map((row) => (finished(row) ? work(row) : row.done))) / total;
  }

  /**
   * Milliseconds left, guessed from the pace so far; undefined until there is a pace to go by. While a region is still
   * running it is at least a second, so the clock never reads 0:00 before the scan has ended.
   */
  eta(activeMs: number): number | undefined {
    const done = this.progress();
    if (this.finishedAt !== undefined) return 0;
    if (done < 0.05 || activeMs < 2000) return undefined;
    return Math.max(1000, (activeMs * (1 - done)) / done);
  }

  private add(finding: Finding): void {
    this.tally.add(finding);
    const row = this.row(finding.region);
    if (finding.muted) return;
    if (finding.status === 'PASS') row.pass++;
    else {
      if (finding.status === 'FAIL') {
        row.fails[finding.severity]++;
        this.feed.push(finding);
        if (this.feed.length > FEED) this.feed.shift();
      } else row.manual++;
      row.findingCount++;
      if (row.findings.length < REGION_FINDINGS) row.findings.push(finding);
    }
  }

  private row(name: string): RegionRow {
    let row = this.regions.get(name);
    if (!row) {
      row = {
        name,
        state: 'queued',
        done: 0,
        known: 0,
        calls: 0,
        failedCalls: 0,
        fails: Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>,
        pass: 0,
        manual: 0,
        problems: new Map(),
        findings: [],
        findingCount: 0,
      };
      this.regions.set(name, row);
    }
    return row;
  }

  private countCall(): void {
    const second = Math.floor(this.now() / 1000);
    const last = this.perSecond.at(-1);
    if (last && last[0] === second) last[1]++;
    else this.perSecond.push([second, 1]);
    while (this.perSecond.length > RATE_WINDOW_S + 1) this.perSecond.shift();
  }
}
