import type { CheckDefinition } from './checks/check.js';
import { CIS_REQUIREMENTS } from './compliance.js';
import { CIS_LABEL, type Finding, SEVERITIES, type Severity } from './model.js';

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
  state: 'automated' | 'manual' | 'blocked' | 'not covered';
  /** For automated: PASS/FAIL counts; for blocked: what was missing; for manual: why a person must look. */
  detail: string;
}

interface RequirementCounts {
  pass: number;
  fail: number;
  manual: number;
  /** The first MANUAL finding's reason, and the first that says something could not be read. */
  manualDetail?: string;
  blockedDetail?: string;
}

const BLOCKED = /missing permission|could not|did not answer/;

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

  add(finding: Finding): void {
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
      if (!counts) this.requirements.set(id, (counts = { pass: 0, fail: 0, manual: 0 }));
      if (finding.status === 'PASS') counts.pass++;
      else if (finding.status === 'FAIL') counts.fail++;
      else {
        counts.manual++;
        counts.manualDetail ??= finding.statusExtended;
        if (BLOCKED.test(finding.statusExtended)) counts.blockedDetail ??= finding.statusExtended;
      }
    }
  }

  summary(): ServiceSummary[] {
    return [...this.services.values()];
  }

  coverage(checks: readonly CheckDefinition<unknown>[]): Coverage[] {
    return CIS_REQUIREMENTS.map((requirement) => {
      const mapped = checks.filter((check) => check.cis.includes(requirement.id));
      const counts = this.requirements.get(requirement.id) ?? { pass: 0, fail: 0, manual: 0 };
      const base = { id: requirement.id, title: requirement.title };
      if (mapped.length === 0) {
        return { ...base, state: 'not covered', detail: requirement.assessment === 'Manual' ? 'a manual control: review it by hand' : 'no check in this version' };
      }
      if (counts.blockedDetail) return { ...base, state: 'blocked', detail: counts.blockedDetail };
      if (counts.manual > 0 && counts.pass + counts.fail === 0) return { ...base, state: 'manual', detail: counts.manualDetail! };
      return { ...base, state: 'automated', detail: `${mapped.map((c) => c.id).join(', ')}: ${counts.pass} pass, ${counts.fail} fail` };
    });
  }
}
