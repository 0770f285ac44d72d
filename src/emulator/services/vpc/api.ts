/**
 * VPC 2016-04-28 as a scanner reads it (DescribeRegions, DescribeVpcs, DescribeVSwitches, DescribeFlowLogs,
 * DescribeRouteTableList, DescribeRouteEntryList), and VPC peering, which is its own API (VpcPeer 2022-01-01,
 * ListVpcPeerConnections, at vpcpeer.aliyuncs.com) over the same `Vpc` section and the same RAM code, `vpc`.
 *
 * Wrappers, parameter names and page bounds are the SDK models' (@alicloud/vpc20160428 7.3.2; VpcPeer's from its
 * published models): PageNumber/PageSize for the Describe lists (at most 50 a page), NextToken with `MaxResult` (sic)
 * for route entries and `MaxResults` for peering connections. A value out of bounds is refused, never clamped.
 * Authorisation is `vpc:<Action>` on `acs:vpc:<region>:<account>:<type>/*` (`routetable/<id>` for one table's
 * routes, `acs:vpc:*:<account>:vpcpeer/*` for peering connections).
 */
import { ApiFault, FORBIDDEN_RAM, formatApiDate, serviceFaults } from '../../api-error.js';
import type { Account } from '../../state.js';
import { type Bounds, booleanParam, choiceParam, filtered, integerParam, listingKey, optional, pageOf, type Params, regionParam, required } from '../params.js';
import type { ApiCall, Service } from '../service.js';
import { vpcOf, vpcSection } from './section.js';
import type { FlowLog, PeerConnection, RouteEntry, RouteTable, VpcRegion, VSwitch, Vpc } from './state.js';
import { FLOW_LOG_RESOURCE_TYPES, FLOW_LOG_STATUSES, TRAFFIC_TYPES } from './state.js';
import { charsFrom } from '../../ids.js';

const NO_RESOURCES: VpcRegion = Object.freeze({ Vpcs: [], VSwitches: [], FlowLogs: [], RouteTables: [], PeerConnections: [] });

const VPCS_PAGE: Bounds = { min: 1, max: 50, default: 10 };
const VSWITCHES_PAGE: Bounds = { min: 1, max: 50, default: 10 };
const FLOW_LOGS_PAGE: Bounds = { min: 1, max: 50, default: 20 };
const ROUTE_TABLES_PAGE: Bounds = { min: 1, max: 50, default: 10 };
const ROUTE_ENTRIES_PAGE: Bounds = { min: 1, max: 100, default: 10 };
const PEERS_PAGE: Bounds = { min: 1, max: 100, default: 20 };

const routeTableNotFound = (id: string) => new ApiFault('InvalidRouteTableId.NotFound', 404, `The specified RouteTableId does not exist: ${id}.`);
const vpcNotFound = (id: string) => new ApiFault('InvalidVpcId.NotFound', 404, `The specified VpcId does not exist: ${id}.`);

interface RegionCall {
  account: Account;
  regionId: string;
  region: VpcRegion;
}

function regionOf(call: ApiCall, regionId = regionParam(call)): RegionCall {
  const account = call.caller!.principal.account;
  return { account, regionId, region: vpcOf(account)[regionId] ?? NO_RESOURCES };
}

function resource(where: { account: Account; regionId: string }, type: string, id = '*'): string {
  return `acs:vpc:${where.regionId}:${where.account.AccountId}:${type}/${id}`;
}

/** An account id as the API's long fields carry it (a string only where a number would lose digits). */
function uid(accountId: string): number | string {
  const n = Number(accountId);
  return Number.isSafeInteger(n) ? n : accountId;
}

/** A PageNumber/PageSize page: these lists take no NextToken and answer none. */
function numberedPage<T>(params: Params, all: T[], idOf: (item: T) => string, bounds: Bounds, listing: string) {
  const { MaxResults: _size, NextToken: _token, ...numbered } = params;
  const page = pageOf(numbered, all, idOf, { maxResults: bounds, pageSize: bounds }, listing);
  const { PageNumber, PageSize, TotalCount } = page.answer;
  return { items: page.items, answer: { PageNumber, PageSize, TotalCount } };
}

