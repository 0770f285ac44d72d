import { describeOpening, internetOpenings, type Opening, openingsFor, type Protocol, type SecurityGroupRule } from './security-groups.js';
import { type CheckDefinition, type Fact, fail, need, pass, type Resource, resourceUid } from '../../checks/check.js';

/** An instance as DescribeInstances answers it (the fields the checks read). */
export interface Instance {
  InstanceId: string;
  InstanceName?: string;
  InstanceNetworkType?: string;
  Status?: string;
  PublicIpAddress?: { IpAddress?: string[] };
  EipAddress?: { IpAddress?: string };
  SecurityGroupIds?: { SecurityGroupId?: string[] };
}

export interface InstanceSubject {
  accountUid: string;
  region: string;
  instance: Instance;
  /** The rules of every group the instance is in, together: ECS applies them as one set. */
  rules: Fact<SecurityGroupRule[]>;
}

export interface SecurityGroupSubject {
  accountUid: string;
  region: string;
  group: { SecurityGroupId: string; SecurityGroupName?: string; VpcId?: string };
  rules: Fact<SecurityGroupRule[]>;
}

export interface DiskSubject {
  accountUid: string;
  region: string;
  disk: { DiskId: string; DiskName?: string; Status?: string; InstanceId?: string; Encrypted?: boolean | string; Category?: string };
}

const CIS_URL = 'https://www.cisecurity.org/benchmark/alibaba_cloud';
const common = { service: 'ecs' as const };

const instanceResource = (s: InstanceSubject): Resource => {
  const ips = publicAddresses(s.instance);
  return {
    uid: resourceUid('ecs', s.region, s.accountUid, 'instance', s.instance.InstanceId),
    id: s.instance.InstanceId,
    name: s.instance.InstanceName || s.instance.InstanceId,
    type: 'instance',
    region: s.region,
    details: ips.length ? `public ${ips.join(', ')}` : 'no public address',
  };
};

const groupResource = (s: SecurityGroupSubject): Resource => ({
  uid: resourceUid('ecs', s.region, s.accountUid, 'securitygroup', s.group.SecurityGroupId),
  id: s.group.SecurityGroupId,
  name: s.group.SecurityGroupName || s.group.SecurityGroupId,
  type: 'securitygroup',
  region: s.region,
  details: s.group.VpcId ? `VPC ${s.group.VpcId}` : undefined,
});

const diskResource = (s: DiskSubject): Resource => ({
  uid: resourceUid('ecs', s.region, s.accountUid, 'disk', s.disk.DiskId),
  id: s.disk.DiskId,
  name: s.disk.DiskName || s.disk.DiskId,
  type: 'disk',
  region: s.region,
  details: s.disk.InstanceId ? `attached to ${s.disk.InstanceId}` : 'unattached',
});

export function publicAddresses(instance: Instance): string[] {
  return [...(instance.PublicIpAddress?.IpAddress ?? []), ...(instance.EipAddress?.IpAddress ? [instance.EipAddress.IpAddress] : [])].filter(Boolean);
}

/** `aliyun ecs RevokeSecurityGroup … --SecurityGroupRuleId.1 …`: by rule id, the only revoke that reliably matches. */
function revoke(region: string, openings: readonly Opening[]): string | undefined {
  const byGroup = new Map<string, Set<string>>();
  for (const { rule } of openings) {
    if (!rule.SecurityGroupRuleId) continue;
    if (!byGroup.has(rule.groupId)) byGroup.set(rule.groupId, new Set());
    byGroup.get(rule.groupId)!.add(rule.SecurityGroupRuleId);
  }
  const commands = [...byGroup].map(
    ([group, ids]) => `aliyun ecs RevokeSecurityGroup --RegionId ${region} --SecurityGroupId ${group} ${[...ids].map((id, i) => `--SecurityGroupRuleId.${i + 1} ${id}`).join(' ')}`,
  );
  return commands.length ? commands.join(' && ') : undefined;
}

