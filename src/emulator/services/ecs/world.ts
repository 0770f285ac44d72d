/**
 * Loads a world's `Ecs` section (per region id: SecurityGroups, Instances, Disks) into ECS's state: validates every
 * field at its JSON path, resolves relative dates against the load time and derives stable ids for the ones left out.
 */
import * as ids from '../../ids.js';
import { at, Fields, isObject, UniqueNames, WorldError, IPV4, IPV4_ADDRESS, IPV4_CIDR, IPV6_CIDR, isPortRange, PORT_RANGE_TEXT } from '../../world-fields.js';
import type { SectionWhere } from '../service.js';
import type { EcsDisk, EcsInstance, EcsPermission, EcsSecurityGroup, EcsSection, EcsTag } from './state.js';

/** What a world's "Ecs" may say of ECS resources, beyond their ids and names. */
const ECS_REGION_FIELDS = ['Instances', 'SecurityGroups', 'Disks'];
const INSTANCE_STATUSES = ['Pending', 'Running', 'Starting', 'Stopping', 'Stopped'];
/** Scalar fields of DescribeInstances' Instance that a world may set and that are answered as given. */
const INSTANCE_ATTRIBUTES: Record<string, 'string' | 'number' | 'boolean'> = {
  Description: 'string', HostName: 'string', ImageId: 'string', OSName: 'string', OSNameEn: 'string', OSType: 'string',
  Cpu: 'number', Memory: 'number', InstanceChargeType: 'string', InternetChargeType: 'string',
  InternetMaxBandwidthIn: 'number', InternetMaxBandwidthOut: 'number', KeyPairName: 'string', ResourceGroupId: 'string',
  InstanceTypeFamily: 'string', SerialNumber: 'string', IoOptimized: 'boolean', SpotStrategy: 'string', StoppedMode: 'string',
};
const INSTANCE_FIELDS = [
  'InstanceId', 'InstanceName', 'RegionId', 'ZoneId', 'Status', 'InstanceType', 'InstanceNetworkType', 'VpcId', 'VSwitchId',
  'PrivateIpAddress', 'VpcAttributes', 'InnerIpAddress', 'PublicIpAddress', 'EipAddress', 'SecurityGroupIds', 'MetadataOptions',
  'DeletionProtection', 'CreationTime', 'Tags', 'RamRoleName', ...Object.keys(INSTANCE_ATTRIBUTES),
];
/** MetadataOptions fields and the values each takes (a number range for the hop limit). */
const METADATA_OPTIONS: Record<string, readonly string[] | [number, number]> = {
  HttpTokens: ['optional', 'required'],
  HttpEndpoint: ['enabled', 'disabled'],
  InstanceMetadataTags: ['enabled', 'disabled'],
  HttpPutResponseHopLimit: [1, 64],
};
const SECURITY_GROUP_FIELDS = [
  'SecurityGroupId', 'SecurityGroupName', 'RegionId', 'VpcId', 'Description', 'SecurityGroupType', 'InnerAccessPolicy',
  'ResourceGroupId', 'CreationTime', 'Tags', 'Permissions',
];
const PERMISSION_FIELDS = [
  'SecurityGroupRuleId', 'Direction', 'IpProtocol', 'PortRange', 'SourceCidrIp', 'Ipv6SourceCidrIp', 'DestCidrIp',
  'Ipv6DestCidrIp', 'SourceGroupId', 'DestGroupId', 'SourcePortRange', 'SourcePrefixListId', 'DestPrefixListId', 'NicType',
  'Policy', 'Priority', 'Description', 'CreateTime',
];
const IP_PROTOCOLS = ['TCP', 'UDP', 'ICMP', 'GRE', 'ALL', 'ICMPv6'];
const DISK_FIELDS = [
  'DiskId', 'DiskName', 'RegionId', 'ZoneId', 'Status', 'Category', 'Size', 'InstanceId', 'Encrypted', 'KMSKeyId', 'Type',
  'Device', 'DeleteWithInstance', 'Portable', 'CreationTime', 'AttachedTime', 'Description', 'Tags',
];

/** Where ECS resources are being loaded: ids derive from the account and region; rule ids are unique per region. */
interface EcsWhere {
  accountId: string;
  regionId: string;
  ruleIds: UniqueNames;
}

/** The `Ecs` section of one account, as loaded (see EcsLoader.ecs). */
export function loadEcs(value: unknown, where: SectionWhere): EcsSection {
  return new EcsLoader(where.now).ecs(value, where.path, where.accountId, where.regionIds);
}

class EcsLoader {
  constructor(private readonly now: Date) {}

