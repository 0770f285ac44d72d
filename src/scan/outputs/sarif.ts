/**
 * SARIF 2.1.0 that GitHub code scanning accepts. A cloud finding has no source file, so, as trivy does for its cloud
 * scans, the resource's ARN stands in the artifact location with line 1 (GitHub rejects results that have only
 * logical locations).
 *
 * Only FAIL findings become results: code scanning turns every result into an alert to fix, and a PASS or a MANUAL
 * ("a person must look") has nothing a change could close, so it would stand open for ever. MANUAL findings are in the
 * HTML, CSV and OCSF files. A muted FAIL stays in, suppressed (`suppressions`), so the alert is closed as dismissed
 * rather than vanishing.
 */
import type { CheckMetadata, Finding, Severity } from '../model.js';
import { INFORMATION_URI, checkOf, joinChunks, type ScanReport } from './common.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/**
 * GitHub's security severity, a CVSS-like score: above 9.0 is critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low.
 * Critical is 9.5 rather than 9.0, which sits on the boundary; informational is 0.0, which GitHub shows with no
 * security severity (its level, note, still shows).
 */
export const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '7.0',
  medium: '4.0',
  low: '2.0',
  informational: '0.0',
};

export type SarifLevel = 'error' | 'warning' | 'note';

/** SARIF's own level: error for what must be fixed now, warning for medium, note for the rest (as trivy does). */
export const SARIF_LEVEL: Record<Severity, SarifLevel> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  informational: 'note',
};

/** The partialFingerprints key: the finding uid is already stable across scans of the same thing. */
export const FINGERPRINT_KEY = 'aliauditFindingUid/v1';

/** Whether a finding becomes a SARIF result. */
export function inSarif(finding: Finding): boolean {
  return finding.status === 'FAIL';
}

/** GitHub rejects a whole file whose run has more results than this, and a rule with more tags than 20. */
export const MAX_SARIF_RESULTS = 25_000;
const MAX_RULE_TAGS = 20;

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, informational: 4 };

/**
 * The findings that become results, in report order: every FAIL, or when there are more than GitHub takes, the most
 * severe unmuted ones first (the run then says how many were left out; the other formats hold them all). One pass
 * over the findings; with each chosen index comes its check's metadata, so the rules need no second look.
 */
function selectResults(report: ScanReport, limit: number): { chosen: number[]; checkOfResult: Map<number, CheckMetadata>; omitted: number } {
  const failing: number[] = [];
  const ranks: number[] = [];
  const checkIds: string[] = [];
  const metadata = new Map<string, CheckMetadata>();
  let index = 0;
  for (const finding of report.findings) {
    if (inSarif(finding)) {
      failing.push(index);
      ranks.push((finding.muted ? 10 : 0) + (SEVERITY_RANK[finding.severity] ?? 5));
      checkIds.push(finding.checkId);
      if (!metadata.has(finding.checkId)) metadata.set(finding.checkId, { ...checkOf(report, finding), id: finding.checkId });
    }
    index++;
  }
  let picked = failing.map((_, i) => i);
  if (failing.length > limit) picked = picked.sort((a, b) => ranks[a] - ranks[b] || a - b).slice(0, limit).sort((a, b) => a - b);
  const checkOfResult = new Map(picked.map((i) => [failing[i], metadata.get(checkIds[i])!]));
  return { chosen: picked.map((i) => failing[i]), checkOfResult, omitted: failing.length - picked.length };
}

/** The chosen findings, in report order, from one pass over them all. */
function* chosenFindings(report: ScanReport, chosen: readonly number[]): Generator<Finding> {
  let next = 0;
  let index = 0;
  for (const finding of report.findings) {
    if (next >= chosen.length) return;
    if (index++ === chosen[next]) {
      next++;
      yield finding;
    }
  }
}

/** An ARN as a URI reference: it already is one (scheme `acs`), but a space or other odd character gets escaped. */
function artifactUri(resourceUid: string): string {
  // encodeURI throws on a lone surrogate: such a character becomes U+FFFD first.
  const wellFormed = resourceUid.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  return encodeURI(wellFormed || 'unknown').replace(/[#?[\]]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function helpText(check: CheckMetadata): { text: string; markdown: string } {
  const url = check.remediation.url;
  const parts = [check.remediation.text, check.risk ? `Risk: ${check.risk}` : '', url ? `More: ${url}` : ''];
  const markdownParts = [
    check.remediation.text,
    check.risk ? `**Risk:** ${check.risk}` : '',
    url ? `[More information](${url})` : '',
  ];
  return {
    text: parts.filter(Boolean).join('\n\n') || check.title,
    markdown: markdownParts.filter(Boolean).join('\n\n') || check.title,
  };
}

function sarifRule(check: CheckMetadata): Record<string, unknown> {
  const cis = check.cis.map((id) => `CIS-2.0 ${id}`);
  return {
    id: check.id,
    name: check.id,
    shortDescription: { text: check.title },
    fullDescription: { text: check.description || check.title },
    help: helpText(check),
    ...(check.remediation.url ? { helpUri: check.remediation.url } : {}),
    defaultConfiguration: { level: SARIF_LEVEL[check.severity] },
    properties: {
      'security-severity': SECURITY_SEVERITY[check.severity],
      precision: 'very-high',
      'problem.severity': SARIF_LEVEL[check.severity] === 'note' ? 'recommendation' : SARIF_LEVEL[check.severity],
      tags: [...new Set(['security', 'cloud', 'alibabacloud', check.service, ...check.categories, ...cis])].slice(0, MAX_RULE_TAGS),
    },
  };
}

function sarifResult(finding: Finding, ruleIndex: number): Record<string, unknown> {
  return {
    ruleId: finding.checkId,
    ruleIndex,
    level: SARIF_LEVEL[finding.severity],
    message: { text: finding.statusExtended || finding.checkId },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: artifactUri(finding.resource.uid) },
          region: { startLine: 1 },
        },
        logicalLocations: [
          { name: finding.resource.name, fullyQualifiedName: finding.resource.uid, kind: finding.resource.type },
        ],
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: finding.uid },
    ...(finding.muted ? { suppressions: [{ kind: 'external', status: 'accepted', justification: 'muted by the mutelist' }] } : {}),
    properties: {
      region: finding.region,
      accountUid: finding.accountUid,
      severity: finding.severity,
      ...(finding.remediationCli ? { remediationCli: finding.remediationCli } : {}),
    },
  };
}

