import { ECS } from '../../../cloud/products.js';
import type { ScanService } from '../service.js';
import { ecsChecks } from './checks.js';
import { collectRegion } from './collect.js';

export const ecsService: ScanService = {
  id: 'ecs',
  name: 'ECS',
  scope: 'regional',
  permissions: ['ecs:DescribeRegions', 'ecs:DescribeInstances', 'ecs:DescribeSecurityGroups', 'ecs:DescribeSecurityGroupAttribute', 'ecs:DescribeDisks'],
  checks: [...ecsChecks.securityGroup, ...ecsChecks.instance, ...ecsChecks.disk],
  collect: async (collecting, region) => collectRegion(collecting, await collecting.api(ECS, region), region),
};