  private fields(value: unknown, path: string, allowed: readonly string[]): Fields {
    return Fields.of(value, path, allowed, this.now);
  }

  /**
   * The ECS section per region id: SecurityGroups first (instances name them), then Instances (disks name them), then
   * Disks. Ids left out are derived from `<region>/<name>`; rules without a SecurityGroupRuleId get a stable derived one.
   */
  ecs(value: unknown, path: string, accountId: string, regionIds: ReadonlySet<string>): EcsSection {
    if (!isObject(value)) throw new WorldError(path, 'must be a JSON object keyed by region id');
    const ecs: EcsSection = {};
    for (const [regionId, regionValue] of Object.entries(value)) {
      const regionPath = at(path, regionId);
      if (!regionIds.has(regionId)) throw new WorldError(regionPath, `region "${regionId}" is not in Regions`);
      const region = this.fields(regionValue, regionPath, ECS_REGION_FIELDS);
      const where = { accountId, regionId, ruleIds: new UniqueNames('SecurityGroupRuleId') };
      const SecurityGroups = region.uniqueList('SecurityGroups', 'SecurityGroupId', (item, p) => this.securityGroup(item, p, where));
      const groupOf = lookup(SecurityGroups, 'SecurityGroupId', 'SecurityGroupName');
      const Instances = region.uniqueList('Instances', 'InstanceId', (item, p) => this.instance(item, p, where, groupOf));
      const instanceOf = lookup(Instances, 'InstanceId', 'InstanceName');
      const Disks = region.uniqueList('Disks', 'DiskId', (item, p) => this.disk(item, p, where, instanceOf));
      ecs[regionId] = { Instances, SecurityGroups, Disks };
    }
    return ecs;
  }

  /** The resource's id and name: an id left out is derived from the name, as the other derived ids are. */
  private ecsIdentity(f: Fields, idKey: string, nameKey: string, derive: (account: string, name: string) => string, where: EcsWhere) {
    const name = f.string(nameKey);
    const givenId = f.string(idKey);
    if (givenId === '') throw new WorldError(f.at(idKey), 'must not be empty (or be left out)');
    if (givenId === undefined && !name) throw new WorldError(f.path, `needs ${idKey} or ${nameKey}`);
    const regionId = f.string('RegionId');
    if (regionId !== undefined && regionId !== where.regionId) {
      throw new WorldError(f.at('RegionId'), `must be "${where.regionId}", the region it is listed under (or be left out)`);
    }
    return { id: givenId ?? derive(where.accountId, `${where.regionId}/${name}`), name };
  }

  private instance(item: unknown, path: string, where: EcsWhere, groupOf: (ref: string) => EcsSecurityGroup | undefined): EcsInstance {
    const f = this.fields(item, path, INSTANCE_FIELDS);
    const { id: InstanceId, name } = this.ecsIdentity(f, 'InstanceId', 'InstanceName', ids.instanceId, where);
    const vpc = this.vpcAttributes(f);
    const eip = f.raw('EipAddress');
    const eipText = isObject(eip)
      ? this.fields(eip, f.at('EipAddress'), ['IpAddress']).requiredString('IpAddress', IPV4_ADDRESS)
      : eip === undefined || eip === '' ? undefined : f.requiredString('EipAddress', IPV4_ADDRESS);
    const attributes: Record<string, string | number | boolean> = {};
    for (const [key, type] of Object.entries(INSTANCE_ATTRIBUTES)) {
      const value = f.raw(key);
      if (value === undefined) continue;
      if (typeof value !== type) throw new WorldError(f.at(key), `must be a ${type}`);
      attributes[key] = value as string | number | boolean;
    }
    const unique = new UniqueNames('security group');
    const SecurityGroupIds = this.wrappedStrings(f, 'SecurityGroupIds', 'SecurityGroupId').map(({ value, path: p }) => {
      const group = groupOf(value);
      if (!group) throw new WorldError(p, `security group "${value}" is not in this region's SecurityGroups (by SecurityGroupId or SecurityGroupName)`);
      unique.add(group.SecurityGroupId, p);
      return group.SecurityGroupId;
    });
    return {
      InstanceId,
      InstanceName: name || InstanceId,
      ZoneId: this.zoneId(f, where.regionId),
      Status: this.oneOf(f, 'Status', INSTANCE_STATUSES, 'Running'),
      InstanceType: f.string('InstanceType') || 'ecs.g7.large',
      InstanceNetworkType: this.oneOf(f, 'InstanceNetworkType', ['vpc', 'classic'], 'vpc') as EcsInstance['InstanceNetworkType'],
      ...vpc,
      InnerIpAddress: this.ipAddresses(f, 'InnerIpAddress'),
      PublicIpAddress: this.ipAddresses(f, 'PublicIpAddress'),
      ...(eipText !== undefined ? { EipAddress: eipText } : {}),
      SecurityGroupIds,
      ...(f.has('MetadataOptions') ? { MetadataOptions: this.metadataOptions(f) } : {}),
      DeletionProtection: f.boolean('DeletionProtection', false),
      CreationTime: f.date('CreationTime') ?? this.now,
      Tags: this.tags(f),
      ...(f.string('RamRoleName') ? { RamRoleName: f.string('RamRoleName') } : {}),
      Attributes: attributes,
    };
  }

