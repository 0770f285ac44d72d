import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fact, type Missing } from '../../../src/scan/checks/check.js';
import { ALL_CHECKS } from '../../../src/scan/checks/index.js';
import type { Finding } from '../../../src/scan/model.js';
import { parseBlock, within } from '../../../src/scan/services/vpc/cidr.js';
import { flowLogsEnabled, type FlowLog, type FlowLogSubject, type Peering, type PeeringSubject, type PeerRoute, peeringRoutesLeastAccess, type VSwitch } from '../../../src/scan/services/vpc/checks.js';
import { vpcService } from '../../../src/scan/services/vpc/index.js';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/server.js';
import { loadWorld } from '../../../src/emulator/world.js';
import { DEMO_CREDENTIALS, demoWorld } from '../../../src/emulator/worlds/demo.js';
import { scanOf, missingOf } from '../scan-helpers.js';
import { ACCOUNT, AUDITOR, OTHER_REGION, REGION } from '../world.js';

const NOW = new Date('2026-12-01T00:00:00Z');
const denied = (action: string): Missing => ({ action: `vpc:${action}`, region: REGION, reason: 'denied', detail: 'Forbidden.RAM' });
const value = <T>(v: T): Fact<T> => ({ value: v });
const vpc = { VpcId: 'vpc-web', VpcName: 'web', CidrBlock: '10.0.0.0/16' };

