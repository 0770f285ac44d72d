import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloudApi } from '../../src/cloud/clients.js';
import { VPC, VPCPEER } from '../../src/cloud/products.js';
import { generateWorld, parseGenerateSpec } from '../../src/emulator/generate.js';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { vpcOf } from '../../src/emulator/services/vpc/index.js';
import { loadWorld } from '../../src/emulator/world.js';
import { demoWorld } from '../../src/emulator/worlds/demo.js';
import { ACCOUNT, KEYS, type Keys, fixtureWorld, startWorldJson, apiRefusal as refusal, emulatedApi } from './helpers.js';

const VIC = { accessKeyId: 'LTAIvic00001', accessKeySecret: 'vic-secret-0001-do-not-share' };
const PARTNER = '5012345678901234';
const API_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/**
 * The fixture world with vic (AliyunVPCReadOnlyAccess) and a VPC section: 60 VPCs and 55 flow logs in cn-hangzhou
 * (past the first page of each), a route table of 120 routes, peerings within the account, to a partner account the
 * world has and to one it does not.
 */
function vpcWorld(): any {
  const world = fixtureWorld();
  world.Accounts[0].Users.push({
    UserName: 'vic',
    AccessKeys: [{ AccessKeyId: VIC.accessKeyId, AccessKeySecret: VIC.accessKeySecret, Status: 'Active', CreateDate: '-10d' }],
    Policies: [{ PolicyName: 'AliyunVPCReadOnlyAccess', PolicyType: 'System' }],
  });
  const nets = Array.from({ length: 59 }, (_, i) => ({ VpcName: `net-${String(i + 1).padStart(2, '0')}`, CidrBlock: `10.${i + 1}.0.0/16` }));
  world.Accounts[0].Vpc = {
    'cn-hangzhou': {
      Vpcs: [{ VpcId: 'vpc-web', VpcName: 'web', CidrBlock: '10.0.0.0/16', Description: 'web tier', CreationTime: '2025-01-31T08:00:00Z' }, ...nets],
      VSwitches: [
        { VSwitchId: 'vsw-web1', VSwitchName: 'web-1', VpcId: 'vpc-web', ZoneId: 'cn-hangzhou-h', CidrBlock: '10.0.1.0/24', CreationTime: '2025-02-01T00:00:00Z' },
        { VSwitchName: 'web-2', VpcId: 'web', CidrBlock: '10.0.2.0/24' },
        { VSwitchName: 'net-01-a', VpcId: 'net-01', CidrBlock: '10.1.0.0/24' },
      ],
      FlowLogs: [
        { FlowLogId: 'fl-web', FlowLogName: 'web', ResourceType: 'VPC', ResourceId: 'vpc-web', ProjectName: 'p', LogStoreName: 'l', CreationTime: '2025-03-01T00:00:00Z' },
        { FlowLogName: 'web-1', ResourceType: 'VSwitch', ResourceId: 'web-1', Status: 'Inactive', TrafficType: 'Drop', AggregationInterval: 5 },
        { FlowLogName: 'eni', ResourceType: 'NetworkInterface', ResourceId: 'eni-bp1abcd' },
        ...nets.slice(0, 52).map((n) => ({ FlowLogName: n.VpcName, ResourceType: 'VPC', ResourceId: n.VpcName })),
      ],
      RouteTables: [
        {
          RouteTableId: 'vtb-web', RouteTableName: 'web-main', VpcId: 'vpc-web', RouteTableType: 'System',
          RouteEntries: [
            ...Array.from({ length: 117 }, (_, i) => ({ DestinationCidrBlock: `100.${Math.floor(i / 100)}.${i % 100}.0/24`, NextHopType: 'Instance', NextHopId: `i-hop${i}` })),
            { RouteEntryId: 'rte-toshanghai', DestinationCidrBlock: '172.16.0.0/16', NextHopType: 'VpcPeer', NextHopId: 'pcc-webshanghai' },
            { DestinationCidrBlock: '192.168.0.0/16', NextHopType: 'VpcPeer', NextHopId: 'pcc-partner' },
            { DestinationCidrBlock: '2408:4000::/56', NextHopType: 'IPv6Gateway', NextHopId: 'ipv6gw-bp1abcd' },
          ],
        },
        { RouteTableName: 'web-custom', VpcId: 'vpc-web', VSwitchIds: ['web-2'] },
      ],
      PeerConnections: [
        { InstanceId: 'pcc-webshanghai', Name: 'web-shanghai', VpcId: 'vpc-web', AcceptingRegionId: 'cn-shanghai', AcceptingVpc: { VpcId: 'vpc-sh' }, GmtCreate: '2025-04-01T00:00:00Z' },
        { InstanceId: 'pcc-partner', Name: 'partner', VpcId: 'vpc-web', AcceptingOwnerUid: Number(PARTNER), AcceptingVpc: { VpcId: 'vpc-partner' } },
        { InstanceId: 'pcc-stranger', VpcId: 'vpc-web', AcceptingOwnerUid: '9876543210987654', AcceptingVpc: { VpcId: 'vpc-stranger' }, Status: 'Accepting' },
      ],
    },
    'cn-shanghai': { Vpcs: [{ VpcId: 'vpc-sh', VpcName: 'shanghai', CidrBlock: '172.16.0.0/16' }] },
  };
  world.Accounts.push({
    AccountId: PARTNER,
    Vpc: {
      'cn-hangzhou': {
        Vpcs: [{ VpcId: 'vpc-partner', CidrBlock: '192.168.0.0/16' }, { VpcId: 'vpc-partner2', CidrBlock: '192.169.0.0/16' }],
        PeerConnections: [{ InstanceId: 'pcc-frompartner', VpcId: 'vpc-partner2', AcceptingOwnerUid: ACCOUNT, AcceptingVpc: { VpcId: 'vpc-web' } }],
      },
    },
  });
  return world;
}