  /** VpcId, VSwitchId and PrivateIpAddress, flat (as world files write them) or inside the API's VpcAttributes. */
  private vpcAttributes(f: Fields): Pick<EcsInstance, 'VpcId' | 'VSwitchId' | 'PrivateIpAddress'> {
    let source = f;
    if (f.has('VpcAttributes')) {
      const flat = ['VpcId', 'VSwitchId', 'PrivateIpAddress'].find((key) => f.has(key));
      if (flat) throw new WorldError(f.at(flat), 'is given both here and in VpcAttributes: give one');
      source = this.fields(f.raw('VpcAttributes'), f.at('VpcAttributes'), ['VpcId', 'VSwitchId', 'PrivateIpAddress']);
    }
    const VpcId = source.string('VpcId');
    const VSwitchId = source.string('VSwitchId');
    return {
      ...(VpcId ? { VpcId } : {}),
      ...(VSwitchId ? { VSwitchId } : {}),
      PrivateIpAddress: this.ipAddresses(source, 'PrivateIpAddress'),
    };
  }

  private metadataOptions(f: Fields): Record<string, string | number> {
    const options = this.fields(f.raw('MetadataOptions'), f.at('MetadataOptions'), Object.keys(METADATA_OPTIONS));
    const out: Record<string, string | number> = {};
    for (const [key, allowed] of Object.entries(METADATA_OPTIONS)) {
      if (!options.has(key)) continue;
      if (typeof allowed[0] === 'number') out[key] = options.integer(key, 0, allowed[0], allowed[1] as number);
      else out[key] = this.oneOf(options, key, allowed as readonly string[], '');
    }
    return out;
  }

  private securityGroup(item: unknown, path: string, where: EcsWhere): EcsSecurityGroup {
    const f = this.fields(item, path, SECURITY_GROUP_FIELDS);
    const { id: SecurityGroupId, name } = this.ecsIdentity(f, 'SecurityGroupId', 'SecurityGroupName', ids.securityGroupId, where);
    const CreationTime = f.date('CreationTime') ?? this.now;
    const seen = new Map<string, number>();
    const Permissions = f.array('Permissions').map((rule, i) => {
      const permission = this.permission(rule, at(f.at('Permissions'), i), CreationTime);
      const ruleIdPath = at(at(f.at('Permissions'), i), 'SecurityGroupRuleId');
      if (permission.SecurityGroupRuleId === '') {
        // Derived from what the rule is, not where it stands, so adding a rule does not renumber the others.
        const { SecurityGroupRuleId: _none, CreateTime: _created, Description: _text, ...what } = permission;
        const key = JSON.stringify({ ...what, IpProtocol: what.IpProtocol.toUpperCase(), Policy: what.Policy.toLowerCase() });
        const occurrence = seen.get(key) ?? 0;
        seen.set(key, occurrence + 1);
        permission.SecurityGroupRuleId = ids.securityGroupRuleId(where.accountId, `${where.regionId}/${SecurityGroupId}/${key}#${occurrence}`);
      }
      where.ruleIds.add(permission.SecurityGroupRuleId, ruleIdPath);
      return permission;
    });
    return {
      SecurityGroupId,
      SecurityGroupName: name ?? '',
      VpcId: f.string('VpcId') ?? '',
      Description: f.string('Description') ?? '',
      SecurityGroupType: this.oneOf(f, 'SecurityGroupType', ['normal', 'enterprise'], 'normal') as EcsSecurityGroup['SecurityGroupType'],
      InnerAccessPolicy: this.oneOf(f, 'InnerAccessPolicy', ['Accept', 'Drop'], 'Accept', true),
      ResourceGroupId: f.string('ResourceGroupId') ?? '',
      CreationTime,
      Tags: this.tags(f),
      Permissions,
    };
  }

