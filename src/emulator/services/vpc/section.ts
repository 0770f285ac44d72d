/**
 * VPC's part of each account of the world file:
 * `"Vpc": { "<region id>": { Vpcs, VSwitches, FlowLogs, RouteTables, PeerConnections } }`.
 */
import { sectionOf, type ServiceSection } from '../service.js';
import { vpcDemo } from './demo.js';
import { generateVpc } from './generate.js';
import type { VpcSection } from './state.js';
import { loadVpc } from './world.js';

export const vpcSection: ServiceSection<VpcSection> = {
  key: 'Vpc',
  load: loadVpc,
  demo: vpcDemo,
  generate: generateVpc,
  inventory: (vpc) => {
    const peered = peeredVpcIds(vpc);
    return Object.fromEntries(
      Object.entries(vpc).map(([region, resources]) => [
        region,
        {
          vpcs: resources.Vpcs.length,
          vSwitches: resources.VSwitches.length,
          flowLogs: resources.FlowLogs.length,
          routeTables: resources.RouteTables.length,
          routeEntriesPerTable: resources.RouteTables.map((table) => table.RouteEntries.length),
          peerConnections: resources.PeerConnections.length,
          // A scan reads the routes of the VPCs at either end of a live peering connection, and no others.
          peeredRouteEntriesPerTable: resources.RouteTables.filter((table) => peered.has(table.VpcId)).map((table) => table.RouteEntries.length),
        },
      ]),
    );
  },
};

/** Connections that carry no traffic any more. */
const ENDED = new Set(['Deleted', 'Deleting', 'Rejected', 'Expired']);

/** The account's VPCs at either end of a live peering connection, in any region. */
function peeredVpcIds(vpc: VpcSection): Set<string> {
  const live = Object.values(vpc).flatMap((region) => region.PeerConnections.filter((c) => !ENDED.has(c.Status)));
  return new Set(live.flatMap((c) => [c.VpcId, c.AcceptingVpcId]));
}

const NO_VPC: VpcSection = Object.freeze({});

/** The account's VPC resources per region id; none when the world gives the account no `Vpc`. */
export function vpcOf(account: { Sections: Record<string, unknown> }): VpcSection {
  return sectionOf(account, vpcSection) ?? NO_VPC;
}