let emulator: RunningEmulator;

function api(product = VPC, keys: Keys = VIC): Promise<CloudApi> {
  return emulatedApi(emulator.url, product, keys);
}

async function call(action: string, params: Record<string, unknown> = {}, keys?: Keys): Promise<any> {
  return (await api(VPC, keys)).call(action, { RegionId: 'cn-hangzhou', ...params });
}

async function peers(params: Record<string, unknown> = {}, keys?: Keys): Promise<any> {
  return (await api(VPCPEER, keys)).call('ListVpcPeerConnections', params);
}

beforeAll(async () => {
  emulator = await startWorldJson(vpcWorld());
});

afterAll(async () => {
  await emulator.close();
});

describe('VPC DescribeRegions and DescribeVpcs', () => {
  it("answers VPC's region shape, with VPC endpoints", async () => {
    const answer = await call('DescribeRegions', { RegionId: undefined });
    expect(answer.Regions.Region[0]).toEqual({ RegionId: 'cn-hangzhou', LocalName: 'China (Hangzhou)', RegionEndpoint: 'vpc.cn-hangzhou.aliyuncs.com' });
    expect(answer.Regions.Region).toHaveLength(3);
  });

  it('answers a VPC in the API shape, with its vSwitches and route tables', async () => {
    const answer = await call('DescribeVpcs', { VpcId: 'vpc-web' });
    expect([answer.TotalCount, answer.PageNumber, answer.PageSize, answer.NextToken]).toEqual([1, 1, 10, undefined]);
    const [vpc] = answer.Vpcs.Vpc;
    expect(vpc).toMatchObject({
      VpcId: 'vpc-web', VpcName: 'web', RegionId: 'cn-hangzhou', Status: 'Available', CidrBlock: '10.0.0.0/16', IsDefault: false,
      Description: 'web tier', CreationTime: '2025-01-31T08:00:00Z', OwnerId: Number(ACCOUNT), Tags: { Tag: [] },
    });
    expect(vpc.VSwitchIds.VSwitchId).toEqual(['vsw-web1', expect.stringMatching(/^vsw-[a-z0-9]{21}$/)]);
    expect(vpc.RouterTableIds.RouterTableIds).toEqual(['vtb-web', expect.stringMatching(/^vtb-/)]);
    expect(vpc.VRouterId).toMatch(/^vrt-[a-z0-9]{21}$/);
  });

  it('pages 60 VPCs 50 at a time and refuses a page over 50', async () => {
    const first = await call('DescribeVpcs', { PageSize: 50 });
    const second = await call('DescribeVpcs', { PageSize: 50, PageNumber: 2 });
    expect([first.Vpcs.Vpc.length, second.Vpcs.Vpc.length, first.TotalCount]).toEqual([50, 10, 60]);
    expect(second.Vpcs.Vpc.at(-1).VpcName).toBe('net-59');
    expect((await call('DescribeVpcs')).Vpcs.Vpc).toHaveLength(10);
    expect(await refusal(call('DescribeVpcs', { PageSize: 51 }))).toMatchObject({ code: 'InvalidParameter.PageSize', status: 400 });
    expect(await refusal(call('DescribeVpcs', { PageNumber: 0 }))).toMatchObject({ code: 'InvalidParameter.PageNumber', status: 400 });
  });

  it('filters by VpcId lists, VpcName and IsDefault', async () => {
    expect((await call('DescribeVpcs', { VpcId: 'vpc-web,vpc-nope' })).TotalCount).toBe(1);
    expect((await call('DescribeVpcs', { VpcName: 'net-07' })).Vpcs.Vpc[0].CidrBlock).toBe('10.7.0.0/16');
    expect((await call('DescribeVpcs', { IsDefault: true })).TotalCount).toBe(0);
    const many = Array.from({ length: 21 }, (_, i) => `vpc-x${i}`).join(',');
    expect(await refusal(call('DescribeVpcs', { VpcId: many }))).toMatchObject({ code: 'InvalidParameter.VpcId' });
  });

  it('refuses a region the world does not have, and a missing RegionId', async () => {
    for (const action of ['DescribeVpcs', 'DescribeVSwitches', 'DescribeFlowLogs', 'DescribeRouteTableList', 'DescribeRouteEntryList']) {
      expect(await refusal(call(action, { RegionId: 'cn-nowhere', RouteTableId: 'vtb-web' }))).toMatchObject({ code: 'InvalidRegionId.NotFound', status: 404 });
    }
    expect(await refusal(call('DescribeVpcs', { RegionId: undefined }))).toMatchObject({ code: 'MissingParameter', status: 400 });
  });

  it('answers a region without VPC data as empty', async () => {
    const answer = await call('DescribeVpcs', { RegionId: 'ap-southeast-1' });
    expect([answer.Vpcs.Vpc, answer.TotalCount]).toEqual([[], 0]);
  });
});

