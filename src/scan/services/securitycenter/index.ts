import { SAS } from '../../../cloud/products.js';
import type { ScanService } from '../service.js';
import { SECURITY_CENTER_CHECKS } from './checks.js';
import { collectSecurityCenter } from './collect.js';

/**
 * Security Center answers for the whole account, so it is read once (region `global`: the home region, whose
 * Security Center site, mainland or international, the product's host picks). It also answers the ECS checks 4.5
 * and 4.6, which need its agent's view of each instance.
 */
export const securityCenterService: ScanService = {
  id: 'securitycenter',
  name: 'Security Center',
  scope: 'global',
  permissions: [
    'yundun-sas:DescribeVersionConfig', 'yundun-sas:DescribeCloudCenterInstances', 'yundun-sas:ListUninstallAegisMachines', 'yundun-sas:DescribeVulList',
    'yundun-sas:DescribeNoticeConfig', 'yundun-sas:DescribeVulConfig', 'yundun-sas:DescribeSuspiciousOverallConfig',
    'yundun-sas:DescribeServiceLinkedRoleStatus', 'yundun-sas:DescribePropertyScheduleConfig',
  ],
  checks: SECURITY_CENTER_CHECKS,
  collect: async (collecting) => collectSecurityCenter(collecting, await collecting.api(SAS, 'global')),
};