/** The run without its results, and the rule index of each check that has one. */
function runParts(
  report: ScanReport,
  limit: number,
): { run: Record<string, unknown>; ruleIndex: Map<string, number>; chosen: number[] } {
  const { info } = report;
  const { chosen, checkOfResult, omitted } = selectResults(report, limit);
  const ruleIndex = new Map<string, number>();
  const rules: Record<string, unknown>[] = [];
  for (const index of chosen) {
    const check = checkOfResult.get(index)!;
    if (ruleIndex.has(check.id)) continue;
    ruleIndex.set(check.id, rules.length);
    rules.push(sarifRule(check));
  }
  const notifications = info.incompleteReasons.map((reason) => ({ level: 'warning', message: { text: `Scan incomplete: ${reason}` } }));
  if (omitted > 0) {
    notifications.push({
      level: 'warning',
      message: {
        text: `${omitted} less severe FAIL findings were left out: GitHub code scanning rejects a run of more than ${limit} results. The CSV, OCSF and HTML outputs hold them all.`,
      },
    });
  }
  const run: Record<string, unknown> = {
    tool: {
      driver: {
        name: 'aliaudit',
        version: info.tool.version,
        semanticVersion: info.tool.version,
        informationUri: INFORMATION_URI,
        rules,
      },
    },
    // GitHub keeps one set of alerts per category: one per account, so scanning a second account does not close the
    // first one's alerts.
    automationDetails: { id: `aliaudit/alibabacloud/${info.accountUid}/` },
    invocations: [
      {
        executionSuccessful: info.complete,
        startTimeUtc: info.startedAt,
        endTimeUtc: info.finishedAt,
        ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
      },
    ],
    properties: {
      scanId: info.scanId,
      accountUid: info.accountUid,
      ...(info.accountName ? { accountName: info.accountName } : {}),
      identityArn: info.identityArn,
      regions: info.regions,
      complete: info.complete,
      ...(info.complete ? {} : { incompleteReasons: info.incompleteReasons, incompleteScopes: info.incompleteScopes ?? [] }),
      ...(omitted > 0 ? { omittedResults: omitted } : {}),
    },
  };
  return { run, ruleIndex, chosen };
}

export interface SarifOptions {
  /** At most this many results (default: GitHub's limit, {@link MAX_SARIF_RESULTS}). */
  maxResults?: number;
}

/** The report as a SARIF log object. */
export function toSarif(report: ScanReport, options: SarifOptions = {}): object {
  const { run, ruleIndex, chosen } = runParts(report, options.maxResults ?? MAX_SARIF_RESULTS);
  const results = Array.from(chosenFindings(report, chosen), (finding) => sarifResult(finding, ruleIndex.get(finding.checkId)!));
  return { $schema: SARIF_SCHEMA, version: '2.1.0', runs: [{ ...run, results }] };
}

/** The `.sarif` text in pieces: the run's head, then one result per line. */
export function* sarifChunks(report: ScanReport, options: SarifOptions = {}): Generator<string> {
  const { run, ruleIndex, chosen } = runParts(report, options.maxResults ?? MAX_SARIF_RESULTS);
  const head = Object.entries(run)
    .map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`)
    .join(',');
  yield `{"$schema":${JSON.stringify(SARIF_SCHEMA)},"version":"2.1.0","runs":[{${head},"results":[`;
  let first = true;
  for (const finding of chosenFindings(report, chosen)) {
    yield (first ? '\n' : ',\n') + JSON.stringify(sarifResult(finding, ruleIndex.get(finding.checkId)!));
    first = false;
  }
  yield first ? ']}]}\n' : '\n]}]}\n';
}

/** The whole `.sarif` text. */
export function toSarifJson(report: ScanReport, options: SarifOptions = {}): string {
  return joinChunks(sarifChunks(report, options));
}
