/**
 * RDS's part of the emulator's state: the world's `Rds` section as loaded, per region id. Values are kept in the
 * world's terms (booleans, day counts); the handlers render each in the API's own spelling for the instance's engine.
 */

export const ENGINES = ['MySQL', 'PostgreSQL', 'SQLServer', 'MariaDB'] as const;
export type Engine = (typeof ENGINES)[number];

/** The engines DescribeDBInstanceTDE answers for (the API reference lists MySQL, PostgreSQL and SQL Server). */
export const TDE_ENGINES: readonly Engine[] = ['MySQL', 'PostgreSQL', 'SQLServer'];

/** One IP address whitelist of an instance, as DescribeDBInstanceIPArrayList answers it. */
export interface RdsIpArray {
  DBInstanceIPArrayName: string;
  /** `hidden` for the whitelists Alibaba Cloud services (DTS …) use, which the console does not show; else "". */
  DBInstanceIPArrayAttribute: string;
  SecurityIPType: 'IPv4' | 'IPv6';
  /** The entries, in the world's order; answered joined with commas. */
  SecurityIPList: string[];
  /** Classic or VPC (enhanced whitelist mode), MIX (standard mode). */
  WhitelistNetworkType: 'Classic' | 'VPC' | 'MIX';
}

export type TdeMode = 'Aliyun_Generate_Key' | 'Customer_Provided_Key' | 'Unknown';

export interface RdsInstance {
  DBInstanceId: string;
  DBInstanceDescription: string;
  RegionId: string;
  ZoneId: string;
  Engine: Engine;
  EngineVersion: string;
  DBInstanceStatus: string;
  DBInstanceType: 'Primary' | 'Readonly' | 'Guard' | 'Temp';
  DBInstanceClass: string;
  Category: string;
  /** Internet: the instance has a public endpoint; Intranet: only an internal one. */
  DBInstanceNetType: 'Internet' | 'Intranet';
  InstanceNetworkType: 'VPC' | 'Classic';
  ConnectionString: string;
  Port: string;
  VpcId: string;
  VSwitchId: string;
  PayType: 'Postpaid' | 'Prepaid';
  LockMode: string;
  DeletionProtection: boolean;
  CreateTime: Date;
  SSL: {
    SSLEnabled: boolean;
    /** Whether every connection must use SSL; undefined when the world does not say (answered for SQL Server only). */
    ForceEncryption?: boolean;
    SSLExpireTime?: Date;
    TlsVersion: string;
  };
  TDE: {
    TDEStatus: 'Enabled' | 'Disabled';
    TDEMode?: TdeMode;
    /** The customer's KMS key (BYOK) that protects TDE; "" with a service key or without TDE. */
    EncryptionKey: string;
  };
  SQLCollector: {
    SQLCollectorStatus: 'Enable' | 'Disabled';
    /** How long SQL Explorer keeps audit logs, in days (DescribeSQLCollectorRetention's ConfigValue). */
    RetentionDays: number;
  };
  IPArrays: RdsIpArray[];
  /** Running parameter values, by name; the engine's defaults fill in the ones the world leaves out. */
  Parameters: Record<string, string>;
  /** Parameters submitted but not yet in effect (DescribeParameters' ConfigParameters). */
  PendingParameters: Record<string, string>;
}

/** One region's RDS instances, in the world's order. */
export interface RdsRegion {
  DBInstances: RdsInstance[];
}

/** The account's RDS section: per region id, plus every instance by id (per-instance actions take no RegionId). */
export interface RdsSection {
  regions: Record<string, RdsRegion>;
  byId: Map<string, RdsInstance>;
}
