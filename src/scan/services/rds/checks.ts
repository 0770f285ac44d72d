import { type CheckDefinition, type Fact, fail, manual, need, pass, type Resource, resourceUid } from '../../checks/check.js';

/** A database instance as DescribeDBInstances lists it (the fields the checks read). */
export interface DbInstance {
  DBInstanceId: string;
  DBInstanceDescription?: string;
  Engine?: string;
  EngineVersion?: string;
  DBInstanceStatus?: string;
  DBInstanceNetType?: string;
  ConnectionString?: string;
}

export interface IpArray {
  DBInstanceIPArrayName?: string;
  DBInstanceIPArrayAttribute?: string;
  SecurityIPType?: string;
  /** The entries joined by commas, as the API answers them. */
  SecurityIPList?: string;
}

export interface Ssl {
  /** "Yes"/"No" (MySQL, SQL Server, MariaDB) or "on"/"off" (PostgreSQL). */
  SSLEnabled?: string;
  /** "1"/"0"; SQL Server answers it, the other engines may not. */
  ForceEncryption?: string;
}

export interface Tde {
  TDEStatus?: string;
  TDEMode?: string;
  EncryptionKey?: string;
}

interface OnInstance {
  accountUid: string;
  region: string;
  instance: DbInstance;
}

export interface WhitelistSubject extends OnInstance {
  /** Every whitelist of the instance, the default one and the hidden ones included. */
  ipArrays: Fact<IpArray[]>;
}

export interface SslSubject extends OnInstance {
  ssl: Fact<Ssl>;
}

export interface AuditSubject extends OnInstance {
  policy: Fact<{ SQLCollectorStatus?: string }>;
  /** DescribeSQLCollectorRetention's ConfigValue (days); absent when the audit is off, so nothing is kept to ask about. */
  retention?: Fact<string>;
}

export interface TdeSubject extends OnInstance {
  tde: Fact<Tde>;
}

export interface ParametersSubject extends OnInstance {
  /** RunningParameters, by name: the values in effect (ConfigParameters are only being applied). */
  parameters: Fact<Record<string, string>>;
}

/** CIS 6.4: audit logs kept longer than six months. */
export const MIN_AUDIT_RETENTION_DAYS = 180;
/** The engines RDS offers TDE on (the API reference of DescribeDBInstanceTDE); MariaDB has none. */
export const TDE_ENGINES = ['mysql', 'postgresql', 'sqlserver'];
/** Entries RDS reads as "any address": 0.0.0.0 on its own is the console's way of writing 0.0.0.0/0. */
const ANY_ADDRESS = new Set(['0.0.0.0', '0.0.0.0/0', '::/0', '0::/0']);

const CIS_URL = 'https://www.cisecurity.org/benchmark/alibaba_cloud';
const common = { service: 'rds' as const, resourceType: 'dbinstance' };

/** Whether the instance's engine has TDE, so DescribeDBInstanceTDE is worth asking and its checks apply. */
export const hasTde = (instance: DbInstance) => TDE_ENGINES.includes((instance.Engine ?? '').toLowerCase());
export const isPostgres = (instance: DbInstance) => (instance.Engine ?? '').toLowerCase() === 'postgresql';
const label = (s: OnInstance) => s.instance.DBInstanceDescription && s.instance.DBInstanceDescription !== s.instance.DBInstanceId
  ? `${s.instance.DBInstanceId} (${s.instance.DBInstanceDescription})`
  : s.instance.DBInstanceId;

export function instanceResource(s: OnInstance): Resource {
  const { DBInstanceId, DBInstanceDescription, Engine, EngineVersion, DBInstanceNetType } = s.instance;
  const engine = [Engine, EngineVersion].filter(Boolean).join(' ');
  return {
    uid: resourceUid('rds', s.region, s.accountUid, 'dbinstance', DBInstanceId),
    id: DBInstanceId,
    name: DBInstanceDescription || DBInstanceId,
    type: 'dbinstance',
    region: s.region,
    details: [engine, DBInstanceNetType === 'Internet' ? 'public endpoint' : DBInstanceNetType === 'Intranet' ? 'internal endpoint only' : undefined].filter(Boolean).join(', ') || undefined,
  };
}

