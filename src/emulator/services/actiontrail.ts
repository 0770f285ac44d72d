/**
 * ActionTrail 2020-07-06 as a scanner reads it: DescribeTrails (TrailList[], with NameList, IncludeShadowTrails and
 * IncludeOrganizationTrail) and GetTrailStatus (IsLogging, the latest deliveries) over the account's `ActionTrail`
 * section of the world: `{ "Trails": [ { Name, HomeRegion, TrailRegion, EventRW, Status, OssBucketName, … } ] }`.
 *
 * The API has no RegionId: on Alibaba Cloud the region is the endpoint's (actiontrail.<region>.aliyuncs.com), and a
 * region answers the trails homed there, plus the multi-region trails homed elsewhere when IncludeShadowTrails is
 * true. The emulator serves every region on one endpoint, so it cannot tell which region is asked: it answers every
 * trail of the account as its home region does, and IncludeShadowTrails adds nothing (a shadow is the same trail).
 * Organisation (multi-account) trails are answered only with IncludeOrganizationTrail=true, as the API documents.
 *
 * Authorisation is `actiontrail:<Action>` on `acs:actiontrail:*:<account>:trail/*` (DescribeTrails) or on the trail
 * (`acs:actiontrail:<home region>:<account>:trail/<name>`, GetTrailStatus); refusals are NoPermission (403).
 */
import { ApiFault, formatApiDate, NO_PERMISSION } from '../api-error.js';
import { charsFrom } from '../ids.js';
import { at, Fields, REGION_ID, UniqueNames, WorldError } from '../world-fields.js';
import type { Account } from '../state.js';
import { booleanParam, optional, required } from './params.js';
import { type ApiCall, type GeneratedWorld, sectionOf, type SectionWhere, type Service, type ServiceSection } from './service.js';

export const EVENT_RW = ['All', 'Write', 'Read'] as const;
export const TRAIL_STATUSES = ['Enable', 'Disable', 'Fresh'] as const;

/** A trail as the world gives it, with what DescribeTrails and GetTrailStatus answer of it. */
export interface Trail {
  Name: string;
  HomeRegion: string;
  /** `All`, or the one region id it records. */
  TrailRegion: string;
  EventRW: (typeof EVENT_RW)[number];
  Status: (typeof TRAIL_STATUSES)[number];
  OssBucketName: string;
  OssBucketLocation: string;
  OssKeyPrefix: string;
  OssWriteRoleArn: string;
  SlsProjectArn: string;
  SlsWriteRoleArn: string;
  MaxComputeProjectArn: string;
  MaxComputeWriteRoleArn: string;
  IsOrganizationTrail: boolean;
  OrganizationId?: string;
  CreateTime: Date;
  UpdateTime: Date;
  StartLoggingTime?: Date;
  StopLoggingTime?: Date;
  /** GetTrailStatus's answer. */
  IsLogging: boolean;
  LatestDeliveryTime?: Date;
  LatestDeliveryError: string;
  LatestDeliveryLogServiceTime?: Date;
  LatestDeliveryLogServiceError: string;
  OssBucketStatus: boolean;
  SlsLogStoreStatus: boolean;
}

export interface ActionTrailSection {
  Trails: Trail[];
}

// ---------------------------------------------------------------------------------------------------------------
// The world's section

