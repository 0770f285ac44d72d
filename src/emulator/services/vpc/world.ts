/**
 * Loads a world's `Vpc` section (per region id: Vpcs, VSwitches, FlowLogs, RouteTables, PeerConnections) into VPC's
 * state: every field checked at its JSON path, relative dates resolved, ids left out derived from names, and every
 * reference (a vSwitch's VPC, a flow log's resource, a route's peering connection) resolved or refused.
 */
import { charsFrom } from '../../ids.js';
import { at, Fields, isObject, UniqueNames, WorldError, IPV4_CIDR, IPV6_CIDR } from '../../world-fields.js';
import type { SectionWhere } from '../service.js';
import { containsIpv4, isIpv4Cidr } from './cidr.js';
import {
  FLOW_LOG_RESOURCE_TYPES,
  FLOW_LOG_STATUSES,
  TRAFFIC_TYPES,
  type FlowLog,
  type PeerConnection,
  type RouteEntry,
  type RouteTable,
  type VpcRegion,
  type VpcSection,
  type VSwitch,
  type Vpc,
} from './state.js';

const REGION_FIELDS = ['Vpcs', 'VSwitches', 'FlowLogs', 'RouteTables', 'PeerConnections'];
const VPC_FIELDS = ['VpcId', 'VpcName', 'RegionId', 'CidrBlock', 'Status', 'IsDefault', 'Description', 'CreationTime'];
const VSWITCH_FIELDS = ['VSwitchId', 'VSwitchName', 'VpcId', 'ZoneId', 'CidrBlock', 'Status', 'IsDefault', 'Description', 'CreationTime'];
const FLOW_LOG_FIELDS = [
  'FlowLogId', 'FlowLogName', 'ResourceType', 'ResourceId', 'Status', 'TrafficType', 'ProjectName', 'LogStoreName',
  'AggregationInterval', 'Description', 'CreationTime', 'RegionId',
];
const ROUTE_TABLE_FIELDS = ['RouteTableId', 'RouteTableName', 'VpcId', 'RouteTableType', 'VSwitchIds', 'Description', 'CreationTime', 'RouteEntries'];
const ROUTE_ENTRY_FIELDS = ['RouteEntryId', 'RouteEntryName', 'DestinationCidrBlock', 'NextHopType', 'NextHopId', 'Type', 'Status', 'Description'];
const PEER_FIELDS = [
  'InstanceId', 'Name', 'VpcId', 'RegionId', 'AcceptingOwnerUid', 'AcceptingRegionId', 'AcceptingVpc', 'Status', 'Bandwidth',
  'Description', 'GmtCreate',
];
/** The next hops CreateRouteEntry takes, and `local` for the system routes of the VPC's own blocks. */
const NEXT_HOP_TYPES = [
  'Instance', 'HaVip', 'VpnGateway', 'NatGateway', 'NetworkInterface', 'RouterInterface', 'IPv6Gateway', 'Attachment',
  'Ipv4Gateway', 'GatewayEndpoint', 'Ecr', 'VpcPeer', 'local',
];
const PEER_STATUSES = ['Creating', 'Accepting', 'Updating', 'Rejected', 'Expired', 'Activated', 'Deleting', 'Deleted'];

const id = (prefix: string) => ({ prefix, pattern: new RegExp(`^${prefix}-[a-z0-9][a-z0-9-]{0,63}$`), text: `"${prefix}-" and lower-case letters, digits or "-"` });
const SHAPES = { vpc: id('vpc'), vsw: id('vsw'), fl: id('fl'), vtb: id('vtb'), rte: id('rte'), pcc: id('pcc'), eni: id('eni') };
const OWNER_UID = { pattern: /^\d{16,18}$/, text: 'an Alibaba Cloud account id (16 to 18 digits)' };

/** An id derived from what names the resource, so two loads of one world agree (as ids.ts derives the others). */
function derivedId(prefix: string, seed: string): string {
  return `${prefix}-${charsFrom(`${prefix}:${seed}`, 21)}`;
}

export function loadVpc(value: unknown, where: SectionWhere): VpcSection {
  return new VpcLoader(where).section(value);
}

class VpcLoader {
  constructor(private readonly where: SectionWhere) {}

  private fields(value: unknown, path: string, allowed: readonly string[]): Fields {
    return Fields.of(value, path, allowed, this.where.now);
  }

