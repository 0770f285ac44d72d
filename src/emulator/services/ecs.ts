/**
 * ECS 2014-05-26 as a scanner reads it: DescribeRegions, DescribeInstances, DescribeSecurityGroups,
 * DescribeSecurityGroupAttribute and DescribeDisks over the caller's account's ECS section of the world, with the
 * API's wrappers (`Instances.Instance[]`, …), both paging styles, the documented parameter bounds (an out-of-range
 * value is refused, never clamped) and ECS's refusals (Forbidden.RAM, InvalidRegionId.NotFound, …).
 *
 * Authorisation is `ecs:<Action>` on `acs:ecs:<region>:<account>:<type>/*` (`securitygroup/<id>` for one group's
 * rules, `acs:ecs:*:<account>:*` for DescribeRegions), evaluated as for every product.
 */
import { createHash } from 'node:crypto';
import { FORBIDDEN_RAM, serviceFaults, faults, formatApiDate } from '../api-error.js';
import type { Account, EcsDisk, EcsInstance, EcsPermission, EcsRegion, EcsSecurityGroup, EcsTag } from '../state.js';
import type { ApiCall, Service } from './service.js';

type Params = Record<string, string>;

const NO_RESOURCES: EcsRegion = { Instances: [], SecurityGroups: [], Disks: [] };

/** Absent and empty are the same to the API. */
function optional(params: Params, name: string): string | undefined {
  const value = params[name];
  return value === undefined || value === '' ? undefined : value;
}

function required(params: Params, name: string): string {
  const value = optional(params, name);
  if (value === undefined) throw faults.missingParameter(name);
  return value;
}

// ---------------------------------------------------------------------------------------------------------------
// Paging

interface Bounds {
  min: number;
  max: number;
  default: number;
}

/** How an action pages: NextToken/MaxResults always; PageNumber/PageSize (deprecated by the API) where it has them. */
interface PagingRules {
  maxResults: Bounds;
  pageSize?: Bounds;
}

/**
 * The bounds the SDK's doc comments give (@alicloud/ecs20140526 7.11.6 models): DescribeInstances MaxResults ≤ 100
 * and DescribeDisks 10–500, where the API quietly raises values under 10 to 10 and lowers those above the maximum;
 * the emulator refuses them instead, so a client never depends on the quiet fix. PageSize (deprecated, undocumented
 * in the SDK): 1–100, and 1–50 for DescribeSecurityGroups, as the API reference gives them.
 */
const INSTANCES_PAGING: PagingRules = { maxResults: { min: 10, max: 100, default: 10 }, pageSize: { min: 1, max: 100, default: 10 } };
const GROUPS_PAGING: PagingRules = { maxResults: { min: 1, max: 100, default: 10 }, pageSize: { min: 1, max: 50, default: 10 } };
const RULES_PAGING: PagingRules = { maxResults: { min: 10, max: 1000, default: 500 } };
const DISKS_PAGING: PagingRules = { maxResults: { min: 10, max: 500, default: 10 }, pageSize: { min: 1, max: 100, default: 10 } };

function integerParam(params: Params, name: string, bounds: { min: number; max: number }): number | undefined {
  const text = optional(params, name);
  if (text === undefined) return undefined;
  const value = /^\d{1,9}$/.test(text) ? Number(text) : NaN;
  if (!(value >= bounds.min && value <= bounds.max)) {
    const range = bounds.max === Number.MAX_SAFE_INTEGER ? `at least ${bounds.min}` : `from ${bounds.min} to ${bounds.max}`;
    throw serviceFaults.invalidValue(name, `It must be an integer ${range}; "${text}" is not.`);
  }
  return value;
}

/**
 * The page of `all` a request asks for. NextToken (or MaxResults) selects token paging, else PageNumber/PageSize
 * do, with their defaults; either way the answer carries NextToken ("" on the last page), PageNumber, PageSize and
 * TotalCount. A NextToken names the listing it came from (action, account, region, filters) and the last item
 * returned, so a token from another listing, or one the emulator never issued, is refused.
 */
