/**
 * ECS's share of `--generate`: per region security groups, instances and disks, with a realistic minority of
 * misconfigurations for every ECS check (the shares are in ECS_SHARES below). Every draw comes from the streams `ecs`
 * and `ecs-ids`, so a seed gives the same resources whatever the other services generate.
 */
import { LOWER_ALNUM, IdMaker, type Rng } from '../../rng.js';
import type { GeneratedWorld } from '../service.js';

type Json = Record<string, unknown>;

/** The chance each resource fails a check. */
export const ECS_SHARES = {
  /** Security groups with these rules open to 0.0.0.0/0 or ::/0 (before Drop rules are considered). */
  openSsh: 0.12,
  openRdp: 0.05,
  openAllPorts: 0.03,
  openHighRiskPort: 0.07,
  /** Of the open rules, those that a Drop of higher or equal priority neutralises. */
  blockedByDrop: 0.25,
  /** Of the open rules, those stated for IPv6 (::/0) rather than IPv4. */
  ipv6: 0.2,
  /** VPC instances with a public IP (classic-network instances always have one). */
  publicIp: 0.22,
  classicInstance: 0.01,
  imdsOptional: 0.3,
  unencryptedDisk: 0.3,
  unattachedDisk: 0.08,
};

/** Ports that must not face the internet, as the scans check them. */
export const HIGH_RISK_PORTS = [3306, 6379, 9200, 27017, 5432, 1433, 11211, 2379, 5601, 9092] as const;

/** The first characters of instance ids per region, as ECS issues them. */
const ID_PREFIX: Record<string, string> = {
  'cn-hangzhou': 'bp', 'cn-shanghai': 'uf', 'cn-beijing': '2z', 'cn-shenzhen': 'wz', 'ap-southeast-1': 't4',
  'cn-zhangjiakou': '8v', 'cn-hongkong': 'j6', 'us-west-1': 'rj', 'eu-central-1': 'gw', 'ap-northeast-1': '6w',
};

/** Splits `total` over the weights, largest remainders first; each gets `floor` first when there are enough. */
function apportion(total: number, weights: number[], floor = 0): number[] {
  const n = weights.length;
  if (n === 0) return [];
  const base = total >= floor * n ? floor : 0;
  const rest = total - base * n;
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (rest * w) / sum);
  const counts = exact.map((x) => Math.floor(x));
  let left = rest - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((p, q) => q[0] - p[0] || p[1] - q[1]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    counts[i] += 1;
  }
  return counts.map((c) => c + base);
}

const days = (n: number) => `-${n}d`;

const INSTANCE_TYPES: (readonly [string, number])[] = [
  ['ecs.g7.large', 20], ['ecs.g7.xlarge', 14], ['ecs.c7.large', 12], ['ecs.c7.2xlarge', 8], ['ecs.r7.xlarge', 8],
  ['ecs.g6.large', 10], ['ecs.t6-c1m2.large', 10], ['ecs.u1-c1m2.large', 8], ['ecs.gn7i-c8g1.2xlarge', 2], ['ecs.hfg7.4xlarge', 3],
];
const DISK_CATEGORIES: (readonly [string, number])[] = [['cloud_essd', 60], ['cloud_efficiency', 20], ['cloud_ssd', 15], ['cloud', 5]];
const APPS = ['web', 'api', 'worker', 'db', 'cache', 'search', 'bastion', 'batch', 'gateway', 'etl', 'ml', 'build'];
const ENVS = ['prod', 'staging', 'dev', 'test'];
const OFFICE_CIDRS = ['203.0.113.0/24', '198.51.100.0/24', '192.0.2.0/26'];
const PUBLIC_PREFIXES = [47, 8, 39, 101, 106, 112, 118, 120, 121];

interface Rule {
  Direction: 'ingress';
  IpProtocol: 'TCP' | 'UDP' | 'ICMP' | 'ALL';
  PortRange: string;
  SourceCidrIp: string;
  Ipv6SourceCidrIp: string;
  Policy: 'Accept' | 'Drop';
  Priority: string;
}

function rule(IpProtocol: Rule['IpProtocol'], PortRange: string, source: string, Policy: Rule['Policy'] = 'Accept', priority = 1): Rule {
  const v6 = source.includes(':');
  return { Direction: 'ingress', IpProtocol, PortRange, SourceCidrIp: v6 ? '' : source, Ipv6SourceCidrIp: v6 ? source : '', Policy, Priority: String(priority) };
}

