/**
 * ECS's share of the demo world (worlds/demo.ts tells the whole story): per region a few instances, security groups
 * and disks with one of each finding (SSH open in cn-hangzhou, RDP opened and closed again by a Drop, all ports open
 * in cn-shanghai, Redis open to ::/0 in cn-beijing, a classic-network instance, an unattached disk, unencrypted
 * disks, IMDS tokens left optional, public IPs) and the platform team's 256 service groups that find nothing.
 */

const ingress = (IpProtocol: string, PortRange: string, source: string, Policy = 'Accept', Priority = '1') => ({
  Direction: 'ingress',
  IpProtocol,
  PortRange,
  SourceCidrIp: source.includes(':') ? '' : source,
  Ipv6SourceCidrIp: source.includes(':') ? source : '',
  Policy,
  Priority,
});

const SERVICES = ['orders', 'payments', 'catalog', 'search', 'cart', 'checkout', 'accounts', 'auth', 'notify', 'media', 'reports', 'billing', 'inventory', 'shipping', 'reviews', 'recommend'];
const ENVIRONMENTS = ['prod', 'staging', 'dev'];
const TIERS = [['app', '8080/8080'], ['data', '5432/5432']];

/** `count` service groups, ids starting with the region's `prefix`: filler that finds nothing. */
function serviceGroups(prefix: string, count: number) {
  return Array.from({ length: count }, (_, i) => {
    const service = SERVICES[i % SERVICES.length];
    const environment = ENVIRONMENTS[Math.floor(i / SERVICES.length) % ENVIRONMENTS.length];
    const [tier, ports] = TIERS[Math.floor(i / (SERVICES.length * ENVIRONMENTS.length)) % TIERS.length];
    return {
      SecurityGroupId: `sg-${prefix}demosvc${String(i + 1).padStart(9, '0')}`,
      SecurityGroupName: `${service}-${environment}-${tier}`,
      VpcId: `vpc-${prefix}demo${environment}svc00001`,
      Description: 'Managed by Terraform (platform/network)',
      Permissions: [ingress('TCP', ports, '10.0.0.0/8'), ingress('TCP', '22/22', '10.0.0.0/24')],
    };
  });
}

