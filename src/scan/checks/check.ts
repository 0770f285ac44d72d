import type { CheckMetadata, Status } from '../model.js';

/** Why a piece of data could not be read: the call that failed, where, and how. */
export interface Missing {
  /** The RAM action the scanner lacks or that failed, e.g. `ecs:DescribeSecurityGroupAttribute`. */
  action: string;
  region: string;
  reason: 'denied' | 'failed' | 'timed out';
  /** The API's code or the transport's words, when there are any. */
  detail?: string;
}

/** Data a check reads: what the API answered, or why there is no answer. An error is never an empty answer. */
export type Fact<T> = { value: T } | { missing: Missing };

/** Thrown by need(): the engine turns it into a MANUAL finding naming what is missing. */
export class MissingData extends Error {
  constructor(readonly missing: Missing) {
    super(describeMissing(missing));
  }
}

export function need<T>(fact: Fact<T>): T {
  if ('missing' in fact) throw new MissingData(fact.missing);
  return fact.value;
}

export function known<T>(value: T): Fact<T> {
  return { value };
}

/**
 * `missing permission ecs:DescribeSecurityGroupAttribute in cn-beijing`, or what failed and how; without the region
 * (`inRegion: false`) where the region is said apart, as when regions are grouped by reason.
 */
export function describeMissing(missing: Missing, options: { inRegion?: boolean } = {}): string {
  const where = missing.region === 'global' || options.inRegion === false ? '' : ` in ${missing.region}`;
  if (missing.reason === 'denied') return `missing permission ${missing.action}${where}`;
  const how = missing.reason === 'timed out' ? 'did not answer in time' : `failed${missing.detail ? ` (${missing.detail})` : ''}`;
  return `${missing.action}${where} ${how}, so this could not be checked`;
}

/** A check's result for one subject; undefined from evaluate() means the check does not apply to it. */
export interface Verdict {
  status: Exclude<Status, 'MANUAL'> | 'MANUAL';
  statusExtended: string;
  remediationCli?: string;
  /** For MANUAL: why, in words that hold in every region (statusExtended names this one), for the CIS coverage. */
  reason?: string;
}

/** The resource a subject is, as findings name it. */
export interface Resource {
  uid: string;
  id: string;
  name: string;
  type: string;
  region: string;
  details?: string;
  tags?: Record<string, string>;
}

/**
 * The kind of thing a check is run on (`user`, `security-group`, `vpc` …), named by its service's collector, which
 * feeds each subject when its data is complete; kinds are the service's own, so two services may share a name.
 */
export type SubjectKind = string;

export interface CheckDefinition<Subject> extends Omit<CheckMetadata, 'cis'> {
  /** Filled in by the registry from the framework file (compliance/cis-2.0.ts): a check does not name its CIS ids. */
  cis?: string[];
  kind: SubjectKind;
  /** The resource a finding about `subject` names. */
  resource(subject: Subject): Resource;
  evaluate(subject: Subject, now: Date): Verdict | undefined;
}

export const pass = (statusExtended: string): Verdict => ({ status: 'PASS', statusExtended });
export const fail = (statusExtended: string, remediationCli?: string): Verdict => ({ status: 'FAIL', statusExtended, remediationCli });
export const manual = (statusExtended: string, reason?: string): Verdict => ({ status: 'MANUAL', statusExtended, ...(reason ? { reason } : {}) });

/** Whole days from `date` to `now` (0 on the day itself). */
export function daysSince(date: Date, now: Date): number {
  return Math.floor((now.getTime() - date.getTime()) / 86_400_000);
}

/** `acs:<service>:<region>:<account>:<type>/<id>`; global services leave the region empty. */
export function resourceUid(service: string, region: string, account: string, type: string, id?: string): string {
  return `acs:${service}:${region === 'global' ? '' : region}:${account}:${id === undefined ? type : `${type}/${id}`}`;
}
