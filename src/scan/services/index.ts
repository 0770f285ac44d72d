/**
 * The scanned services: adding one is its module and one line here. Everything that lists services or checks (the
 * engine, `--services`, `--list-checks`, coverage, the dashboard, the outputs) reads this list.
 */
import { CIS_BY_CHECK } from '../compliance/cis-2.0.js';
import type { CheckDefinition } from '../checks/check.js';
import { actionTrailService } from './actiontrail/index.js';
import { ecsService } from './ecs/index.js';
import { ramService } from './ram/index.js';
import { securityCenterService } from './securitycenter/index.js';
import { rdsService } from './rds/index.js';
import type { ScanService } from './service.js';
import { vpcService } from './vpc/index.js';

export type { ScanService };

export const SCAN_SERVICES: readonly ScanService[] = [
  ramService,
  ecsService,
  vpcService,
  rdsService,
  securityCenterService,
  actionTrailService,
];

export const SERVICE_IDS: readonly string[] = SCAN_SERVICES.map((service) => service.id);

/** The module that collects a check's data (not always the service its id names: Security Center answers two ECS checks). */
export const OWNER: ReadonlyMap<string, ScanService> = new Map(SCAN_SERVICES.flatMap((service) => service.checks.map((check) => [check.id, service] as const)));

/** Every check, in the registry's order, each with the CIS ids the framework file gives it. */
export const ALL_CHECKS: readonly CheckDefinition<any>[] = SCAN_SERVICES.flatMap((service) =>
  service.checks.map((check) => ({ ...check, cis: [...(CIS_BY_CHECK.get(check.id) ?? [])] })),
);
