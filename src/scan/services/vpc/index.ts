import { VPC, VPCPEER } from '../../../cloud/products.js';
import type { ScanService } from '../service.js';
import { vpcChecks } from './checks.js';
import { collectRegion } from './collect.js';

export const vpcService: ScanService = {
  id: 'vpc',
  name: 'VPC',
  scope: 'regional',
  permissions: ['vpc:DescribeVpcs', 'vpc:DescribeVSwitches', 'vpc:DescribeFlowLogs', 'vpc:ListVpcPeerConnections', 'vpc:DescribeRouteTableList', 'vpc:DescribeRouteEntryList'],
  checks: [...vpcChecks.vpc, ...vpcChecks.peering],
  collect: async (collecting, region) => collectRegion(collecting, await collecting.api(VPC, region), await collecting.api(VPCPEER, region), region),
};