function pageOf<T>(params: Params, all: T[], idOf: (item: T) => string, rules: PagingRules, listing: string) {
  const maxResults = integerParam(params, 'MaxResults', rules.maxResults);
  const pageSize = rules.pageSize ? integerParam(params, 'PageSize', rules.pageSize) : undefined;
  const pageNumber = rules.pageSize ? integerParam(params, 'PageNumber', { min: 1, max: Number.MAX_SAFE_INTEGER }) : undefined;
  const token = optional(params, 'NextToken');
  const digest = createHash('sha256').update(listing).digest('hex').slice(0, 16);

  let start: number;
  let size: number;
  if (token !== undefined || maxResults !== undefined || !rules.pageSize) {
    size = maxResults ?? rules.maxResults.default;
    start = token === undefined ? 0 : afterToken(token, digest, all, idOf);
  } else {
    size = pageSize ?? rules.pageSize.default;
    start = ((pageNumber ?? 1) - 1) * size;
  }
  const items = all.slice(start, start + size);
  const more = start + size < all.length && items.length > 0;
  const next = more ? Buffer.from(`${digest}:${idOf(items[items.length - 1])}`, 'utf8').toString('base64url') : '';
  return {
    items,
    answer: { NextToken: next, PageNumber: Math.floor(start / size) + 1, PageSize: size, TotalCount: all.length },
  };
}

function afterToken<T>(token: string, digest: string, all: T[], idOf: (item: T) => string): number {
  const text = /^[A-Za-z0-9_-]+$/.test(token) ? Buffer.from(token, 'base64url').toString('utf8') : '';
  const match = /^([0-9a-f]{16}):(.+)$/s.exec(text);
  const index = match && match[1] === digest ? all.findIndex((item) => idOf(item) === match[2]) : -1;
  if (index < 0) {
    throw serviceFaults.invalidValue('NextToken', 'Use the NextToken of the previous answer to the same request (same action, region and filters).');
  }
  return index + 1;
}

// ---------------------------------------------------------------------------------------------------------------
// Filters

/** A JSON array of ids (InstanceIds, SecurityGroupIds, DiskIds), as the API takes them: at most 100. */
function idListParam(params: Params, name: string, example: string): Set<string> | undefined {
  const text = optional(params, name);
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (!Array.isArray(value) || value.length > 100 || value.some((id) => typeof id !== 'string')) {
    throw serviceFaults.invalidValue(name, `It must be a JSON array of at most 100 ids, such as ["${example}"].`);
  }
  return new Set(value as string[]);
}

function choiceParam(params: Params, name: string, allowed: string[], fallback: string): string {
  const value = optional(params, name) ?? fallback;
  if (!allowed.includes(value)) throw serviceFaults.invalidValue(name, `It must be ${allowed.join(', ')}.`);
  return value;
}

