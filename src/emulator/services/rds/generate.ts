/**
 * RDS's share of `--generate`: about one database instance per 15 ECS instances, at least one in every busy region
 * (the busiest get the most), mixed engines, and a realistic minority of bad settings for every RDS check (the
 * shares are in RDS_SHARES). Every draw comes from the streams `rds` and `rds-ids`, so a seed gives the same
 * databases whatever the other services generate.
 */
import { IdMaker, LOWER_ALNUM, type Rng } from '../../rng.js';
import type { GeneratedWorld } from '../service.js';
import { ENGINE_TRAITS } from './engines.js';
import { type Engine, TDE_ENGINES } from './state.js';

type Json = Record<string, unknown>;

/** ECS instances per database instance. */
export const ECS_PER_DATABASE = 15;

/** The chance each instance has a bad setting. */
export const RDS_SHARES = {
  /** A whitelist besides rds_default letting in the whole internet (0.0.0.0/0, 0.0.0.0 or ::/0). */
  openWhitelist: 0.06,
  sslOff: 0.35,
  /** Of the SQL Server instances with SSL, those that do not force it. */
  sslNotForced: 0.5,
  auditOff: 0.3,
  /** Of the MySQL instances with audit on, those keeping it under 180 days. */
  shortRetention: 0.3,
  /** Of the instances whose engine has TDE, those without it. */
  tdeOff: 0.5,
  /** Of the instances with TDE, those under the customer's own KMS key. */
  customKey: 0.4,
  /** Of the PostgreSQL instances, those with each logging parameter off. */
  logConnectionsOff: 0.3,
  logDisconnectionsOff: 0.3,
  logDurationOff: 0.5,
};

const ENGINE_MIX: (readonly [Engine, number])[] = [['MySQL', 0.55], ['PostgreSQL', 0.25], ['SQLServer', 0.12], ['MariaDB', 0.08]];
const APPS = ['orders', 'payments', 'catalog', 'users', 'inventory', 'billing', 'analytics', 'cms', 'crm', 'events', 'ledger', 'search'];
const ENVS = ['prod', 'staging', 'dev'];
const OFFICE_CIDRS = ['203.0.113.0/24', '198.51.100.0/24', '192.0.2.0/26'];
const WORLD_ENTRIES: readonly (readonly [string, 'IPv4' | 'IPv6'])[] = [['0.0.0.0/0', 'IPv4'], ['0.0.0.0', 'IPv4'], ['::/0', 'IPv6']];
const RETENTIONS = [180, 365, 365, 1095, 1825];

const days = (n: number) => `-${n}d`;

/** Database instances per region: one in each, the rest drawn towards the busiest regions. */
function instancesPerRegion(rng: Rng, regions: readonly string[], ecsInstances: number): number[] {
  if (ecsInstances === 0 || regions.length === 0) return regions.map(() => 0);
  const counts = regions.map(() => 1);
  const total = Math.max(Math.round(ecsInstances / ECS_PER_DATABASE), regions.length);
  const weights = regions.map((_, i) => [i, 1 / (i + 1)] as const);
  for (let n = regions.length; n < total; n++) counts[rng.weighted(weights)] += 1;
  return counts;
}

function whitelists(rng: Rng, open: boolean): Json[] {
  const arrays: Json[] = [{ DBInstanceIPArrayName: 'rds_default', SecurityIPList: `10.${rng.int(0, 255)}.0.0/16` }];
  if (rng.chance(0.3)) arrays.push({ DBInstanceIPArrayName: 'office', SecurityIPList: rng.pick(OFFICE_CIDRS) });
  if (rng.chance(0.2)) arrays.push({ DBInstanceIPArrayName: 'ali_dms_group', DBInstanceIPArrayAttribute: 'hidden', SecurityIPList: '100.104.175.0/24,100.104.5.0/24' });
  if (open) {
    const [entry, type] = rng.pick(WORLD_ENTRIES);
    arrays.push({ DBInstanceIPArrayName: rng.pick(['public_access', 'app_temp', 'migration']), SecurityIPType: type, SecurityIPList: entry });
  }
  return arrays;
}

function instance(rng: Rng, ids: IdMaker, regionId: string, n: number): Json {
  const Engine = rng.weighted(ENGINE_MIX);
  const traits = ENGINE_TRAITS[Engine];
  const versions = traits.versions.slice(-3);
  const out: Json = {
    DBInstanceId: ids.make(`${traits.idPrefix}${rng.chars(2, LOWER_ALNUM)}`, 15),
    DBInstanceDescription: `${rng.pick(APPS)}-${rng.pick(ENVS)}-${n}`,
    Engine,
    EngineVersion: rng.pick(versions),
    DBInstanceStatus: rng.chance(0.97) ? 'Running' : 'Stopped',
    DBInstanceNetType: rng.chance(0.25) ? 'Internet' : 'Intranet',
    CreateTime: days(rng.int(1, 1800)),
    ZoneId: `${regionId}-${rng.pick(['h', 'i', 'j'])}`,
  };
  const ssl = !rng.chance(RDS_SHARES.sslOff);
  out.SSLEnabled = ssl;
  if (ssl && Engine === 'SQLServer') out.ForceEncryption = !rng.chance(RDS_SHARES.sslNotForced);
  if (TDE_ENGINES.includes(Engine) && !rng.chance(RDS_SHARES.tdeOff)) {
    out.TDEStatus = 'Enabled';
    if (rng.chance(RDS_SHARES.customKey)) out.EncryptionKey = `${rng.chars(8, '0123456789abcdef')}-${rng.chars(4, '0123456789abcdef')}-4${rng.chars(3, '0123456789abcdef')}-a${rng.chars(3, '0123456789abcdef')}-${rng.chars(12, '0123456789abcdef')}`;
  }
  if (!rng.chance(RDS_SHARES.auditOff)) {
    out.SQLCollectorStatus = 'Enable';
    // SQL Explorer keeps 30 days on PostgreSQL and SQL Server whatever is asked (the API reference).
    out.SQLCollectorRetention = Engine !== 'MySQL' && Engine !== 'MariaDB' ? 30 : rng.chance(RDS_SHARES.shortRetention) ? 30 : rng.pick(RETENTIONS);
  }
  out.IPArrays = whitelists(rng, rng.chance(RDS_SHARES.openWhitelist));
  if (Engine === 'PostgreSQL') {
    const onOff = (share: number) => (rng.chance(share) ? 'off' : 'on');
    out.Parameters = {
      log_connections: onOff(RDS_SHARES.logConnectionsOff),
      log_disconnections: onOff(RDS_SHARES.logDisconnectionsOff),
      log_duration: onOff(RDS_SHARES.logDurationOff),
    };
  }
  return out;
}

/** The `Rds` section of a generated account. */
export function generateRds(world: GeneratedWorld): Record<string, Json> {
  const rng = world.rng('rds');
  const ids = new IdMaker(world.rng('rds-ids'));
  const counts = instancesPerRegion(rng, world.regionIds, world.spec.instances);
  const out: Record<string, Json> = {};
  world.regionIds.forEach((regionId, r) => {
    if (counts[r] === 0) return;
    out[regionId] = { DBInstances: Array.from({ length: counts[r] }, (_, n) => instance(rng, ids, regionId, n)) };
  });
  return out;
}
