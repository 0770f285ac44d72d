/**
 * RDS 2014-08-15 as a scanner reads it: DescribeRegions, DescribeDBInstances (PageNumber/PageSize or
 * NextToken/MaxResults, 1–100, default 30), DescribeDBInstanceAttribute, and per instance its whitelists, SSL, TDE,
 * SQL audit (SQL Explorer) policy and retention, and parameters, over the caller's account's `Rds` section, with the
 * API's wrappers (`Items.DBInstance[]`, `Regions.RDSRegion[]`, …) and each engine's own spellings (PostgreSQL answers
 * SSLEnabled "on"/"off", the others "Yes"/"No").
 *
 * Authorisation is `rds:<Action>` on `acs:rds:<region>:<account>:dbinstance/<id>` (`dbinstance/*` for the list,
 * `acs:rds:*:<account>:*` for DescribeRegions); a refusal is Forbidden.RAM, as for ECS.
 */
import { ApiFault, FORBIDDEN_RAM, formatApiDate } from '../../api-error.js';
import type { Account } from '../../state.js';
import type { ApiCall, Service } from '../service.js';
import { choiceParam, filtered, listingKey, optional, pageOf, type PagingRules, regionParam, required } from '../params.js';
import { DEFAULT_PARAMETERS, ENGINE_TRAITS } from './engines.js';
import { rdsOf, rdsSection } from './section.js';
import { type RdsInstance, TDE_ENGINES } from './state.js';

/** DescribeDBInstances' bounds, as the SDK's doc comments give them (@alicloud/rds20140815 15.4.0). */
const INSTANCES_PAGING: PagingRules = { maxResults: { min: 1, max: 100, default: 30 }, pageSize: { min: 1, max: 100, default: 30 } };
/** DescribeDBInstanceAttribute takes up to 30 ids, separated by commas. */
const MAX_ATTRIBUTE_IDS = 30;
/** Regions whose RDS endpoint is the central rds.aliyuncs.com (the SDK's endpoint map); the rest have their own. */
const CENTRAL_ENDPOINT = new Set(['cn-qingdao', 'cn-beijing', 'cn-hangzhou', 'cn-shanghai', 'cn-shenzhen', 'cn-heyuan', 'cn-hongkong', 'ap-southeast-1', 'us-west-1', 'us-east-1']);

export const rdsFaults = {
  instanceNotFound: (id: string) => new ApiFault('InvalidDBInstanceId.NotFound', 404, `Specified instance does not exist or not support: ${id}.`),
  engineNotSupported: (instance: RdsInstance) =>
    new ApiFault('IncorrectDBInstanceType', 400, `Current DB instance type does not support this operation: ${instance.Engine} has no TDE.`),
};

const accountOf = (call: ApiCall): Account => call.caller!.principal.account;
const arn = (account: Account, region: string, id: string) => `acs:rds:${region}:${account.AccountId}:dbinstance/${id}`;

/**
 * The instance a per-instance action names. Authorised before it is looked up, so a caller without the permission
 * learns nothing of which ids exist; an id of no region is authorised as `acs:rds:*:…`.
 */
function instanceOf(call: ApiCall, id = required(call.params, 'DBInstanceId')): RdsInstance {
  const account = accountOf(call);
  const instance = rdsOf(account).byId.get(id);
  call.authorize(`rds:${call.action}`, arn(account, instance?.RegionId ?? '*', id));
  if (!instance) throw rdsFaults.instanceNotFound(id);
  return instance;
}

function describeRegions(call: ApiCall) {
  const account = accountOf(call);
  call.authorize('rds:DescribeRegions', `acs:rds:*:${account.AccountId}:*`);
  choiceParam(call.params, 'AcceptLanguage', ['zh-CN', 'en-US'], 'en-US');
  const regions = rdsOf(account).regions;
  // One entry per zone, as RDS answers: the zone instances default to, and any other the account's instances are in.
  const RDSRegion = call.state.Regions.flatMap((region) => {
    const zones = new Set([`${region.RegionId}-h`, ...(regions[region.RegionId]?.DBInstances ?? []).map((i) => i.ZoneId)]);
    return [...zones].map((ZoneId) => ({
      RegionId: region.RegionId,
      ZoneId,
      LocalName: region.LocalName,
      ZoneName: `${region.LocalName} Zone ${ZoneId.slice(region.RegionId.length + 1).toUpperCase()}`,
      RegionEndpoint: CENTRAL_ENDPOINT.has(region.RegionId) ? 'rds.aliyuncs.com' : `rds.${region.RegionId}.aliyuncs.com`,
    }));
  });
  return { Regions: { RDSRegion } };
}

