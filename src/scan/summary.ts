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

export function summarise(findings: readonly Finding[]): ServiceSummary[] {
  const byService = new Map<string, ServiceSummary>();
  for (const finding of findings) {
    let row = byService.get(finding.service);
    if (!row) {
      row = { service: finding.service, pass: 0, fail: Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>, manual: 0, muted: 0 };
      byService.set(finding.service, row);
    }
    if (finding.muted) row.muted++;
    else if (finding.status === 'PASS') row.pass++;
    else if (finding.status === 'FAIL') row.fail[finding.severity]++;
    else row.manual++;
  }
  return [...byService.values()];
}

/** How a CIS requirement was covered by this scan. */
export interface Coverage {
  id: string;
  title: string;
  state: 'automated' | 'manual' | 'blocked' | 'not covered';
  /** For automated: PASS/FAIL counts; for blocked: what was missing; for manual: why a person must look. */
  detail: string;
}

export function coverage(findings: readonly Finding[], checks: readonly CheckDefinition<unknown>[]): Coverage[] {
  return CIS_REQUIREMENTS.map((requirement) => {
    const mapped = checks.filter((check) => check.cis.includes(requirement.id));
    const results = findings.filter((f) => f.compliance[CIS_LABEL]?.includes(requirement.id));
    const base = { id: requirement.id, title: requirement.title };
    if (mapped.length === 0) {
      return { ...base, state: 'not covered', detail: requirement.assessment === 'Manual' ? 'a manual control: review it by hand' : 'no check in this version' };
    }
    const manual = results.filter((f) => f.status === 'MANUAL');
    const blocked = manual.find((f) => /missing permission|could not|did not answer/.test(f.statusExtended));
    if (blocked) return { ...base, state: 'blocked', detail: blocked.statusExtended };
    if (results.length > 0 && manual.length === results.length) return { ...base, state: 'manual', detail: manual[0].statusExtended };
    const pass = results.filter((f) => f.status === 'PASS').length;
    const fail = results.filter((f) => f.status === 'FAIL').length;
    return { ...base, state: 'automated', detail: `${mapped.map((c) => c.id).join(', ')}: ${pass} pass, ${fail} fail` };
  });
}

/** Unmuted FAIL findings: what makes a scan exit 3. */
export function unmutedFailures(findings: readonly Finding[]): number {
  return findings.filter((f) => f.status === 'FAIL' && !f.muted).length;
}
