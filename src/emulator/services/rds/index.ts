/** RDS 2014-08-15: the API (api.ts) over the account's `Rds` section of the world (section.ts). */
export { rdsService } from './api.js';
export { rdsOf, rdsSection } from './section.js';
export type { RdsInstance, RdsIpArray, RdsRegion, RdsSection } from './state.js';