function listView(i: RdsInstance) {
  return {
    DBInstanceId: i.DBInstanceId,
    DBInstanceDescription: i.DBInstanceDescription,
    RegionId: i.RegionId,
    ZoneId: i.ZoneId,
    Engine: i.Engine,
    EngineVersion: i.EngineVersion,
    DBInstanceStatus: i.DBInstanceStatus,
    DBInstanceType: i.DBInstanceType,
    DBInstanceClass: i.DBInstanceClass,
    DBInstanceStorageType: 'cloud_essd',
    Category: i.Category,
    DBInstanceNetType: i.DBInstanceNetType,
    InstanceNetworkType: i.InstanceNetworkType,
    ConnectionMode: 'Standard',
    ConnectionString: i.ConnectionString,
    VpcId: i.VpcId,
    VSwitchId: i.VSwitchId,
    PayType: i.PayType,
    LockMode: i.LockMode,
    LockReason: '',
    DeletionProtection: i.DeletionProtection,
    CreateTime: formatApiDate(i.CreateTime),
    ExpireTime: '',
    MutriORsignle: false,
    ReadOnlyDBInstanceIds: { ReadOnlyDBInstanceId: [] },
    TipsLevel: 0,
    Tips: '',
  };
}

const INSTANCE_FILTERS: Record<string, (i: RdsInstance, value: string) => boolean> = {
  DBInstanceId: (i, value) => value.split(',').map((id) => id.trim()).includes(i.DBInstanceId),
  Engine: (i, value) => i.Engine === value,
  EngineVersion: (i, value) => i.EngineVersion === value,
  DBInstanceStatus: (i, value) => i.DBInstanceStatus === value,
  DBInstanceType: (i, value) => i.DBInstanceType === value,
  DBInstanceClass: (i, value) => i.DBInstanceClass === value,
  InstanceNetworkType: (i, value) => i.InstanceNetworkType === value,
  ConnectionString: (i, value) => i.ConnectionString === value,
  VpcId: (i, value) => i.VpcId === value,
  VSwitchId: (i, value) => i.VSwitchId === value,
  ZoneId: (i, value) => i.ZoneId === value,
  PayType: (i, value) => i.PayType === value,
  Category: (i, value) => i.Category === value,
  SearchKey: (i, value) => i.DBInstanceId.includes(value) || i.DBInstanceDescription.includes(value),
};

function describeDBInstances(call: ApiCall) {
  const regionId = regionParam(call);
  const account = accountOf(call);
  call.authorize('rds:DescribeDBInstances', arn(account, regionId, '*'));
  const matching = filtered(call.params, rdsOf(account).regions[regionId]?.DBInstances ?? [], INSTANCE_FILTERS);
  const page = pageOf(call.params, matching, (i) => i.DBInstanceId, INSTANCES_PAGING, listingKey(call, regionId, Object.keys(INSTANCE_FILTERS)));
  const byToken = optional(call.params, 'NextToken') !== undefined || optional(call.params, 'MaxResults') !== undefined;
  return {
    Items: { DBInstance: page.items.map(listView) },
    TotalRecordCount: page.answer.TotalCount,
    PageRecordCount: page.items.length,
    // With NextToken/MaxResults the API answers PageNumber 1 and a token; by page number, no token.
    PageNumber: byToken ? 1 : page.answer.PageNumber,
    ...(byToken ? { NextToken: page.answer.NextToken } : {}),
  };
}

function attributeView(i: RdsInstance) {
  const defaults = i.IPArrays.find((a) => a.DBInstanceIPArrayName === 'rds_default');
  return {
    ...listView(i),
    CreationTime: formatApiDate(i.CreateTime),
    Port: i.Port,
    DBInstanceStorage: 100,
    DBInstanceMemory: 4096,
    DBInstanceCPU: '2',
    MaxConnections: Number(DEFAULT_PARAMETERS[i.Engine].max_connections?.default ?? 2000),
    MaxIOPS: 7000,
    MaintainTime: '18:00Z-22:00Z',
    AvailabilityValue: '100.0%',
    AccountMaxQuantity: 500,
    DBMaxQuantity: 500,
    IPType: 'IPv4',
    SecurityIPMode: i.IPArrays.some((a) => a.WhitelistNetworkType !== 'MIX') ? 'safety' : 'normal',
    SecurityIPList: defaults?.SecurityIPList.join(',') ?? '',
    SlaveZones: { SlaveZone: [] },
    ReadOnlyStatus: 'OFF',
  };
}

function describeDBInstanceAttribute(call: ApiCall) {
  const ids = required(call.params, 'DBInstanceId').split(',').map((id) => id.trim()).filter(Boolean);
  if (ids.length > MAX_ATTRIBUTE_IDS) {
    throw new ApiFault('InvalidDBInstanceId.Malformed', 400, `The specified parameter "DBInstanceId" is not valid: at most ${MAX_ATTRIBUTE_IDS} ids, separated by commas.`);
  }
  return { Items: { DBInstanceAttribute: ids.map((id) => attributeView(instanceOf(call, id))) } };
}