/** A security group check on named ports: FAIL with each winning rule when any of them is open to the internet. */
function portCheck(options: {
  id: string;
  title: string;
  severity: 'critical' | 'high';
  ports: readonly number[];
  protocols?: readonly Protocol[];
  what: string;
}): CheckDefinition<SecurityGroupSubject> {
  const protocols = options.protocols ?? ['tcp'];
  return {
    ...common,
    id: options.id,
    title: options.title,
    severity: options.severity,
    kind: 'security-group',
    resourceType: 'securitygroup',
    categories: ['internet-exposed'],
    description: `No security group rule should let the whole internet (0.0.0.0/0 or ::/0) reach ${options.what}.`,
    risk: `${options.what} reachable from anywhere is scanned within minutes and brute-forced or exploited.`,
    remediation: {
      text: 'Revoke the rule by its SecurityGroupRuleId and allow only the addresses that need access (a bastion, a VPN range).',
      url: CIS_URL,
    },
    resource: groupResource,
    evaluate: (s) => {
      const openings = internetOpenings(need(s.rules));
      const open = options.ports.flatMap((port) => openingsFor(openings, port, protocols).map((opening) => ({ port, opening })));
      const ports = options.ports.join(', ');
      if (open.length === 0) return pass(`no rule of ${s.group.SecurityGroupId} opens ${options.what} (${ports}) to the internet`);
      return fail(
        `${s.group.SecurityGroupId} opens ${open.map(({ port, opening }) => describeOpening(opening, port)).join('; ')}`,
        revoke(s.region, open.map(({ opening }) => opening)),
      );
    },
  };
}

export const sshCheck = portCheck({
  id: 'ecs_securitygroup_restrict_ssh_internet',
  title: 'Security groups do not open SSH (22) to the internet',
  severity: 'high',
  ports: [22],
  what: 'SSH',
});

export const rdpCheck = portCheck({
  id: 'ecs_securitygroup_restrict_rdp_internet',
  title: 'Security groups do not open RDP (3389) to the internet',
  severity: 'high',
  ports: [3389],
  what: 'RDP',
});

/** The high-risk ports users ask for (prowler#12050), one check per service. */
const HIGH_RISK: { name: string; what: string; ports: number[]; protocols?: Protocol[] }[] = [
  { name: 'ftp', what: 'FTP', ports: [20, 21] },
  { name: 'telnet', what: 'Telnet', ports: [23] },
  { name: 'smtp', what: 'SMTP', ports: [25] },
  { name: 'pop3', what: 'POP3', ports: [110] },
  { name: 'rpc', what: 'Windows RPC', ports: [135] },
  { name: 'imap', what: 'IMAP', ports: [143] },
  { name: 'cifs', what: 'SMB/CIFS', ports: [445] },
  { name: 'sqlserver', what: 'SQL Server', ports: [1433, 1434] },
  { name: 'oracle', what: 'Oracle', ports: [1521, 2483] },
  { name: 'mysql', what: 'MySQL and mSQL', ports: [3306, 4333] },
  { name: 'postgresql', what: 'PostgreSQL', ports: [5432] },
  { name: 'redis', what: 'Redis', ports: [6379] },
  { name: 'cassandra', what: 'Cassandra', ports: [7199, 9160, 8888] },
  { name: 'kafka', what: 'Kafka', ports: [9092] },
  { name: 'elasticsearch_kibana', what: 'Elasticsearch and Kibana', ports: [9200, 9300, 5601] },
  { name: 'memcached', what: 'Memcached', ports: [11211], protocols: ['tcp', 'udp'] },
  { name: 'mongodb', what: 'MongoDB', ports: [27017, 27018] },
  { name: 'dev_servers', what: 'development servers', ports: [3000, 5000, 5500, 8080, 8088] },
];

export const highRiskPortChecks = HIGH_RISK.map(({ name, what, ports, protocols }) =>
  portCheck({
    id: `ecs_securitygroup_restrict_${name}_internet`,
    title: `Security groups do not open ${what} (${ports.join(', ')}) to the internet`,
    severity: 'high',
    ports,
    protocols,
    what,
  }),
);

export const allPortsCheck: CheckDefinition<SecurityGroupSubject> = {
  ...common,
  id: 'ecs_securitygroup_restrict_all_ports_internet',
  title: 'Security groups do not open every port to the internet',
  severity: 'critical',
  kind: 'security-group',
  resourceType: 'securitygroup',
  categories: ['internet-exposed'],
  description: 'No security group rule should let the whole internet reach every TCP or UDP port.',
  risk: 'Every service on the instances, including ones nobody meant to publish, can be reached and attacked.',
  remediation: { text: 'Revoke the rule by its SecurityGroupRuleId and open only the ports the service needs.', url: CIS_URL },
  resource: groupResource,
  evaluate: (s) => {
    const all = internetOpenings(need(s.rules)).filter((o) => o.from === 1 && o.to === 65535);
    if (all.length === 0) return pass(`no rule of ${s.group.SecurityGroupId} opens every port to the internet`);
    return fail(`${s.group.SecurityGroupId} opens ${all.map((o) => describeOpening(o)).join('; ')}`, revoke(s.region, all));
  },
};