/** A whitelist entry that lets in every address: any /0 block, or 0.0.0.0 alone. */
export function isWorld(entry: string): boolean {
  const e = entry.trim();
  return ANY_ADDRESS.has(e) || /\/0$/.test(e);
}

/** Whether an API flag says on, in any of RDS's spellings: Yes, on, Enable, Enabled, 1. */
export const isOn = (value: string | undefined) => ['yes', 'on', 'enable', 'enabled', 'true', '1'].includes((value ?? '').trim().toLowerCase());

export const sslCheck: CheckDefinition<SslSubject> = {
  ...common,
  id: 'rds_instance_ssl_enabled',
  title: 'RDS instances require SSL for every connection',
  severity: 'medium',
  kind: 'ssl',
  categories: ['encryption'],
  description: 'An RDS instance should have SSL encryption on and, where the engine can force it, refuse connections without it.',
  risk: 'Unencrypted database traffic exposes credentials and data to anyone on the path between client and instance.',
  remediation: { text: 'Turn SSL on for the instance (Data Security > SSL) and force it where the engine offers that.', url: CIS_URL },
  resource: instanceResource,
  evaluate: (s) => {
    const ssl = need(s.ssl);
    const fix = `aliyun rds ModifyDBInstanceSSL --DBInstanceId ${s.instance.DBInstanceId} --ConnectionString ${s.instance.ConnectionString || '<endpoint>'} --SSLEnabled 1`;
    if (!isOn(ssl.SSLEnabled)) return fail(`${label(s)} has SSL off (SSLEnabled ${ssl.SSLEnabled ?? 'not answered'})`, fix);
    // SSL on only offers encryption; where the API says whether it is forced, unforced SSL still lets plain connections in.
    if (ssl.ForceEncryption !== undefined && ssl.ForceEncryption !== '' && !isOn(ssl.ForceEncryption)) {
      return fail(`${label(s)} has SSL on but does not force it (ForceEncryption ${ssl.ForceEncryption}): clients may still connect without SSL`, `${fix} --ForceEncryption 1`);
    }
    return pass(`${label(s)} has SSL on${isOn(ssl.ForceEncryption) ? ' and forced for every connection' : ''}`);
  },
};

export const whitelistCheck: CheckDefinition<WhitelistSubject> = {
  ...common,
  id: 'rds_instance_no_public_access_whitelist',
  title: 'RDS instances are not open to the world',
  severity: 'critical',
  kind: 'whitelist',
  categories: ['internet-exposed'],
  description: 'No IP whitelist of an RDS instance (the default one or any other, IPv4 or IPv6) should let in every address.',
  risk: 'A whitelist of 0.0.0.0/0 or ::/0 lets anyone who can reach the endpoint try to log in to the database.',
  remediation: { text: 'Remove the catch-all entry from the whitelist and list only the addresses that need the database.', url: CIS_URL },
  resource: instanceResource,
  evaluate: (s) => {
    const arrays = need(s.ipArrays);
    const open = arrays.flatMap((array) => {
      const entries = (array.SecurityIPList ?? '').split(',').filter(isWorld).map((e) => e.trim());
      return entries.length ? [{ name: array.DBInstanceIPArrayName ?? '(unnamed)', entries, hidden: array.DBInstanceIPArrayAttribute === 'hidden' }] : [];
    });
    if (open.length === 0) return pass(`no whitelist of ${label(s)} (${arrays.length} read) lets in every address`);
    const where = s.instance.DBInstanceNetType === 'Internet' ? ', and it has a public endpoint' : '';
    const fixes = open.map(
      (a) => `aliyun rds ModifySecurityIps --DBInstanceId ${s.instance.DBInstanceId} --DBInstanceIPArrayName ${a.name} --ModifyMode Delete --SecurityIps ${a.entries.join(',')}`,
    );
    return fail(
      `${label(s)} lets in every address through ${open.map((a) => `whitelist ${a.name}${a.hidden ? ' (hidden)' : ''} (${a.entries.join(', ')})`).join('; ')}${where}`,
      fixes.join(' && '),
    );
  },
};

