/**
 * ECS 2014-05-26 as a scanner reads it: DescribeRegions, DescribeInstances, DescribeSecurityGroups,
 * DescribeSecurityGroupAttribute and DescribeDisks over the caller's account's ECS section of the world, with the
 * API's wrappers (`Instances.Instance[]`, …), both paging styles, the documented parameter bounds (an out-of-range
 * value is refused, never clamped) and ECS's refusals (Forbidden.RAM, InvalidRegionId.NotFound, …).
 *
 * Authorisation is `ecs:<Action>` on `acs:ecs:<region>:<account>:<type>/*` (`securitygroup/<id>` for one group's
 * rules, `acs:ecs:*:<account>:*` for DescribeRegions), evaluated as for every product.
 */
import { FORBIDDEN_RAM, serviceFaults, formatApiDate } from '../../api-error.js';
import type { Account } from '../../state.js';
import type { ApiCall, Service } from '../service.js';
import { booleanParam, choiceParam, filtered, idListParam, listingKey, nameMatches, pageOf, type PagingRules, regionParam, required } from '../params.js';
import { ecsOf, ecsSection } from './section.js';
import type { EcsDisk, EcsInstance, EcsPermission, EcsRegion, EcsSecurityGroup, EcsTag } from './state.js';

const NO_RESOURCES: EcsRegion = { Instances: [], SecurityGroups: [], Disks: [] };

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

// ---------------------------------------------------------------------------------------------------------------
// Regions and resources

interface RegionCall {
  account: Account;
  regionId: string;
  region: EcsRegion;
}

/** The caller's account's resources in the request's RegionId; a region of the world with no ECS data is empty. */
function regionOf(call: ApiCall): RegionCall {
  const regionId = regionParam(call);
  const account = call.caller!.principal.account;
  return { account, regionId, region: ecsOf(account)[regionId] ?? NO_RESOURCES };
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
  readOnlyPolicy: 'AliyunECSReadOnlyAccess',
  section: ecsSection,
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
