import type { CheckDefinition } from './checks/check.js';
import { CIS_REQUIREMENTS } from './compliance.js';
import { OWNER } from './services/index.js';
import { CIS_LABEL, type Finding, type IncompleteScope, SEVERITIES, type Severity } from './model.js';

/** Counts for one service: passes, failures by severity, manual, muted. */
export interface ServiceSummary {
  service: string;
  pass: number;
  fail: Record<Severity, number>;
  manual: number;
  muted: number;
}

/** How a CIS requirement was covered by this scan. */
export interface Coverage {
  id: string;
  title: string;
  /** `not run`: it has checks, but none ran (left out by the filters, or the scan ended before them). */
  state: 'automated' | 'manual' | 'blocked' | 'not run' | 'not covered';
  /** For automated: PASS/FAIL counts; for blocked: what was missing, and where; for manual: why a person must look. */
  detail: string;
  /** The checks of the requirement that this scan ran. */
  checks: string[];
}

/** What coverage is measured against: every check there is, those the scan ran, and whether it got to them. */
export interface CoverageScope {
  all: readonly CheckDefinition<unknown>[];
  ran: readonly CheckDefinition<unknown>[];
  incomplete?: readonly IncompleteScope[];
}

/** Why a finding is MANUAL, in words that hold for every region (the region is counted apart), and whether data was missing. */
export interface ManualReason {
  text: string;
  blocked: boolean;
}

interface RequirementCounts {
  pass: number;
  fail: number;
  manual: number;
  /** The regions of its MANUAL findings, by reason: counted whole, so a row never depends on which region came first. */
  manualWhy: Map<string, Set<string>>;
  blockedWhy: Map<string, Set<string>>;
}

const BLOCKED = /missing permission|could not|did not answer/;
/** Past this many regions a row gives their number rather than their names. */
const NAMED_REGIONS = 3;

/**
 * What the summary and coverage tables and the exit code need, counted as findings are made: the findings
 * themselves may be on disk by the time the scan ends.
 */
export class ScanTally {
  private readonly services = new Map<string, ServiceSummary>();
  private readonly requirements = new Map<string, RequirementCounts>();
  total = 0;
  /** Unmuted FAIL findings: what makes a scan exit 3. */
  unmutedFailures = 0;

  /** Counts a finding; a MANUAL one with why it is, when the engine knows (else its own words are the reason). */
  add(finding: Finding, reason?: ManualReason): void {
    this.total++;
    let row = this.services.get(finding.service);
    if (!row) {
      row = { service: finding.service, pass: 0, fail: Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>, manual: 0, muted: 0 };
      this.services.set(finding.service, row);
    }
    if (finding.muted) row.muted++;
    else if (finding.status === 'PASS') row.pass++;
    else if (finding.status === 'FAIL') row.fail[finding.severity]++;
    else row.manual++;
    if (finding.status === 'FAIL' && !finding.muted) this.unmutedFailures++;
    for (const id of finding.compliance[CIS_LABEL] ?? []) {
      let counts = this.requirements.get(id);
      if (!counts) this.requirements.set(id, (counts = { pass: 0, fail: 0, manual: 0, manualWhy: new Map(), blockedWhy: new Map() }));
      if (finding.status === 'PASS') counts.pass++;
      else if (finding.status === 'FAIL') counts.fail++;
      else {
        counts.manual++;
        const why = reason ?? { text: finding.statusExtended, blocked: BLOCKED.test(finding.statusExtended) };
        const byWhy = why.blocked ? counts.blockedWhy : counts.manualWhy;
        if (!byWhy.has(why.text)) byWhy.set(why.text, new Set());
        byWhy.get(why.text)!.add(finding.region);
      }
    }
  }

  summary(): ServiceSummary[] {
    return [...this.services.values()];
  }

  /** Every CIS requirement, and how this scan covered it: by which of the checks it ran, and with what result. */
  coverage(scope: CoverageScope): Coverage[] {
    const ran = new Set(scope.ran.map((check) => check.id));
    return CIS_REQUIREMENTS.map((requirement): Coverage => {
      const mapped = scope.all.filter((check) => check.cis?.includes(requirement.id));
      const run = mapped.filter((check) => ran.has(check.id));
      const ids = (checks: readonly CheckDefinition<unknown>[]) => checks.map((c) => c.id).join(', ');
      const base = { id: requirement.id, title: requirement.title, checks: run.map((check) => check.id) };
      if (mapped.length === 0) {
        const planned = requirement.checks.length > 0 ? `; ${requirement.checks.join(', ')} not in this version yet` : '';
        return { ...base, state: 'not covered', detail: `${requirement.assessment === 'Manual' ? 'a manual control: review it by hand' : 'no check in this version'}${planned}` };
      }
      if (run.length === 0) return { ...base, state: 'not run', detail: `${ids(mapped)}: left out by the filters` };
      const counts = this.requirements.get(requirement.id);
      const unfinished = [...new Set((scope.incomplete ?? []).filter((part) => !part.service || run.some((check) => (OWNER.get(check.id)?.id ?? check.service) === part.service)).map((part) => part.state))];
      if (!counts) {
        if (unfinished.length > 0) return { ...base, state: 'not run', detail: `${ids(run)}: the scan ended before it (${unfinished.join(', ')})` };
        return { ...base, state: 'automated', detail: `${ids(run)}: no resource to check` };
      }
      const partial = unfinished.length > 0 ? `; incomplete (${unfinished.join(', ')})` : '';
      if (counts.blockedWhy.size > 0) return { ...base, state: 'blocked', detail: `${reasons(counts.blockedWhy)}${partial}` };
      if (counts.manual > 0 && counts.pass + counts.fail === 0) return { ...base, state: 'manual', detail: `${reasons(counts.manualWhy)}${partial}` };
      return { ...base, state: 'automated', detail: `${ids(run)}: ${counts.pass} pass, ${counts.fail} fail${partial}` };
    });
  }
}

/** Past this many reasons a row counts the rest. */
const NAMED_REASONS = 3;

/**
 * `cn-hangzhou, cn-shanghai: missing permission ecs:DescribeDisks; 20 regions: …`: each reason where it holds, a
 * missing permission (what the user can grant) first, then those of the most regions.
 */
function reasons(byWhy: Map<string, Set<string>>): string {
  const granted = (text: string) => Number(text.startsWith('missing permission'));
  const sorted = [...byWhy].sort(([a, ra], [b, rb]) => granted(b) - granted(a) || rb.size - ra.size || a.localeCompare(b));
  const shown = sorted.slice(0, NAMED_REASONS).map(([text, regions]) => `${where(regions)}: ${text}`);
  const more = sorted.length - shown.length;
  return `${shown.join('; ')}${more ? ` (and ${more} other reason${more === 1 ? '' : 's'})` : ''}`;
}

/** The regions named, the global services first, or how many there are. */
function where(regions: Set<string>): string {
  const sorted = [...regions].sort((a, b) => Number(b === 'global') - Number(a === 'global') || a.localeCompare(b));
  if (sorted.length <= NAMED_REGIONS) return sorted.join(', ');
  return sorted[0] === 'global' ? `global and ${sorted.length - 1} regions` : `${sorted.length} regions`;
}