  /** One rule, checked for what scanners read: Direction, IpProtocol, PortRange, Policy, Priority and the CIDR blocks. */
  private permission(item: unknown, path: string, groupCreated: Date): EcsPermission {
    const f = this.fields(item, path, PERMISSION_FIELDS);
    const portRange = (key: string, fallback: string) => {
      const value = f.string(key) ?? fallback;
      if (value !== '' && !isPortRange(value)) throw new WorldError(f.at(key), `must be ${PORT_RANGE_TEXT}`);
      return value;
    };
    const cidr = (key: string, shape: { pattern: RegExp; text: string }) => {
      const value = f.string(key) ?? '';
      if (value !== '' && !shape.pattern.test(value)) throw new WorldError(f.at(key), `must be ${shape.text}`);
      return value;
    };
    const ruleId = f.string('SecurityGroupRuleId');
    if (ruleId === '') throw new WorldError(f.at('SecurityGroupRuleId'), 'must not be empty (or be left out)');
    const PortRange = portRange('PortRange', '-1/-1');
    if (PortRange === '') throw new WorldError(f.at('PortRange'), `must be ${PORT_RANGE_TEXT}`);
    return {
      SecurityGroupRuleId: ruleId ?? '',
      Direction: this.oneOf(f, 'Direction', ['ingress', 'egress'], 'ingress') as EcsPermission['Direction'],
      IpProtocol: this.oneOf(f, 'IpProtocol', IP_PROTOCOLS, 'ALL', true),
      PortRange,
      SourceCidrIp: cidr('SourceCidrIp', IPV4_CIDR),
      Ipv6SourceCidrIp: cidr('Ipv6SourceCidrIp', IPV6_CIDR),
      DestCidrIp: cidr('DestCidrIp', IPV4_CIDR),
      Ipv6DestCidrIp: cidr('Ipv6DestCidrIp', IPV6_CIDR),
      SourceGroupId: f.string('SourceGroupId') ?? '',
      DestGroupId: f.string('DestGroupId') ?? '',
      SourcePortRange: portRange('SourcePortRange', ''),
      SourcePrefixListId: f.string('SourcePrefixListId') ?? '',
      DestPrefixListId: f.string('DestPrefixListId') ?? '',
      NicType: this.oneOf(f, 'NicType', ['intranet', 'internet'], 'intranet'),
      Policy: this.oneOf(f, 'Policy', ['Accept', 'Drop'], 'Accept', true),
      Priority: this.priority(f),
      Description: f.string('Description') ?? '',
      CreateTime: f.date('CreateTime') ?? groupCreated,
    };
  }

  /** Priority 1..100, given as the API's string ("1") or as a number; answered as a string. */
  private priority(f: Fields): string {
    const value = f.raw('Priority');
    if (value === undefined) return '1';
    const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
    if (!/^\d{1,3}$/.test(text) || Number(text) < 1 || Number(text) > 100) {
      throw new WorldError(f.at('Priority'), 'must be an integer from 1 to 100 (lower wins), as a string such as "1" or a number');
    }
    return String(Number(text));
  }

  private disk(item: unknown, path: string, where: EcsWhere, instanceOf: (ref: string) => EcsInstance | undefined): EcsDisk {
    const f = this.fields(item, path, DISK_FIELDS);
    const { id: DiskId, name } = this.ecsIdentity(f, 'DiskId', 'DiskName', ids.diskId, where);
    const instanceRef = f.string('InstanceId') || undefined;
    const instance = instanceRef === undefined ? undefined : instanceOf(instanceRef);
    if (instanceRef !== undefined && !instance) {
      throw new WorldError(f.at('InstanceId'), `instance "${instanceRef}" is not in this region's Instances (by InstanceId or InstanceName)`);
    }
    const Status = this.oneOf(f, 'Status', ['In_use', 'Available'], instance ? 'In_use' : 'Available') as EcsDisk['Status'];
    if (Status === 'In_use' && !instance) throw new WorldError(f.at('Status'), 'is In_use, so the disk needs the InstanceId it is attached to');
    if (Status === 'Available' && instance) throw new WorldError(f.at('Status'), 'is Available, so the disk must not name an InstanceId (In_use means attached)');
    const ZoneId = this.zoneId(f, where.regionId, instance?.ZoneId);
    if (instance && ZoneId !== instance.ZoneId) throw new WorldError(f.at('ZoneId'), `must be ${instance.ZoneId}, the zone of instance ${instance.InstanceId}`);
    const Encrypted = f.boolean('Encrypted', false);
    const KMSKeyId = f.string('KMSKeyId') ?? '';
    if (KMSKeyId !== '' && !Encrypted) throw new WorldError(f.at('KMSKeyId'), 'is only for an encrypted disk: set Encrypted to true (or leave KMSKeyId out)');
    const Type = this.oneOf(f, 'Type', ['system', 'data'], 'data') as EcsDisk['Type'];
    const CreationTime = f.date('CreationTime') ?? this.now;
    const AttachedTime = f.date('AttachedTime') ?? (instance ? CreationTime : undefined);
    return {
      DiskId,
      DiskName: name ?? '',
      ZoneId,
      Status,
      Category: f.string('Category') || 'cloud_essd',
      Size: f.integer('Size', 40, 1, 65536),
      InstanceId: instance?.InstanceId ?? '',
      Encrypted,
      KMSKeyId,
      Type,
      Device: f.string('Device') ?? '',
      DeleteWithInstance: f.boolean('DeleteWithInstance', Type === 'system'),
      Portable: f.boolean('Portable', Type !== 'system'),
      CreationTime,
      ...(AttachedTime ? { AttachedTime } : {}),
      Description: f.string('Description') ?? '',
      Tags: this.tags(f),
    };
  }