  /**
   * Two passes: every region's VPCs, vSwitches, flow logs and peering connections first, then the route tables, whose
   * peering routes may name a connection requested from another region.
   */
  section(value: unknown): VpcSection {
    const { path, regionIds } = this.where;
    if (!isObject(value)) throw new WorldError(path, 'must be a JSON object keyed by region id');
    const section: VpcSection = {};
    const regions: [string, Fields][] = [];
    for (const [regionId, regionValue] of Object.entries(value)) {
      const regionPath = at(path, regionId);
      if (!regionIds.has(regionId)) throw new WorldError(regionPath, `region "${regionId}" is not in Regions`);
      const f = this.fields(regionValue, regionPath, REGION_FIELDS);
      const Vpcs = f.uniqueList('Vpcs', 'VpcId', (item, p) => this.vpc(item, p, regionId));
      const VSwitches = f.uniqueList('VSwitches', 'VSwitchId', (item, p) => this.vSwitch(item, p, regionId, Vpcs));
      const FlowLogs = f.uniqueList('FlowLogs', 'FlowLogId', (item, p) => this.flowLog(item, p, regionId, Vpcs, VSwitches));
      const PeerConnections = f.uniqueList('PeerConnections', 'InstanceId', (item, p) => this.peer(item, p, regionId, Vpcs));
      section[regionId] = { Vpcs, VSwitches, FlowLogs, RouteTables: [], PeerConnections };
      regions.push([regionId, f]);
    }
    this.checkAccepters(section);
    for (const [regionId, f] of regions) {
      const region = section[regionId];
      region.RouteTables = f.uniqueList('RouteTables', 'RouteTableId', (item, p) => this.routeTable(item, p, regionId, region, section));
      region.RouteTables.push(...systemTablesMissing(region, this.where));
    }
    return section;
  }


  /** The resource's id and name: an id left out is derived from the name. */
  private identity(f: Fields, idKey: string, nameKey: string, shape: ReturnType<typeof id>, regionId: string) {
    const name = f.string(nameKey) ?? '';
    const given = f.has(idKey) ? f.requiredString(idKey, shape) : undefined;
    if (given === undefined && !name) throw new WorldError(f.path, `needs ${idKey} or ${nameKey}`);
    return { id: given ?? derivedId(shape.prefix, `${this.where.accountId}:${regionId}/${name}`), name };
  }

  private regionOf(f: Fields, regionId: string): void {
    const given = f.string('RegionId');
    if (given !== undefined && given !== regionId) throw new WorldError(f.at('RegionId'), `must be "${regionId}", the region it is listed under (or be left out)`);
  }

  private choice<T extends string>(f: Fields, key: string, allowed: readonly T[], fallback: T): T {
    const value = f.string(key) ?? fallback;
    if (!allowed.includes(value as T)) throw new WorldError(f.at(key), `must be ${allowed.join(', ')}`);
    return value as T;
  }

  private ipv4Block(f: Fields, key: string, prefixes: [number, number]): string {
    const value = f.requiredString(key);
    const prefix = isIpv4Cidr(value) ? Number(value.split('/')[1]) : NaN;
    if (!(prefix >= prefixes[0] && prefix <= prefixes[1])) {
      throw new WorldError(f.at(key), `must be an IPv4 CIDR block from /${prefixes[0]} to /${prefixes[1]}, such as "10.0.0.0/16"`);
    }
    return value;
  }

  private vpc(item: unknown, path: string, regionId: string): Vpc {
    const f = this.fields(item, path, VPC_FIELDS);
    this.regionOf(f, regionId);
    const { id: VpcId, name: VpcName } = this.identity(f, 'VpcId', 'VpcName', SHAPES.vpc, regionId);
    return {
      VpcId,
      VpcName,
      CidrBlock: this.ipv4Block(f, 'CidrBlock', [8, 28]),
      Status: this.choice(f, 'Status', ['Available', 'Pending'] as const, 'Available'),
      IsDefault: f.boolean('IsDefault', false),
      Description: f.string('Description') ?? '',
      CreationTime: f.date('CreationTime') ?? this.where.now,
    };
  }