const empty = { Tag: [] as unknown[] };

function describeRegions(call: ApiCall) {
  call.authorize('vpc:DescribeRegions', `acs:vpc:*:${call.caller!.principal.account.AccountId}:*`);
  return {
    Regions: {
      Region: call.state.Regions.map((region) => ({ RegionId: region.RegionId, LocalName: region.LocalName, RegionEndpoint: `vpc.${region.RegionId}.aliyuncs.com` })),
    },
  };
}

const vRouterId = (vpc: Vpc) => `vrt-${charsFrom(`vrt:${vpc.VpcId}`, 21)}`;

function vpcView(vpc: Vpc, where: RegionCall) {
  return {
    VpcId: vpc.VpcId,
    VpcName: vpc.VpcName,
    RegionId: where.regionId,
    Status: vpc.Status,
    CidrBlock: vpc.CidrBlock,
    IsDefault: vpc.IsDefault,
    Description: vpc.Description,
    CreationTime: formatApiDate(vpc.CreationTime),
    VRouterId: vRouterId(vpc),
    OwnerId: uid(where.account.AccountId),
    ResourceGroupId: '',
    CenStatus: 'Detached',
    DhcpOptionsSetId: '',
    DhcpOptionsSetStatus: '',
    DnsHostnameStatus: 'DISABLED',
    EnabledIpv6: false,
    Ipv6CidrBlock: '',
    Ipv6CidrBlocks: { Ipv6CidrBlock: [] },
    SecondaryCidrBlocks: { SecondaryCidrBlock: [] },
    UserCidrs: { UserCidr: [] },
    NatGatewayIds: { NatGatewayIds: [] },
    VSwitchIds: { VSwitchId: where.region.VSwitches.filter((v) => v.VpcId === vpc.VpcId).map((v) => v.VSwitchId) },
    RouterTableIds: { RouterTableIds: where.region.RouteTables.filter((t) => t.VpcId === vpc.VpcId).map((t) => t.RouteTableId) },
    Tags: empty,
  };
}

const VPC_FILTERS: Record<string, (vpc: Vpc, value: string) => boolean> = {
  VpcName: (v, value) => v.VpcName === value,
};

function describeVpcs(call: ApiCall) {
  const where = regionOf(call);
  call.authorize('vpc:DescribeVpcs', resource(where, 'vpc'));
  const ids = optional(call.params, 'VpcId')?.split(',').map((id) => id.trim());
  if (ids && ids.length > 20) throw serviceFaults.invalidValue('VpcId', 'It takes at most 20 VPC ids, separated by commas.');
  const isDefault = booleanParam(call.params, 'IsDefault');
  const matching = filtered(call.params, where.region.Vpcs, VPC_FILTERS).filter(
    (v) => (!ids || ids.includes(v.VpcId)) && (isDefault === undefined || v.IsDefault === isDefault),
  );
  const page = numberedPage(call.params, matching, (v) => v.VpcId, VPCS_PAGE, listingKey(call, where.regionId, ['VpcId', 'IsDefault', 'VpcName']));
  return { ...page.answer, Vpcs: { Vpc: page.items.map((v) => vpcView(v, where)) } };
}

/** The route table a vSwitch uses: the custom one it is associated with, else its VPC's system table. */
function tableOf(vSwitch: VSwitch, region: VpcRegion): RouteTable | undefined {
  const mine = region.RouteTables.filter((t) => t.VpcId === vSwitch.VpcId);
  return mine.find((t) => t.VSwitchIds.includes(vSwitch.VSwitchId)) ?? mine.find((t) => t.RouteTableType === 'System');
}

