/** RDS's part of each account of the world file: `"Rds": { "<region id>": { "DBInstances": [ … ] } }`. */
import { sectionOf, type ServiceSection } from '../service.js';
import { rdsDemo } from './demo.js';
import { generateRds } from './generate.js';
import { type RdsSection, TDE_ENGINES } from './state.js';
import { loadRds } from './world.js';

export const rdsSection: ServiceSection<RdsSection> = {
  key: 'Rds',
  load: loadRds,
  demo: rdsDemo,
  generate: generateRds,
  inventory: (rds) =>
    Object.fromEntries(
      Object.entries(rds.regions).map(([region, { DBInstances }]) => [
        region,
        {
          dbInstances: DBInstances.length,
          dbInstancesTdeCapable: DBInstances.filter((i) => TDE_ENGINES.includes(i.Engine)).length,
          dbInstancesPostgreSQL: DBInstances.filter((i) => i.Engine === 'PostgreSQL').length,
          dbInstancesSqlAuditOn: DBInstances.filter((i) => i.SQLCollector.SQLCollectorStatus === 'Enable').length,
        },
      ]),
    ),
};

const NO_RDS: RdsSection = Object.freeze({ regions: Object.freeze({}), byId: new Map() }) as RdsSection;

/** The account's RDS instances; none when the world gives the account no `Rds`. */
export function rdsOf(account: { Sections: Record<string, unknown> }): RdsSection {
  return sectionOf(account, rdsSection) ?? NO_RDS;
}
