import { parseBlock, within } from './cidr.js';
import { type CheckDefinition, type Fact, fail, manual, need, pass, type Resource, resourceUid } from '../../checks/check.js';

/** A VPC as DescribeVpcs answers it (the fields the checks read). */
export interface Vpc {
  VpcId: string;
  VpcName?: string;
  CidrBlock?: string;
  IsDefault?: boolean;
}

export interface VSwitch {
  VSwitchId: string;
  VSwitchName?: string;
  VpcId?: string;
}

export interface FlowLog {
  FlowLogId: string;
  FlowLogName?: string;
  ResourceType?: string;
  ResourceId?: string;
  Status?: string;
}

/** A VPC with the vSwitches and flow logs of its region that could cover it. */
export interface FlowLogSubject {
  accountUid: string;
  region: string;
  vpc: Vpc;
  vSwitches: Fact<VSwitch[]>;
  /** The region's VPC- and vSwitch-level flow logs on this VPC or its vSwitches. */
  flowLogs: Fact<FlowLog[]>;
}

/** One end of a peering connection, seen from the VPC at the other end. */
export interface Peering {
  InstanceId: string;
  Name?: string;
  Status?: string;
  peerVpcId: string;
  peerOwner?: string;
  peerRegion?: string;
  /** The peer VPC's blocks; empty when ListVpcPeerConnections does not say (another account's VPC). */
  peerCidrs: string[];
}

/** A route of the VPC's route tables whose next hop is a peering connection. */
export interface PeerRoute {
  RouteTableId: string;
  RouteEntryId?: string;
  DestinationCidrBlock: string;
  NextHopId: string;
}

export interface PeeringSubject {
  accountUid: string;
  region: string;
  vpc: Vpc;
  peerings: Fact<Peering[]>;
  /** Read only when the VPC has peerings (an empty list otherwise). */
  routes: Fact<PeerRoute[]>;
}

const CIS_URL = 'https://www.cisecurity.org/benchmark/alibaba_cloud';
const common = { service: 'vpc' as const, resourceType: 'vpc', categories: ['network'] };

const vpcResource = (s: { accountUid: string; region: string; vpc: Vpc }): Resource => ({
  uid: resourceUid('vpc', s.region, s.accountUid, 'vpc', s.vpc.VpcId),
  id: s.vpc.VpcId,
  name: s.vpc.VpcName || s.vpc.VpcId,
  type: 'vpc',
  region: s.region,
  details: [s.vpc.CidrBlock, s.vpc.IsDefault ? 'default VPC' : undefined].filter(Boolean).join(', ') || undefined,
});

/** `a, b, c and 4 more`: a finding names what is wrong without becoming a page long. */
function some(items: readonly string[], shown = 5): string {
  return items.length <= shown ? items.join(', ') : `${items.slice(0, shown).join(', ')} and ${items.length - shown} more`;
}

const active = (log: FlowLog) => log.Status === 'Active';

export const flowLogsEnabled: CheckDefinition<FlowLogSubject> = {
  ...common,
  id: 'vpc_flow_logs_enabled',
  title: 'VPC flow logs capture the traffic of every VPC',
  severity: 'medium',
  kind: 'vpc',
  description:
    'Every VPC should have an Active flow log: one on the VPC itself, or one on each of its vSwitches. Logs on single network interfaces cover only those interfaces.',
  risk: 'Without flow logs there is no record of who talked to what, so an intrusion or a leak cannot be traced.',
  remediation: { text: 'Create a flow log on the VPC (ResourceType VPC, TrafficType All), or activate the one that is Inactive.', url: CIS_URL },
  resource: vpcResource,
  evaluate: (s) => {
    const { VpcId } = s.vpc;
    const logs = need(s.flowLogs);
    const onVpc = logs.filter((log) => log.ResourceType === 'VPC' && log.ResourceId === VpcId);
    const vpcLog = onVpc.find(active);
    if (vpcLog) return pass(`${VpcId} has the Active flow log ${vpcLog.FlowLogId}`);
    const vSwitches = need(s.vSwitches).filter((v) => v.VpcId === VpcId);
    const logged = new Set(logs.filter((log) => log.ResourceType === 'VSwitch' && active(log)).map((log) => log.ResourceId));
    const unlogged = vSwitches.filter((v) => !logged.has(v.VSwitchId)).map((v) => v.VSwitchId);
    if (vSwitches.length > 0 && unlogged.length === 0) return pass(`every vSwitch of ${VpcId} (${some(vSwitches.map((v) => v.VSwitchId))}) has an Active flow log`);
    const inactive = onVpc.map((log) => `${log.FlowLogId} is ${log.Status ?? 'not Active'}`);
    const why = [
      inactive.length ? `its VPC flow log ${inactive.join(', ')}` : 'no flow log on the VPC',
      vSwitches.length === 0
        ? 'and it has no vSwitch'
        : unlogged.length === vSwitches.length
          ? `and none of its ${vSwitches.length} vSwitch(es) has one`
          : unlogged.length === 1
            ? `and vSwitch ${unlogged[0]} has no Active one`
            : `and vSwitches ${some(unlogged)} have no Active one`,
    ];
    const fix = onVpc[0]
      ? `aliyun vpc ActiveFlowLog --RegionId ${s.region} --FlowLogId ${onVpc[0].FlowLogId}`
      : `aliyun vpc CreateFlowLog --RegionId ${s.region} --ResourceType VPC --ResourceId ${VpcId} --TrafficType All --ProjectName <project> --LogStoreName <logstore>`;
    return fail(`${VpcId}: ${why.join(' ')}`, fix);
  },
};