export const instanceExposure: CheckDefinition<InstanceSubject> = {
  ...common,
  id: 'ecs_instance_exposed_to_internet',
  title: 'Instances with a public address expose no port to the internet',
  severity: 'high',
  kind: 'instance',
  resourceType: 'instance',
  categories: ['internet-exposed'],
  description:
    'What an instance really exposes: every security group it is in, merged as ECS applies them (lowest priority wins, Drop wins ties), on its public addresses.',
  risk: 'A port that no single group looks open on can still be open once the groups are combined; each open port is attack surface.',
  remediation: { text: 'Put a load balancer or bastion in front, or revoke the rules that open these ports to the internet.', url: CIS_URL },
  resource: instanceResource,
  evaluate: (s) => {
    const addresses = publicAddresses(s.instance);
    if (addresses.length === 0) return pass(`${s.instance.InstanceId} has no public address`);
    const openings = internetOpenings(need(s.rules));
    const groups = s.instance.SecurityGroupIds?.SecurityGroupId ?? [];
    if (openings.length === 0) return pass(`${s.instance.InstanceId} (${addresses.join(', ')}) exposes no port through ${groups.join(', ') || 'its groups'}`);
    return fail(`${s.instance.InstanceId} (${addresses.join(', ')}) exposes ${openings.map((o) => describeOpening(o)).join('; ')}`, revoke(s.region, openings));
  },
};

export const legacyNetwork: CheckDefinition<InstanceSubject> = {
  ...common,
  id: 'ecs_instance_no_legacy_network',
  title: 'Instances run in a VPC, not the classic network',
  severity: 'medium',
  kind: 'instance',
  resourceType: 'instance',
  categories: ['network'],
  description: 'The classic network shares one flat network between tenants; a VPC isolates the account.',
  risk: 'Instances on the classic network cannot use VPC isolation, flow logs or private routing.',
  remediation: { text: 'Migrate the instance to a VPC (the console offers a classic-to-VPC migration).', url: CIS_URL },
  resource: instanceResource,
  evaluate: (s) =>
    (s.instance.InstanceNetworkType ?? 'vpc').toLowerCase() === 'classic'
      ? fail(`${s.instance.InstanceId} is on the classic network`)
      : pass(`${s.instance.InstanceId} is in a VPC`),
};

function encrypted(disk: DiskSubject['disk']): boolean {
  return disk.Encrypted === true || String(disk.Encrypted).toLowerCase() === 'true';
}

function isAttached(disk: DiskSubject['disk']): boolean {
  return Boolean(disk.InstanceId) || (disk.Status ?? '').toLowerCase() === 'in_use';
}

function diskCheck(attached: boolean): CheckDefinition<DiskSubject> {
  return {
    ...common,
    id: attached ? 'ecs_attached_disk_encrypted' : 'ecs_unattached_disk_encrypted',
    title: attached ? 'Disks attached to instances are encrypted' : 'Disks not attached to an instance are encrypted',
    severity: 'high',
    kind: 'disk',
    resourceType: 'disk',
    categories: ['encryption'],
    description: `${attached ? 'Attached' : 'Unattached'} cloud disks should be encrypted at rest.`,
    risk: 'An unencrypted disk, or a snapshot of it, can be read by anyone who gets a copy.',
    remediation: {
      text: 'A disk cannot be encrypted in place: snapshot it, create an encrypted disk from the snapshot, swap it in and delete the old one.',
      url: CIS_URL,
    },
    resource: diskResource,
    evaluate: (s) => {
      if (isAttached(s.disk) !== attached) return undefined;
      const where = attached ? `attached to ${s.disk.InstanceId ?? 'an instance'}` : 'unattached';
      return encrypted(s.disk) ? pass(`${s.disk.DiskId} (${where}) is encrypted`) : fail(`${s.disk.DiskId} (${where}) is not encrypted`);
    },
  };
}

export const attachedDiskEncrypted = diskCheck(true);
export const unattachedDiskEncrypted = diskCheck(false);

export const ecsChecks = {
  securityGroup: [sshCheck, rdpCheck, allPortsCheck, ...highRiskPortChecks],
  instance: [legacyNetwork, instanceExposure],
  disk: [attachedDiskEncrypted, unattachedDiskEncrypted],
};