describe('VPC DescribeVSwitches', () => {
  it('answers vSwitches with their route table, by region or by VPC alone', async () => {
    const answer = await call('DescribeVSwitches', { VpcId: 'vpc-web' });
    expect(answer.TotalCount).toBe(2);
    expect(answer.VSwitches.VSwitch[0]).toMatchObject({
      VSwitchId: 'vsw-web1', VSwitchName: 'web-1', VpcId: 'vpc-web', ZoneId: 'cn-hangzhou-h', CidrBlock: '10.0.1.0/24', Status: 'Available',
      AvailableIpAddressCount: 252, CreationTime: '2025-02-01T00:00:00Z', RouteTable: { RouteTableId: 'vtb-web', RouteTableType: 'System' },
    });
    expect(answer.VSwitches.VSwitch[1]).toMatchObject({ VSwitchName: 'web-2', ZoneId: 'cn-hangzhou-a', RouteTable: { RouteTableType: 'Custom' } });
    const byVpc = await call('DescribeVSwitches', { RegionId: undefined, VpcId: 'vpc-sh' });
    expect([byVpc.TotalCount]).toEqual([0]);
    expect(await refusal(call('DescribeVSwitches', { RegionId: undefined, VpcId: 'vpc-nope' }))).toMatchObject({ code: 'InvalidVpcId.NotFound', status: 404 });
    expect((await call('DescribeVSwitches')).TotalCount).toBe(3);
    expect(await refusal(call('DescribeVSwitches', { PageSize: 51 }))).toMatchObject({ code: 'InvalidParameter.PageSize' });
  });
});