function vSwitchView(vSwitch: VSwitch, where: RegionCall) {
  const table = tableOf(vSwitch, where.region);
  return {
    VSwitchId: vSwitch.VSwitchId,
    VSwitchName: vSwitch.VSwitchName,
    VpcId: vSwitch.VpcId,
    ZoneId: vSwitch.ZoneId,
    CidrBlock: vSwitch.CidrBlock,
    Status: vSwitch.Status,
    IsDefault: vSwitch.IsDefault,
    Description: vSwitch.Description,
    CreationTime: formatApiDate(vSwitch.CreationTime),
    // Alibaba Cloud keeps the first and last three addresses of a block.
    AvailableIpAddressCount: 2 ** (32 - Number(vSwitch.CidrBlock.split('/')[1])) - 4,
    RouteTable: { RouteTableId: table?.RouteTableId ?? '', RouteTableType: table?.RouteTableType ?? '' },
    OwnerId: uid(where.account.AccountId),
    ResourceGroupId: '',
    NetworkAclId: '',
    EnabledIpv6: false,
    Ipv6CidrBlock: '',
    Tags: empty,
  };
}

const VSWITCH_FILTERS: Record<string, (vSwitch: VSwitch, value: string) => boolean> = {
  VpcId: (v, value) => v.VpcId === value,
  VSwitchId: (v, value) => v.VSwitchId === value,
  ZoneId: (v, value) => v.ZoneId === value,
  VSwitchName: (v, value) => v.VSwitchName === value,
};

function describeVSwitches(call: ApiCall) {
  // RegionId or VpcId: either says where to look.
  const vpcId = optional(call.params, 'VpcId');
  let where: RegionCall;
  if (optional(call.params, 'RegionId') === undefined && vpcId !== undefined) {
    const home = Object.entries(vpcOf(call.caller!.principal.account)).find(([, region]) => region.Vpcs.some((v) => v.VpcId === vpcId));
    if (!home) throw vpcNotFound(vpcId);
    where = regionOf(call, home[0]);
  } else {
    where = regionOf(call);
  }
  call.authorize('vpc:DescribeVSwitches', resource(where, 'vswitch'));
  const isDefault = booleanParam(call.params, 'IsDefault');
  const tableId = optional(call.params, 'RouteTableId');
  const matching = filtered(call.params, where.region.VSwitches, VSWITCH_FILTERS).filter(
    (v) => (isDefault === undefined || v.IsDefault === isDefault) && (tableId === undefined || tableOf(v, where.region)?.RouteTableId === tableId),
  );
  const listing = listingKey(call, where.regionId, ['IsDefault', 'RouteTableId', ...Object.keys(VSWITCH_FILTERS)]);
  const page = numberedPage(call.params, matching, (v) => v.VSwitchId, VSWITCHES_PAGE, listing);
  return { ...page.answer, VSwitches: { VSwitch: page.items.map((v) => vSwitchView(v, where)) } };
}

function flowLogView(log: FlowLog, regionId: string) {
  return {
    FlowLogId: log.FlowLogId,
    FlowLogName: log.FlowLogName,
    Description: log.Description,
    RegionId: regionId,
    ResourceType: log.ResourceType,
    ResourceId: log.ResourceId,
    Status: log.Status,
    BusinessStatus: 'Normal',
    TrafficType: log.TrafficType,
    ProjectName: log.ProjectName,
    LogStoreName: log.LogStoreName,
    AggregationInterval: log.AggregationInterval,
    CreationTime: formatApiDate(log.CreationTime),
    FlowLogDeliverStatus: log.Status === 'Active' ? 'SUCCESS' : '',
    FlowLogDeliverErrorMessage: '',
    IpVersion: 'IPv4',
    ResourceGroupId: '',
    TrafficPath: { TrafficPathList: ['all'] },
    Tags: empty,
  };
}

const FLOW_LOG_FILTERS: Record<string, (log: FlowLog, value: string) => boolean> = {
  FlowLogId: (l, value) => l.FlowLogId === value,
  FlowLogName: (l, value) => l.FlowLogName === value,
  ResourceId: (l, value) => l.ResourceId === value,
  VpcId: (l, value) => l.VpcId === value,
  ProjectName: (l, value) => l.ProjectName === value,
  LogStoreName: (l, value) => l.LogStoreName === value,
  Description: (l, value) => l.Description === value,
};

