/**
 * VPC's part of the emulator's state: the world's `Vpc` section as loaded, per region id. Dates are absolute here;
 * the section's loader (world.ts beside this file) resolves relative ones and derives the ids left out.
 */

export interface Vpc {
  VpcId: string;
  VpcName: string;
  CidrBlock: string;
  Status: 'Available' | 'Pending';
  IsDefault: boolean;
  Description: string;
  CreationTime: Date;
}

export interface VSwitch {
  VSwitchId: string;
  VSwitchName: string;
  VpcId: string;
  ZoneId: string;
  CidrBlock: string;
  Status: 'Available' | 'Pending';
  IsDefault: boolean;
  Description: string;
  CreationTime: Date;
}

export const FLOW_LOG_RESOURCE_TYPES = ['VPC', 'VSwitch', 'NetworkInterface'] as const;
export const FLOW_LOG_STATUSES = ['Active', 'Activating', 'Inactive'] as const;
export const TRAFFIC_TYPES = ['All', 'Allow', 'Drop'] as const;

export interface FlowLog {
  FlowLogId: string;
  FlowLogName: string;
  ResourceType: (typeof FLOW_LOG_RESOURCE_TYPES)[number];
  ResourceId: string;
  /** The VPC whose traffic it captures (the resource's), for DescribeFlowLogs' VpcId filter. */
  VpcId: string;
  Status: (typeof FLOW_LOG_STATUSES)[number];
  TrafficType: (typeof TRAFFIC_TYPES)[number];
  ProjectName: string;
  LogStoreName: string;
  AggregationInterval: number;
  Description: string;
  CreationTime: Date;
}

export interface RouteEntry {
  RouteEntryId: string;
  RouteEntryName: string;
  DestinationCidrBlock: string;
  NextHopType: string;
  NextHopId: string;
  Type: 'System' | 'Custom';
  Status: string;
  Description: string;
}

export interface RouteTable {
  RouteTableId: string;
  RouteTableName: string;
  VpcId: string;
  RouteTableType: 'System' | 'Custom';
  /** The vSwitches a custom table is associated with (a system table serves the VPC's others). */
  VSwitchIds: string[];
  Description: string;
  CreationTime: Date;
  RouteEntries: RouteEntry[];
}

/** A VPC peering connection (VpcPeer 2022-01-01), listed in the region of its requester VPC. */
export interface PeerConnection {
  InstanceId: string;
  Name: string;
  /** The requester VPC, of this region and account. */
  VpcId: string;
  AcceptingOwnerUid: string;
  AcceptingRegionId: string;
  AcceptingVpcId: string;
  /**
   * The accepter VPC's blocks as the world states them: only for an accepter outside the account, whose blocks the
   * emulator reads from that account when the world has it.
   */
  AcceptingIpv4Cidrs?: string[];
  Status: string;
  Bandwidth: number;
  Description: string;
  GmtCreate: Date;
}

export interface VpcRegion {
  Vpcs: Vpc[];
  VSwitches: VSwitch[];
  FlowLogs: FlowLog[];
  /** Every VPC has a system table: the world's, or one the loader adds with no custom routes. */
  RouteTables: RouteTable[];
  PeerConnections: PeerConnection[];
}

/** Per region id; a region of the world without an entry has no VPC resources. */
export type VpcSection = Record<string, VpcRegion>;
