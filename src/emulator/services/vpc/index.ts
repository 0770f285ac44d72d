/** VPC 2016-04-28 and VPC peering (VpcPeer 2022-01-01): the APIs (api.ts) over the account's `Vpc` section (section.ts). */
export { vpcPeerService, vpcService } from './api.js';
export { vpcOf, vpcSection } from './section.js';
export type { FlowLog, PeerConnection, RouteEntry, RouteTable, VpcRegion, VpcSection, VSwitch, Vpc } from './state.js';