describe('CIDR containment', () => {
  const inside = (inner: string, outer: string) => within(parseBlock(inner)!, parseBlock(outer)!);

  it.each([
    ['10.20.0.0/16', '10.20.0.0/16', true],
    ['10.20.3.0/24', '10.20.0.0/16', true],
    ['10.20.3.7/32', '10.20.0.0/16', true],
    ['10.0.0.0/8', '10.20.0.0/16', false],
    ['0.0.0.0/0', '10.20.0.0/16', false],
    ['10.21.0.0/24', '10.20.0.0/16', false],
    ['10.20.0.5/8', '10.20.0.0/16', false],
    ['2408:4000:0:1::/64', '2408:4000::/48', true],
    ['2408:4000:1::/64', '2408:4000::/48', false],
    ['::/0', '2408:4000::/48', false],
    ['10.20.0.0/24', '2408:4000::/48', false],
  ])('%s within %s: %s', (inner, outer, expected) => {
    expect(inside(inner, outer)).toBe(expected);
  });

  it('reads only CIDR blocks', () => {
    expect(['pl-abc123', '10.0.0.0', '10.0.0.0/33', '10.0.0.0/16/1', '', '::/129'].map(parseBlock)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
    expect(parseBlock(' 10.0.0.0/8 ')).toEqual({ address: '10.0.0.0', prefix: 8, family: 'ipv4' });
  });
});

describe('vpc_flow_logs_enabled', () => {
  const log = (FlowLogId: string, ResourceType: string, ResourceId: string, Status = 'Active'): FlowLog => ({ FlowLogId, ResourceType, ResourceId, Status });
  const switches: VSwitch[] = [{ VSwitchId: 'vsw-a', VpcId: 'vpc-web' }, { VSwitchId: 'vsw-b', VpcId: 'vpc-web' }, { VSwitchId: 'vsw-other', VpcId: 'vpc-other' }];
  const subject = (logs: FlowLog[], vSwitches: Fact<VSwitch[]> = value(switches)): FlowLogSubject => ({ accountUid: ACCOUNT, region: REGION, vpc, vSwitches, flowLogs: value(logs) });
  const evaluate = (s: FlowLogSubject) => flowLogsEnabled.evaluate(s, NOW)!;

  it.each([
    ['an Active VPC flow log', [log('fl-1', 'VPC', 'vpc-web')], 'PASS', 'vpc-web has the Active flow log fl-1'],
    ['an Active log beside an Inactive one', [log('fl-0', 'VPC', 'vpc-web', 'Inactive'), log('fl-1', 'VPC', 'vpc-web')], 'PASS', 'vpc-web has the Active flow log fl-1'],
    ['Active logs on every vSwitch', [log('fl-a', 'VSwitch', 'vsw-a'), log('fl-b', 'VSwitch', 'vsw-b')], 'PASS', 'every vSwitch of vpc-web (vsw-a, vsw-b) has an Active flow log'],
    ['only an Inactive VPC flow log', [log('fl-off', 'VPC', 'vpc-web', 'Inactive')], 'FAIL', 'vpc-web: its VPC flow log fl-off is Inactive and none of its 2 vSwitch(es) has one'],
    ['a log still Activating', [log('fl-new', 'VPC', 'vpc-web', 'Activating')], 'FAIL', 'vpc-web: its VPC flow log fl-new is Activating and none of its 2 vSwitch(es) has one'],
    ['a log on some vSwitches only', [log('fl-a', 'VSwitch', 'vsw-a'), log('fl-b', 'VSwitch', 'vsw-b', 'Inactive')], 'FAIL', 'vpc-web: no flow log on the VPC and vSwitch vsw-b has no Active one'],
    ['logs on network interfaces and other VPCs only', [log('fl-eni', 'NetworkInterface', 'eni-1'), log('fl-x', 'VPC', 'vpc-other')], 'FAIL', 'vpc-web: no flow log on the VPC and none of its 2 vSwitch(es) has one'],
  ])('%s: %s', (_, logs, status, statusExtended) => {
    expect(evaluate(subject(logs))).toMatchObject({ status, statusExtended });
  });

  it('needs the VPC-level log when the VPC has no vSwitch', () => {
    expect(evaluate(subject([], value([])))).toMatchObject({ status: 'FAIL', statusExtended: 'vpc-web: no flow log on the VPC and it has no vSwitch' });
  });

  it('says how to fix it: activate the Inactive log, or create one', () => {
    expect(evaluate(subject([log('fl-off', 'VPC', 'vpc-web', 'Inactive')])).remediationCli).toBe(`aliyun vpc ActiveFlowLog --RegionId ${REGION} --FlowLogId fl-off`);
    expect(evaluate(subject([])).remediationCli).toContain(`aliyun vpc CreateFlowLog --RegionId ${REGION} --ResourceType VPC --ResourceId vpc-web --TrafficType All`);
  });

  it('is MANUAL naming vpc:DescribeFlowLogs when the logs cannot be read', () => {
    const s: FlowLogSubject = { ...subject([]), flowLogs: { missing: denied('DescribeFlowLogs') } };
    expect(missingOf(() => flowLogsEnabled.evaluate(s, NOW))).toMatchObject({ action: 'vpc:DescribeFlowLogs', reason: 'denied' });
  });

  it('needs the vSwitches only when no VPC flow log is Active', () => {
    const noSwitches = { missing: denied('DescribeVSwitches') };
    expect(evaluate(subject([log('fl-1', 'VPC', 'vpc-web')], noSwitches)).status).toBe('PASS');
    expect(missingOf(() => flowLogsEnabled.evaluate(subject([log('fl-a', 'VSwitch', 'vsw-a')], noSwitches), NOW))).toMatchObject({ action: 'vpc:DescribeVSwitches' });
  });

  it('names the VPC as a finding resource', () => {
    expect(flowLogsEnabled.resource(subject([]))).toEqual({
      uid: `acs:vpc:${REGION}:${ACCOUNT}:vpc/vpc-web`, id: 'vpc-web', name: 'web', type: 'vpc', region: REGION, details: '10.0.0.0/16',
    });
  });
});

describe('vpc_peering_routes_least_access', () => {
  const peer: Peering = { InstanceId: 'pcc-bj', peerVpcId: 'vpc-bj', peerRegion: OTHER_REGION, peerCidrs: ['10.20.0.0/16'] };
  const partner: Peering = { InstanceId: 'pcc-partner', peerVpcId: 'vpc-p', peerOwner: '5012345678901234', peerCidrs: [] };
  const route = (DestinationCidrBlock: string, NextHopId = 'pcc-bj'): PeerRoute => ({ RouteTableId: 'vtb-web', DestinationCidrBlock, NextHopId });
  const subject = (peerings: Peering[], routes: PeerRoute[]): PeeringSubject => ({ accountUid: ACCOUNT, region: REGION, vpc, peerings: value(peerings), routes: value(routes) });
  const evaluate = (s: PeeringSubject) => peeringRoutesLeastAccess.evaluate(s, NOW);

  it.each([
    ['the peer block itself', [peer], [route('10.20.0.0/16')], 'PASS', "every route of vpc-web through pcc-bj stays within the peer VPC's blocks (10.20.0.0/16)"],
    ['a subnet of the peer', [peer], [route('10.20.8.0/24')], 'PASS', undefined],
    ['no route through the peering', [peer], [], 'PASS', 'no route of vpc-web goes through its peering connection(s) pcc-bj'],
    ['0.0.0.0/0 through the peering', [peer], [route('10.20.0.0/16'), route('0.0.0.0/0')], 'FAIL', 'vpc-web routes more than the peer through a peering connection: 0.0.0.0/0 via pcc-bj (peer vpc-bj is 10.20.0.0/16) in vtb-web'],
    ['a /8 covering more than the peer', [peer], [route('10.0.0.0/8')], 'FAIL', undefined],
    ['a block beside the peer', [peer], [route('10.21.0.0/16')], 'FAIL', undefined],
    ["a peer in another account whose blocks are not given", [partner], [route('172.31.0.0/16', 'pcc-partner')], 'MANUAL', 'vpc-web routes 172.31.0.0/16 via pcc-partner, which cannot be compared with the peer: the CIDR blocks of peer vpc-p of account 5012345678901234 are not given'],
    ['a route to a connection not listed', [peer], [route('10.20.0.0/16', 'pcc-gone')], 'MANUAL', undefined],
    ['a prefix list destination', [peer], [route('pl-abc')], 'MANUAL', undefined],
    ['a broad route beside an unreadable one', [peer, partner], [route('172.31.0.0/16', 'pcc-partner'), route('0.0.0.0/0')], 'FAIL', undefined],
  ])('%s: %s', (_, peerings, routes, status, statusExtended) => {
    const verdict = evaluate(subject(peerings, routes))!;
    expect(verdict.status).toBe(status);
    if (statusExtended) expect(verdict.statusExtended).toBe(statusExtended);
    if (status === 'MANUAL') expect(verdict.reason).toContain("peer VPC's CIDR blocks");
  });

  it('gives no finding for a VPC without peering', () => {
    expect(evaluate(subject([], []))).toBeUndefined();
  });

  it('is MANUAL naming what could not be read', () => {
    expect(missingOf(() => evaluate({ ...subject([], []), peerings: { missing: denied('ListVpcPeerConnections') } }))).toMatchObject({ action: 'vpc:ListVpcPeerConnections' });
    expect(missingOf(() => evaluate({ ...subject([peer], []), routes: { missing: denied('DescribeRouteEntryList') } }))).toMatchObject({ action: 'vpc:DescribeRouteEntryList' });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Known-answer scans against the emulator

const NO_FLOW_LOGS = { id: 'LTAInoflowlogs1', secret: 'noflowlogs-secret-0001-not-real' };
const ECS_ONLY = { id: 'LTAIecsonly0001', secret: 'ecsonly-secret-0001-not-real' };
const keyOf = (keys: { id: string; secret: string }) => [{ AccessKeyId: keys.id, AccessKeySecret: keys.secret, Status: 'Active', CreateDate: '-10d' }];
const FILLER = 55;
const VPC_CHECKS = ALL_CHECKS.filter((check) => check.service === 'vpc');
const LEGACY = ALL_CHECKS.filter((check) => check.id === 'ecs_instance_no_legacy_network');

/**
 * cn-hangzhou: a VPC of each flow-log edge, filler past the first page of VPCs and of flow logs (the last VPC's log
 * on the second page), peerings within the region, to cn-beijing and to another account; cn-beijing: the peer, whose
 * 0.0.0.0/0 route back is past the first page of its routes.
 */
function scanWorld() {
  const vSwitch = (VSwitchId: string, VpcId: string, CidrBlock: string) => ({ VSwitchId, VpcId, CidrBlock });
  const filler = Array.from({ length: FILLER }, (_, i) => ({ VpcId: `vpc-fill${String(i).padStart(2, '0')}`, CidrBlock: `10.${100 + i}.0.0/16` }));
  return {
    Regions: [REGION, OTHER_REGION].map((RegionId) => ({ RegionId, LocalName: RegionId, Status: 'available' })),
    Accounts: [
      {
        AccountId: ACCOUNT,
        Root: { MFA: true },
        Users: [
          { UserName: 'auditor', AccessKeys: keyOf(AUDITOR), Policies: [{ PolicyName: 'AliyunVPCReadOnlyAccess', PolicyType: 'System' }, { PolicyName: 'AliyunECSReadOnlyAccess', PolicyType: 'System' }] },
          { UserName: 'no-flow-logs', AccessKeys: keyOf(NO_FLOW_LOGS), Policies: [{ PolicyName: 'all-but-flow-logs', PolicyType: 'Custom' }] },
          { UserName: 'ecs-only', AccessKeys: keyOf(ECS_ONLY), Policies: [{ PolicyName: 'AliyunECSReadOnlyAccess', PolicyType: 'System' }] },
        ],
        Policies: [
          {
            PolicyName: 'all-but-flow-logs',
            PolicyDocument: { Version: '1', Statement: [{ Effect: 'Allow', Action: ['vpc:Describe*', 'vpc:List*', 'ecs:Describe*'], Resource: '*' }, { Effect: 'Deny', Action: 'vpc:DescribeFlowLogs', Resource: '*' }] },
          },
        ],
        Ecs: { [REGION]: { Instances: [{ InstanceId: 'i-classic', InstanceName: 'classic', InstanceNetworkType: 'classic' }, { InstanceId: 'i-web', InstanceName: 'web', VpcId: 'vpc-1' }] } },
        Vpc: {
          [REGION]: {
            Vpcs: [
              { VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16' },
              { VpcId: 'vpc-inactive', CidrBlock: '10.1.0.0/16' },
              { VpcId: 'vpc-switches', CidrBlock: '10.2.0.0/16' },
              { VpcId: 'vpc-partial', CidrBlock: '10.3.0.0/16' },
              { VpcId: 'vpc-none', CidrBlock: '10.4.0.0/16' },
              { VpcId: 'vpc-empty', CidrBlock: '10.5.0.0/16' },
              ...filler,
              { VpcId: 'vpc-late', CidrBlock: '10.6.0.0/16' },
            ],
            VSwitches: [
              vSwitch('vsw-1', 'vpc-1', '10.0.1.0/24'),
              vSwitch('vsw-switches-a', 'vpc-switches', '10.2.1.0/24'),
              vSwitch('vsw-switches-b', 'vpc-switches', '10.2.2.0/24'),
              vSwitch('vsw-partial-a', 'vpc-partial', '10.3.1.0/24'),
              vSwitch('vsw-partial-b', 'vpc-partial', '10.3.2.0/24'),
              vSwitch('vsw-none', 'vpc-none', '10.4.1.0/24'),
            ],
            FlowLogs: [
              { FlowLogId: 'fl-1', ResourceType: 'VPC', ResourceId: 'vpc-1' },
              { FlowLogId: 'fl-inactive', ResourceType: 'VPC', ResourceId: 'vpc-inactive', Status: 'Inactive' },
              { FlowLogId: 'fl-switches-a', ResourceType: 'VSwitch', ResourceId: 'vsw-switches-a' },
              { FlowLogId: 'fl-switches-b', ResourceType: 'VSwitch', ResourceId: 'vsw-switches-b' },
              { FlowLogId: 'fl-partial-a', ResourceType: 'VSwitch', ResourceId: 'vsw-partial-a' },
              { FlowLogId: 'fl-none-eni', ResourceType: 'NetworkInterface', ResourceId: 'eni-none' },
              ...filler.map((f, i) => ({ FlowLogId: `fl-fill${i}`, ResourceType: 'VPC', ResourceId: f.VpcId })),
              { FlowLogId: 'fl-late', ResourceType: 'VPC', ResourceId: 'vpc-late' },
            ],
            RouteTables: [
              { RouteTableId: 'vtb-1', VpcId: 'vpc-1', RouteTableType: 'System', RouteEntries: [{ DestinationCidrBlock: '10.20.0.0/16', NextHopType: 'VpcPeer', NextHopId: 'pcc-bj' }] },
              { RouteTableId: 'vtb-switches', VpcId: 'vpc-switches', RouteTableType: 'System', RouteEntries: [{ DestinationCidrBlock: '172.31.0.0/16', NextHopType: 'VpcPeer', NextHopId: 'pcc-partner' }] },
              { RouteTableId: 'vtb-none-custom', VpcId: 'vpc-none', VSwitchIds: ['vsw-none'], RouteEntries: [{ DestinationCidrBlock: '10.0.0.0/8', NextHopType: 'VpcPeer', NextHopId: 'pcc-local' }] },
            ],
            PeerConnections: [
              { InstanceId: 'pcc-bj', VpcId: 'vpc-1', AcceptingRegionId: OTHER_REGION, AcceptingVpc: { VpcId: 'vpc-bj' } },
              { InstanceId: 'pcc-partner', VpcId: 'vpc-switches', AcceptingOwnerUid: '5012345678901234', AcceptingVpc: { VpcId: 'vpc-partner' } },
              { InstanceId: 'pcc-local', VpcId: 'vpc-none', AcceptingVpc: { VpcId: 'vpc-partial' } },
              { InstanceId: 'pcc-old', VpcId: 'vpc-empty', AcceptingVpc: { VpcId: 'vpc-late' }, Status: 'Deleted' },
            ],
          },
          [OTHER_REGION]: {
            Vpcs: [{ VpcId: 'vpc-bj', CidrBlock: '10.20.0.0/16' }],
            FlowLogs: [{ FlowLogId: 'fl-bj', ResourceType: 'VPC', ResourceId: 'vpc-bj' }],
            RouteTables: [
              {
                RouteTableId: 'vtb-bj', VpcId: 'vpc-bj', RouteTableType: 'System',
                RouteEntries: [
                  ...Array.from({ length: 100 }, (_, i) => ({ DestinationCidrBlock: `100.64.${i}.0/24`, NextHopId: `i-hop${i}` })),
                  { DestinationCidrBlock: '0.0.0.0/0', NextHopType: 'VpcPeer', NextHopId: 'pcc-bj' },
                ],
              },
            ],
          },
        },
      },
    ],
  };
}

let emulator: RunningEmulator;
let findings: Finding[];

const statusOf = (found: readonly Finding[], check: string, id: string) => found.find((f) => f.checkId === check && f.resource.uid.endsWith(`:vpc/${id}`))?.status;
const textOf = (found: readonly Finding[], check: string, id: string) => found.find((f) => f.checkId === check && f.resource.uid.endsWith(`:vpc/${id}`))?.statusExtended;
const FLOW = 'vpc_flow_logs_enabled';
const PEERING = 'vpc_peering_routes_least_access';

beforeAll(async () => {
  emulator = await startEmulator({ state: loadWorld(scanWorld()), port: 0 });
  ({ findings } = await scanOf(emulator.url, { checks: [...VPC_CHECKS, ...LEGACY] }));
}, 120_000);
afterAll(() => emulator?.close());

describe('a scan of VPC with a known answer', () => {
  it('judges each VPC\'s flow logs, reading VPCs and flow logs past the first page', () => {
    expect(['vpc-1', 'vpc-inactive', 'vpc-switches', 'vpc-partial', 'vpc-none', 'vpc-empty', 'vpc-late', 'vpc-bj'].map((id) => statusOf(findings, FLOW, id))).toEqual([
      'PASS', 'FAIL', 'PASS', 'FAIL', 'FAIL', 'FAIL', 'PASS', 'PASS',
    ]);
    expect(textOf(findings, FLOW, 'vpc-inactive')).toBe('vpc-inactive: its VPC flow log fl-inactive is Inactive and it has no vSwitch');
    expect(textOf(findings, FLOW, 'vpc-partial')).toBe('vpc-partial: no flow log on the VPC and vSwitch vsw-partial-b has no Active one');
    const flow = findings.filter((f) => f.checkId === FLOW);
    expect(flow).toHaveLength(6 + FILLER + 1 + 1);
    expect(flow.filter((f) => f.status === 'PASS')).toHaveLength(4 + FILLER);
    expect(flow[0].compliance).toEqual({ 'CIS-2.0': ['3.3'] });
  });

  it('judges peering routes against the peer, reading routes past the first page, and gives unpeered VPCs no finding', () => {
    const peering = findings.filter((f) => f.checkId === PEERING);
    expect(Object.fromEntries(peering.map((f) => [f.resource.name, f.status]))).toEqual({
      'vpc-1': 'PASS', 'vpc-switches': 'MANUAL', 'vpc-partial': 'PASS', 'vpc-none': 'FAIL', 'vpc-bj': 'FAIL',
    });
    expect(textOf(findings, PEERING, 'vpc-bj')).toContain('0.0.0.0/0 via pcc-bj (peer vpc-1 is 10.0.0.0/16) in vtb-bj');
    expect(textOf(findings, PEERING, 'vpc-none')).toContain('10.0.0.0/8 via pcc-local (peer vpc-partial is 10.3.0.0/16) in vtb-none-custom');
    expect(textOf(findings, PEERING, 'vpc-switches')).toContain('peer vpc-partner of account 5012345678901234 are not given');
    expect(peering[0].compliance).toEqual({ 'CIS-2.0': ['3.4'] });
  });

  it('reads route tables only in regions with peerings, and routes only of peered VPCs', async () => {
    const { calls } = (await (await fetch(`${emulator.url}/_emulator/stats`)).json()) as { calls: Record<string, { answered?: number }> };
    const answered = (action: string) => calls[`vpc:${action}`]?.answered ?? 0;
    expect(answered('DescribeVpcs')).toBe(2 + 1);
    expect(answered('DescribeFlowLogs')).toBe(2 + 1);
    expect(answered('ListVpcPeerConnections')).toBe(2);
    expect(answered('DescribeRouteTableList')).toBe(2 + 1);
    // vpc-1, vpc-switches, vpc-partial (system tables), vpc-none (system and custom), vpc-bj (two pages).
    expect(answered('DescribeRouteEntryList')).toBe(5 + 2);
  });

  it('lists what the service calls', () => {
    expect(vpcService.permissions).toEqual([
      'vpc:DescribeVpcs', 'vpc:DescribeVSwitches', 'vpc:DescribeFlowLogs', 'vpc:ListVpcPeerConnections', 'vpc:DescribeRouteTableList', 'vpc:DescribeRouteEntryList',
    ]);
  });
});

describe('a scan of VPC with permissions missing', () => {
  it('a scanner without vpc:DescribeFlowLogs gets MANUAL naming it for every VPC; peering and ECS findings are as before', async () => {
    const { findings: found } = await scanOf(emulator.url, { checks: [...VPC_CHECKS, ...LEGACY], keys: NO_FLOW_LOGS });
    const flow = found.filter((f) => f.checkId === FLOW);
    expect(flow).toHaveLength(6 + FILLER + 1 + 1);
    expect(flow.every((f) => f.status === 'MANUAL' && f.statusExtended === `missing permission vpc:DescribeFlowLogs in ${f.region}`)).toBe(true);
    const same = (f: Finding) => `${f.checkId} ${f.resource.uid} ${f.status}`;
    expect(found.filter((f) => f.checkId !== FLOW).map(same).sort()).toEqual(findings.filter((f) => f.checkId !== FLOW).map(same).sort());
    expect(found.filter((f) => f.service === 'ecs').map((f) => [f.resource.name, f.status])).toEqual(expect.arrayContaining([['classic', 'FAIL'], ['web', 'PASS']]));
  });

  it('a scanner without VPC at all gets one MANUAL per check and region naming vpc:DescribeVpcs, and ECS findings as before', async () => {
    const { findings: found } = await scanOf(emulator.url, { checks: [...VPC_CHECKS, ...LEGACY], keys: ECS_ONLY });
    const vpcs = found.filter((f) => f.service === 'vpc');
    expect(vpcs).toHaveLength(VPC_CHECKS.length * 2);
    expect(vpcs.every((f) => f.status === 'MANUAL' && f.statusExtended === `could not list VPCs: missing permission vpc:DescribeVpcs in ${f.region}`)).toBe(true);
    expect(found.filter((f) => f.service === 'ecs').map((f) => [f.resource.name, f.status]).sort()).toEqual([['classic', 'FAIL'], ['web', 'PASS']]);
  });
});

describe("the demo world's VPC share", () => {
  it('shows each VPC check failing somewhere and passing somewhere', async () => {
    const demo = await startEmulator({ state: loadWorld(demoWorld()), port: 0 });
    try {
      const { findings: found } = await scanOf(demo.url, { checks: VPC_CHECKS, keys: { id: DEMO_CREDENTIALS.accessKeyId, secret: DEMO_CREDENTIALS.accessKeySecret } });
      const by = (check: string) => Object.fromEntries(found.filter((f) => f.checkId === check).map((f) => [f.resource.name, f.status]));
      expect(by(FLOW)).toMatchObject({ prod: 'PASS', 'prod-north': 'PASS', staging: 'FAIL', edge: 'FAIL', archive: 'FAIL', 'services-prod': 'PASS' });
      expect(by(PEERING)).toEqual({ prod: 'PASS', 'prod-north': 'FAIL', edge: 'MANUAL' });
      expect(found.find((f) => f.checkId === FLOW && f.resource.name === 'edge')!.statusExtended).toContain('vsw-t4ndemoedgepriv0001');
    } finally {
      await demo.close();
    }
  }, 60_000);
});
