/**
 * What a scan is made of and produces: checks, findings, the scan's own facts, and the events reporters follow.
 * Shared by the engine, the checks, the outputs and the reporters; imports nothing.
 */

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'informational'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const STATUSES = ['PASS', 'FAIL', 'MANUAL'] as const;
export type Status = (typeof STATUSES)[number];

/** A scanned service's id (`ram`, `vpc` …): the registry (services/index.ts) lists them. */
export type Service = string;

/** The files a scan can write, by Prowler's names for them. */
export const OUTPUT_FORMATS = ['json-ocsf', 'csv', 'html', 'sarif'] as const;
export type OutputFormatName = (typeof OUTPUT_FORMATS)[number];

/** The compliance framework aliaudit maps its checks to, as Prowler names it. */
export const CIS_FRAMEWORK = 'cis_2.0_alibabacloud';
/** How findings and CSV name the framework's requirements: `CIS-2.0: 1.4`. */
export const CIS_LABEL = 'CIS-2.0';

/** A check as reports describe it: everything but the logic. */
export interface CheckMetadata {
  /** Prowler's id where Prowler has the check, e.g. `ram_user_mfa_enabled_console_access`. */
  id: string;
  title: string;
  severity: Severity;
  service: Service;
  /** What the findings are about: `account`, `user`, `policy`, `password-policy`, `instance`, `securitygroup`, `disk`. */
  resourceType: string;
  /** CIS Alibaba Cloud Foundations v2.0.0 requirement ids. */
  cis: string[];
  description: string;
  risk: string;
  remediation: {
    text: string;
    /** Where to read more. */
    url?: string;
  };
  categories: string[];
}

/** One resource's result for one check. */
export interface Finding {
  /** `aliaudit-alibabacloud-<check>-<account>-<region>-<resource>`: stable across scans of the same thing. */
  uid: string;
  checkId: string;
  status: Status;
  /** Why, in one sentence: the winning rule of a security group, a key's age in days, the missing permission. */
  statusExtended: string;
  muted: boolean;
  /** Copied from the check, so a finding can be read alone. */
  severity: Severity;
  service: Service;
  accountUid: string;
  accountName?: string;
  /** A region id, or `global` for RAM and IMS (global services). */
  region: string;
  resource: {
    /** `acs:<service>:<region>:<account>:<type>/<id>` (region empty for global services). */
    uid: string;
    name: string;
    type: string;
    /** A few facts worth seeing next to the finding (e.g. the instance's public IP). */
    details?: string;
    tags?: Record<string, string>;
  };
  /** The aliyun CLI command that fixes this very finding, when one does. */
  remediationCli?: string;
  /** Framework → requirement ids, e.g. `{ 'CIS-2.0': ['1.4'] }`. */
  compliance: Record<string, string[]>;
  /** ISO 8601, when the finding was made. */
  timestamp: string;
}

/** The scan itself, as outputs need it next to the findings. */
/** Findings as the outputs read them: in order, as often as needed, and not necessarily all in memory at once. */
export interface FindingList extends Iterable<Finding> {
  readonly length: number;
}

/** Where a scan puts its findings as they are made: an array in memory, or a spool on disk (spool.ts). */
export interface FindingStore extends FindingList {
  add(finding: Finding): void;
}

/** A FindingStore in memory, for small scans and tests. */
export function findingArray(findings: Finding[] = []): FindingStore & { readonly items: Finding[] } {
  return {
    items: findings,
    add: (finding) => void findings.push(finding),
    get length() {
      return findings.length;
    },
    [Symbol.iterator]: () => findings[Symbol.iterator](),
  };
}

export interface ScanInfo {
  /** A random id, the same in every output of one scan. */
  scanId: string;
  tool: { name: 'aliaudit'; version: string };
  accountUid: string;
  accountName?: string;
  /** Who ran it: the caller's ARN, and how (the profile and its mode). */
  identityArn: string;
  authMethod: string;
  regions: string[];
  startedAt: string;
  finishedAt: string;
  /** False when the scan was stopped (Ctrl-C) or a region could not be scanned: outputs say so. */
  complete: boolean;
  /** Why it is incomplete, one line each (a region that timed out, an interruption): one per incomplete scope. */
  incompleteReasons: string[];
  /** What could not be read, region by region (or the global services): the outputs write one marker per scope. */
  incompleteScopes: IncompleteScope[];
}

/**
 * A part of the scan that could not be read, so a missing FAIL proves nothing there: a region (or the global
 * services) that timed out, failed (a call that went wrong after its retries), was refused every call its checks
 * needed, or was still running when the scan was stopped. A single refused permission next to data that was read
 * is not one: it makes MANUAL findings naming the permission, and the scan stays complete.
 */
export interface IncompleteScope {
  /** A region id or `global`; absent when the scan as a whole was stopped with no part unfinished. */
  region?: string;
  service?: Service;
  state: 'timed out' | 'failed' | 'denied' | 'interrupted';
  /** What could not be read and why, in one line. */
  reason: string;
}

export type RegionState = 'queued' | 'running' | 'done' | 'failed' | 'denied' | 'timed out';

/** What the engine reports as it goes; reporters and the dashboard follow these. Region events name the account, as findings do. */
export type ScanEvent =
  | { type: 'scan-started'; info: Pick<ScanInfo, 'scanId' | 'accountUid' | 'identityArn' | 'regions'>; checks: number }
  | { type: 'region-started'; account?: string; region: string }
  | { type: 'region-progress'; account?: string; region: string; done: number; known: number }
  | { type: 'region-finished'; account?: string; region: string; state: RegionState; reason?: string; findings: number }
  | { type: 'call'; api: string; region: string; ms: number; ok: boolean }
  | { type: 'retry'; api: string; reason: string; delayMs: number }
  | { type: 'throttled'; api: string }
  | { type: 'finding'; finding: Finding }
  | { type: 'scan-finished'; info: ScanInfo; findings: number };

/** What a live view of a scan may do to it: the dashboard's p and q. */
export interface ScanControls {
  readonly paused: boolean;
  pause(): void;
  resume(): void;
  /** Milliseconds spent paused so far. */
  pausedMs(): number;
  /** Stops the scan as Ctrl-C does: what was found is written, marked incomplete. */
  stop(): void;
}

/** A live view following one scan: every event, then `close` once the scan has ended (before the summary prints). */
export interface ScanWatch {
  event(event: ScanEvent): void;
  close(): Promise<void>;
}

/** Opens a live view of a scan about to start (the dashboard, alone or in the shell). */
export type WatchScan = (controls: ScanControls) => Promise<ScanWatch>;
