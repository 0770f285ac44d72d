import { ACTIONTRAIL } from '../../../cloud/products.js';
import type { ScanService } from '../service.js';
import { actionTrailChecks } from './checks.js';
import { collectActionTrail } from './collect.js';

/** Global: a trail's answer covers the account, read once in the home region (each trail's status in its own). */
export const actionTrailService: ScanService = {
  id: 'actiontrail',
  name: 'ActionTrail',
  scope: 'global',
  permissions: ['actiontrail:DescribeTrails', 'actiontrail:GetTrailStatus'],
  checks: [...actionTrailChecks.account, ...actionTrailChecks.trail],
  collect: async (collecting) => collectActionTrail(collecting, (region) => collecting.api(ACTIONTRAIL, region)),
};