describe('VPC DescribeFlowLogs', () => {
  it('answers flow logs with counts as strings, 20 a page by default and at most 50', async () => {
    const first = await call('DescribeFlowLogs');
    expect([first.PageNumber, first.PageSize, first.TotalCount, first.Success, first.FlowLogs.FlowLog.length]).toEqual(['1', '20', '55', 'true', 20]);
    expect(first.FlowLogs.FlowLog[0]).toMatchObject({
      FlowLogId: 'fl-web', FlowLogName: 'web', ResourceType: 'VPC', ResourceId: 'vpc-web', RegionId: 'cn-hangzhou', Status: 'Active',
      TrafficType: 'All', ProjectName: 'p', LogStoreName: 'l', AggregationInterval: 10, CreationTime: '2025-03-01T00:00:00Z',
    });
    expect(first.FlowLogs.FlowLog[1]).toMatchObject({ ResourceType: 'VSwitch', ResourceId: 'vsw-web1', Status: 'Inactive', TrafficType: 'Drop', AggregationInterval: 5 });
    expect(first.FlowLogs.FlowLog[1].CreationTime).toMatch(API_DATE);
    const second = await call('DescribeFlowLogs', { PageSize: 50, PageNumber: 2 });
    expect(second.FlowLogs.FlowLog).toHaveLength(5);
    expect(await refusal(call('DescribeFlowLogs', { PageSize: 51 }))).toMatchObject({ code: 'InvalidParameter.PageSize' });
  });

  it('filters by resource, status and VPC (its vSwitches included)', async () => {
    expect((await call('DescribeFlowLogs', { VpcId: 'vpc-web' })).FlowLogs.FlowLog.map((l: any) => l.FlowLogName)).toEqual(['web', 'web-1']);
    expect((await call('DescribeFlowLogs', { Status: 'Inactive' })).TotalCount).toBe('1');
    expect((await call('DescribeFlowLogs', { ResourceType: 'NetworkInterface' })).FlowLogs.FlowLog[0].ResourceId).toBe('eni-bp1abcd');
    expect(await refusal(call('DescribeFlowLogs', { ResourceType: 'Instance' }))).toMatchObject({ code: 'InvalidParameter.ResourceType', status: 400 });
  });
});

describe('VPC route tables', () => {
  it('lists route tables in RouterTableList.RouterTableListType, with the vSwitches each serves', async () => {
    const answer = await call('DescribeRouteTableList', { VpcId: 'vpc-web' });
    expect(answer.TotalCount).toBe(2);
    const [system, custom] = answer.RouterTableList.RouterTableListType;
    expect(system).toMatchObject({ RouteTableId: 'vtb-web', RouteTableName: 'web-main', RouteTableType: 'System', VpcId: 'vpc-web', RouterType: 'VRouter', VSwitchIds: { VSwitchId: ['vsw-web1'] } });
    expect(custom).toMatchObject({ RouteTableName: 'web-custom', RouteTableType: 'Custom', VSwitchIds: { VSwitchId: [expect.stringMatching(/^vsw-/)] } });
    // Every VPC has its system table, the loader's when the world has none.
    expect((await call('DescribeRouteTableList', { PageSize: 50 })).TotalCount).toBe(61);
  });

  it('pages 120 routes by NextToken with MaxResult (at most 100)', async () => {
    const first = await call('DescribeRouteEntryList', { RouteTableId: 'vtb-web', MaxResult: 100 });
    expect([first.RouteEntrys.RouteEntry.length, first.TotalCount, first.NextToken === '']).toEqual([100, 120, false]);
    const rest = await call('DescribeRouteEntryList', { RouteTableId: 'vtb-web', MaxResult: 100, NextToken: first.NextToken });
    expect([rest.RouteEntrys.RouteEntry.length, rest.NextToken]).toEqual([20, '']);
    const peer = rest.RouteEntrys.RouteEntry.find((e: any) => e.RouteEntryId === 'rte-toshanghai');
    expect(peer).toMatchObject({
      RouteTableId: 'vtb-web', DestinationCidrBlock: '172.16.0.0/16', Type: 'Custom', Status: 'Available', IpVersion: 'ipv4',
      NextHops: { NextHop: [{ NextHopType: 'VpcPeer', NextHopId: 'pcc-webshanghai', NextHopRelatedInfo: { InstanceId: 'pcc-webshanghai', InstanceType: 'VpcPeer' } }] },
    });
    expect((await call('DescribeRouteEntryList', { RouteTableId: 'vtb-web' })).RouteEntrys.RouteEntry).toHaveLength(10);
    expect((await call('DescribeRouteEntryList', { RouteTableId: 'vtb-web', NextHopType: 'VpcPeer' })).TotalCount).toBe(2);
    expect((await call('DescribeRouteEntryList', { RouteTableId: 'vtb-web', IpVersion: 'ipv6' })).RouteEntrys.RouteEntry[0].IpVersion).toBe('ipv6');
    expect(await refusal(call('DescribeRouteEntryList', { RouteTableId: 'vtb-web', MaxResult: 101 }))).toMatchObject({ code: 'InvalidParameter.MaxResult' });
    expect(await refusal(call('DescribeRouteEntryList', { RouteTableId: 'vtb-web', NextToken: 'bm90LW91cnM' }))).toMatchObject({ code: 'InvalidParameter.NextToken' });
  });

  it('answers the local routes of a table the world left out, and refuses an unknown table', async () => {
    const [vpc] = (await call('DescribeVpcs', { VpcName: 'net-01' })).Vpcs.Vpc;
    const table = vpc.RouterTableIds.RouterTableIds[0];
    const [local] = (await call('DescribeRouteEntryList', { RouteTableId: table })).RouteEntrys.RouteEntry;
    expect(local).toMatchObject({ DestinationCidrBlock: '10.1.0.0/24', Type: 'System', NextHops: { NextHop: [{ NextHopType: 'local' }] } });
    expect(await refusal(call('DescribeRouteEntryList', { RouteTableId: 'vtb-nope' }))).toMatchObject({ code: 'InvalidRouteTableId.NotFound', status: 404 });
    expect(await refusal(call('DescribeRouteEntryList', {}))).toMatchObject({ code: 'MissingParameter' });
  });
});

