import { RDS } from '../../../cloud/products.js';
import type { ScanService } from '../service.js';
import { rdsChecks } from './checks.js';
import { collectRegion } from './collect.js';

export const rdsService: ScanService = {
  id: 'rds',
  name: 'RDS',
  scope: 'regional',
  permissions: [
    'rds:DescribeDBInstances',
    'rds:DescribeDBInstanceIPArrayList',
    'rds:DescribeDBInstanceSSL',
    'rds:DescribeDBInstanceTDE',
    'rds:DescribeSQLCollectorPolicy',
    'rds:DescribeSQLCollectorRetention',
    'rds:DescribeParameters',
  ],
  checks: rdsChecks,
  collect: async (collecting, region) => collectRegion(collecting, await collecting.api(RDS, region), region),
};
