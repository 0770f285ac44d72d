/**
 * VPC's share of `--generate`: about one VPC per four security groups in each region (at least one), the busiest
 * region first, each with one to four vSwitches; about a quarter of them without an active flow log covering them,
 * and a few peered, some of those with routes broader than the peer. Every draw comes from the streams `vpc` and
 * `vpc-ids`, so a seed gives the same network whatever the other services generate.
 */
import { IdMaker } from '../../rng.js';
import type { GeneratedWorld } from '../service.js';

type Json = Record<string, unknown>;

/** The chance each VPC is set up this way. */
export const VPC_SHARES = {
  /** Covered: a VPC flow log, or one on every vSwitch. */
  vpcFlowLog: 0.55,
  everyVSwitchLogged: 0.2,
  /** Not covered: the VPC's only flow log Inactive, or logs on some vSwitches only; the rest have none. */
  inactiveFlowLog: 0.08,
  someVSwitchesLogged: 0.07,
  /** VPCs that request a peering with another VPC of the account, and of those, the routes broader than the peer. */
  peered: 0.08,
  broadPeerRoute: 0.35,
};

const TEAMS = ['platform', 'payments', 'search', 'data', 'web', 'mobile', 'billing', 'identity'];
const ENVS = ['prod', 'staging', 'dev'];

const zone = (region: string, letter: string) => `${region}${/\d$/.test(region) ? '' : '-'}${letter}`;

interface RegionJson {
  Vpcs: Json[];
  VSwitches: Json[];
  FlowLogs: Json[];
  RouteTables: Json[];
  PeerConnections: Json[];
}

interface Made {
  regionId: string;
  VpcId: string;
  CidrBlock: string;
}

export function generateVpc(world: GeneratedWorld): Record<string, RegionJson> {
  const rng = world.rng('vpc');
  const ids = new IdMaker(world.rng('vpc-ids'));
  const weights = world.regionIds.map((_, i) => 1 / (i + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const out: Record<string, RegionJson> = {};
  const made: Made[] = [];
  world.regionIds.forEach((regionId, r) => {
    const region: RegionJson = { Vpcs: [], VSwitches: [], FlowLogs: [], RouteTables: [], PeerConnections: [] };
    const count = Math.max(1, Math.round((world.spec.securityGroups * weights[r]) / total / 4));
    for (let v = 0; v < count; v++) {
      const VpcId = ids.make('vpc-', 21);
      const second = made.length % 256;
      const CidrBlock = `10.${second}.0.0/16`;
      region.Vpcs.push({ VpcId, VpcName: `${rng.pick(TEAMS)}-${rng.pick(ENVS)}-${v}`, CidrBlock, CreationTime: `-${rng.int(30, 1500)}d` });
      const vSwitches = Array.from({ length: rng.int(1, 4) }, (_, k) => ({
        VSwitchId: ids.make('vsw-', 21),
        VpcId,
        ZoneId: zone(regionId, 'abcdefgh'[k]),
        CidrBlock: `10.${second}.${k}.0/24`,
      }));
      region.VSwitches.push(...vSwitches);
      region.FlowLogs.push(...flowLogs(rng.next(), VpcId, vSwitches.map((s) => s.VSwitchId), ids));
      made.push({ regionId, VpcId, CidrBlock });
    }
    out[regionId] = region;
  });
  peerings(world, made, out, ids);
  return out;
}

function flowLogs(draw: number, VpcId: string, vSwitchIds: string[], ids: IdMaker): Json[] {
  const log = (ResourceType: string, ResourceId: string, Status = 'Active') => ({
    FlowLogId: ids.make('fl-', 21),
    FlowLogName: `${ResourceId}-traffic`,
    ResourceType,
    ResourceId,
    Status,
    ProjectName: 'network-flow-logs',
    LogStoreName: ResourceType === 'VPC' ? 'vpc-flow' : 'vsw-flow',
  });
  let at = VPC_SHARES.vpcFlowLog;
  if (draw < at) return [log('VPC', VpcId)];
  if (draw < (at += VPC_SHARES.everyVSwitchLogged)) return vSwitchIds.map((id) => log('VSwitch', id));
  if (draw < (at += VPC_SHARES.inactiveFlowLog)) return [log('VPC', VpcId, 'Inactive')];
  if (draw < (at += VPC_SHARES.someVSwitchesLogged) && vSwitchIds.length > 1) return vSwitchIds.slice(1).map((id) => log('VSwitch', id));
  return [];
}

/** A few VPCs peered with another of the account (any region), routing the peer's block or, sometimes, more. */
function peerings(world: GeneratedWorld, made: Made[], out: Record<string, RegionJson>, ids: IdMaker): void {
  if (made.length < 2) return;
  const rng = world.rng('vpc-peering');
  const tables = new Map<string, Json[]>();
  const route = (vpc: Made, DestinationCidrBlock: string, NextHopId: string) => {
    if (!tables.has(vpc.VpcId)) {
      const RouteEntries: Json[] = [];
      tables.set(vpc.VpcId, RouteEntries);
      out[vpc.regionId].RouteTables.push({ RouteTableId: ids.make('vtb-', 21), VpcId: vpc.VpcId, RouteTableType: 'System', RouteEntries });
    }
    const entries = tables.get(vpc.VpcId)!;
    if (!entries.some((e) => e.DestinationCidrBlock === DestinationCidrBlock)) entries.push({ DestinationCidrBlock, NextHopType: 'VpcPeer', NextHopId });
  };
  const count = Math.max(1, Math.round(made.length * VPC_SHARES.peered));
  for (let n = 0; n < count; n++) {
    const requester = made[rng.int(0, made.length - 1)];
    const accepter = made[rng.int(0, made.length - 1)];
    // Two VPCs with the same block (the generator reuses them past 256) cannot be peered.
    if (accepter === requester || accepter.CidrBlock === requester.CidrBlock) continue;
    const InstanceId = ids.make('pcc-', 21);
    out[requester.regionId].PeerConnections.push({
      InstanceId,
      Name: `peer-${n}`,
      VpcId: requester.VpcId,
      AcceptingRegionId: accepter.regionId,
      AcceptingVpc: { VpcId: accepter.VpcId },
    });
    const broad = rng.chance(VPC_SHARES.broadPeerRoute) ? rng.pick(['0.0.0.0/0', '10.0.0.0/8']) : accepter.CidrBlock;
    route(requester, broad, InstanceId);
    route(accepter, requester.CidrBlock, InstanceId);
  }
}