const auditOn = (s: AuditSubject) => isOn(need(s.policy).SQLCollectorStatus);

export const auditCheck: CheckDefinition<AuditSubject> = {
  ...common,
  id: 'rds_instance_sql_audit_enabled',
  title: 'RDS instances have SQL audit on',
  severity: 'medium',
  kind: 'audit',
  categories: ['logging'],
  description: 'SQL Explorer (SQL audit) should record the statements run on every RDS instance.',
  risk: 'Without an audit of SQL statements, misuse of the database and data theft leave no trace to investigate.',
  remediation: { text: 'Turn on SQL Explorer and Audit for the instance.', url: CIS_URL },
  resource: instanceResource,
  evaluate: (s) =>
    auditOn(s)
      ? pass(`${label(s)} has SQL audit on`)
      : fail(`${label(s)} has SQL audit off (SQLCollectorStatus ${need(s.policy).SQLCollectorStatus ?? 'not answered'})`, `aliyun rds ModifySQLCollectorPolicy --DBInstanceId ${s.instance.DBInstanceId} --SQLCollectorStatus Enable`),
};

export const auditRetentionCheck: CheckDefinition<AuditSubject> = {
  ...common,
  id: 'rds_instance_sql_audit_retention',
  title: `RDS instances keep SQL audit logs for at least ${MIN_AUDIT_RETENTION_DAYS} days`,
  severity: 'medium',
  kind: 'audit',
  categories: ['logging'],
  description: `SQL audit logs should be kept for six months (${MIN_AUDIT_RETENTION_DAYS} days) or more.`,
  risk: 'Intrusions are often found months later; logs already deleted by then cannot show what happened.',
  remediation: { text: `Set the SQL Explorer retention to ${MIN_AUDIT_RETENTION_DAYS} days or more (365 is common).`, url: CIS_URL },
  resource: instanceResource,
  evaluate: (s) => {
    const fix = `aliyun rds ModifySQLCollectorRetention --DBInstanceId ${s.instance.DBInstanceId} --ConfigValue 365`;
    if (!auditOn(s) || !s.retention) return fail(`${label(s)} has SQL audit off, so no audit log is kept at all`, fix);
    const value = need(s.retention);
    const days = Number(value);
    if (value.trim() === '' || !Number.isFinite(days)) {
      return manual(`${label(s)}: DescribeSQLCollectorRetention answered ConfigValue "${value}", which is not a number of days`, 'the retention answered is not a number of days');
    }
    return days >= MIN_AUDIT_RETENTION_DAYS
      ? pass(`${label(s)} keeps SQL audit logs ${days} days`)
      : fail(`${label(s)} keeps SQL audit logs ${days} days, under ${MIN_AUDIT_RETENTION_DAYS}`, fix);
  },
};

const tdeOn = (tde: Tde) => isOn(tde.TDEStatus);
const tdeFix = (s: OnInstance) => `aliyun rds ModifyDBInstanceTDE --DBInstanceId ${s.instance.DBInstanceId} --TDEStatus Enabled --EncryptionKey <your KMS key id> --RoleArn acs:ram::${s.accountUid}:role/aliyunrdsinstanceencryptiondefaultrole`;

