/** What differs between RDS's engines: default versions, ports, endpoints and the running parameters each starts with. */
import type { Engine } from './state.js';

interface EngineTraits {
  version: string;
  versions: readonly string[];
  instanceClass: string;
  port: string;
  /** The endpoint's host part after the instance id: `rm-….mysql.rds.aliyuncs.com`. */
  host: string;
  /** Instance ids start with it. */
  idPrefix: string;
  /** How DescribeDBInstanceSSL spells SSLEnabled (PostgreSQL says on/off, the others Yes/No). */
  ssl: { on: string; off: string };
}

export const ENGINE_TRAITS: Record<Engine, EngineTraits> = {
  MySQL: { version: '8.0', versions: ['5.6', '5.7', '8.0', '8.4'], instanceClass: 'mysql.n2.medium.2c', port: '3306', host: 'mysql', idPrefix: 'rm-', ssl: { on: 'Yes', off: 'No' } },
  PostgreSQL: { version: '15.0', versions: ['10.0', '11.0', '12.0', '13.0', '14.0', '15.0', '16.0', '17.0'], instanceClass: 'pg.n2.medium.2c', port: '5432', host: 'pg', idPrefix: 'pgm-', ssl: { on: 'on', off: 'off' } },
  SQLServer: { version: '2019_std_ha', versions: ['2012', '2012_ent_ha', '2016_std_ha', '2017_ent', '2019_std_ha', '2019_ent', '2022_std_ha'], instanceClass: 'mssql.x4.medium.s2', port: '1433', host: 'sqlserver', idPrefix: 'rm-', ssl: { on: 'Yes', off: 'No' } },
  MariaDB: { version: '10.3', versions: ['10.3', '10.6'], instanceClass: 'mariadb.n2.medium.2c', port: '3306', host: 'mariadb', idPrefix: 'rm-', ssl: { on: 'Yes', off: 'No' } },
};

export interface ParameterTraits {
  default: string;
  range: string;
  description: string;
}

/** A few running parameters of each engine with RDS's defaults, so DescribeParameters answers like a fresh instance. */
export const DEFAULT_PARAMETERS: Record<Engine, Record<string, ParameterTraits>> = {
  MySQL: {
    require_secure_transport: { default: 'OFF', range: '[ON|OFF]', description: 'Whether client connections must use a secure transport.' },
    max_connections: { default: '2520', range: '[1-100000]', description: 'The maximum permitted number of simultaneous client connections.' },
    slow_query_log: { default: 'ON', range: '[ON|OFF]', description: 'Whether the slow query log is enabled.' },
    long_query_time: { default: '1', range: '[0.1-31536000]', description: 'Queries slower than this many seconds are slow.' },
  },
  PostgreSQL: {
    log_connections: { default: 'off', range: '[on|off]', description: 'Logs each successful connection.' },
    log_disconnections: { default: 'off', range: '[on|off]', description: 'Logs end of a session, including duration.' },
    log_duration: { default: 'off', range: '[on|off]', description: 'Logs the duration of each completed SQL statement.' },
    log_statement: { default: 'none', range: '[none|ddl|mod|all]', description: 'Sets the type of statements logged.' },
    log_min_duration_statement: { default: '1000', range: '[-1-2147483647]', description: 'Sets the minimum execution time above which statements will be logged.' },
    max_connections: { default: '800', range: '[100-262143]', description: 'Sets the maximum number of concurrent connections.' },
  },
  SQLServer: {
    'max degree of parallelism': { default: '2', range: '[0-32767]', description: 'Limits the number of processors used in parallel plan execution.' },
    'cost threshold for parallelism': { default: '5', range: '[0-32767]', description: 'The threshold at which parallel plans are considered.' },
  },
  MariaDB: {
    max_connections: { default: '2000', range: '[1-100000]', description: 'The maximum permitted number of simultaneous client connections.' },
    slow_query_log: { default: 'ON', range: '[ON|OFF]', description: 'Whether the slow query log is enabled.' },
  },
};