function describeFlowLogs(call: ApiCall) {
  const where = regionOf(call);
  call.authorize('vpc:DescribeFlowLogs', resource(where, 'flowlog'));
  const chosen = {
    ResourceType: optional(call.params, 'ResourceType') && choiceParam(call.params, 'ResourceType', [...FLOW_LOG_RESOURCE_TYPES], 'VPC'),
    Status: optional(call.params, 'Status') && choiceParam(call.params, 'Status', [...FLOW_LOG_STATUSES], 'Active'),
    TrafficType: optional(call.params, 'TrafficType') && choiceParam(call.params, 'TrafficType', [...TRAFFIC_TYPES], 'All'),
  };
  const matching = filtered(call.params, where.region.FlowLogs, FLOW_LOG_FILTERS).filter((l) =>
    Object.entries(chosen).every(([key, value]) => !value || l[key as keyof typeof chosen] === value),
  );
  const listing = listingKey(call, where.regionId, [...Object.keys(chosen), ...Object.keys(FLOW_LOG_FILTERS)]);
  const page = numberedPage(call.params, matching, (l) => l.FlowLogId, FLOW_LOGS_PAGE, listing);
  // DescribeFlowLogs answers its counts as strings, and a Success flag (the SDK model's types).
  return {
    Success: 'true',
    PageNumber: String(page.answer.PageNumber),
    PageSize: String(page.answer.PageSize),
    TotalCount: String(page.answer.TotalCount),
    FlowLogs: { FlowLog: page.items.map((l) => flowLogView(l, where.regionId)) },
  };
}

function routeTableView(table: RouteTable, where: RegionCall) {
  const vpc = where.region.Vpcs.find((v) => v.VpcId === table.VpcId)!;
  const vSwitchIds =
    table.RouteTableType === 'Custom'
      ? table.VSwitchIds
      : where.region.VSwitches.filter((v) => v.VpcId === table.VpcId && tableOf(v, where.region) === table).map((v) => v.VSwitchId);
  return {
    RouteTableId: table.RouteTableId,
    RouteTableName: table.RouteTableName,
    RouteTableType: table.RouteTableType,
    VpcId: table.VpcId,
    RouterId: vRouterId(vpc),
    RouterType: 'VRouter',
    AssociateType: 'VSwitch',
    Status: 'Available',
    Description: table.Description,
    CreationTime: formatApiDate(table.CreationTime),
    OwnerId: uid(where.account.AccountId),
    ResourceGroupId: '',
    RoutePropagationEnable: true,
    VSwitchIds: { VSwitchId: vSwitchIds },
    GatewayIds: { GatewayIds: [] },
    Tags: empty,
  };
}

function describeRouteTableList(call: ApiCall) {
  const where = regionOf(call);
  call.authorize('vpc:DescribeRouteTableList', resource(where, 'routetable'));
  const filters: Record<string, (table: RouteTable, value: string) => boolean> = {
    VpcId: (t, value) => t.VpcId === value,
    RouteTableId: (t, value) => t.RouteTableId === value,
    RouteTableName: (t, value) => t.RouteTableName === value,
    RouteTableType: (t, value) => t.RouteTableType === value,
    RouterId: (t, value) => vRouterId(where.region.Vpcs.find((v) => v.VpcId === t.VpcId)!) === value,
    RouterType: (_t, value) => value === 'VRouter',
  };
  const matching = filtered(call.params, where.region.RouteTables, filters);
  const page = numberedPage(call.params, matching, (t) => t.RouteTableId, ROUTE_TABLES_PAGE, listingKey(call, where.regionId, Object.keys(filters)));
  return { ...page.answer, RouterTableList: { RouterTableListType: page.items.map((t) => routeTableView(t, where)) } };
}