export const tdeCheck: CheckDefinition<TdeSubject> = {
  ...common,
  id: 'rds_instance_tde_enabled',
  title: 'RDS instances have TDE on',
  severity: 'high',
  kind: 'tde',
  categories: ['encryption'],
  description: 'Transparent Data Encryption should encrypt the data files of every RDS instance whose engine offers it (MySQL, PostgreSQL, SQL Server).',
  risk: 'Without TDE, data files and backups are stored unencrypted and can be read by whoever gets a copy.',
  remediation: { text: 'Turn on TDE for the instance (Data Security > TDE), preferably with your own KMS key.', url: CIS_URL },
  resource: instanceResource,
  evaluate: (s) => {
    if (!hasTde(s.instance)) return undefined;
    const tde = need(s.tde);
    return tdeOn(tde) ? pass(`${label(s)} has TDE on`) : fail(`${label(s)} has TDE off (TDEStatus ${tde.TDEStatus ?? 'not answered'})`, tdeFix(s));
  },
};

export const tdeKeyCheck: CheckDefinition<TdeSubject> = {
  ...common,
  id: 'rds_instance_tde_key_custom',
  title: 'RDS instances protect TDE with their own key (BYOK)',
  severity: 'medium',
  kind: 'tde',
  categories: ['encryption'],
  description: 'The key that protects TDE should be one the account holds in KMS (Customer_Provided_Key), not one the service generated.',
  risk: 'With a service-generated key the account cannot rotate, audit or revoke the key that protects its data.',
  remediation: { text: 'Turn on TDE with a KMS key of your own (the service key cannot be swapped for one afterwards on every engine: check the TDE documentation first).', url: CIS_URL },
  resource: instanceResource,
  evaluate: (s) => {
    if (!hasTde(s.instance)) return undefined;
    const tde = need(s.tde);
    if (!tdeOn(tde)) return fail(`${label(s)} has TDE off, so no key of its own protects its data`, tdeFix(s));
    const custom = tde.TDEMode === 'Customer_Provided_Key' || (tde.TDEMode !== 'Aliyun_Generate_Key' && Boolean(tde.EncryptionKey));
    if (custom) return pass(`${label(s)} protects TDE with its own KMS key${tde.EncryptionKey ? ` ${tde.EncryptionKey}` : ''}`);
    return fail(`${label(s)} protects TDE with a key the service generated (TDEMode ${tde.TDEMode || 'not answered'})`);
  },
};

/** CIS 6.7–6.9: a PostgreSQL logging parameter that must be on; other engines have no such parameter (no finding). */
function postgresParameterCheck(id: string, parameter: string, what: string): CheckDefinition<ParametersSubject> {
  return {
    ...common,
    id,
    title: `PostgreSQL instances have ${parameter} on`,
    severity: 'medium',
    kind: 'postgresql-parameters',
    categories: ['logging'],
    description: `The PostgreSQL parameter ${parameter} should be on, so the server log records ${what}.`,
    risk: `Without ${what} in the log, brute-force attempts and unusual sessions cannot be found or traced.`,
    remediation: { text: `Set ${parameter} to on in the instance's parameters.`, url: CIS_URL },
    resource: instanceResource,
    evaluate: (s) => {
      if (!isPostgres(s.instance)) return undefined;
      const value = need(s.parameters)[parameter];
      if (isOn(value)) return pass(`${label(s)} runs with ${parameter} ${value}`);
      const fix = `aliyun rds ModifyParameter --DBInstanceId ${s.instance.DBInstanceId} --Parameters '{"${parameter}":"on"}'`;
      return fail(value === undefined ? `${label(s)} does not list ${parameter} among its running parameters (PostgreSQL's default is off)` : `${label(s)} runs with ${parameter} ${value}`, fix);
    },
  };
}

export const logConnectionsCheck = postgresParameterCheck('rds_instance_postgresql_log_connections_enabled', 'log_connections', 'every connection');
export const logDisconnectionsCheck = postgresParameterCheck('rds_instance_postgresql_log_disconnections_enabled', 'log_disconnections', 'the end of every session and its length');
export const logDurationCheck = postgresParameterCheck('rds_instance_postgresql_log_duration_enabled', 'log_duration', 'how long each statement took');

export const rdsChecks = [sslCheck, whitelistCheck, auditCheck, auditRetentionCheck, tdeCheck, tdeKeyCheck, logConnectionsCheck, logDisconnectionsCheck, logDurationCheck];
