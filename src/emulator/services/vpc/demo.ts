/**
 * VPC's share of the demo world: the VPCs the demo's instances and security groups already name, with their
 * vSwitches, flow logs, route tables and peering connections. The story:
 * - cn-hangzhou prod (vpc-bp1demoprod00000001) logs every flow of the VPC (PASS), and is peered with cn-beijing
 *   prod, routing only Beijing's 10.20.0.0/16 to it (PASS);
 * - cn-beijing prod is covered by a flow log on each of its vSwitches (PASS), but someone sent 0.0.0.0/0 back
 *   through the peering to Hangzhou (FAIL);
 * - cn-shanghai staging's only flow log was deactivated to save on Log Service (FAIL);
 * - ap-southeast-1 edge logs one of its two vSwitches (FAIL), and is peered with the support partner's account,
 *   whose network aliaudit cannot read (MANUAL for the route to it);
 * - us-west-1 archive has no flow log at all (FAIL);
 * - the platform team's service VPCs (one per environment and region) each have a VPC flow log from Terraform.
 */

const PARTNER_ACCOUNT = '5012345678901234';

/** The environments whose service VPCs each region's security groups name (ecs/demo.ts serviceGroups). */
const SERVICE_VPCS: [region: string, prefix: string, environments: string[], block: number][] = [
  ['cn-hangzhou', 'bp1', ['prod', 'staging', 'dev'], 100],
  ['cn-shanghai', 'uf6', ['prod', 'staging', 'dev'], 110],
  ['cn-beijing', '2ze', ['prod', 'staging', 'dev'], 120],
  ['ap-southeast-1', 't4n', ['prod', 'staging'], 130],
  ['us-west-1', 'rj9', ['prod'], 140],
];

const zone = (region: string, letter: string) => `${region}${/\d$/.test(region) ? '' : '-'}${letter}`;

interface RegionJson {
  Vpcs: Record<string, unknown>[];
  VSwitches: Record<string, unknown>[];
  FlowLogs: Record<string, unknown>[];
  RouteTables: Record<string, unknown>[];
  PeerConnections: Record<string, unknown>[];
}

