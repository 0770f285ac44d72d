/**
 * What every output format shares: the report it is made from, the check behind a finding, and Prowler's ways of
 * writing lists, tags and compliance as text.
 */
import type { CheckMetadata, Finding, FindingList, ScanInfo } from '../model.js';

/** One scan's results, as the outputs need them. */
export interface ScanReport {
  info: ScanInfo;
  /** Read in order, once per format (a big scan's are on disk): no format needs them all in memory. */
  findings: FindingList;
  /** Check id → metadata; a finding whose check is missing here is still written, from what it carries itself. */
  checks: ReadonlyMap<string, CheckMetadata>;
}

export const PROVIDER = 'alibabacloud';
/** Where SARIF viewers send users to read about the tool: the package's page until the project has a home page. */
export const INFORMATION_URI = 'https://www.npmjs.com/package/aliaudit';

/** The check a finding came from, or what can be said of it from the finding alone. */
export function checkOf(report: ScanReport, finding: Finding): CheckMetadata {
  const known = report.checks.get(finding.checkId);
  if (known) return known;
  return {
    id: finding.checkId,
    title: finding.checkId,
    severity: finding.severity,
    service: finding.service,
    resourceType: finding.resource.type,
    cis: Object.values(finding.compliance).flat(),
    description: '',
    risk: '',
    remediation: { text: '' },
    categories: [],
  };
}

/** Prowler's unroll_list: `a | b | c`. */
export function joinList(items: readonly string[] | undefined): string {
  return (items ?? []).join(' | ');
}

/** Prowler's unroll_dict: `key=value | key2=value2` (list values joined with `, `). */
export function joinPairs(pairs: Readonly<Record<string, string | readonly string[]>> | undefined, separator = '='): string {
  if (!pairs) return '';
  return Object.entries(pairs)
    .map(([key, value]) => `${key}${separator}${typeof value === 'string' ? value : value.join(', ')}`)
    .join(' | ');
}

/** The COMPLIANCE cell as Prowler writes it: `CIS-2.0: 1.4, 1.5 | OtherFramework: x`. */
export function complianceText(compliance: Readonly<Record<string, readonly string[]>>): string {
  return joinPairs(compliance, ': ');
}

/** Resource tags as Prowler writes them in CSV and matches them in a mutelist: `key=value | key2=value2`. */
export function tagsText(tags: Readonly<Record<string, string>> | undefined): string {
  return joinPairs(tags, '=');
}

/** Seconds since the epoch, as OCSF's `time`; undefined for a timestamp that does not parse. */
export function epochSeconds(iso: string): number | undefined {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

/** Joins generated chunks into one string, for the toX() functions that return the whole document. */
export function joinChunks(chunks: Iterable<string>): string {
  let text = '';
  for (const chunk of chunks) text += chunk;
  return text;
}