  /** A VPC of the region named by id or name. */
  private vpcRef(f: Fields, key: string, vpcs: Vpc[]): Vpc {
    const ref = f.requiredString(key);
    const vpc = vpcs.find((v) => v.VpcId === ref) ?? vpcs.find((v) => v.VpcName === ref);
    if (!vpc) throw new WorldError(f.at(key), `"${ref}" is no VPC of this region's Vpcs (by VpcId or VpcName)`);
    return vpc;
  }

  private vSwitch(item: unknown, path: string, regionId: string, vpcs: Vpc[]): VSwitch {
    const f = this.fields(item, path, VSWITCH_FIELDS);
    const { id: VSwitchId, name: VSwitchName } = this.identity(f, 'VSwitchId', 'VSwitchName', SHAPES.vsw, regionId);
    const vpc = this.vpcRef(f, 'VpcId', vpcs);
    const CidrBlock = this.ipv4Block(f, 'CidrBlock', [16, 29]);
    if (!containsIpv4(vpc.CidrBlock, CidrBlock)) throw new WorldError(f.at('CidrBlock'), `must lie within its VPC's CidrBlock ${vpc.CidrBlock}`);
    // Zones are the region's id and a letter: cn-hangzhou-h, ap-southeast-1a.
    const example = `${regionId}${/\d$/.test(regionId) ? '' : '-'}a`;
    const ZoneId = f.string('ZoneId') ?? example;
    if (!new RegExp(`^${regionId}-?[a-z]$`).test(ZoneId)) throw new WorldError(f.at('ZoneId'), `must be a zone of ${regionId}, such as "${example}"`);
    return {
      VSwitchId,
      VSwitchName,
      VpcId: vpc.VpcId,
      ZoneId,
      CidrBlock,
      Status: this.choice(f, 'Status', ['Available', 'Pending'] as const, 'Available'),
      IsDefault: f.boolean('IsDefault', false),
      Description: f.string('Description') ?? '',
      CreationTime: f.date('CreationTime') ?? this.where.now,
    };
  }

  private flowLog(item: unknown, path: string, regionId: string, vpcs: Vpc[], vSwitches: VSwitch[]): FlowLog {
    const f = this.fields(item, path, FLOW_LOG_FIELDS);
    this.regionOf(f, regionId);
    const { id: FlowLogId, name: FlowLogName } = this.identity(f, 'FlowLogId', 'FlowLogName', SHAPES.fl, regionId);
    const ResourceType = this.choice(f, 'ResourceType', FLOW_LOG_RESOURCE_TYPES, 'VPC');
    let ResourceId: string;
    let VpcId = '';
    if (ResourceType === 'VPC') {
      ResourceId = VpcId = this.vpcRef(f, 'ResourceId', vpcs).VpcId;
    } else if (ResourceType === 'VSwitch') {
      const ref = f.requiredString('ResourceId');
      const vSwitch = vSwitches.find((v) => v.VSwitchId === ref) ?? vSwitches.find((v) => v.VSwitchName === ref);
      if (!vSwitch) throw new WorldError(f.at('ResourceId'), `"${ref}" is no vSwitch of this region's VSwitches (by VSwitchId or VSwitchName)`);
      ResourceId = vSwitch.VSwitchId;
      VpcId = vSwitch.VpcId;
    } else {
      // Network interfaces are ECS's; the section does not model them, so such a log covers no VPC or vSwitch here.
      ResourceId = f.requiredString('ResourceId', SHAPES.eni);
    }
    return {
      FlowLogId,
      FlowLogName,
      ResourceType,
      ResourceId,
      VpcId,
      Status: this.choice(f, 'Status', FLOW_LOG_STATUSES, 'Active'),
      TrafficType: this.choice(f, 'TrafficType', TRAFFIC_TYPES, 'All'),
      ProjectName: f.string('ProjectName') ?? 'vpc-flow-logs',
      LogStoreName: f.string('LogStoreName') ?? 'flow-log',
      AggregationInterval: aggregation(f),
      Description: f.string('Description') ?? '',
      CreationTime: f.date('CreationTime') ?? this.where.now,
    };
  }