/** The ordinary rules of a group of a given app: what most groups hold, and nothing a check flags. */
function ordinaryRules(rng: Rng, app: string): Rule[] {
  const rules: Rule[] = [];
  if (app === 'web' || app === 'gateway') rules.push(rule('TCP', '443/443', '0.0.0.0/0'), rule('TCP', '80/80', '0.0.0.0/0'));
  if (app === 'api') rules.push(rule('TCP', '443/443', '0.0.0.0/0'));
  rules.push(rule('TCP', '22/22', rng.pick(OFFICE_CIDRS)));
  rules.push(rule('ALL', '-1/-1', rng.pick(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'])));
  if (app === 'db') rules.push(rule('TCP', '3306/3306', `10.${rng.int(0, 255)}.0.0/16`), rule('TCP', '5432/5432', `10.${rng.int(0, 255)}.0.0/16`));
  if (app === 'cache') rules.push(rule('TCP', '6379/6379', `172.16.${rng.int(0, 255)}.0/24`));
  if (app === 'search') rules.push(rule('TCP', '9200/9200', `10.${rng.int(0, 255)}.0.0/16`));
  if (rng.chance(0.4)) rules.push(rule('ICMP', '-1/-1', '0.0.0.0/0'));
  if (rng.chance(0.2)) rules.push(rule('UDP', '53/53', '10.0.0.0/8'));
  if (rng.chance(0.3)) rules.push(rule('TCP', `${rng.int(8000, 9000)}/${rng.int(9001, 9100)}`, `10.${rng.int(0, 255)}.${rng.int(0, 255)}.0/24`));
  return rules;
}

/** The misconfigured rules a group gets, each open to the internet and, now and then, neutralised by a Drop. */
function riskyRules(rng: Rng, forceSsh: boolean): Rule[] {
  const open: [Rule['IpProtocol'], string][] = [];
  if (forceSsh || rng.chance(ECS_SHARES.openSsh)) open.push(['TCP', '22/22']);
  if (rng.chance(ECS_SHARES.openRdp)) open.push(['TCP', '3389/3389']);
  if (rng.chance(ECS_SHARES.openAllPorts)) open.push(rng.chance(0.5) ? ['ALL', '-1/-1'] : ['TCP', '1/65535']);
  if (rng.chance(ECS_SHARES.openHighRiskPort)) {
    const port = rng.pick(HIGH_RISK_PORTS);
    open.push(['TCP', `${port}/${port}`]);
  }
  const rules: Rule[] = [];
  for (const [protocol, ports] of open) {
    const source = rng.chance(ECS_SHARES.ipv6) ? '::/0' : '0.0.0.0/0';
    const priority = rng.int(5, 100);
    rules.push(rule(protocol, ports, source, 'Accept', priority));
    const guard = rng.next();
    if (!forceSsh && guard < ECS_SHARES.blockedByDrop) {
      // A Drop of higher (lower number) or equal priority wins: the port is not open after all.
      rules.push(rule(protocol, ports, source, 'Drop', rng.chance(0.5) ? rng.int(1, priority - 1) : priority));
    } else if (guard < ECS_SHARES.blockedByDrop + 0.1) {
      // A Drop of lower priority does not: the Accept still wins.
      rules.push(rule(protocol, ports, source, 'Drop', Math.min(100, priority + rng.int(1, 20))));
    }
  }
  return rules;
}

/** An IP allowlist group past 500 rules: reading it needs paging, and its one open rule comes last. */
function allowlistRules(rng: Rng, count: number, openAtEnd: boolean): Rule[] {
  const rules: Rule[] = [];
  const port = rng.pick([443, 8443, 5000, 9443]);
  for (let i = 0; rules.length < count - (openAtEnd ? 1 : 0); i++) {
    rules.push(rule('TCP', `${port}/${port}`, `${rng.pick(PUBLIC_PREFIXES)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}/32`, 'Accept', 1 + (i % 50)));
  }
  if (openAtEnd) rules.push(rule('TCP', '22/22', '0.0.0.0/0', 'Accept', 100));
  return rules;
}

/** The `Ecs` section of a generated account: `spec.securityGroups` groups spread over the regions (the busiest most). */
export function generateEcs(world: GeneratedWorld): Record<string, Json> {
  const { spec } = world;
  const rng = world.rng('ecs');
  const ids = new IdMaker(world.rng('ecs-ids'));
  const regions = world.regionIds;
  const weights = regions.map((_, i) => 1 / (i + 1));
  const groupCounts = apportion(spec.securityGroups, weights, 1);
  // Instances only go where there are groups to put them in; disks follow the instances.
  const instanceCounts = apportion(spec.instances, weights.map((w, i) => (groupCounts[i] > 0 ? w : 0)));
  const diskWeights = instanceCounts.some((n) => n > 0) ? instanceCounts.map((n) => n) : weights;
  const diskCounts = apportion(spec.disks, diskWeights);
  // A few groups past 500 rules: one in a thousand, at least one once there are twenty groups.
  const bigGroups = spec.securityGroups >= 20 ? Math.max(1, Math.round(spec.securityGroups / 1000)) : 0;
  let bigLeft = bigGroups;
  const out: Record<string, Json> = {};
  regions.forEach((regionId, r) => {
    const prefix = ID_PREFIX[regionId] ?? rng.chars(2, LOWER_ALNUM);
    const sgCount = groupCounts[r];
    const classicGroups = sgCount >= 8 ? Math.max(1, Math.round(sgCount * 0.02)) : 0;
    const vpcCount = Math.max(1, Math.ceil((sgCount - classicGroups) / 25));
    const vpcs = Array.from({ length: vpcCount }, () => ids.make(`vpc-${prefix}`, 19));
    const groupsByVpc = new Map<string, string[]>(vpcs.map((v) => [v, []]));
    const classic: string[] = [];
    const SecurityGroups: Json[] = [];
    for (let g = 0; g < sgCount; g++) {
      const SecurityGroupId = ids.make(`sg-${prefix}`, 18);
      const app = rng.pick(APPS);
      const isClassic = g < classicGroups;
      const VpcId = isClassic ? undefined : vpcs[(g - classicGroups) % vpcCount];
      let Permissions: Rule[];
      if (bigLeft > 0 && g === sgCount - 1 && r < bigGroups) {
        // the last group of each of the busiest regions, until there are enough
        bigLeft -= 1;
        Permissions = allowlistRules(rng, rng.int(501, 1200), bigLeft === bigGroups - 1);
      } else {
        Permissions = [...ordinaryRules(rng, app), ...riskyRules(rng, false)];
      }
      const group: Json = { SecurityGroupId, SecurityGroupName: `${app}-${rng.pick(ENVS)}-${g}` };
      if (VpcId) group.VpcId = VpcId;
      group.Permissions = Permissions;
      SecurityGroups.push(group);
      if (VpcId) groupsByVpc.get(VpcId)!.push(SecurityGroupId);
      else classic.push(SecurityGroupId);
    }

    const Instances: Json[] = [];
    for (let n = 0; n < instanceCounts[r]; n++) {
      const app = rng.pick(APPS);
      const isClassic = classic.length > 0 && rng.chance(ECS_SHARES.classicInstance);
      const vpc = isClassic ? undefined : rng.pick(vpcs);
      const pool = isClassic ? classic : groupsByVpc.get(vpc!)!;
      const own = new Set<string>();
      const groupCount = Math.min(pool.length, rng.weighted([[1, 0.7], [2, 0.22], [3, 0.08]] as const));
      while (own.size < groupCount) own.add(rng.pick(pool));
      const instance: Json = {
        InstanceId: ids.make(`i-${prefix}`, 18),
        InstanceName: `${app}-${rng.pick(ENVS)}-${n}`,
        Status: rng.chance(0.88) ? 'Running' : 'Stopped',
        InstanceType: rng.weighted(INSTANCE_TYPES),
        InstanceNetworkType: isClassic ? 'classic' : 'vpc',
      };
      if (vpc) instance.VpcId = vpc;
      instance.SecurityGroupIds = [...own];
      instance.PublicIpAddress = isClassic || rng.chance(ECS_SHARES.publicIp) ? [`${rng.pick(PUBLIC_PREFIXES)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`] : [];
      instance.CreationTime = days(rng.int(1, 1500));
      instance.MetadataOptions = { HttpTokens: rng.chance(ECS_SHARES.imdsOptional) ? 'optional' : 'required' };
      Instances.push(instance);
    }

    const Disks: Json[] = [];
    const diskTotal = diskCounts[r];
    const unattached = Instances.length === 0 ? diskTotal : Math.round(diskTotal * ECS_SHARES.unattachedDisk);
    const attached = diskTotal - unattached;
    const dataDisks = new Map<number, number>();
    for (let d = 0; d < attached; d++) {
      // a system disk for each instance first, then data disks on instances at random
      const owner = d < Instances.length ? d : rng.int(0, Instances.length - 1);
      const system = d < Instances.length;
      const instance = Instances[owner];
      const k = system ? 0 : (dataDisks.get(owner) ?? 0) + 1;
      if (!system) dataDisks.set(owner, k);
      Disks.push({
        DiskId: ids.make(`d-${prefix}`, 18),
        DiskName: system ? `${String(instance.InstanceName)}-system` : `${String(instance.InstanceName)}-data${k}`,
        InstanceId: instance.InstanceId,
        Status: 'In_use',
        Type: system ? 'system' : 'data',
        Category: rng.weighted(DISK_CATEGORIES),
        Size: system ? rng.pick([40, 40, 60, 100]) : rng.pick([100, 200, 500, 1000, 2000]),
        Encrypted: !rng.chance(ECS_SHARES.unencryptedDisk),
      });
    }
    for (let d = 0; d < unattached; d++) {
      Disks.push({
        DiskId: ids.make(`d-${prefix}`, 18),
        DiskName: `vol-${rng.pick(APPS)}-${d}`,
        Status: 'Available',
        Type: 'data',
        Category: rng.weighted(DISK_CATEGORIES),
        Size: rng.pick([20, 100, 200, 500]),
        Encrypted: !rng.chance(ECS_SHARES.unencryptedDisk + 0.1),
      });
    }
    out[regionId] = { Instances, SecurityGroups, Disks };
  });
  return out;
}