/** What one peering route was found to be; `unknown` says why it could not be judged. */
type Judged = { route: PeerRoute; peering?: Peering; verdict: 'within' | 'broader' } | { route: PeerRoute; peering?: Peering; verdict: 'unknown'; why: string };

function judgeRoute(route: PeerRoute, peerings: Peering[]): Judged {
  const peering = peerings.find((p) => p.InstanceId === route.NextHopId);
  if (!peering) return { route, verdict: 'unknown', why: `${route.NextHopId} is not among the VPC's peering connections ListVpcPeerConnections lists` };
  const destination = parseBlock(route.DestinationCidrBlock);
  // A prefix list (pl-…) names blocks this check does not read.
  if (!destination) return { route, peering, verdict: 'unknown', why: `${route.DestinationCidrBlock} is not a CIDR block` };
  const blocks = peering.peerCidrs.map(parseBlock).filter((b) => b !== undefined);
  if (blocks.length === 0) {
    const owner = peering.peerOwner ? ` of account ${peering.peerOwner}` : '';
    return { route, peering, verdict: 'unknown', why: `the CIDR blocks of peer ${peering.peerVpcId}${owner} are not given` };
  }
  return { route, peering, verdict: blocks.some((block) => within(destination, block)) ? 'within' : 'broader' };
}

const describeRoute = ({ route, peering }: Judged) =>
  `${route.DestinationCidrBlock} via ${route.NextHopId}${peering?.peerCidrs.length ? ` (peer ${peering.peerVpcId} is ${peering.peerCidrs.join(', ')})` : ''} in ${route.RouteTableId}`;

export const peeringRoutesLeastAccess: CheckDefinition<PeeringSubject> = {
  ...common,
  id: 'vpc_peering_routes_least_access',
  title: 'Routes to VPC peering connections reach no more than the peer VPC',
  severity: 'medium',
  kind: 'vpc-peering',
  description:
    "A route through a peering connection should send only the peer VPC's own blocks (or part of them) through it, never 0.0.0.0/0 or a wider block.",
  risk: 'A route broader than the peer sends traffic meant for elsewhere, the internet included, into another network, and widens what a compromised peer can reach.',
  remediation: { text: "Replace the route with one for the peer VPC's CIDR block (or the subnets that need to talk), then delete the broad one.", url: CIS_URL },
  resource: vpcResource,
  evaluate: (s) => {
    const peerings = need(s.peerings);
    if (peerings.length === 0) return undefined;
    const { VpcId } = s.vpc;
    const judged = need(s.routes).map((route) => judgeRoute(route, peerings));
    const broader = judged.filter((j) => j.verdict === 'broader');
    const unknown = judged.filter((j) => j.verdict === 'unknown');
    if (broader.length > 0) return fail(`${VpcId} routes more than the peer through a peering connection: ${some(broader.map(describeRoute), 3)}`);
    if (unknown.length > 0) {
      const whys = [...new Set(unknown.map((j) => (j.verdict === 'unknown' ? j.why : '')))];
      return manual(
        `${VpcId} routes ${some(unknown.map((j) => `${j.route.DestinationCidrBlock} via ${j.route.NextHopId}`), 3)}, which cannot be compared with the peer: ${some(whys, 3)}`,
        "a peering route could not be compared with the peer VPC's CIDR blocks (a peer in another account, whose blocks are not given)",
      );
    }
    const ids = peerings.map((p) => p.InstanceId);
    return judged.length === 0
      ? pass(`no route of ${VpcId} goes through its peering connection(s) ${some(ids)}`)
      : pass(`every route of ${VpcId} through ${some(ids)} stays within the peer VPC's blocks (${some(judged.map((j) => j.route.DestinationCidrBlock))})`);
  },
};

export const vpcChecks = { vpc: [flowLogsEnabled], peering: [peeringRoutesLeastAccess] };
