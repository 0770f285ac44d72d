/**
 * RDS's share of the demo world: Acme's databases, one of each finding and a few that pass.
 * - cn-hangzhou: shop-mysql, on the internet, whose `public_app` whitelist (not the default one) lets in 0.0.0.0/0,
 *   with SSL off, no TDE and SQL audit kept 30 days; ledger-mysql, the one done right (SSL forced, TDE under the
 *   team's own KMS key, audit kept 365 days); billing-pg, a PostgreSQL logging connections, disconnections and
 *   durations, but whose audit, as PostgreSQL's always is, is kept 30 days;
 * - cn-shanghai: analytics-pg, a PostgreSQL with SSL off and connections, disconnections and durations unlogged (a
 *   change turning log_connections on is submitted but not yet in effect), TDE under a service key and no audit;
 * - cn-beijing: reports-mssql, a SQL Server with SSL on but not forced, TDE under a service key, audit kept 180 days;
 * - ap-southeast-1: wiki-mariadb, a MariaDB (no TDE on that engine) whose IPv6 whitelist lets in ::/0.
 */

const whitelist = (DBInstanceIPArrayName: string, SecurityIPList: string, extra: Record<string, string> = {}) => ({ DBInstanceIPArrayName, SecurityIPList, ...extra });
/** DMS's own whitelist, hidden from the console, which RDS adds when the team uses Data Management. */
const DMS = whitelist('ali_dms_group', '100.104.175.0/24,100.104.5.0/24', { DBInstanceIPArrayAttribute: 'hidden' });

/** The demo account's `Rds` section, as a user would write it. */
export function rdsDemo(): Record<string, unknown> {
  return {
    'cn-hangzhou': {
      DBInstances: [
        {
          DBInstanceId: 'rm-bp1demoshop0000001', DBInstanceDescription: 'shop-mysql', Engine: 'MySQL', EngineVersion: '5.7',
          DBInstanceNetType: 'Internet', ConnectionString: 'rm-bp1demoshop0000001o.mysql.rds.aliyuncs.com', VpcId: 'vpc-bp1demoshop00001', CreateTime: '-700d',
          SSLEnabled: false, TDEStatus: 'Disabled', SQLCollectorStatus: 'Enable', SQLCollectorRetention: 30,
          IPArrays: [whitelist('rds_default', '10.0.0.0/8'), whitelist('public_app', '0.0.0.0/0'), DMS],
        },
        {
          DBInstanceId: 'rm-bp1demoledger00001', DBInstanceDescription: 'ledger-mysql', Engine: 'MySQL', EngineVersion: '8.0',
          VpcId: 'vpc-bp1demoledger0001', CreateTime: '-320d', DeletionProtection: true,
          SSLEnabled: true, ForceEncryption: true, TDEStatus: 'Enabled', EncryptionKey: '4f1c5b8e-2d7a-4c39-9e61-0b8a7d3f2c15',
          SQLCollectorStatus: 'Enable', SQLCollectorRetention: 365,
          IPArrays: [whitelist('rds_default', '10.10.0.0/16'), whitelist('finance_app', '10.10.8.0/24,10.10.9.0/24', { WhitelistNetworkType: 'VPC' })],
        },
        {
          DBInstanceId: 'pgm-bp1demobilling001', DBInstanceDescription: 'billing-pg', Engine: 'PostgreSQL', EngineVersion: '16.0',
          VpcId: 'vpc-bp1demobilling01', CreateTime: '-150d',
          SSLEnabled: true, TDEStatus: 'Enabled', EncryptionKey: '9a3e7d21-5b6c-4f08-a2d4-61c0e8b7f953',
          SQLCollectorStatus: 'Enable', SQLCollectorRetention: 30,
          IPArrays: [whitelist('rds_default', '10.20.0.0/16')],
          Parameters: { log_connections: 'on', log_disconnections: 'on', log_duration: 'on' },
        },
      ],
    },
    'cn-shanghai': {
      DBInstances: [
        {
          DBInstanceId: 'pgm-uf6demoanalytics1', DBInstanceDescription: 'analytics-pg', Engine: 'PostgreSQL', EngineVersion: '14.0',
          DBInstanceNetType: 'Internet', VpcId: 'vpc-uf6demoanalytic01', CreateTime: '-420d',
          SSLEnabled: false, TDEStatus: 'Enabled', SQLCollectorStatus: 'Disabled',
          IPArrays: [whitelist('rds_default', '10.30.0.0/16'), whitelist('bi_office', '203.0.113.0/24')],
          Parameters: { log_connections: 'off', log_disconnections: 'off', log_duration: 'off' },
          PendingParameters: { log_connections: 'on' },
        },
      ],
    },
    'cn-beijing': {
      DBInstances: [
        {
          DBInstanceId: 'rm-2zedemoreports00001', DBInstanceDescription: 'reports-mssql', Engine: 'SQLServer', EngineVersion: '2019_std_ha',
          VpcId: 'vpc-2zedemoreports001', CreateTime: '-260d',
          SSLEnabled: true, ForceEncryption: false, TDEStatus: 'Enabled', SQLCollectorStatus: 'Enable', SQLCollectorRetention: 180,
          IPArrays: [whitelist('rds_default', '10.40.0.0/16,192.168.10.0/24')],
        },
      ],
    },
    'ap-southeast-1': {
      DBInstances: [
        {
          DBInstanceId: 'rm-t4ndemowiki0000001', DBInstanceDescription: 'wiki-mariadb', Engine: 'MariaDB', EngineVersion: '10.3',
          DBInstanceNetType: 'Internet', VpcId: 'vpc-t4ndemowiki00001', CreateTime: '-900d',
          SSLEnabled: true, SQLCollectorStatus: 'Disabled',
          IPArrays: [whitelist('rds_default', '10.50.0.0/16'), whitelist('wiki_v6', '2001:db8:50::/48,::/0', { SecurityIPType: 'IPv6' })],
        },
      ],
    },
  };
}
