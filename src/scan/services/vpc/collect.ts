import type { CloudApi } from '../../../cloud/clients.js';
import { type Fact, known } from '../../checks/check.js';
import { attempt, caller, type Collecting, numberedPages, tokenPages, type Unreadable } from '../../collectors/collecting.js';
import type { FlowLog, FlowLogSubject, PeerRoute, Peering, PeeringSubject, VSwitch, Vpc } from './checks.js';

/** The largest pages each list allows (PageSize for the Describe lists; MaxResult(s) for routes and peerings). */
export const PAGE_SIZES = { vpcs: 50, vSwitches: 50, flowLogs: 50, routeTables: 50, routeEntries: 100, peerings: 100 };

/** Peering connections that carry no traffic any more. */
const ENDED = new Set(['Deleted', 'Deleting', 'Rejected', 'Expired']);

type Call = ReturnType<typeof caller>;

/** Every item of a PageNumber/PageSize list, past the first page. */
function everyPage<T>(call: Call, action: string, params: Record<string, unknown>, size: number, items: (body: any) => T[] | undefined, keep: (item: T) => T) {
  return async () => {
    const all: T[] = [];
    await numberedPages(call, action, params, size, items, (page: T[]) => {
      for (const item of page) all.push(keep(item));
    });
    return all;
  };
}

/**
 * One region's VPCs, each fed twice: with its vSwitches and flow logs (vpc_flow_logs_enabled), and with its peering
 * connections and the routes through them (vpc_peering_routes_least_access). Route tables are read only for VPCs
 * with a peering connection.
 */
export async function collectRegion(collecting: Collecting, vpcApi: CloudApi, peerApi: CloudApi, region: string): Promise<void> {
  const call = caller(collecting, vpcApi, region);
  const { accountUid } = collecting;
  const vpcs = attempt(everyPage(call, 'DescribeVpcs', { RegionId: region }, PAGE_SIZES.vpcs, (b) => b.Vpcs?.Vpc, vpcFacts), 'vpc:DescribeVpcs', region);
  const vSwitches = attempt(
    everyPage(call, 'DescribeVSwitches', { RegionId: region }, PAGE_SIZES.vSwitches, (b) => b.VSwitches?.VSwitch, vSwitchFacts),
    'vpc:DescribeVSwitches',
    region,
  );
  const flowLogs = attempt(
    everyPage(call, 'DescribeFlowLogs', { RegionId: region }, PAGE_SIZES.flowLogs, (b) => b.FlowLogs?.FlowLog, flowLogFacts),
    'vpc:DescribeFlowLogs',
    region,
  );
  const connections = attempt(() => peerConnections(caller(collecting, peerApi, region)), 'vpc:ListVpcPeerConnections', region);
  // An interruption rejects all of them at once; the first awaited reports it, and the others must not go unhandled.
  for (const pending of [vSwitches, flowLogs, connections]) pending.catch(() => {});

  const vpcFact = await vpcs;
  if ('missing' in vpcFact) {
    const unreadable: Unreadable = { unreadable: vpcFact.missing, what: 'VPCs', region };
    collecting.feed('vpc', unreadable);
    collecting.feed('vpc-peering', unreadable);
    // The region is done when its calls are, not before.
    await Promise.allSettled([vSwitches, flowLogs, connections]);
    return;
  }
  const list = vpcFact.value;
  collecting.progress(region, list.length * 2);

  const flowLogsChecked = Promise.all([vSwitches, flowLogs]).then(([switchFact, logFact]) => {
    for (const vpc of list) collecting.feed('vpc', { accountUid, region, vpc, vSwitches: switchFact, flowLogs: logFact } satisfies FlowLogSubject);
  });

  const peeringChecked = connections.then(async (fact) => {
    const peeringsOf = (vpc: Vpc): Fact<Peering[]> => ('missing' in fact ? fact : known(peeringsFrom(fact.value, vpc.VpcId, accountUid)));
    const peered = list.filter((vpc) => {
      const peerings = peeringsOf(vpc);
      return !('missing' in peerings) && peerings.value.length > 0;
    });
    const routesOf = peered.length > 0 ? await peerRoutes(call, region, new Set(peered.map((vpc) => vpc.VpcId))) : new Map<string, Fact<PeerRoute[]>>();
    for (const vpc of list) {
      const routes = routesOf.get(vpc.VpcId) ?? known([]);
      collecting.feed('vpc-peering', { accountUid, region, vpc, peerings: peeringsOf(vpc), routes } satisfies PeeringSubject);
    }
  });

  await Promise.all([flowLogsChecked, peeringChecked]);
}

function vpcFacts(vpc: Vpc): Vpc {
  const { VpcId, VpcName, CidrBlock, IsDefault } = vpc;
  return { VpcId, VpcName, CidrBlock, IsDefault };
}