  private peer(item: unknown, path: string, regionId: string, vpcs: Vpc[]): PeerConnection {
    const f = this.fields(item, path, PEER_FIELDS);
    this.regionOf(f, regionId);
    const { id: InstanceId, name: Name } = this.identity(f, 'InstanceId', 'Name', SHAPES.pcc, regionId);
    const VpcId = this.vpcRef(f, 'VpcId', vpcs).VpcId;
    const AcceptingOwnerUid = f.has('AcceptingOwnerUid') ? ownerUid(f) : this.where.accountId;
    const AcceptingRegionId = f.string('AcceptingRegionId') ?? regionId;
    if (!this.where.regionIds.has(AcceptingRegionId)) throw new WorldError(f.at('AcceptingRegionId'), `region "${AcceptingRegionId}" is not in Regions`);
    const accepting = this.fields(f.raw('AcceptingVpc'), f.at('AcceptingVpc'), ['VpcId', 'Ipv4Cidrs']);
    const AcceptingVpcId = accepting.requiredString('VpcId', SHAPES.vpc);
    let AcceptingIpv4Cidrs: string[] | undefined;
    if (accepting.has('Ipv4Cidrs')) {
      if (AcceptingOwnerUid === this.where.accountId) {
        throw new WorldError(accepting.at('Ipv4Cidrs'), "is read from the account's own accepter VPC; leave it out");
      }
      AcceptingIpv4Cidrs = accepting.strings('Ipv4Cidrs').map((block, i) => {
        if (!isIpv4Cidr(block)) throw new WorldError(at(accepting.at('Ipv4Cidrs'), i), 'must be an IPv4 CIDR block such as "10.0.0.0/16"');
        return block;
      });
    }
    if (AcceptingVpcId === VpcId) throw new WorldError(accepting.at('VpcId'), 'must be another VPC than the requester');
    const interRegion = AcceptingRegionId !== regionId;
    return {
      InstanceId,
      Name,
      VpcId,
      AcceptingOwnerUid,
      AcceptingRegionId,
      AcceptingVpcId,
      ...(AcceptingIpv4Cidrs ? { AcceptingIpv4Cidrs } : {}),
      Status: this.choice(f, 'Status', PEER_STATUSES, 'Activated'),
      // The API's defaults: no limit within a region, 1 Gbit/s between regions.
      Bandwidth: f.integer('Bandwidth', interRegion ? 1024 : -1, -1, 100_000),
      Description: f.string('Description') ?? '',
      GmtCreate: f.date('GmtCreate') ?? this.where.now,
    };
  }

  /** A connection whose accepter is in this account must name one of its VPCs, in the accepting region. */
  private checkAccepters(section: VpcSection): void {
    for (const [regionId, region] of Object.entries(section)) {
      region.PeerConnections.forEach((peer, i) => {
        if (peer.AcceptingOwnerUid !== this.where.accountId) return;
        if (!section[peer.AcceptingRegionId]?.Vpcs.some((vpc) => vpc.VpcId === peer.AcceptingVpcId)) {
          throw new WorldError(
            at(at(at(at(this.where.path, regionId), 'PeerConnections'), i), 'AcceptingVpc'),
            `VpcId "${peer.AcceptingVpcId}" is no VPC of this account's Vpcs in ${peer.AcceptingRegionId}`,
          );
        }
      });
    }
  }

  private routeTable(item: unknown, path: string, regionId: string, region: VpcRegion, section: VpcSection): RouteTable {
    const f = this.fields(item, path, ROUTE_TABLE_FIELDS);
    const { id: RouteTableId, name: RouteTableName } = this.identity(f, 'RouteTableId', 'RouteTableName', SHAPES.vtb, regionId);
    const vpc = this.vpcRef(f, 'VpcId', region.Vpcs);
    const RouteTableType = this.choice(f, 'RouteTableType', ['System', 'Custom'] as const, 'Custom');
    if (RouteTableType === 'System' && region.RouteTables.some((t) => t.VpcId === vpc.VpcId && t.RouteTableType === 'System')) {
      throw new WorldError(f.at('RouteTableType'), `${vpc.VpcId} already has its System route table; a VPC has one`);
    }
    const VSwitchIds = f.strings('VSwitchIds').map((ref, i) => {
      const vSwitch = region.VSwitches.find((v) => v.VpcId === vpc.VpcId && (v.VSwitchId === ref || v.VSwitchName === ref));
      if (!vSwitch) throw new WorldError(at(f.at('VSwitchIds'), i), `"${ref}" is no vSwitch of ${vpc.VpcId}`);
      return vSwitch.VSwitchId;
    });
    const unique = new UniqueNames('DestinationCidrBlock');
    const RouteEntries = f.array('RouteEntries').map((entry, i) => {
      const loaded = this.routeEntry(entry, at(f.at('RouteEntries'), i), RouteTableId, vpc, section);
      unique.add(loaded.DestinationCidrBlock, at(f.at('RouteEntries'), i));
      return loaded;
    });
    return {
      RouteTableId,
      RouteTableName,
      VpcId: vpc.VpcId,
      RouteTableType,
      VSwitchIds,
      Description: f.string('Description') ?? '',
      CreationTime: f.date('CreationTime') ?? vpc.CreationTime,
      RouteEntries,
    };
  }

