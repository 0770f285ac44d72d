import type { CheckDefinition } from './checks/check.js';
import { CIS_REQUIREMENTS, CIS_SECTIONS, type Requirement, sectionOf } from './compliance.js';
import { OWNER, SCAN_SERVICES } from './services/index.js';
import { CIS_LABEL, type Finding, type IncompleteScope, SEVERITIES, type Severity } from './model.js';

/** Counts for one service: passes, failures by severity, manual, muted. */
export interface ServiceSummary {
  service: string;
  pass: number;
  fail: Record<Severity, number>;
  manual: number;
  muted: number;
}

/**
 * How a requirement is covered. `not run`: it has checks, but none ran (left out by the filters, or the scan ended
 * before them); `not covered yet`: the framework names checks for it that this version does not have; `not covered`:
 * no check answers it (a manual control, or one no tool can read).
 */
export const COVERAGE_STATES = ['automated', 'manual', 'blocked', 'not run', 'not covered yet', 'not covered'] as const;
export type CoverageState = (typeof COVERAGE_STATES)[number];

/** How a CIS requirement was covered by this scan. */
export interface Coverage {
  id: string;
  title: string;
  state: CoverageState;
  /**
   * For automated: PASS/FAIL counts; for blocked: what was missing, and where; for manual: why a person must look;
   * for not covered yet: the checks this version lacks. Always ids and words, so it wraps at spaces and is never cut.
   */
  detail: string;
  /** The checks of the requirement that this scan ran. */
  checks: string[];
}

/** What coverage needs of a check: a definition, or the metadata a report keeps of it. */
export type CoverageCheck = Pick<CheckDefinition<unknown>, 'id' | 'service'> & { cis?: readonly string[] };

/** What coverage is measured against: every check there is, those the scan ran, and whether it got to them. */
export interface CoverageScope {
  all: readonly CoverageCheck[];
  ran: readonly CoverageCheck[];
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
      const { mapped, lacking, uncovered } = planned(requirement, scope.all);
      const run = mapped.filter((check) => ran.has(check.id));
      const base = { id: requirement.id, title: requirement.title, checks: run.map((check) => check.id) };
      if (uncovered) return { ...base, ...uncovered };
      if (run.length === 0) return { ...base, state: 'not run', detail: `${ids(mapped)}: left out by the filters${lacking}` };
      const counts = this.requirements.get(requirement.id);
      const unfinished = [...new Set((scope.incomplete ?? []).filter((part) => !part.service || run.some((check) => (OWNER.get(check.id)?.id ?? check.service) === part.service)).map((part) => part.state))];
      if (!counts) {
        if (unfinished.length > 0) return { ...base, state: 'not run', detail: `${ids(run)}: the scan ended before it (${unfinished.join(', ')})${lacking}` };
        return { ...base, state: 'automated', detail: `${ids(run)}: no resource to check${lacking}` };
      }
      const partial = `${unfinished.length > 0 ? `; incomplete (${unfinished.join(', ')})` : ''}${lacking}`;
      if (counts.blockedWhy.size > 0) return { ...base, state: 'blocked', detail: `${reasons(counts.blockedWhy)}${partial}` };
      if (counts.manual > 0 && counts.pass + counts.fail === 0) return { ...base, state: 'manual', detail: `${reasons(counts.manualWhy)}${partial}` };
      return { ...base, state: 'automated', detail: `${ids(run)}: ${counts.pass} pass, ${counts.fail} fail${partial}` };
    });
  }
}

const ids = (checks: readonly CoverageCheck[]) => checks.map((check) => check.id).join(', ');

/**
 * What this version has for a requirement: its checks here, the detail's tail naming those the framework lists that
 * it lacks, and, when it has none, the row that says so.
 */
function planned(requirement: Requirement, all: readonly CoverageCheck[]) {
  const mapped = all.filter((check) => check.cis?.includes(requirement.id));
  const missing = requirement.checks.filter((id) => !mapped.some((check) => check.id === id));
  const lacking = missing.length > 0 && mapped.length > 0 ? `; ${missing.join(', ')}: not in this version yet` : '';
  const uncovered: Pick<Coverage, 'state' | 'detail'> | undefined =
    mapped.length > 0
      ? undefined
      : missing.length > 0
        ? { state: 'not covered yet', detail: `${missing.join(', ')}: not in this version yet` }
        : { state: 'not covered', detail: requirement.assessment === 'Manual' ? 'a manual control: review it by hand' : 'no check in this version' };
  return { mapped, missing, lacking, uncovered };
}

/** What `--list-compliance` lists: each requirement, the checks of this version that answer it, and those it lacks. */
export interface PlannedCoverage {
  id: string;
  title: string;
  assessment: Requirement['assessment'];
  /** automated when this version has a check for it; else not covered yet (the framework names one) or not covered. */
  state: Extract<CoverageState, 'automated' | 'not covered yet' | 'not covered'>;
  checks: string[];
  /** The checks the framework lists that this version does not have. */
  lacking: string[];
}

export function plannedCoverage(all: readonly CoverageCheck[]): PlannedCoverage[] {
  return CIS_REQUIREMENTS.map((requirement) => {
    const { mapped, missing, uncovered } = planned(requirement, all);
    const state = uncovered ? (uncovered.state as PlannedCoverage['state']) : 'automated';
    return { id: requirement.id, title: requirement.title, assessment: requirement.assessment, state, checks: mapped.map((check) => check.id), lacking: missing };
  });
}

/** One CIS section's requirements counted by how they were covered. */
export interface SectionCoverage {
  id: string;
  title: string;
  requirements: number;
  states: Record<CoverageState, number>;
}

/**
 * The sections of the rows, in the benchmark's order, each with its rows counted by state; a section none of the
 * rows is in (a rescan's coverage holds only what it ran again) is left out. The scan summary, the HTML report and
 * `findings --summary` all count sections here.
 */
export function sectionCoverage(rows: readonly Pick<Coverage, 'id' | 'state'>[]): SectionCoverage[] {
  return CIS_SECTIONS.flatMap((section) => {
    const own = rows.filter((row) => sectionOf(row.id) === section.id);
    if (own.length === 0) return [];
    const states = Object.fromEntries(COVERAGE_STATES.map((state) => [state, own.filter((row) => row.state === state).length])) as Record<CoverageState, number>;
    return [{ id: section.id, title: section.title, requirements: own.length, states }];
  });
}

/** `automated 15 of 16, blocked 1`: how many of its requirements are automated, then the other states it has. */
export function sectionCounts(section: SectionCoverage): string {
  const others = COVERAGE_STATES.filter((state) => state !== 'automated' && section.states[state] > 0).map((state) => `${state} ${section.states[state]}`);
  return [`automated ${section.states.automated} of ${section.requirements}`, ...others].join(', ');
}

/** `1 Identity and Access Management: automated 15 of 16, blocked 1`. */
export function sectionLine(section: SectionCoverage): string {
  return `${section.id} ${section.title}: ${sectionCounts(section)}`;
}

/** A service as people name it: the registry's name, else its id upper-cased (a finding of a service not listed). */
export function serviceName(id: string): string {
  return SCAN_SERVICES.find((service) => service.id === id)?.name ?? id.toUpperCase();
}

/** The registry's order of services, unknown ones last: lists of services keep their places as a scan goes on. */
export function serviceOrder(id: string): number {
  const index = SCAN_SERVICES.findIndex((service) => service.id === id);
  return index < 0 ? SCAN_SERVICES.length : index;
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