function story(): Record<string, RegionJson> {
  return {
    'cn-hangzhou': {
      Vpcs: [{ VpcId: 'vpc-bp1demoprod00000001', VpcName: 'prod', CidrBlock: '10.10.0.0/16', CreationTime: '-700d' }],
      VSwitches: [
        { VSwitchId: 'vsw-bp1demoprodweb00001', VSwitchName: 'prod-web', VpcId: 'vpc-bp1demoprod00000001', ZoneId: 'cn-hangzhou-h', CidrBlock: '10.10.1.0/24' },
        { VSwitchId: 'vsw-bp1demoproddb000001', VSwitchName: 'prod-db', VpcId: 'vpc-bp1demoprod00000001', ZoneId: 'cn-hangzhou-i', CidrBlock: '10.10.2.0/24' },
      ],
      FlowLogs: [
        {
          FlowLogId: 'fl-bp1demoprod00000001', FlowLogName: 'prod-all-traffic', ResourceType: 'VPC', ResourceId: 'vpc-bp1demoprod00000001',
          Status: 'Active', TrafficType: 'All', ProjectName: 'acme-network-logs', LogStoreName: 'vpc-flow', CreationTime: '-400d',
        },
      ],
      RouteTables: [
        {
          RouteTableId: 'vtb-bp1demoprod00000001', RouteTableName: 'prod-main', VpcId: 'vpc-bp1demoprod00000001', RouteTableType: 'System',
          RouteEntries: [{ RouteEntryName: 'to-beijing-prod', DestinationCidrBlock: '10.20.0.0/16', NextHopType: 'VpcPeer', NextHopId: 'pcc-bp1demoprodbj000001' }],
        },
      ],
      PeerConnections: [
        {
          InstanceId: 'pcc-bp1demoprodbj000001', Name: 'prod-hangzhou-beijing', VpcId: 'vpc-bp1demoprod00000001',
          AcceptingRegionId: 'cn-beijing', AcceptingVpc: { VpcId: 'vpc-2zedemoprod00000001' }, GmtCreate: '-300d',
        },
      ],
    },
    'cn-shanghai': {
      Vpcs: [{ VpcId: 'vpc-uf6demostaging00001', VpcName: 'staging', CidrBlock: '172.16.0.0/16', CreationTime: '-200d' }],
      VSwitches: [{ VSwitchId: 'vsw-uf6demostaging00001', VSwitchName: 'staging-app', VpcId: 'vpc-uf6demostaging00001', ZoneId: 'cn-shanghai-b', CidrBlock: '172.16.1.0/24' }],
      FlowLogs: [
        {
          FlowLogId: 'fl-uf6demostaging00001', FlowLogName: 'staging-all-traffic', Description: 'Deactivated to save on Log Service',
          ResourceType: 'VPC', ResourceId: 'vpc-uf6demostaging00001', Status: 'Inactive', ProjectName: 'acme-network-logs', LogStoreName: 'vpc-flow-staging',
          CreationTime: '-180d',
        },
      ],
      RouteTables: [],
      PeerConnections: [],
    },
    'cn-beijing': {
      Vpcs: [{ VpcId: 'vpc-2zedemoprod00000001', VpcName: 'prod-north', CidrBlock: '10.20.0.0/16', CreationTime: '-500d' }],
      VSwitches: [
        { VSwitchId: 'vsw-2zedemoprodcache0001', VSwitchName: 'prod-cache', VpcId: 'vpc-2zedemoprod00000001', ZoneId: 'cn-beijing-f', CidrBlock: '10.20.1.0/24' },
        { VSwitchId: 'vsw-2zedemoprodapp00001', VSwitchName: 'prod-app', VpcId: 'vpc-2zedemoprod00000001', ZoneId: 'cn-beijing-g', CidrBlock: '10.20.2.0/24' },
      ],
      FlowLogs: [
        { FlowLogName: 'prod-cache-traffic', ResourceType: 'VSwitch', ResourceId: 'vsw-2zedemoprodcache0001', ProjectName: 'acme-network-logs', LogStoreName: 'vsw-flow' },
        { FlowLogName: 'prod-app-traffic', ResourceType: 'VSwitch', ResourceId: 'vsw-2zedemoprodapp00001', ProjectName: 'acme-network-logs', LogStoreName: 'vsw-flow' },
      ],
      RouteTables: [
        {
          RouteTableId: 'vtb-2zedemoprod00000001', RouteTableName: 'prod-north-main', VpcId: 'vpc-2zedemoprod00000001', RouteTableType: 'System',
          RouteEntries: [
            { RouteEntryName: 'everything-via-hangzhou', Description: 'temporary, for the migration', DestinationCidrBlock: '0.0.0.0/0', NextHopType: 'VpcPeer', NextHopId: 'pcc-bp1demoprodbj000001' },
          ],
        },
      ],
      PeerConnections: [],
    },
    'ap-southeast-1': {
      Vpcs: [{ VpcId: 'vpc-t4ndemoedge00000001', VpcName: 'edge', CidrBlock: '192.168.0.0/16', CreationTime: '-600d' }],
      VSwitches: [
        { VSwitchId: 'vsw-t4ndemoedgepub00001', VSwitchName: 'edge-public', VpcId: 'vpc-t4ndemoedge00000001', ZoneId: 'ap-southeast-1a', CidrBlock: '192.168.1.0/24' },
        { VSwitchId: 'vsw-t4ndemoedgepriv0001', VSwitchName: 'edge-private', VpcId: 'vpc-t4ndemoedge00000001', ZoneId: 'ap-southeast-1b', CidrBlock: '192.168.2.0/24' },
      ],
      FlowLogs: [{ FlowLogName: 'edge-public-traffic', ResourceType: 'VSwitch', ResourceId: 'vsw-t4ndemoedgepub00001', ProjectName: 'acme-network-logs-sg', LogStoreName: 'vsw-flow' }],
      RouteTables: [
        {
          RouteTableId: 'vtb-t4ndemoedge00000001', RouteTableName: 'edge-main', VpcId: 'vpc-t4ndemoedge00000001', RouteTableType: 'System',
          RouteEntries: [{ RouteEntryName: 'to-partner', DestinationCidrBlock: '172.31.0.0/16', NextHopType: 'VpcPeer', NextHopId: 'pcc-t4ndemopartner00001' }],
        },
      ],
      PeerConnections: [
        {
          InstanceId: 'pcc-t4ndemopartner00001', Name: 'support-partner', VpcId: 'vpc-t4ndemoedge00000001',
          AcceptingOwnerUid: PARTNER_ACCOUNT, AcceptingVpc: { VpcId: 'vpc-t4npartnersupport001' }, GmtCreate: '-450d',
        },
      ],
    },
    'us-west-1': {
      Vpcs: [{ VpcId: 'vpc-rj9demoarchive00001', VpcName: 'archive', CidrBlock: '10.30.0.0/16', CreationTime: '-900d' }],
      VSwitches: [{ VSwitchId: 'vsw-rj9demoarchive00001', VSwitchName: 'archive', VpcId: 'vpc-rj9demoarchive00001', ZoneId: 'us-west-1a', CidrBlock: '10.30.1.0/24' }],
      FlowLogs: [],
      RouteTables: [],
      PeerConnections: [],
    },
  };
}

/** The service VPCs Terraform made, each with one vSwitch and a VPC flow log. */
function addServiceVpcs(regions: Record<string, RegionJson>): void {
  for (const [region, prefix, environments, block] of SERVICE_VPCS) {
    environments.forEach((environment, i) => {
      const VpcId = `vpc-${prefix}demo${environment}svc00001`;
      const cidr = `10.${block + i}`;
      regions[region].Vpcs.push({ VpcId, VpcName: `services-${environment}`, CidrBlock: `${cidr}.0.0/16`, Description: 'Managed by Terraform (platform/network)', CreationTime: '-650d' });
      regions[region].VSwitches.push({ VSwitchName: `services-${environment}-a`, VpcId, ZoneId: zone(region, 'a'), CidrBlock: `${cidr}.0.0/20` });
      regions[region].FlowLogs.push({ FlowLogName: `services-${environment}`, ResourceType: 'VPC', ResourceId: VpcId, ProjectName: 'acme-platform-logs', LogStoreName: `flow-${environment}` });
    });
  }
}

export function vpcDemo(): Record<string, RegionJson> {
  const regions = story();
  addServiceVpcs(regions);
  return regions;
}