function vSwitchFacts(vSwitch: VSwitch): VSwitch {
  const { VSwitchId, VSwitchName, VpcId } = vSwitch;
  return { VSwitchId, VSwitchName, VpcId };
}

function flowLogFacts(log: FlowLog): FlowLog {
  const { FlowLogId, FlowLogName, ResourceType, ResourceId, Status } = log;
  return { FlowLogId, FlowLogName, ResourceType, ResourceId, Status };
}

/** A connection as ListVpcPeerConnections answers it (the fields the check reads). */
interface Connection {
  InstanceId: string;
  Name?: string;
  Status?: string;
  OwnerId?: number | string;
  RegionId?: string;
  Vpc?: { VpcId?: string; Ipv4Cidrs?: string[]; Ipv6Cidrs?: string[] };
  AcceptingOwnerUid?: number | string;
  AcceptingRegionId?: string;
  AcceptingVpc?: { VpcId?: string; Ipv4Cidrs?: string[]; Ipv6Cidrs?: string[] };
}

/**
 * Every peering connection of the account. Asked without RegionId: a connection between two regions belongs to both
 * ends' VPCs, and the API documents no filter that surely keeps both (its list is short: a few per VPC).
 */
async function peerConnections(call: Call): Promise<Connection[]> {
  const all: Connection[] = [];
  await tokenPages(call, 'ListVpcPeerConnections', {}, PAGE_SIZES.peerings, (body) => body.VpcPeerConnects, (page: Connection[]) => {
    for (const connection of page) if (!ENDED.has(connection.Status ?? '')) all.push(connection);
  });
  return all;
}

/** The VPC's live connections, each seen from this VPC: the other end is the peer. */
function peeringsFrom(connections: Connection[], vpcId: string, accountUid: string): Peering[] {
  return connections.flatMap((c) => {
    const requester = c.Vpc?.VpcId === vpcId;
    if (!requester && c.AcceptingVpc?.VpcId !== vpcId) return [];
    const peer = requester ? c.AcceptingVpc : c.Vpc;
    const owner = String((requester ? c.AcceptingOwnerUid : c.OwnerId) ?? '');
    return [
      {
        InstanceId: c.InstanceId,
        Name: c.Name,
        Status: c.Status,
        peerVpcId: peer?.VpcId ?? '',
        peerOwner: owner && owner !== accountUid ? owner : undefined,
        peerRegion: requester ? c.AcceptingRegionId : c.RegionId,
        peerCidrs: [...(peer?.Ipv4Cidrs ?? []), ...(peer?.Ipv6Cidrs ?? [])],
      },
    ];
  });
}

interface Table {
  RouteTableId: string;
  VpcId?: string;
}

/** The peering routes of each of these VPCs, from every route table of theirs; unreadable tables make them unknown. */
async function peerRoutes(call: Call, region: string, vpcIds: Set<string>): Promise<Map<string, Fact<PeerRoute[]>>> {
  const tables = await attempt(
    everyPage(call, 'DescribeRouteTableList', { RegionId: region }, PAGE_SIZES.routeTables, (b) => b.RouterTableList?.RouterTableListType, (t: Table) => ({ RouteTableId: t.RouteTableId, VpcId: t.VpcId })),
    'vpc:DescribeRouteTableList',
    region,
  );
  const out = new Map<string, Fact<PeerRoute[]>>();
  await Promise.all(
    [...vpcIds].map(async (vpcId) => {
      if ('missing' in tables) return out.set(vpcId, tables);
      const own = tables.value.filter((t) => t.VpcId === vpcId);
      const facts = await Promise.all(own.map((t) => attempt(() => tableRoutes(call, region, t.RouteTableId), 'vpc:DescribeRouteEntryList', region)));
      const unreadable = facts.find((f) => 'missing' in f);
      out.set(vpcId, unreadable ?? known(facts.flatMap((f) => ('missing' in f ? [] : f.value))));
    }),
  );
  return out;
}

/**
 * A route table's routes through peering connections, every page. DescribeRouteEntryList names its page size
 * `MaxResult`, so tokenPages (which sends MaxResults) does not fit it.
 */
async function tableRoutes(call: Call, region: string, tableId: string): Promise<PeerRoute[]> {
  const routes: PeerRoute[] = [];
  let token: string | undefined;
  do {
    const body = await call('DescribeRouteEntryList', { RegionId: region, RouteTableId: tableId, MaxResult: PAGE_SIZES.routeEntries, NextToken: token });
    for (const entry of body.RouteEntrys?.RouteEntry ?? []) {
      for (const hop of entry.NextHops?.NextHop ?? []) {
        if (hop.NextHopType === 'VpcPeer') routes.push({ RouteTableId: tableId, RouteEntryId: entry.RouteEntryId, DestinationCidrBlock: entry.DestinationCidrBlock, NextHopId: hop.NextHopId });
      }
    }
    token = typeof body.NextToken === 'string' && body.NextToken !== '' ? body.NextToken : undefined;
  } while (token);
  return routes;
}