describe('VpcPeer ListVpcPeerConnections', () => {
  it("answers both ends' blocks where the world has them, the requester's own and the partner's", async () => {
    const answer = await peers({ RegionId: 'cn-hangzhou', MaxResults: 100 });
    const byId = new Map(answer.VpcPeerConnects.map((c: any) => [c.InstanceId, c]));
    expect([...byId.keys()]).toEqual(['pcc-webshanghai', 'pcc-partner', 'pcc-stranger', 'pcc-frompartner']);
    expect(byId.get('pcc-webshanghai')).toMatchObject({
      Name: 'web-shanghai', Status: 'Activated', RegionId: 'cn-hangzhou', OwnerId: Number(ACCOUNT), AcceptingOwnerUid: Number(ACCOUNT),
      AcceptingRegionId: 'cn-shanghai', Bandwidth: 1024, GmtCreate: '2025-04-01T00:00:00Z',
      Vpc: { VpcId: 'vpc-web', Ipv4Cidrs: ['10.0.0.0/16'], Ipv6Cidrs: [] },
      AcceptingVpc: { VpcId: 'vpc-sh', Ipv4Cidrs: ['172.16.0.0/16'], Ipv6Cidrs: [] },
    });
    expect(byId.get('pcc-partner')).toMatchObject({ Bandwidth: -1, AcceptingOwnerUid: Number(PARTNER), AcceptingVpc: { Ipv4Cidrs: ['192.168.0.0/16'] } });
    expect(byId.get('pcc-stranger')).toMatchObject({ Status: 'Accepting', AcceptingVpc: { VpcId: 'vpc-stranger', Ipv4Cidrs: [] } });
    expect(byId.get('pcc-frompartner')).toMatchObject({ OwnerId: Number(PARTNER), Vpc: { VpcId: 'vpc-partner2', Ipv4Cidrs: ['192.169.0.0/16'] } });
  });

  it('keeps connections with an end in RegionId, or touching a VpcId, and pages by NextToken', async () => {
    expect((await peers({ RegionId: 'cn-shanghai' })).VpcPeerConnects.map((c: any) => c.InstanceId)).toEqual(['pcc-webshanghai']);
    expect((await peers({ VpcId: 'vpc-sh,vpc-partner2' })).TotalCount).toBe(2);
    const first = await peers({ MaxResults: 3 });
    expect([first.VpcPeerConnects.length, first.MaxResults, first.TotalCount]).toEqual([3, 3, 4]);
    const rest = await peers({ MaxResults: 3, NextToken: first.NextToken });
    expect([rest.VpcPeerConnects.map((c: any) => c.InstanceId), rest.NextToken]).toEqual([['pcc-frompartner'], '']);
    expect(await refusal(peers({ MaxResults: 101 }))).toMatchObject({ code: 'InvalidParameter.MaxResults' });
    expect(await refusal(peers({ RegionId: 'cn-nowhere' }))).toMatchObject({ code: 'InvalidRegionId.NotFound' });
  });
});

