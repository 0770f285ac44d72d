/**
 * Loads a world's `Rds` section (per region id: DBInstances) into RDS's state: validates every field at its JSON
 * path, refuses settings an engine cannot have (TDE on MariaDB, forced SSL without SSL), resolves relative dates and
 * derives stable ids for the instances that leave theirs out.
 */
import { charsFrom } from '../../ids.js';
import { at, Fields, isObject, IPV4_CIDR, IPV6_CIDR, UniqueNames, WorldError } from '../../world-fields.js';
import type { SectionWhere } from '../service.js';
import { ENGINE_TRAITS } from './engines.js';
import { ENGINES, type Engine, type RdsInstance, type RdsIpArray, type RdsSection, TDE_ENGINES, type TdeMode } from './state.js';

const REGION_FIELDS = ['DBInstances'];
const INSTANCE_FIELDS = [
  'DBInstanceId', 'DBInstanceDescription', 'RegionId', 'ZoneId', 'Engine', 'EngineVersion', 'DBInstanceStatus', 'DBInstanceType',
  'DBInstanceClass', 'Category', 'DBInstanceNetType', 'InstanceNetworkType', 'ConnectionString', 'Port', 'VpcId', 'VSwitchId',
  'PayType', 'LockMode', 'DeletionProtection', 'CreateTime', 'SSLEnabled', 'ForceEncryption', 'SSLExpireTime', 'TlsVersion',
  'TDEStatus', 'TDEMode', 'EncryptionKey', 'SQLCollectorStatus', 'SQLCollectorRetention', 'IPArrays', 'Parameters', 'PendingParameters',
];
const IP_ARRAY_FIELDS = ['DBInstanceIPArrayName', 'DBInstanceIPArrayAttribute', 'SecurityIPType', 'SecurityIPList', 'WhitelistNetworkType'];
const STATUSES = [
  'Creating', 'Running', 'Deleting', 'Rebooting', 'DBInstanceClassChanging', 'TRANSING', 'EngineVersionUpgrading', 'TransingToOthers',
  'GuardDBInstanceCreating', 'Restoring', 'Importing', 'ImportingFromOthers', 'DBInstanceNetTypeChanging', 'GuardSwitching', 'INS_CLONING',
  'Locked', 'Stopped',
];
const CATEGORIES = ['Basic', 'HighAvailability', 'cluster', 'AlwaysOn', 'Finance', 'serverless_basic', 'serverless_standard', 'serverless_ha'];
const INSTANCE_ID = { pattern: /^[a-z][a-z0-9-]{4,63}$/, text: 'an RDS instance id such as "rm-bp1abc2defgh3ijk4"' };
const ARRAY_NAME = { pattern: /^[a-z][a-z0-9_]{1,119}$/, text: 'lower-case letters, digits and "_", starting with a letter (2 to 120)' };
const PARAMETER_NAME = /^[A-Za-z0-9_. ]{1,128}$/;
const RETENTION = { min: 1, max: 1825 };
/** The API's spellings of SSLEnabled, for worlds copied from an answer. */
const SSL_WORDS: Record<string, boolean> = { yes: true, on: true, no: false, off: false };

/** The `Rds` section of one account, as loaded. */
export function loadRds(value: unknown, where: SectionWhere): RdsSection {
  return new RdsLoader(where).rds(value);
}

class RdsLoader {
  private readonly ids = new UniqueNames('DBInstanceId');

  constructor(private readonly where: SectionWhere) {}

  private fields(value: unknown, path: string, allowed: readonly string[]): Fields {
    return Fields.of(value, path, allowed, this.where.now);
  }

  rds(value: unknown): RdsSection {
    const { path, regionIds } = this.where;
    if (!isObject(value)) throw new WorldError(path, 'must be a JSON object keyed by region id');
    const section: RdsSection = { regions: {}, byId: new Map() };
    for (const [regionId, regionValue] of Object.entries(value)) {
      const regionPath = at(path, regionId);
      if (!regionIds.has(regionId)) throw new WorldError(regionPath, `region "${regionId}" is not in Regions`);
      const region = this.fields(regionValue, regionPath, REGION_FIELDS);
      const DBInstances = region.array('DBInstances').map((item, i) => this.instance(item, at(region.at('DBInstances'), i), regionId));
      for (const instance of DBInstances) section.byId.set(instance.DBInstanceId, instance);
      section.regions[regionId] = { DBInstances };
    }
    return section;
  }