/** The demo account's `Ecs` section, as a user would write it. */
export function ecsDemo(): Record<string, unknown> {
  return {
    'cn-hangzhou': {
      SecurityGroups: [
        {
          SecurityGroupId: 'sg-bp1demoweb000000001', SecurityGroupName: 'web', VpcId: 'vpc-bp1demoprod00000001',
          Permissions: [ingress('TCP', '443/443', '0.0.0.0/0'), ingress('TCP', '80/80', '0.0.0.0/0'), ingress('TCP', '22/22', '0.0.0.0/0', 'Accept', '10')],
        },
        {
          SecurityGroupId: 'sg-bp1demodb0000000001', SecurityGroupName: 'db', VpcId: 'vpc-bp1demoprod00000001',
          Permissions: [ingress('TCP', '3306/3306', '10.0.0.0/8'), ingress('TCP', '22/22', '10.0.0.0/8')],
        },
        {
          SecurityGroupId: 'sg-bp1demowin000000001', SecurityGroupName: 'windows-jump', VpcId: 'vpc-bp1demoprod00000001',
          // RDP opened to the world, then closed again by a Drop of higher priority: not open after all.
          Permissions: [ingress('TCP', '3389/3389', '0.0.0.0/0', 'Accept', '50'), ingress('TCP', '3389/3389', '0.0.0.0/0', 'Drop', '1'), ingress('TCP', '3389/3389', '203.0.113.0/24')],
        },
        ...serviceGroups('bp1', 96),
      ],
      Instances: [
        {
          InstanceId: 'i-bp1demoweb0000000001', InstanceName: 'web-1', Status: 'Running', InstanceType: 'ecs.g7.large', InstanceNetworkType: 'vpc',
          VpcId: 'vpc-bp1demoprod00000001', SecurityGroupIds: ['sg-bp1demoweb000000001'], PublicIpAddress: ['47.96.10.21'], CreationTime: '-200d',
          MetadataOptions: { HttpTokens: 'required' },
        },
        {
          InstanceId: 'i-bp1demoweb0000000002', InstanceName: 'web-2', Status: 'Running', InstanceType: 'ecs.g7.large', InstanceNetworkType: 'vpc',
          VpcId: 'vpc-bp1demoprod00000001', SecurityGroupIds: ['sg-bp1demoweb000000001'], PublicIpAddress: ['47.96.10.22'], CreationTime: '-200d',
          MetadataOptions: { HttpTokens: 'optional' },
        },
        {
          InstanceId: 'i-bp1demodb00000000001', InstanceName: 'db-1', Status: 'Running', InstanceType: 'ecs.r7.xlarge', InstanceNetworkType: 'vpc',
          VpcId: 'vpc-bp1demoprod00000001', SecurityGroupIds: ['sg-bp1demodb0000000001'], PublicIpAddress: [], CreationTime: '-400d',
          MetadataOptions: { HttpTokens: 'required' },
        },
        {
          InstanceId: 'i-bp1demojump000000001', InstanceName: 'windows-jump', Status: 'Running', InstanceType: 'ecs.g7.xlarge', InstanceNetworkType: 'vpc',
          VpcId: 'vpc-bp1demoprod00000001', SecurityGroupIds: ['sg-bp1demowin000000001'], PublicIpAddress: ['47.96.10.30'], CreationTime: '-150d',
          MetadataOptions: { HttpTokens: 'required' },
        },
      ],
      Disks: [
        { DiskId: 'd-bp1demoweb1sys000001', DiskName: 'web-1-system', InstanceId: 'i-bp1demoweb0000000001', Status: 'In_use', Type: 'system', Category: 'cloud_essd', Size: 40, Encrypted: true },
        { DiskId: 'd-bp1demoweb2sys000001', DiskName: 'web-2-system', InstanceId: 'i-bp1demoweb0000000002', Status: 'In_use', Type: 'system', Category: 'cloud_essd', Size: 40, Encrypted: false },
        { DiskId: 'd-bp1demodb1sys0000001', DiskName: 'db-1-system', InstanceId: 'i-bp1demodb00000000001', Status: 'In_use', Type: 'system', Category: 'cloud_essd', Size: 60, Encrypted: true },
        { DiskId: 'd-bp1demodb1data000001', DiskName: 'db-1-data', InstanceId: 'i-bp1demodb00000000001', Status: 'In_use', Type: 'data', Category: 'cloud_essd', Size: 500, Encrypted: true },
        { DiskId: 'd-bp1demojumpsys000001', DiskName: 'windows-jump-system', InstanceId: 'i-bp1demojump000000001', Status: 'In_use', Type: 'system', Category: 'cloud_essd', Size: 100, Encrypted: true },
        { DiskId: 'd-bp1demobackup0000001', DiskName: 'old-backup', Status: 'Available', Type: 'data', Category: 'cloud_efficiency', Size: 200, Encrypted: false },
      ],
    },
    'cn-shanghai': {
      SecurityGroups: [
        {
          SecurityGroupId: 'sg-uf6demostaging000001', SecurityGroupName: 'staging-wide-open', VpcId: 'vpc-uf6demostaging00001',
          Permissions: [ingress('ALL', '-1/-1', '0.0.0.0/0')],
        },
        ...serviceGroups('uf6', 64),
      ],
      Instances: [
        {
          InstanceId: 'i-uf6demostaging000001', InstanceName: 'staging-app', Status: 'Running', InstanceType: 'ecs.c7.large', InstanceNetworkType: 'vpc',
          VpcId: 'vpc-uf6demostaging00001', SecurityGroupIds: ['sg-uf6demostaging000001'], PublicIpAddress: ['106.14.20.5'], CreationTime: '-45d',
          MetadataOptions: { HttpTokens: 'optional' },
        },
      ],
      Disks: [
        { DiskId: 'd-uf6demostagingsys001', DiskName: 'staging-app-system', InstanceId: 'i-uf6demostaging000001', Status: 'In_use', Type: 'system', Category: 'cloud_essd', Size: 40, Encrypted: false },
      ],
    },
    'cn-beijing': {
      SecurityGroups: [
        {
          SecurityGroupId: 'sg-2zedemocache00000001', SecurityGroupName: 'cache', VpcId: 'vpc-2zedemoprod00000001',
          Permissions: [ingress('TCP', '6379/6379', '10.0.0.0/8'), ingress('TCP', '6379/6379', '::/0', 'Accept', '20')],
        },
        ...serviceGroups('2ze', 48),
      ],
      Instances: [
        {
          InstanceId: 'i-2zedemocache00000001', InstanceName: 'cache-1', Status: 'Running', InstanceType: 'ecs.r7.xlarge', InstanceNetworkType: 'vpc',
          VpcId: 'vpc-2zedemoprod00000001', SecurityGroupIds: ['sg-2zedemocache00000001'], PublicIpAddress: [], CreationTime: '-120d',
          MetadataOptions: { HttpTokens: 'required' },
        },
      ],
      Disks: [
        { DiskId: 'd-2zedemocachesys00001', DiskName: 'cache-1-system', InstanceId: 'i-2zedemocache00000001', Status: 'In_use', Type: 'system', Category: 'cloud_essd', Size: 40, Encrypted: true },
      ],
    },
    'ap-southeast-1': {
      SecurityGroups: [
        {
          SecurityGroupId: 'sg-t4ndemobastion000001', SecurityGroupName: 'bastion', VpcId: 'vpc-t4ndemoedge00000001',
          Permissions: [ingress('TCP', '22/22', '203.0.113.0/24'), ingress('ICMP', '-1/-1', '0.0.0.0/0')],
        },
        {
          SecurityGroupId: 'sg-t4ndemoclassic00001', SecurityGroupName: 'legacy-classic',
          Permissions: [ingress('TCP', '8080/8080', '0.0.0.0/0')],
        },
        ...serviceGroups('t4n', 32),
      ],
      Instances: [
        {
          InstanceId: 'i-t4ndemobastion000001', InstanceName: 'bastion', Status: 'Running', InstanceType: 'ecs.t6-c1m2.large', InstanceNetworkType: 'vpc',
          VpcId: 'vpc-t4ndemoedge00000001', SecurityGroupIds: ['sg-t4ndemobastion000001'], PublicIpAddress: ['8.219.30.7'], CreationTime: '-300d',
          MetadataOptions: { HttpTokens: 'required' },
        },
        {
          InstanceId: 'i-t4ndemolegacy0000001', InstanceName: 'legacy-app', Status: 'Running', InstanceType: 'ecs.g6.large', InstanceNetworkType: 'classic',
          SecurityGroupIds: ['sg-t4ndemoclassic00001'], PublicIpAddress: ['8.219.30.99'], CreationTime: '-1400d',
        },
      ],
      Disks: [
        { DiskId: 'd-t4ndemobastionsys001', DiskName: 'bastion-system', InstanceId: 'i-t4ndemobastion000001', Status: 'In_use', Type: 'system', Category: 'cloud_essd', Size: 40, Encrypted: true },
        { DiskId: 'd-t4ndemolegacysys0001', DiskName: 'legacy-app-system', InstanceId: 'i-t4ndemolegacy0000001', Status: 'In_use', Type: 'system', Category: 'cloud', Size: 40, Encrypted: false },
      ],
    },
    'us-west-1': {
      SecurityGroups: [
        { SecurityGroupId: 'sg-rj9demoarchive000001', SecurityGroupName: 'archive', VpcId: 'vpc-rj9demoarchive00001', Permissions: [] },
        ...serviceGroups('rj9', 16),
      ],
      Instances: [
        {
          InstanceId: 'i-rj9demoarchive000001', InstanceName: 'archive-1', Status: 'Stopped', InstanceType: 'ecs.g6.large', InstanceNetworkType: 'vpc',
          VpcId: 'vpc-rj9demoarchive00001', SecurityGroupIds: ['sg-rj9demoarchive000001'], PublicIpAddress: [], CreationTime: '-900d',
          MetadataOptions: { HttpTokens: 'required' },
        },
      ],
      Disks: [
        { DiskId: 'd-rj9demoarchivesys001', DiskName: 'archive-1-system', InstanceId: 'i-rj9demoarchive000001', Status: 'In_use', Type: 'system', Category: 'cloud_efficiency', Size: 40, Encrypted: true },
        { DiskId: 'd-rj9demoarchivevol001', DiskName: 'archive-volume', Status: 'Available', Type: 'data', Category: 'cloud_efficiency', Size: 2000, Encrypted: true },
      ],
    },
  };
}
