/**
 * What every output format shares: the report it is made from, the check behind a finding, and Prowler's ways of
 * writing lists, tags and compliance as text.
 */
import type { CheckMetadata, Finding, FindingList, IncompleteScope, ScanInfo } from '../model.js';
import type { Coverage } from '../summary.js';

/** One scan's results, as the outputs need them. */
export interface ScanReport {
  info: ScanInfo;
  /** Read in order, once per format (a big scan's are on disk): no format needs them all in memory. */
  findings: FindingList;
  /** Check id → metadata; a finding whose check is missing here is still written, from what it carries itself. */
  checks: ReadonlyMap<string, CheckMetadata>;
  /** How the scan covered each CIS requirement, as the terminal's summary says it; without it, counted from the findings. */
  coverage?: readonly Coverage[];
}

export const PROVIDER = 'alibabacloud';
/** Where SARIF viewers send users to read about the tool: the package's page until the project has a home page. */
export const INFORMATION_URI = 'https://www.npmjs.com/package/aliaudit';

/** The check a finding came from, or what can be said of it from the finding alone. */
export function checkOf(report: ScanReport, finding: Finding): CheckMetadata {
  const known = report.checks.get(finding.checkId);
  if (known) return known;
  if (finding.checkId === SCAN_INCOMPLETE.id) return { ...SCAN_INCOMPLETE, service: finding.service };
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

/**
 * What the marker of an incomplete scan stands for: not a check of the account, but the scan saying it could not
 * read a part of it. OCSF and CSV hold findings only, and an interrupted scan may have none: one MANUAL marker per
 * scope not read makes every consumer of the file see it, `[]` included.
 */
export const SCAN_INCOMPLETE: CheckMetadata = {
  id: 'aliaudit_scan_incomplete',
  title: 'The scan read this region or service',
  severity: 'high',
  service: 'ram',
  resourceType: 'scan-scope',
  cis: [],
  description:
    'aliaudit could not read this part of the account (a region, or the global services RAM and IMS): its checks did not run there, so a missing FAIL proves nothing.',
  risk: 'Weaknesses in the part that was not read go unreported.',
  remediation: {
    text: 'Scan it again: grant the permissions the message names, give a longer --region-timeout, or let the scan finish.',
  },
  categories: ['scan-incomplete'],
};

/** One MANUAL marker finding per scope an incomplete scan could not read; none for a complete scan. */
export function incompleteMarkers(info: ScanInfo): Finding[] {
  if (info.complete) return [];
  const scopes: IncompleteScope[] =
    info.incompleteScopes?.length > 0 ? info.incompleteScopes : [{ state: 'interrupted', reason: info.incompleteReasons.join('; ') || 'the scan did not finish' }];
  return scopes.map((scope) => {
    const region = scope.region ?? 'global';
    const service = scope.service ?? 'ram';
    const id = scope.region ? `${service}-${region}` : `scan-${info.scanId}`;
    const name = !scope.region ? 'the whole scan' : region === 'global' ? 'the global services (RAM, IMS)' : `region ${region} (${service.toUpperCase()})`;
    return {
      uid: `aliaudit-alibabacloud-${SCAN_INCOMPLETE.id}-${info.accountUid}-${region}-${id}`,
      checkId: SCAN_INCOMPLETE.id,
      status: 'MANUAL',
      statusExtended: `Scan incomplete: ${name} ${scope.state}: ${scope.reason}. A missing FAIL there proves nothing.`,
      muted: false,
      severity: SCAN_INCOMPLETE.severity,
      service,
      accountUid: info.accountUid,
      accountName: info.accountName,
      region,
      resource: {
        uid: `acs:${service}:${region === 'global' ? '' : region}:${info.accountUid}:${SCAN_INCOMPLETE.resourceType}/${id}`,
        name,
        type: SCAN_INCOMPLETE.resourceType,
      },
      compliance: {},
      timestamp: info.finishedAt,
    } satisfies Finding;
  });
}

/** What OCSF and CSV write, in order and one at a time: the markers of an incomplete scan, then the findings. */
export function* withMarkers(report: ScanReport): Generator<Finding> {
  yield* incompleteMarkers(report.info);
  yield* report.findings;
}
