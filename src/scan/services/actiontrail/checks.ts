import { type CheckDefinition, type Fact, fail, manual, need, pass, type Resource, resourceUid } from '../../checks/check.js';

/** A trail as DescribeTrails answers it (the fields the checks read); a string the API leaves empty may be `''` or absent. */
export interface Trail {
  Name: string;
  HomeRegion?: string;
  /** `All`, or the one region the trail records. */
  TrailRegion?: string;
  /** `All`, `Write` (the API's default) or `Read`. */
  EventRW?: string;
  /** `Enable`, `Disable`, or `Fresh` (created, never enabled). */
  Status?: string;
  OssBucketName?: string;
  OssBucketLocation?: string;
  SlsProjectArn?: string;
  MaxComputeProjectArn?: string;
  IsOrganizationTrail?: boolean | string;
  OrganizationId?: string;
  TrailArn?: string;
}

/** What GetTrailStatus says of a trail. */
export interface TrailStatus {
  IsLogging?: boolean | string;
  LatestDeliveryTime?: string;
  LatestDeliveryError?: string;
}

/** A trail and, for an enabled one, whether it is really logging (a disabled trail is not asked: it logs nothing). */
export interface TrailFacts {
  trail: Trail;
  status?: Fact<TrailStatus>;
}

/** The account's trails together: CIS 2.1 asks whether any one of them records everything. */
export interface AccountSubject {
  accountUid: string;
  region: string;
  trails: Fact<TrailFacts[]>;
}

/** What the OSS module knows of a bucket: whether anyone outside the account can read it, and why. */
export interface BucketExposure {
  BucketName: string;
  public: boolean;
  /** The ACL or policy statement that makes it public, or what keeps it private. */
  why: string;
}

/** One trail, for the check of the bucket it delivers to. */
export interface TrailSubject {
  accountUid: string;
  region: string;
  trail: Trail;
  /** The account's buckets as the OSS module reads them; absent while aliaudit has no OSS module. */
  buckets?: Fact<BucketExposure[]>;
}

const CIS_URL = 'https://www.cisecurity.org/benchmark/alibaba_cloud';
const common = { service: 'actiontrail' as const, severity: 'critical' as const, categories: ['logging'] };
export const OSS_MODULE_REASON = "reading the bucket's ACL and policy needs the OSS module, which this version does not have";

const accountResource = (s: AccountSubject): Resource => ({
  uid: resourceUid('actiontrail', 'global', s.accountUid, 'account'),
  id: 'account',
  name: s.accountUid,
  type: 'account',
  region: 'global',
  details: 'value' in s.trails ? `${s.trails.value.length} trail(s)` : undefined,
});

const trailResource = (s: TrailSubject): Resource => ({
  uid: resourceUid('actiontrail', s.trail.HomeRegion || 'global', s.accountUid, 'trail', s.trail.Name),
  id: s.trail.Name,
  name: s.trail.Name,
  type: 'trail',
  region: 'global',
  details: [s.trail.HomeRegion && `home ${s.trail.HomeRegion}`, s.trail.OssBucketName && `OSS bucket ${s.trail.OssBucketName}`].filter(Boolean).join(', ') || undefined,
});

const is = (value: string | undefined, expected: string) => (value ?? '').toLowerCase() === expected.toLowerCase();
const isTrue = (value: boolean | string | undefined) => value === true || is(typeof value === 'string' ? value : undefined, 'true');

export function isEnabled(trail: Trail): boolean {
  return is(trail.Status, 'Enable');
}

export function isOrganizationTrail(trail: Trail): boolean {
  return isTrue(trail.IsOrganizationTrail);
}

function destinations(trail: Trail): string[] {
  return [
    trail.OssBucketName && `OSS bucket ${trail.OssBucketName}`,
    trail.SlsProjectArn && `Log Service project ${trail.SlsProjectArn}`,
    trail.MaxComputeProjectArn && `MaxCompute project ${trail.MaxComputeProjectArn}`,
  ].filter((d): d is string => Boolean(d));
}

/** What keeps a trail from exporting every event of every region; empty when nothing does, or when only its logging is unknown. */
export function shortcomings({ trail, status }: TrailFacts): string[] {
  const gaps: string[] = [];
  if (is(trail.Status, 'Disable')) gaps.push('is disabled');
  else if (is(trail.Status, 'Fresh')) gaps.push('was created but never enabled');
  else if (!isEnabled(trail)) gaps.push(`has Status ${trail.Status || '(none)'}`);
  else if (status && 'value' in status && !isTrue(status.value.IsLogging)) gaps.push('is enabled but not logging (GetTrailStatus answers IsLogging false)');
  if (!is(trail.TrailRegion, 'All')) gaps.push(`covers only ${trail.TrailRegion || 'its home region'}`);
  // The API's default is Write: a trail that does not say records writes only.
  if (is(trail.EventRW || 'Write', 'Write')) gaps.push('records write events only');
  else if (is(trail.EventRW, 'Read')) gaps.push('records read events only');
  else if (!is(trail.EventRW, 'All')) gaps.push(`records EventRW ${trail.EventRW}`);
  if (destinations(trail).length === 0) gaps.push('delivers to no OSS bucket, Log Service project or MaxCompute project');
  return gaps;
}