  private instance(item: unknown, path: string, regionId: string): RdsInstance {
    const f = this.fields(item, path, INSTANCE_FIELDS);
    const given = f.string('RegionId');
    if (given !== undefined && given !== regionId) throw new WorldError(f.at('RegionId'), `must be "${regionId}", the region it is listed under (or left out)`);
    const Engine = choice(f, 'Engine', ENGINES, undefined) as Engine;
    const traits = ENGINE_TRAITS[Engine];
    const description = f.string('DBInstanceDescription');
    if (!f.has('DBInstanceId') && !description) throw new WorldError(f.at('DBInstanceId'), 'is required when there is no DBInstanceDescription to derive it from');
    const DBInstanceId = f.has('DBInstanceId')
      ? f.requiredString('DBInstanceId', INSTANCE_ID)
      : `${traits.idPrefix}${charsFrom(`rds-instance:${this.where.accountId}:${regionId}/${description}`, 17)}`;
    this.ids.add(DBInstanceId, f.has('DBInstanceId') ? f.at('DBInstanceId') : f.at('DBInstanceDescription'));
    const EngineVersion = f.string('EngineVersion') ?? traits.version;
    if (!traits.versions.includes(EngineVersion)) throw new WorldError(f.at('EngineVersion'), `must be a ${Engine} version RDS offers: ${traits.versions.join(', ')}`);

    return {
      DBInstanceId,
      DBInstanceDescription: description ?? DBInstanceId,
      RegionId: regionId,
      ZoneId: f.string('ZoneId') ?? `${regionId}-h`,
      Engine,
      EngineVersion,
      DBInstanceStatus: choice(f, 'DBInstanceStatus', STATUSES, 'Running'),
      DBInstanceType: choice(f, 'DBInstanceType', ['Primary', 'Readonly', 'Guard', 'Temp'] as const, 'Primary'),
      DBInstanceClass: f.string('DBInstanceClass') ?? traits.instanceClass,
      Category: choice(f, 'Category', CATEGORIES, 'HighAvailability'),
      DBInstanceNetType: choice(f, 'DBInstanceNetType', ['Internet', 'Intranet'] as const, 'Intranet'),
      InstanceNetworkType: choice(f, 'InstanceNetworkType', ['VPC', 'Classic'] as const, 'VPC'),
      ConnectionString: f.string('ConnectionString') ?? `${DBInstanceId}.${traits.host}.rds.aliyuncs.com`,
      Port: f.string('Port') ?? traits.port,
      VpcId: f.string('VpcId') ?? '',
      VSwitchId: f.string('VSwitchId') ?? '',
      PayType: choice(f, 'PayType', ['Postpaid', 'Prepaid'] as const, 'Postpaid'),
      LockMode: f.string('LockMode') ?? 'Unlock',
      DeletionProtection: f.boolean('DeletionProtection', false),
      CreateTime: f.date('CreateTime') ?? this.where.now,
      SSL: this.ssl(f),
      TDE: this.tde(f, Engine),
      SQLCollector: {
        SQLCollectorStatus: choice(f, 'SQLCollectorStatus', ['Enable', 'Disabled'] as const, 'Disabled'),
        RetentionDays: f.integer('SQLCollectorRetention', 30, RETENTION.min, RETENTION.max),
      },
      IPArrays: this.ipArrays(f),
      Parameters: this.parameters(f, 'Parameters'),
      PendingParameters: this.parameters(f, 'PendingParameters'),
    };
  }

  private ssl(f: Fields): RdsInstance['SSL'] {
    const raw = f.raw('SSLEnabled');
    let SSLEnabled = false;
    if (typeof raw === 'boolean') SSLEnabled = raw;
    else if (typeof raw === 'string' && raw.toLowerCase() in SSL_WORDS) SSLEnabled = SSL_WORDS[raw.toLowerCase()];
    else if (raw !== undefined) throw new WorldError(f.at('SSLEnabled'), 'must be true or false (or the API\'s "Yes"/"No", "on"/"off")');
    const ForceEncryption = f.has('ForceEncryption') ? f.boolean('ForceEncryption', false) : undefined;
    if (ForceEncryption && !SSLEnabled) throw new WorldError(f.at('ForceEncryption'), 'needs SSLEnabled: SSL cannot be forced while it is off');
    const expiry = f.date('SSLExpireTime');
    return {
      SSLEnabled,
      ...(ForceEncryption === undefined ? {} : { ForceEncryption }),
      ...(SSLEnabled ? { SSLExpireTime: expiry ?? new Date(this.where.now.getTime() + 365 * 86_400_000) } : {}),
      TlsVersion: f.string('TlsVersion') ?? '1.2',
    };
  }