function booleanParam(params: Params, name: string): boolean | undefined {
  const value = optional(params, name);
  if (value === undefined) return undefined;
  if (/^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  throw serviceFaults.invalidValue(name, 'It must be true or false.');
}

/** InstanceName and SecurityGroupName filters take `*` wildcards. */
function nameMatches(pattern: string, name: string): boolean {
  const body = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${body}$`, 's').test(name);
}

/** Keeps the items every given filter accepts; `filters` maps a request parameter to a test of an item. */
function filtered<T>(params: Params, items: T[], filters: Record<string, (item: T, value: string) => boolean>): T[] {
  const given = Object.entries(filters).flatMap(([name, test]) => {
    const value = optional(params, name);
    return value === undefined ? [] : [(item: T) => test(item, value)];
  });
  return items.filter((item) => given.every((accept) => accept(item)));
}

/** What identifies a listing for its NextToken: who, where and the filters that shaped it. */
function listingKey(call: ApiCall, regionId: string, filterNames: string[]): string {
  const filters = filterNames.map((name) => [name, optional(call.params, name) ?? '']);
  return JSON.stringify([call.action, call.caller!.principal.account.AccountId, regionId, filters]);
}

// ---------------------------------------------------------------------------------------------------------------
// Regions and resources

interface RegionCall {
  account: Account;
  regionId: string;
  region: EcsRegion;
}

/** The caller's account's resources in the request's RegionId; a region of the world with no ECS data is empty. */
function regionOf(call: ApiCall): RegionCall {
  const regionId = required(call.params, 'RegionId');
  if (!call.state.Regions.some((region) => region.RegionId === regionId)) throw serviceFaults.regionNotFound(regionId);
  const account = call.caller!.principal.account;
  return { account, regionId, region: account.Ecs[regionId] ?? NO_RESOURCES };
}

function resource(where: RegionCall, type: string, id = '*'): string {
  return `acs:ecs:${where.regionId}:${where.account.AccountId}:${type}/${id}`;
}

const tagsView = (tags: EcsTag[]) => ({ Tag: tags.map((tag) => ({ TagKey: tag.TagKey, TagValue: tag.TagValue })) });

function describeRegions(call: ApiCall) {
  call.authorize('ecs:DescribeRegions', `acs:ecs:*:${call.caller!.principal.account.AccountId}:*`);
  return {
    Regions: {
      Region: call.state.Regions.map((region) => ({
        RegionId: region.RegionId,
        LocalName: region.LocalName,
        RegionEndpoint: region.RegionEndpoint ?? `ecs.${region.RegionId}.aliyuncs.com`,
        Status: region.Status,
      })),
    },
  };
}

function instanceView(instance: EcsInstance, regionId: string) {
  return {
    ...instance.Attributes,
    InstanceId: instance.InstanceId,
    InstanceName: instance.InstanceName,
    RegionId: regionId,
    ZoneId: instance.ZoneId,
    Status: instance.Status,
    InstanceType: instance.InstanceType,
    InstanceNetworkType: instance.InstanceNetworkType,
    VpcAttributes: {
      VpcId: instance.VpcId ?? '',
      VSwitchId: instance.VSwitchId ?? '',
      PrivateIpAddress: { IpAddress: [...instance.PrivateIpAddress] },
      NatIpAddress: '',
    },
    InnerIpAddress: { IpAddress: [...instance.InnerIpAddress] },
    PublicIpAddress: { IpAddress: [...instance.PublicIpAddress] },
    EipAddress: { IpAddress: instance.EipAddress ?? '', AllocationId: '', InternetChargeType: '' },
    SecurityGroupIds: { SecurityGroupId: [...instance.SecurityGroupIds] },
    MetadataOptions: { HttpEndpoint: 'enabled', HttpTokens: 'optional', ...instance.MetadataOptions },
    DeletionProtection: instance.DeletionProtection,
    CreationTime: formatApiDate(instance.CreationTime),
    Tags: tagsView(instance.Tags),
  };
}

const INSTANCE_FILTERS: Record<string, (instance: EcsInstance, value: string) => boolean> = {
  VpcId: (i, value) => i.VpcId === value,
  VSwitchId: (i, value) => i.VSwitchId === value,
  ZoneId: (i, value) => i.ZoneId === value,
  Status: (i, value) => i.Status === value,
  InstanceType: (i, value) => i.InstanceType === value,
  InstanceNetworkType: (i, value) => i.InstanceNetworkType === value,
  SecurityGroupId: (i, value) => i.SecurityGroupIds.includes(value),
  InstanceName: (i, value) => nameMatches(value, i.InstanceName),
};

function describeInstances(call: ApiCall) {
  const where = regionOf(call);
  call.authorize('ecs:DescribeInstances', resource(where, 'instance'));
  const ids = idListParam(call.params, 'InstanceIds', 'i-bp67acfmxazb4p****');
  const matching = filtered(call.params, where.region.Instances, INSTANCE_FILTERS).filter((i) => !ids || ids.has(i.InstanceId));
  const listing = listingKey(call, where.regionId, ['InstanceIds', ...Object.keys(INSTANCE_FILTERS)]);
  const page = pageOf(call.params, matching, (i) => i.InstanceId, INSTANCES_PAGING, listing);
  return { ...page.answer, Instances: { Instance: page.items.map((i) => instanceView(i, where.regionId)) } };
}

function securityGroupView(group: EcsSecurityGroup, where: RegionCall) {
  return {
    SecurityGroupId: group.SecurityGroupId,
    SecurityGroupName: group.SecurityGroupName,
    Description: group.Description,
    VpcId: group.VpcId,
    SecurityGroupType: group.SecurityGroupType,
    ResourceGroupId: group.ResourceGroupId,
    ServiceManaged: false,
    RuleCount: group.Permissions.length,
    EcsCount: instancesPerGroup(where.region).get(group.SecurityGroupId) ?? 0,
    CreationTime: formatApiDate(group.CreationTime),
    Tags: tagsView(group.Tags),
  };
}

const GROUP_FILTERS: Record<string, (group: EcsSecurityGroup, value: string) => boolean> = {
  SecurityGroupId: (g, value) => g.SecurityGroupId === value,
  VpcId: (g, value) => g.VpcId === value,
  SecurityGroupType: (g, value) => g.SecurityGroupType === value,
  SecurityGroupName: (g, value) => nameMatches(value, g.SecurityGroupName),
};

function describeSecurityGroups(call: ApiCall) {
  const where = regionOf(call);
  call.authorize('ecs:DescribeSecurityGroups', resource(where, 'securitygroup'));
  const ids = idListParam(call.params, 'SecurityGroupIds', 'sg-bp67acfmxazb4p****');
  const matching = filtered(call.params, where.region.SecurityGroups, GROUP_FILTERS).filter((g) => !ids || ids.has(g.SecurityGroupId));
  const listing = listingKey(call, where.regionId, ['SecurityGroupIds', ...Object.keys(GROUP_FILTERS)]);
  const page = pageOf(call.params, matching, (g) => g.SecurityGroupId, GROUPS_PAGING, listing);
  return { ...page.answer, RegionId: where.regionId, SecurityGroups: { SecurityGroup: page.items.map((g) => securityGroupView(g, where)) } };
}

function permissionView(rule: EcsPermission) {
  return {
    SecurityGroupRuleId: rule.SecurityGroupRuleId,
    Direction: rule.Direction,
    IpProtocol: rule.IpProtocol,
    PortRange: rule.PortRange,
    SourcePortRange: rule.SourcePortRange,
    SourceCidrIp: rule.SourceCidrIp,
    Ipv6SourceCidrIp: rule.Ipv6SourceCidrIp,
    SourceGroupId: rule.SourceGroupId,
    SourcePrefixListId: rule.SourcePrefixListId,
    DestCidrIp: rule.DestCidrIp,
    Ipv6DestCidrIp: rule.Ipv6DestCidrIp,
    DestGroupId: rule.DestGroupId,
    DestPrefixListId: rule.DestPrefixListId,
    NicType: rule.NicType,
    Policy: rule.Policy,
    Priority: rule.Priority,
    Description: rule.Description,
    CreateTime: formatApiDate(rule.CreateTime),
  };
}

function describeSecurityGroupAttribute(call: ApiCall) {
  const where = regionOf(call);
  const groupId = required(call.params, 'SecurityGroupId');
  call.authorize('ecs:DescribeSecurityGroupAttribute', resource(where, 'securitygroup', groupId));
  const direction = choiceParam(call.params, 'Direction', ['ingress', 'egress', 'all'], 'all');
  const group = where.region.SecurityGroups.find((g) => g.SecurityGroupId === groupId);
  if (!group) throw serviceFaults.securityGroupNotFound(groupId);
  const rules = group.Permissions.filter((rule) => direction === 'all' || rule.Direction === direction);
  const listing = listingKey(call, where.regionId, ['SecurityGroupId', 'Direction']);
  const page = pageOf(call.params, rules, (rule) => rule.SecurityGroupRuleId, RULES_PAGING, listing);
  return {
    RegionId: where.regionId,
    SecurityGroupId: group.SecurityGroupId,
    SecurityGroupName: group.SecurityGroupName,
    Description: group.Description,
    VpcId: group.VpcId,
    InnerAccessPolicy: group.InnerAccessPolicy,
    Permissions: { Permission: page.items.map(permissionView) },
    NextToken: page.answer.NextToken,
  };
}

function diskView(disk: EcsDisk, regionId: string) {
  const attached = disk.Status === 'In_use';
  const attachedTime = disk.AttachedTime ? formatApiDate(disk.AttachedTime) : '';
  return {
    DiskId: disk.DiskId,
    DiskName: disk.DiskName,
    Description: disk.Description,
    RegionId: regionId,
    ZoneId: disk.ZoneId,
    Status: disk.Status,
    Category: disk.Category,
    Size: disk.Size,
    InstanceId: disk.InstanceId,
    Encrypted: disk.Encrypted,
    KMSKeyId: disk.KMSKeyId,
    Type: disk.Type,
    Device: disk.Device,
    DeleteWithInstance: disk.DeleteWithInstance,
    Portable: disk.Portable,
    CreationTime: formatApiDate(disk.CreationTime),
    AttachedTime: attachedTime,
    Attachments: { Attachment: attached ? [{ InstanceId: disk.InstanceId, Device: disk.Device, AttachedTime: attachedTime }] : [] },
    Tags: tagsView(disk.Tags),
  };
}

const DISK_FILTERS: Record<string, (disk: EcsDisk, value: string) => boolean> = {
  InstanceId: (d, value) => d.InstanceId === value,
  ZoneId: (d, value) => d.ZoneId === value,
  Category: (d, value) => d.Category === value,
  Status: (d, value) => value === 'All' || d.Status === value,
  DiskName: (d, value) => d.DiskName === value,
};

function describeDisks(call: ApiCall) {
  const where = regionOf(call);
  call.authorize('ecs:DescribeDisks', resource(where, 'disk'));
  const ids = idListParam(call.params, 'DiskIds', 'd-bp67acfmxazb4p****');
  const diskType = choiceParam(call.params, 'DiskType', ['all', 'system', 'data'], 'all');
  // Encrypted=true keeps only encrypted disks; false does not filter (the API's documented meaning).
  const encryptedOnly = booleanParam(call.params, 'Encrypted') === true;
  const matching = filtered(call.params, where.region.Disks, DISK_FILTERS).filter(
    (d) => (!ids || ids.has(d.DiskId)) && (diskType === 'all' || d.Type === diskType) && (!encryptedOnly || d.Encrypted),
  );
  const listing = listingKey(call, where.regionId, ['DiskIds', 'DiskType', 'Encrypted', ...Object.keys(DISK_FILTERS)]);
  const page = pageOf(call.params, matching, (d) => d.DiskId, DISKS_PAGING, listing);
  return { ...page.answer, Disks: { Disk: page.items.map((d) => diskView(d, where.regionId)) } };
}

export const ecsService: Service = {
  code: 'ecs',
  product: 'Ecs',
  version: '2014-05-26',
  hostId: 'ecs.aliyuncs.com',
  denial: FORBIDDEN_RAM,
  actions: {
    DescribeRegions: describeRegions,
    DescribeInstances: describeInstances,
    DescribeSecurityGroups: describeSecurityGroups,
    DescribeSecurityGroupAttribute: describeSecurityGroupAttribute,
    DescribeDisks: describeDisks,
  },
};

const groupCounts = new WeakMap<EcsRegion['Instances'], Map<string, number>>();

/** How many instances each group of a region holds, counted once per instance list (worlds can be large). */
function instancesPerGroup(region: EcsRegion): Map<string, number> {
  let counts = groupCounts.get(region.Instances);
  if (!counts) {
    counts = new Map();
    for (const instance of region.Instances) for (const id of instance.SecurityGroupIds) counts.set(id, (counts.get(id) ?? 0) + 1);
    groupCounts.set(region.Instances, counts);
  }
  return counts;
}
