/**
 * CSV as Prowler writes it (prowler/lib/outputs/csv/csv.py): its columns in its order, `;` between cells, lists
 * joined with ` | `, MUTED as Python prints a bool, CRLF line ends, and a cell quoted only when it holds `;`, `"`
 * or a line break (RFC 4180, as Python's csv module does it). Columns aliaudit has nothing for stay empty.
 */
import { csvField } from '../../core/visible.js';
import type { Finding } from '../model.js';
import { PROVIDER, checkOf, complianceText, joinChunks, joinList, tagsText, withMarkers, type ScanReport } from './common.js';

export const CSV_COLUMNS = [
  'AUTH_METHOD',
  'TIMESTAMP',
  'ACCOUNT_UID',
  'ACCOUNT_NAME',
  'ACCOUNT_EMAIL',
  'ACCOUNT_ORGANIZATION_UID',
  'ACCOUNT_ORGANIZATION_NAME',
  'ACCOUNT_TAGS',
  'FINDING_UID',
  'PROVIDER',
  'CHECK_ID',
  'CHECK_TITLE',
  'CHECK_TYPE',
  'STATUS',
  'STATUS_EXTENDED',
  'MUTED',
  'SERVICE_NAME',
  'SUBSERVICE_NAME',
  'SEVERITY',
  'RESOURCE_TYPE',
  'RESOURCE_UID',
  'RESOURCE_NAME',
  'RESOURCE_DETAILS',
  'RESOURCE_TAGS',
  'PARTITION',
  'REGION',
  'DESCRIPTION',
  'RISK',
  'RELATED_URL',
  'REMEDIATION_RECOMMENDATION_TEXT',
  'REMEDIATION_RECOMMENDATION_URL',
  'REMEDIATION_CODE_NATIVEIAC',
  'REMEDIATION_CODE_TERRAFORM',
  'REMEDIATION_CODE_CLI',
  'REMEDIATION_CODE_OTHER',
  'COMPLIANCE',
  'CATEGORIES',
  'DEPENDS_ON',
  'RELATED_TO',
  'NOTES',
  'PROWLER_VERSION',
  'ADDITIONAL_URLS',
  'ACCOUNT_OU_UID',
  'ACCOUNT_OU_NAME',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

export const CSV_DELIMITER = ';';
const LINE_END = '\r\n';

/** One cell, quoted when it must be, shown visibly (see csvField). */
export function csvCell(value: string): string {
  return csvField(value, CSV_DELIMITER);
}

/** One finding's cells by column name (empty for what aliaudit does not know). */
export function csvRecord(report: ScanReport, finding: Finding): Partial<Record<CsvColumn, string>> {
  const { info } = report;
  const check = checkOf(report, finding);
  return {
    AUTH_METHOD: info.authMethod,
    TIMESTAMP: finding.timestamp,
    ACCOUNT_UID: finding.accountUid,
    ACCOUNT_NAME: finding.accountName ?? info.accountName ?? '',
    FINDING_UID: finding.uid,
    PROVIDER,
    CHECK_ID: finding.checkId,
    CHECK_TITLE: check.title,
    STATUS: finding.status,
    STATUS_EXTENDED: finding.statusExtended,
    MUTED: finding.muted ? 'True' : 'False',
    SERVICE_NAME: finding.service,
    SEVERITY: finding.severity,
    RESOURCE_TYPE: finding.resource.type,
    RESOURCE_UID: finding.resource.uid,
    RESOURCE_NAME: finding.resource.name,
    RESOURCE_DETAILS: finding.resource.details ?? '',
    RESOURCE_TAGS: tagsText(finding.resource.tags),
    REGION: finding.region,
    DESCRIPTION: check.description,
    RISK: check.risk,
    REMEDIATION_RECOMMENDATION_TEXT: check.remediation.text,
    REMEDIATION_RECOMMENDATION_URL: check.remediation.url ?? '',
    REMEDIATION_CODE_CLI: finding.remediationCli ?? '',
    COMPLIANCE: complianceText(finding.compliance),
    CATEGORIES: joinList(check.categories),
    PROWLER_VERSION: info.tool.version,
  };
}

function line(cells: readonly string[]): string {
  return cells.map(csvCell).join(CSV_DELIMITER) + LINE_END;
}

/** The `.csv` text in pieces: the header, then one line per finding. */
export function* csvChunks(report: ScanReport): Generator<string> {
  yield line(CSV_COLUMNS);
  // An incomplete scan's first rows say so: a MANUAL aliaudit_scan_incomplete row per scope it could not read.
  for (const finding of withMarkers(report)) {
    const record = csvRecord(report, finding);
    yield line(CSV_COLUMNS.map((column) => record[column] ?? ''));
  }
}

/** The whole `.csv` text. */
export function toCsv(report: ScanReport): string {
  return joinChunks(csvChunks(report));
}