  private tde(f: Fields, engine: Engine): RdsInstance['TDE'] {
    const TDEStatus = choice(f, 'TDEStatus', ['Enabled', 'Disabled'] as const, 'Disabled');
    if (TDEStatus === 'Enabled' && !TDE_ENGINES.includes(engine)) throw new WorldError(f.at('TDEStatus'), `${engine} has no TDE (RDS offers it for ${TDE_ENGINES.join(', ')})`);
    const EncryptionKey = f.string('EncryptionKey') ?? '';
    if (EncryptionKey && TDEStatus !== 'Enabled') throw new WorldError(f.at('EncryptionKey'), 'needs TDEStatus "Enabled": the key protects TDE');
    const mode = f.has('TDEMode') ? (choice(f, 'TDEMode', ['Aliyun_Generate_Key', 'Customer_Provided_Key', 'Unknown'] as const, 'Unknown') as TdeMode) : undefined;
    if (mode === 'Customer_Provided_Key' && !EncryptionKey) throw new WorldError(f.at('TDEMode'), 'Customer_Provided_Key needs the EncryptionKey (the KMS key id)');
    if (mode && TDEStatus !== 'Enabled') throw new WorldError(f.at('TDEMode'), 'needs TDEStatus "Enabled"');
    const TDEMode = mode ?? (TDEStatus === 'Enabled' ? (EncryptionKey ? 'Customer_Provided_Key' : 'Aliyun_Generate_Key') : undefined);
    return { TDEStatus, EncryptionKey, ...(TDEMode ? { TDEMode } : {}) };
  }

  /** The instance's whitelists; a new instance has only `rds_default`, which lets in 127.0.0.1 alone. */
  private ipArrays(f: Fields): RdsIpArray[] {
    if (!f.has('IPArrays')) return [{ DBInstanceIPArrayName: 'rds_default', DBInstanceIPArrayAttribute: '', SecurityIPType: 'IPv4', SecurityIPList: ['127.0.0.1'], WhitelistNetworkType: 'MIX' }];
    const names = new UniqueNames('DBInstanceIPArrayName');
    return f.array('IPArrays').map((item, i) => {
      const a = this.fields(item, at(f.at('IPArrays'), i), IP_ARRAY_FIELDS);
      const DBInstanceIPArrayName = a.requiredString('DBInstanceIPArrayName', ARRAY_NAME);
      names.add(DBInstanceIPArrayName, a.at('DBInstanceIPArrayName'));
      const entries = ipEntries(a);
      const SecurityIPType = choice(a, 'SecurityIPType', ['IPv4', 'IPv6'] as const, entries.every((e) => e.includes(':')) ? 'IPv6' : 'IPv4');
      const shape = SecurityIPType === 'IPv6' ? IPV6_CIDR : IPV4_CIDR;
      entries.forEach((entry, j) => {
        if (!shape.pattern.test(entry)) throw new WorldError(at(a.at('SecurityIPList'), j), `must be ${shape.text} (SecurityIPType is ${SecurityIPType})`);
      });
      return {
        DBInstanceIPArrayName,
        DBInstanceIPArrayAttribute: choice(a, 'DBInstanceIPArrayAttribute', ['', 'hidden'] as const, ''),
        SecurityIPType,
        SecurityIPList: entries,
        WhitelistNetworkType: choice(a, 'WhitelistNetworkType', ['Classic', 'VPC', 'MIX'] as const, 'MIX'),
      };
    });
  }

  private parameters(f: Fields, key: string): Record<string, string> {
    if (!f.has(key)) return {};
    const value = f.raw(key);
    if (!isObject(value)) throw new WorldError(f.at(key), 'must be a JSON object of parameter names and values, such as {"log_connections": "on"}');
    const out: Record<string, string> = {};
    for (const [name, v] of Object.entries(value)) {
      const where = at(f.at(key), name);
      if (!PARAMETER_NAME.test(name)) throw new WorldError(where, 'is not a parameter name');
      if (typeof v !== 'string' && typeof v !== 'number') throw new WorldError(where, 'must be a string or a number, as the API answers values');
      out[name] = String(v);
    }
    return out;
  }
}

/** A field that takes one of the API's values (the exact spelling); `fallback` when absent, required when none. */
function choice<T extends string>(f: Fields, key: string, allowed: readonly T[], fallback: T | undefined): T {
  const value = f.string(key);
  if (value === undefined) {
    if (fallback === undefined) throw new WorldError(f.at(key), `is required: ${allowed.join(', ')}`);
    return fallback;
  }
  if (!allowed.includes(value as T)) throw new WorldError(f.at(key), `must be ${allowed.filter(Boolean).join(', ')}${allowed.includes('' as T) ? ' or ""' : ''}`);
  return value as T;
}

/** SecurityIPList as the API answers it ("a,b") or as a list. */
function ipEntries(a: Fields): string[] {
  const raw = a.raw('SecurityIPList');
  const entries = typeof raw === 'string' ? raw.split(',').map((e) => e.trim()) : Array.isArray(raw) ? a.strings('SecurityIPList') : undefined;
  if (!entries) throw new WorldError(a.at('SecurityIPList'), raw === undefined ? 'is required' : 'must be a comma-separated string or a list of addresses');
  if (entries.length === 0 || entries.some((e) => e === '')) throw new WorldError(a.at('SecurityIPList'), 'must list at least one address, with no empty entries');
  return entries;
}