function describeTrail(trail: Trail): string {
  const where = [trail.HomeRegion && `home ${trail.HomeRegion}`, isOrganizationTrail(trail) && `organisation trail${trail.OrganizationId ? ` of ${trail.OrganizationId}` : ''}`].filter(Boolean);
  return `trail "${trail.Name}"${where.length ? ` (${where.join(', ')})` : ''}`;
}

/** The aliyun commands that make the account's nearest trail complete, when commands can (a destination needs choosing). */
function fix(judged: { facts: TrailFacts; gaps: string[] }[]): string | undefined {
  const own = judged.filter(({ facts }) => !isOrganizationTrail(facts.trail) && destinations(facts.trail).length > 0);
  const nearest = own.sort((a, b) => a.gaps.length - b.gaps.length)[0];
  if (!nearest) return undefined;
  const { trail } = nearest.facts;
  const region = trail.HomeRegion ? ` --region ${trail.HomeRegion}` : '';
  const commands: string[] = [];
  if (!is(trail.TrailRegion, 'All') || !is(trail.EventRW, 'All')) commands.push(`aliyun actiontrail UpdateTrail${region} --Name ${trail.Name} --EventRW All --TrailRegion All`);
  if (nearest.gaps.some((gap) => /disabled|never enabled|not logging|Status/.test(gap))) commands.push(`aliyun actiontrail StartLogging${region} --Name ${trail.Name}`);
  return commands.length ? commands.join(' && ') : undefined;
}

function notAsked(region: string): Fact<never> {
  return { missing: { action: 'actiontrail:GetTrailStatus', region, reason: 'failed', detail: 'the trail\'s status was not asked' } };
}

export const multiRegionEnabled: CheckDefinition<AccountSubject> = {
  ...common,
  id: 'actiontrail_multi_region_enabled',
  title: 'A trail records every event (reads and writes) in every region and is logging',
  kind: 'account',
  resourceType: 'account',
  description:
    'At least one trail, the account\'s own or its organisation\'s, should be enabled and logging, apply to all regions (TrailRegion All) and record read and write events (EventRW All), delivering them to OSS, Log Service or MaxCompute.',
  risk: 'Without it, events of some regions or all read events (who listed keys, read secrets or downloaded data) are kept only 90 days in the console, or nowhere, and an incident cannot be traced.',
  remediation: {
    text: 'Create a trail (or update one) with TrailRegion All and EventRW All that delivers to an OSS bucket or a Log Service project, and start logging on it.',
    url: CIS_URL,
  },
  resource: accountResource,
  evaluate: (s) => {
    const trails = need(s.trails);
    if (trails.length === 0) return fail('the account has no trail: no event is exported, and ActionTrail itself keeps only 90 days of them');
    const judged = trails.map((facts) => ({ facts, gaps: shortcomings(facts) }));
    const complete = judged.filter(({ gaps }) => gaps.length === 0);
    const logging = complete.find(({ facts }) => facts.status && 'value' in facts.status && isTrue(facts.status.value.IsLogging));
    if (logging) {
      const { trail } = logging.facts;
      return pass(`${describeTrail(trail)} records all events (EventRW All) in all regions and is logging, to ${destinations(trail).join(' and ')}`);
    }
    // A trail that would do, but whose logging could not be read: MANUAL, naming what is missing.
    for (const { facts } of complete) need(facts.status ?? notAsked(s.region));
    return fail(`no trail records every event in every region: ${judged.map(({ facts, gaps }) => `${describeTrail(facts.trail)} ${gaps.join(' and ')}`).join('; ')}`, fix(judged));
  },
};

export const ossBucketNotPublic: CheckDefinition<TrailSubject> = {
  ...common,
  id: 'actiontrail_oss_bucket_not_publicly_accessible',
  title: 'The OSS bucket a trail delivers to is not publicly accessible',
  kind: 'trail',
  resourceType: 'trail',
  description: 'The bucket holding a trail\'s logs should be readable by no one outside the account: neither its ACL nor its policy may open it to everyone.',
  risk: 'A public log bucket tells an attacker every API call made in the account, who made it and from where; a writable one lets them erase their tracks.',
  remediation: { text: 'Set the bucket\'s ACL to private and remove policy statements that allow anonymous (Principal "*") access.', url: CIS_URL },
  resource: trailResource,
  evaluate: (s) => {
    const bucket = s.trail.OssBucketName;
    if (!bucket) return undefined;
    const where = `${describeTrail(s.trail)} delivers to OSS bucket ${bucket}${s.trail.OssBucketLocation ? ` (${s.trail.OssBucketLocation})` : ''}`;
    if (!s.buckets) return manual(`${where}: whether it is public is not checked, as ${OSS_MODULE_REASON}`, OSS_MODULE_REASON);
    const found = need(s.buckets).find((b) => b.BucketName === bucket);
    if (!found) return manual(`${where}, which is not among this account's buckets (another account's?): check its ACL and policy there`, 'the bucket is not one of the scanned account\'s');
    return found.public ? fail(`${where}, which is publicly accessible: ${found.why}`) : pass(`${where}, which is not publicly accessible: ${found.why}`);
  },
};

export const actionTrailChecks = {
  account: [multiRegionEnabled],
  trail: [ossBucketNotPublic],
};