describe('VPC permissions', () => {
  it('refuses a caller without VPC read access with Forbidden.RAM naming the action', async () => {
    const refused = await refusal(call('DescribeFlowLogs', {}, KEYS.bob));
    expect(refused).toMatchObject({ code: 'Forbidden.RAM', status: 403 });
    expect(refused.detail).toMatchObject({ AuthAction: 'vpc:DescribeFlowLogs', NoPermissionType: 'ImplicitDeny' });
    expect(await refusal(peers({}, KEYS.bob))).toMatchObject({ code: 'Forbidden.RAM', detail: { AuthAction: 'vpc:ListVpcPeerConnections' } });
    expect(await refusal(call('DescribeRouteEntryList', { RouteTableId: 'vtb-web' }, KEYS.bob))).toMatchObject({ code: 'Forbidden.RAM' });
  });

  it('lets the root account read', async () => {
    expect((await call('DescribeVpcs', {}, KEYS.root)).TotalCount).toBe(60);
    expect((await peers({}, KEYS.root)).TotalCount).toBe(4);
  });
});

describe('VPC world section', () => {
  const withVpc = (region: Record<string, unknown>) => {
    const world = fixtureWorld();
    world.Accounts[0].Vpc = { 'cn-hangzhou': { Vpcs: [{ VpcId: 'vpc-a', CidrBlock: '10.0.0.0/16' }], ...region } };
    return world;
  };

  it.each([
    [{ Vpcs: [{ VpcId: 'vpc-a', CidrBlock: '10.0.0.0/16', Cidr: 'x' }] }, 'Accounts[0].Vpc.cn-hangzhou.Vpcs[0].Cidr: unknown field'],
    [{ Vpcs: [{ VpcId: 'vpc-a', CidrBlock: '10.0.0.0' }] }, 'Vpcs[0].CidrBlock: must be an IPv4 CIDR block from /8 to /28'],
    [{ Vpcs: [{ VpcId: 'VPC_A', CidrBlock: '10.0.0.0/16' }] }, 'Vpcs[0].VpcId: must be "vpc-"'],
    [{ Vpcs: [{ CidrBlock: '10.0.0.0/16' }] }, 'Vpcs[0]: needs VpcId or VpcName'],
    [{ VSwitches: [{ VSwitchId: 'vsw-a', VpcId: 'vpc-a', CidrBlock: '10.1.0.0/24' }] }, "VSwitches[0].CidrBlock: must lie within its VPC's CidrBlock 10.0.0.0/16"],
    [{ VSwitches: [{ VSwitchId: 'vsw-a', VpcId: 'vpc-b', CidrBlock: '10.0.0.0/24' }] }, 'VSwitches[0].VpcId: "vpc-b" is no VPC'],
    [{ VSwitches: [{ VSwitchId: 'vsw-a', VpcId: 'vpc-a', CidrBlock: '10.0.0.0/24', ZoneId: 'cn-beijing-a' }] }, 'VSwitches[0].ZoneId: must be a zone of cn-hangzhou'],
    [{ FlowLogs: [{ FlowLogId: 'fl-a', ResourceType: 'VSwitch', ResourceId: 'vsw-x' }] }, 'FlowLogs[0].ResourceId: "vsw-x" is no vSwitch'],
    [{ FlowLogs: [{ FlowLogId: 'fl-a', ResourceId: 'vpc-a', Status: 'On' }] }, 'FlowLogs[0].Status: must be Active, Activating, Inactive'],
    [{ FlowLogs: [{ FlowLogId: 'fl-a', ResourceId: 'vpc-a', AggregationInterval: 3 }] }, 'FlowLogs[0].AggregationInterval: must be 1, 5 or 10'],
    [{ PeerConnections: [{ InstanceId: 'pcc-a', VpcId: 'vpc-a', AcceptingVpc: { VpcId: 'vpc-z' } }] }, 'PeerConnections[0].AcceptingVpc: VpcId "vpc-z" is no VPC of this account'],
    [{ PeerConnections: [{ InstanceId: 'pcc-a', VpcId: 'vpc-a', AcceptingOwnerUid: '42', AcceptingVpc: { VpcId: 'vpc-z' } }] }, 'AcceptingOwnerUid: must be an Alibaba Cloud account id'],
    [{ RouteTables: [{ VpcId: 'vpc-a', RouteTableName: 't', RouteEntries: [{ DestinationCidrBlock: '0.0.0.0/0', NextHopType: 'VpcPeer', NextHopId: 'pcc-gone' }] }] }, 'RouteEntries[0].NextHopId: "pcc-gone" is no peering connection of vpc-a'],
    [{ RouteTables: [{ VpcId: 'vpc-a', RouteTableName: 't', RouteEntries: [{ DestinationCidrBlock: 'everything', NextHopId: 'i-a' }] }] }, 'RouteEntries[0].DestinationCidrBlock: must be'],
  ])('refuses %o', (region, message) => {
    expect(() => loadWorld(withVpc(region))).toThrow(message);
  });

  it('refuses a region the world does not list', () => {
    const world = fixtureWorld();
    world.Accounts[0].Vpc = { 'cn-beijing': {} };
    expect(() => loadWorld(world)).toThrow('Accounts[0].Vpc.cn-beijing: region "cn-beijing" is not in Regions');
  });

  it('derives the same ids on every load', () => {
    const ids = () => vpcOf(loadWorld(vpcWorld()).Accounts.get(ACCOUNT)!)['cn-hangzhou'].Vpcs.map((v) => v.VpcId);
    expect(ids()).toEqual(ids());
    expect(ids()[1]).toMatch(/^vpc-[a-z0-9]{21}$/);
  });

  it("loads the demo's share: one VPC of each kind the story tells", () => {
    const demo = loadWorld(demoWorld());
    const vpc = vpcOf([...demo.Accounts.values()][0]);
    expect(Object.keys(vpc).sort()).toEqual(['ap-southeast-1', 'cn-beijing', 'cn-hangzhou', 'cn-shanghai', 'us-west-1']);
    expect(vpc['cn-shanghai'].FlowLogs.find((l) => l.ResourceId === 'vpc-uf6demostaging00001')?.Status).toBe('Inactive');
    expect(vpc['cn-beijing'].RouteTables[0].RouteEntries[0]).toMatchObject({ DestinationCidrBlock: '0.0.0.0/0', NextHopType: 'VpcPeer' });
  });

  it('generates the same network for one seed, about a VPC per four groups, a quarter not covered', () => {
    const spec = parseGenerateSpec('security-groups=400,regions=3,seed=5');
    const a = JSON.stringify(generateWorld(spec));
    expect(JSON.stringify(generateWorld(spec))).toBe(a);
    const section = vpcOf([...loadWorld(JSON.parse(a)).Accounts.values()][0]);
    const vpcs = Object.values(section).flatMap((r) => r.Vpcs);
    expect(vpcs.length).toBeGreaterThan(80);
    expect(vpcs.length).toBeLessThan(120);
    const covered = Object.values(section).flatMap((r) =>
      r.Vpcs.filter((v) => {
        const logs = r.FlowLogs.filter((l) => l.Status === 'Active');
        const switches = r.VSwitches.filter((s) => s.VpcId === v.VpcId);
        return logs.some((l) => l.ResourceId === v.VpcId) || switches.every((s) => logs.some((l) => l.ResourceId === s.VSwitchId));
      }),
    );
    expect(covered.length / vpcs.length).toBeGreaterThan(0.6);
    expect(covered.length / vpcs.length).toBeLessThan(0.9);
    expect(Object.values(section).flatMap((r) => r.PeerConnections).length).toBeGreaterThan(0);
  });
});