  private routeEntry(item: unknown, path: string, tableId: string, vpc: Vpc, section: VpcSection): RouteEntry {
    const f = this.fields(item, path, ROUTE_ENTRY_FIELDS);
    const DestinationCidrBlock = f.requiredString('DestinationCidrBlock');
    if (!(isIpv4Cidr(DestinationCidrBlock) || (IPV6_CIDR.pattern.test(DestinationCidrBlock) && DestinationCidrBlock.includes('/')))) {
      throw new WorldError(f.at('DestinationCidrBlock'), `must be ${IPV4_CIDR.text.replace('an IPv4 address or ', 'an IPv4 or IPv6 ')}`);
    }
    const NextHopType = this.choice(f, 'NextHopType', NEXT_HOP_TYPES, 'Instance');
    const NextHopId = NextHopType === 'local' ? (f.string('NextHopId') ?? '') : f.requiredString('NextHopId');
    if (NextHopType === 'VpcPeer') {
      const touches = Object.values(section).some((r) =>
        r.PeerConnections.some((p) => p.InstanceId === NextHopId && (p.VpcId === vpc.VpcId || (p.AcceptingVpcId === vpc.VpcId && p.AcceptingOwnerUid === this.where.accountId))),
      );
      if (!touches) throw new WorldError(f.at('NextHopId'), `"${NextHopId}" is no peering connection of ${vpc.VpcId} in this account's PeerConnections`);
    }
    return {
      RouteEntryId: f.has('RouteEntryId') ? f.requiredString('RouteEntryId', SHAPES.rte) : derivedId('rte', `${tableId}/${DestinationCidrBlock}`),
      RouteEntryName: f.string('RouteEntryName') ?? '',
      DestinationCidrBlock,
      NextHopType,
      NextHopId,
      Type: this.choice(f, 'Type', ['System', 'Custom'] as const, 'Custom'),
      Status: this.choice(f, 'Status', ['Available', 'Pending', 'Modifying'], 'Available'),
      Description: f.string('Description') ?? '',
    };
  }
}

function aggregation(f: Fields): number {
  const value = f.integer('AggregationInterval', 10, 1, 10);
  if (![1, 5, 10].includes(value)) throw new WorldError(f.at('AggregationInterval'), 'must be 1, 5 or 10 (minutes)');
  return value;
}

function ownerUid(f: Fields): string {
  const value = f.raw('AcceptingOwnerUid');
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string' || !OWNER_UID.pattern.test(text)) throw new WorldError(f.at('AcceptingOwnerUid'), `must be ${OWNER_UID.text}`);
  return text;
}

/** The system route table every VPC has, for the VPCs whose table the world leaves out: only the local routes. */
function systemTablesMissing(region: VpcRegion, where: SectionWhere): RouteTable[] {
  return region.Vpcs.filter((vpc) => !region.RouteTables.some((t) => t.VpcId === vpc.VpcId && t.RouteTableType === 'System')).map((vpc) => {
    const RouteTableId = derivedId('vtb', `${where.accountId}:${vpc.VpcId}`);
    return {
      RouteTableId,
      RouteTableName: '',
      VpcId: vpc.VpcId,
      RouteTableType: 'System' as const,
      VSwitchIds: [],
      Description: '',
      CreationTime: vpc.CreationTime,
      RouteEntries: region.VSwitches.filter((v) => v.VpcId === vpc.VpcId).map((v) => ({
        RouteEntryId: derivedId('rte', `${RouteTableId}/${v.CidrBlock}`),
        RouteEntryName: '',
        DestinationCidrBlock: v.CidrBlock,
        NextHopType: 'local',
        NextHopId: '',
        Type: 'System' as const,
        Status: 'Available',
        Description: '',
      })),
    };
  });
}