function routeEntryView(entry: RouteEntry, table: RouteTable, regionId: string) {
  const ipv6 = entry.DestinationCidrBlock.includes(':');
  const hop =
    entry.NextHopType === 'local'
      ? { NextHopType: 'local', NextHopId: '', Enabled: 1, Weight: 100, NextHopRegionId: regionId }
      : {
          NextHopType: entry.NextHopType,
          NextHopId: entry.NextHopId,
          Enabled: 1,
          Weight: 100,
          NextHopRegionId: regionId,
          NextHopRelatedInfo: { InstanceId: entry.NextHopId, InstanceType: entry.NextHopType, RegionId: regionId },
        };
  return {
    RouteEntryId: entry.RouteEntryId,
    RouteEntryName: entry.RouteEntryName,
    RouteTableId: table.RouteTableId,
    DestinationCidrBlock: entry.DestinationCidrBlock,
    Type: entry.Type,
    Status: entry.Status,
    Description: entry.Description,
    IpVersion: ipv6 ? 'ipv6' : 'ipv4',
    Origin: entry.Type === 'System' ? 'SystemRoute' : 'CustomRoute',
    GmtModified: formatApiDate(table.CreationTime),
    NextHops: { NextHop: [hop] },
  };
}

function describeRouteEntryList(call: ApiCall) {
  const where = regionOf(call);
  const tableId = required(call.params, 'RouteTableId');
  call.authorize('vpc:DescribeRouteEntryList', resource(where, 'routetable', tableId));
  const table = where.region.RouteTables.find((t) => t.RouteTableId === tableId);
  if (!table) throw routeTableNotFound(tableId);
  const ipVersion = optional(call.params, 'IpVersion') && choiceParam(call.params, 'IpVersion', ['ipv4', 'ipv6'], 'ipv4');
  const filters: Record<string, (entry: RouteEntry, value: string) => boolean> = {
    RouteEntryId: (e, value) => e.RouteEntryId === value,
    RouteEntryName: (e, value) => e.RouteEntryName === value,
    RouteEntryType: (e, value) => e.Type === value,
    DestinationCidrBlock: (e, value) => e.DestinationCidrBlock === value,
    NextHopId: (e, value) => e.NextHopId === value,
    NextHopType: (e, value) => e.NextHopType === value,
  };
  const matching = filtered(call.params, table.RouteEntries, filters).filter((e) => !ipVersion || e.DestinationCidrBlock.includes(':') === (ipVersion === 'ipv6'));
  // This action names its page size MaxResult; the shared reader knows it as MaxResults.
  const size = integerParam(call.params, 'MaxResult', ROUTE_ENTRIES_PAGE);
  const { MaxResults: _ignored, ...params } = call.params;
  const tokenParams = { ...params, ...(size === undefined ? {} : { MaxResults: String(size) }) };
  const listing = listingKey(call, where.regionId, ['RouteTableId', 'IpVersion', ...Object.keys(filters)]);
  const page = pageOf(tokenParams, matching, (e) => e.RouteEntryId, { maxResults: ROUTE_ENTRIES_PAGE }, listing);
  return { NextToken: page.answer.NextToken, TotalCount: page.answer.TotalCount, RouteEntrys: { RouteEntry: page.items.map((e) => routeEntryView(e, table, where.regionId)) } };
}

export const vpcService: Service = {
  code: 'vpc',
  product: 'Vpc',
  version: '2016-04-28',
  hostId: 'vpc.aliyuncs.com',
  denial: FORBIDDEN_RAM,
  readOnlyPolicy: 'AliyunVPCReadOnlyAccess',
  section: vpcSection,
  actions: {
    DescribeRegions: describeRegions,
    DescribeVpcs: describeVpcs,
    DescribeVSwitches: describeVSwitches,
    DescribeFlowLogs: describeFlowLogs,
    DescribeRouteTableList: describeRouteTableList,
    DescribeRouteEntryList: describeRouteEntryList,
  },
};

// ---------------------------------------------------------------------------------------------------------------
// VPC peering (VpcPeer 2022-01-01)

interface Listed {
  owner: Account;
  regionId: string;
  peer: PeerConnection;
}

