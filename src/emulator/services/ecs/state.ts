/**
 * ECS's part of the emulator's state: the world's `Ecs` section as loaded, per region id. Dates are absolute here;
 * the section's loader (world.ts beside this file) resolves relative ones at load time.
 */

/** An ECS tag as the API answers it. */
export interface EcsTag {
  TagKey: string;
  TagValue: string;
}

/** An ECS instance of the world; the handler renders the API's wrappers (`PublicIpAddress: {IpAddress: [...]}`). */
export interface EcsInstance {
  InstanceId: string;
  InstanceName: string;
  ZoneId: string;
  Status: string;
  InstanceType: string;
  InstanceNetworkType: 'vpc' | 'classic';
  VpcId?: string;
  VSwitchId?: string;
  PrivateIpAddress: string[];
  InnerIpAddress: string[];
  PublicIpAddress: string[];
  EipAddress?: string;
  /** Ids of security groups of the same region. */
  SecurityGroupIds: string[];
  /** As the world gives it (HttpTokens, HttpEndpoint, …); the API's defaults are filled in when answering. */
  MetadataOptions?: Record<string, string | number>;
  DeletionProtection: boolean;
  CreationTime: Date;
  Tags: EcsTag[];
  /** The instance RAM role (DescribeInstanceRamRole's, not DescribeInstances'); read by the metadata service. */
  RamRoleName?: string;
  /** Further scalar fields answered as given (Description, HostName, ImageId, OSName, …). */
  Attributes: Record<string, string | number | boolean>;
}

/** One security group rule; every one has a SecurityGroupRuleId (the world's, or derived by the loader). */
export interface EcsPermission {
  SecurityGroupRuleId: string;
  Direction: 'ingress' | 'egress';
  /** As the world writes it (TCP, tcp, ALL, …): the API's case is not guaranteed, and scanners must cope. */
  IpProtocol: string;
  PortRange: string;
  SourceCidrIp: string;
  Ipv6SourceCidrIp: string;
  DestCidrIp: string;
  Ipv6DestCidrIp: string;
  SourceGroupId: string;
  DestGroupId: string;
  SourcePortRange: string;
  SourcePrefixListId: string;
  DestPrefixListId: string;
  NicType: string;
  /** Accept or Drop, in the world's case. */
  Policy: string;
  /** "1".."100": a string, as the API sends it. */
  Priority: string;
  Description: string;
  CreateTime: Date;
}

export interface EcsSecurityGroup {
  SecurityGroupId: string;
  SecurityGroupName: string;
  VpcId: string;
  Description: string;
  SecurityGroupType: 'normal' | 'enterprise';
  InnerAccessPolicy: string;
  ResourceGroupId: string;
  CreationTime: Date;
  Tags: EcsTag[];
  Permissions: EcsPermission[];
}

export interface EcsDisk {
  DiskId: string;
  DiskName: string;
  ZoneId: string;
  Status: 'In_use' | 'Available';
  Category: string;
  /** GiB. */
  Size: number;
  /** The instance it is attached to ("" when Available). */
  InstanceId: string;
  Encrypted: boolean;
  KMSKeyId: string;
  Type: 'system' | 'data';
  Device: string;
  DeleteWithInstance: boolean;
  Portable: boolean;
  CreationTime: Date;
  AttachedTime?: Date;
  Description: string;
  Tags: EcsTag[];
}

/** One region's ECS resources, each list in the world's order. */
export interface EcsRegion {
  Instances: EcsInstance[];
  SecurityGroups: EcsSecurityGroup[];
  Disks: EcsDisk[];
}

/** The account's ECS section: per region id; a region of Regions without an entry has no ECS resources. */
export type EcsSection = Record<string, EcsRegion>;