const TRAIL_FIELDS = [
  'Name', 'HomeRegion', 'TrailRegion', 'EventRW', 'Status', 'OssBucketName', 'OssBucketLocation', 'OssKeyPrefix',
  'OssWriteRoleArn', 'SlsProjectArn', 'SlsWriteRoleArn', 'MaxComputeProjectArn', 'MaxComputeWriteRoleArn',
  'IsOrganizationTrail', 'OrganizationId', 'CreateTime', 'UpdateTime', 'StartLoggingTime', 'StopLoggingTime',
  'IsLogging', 'LatestDeliveryTime', 'LatestDeliveryError', 'LatestDeliveryLogServiceTime', 'LatestDeliveryLogServiceError',
  'OssBucketStatus', 'SlsLogStoreStatus',
];
/** CreateTrail's rule for names. */
const TRAIL_NAME = { pattern: /^[a-z][a-z0-9_-]{5,35}$/, text: '6 to 36 characters: a lowercase letter, then lowercase letters, digits, "-" or "_"' };
const BUCKET_NAME = { pattern: /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, text: 'an OSS bucket name: 3 to 63 lowercase letters, digits or "-", not starting or ending with "-"' };
const BUCKET_LOCATION = { pattern: /^oss-[a-z]{2}-[a-z0-9-]+$/, text: 'an OSS region such as "oss-cn-hangzhou"' };
const ROLE_ARN = { pattern: /^acs:ram::\d{16}:role\/[A-Za-z0-9._-]{1,64}$/, text: 'a RAM role ARN such as "acs:ram::1234567890123456:role/aliyunserviceroleforactiontrail"' };
const SLS_PROJECT_ARN = { pattern: /^acs:log:[a-z]{2}-[a-z0-9-]+:\d{16}:project\/[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, text: 'a Log Service project ARN such as "acs:log:cn-hangzhou:1234567890123456:project/audit"' };
const ODPS_PROJECT_ARN = { pattern: /^acs:odps:[a-z]{2}-[a-z0-9-]+:\d{16}:project\/[A-Za-z0-9_]{3,28}$/, text: 'a MaxCompute project ARN such as "acs:odps:cn-hangzhou:1234567890123456:project/audit"' };

function shaped(f: Fields, key: string, shape: { pattern: RegExp; text: string }): string {
  return f.has(key) && f.string(key) !== '' ? f.requiredString(key, shape) : '';
}

function region(f: Fields, key: string, where: SectionWhere): string {
  const value = f.requiredString(key, REGION_ID);
  if (!where.regionIds.has(value)) throw new WorldError(f.at(key), `region "${value}" is not in Regions`);
  return value;
}

function loadTrail(item: unknown, path: string, where: SectionWhere): Trail {
  const f = Fields.of(item, path, TRAIL_FIELDS, where.now);
  const Name = f.requiredString('Name', TRAIL_NAME);
  const HomeRegion = region(f, 'HomeRegion', where);
  const TrailRegion = f.string('TrailRegion') === undefined || f.string('TrailRegion') === 'All' ? 'All' : region(f, 'TrailRegion', where);
  const Status = f.oneOf('Status', TRAIL_STATUSES, 'Enable');
  const OssBucketName = shaped(f, 'OssBucketName', BUCKET_NAME);
  const SlsProjectArn = shaped(f, 'SlsProjectArn', SLS_PROJECT_ARN);
  const IsOrganizationTrail = f.boolean('IsOrganizationTrail', false);
  if (!IsOrganizationTrail && f.has('OrganizationId')) throw new WorldError(f.at('OrganizationId'), 'is only for a trail with "IsOrganizationTrail": true');
  const IsLogging = f.boolean('IsLogging', Status === 'Enable');
  if (IsLogging && Status !== 'Enable') throw new WorldError(f.at('IsLogging'), `cannot be true for a trail whose Status is ${Status}`);
  const CreateTime = f.date('CreateTime') ?? where.now;
  const UpdateTime = f.date('UpdateTime') ?? CreateTime;
  const StartLoggingTime = f.date('StartLoggingTime') ?? (Status === 'Fresh' ? undefined : CreateTime);
  const StopLoggingTime = f.date('StopLoggingTime') ?? (Status === 'Disable' ? UpdateTime : undefined);
  return {
    Name,
    HomeRegion,
    TrailRegion,
    EventRW: f.oneOf('EventRW', EVENT_RW, 'Write'),
    Status,
    OssBucketName,
    OssBucketLocation: shaped(f, 'OssBucketLocation', BUCKET_LOCATION) || (OssBucketName ? `oss-${HomeRegion}` : ''),
    OssKeyPrefix: f.string('OssKeyPrefix') ?? '',
    OssWriteRoleArn: shaped(f, 'OssWriteRoleArn', ROLE_ARN),
    SlsProjectArn,
    SlsWriteRoleArn: shaped(f, 'SlsWriteRoleArn', ROLE_ARN),
    MaxComputeProjectArn: shaped(f, 'MaxComputeProjectArn', ODPS_PROJECT_ARN),
    MaxComputeWriteRoleArn: shaped(f, 'MaxComputeWriteRoleArn', ROLE_ARN),
    IsOrganizationTrail,
    ...(IsOrganizationTrail ? { OrganizationId: f.string('OrganizationId') || `rd-${charsFrom(`organization:${where.accountId}`, 6)}` } : {}),
    CreateTime,
    UpdateTime,
    ...(StartLoggingTime ? { StartLoggingTime } : {}),
    ...(StopLoggingTime ? { StopLoggingTime } : {}),
    IsLogging,
    ...(f.has('LatestDeliveryTime') || IsLogging ? { LatestDeliveryTime: f.date('LatestDeliveryTime') ?? where.now } : {}),
    LatestDeliveryError: f.string('LatestDeliveryError') ?? '',
    ...(f.has('LatestDeliveryLogServiceTime') || (IsLogging && SlsProjectArn) ? { LatestDeliveryLogServiceTime: f.date('LatestDeliveryLogServiceTime') ?? where.now } : {}),
    LatestDeliveryLogServiceError: f.string('LatestDeliveryLogServiceError') ?? '',
    OssBucketStatus: f.boolean('OssBucketStatus', OssBucketName !== ''),
    SlsLogStoreStatus: f.boolean('SlsLogStoreStatus', SlsProjectArn !== ''),
  };
}

export function loadActionTrail(value: unknown, where: SectionWhere): ActionTrailSection {
  const f = Fields.of(value, where.path, ['Trails'], where.now);
  const names = new UniqueNames('trail Name');
  const Trails = f.array('Trails').map((item, i) => {
    const path = at(f.at('Trails'), i);
    const trail = loadTrail(item, path, where);
    names.add(trail.Name, at(path, 'Name'));
    return trail;
  });
  return { Trails };
}

// ---------------------------------------------------------------------------------------------------------------
// The demo's share and --generate's

/** The demo's trails: one records writes only (Prowler passes it), the one that records everything is switched off. */
function demo(accountId: string): unknown {
  return {
    Trails: [
      {
        Name: 'acme-audit-trail', HomeRegion: 'cn-hangzhou', TrailRegion: 'All', EventRW: 'Write', Status: 'Enable',
        OssBucketName: 'acme-actiontrail-logs', OssKeyPrefix: 'audit',
        SlsProjectArn: `acs:log:cn-hangzhou:${accountId}:project/acme-audit`,
        SlsWriteRoleArn: `acs:ram::${accountId}:role/aliyunserviceroleforactiontrail`,
        CreateTime: '-700d',
      },
      {
        Name: 'acme-all-events', HomeRegion: 'cn-hangzhou', TrailRegion: 'All', EventRW: 'All', Status: 'Disable',
        OssBucketName: 'acme-security-archive', CreateTime: '-400d', StopLoggingTime: '-45d',
      },
    ],
  };
}

/** The chance an account has a trail that records every event in every region. */
const GOOD_TRAIL_SHARE = 0.8;

/** One or two trails: most seeds give the good multi-region trail, some a second, weaker one, the rest only weak ones. */
function generate(world: GeneratedWorld): unknown {
  const rng = world.rng('actiontrail');
  const home = world.regionIds[0] ?? 'cn-hangzhou';
  const bucket = (purpose: string) => `${purpose}-${world.accountId}`;
  const good = { Name: 'audit-all-regions', HomeRegion: home, TrailRegion: 'All', EventRW: 'All', Status: 'Enable', OssBucketName: bucket('actiontrail'), SlsProjectArn: `acs:log:${home}:${world.accountId}:project/audit-${world.accountId}`, CreateTime: `-${rng.int(100, 900)}d` };
  const weak = [
    // What the console's defaults make: writes only.
    () => ({ Name: 'default-trail', HomeRegion: home, TrailRegion: 'All', EventRW: 'Write', Status: 'Enable', OssBucketName: bucket('trail-write'), CreateTime: `-${rng.int(30, 900)}d` }),
    () => ({ Name: 'legacy-audit', HomeRegion: home, TrailRegion: 'All', EventRW: 'All', Status: 'Disable', OssBucketName: bucket('trail-legacy'), CreateTime: `-${rng.int(400, 1200)}d`, StopLoggingTime: `-${rng.int(1, 300)}d` }),
    () => {
      const one = rng.pick(world.regionIds.length > 0 ? world.regionIds : [home]);
      return { Name: `trail-${one}`, HomeRegion: one, TrailRegion: one, EventRW: 'All', Status: 'Enable', SlsProjectArn: `acs:log:${one}:${world.accountId}:project/trail-${one}`, CreateTime: `-${rng.int(30, 600)}d` };
    },
  ];
  const first = rng.int(0, weak.length - 1);
  const second = (first + rng.int(1, weak.length - 1)) % weak.length;
  if (rng.chance(GOOD_TRAIL_SHARE)) return { Trails: rng.chance(0.35) ? [good, weak[first]()] : [good] };
  return { Trails: rng.chance(0.5) ? [weak[first](), weak[second]()] : [weak[first]()] };
}

export const actionTrailSection: ServiceSection<ActionTrailSection> = {
  key: 'ActionTrail',
  load: loadActionTrail,
  demo,
  generate,
  inventory: (section) => ({ global: { trails: section.Trails.length, enabledTrails: section.Trails.filter((trail) => trail.Status === 'Enable').length } }),
};

const NO_TRAILS: ActionTrailSection = Object.freeze({ Trails: [] });

export function actionTrailOf(account: Account): ActionTrailSection {
  return sectionOf(account, actionTrailSection) ?? NO_TRAILS;
}

// ---------------------------------------------------------------------------------------------------------------
// The API

const date = (value: Date | undefined) => (value ? formatApiDate(value) : '');

function trailView(trail: Trail, accountId: string) {
  return {
    Name: trail.Name,
    HomeRegion: trail.HomeRegion,
    Region: trail.HomeRegion,
    TrailRegion: trail.TrailRegion,
    TrailArn: trailArn(trail.HomeRegion, accountId, trail.Name),
    EventRW: trail.EventRW,
    Status: trail.Status,
    OssBucketName: trail.OssBucketName,
    OssBucketLocation: trail.OssBucketLocation,
    OssKeyPrefix: trail.OssKeyPrefix,
    OssWriteRoleArn: trail.OssWriteRoleArn,
    SlsProjectArn: trail.SlsProjectArn,
    SlsWriteRoleArn: trail.SlsWriteRoleArn,
    MaxComputeProjectArn: trail.MaxComputeProjectArn,
    MaxComputeWriteRoleArn: trail.MaxComputeWriteRoleArn,
    IsOrganizationTrail: trail.IsOrganizationTrail,
    ...(trail.OrganizationId ? { OrganizationId: trail.OrganizationId } : {}),
    CreateTime: date(trail.CreateTime),
    UpdateTime: date(trail.UpdateTime),
    StartLoggingTime: date(trail.StartLoggingTime),
    StopLoggingTime: date(trail.StopLoggingTime),
  };
}

function trailArn(regionId: string, accountId: string, name: string): string {
  return `acs:actiontrail:${regionId}:${accountId}:trail/${name}`;
}

function describeTrails(call: ApiCall) {
  const account = call.caller!.principal.account;
  call.authorize('actiontrail:DescribeTrails', trailArn('*', account.AccountId, '*'));
  booleanParam(call.params, 'IncludeShadowTrails');
  const organisation = booleanParam(call.params, 'IncludeOrganizationTrail') === true;
  const names = optional(call.params, 'NameList')?.split(',').map((name) => name.trim()).filter(Boolean);
  const trails = actionTrailOf(account).Trails.filter((t) => (organisation || !t.IsOrganizationTrail) && (!names || names.includes(t.Name)));
  return { TrailList: trails.map((t) => trailView(t, account.AccountId)) };
}

function getTrailStatus(call: ApiCall) {
  const account = call.caller!.principal.account;
  const name = required(call.params, 'Name');
  const organisation = booleanParam(call.params, 'IsOrganizationTrail') === true;
  const trail = actionTrailOf(account).Trails.find((t) => t.Name === name && t.IsOrganizationTrail === organisation);
  call.authorize('actiontrail:GetTrailStatus', trailArn(trail?.HomeRegion ?? '*', account.AccountId, name));
  if (!trail) throw new ApiFault('TrailNotFoundException', 404, `The trail "${name}" does not exist${organisation ? ' among the multi-account trails' : ''}.`);
  return {
    IsLogging: trail.IsLogging,
    LatestDeliveryTime: date(trail.LatestDeliveryTime),
    LatestDeliveryError: trail.LatestDeliveryError,
    LatestDeliveryLogServiceTime: date(trail.LatestDeliveryLogServiceTime),
    LatestDeliveryLogServiceError: trail.LatestDeliveryLogServiceError,
    OssBucketStatus: trail.OssBucketStatus,
    SlsLogStoreStatus: trail.SlsLogStoreStatus,
    StartLoggingTime: date(trail.StartLoggingTime),
    StopLoggingTime: date(trail.StopLoggingTime),
  };
}

export const actionTrailService: Service = {
  code: 'actiontrail',
  product: 'Actiontrail',
  version: '2020-07-06',
  hostId: 'actiontrail.aliyuncs.com',
  denial: NO_PERMISSION,
  readOnlyPolicy: 'AliyunActionTrailReadOnlyAccess',
  section: actionTrailSection,
  actions: {
    DescribeTrails: describeTrails,
    GetTrailStatus: getTrailStatus,
  },
};
