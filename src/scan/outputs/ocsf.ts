/**
 * JSON-OCSF as Prowler writes it (prowler/lib/outputs/ocsf/ocsf.py): a JSON array of OCSF Detection Findings
 * (class 2004), one per finding, so the tools that ingest Prowler's `*.ocsf.json` ingest ours. An incomplete scan's
 * array starts with a MANUAL `aliaudit_scan_incomplete` record per region or service it could not read.
 */
import type { Finding, Severity } from '../model.js';
import { PROVIDER, checkOf, epochSeconds, joinChunks, withMarkers, type ScanReport } from './common.js';

/** OCSF severity_id and its caption. */
const OCSF_SEVERITY: Record<Severity, { id: number; name: string }> = {
  informational: { id: 1, name: 'Informational' },
  low: { id: 2, name: 'Low' },
  medium: { id: 3, name: 'Medium' },
  high: { id: 4, name: 'High' },
  critical: { id: 5, name: 'Critical' },
};

/** OCSF's version these records follow. */
export const OCSF_VERSION = '1.4.0';

/** The account type Prowler gives every provider that OCSF has no type for. */
const ACCOUNT_TYPE = { id: 99, name: 'Other' };

/** Prowler's unroll_dict_to_list: `key: value` per tag. */
function labels(tags: Readonly<Record<string, string>> | undefined): string[] {
  return Object.entries(tags ?? {}).map(([key, value]) => `${key}: ${value}`);
}

/** One finding as an OCSF Detection Finding. */
export function ocsfFinding(report: ScanReport, finding: Finding): Record<string, unknown> {
  const { info } = report;
  const check = checkOf(report, finding);
  const severity = OCSF_SEVERITY[finding.severity] ?? { id: 0, name: 'Unknown' };
  const time = epochSeconds(finding.timestamp) ?? epochSeconds(info.finishedAt) ?? 0;
  const accountName = finding.accountName ?? info.accountName;
  return {
    message: finding.statusExtended,
    metadata: {
      event_code: finding.checkId,
      product: { uid: 'aliaudit', name: 'aliaudit', vendor_name: 'aliaudit', version: info.tool.version },
      profiles: ['cloud', 'datetime'],
      version: OCSF_VERSION,
    },
    severity_id: severity.id,
    severity: severity.name,
    status: finding.muted ? 'Suppressed' : 'New',
    status_code: finding.status,
    status_detail: finding.statusExtended,
    status_id: finding.muted ? 3 : 1,
    unmapped: {
      compliance: finding.compliance,
      categories: check.categories,
      related_url: check.remediation.url ?? '',
      ...(finding.remediationCli ? { remediation_code_cli: finding.remediationCli } : {}),
      scan_id: info.scanId,
      // A finding from an interrupted scan, or one that skipped regions, says so itself: the absence of a FAIL
      // elsewhere proves nothing then.
      scan_complete: info.complete,
      ...(info.complete ? {} : { scan_incomplete_reasons: info.incompleteReasons }),
    },
    activity_name: 'Create',
    activity_id: 1,
    finding_info: {
      created_time: time,
      created_time_dt: finding.timestamp,
      desc: check.description,
      name: finding.resource.name,
      title: check.title,
      types: check.categories,
      uid: finding.uid,
      analytic: { uid: finding.checkId, name: finding.checkId, type: 'Rule', type_id: 1, category: finding.service },
    },
    resources: [
      {
        region: finding.region,
        data: { details: finding.resource.details ?? '' },
        group: { name: finding.service },
        labels: labels(finding.resource.tags),
        name: finding.resource.name,
        type: finding.resource.type,
        uid: finding.resource.uid,
      },
    ],
    category_name: 'Findings',
    category_uid: 2,
    class_name: 'Detection Finding',
    class_uid: 2004,
    cloud: {
      account: {
        ...(accountName ? { name: accountName } : {}),
        type: ACCOUNT_TYPE.name,
        type_id: ACCOUNT_TYPE.id,
        uid: finding.accountUid,
        labels: [],
      },
      provider: PROVIDER,
      region: finding.region,
    },
    time,
    time_dt: finding.timestamp,
    remediation: {
      desc: check.remediation.text,
      references: check.remediation.url ? [check.remediation.url] : [],
    },
    risk_details: check.risk,
    type_uid: 200401,
    type_name: 'Detection Finding: Create',
  };
}

/** The report as OCSF records, one per finding, after a MANUAL marker per scope an incomplete scan could not read. */
export function toOcsf(report: ScanReport): object[] {
  return Array.from(withMarkers(report), (finding) => ocsfFinding(report, finding));
}

/** The `.ocsf.json` text in pieces: a JSON array with one record per line, built one record at a time. */
export function* ocsfChunks(report: ScanReport): Generator<string> {
  if (report.findings.length === 0 && report.info.complete) {
    yield '[]\n';
    return;
  }
  yield '[\n';
  let first = true;
  for (const finding of withMarkers(report)) {
    yield (first ? '' : ',\n') + JSON.stringify(ocsfFinding(report, finding));
    first = false;
  }
  yield '\n]\n';
}

/** The whole `.ocsf.json` text. */
export function toOcsfJson(report: ScanReport): string {
  return joinChunks(ocsfChunks(report));
}