  /** A zone of the region (`cn-hangzhou-h`); by default the given fallback or the region's zone "a". */
  private zoneId(f: Fields, regionId: string, fallback?: string): string {
    const zone = f.string('ZoneId');
    if (zone === undefined || zone === '') return fallback ?? `${regionId}-a`;
    if (!zone.startsWith(`${regionId}-`)) throw new WorldError(f.at('ZoneId'), `must be a zone of ${regionId} such as "${regionId}-a"`);
    return zone;
  }

  /** A string field from a fixed set (compared ignoring case when told, then kept as written); absent: the fallback. */
  private oneOf(f: Fields, key: string, allowed: readonly string[], fallback: string, ignoreCase = false): string {
    const value = f.string(key);
    if (value === undefined) return fallback;
    const ok = ignoreCase ? allowed.some((a) => a.toLowerCase() === value.toLowerCase()) : allowed.includes(value);
    if (!ok) throw new WorldError(f.at(key), `must be ${allowed.join(', ').replace(/, ([^,]*)$/, ' or $1')}${ignoreCase ? ' (in any case)' : ''}`);
    return value;
  }

  /** A list given plainly (`["a"]`) or in the API's wrapper (`{"IpAddress": ["a"]}`), each item with its path. */
  private wrapped(f: Fields, key: string, inner: string): { item: unknown; path: string }[] {
    const value = f.raw(key);
    if (value === undefined) return [];
    if (isObject(value)) {
      const wrapper = this.fields(value, f.at(key), [inner]);
      return wrapper.array(inner).map((item, i) => ({ item, path: at(wrapper.at(inner), i) }));
    }
    if (!Array.isArray(value)) throw new WorldError(f.at(key), `must be an array (or the API's {"${inner}": [...]})`);
    return value.map((item, i) => ({ item, path: at(f.at(key), i) }));
  }

  private wrappedStrings(f: Fields, key: string, inner: string): { value: string; path: string }[] {
    return this.wrapped(f, key, inner).map(({ item, path }) => {
      if (typeof item !== 'string' || item === '') throw new WorldError(path, 'must be a non-empty string');
      return { value: item, path };
    });
  }

  private ipAddresses(f: Fields, key: string): string[] {
    return this.wrappedStrings(f, key, 'IpAddress').map(({ value, path }) => {
      if (!IPV4.test(value)) throw new WorldError(path, `must be ${IPV4_ADDRESS.text}`);
      return value;
    });
  }

  private tags(f: Fields): EcsTag[] {
    const keys = new UniqueNames('TagKey');
    return this.wrapped(f, 'Tags', 'Tag').map(({ item, path }) => {
      const tag = this.fields(item, path, ['TagKey', 'TagValue']);
      const TagKey = tag.requiredString('TagKey');
      keys.add(TagKey, tag.at('TagKey'));
      return { TagKey, TagValue: tag.string('TagValue') ?? '' };
    });
  }
}

/** Finds an item by its id, else by its name (ids win), in constant time: worlds can hold tens of thousands. */
function lookup<T>(items: readonly T[], idKey: keyof T, nameKey: keyof T): (ref: string) => T | undefined {
  const byId = new Map<unknown, T>();
  const byName = new Map<unknown, T>();
  for (const item of items) {
    byId.set(item[idKey], item);
    if (!byName.has(item[nameKey])) byName.set(item[nameKey], item);
  }
  return (ref) => byId.get(ref) ?? byName.get(ref);
}