/** The IPv4 blocks of a VPC of the world, or none when its account is not in the world (another tenant's). */
function blocksOf(call: ApiCall, accountId: string, regionId: string, vpcId: string): string[] {
  const account = call.state.Accounts.get(accountId);
  const vpc = account && vpcOf(account)[regionId]?.Vpcs.find((v) => v.VpcId === vpcId);
  return vpc ? [vpc.CidrBlock] : [];
}

function peerView(call: ApiCall, { owner, regionId, peer }: Listed) {
  return {
    InstanceId: peer.InstanceId,
    Name: peer.Name,
    Description: peer.Description,
    Status: peer.Status,
    BizStatus: 'Normal',
    GmtCreate: formatApiDate(peer.GmtCreate),
    GmtModified: formatApiDate(peer.GmtCreate),
    OwnerId: uid(owner.AccountId),
    RegionId: regionId,
    Vpc: { VpcId: peer.VpcId, Ipv4Cidrs: blocksOf(call, owner.AccountId, regionId, peer.VpcId), Ipv6Cidrs: [] },
    AcceptingOwnerUid: uid(peer.AcceptingOwnerUid),
    AcceptingRegionId: peer.AcceptingRegionId,
    AcceptingVpc: {
      VpcId: peer.AcceptingVpcId,
      Ipv4Cidrs: peer.AcceptingIpv4Cidrs ?? blocksOf(call, peer.AcceptingOwnerUid, peer.AcceptingRegionId, peer.AcceptingVpcId),
      Ipv6Cidrs: [],
    },
    Bandwidth: peer.Bandwidth,
    ResourceGroupId: '',
    Tags: [],
  };
}

/**
 * The caller's connections: those its VPCs requested and those another account of the world requested of it. A
 * RegionId keeps the connections with an end in that region (either end: each side sees the connection at home).
 */
function listVpcPeerConnections(call: ApiCall) {
  const account = call.caller!.principal.account;
  const regionId = optional(call.params, 'RegionId') === undefined ? undefined : regionParam(call);
  call.authorize('vpc:ListVpcPeerConnections', `acs:vpc:*:${account.AccountId}:vpcpeer/*`);
  // The SDK sends the VpcId array in its "simple" style: the ids joined by commas.
  const vpcIds = optional(call.params, 'VpcId') && new Set(call.params.VpcId.split(',').map((id) => id.trim()));
  if (vpcIds && vpcIds.size > 100) throw serviceFaults.invalidValue('VpcId', 'It takes at most 100 VPC ids, separated by commas.');
  const listed: Listed[] = [];
  for (const owner of call.state.Accounts.values()) {
    for (const [ownerRegion, region] of Object.entries(vpcOf(owner))) {
      for (const peer of region.PeerConnections) {
        if (owner !== account && peer.AcceptingOwnerUid !== account.AccountId) continue;
        if (regionId && ownerRegion !== regionId && peer.AcceptingRegionId !== regionId) continue;
        if (vpcIds && !vpcIds.has(peer.VpcId) && !vpcIds.has(peer.AcceptingVpcId)) continue;
        listed.push({ owner, regionId: ownerRegion, peer });
      }
    }
  }
  const matching = filtered(call.params, listed, {
    InstanceId: (l, value) => l.peer.InstanceId === value,
    Name: (l, value) => l.peer.Name === value,
  });
  const listing = listingKey(call, regionId ?? '*', ['VpcId', 'InstanceId', 'Name']);
  const page = pageOf(call.params, matching, (l) => l.peer.InstanceId, { maxResults: PEERS_PAGE }, listing);
  return {
    NextToken: page.answer.NextToken,
    MaxResults: page.answer.PageSize,
    TotalCount: page.answer.TotalCount,
    VpcPeerConnects: page.items.map((l) => peerView(call, l)),
  };
}

/** VPC peering: its own version and host, the RAM code `vpc`, and AliyunVPCReadOnlyAccess (held through VPC's). */
export const vpcPeerService: Service = {
  code: 'vpc',
  product: 'VpcPeer',
  version: '2022-01-01',
  hostId: 'vpcpeer.aliyuncs.com',
  denial: FORBIDDEN_RAM,
  actions: { ListVpcPeerConnections: listVpcPeerConnections },
};