function describeDBInstanceIPArrayList(call: ApiCall) {
  const instance = instanceOf(call);
  const networkType = optional(call.params, 'WhitelistNetworkType') && choiceParam(call.params, 'WhitelistNetworkType', ['Classic', 'VPC', 'MIX'], 'MIX');
  const arrays = instance.IPArrays.filter((a) => networkType === undefined || a.WhitelistNetworkType === networkType);
  return {
    Items: {
      DBInstanceIPArray: arrays.map((a) => ({
        DBInstanceIPArrayName: a.DBInstanceIPArrayName,
        DBInstanceIPArrayAttribute: a.DBInstanceIPArrayAttribute,
        SecurityIPType: a.SecurityIPType,
        SecurityIPList: a.SecurityIPList.join(','),
        WhitelistNetworkType: a.WhitelistNetworkType,
      })),
    },
  };
}

function describeDBInstanceSSL(call: ApiCall) {
  const i = instanceOf(call);
  const { ssl } = ENGINE_TRAITS[i.Engine];
  const on = i.SSL.SSLEnabled;
  const postgres = i.Engine === 'PostgreSQL';
  // ForceEncryption is SQL Server's (the API reference); other engines answer it only where the world sets it.
  const force = i.SSL.ForceEncryption ?? (i.Engine === 'SQLServer' ? false : undefined);
  return {
    SSLEnabled: on ? ssl.on : ssl.off,
    ConnectionString: on ? i.ConnectionString : '',
    SSLExpireTime: on && i.SSL.SSLExpireTime ? formatApiDate(i.SSL.SSLExpireTime) : '',
    RequireUpdate: postgres ? '0' : 'No',
    ...(force === undefined ? {} : { ForceEncryption: force ? '1' : '0' }),
    ...(i.Engine === 'SQLServer' ? { TlsVersion: i.SSL.TlsVersion } : {}),
    ...(postgres && on ? { CAType: 'aliyun', ACL: 'prefer', ReplicationACL: 'prefer', LastModifyStatus: 'success', ModifyStatusReason: '' } : {}),
  };
}

function describeDBInstanceTDE(call: ApiCall) {
  const i = instanceOf(call);
  if (!TDE_ENGINES.includes(i.Engine)) throw rdsFaults.engineNotSupported(i);
  return {
    TDEStatus: i.TDE.TDEStatus,
    ...(i.TDE.TDEMode ? { TDEMode: i.TDE.TDEMode } : {}),
    ...(i.TDE.EncryptionKey ? { EncryptionKey: i.TDE.EncryptionKey } : {}),
    Databases: { Database: [] },
  };
}

function describeSQLCollectorPolicy(call: ApiCall) {
  const i = instanceOf(call);
  // StoragePeriod is "a reserved parameter" (the API reference): the retention is DescribeSQLCollectorRetention's.
  return { SQLCollectorStatus: i.SQLCollector.SQLCollectorStatus, StoragePeriod: 0 };
}

function describeSQLCollectorRetention(call: ApiCall) {
  const i = instanceOf(call);
  return { ConfigValue: String(i.SQLCollector.RetentionDays) };
}

function describeParameters(call: ApiCall) {
  const i = instanceOf(call);
  const known = DEFAULT_PARAMETERS[i.Engine];
  const running = { ...Object.fromEntries(Object.entries(known).map(([name, traits]) => [name, traits.default])), ...i.Parameters };
  return {
    Engine: i.Engine,
    EngineVersion: i.EngineVersion,
    RunningParameters: {
      DBInstanceParameter: Object.entries(running).map(([ParameterName, ParameterValue]) => ({
        ParameterName,
        ParameterValue,
        ParameterDefaultValue: known[ParameterName]?.default ?? ParameterValue,
        ParameterValueRange: known[ParameterName]?.range ?? '',
        ParameterDescription: known[ParameterName]?.description ?? '',
      })),
    },
    ConfigParameters: {
      DBInstanceParameter: Object.entries(i.PendingParameters).map(([ParameterName, ParameterValue]) => ({
        ParameterName,
        ParameterValue,
        ParameterDescription: known[ParameterName]?.description ?? '',
      })),
    },
  };
}

export const rdsService: Service = {
  code: 'rds',
  product: 'Rds',
  version: '2014-08-15',
  hostId: 'rds.aliyuncs.com',
  denial: FORBIDDEN_RAM,
  readOnlyPolicy: 'AliyunRDSReadOnlyAccess',
  section: rdsSection,
  actions: {
    DescribeRegions: describeRegions,
    DescribeDBInstances: describeDBInstances,
    DescribeDBInstanceAttribute: describeDBInstanceAttribute,
    DescribeDBInstanceIPArrayList: describeDBInstanceIPArrayList,
    DescribeDBInstanceSSL: describeDBInstanceSSL,
    DescribeDBInstanceTDE: describeDBInstanceTDE,
    DescribeSQLCollectorPolicy: describeSQLCollectorPolicy,
    DescribeSQLCollectorRetention: describeSQLCollectorRetention,
    DescribeParameters: describeParameters,
  },
};
