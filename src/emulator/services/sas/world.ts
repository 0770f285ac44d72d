/**
 * Loads a world's `SecurityCenter` section: the edition, the servers with and without the agent, their
 * vulnerabilities and the account-wide settings, each field checked at its JSON path; Uuids and vulnerability ids
 * left out are derived from the account and instance, so two loads give the same ones.
 */
import { createHash } from 'node:crypto';
import { at, Fields, IPV4_ADDRESS, UniqueNames, WorldError } from '../../world-fields.js';
import type { SectionWhere } from '../service.js';
import {
  CLIENT_STATUSES,
  CLIENT_SUB_STATUSES,
  EDITIONS,
  NECESSITIES,
  POST_PAY_EDITIONS,
  PROPERTY_SCHEDULE_HOURS,
  PROPERTY_SCHEDULE_TYPES,
  type SasAsset,
  type SasMachine,
  type SasNoticeConfig,
  type SasSection,
  type SasVulnerability,
  SERVICE_LINKED_ROLES,
  SUSPICIOUS_TYPES,
  VUL_CONFIG_TYPES,
  VUL_STATUSES,
  VUL_TYPES,
} from './state.js';

const SECTION_FIELDS = [
  'Version', 'IsTrialVersion', 'HighestVersion', 'PostPayHostVersion', 'ReleaseTime', 'Instances', 'UninstalledMachines',
  'NoticeConfigs', 'VulConfig', 'Vulnerabilities', 'SuspiciousOverallConfig', 'ServiceLinkedRoles', 'PropertyScheduleConfig',
];
const MACHINE_FIELDS = ['Uuid', 'InstanceId', 'InstanceName', 'RegionId', 'Os', 'InternetIp', 'IntranetIp', 'Vendor', 'VendorName'];
const ASSET_FIELDS = [...MACHINE_FIELDS, 'ClientStatus', 'ClientSubStatus', 'OsName', 'Status', 'AuthVersion'];
const VULNERABILITY_FIELDS = ['PrimaryId', 'Uuid', 'InstanceId', 'Name', 'AliasName', 'Type', 'Necessity', 'Status', 'Related', 'FirstTs', 'LastTs'];

/** VendorName by Vendor, as the API names the common ones. */
const VENDOR_NAMES: Record<number, string> = { 0: 'ALIYUN', 1: 'OUT', 2: 'IDC', 3: 'TENCENT', 4: 'HUAWEICLOUD', 5: 'Microsoft', 7: 'AWS', 8: 'TRIPARTITE' };

/** A Security Center that nobody configured: the Free edition, no servers, every switch off. */
export const UNCONFIGURED: SasSection = Object.freeze({
  Version: 1,
  IsTrialVersion: 0,
  HighestVersion: 1,
  Instances: [],
  UninstalledMachines: [],
  NoticeConfigs: [],
  VulConfig: [],
  Vulnerabilities: [],
  SuspiciousOverallConfig: {},
  ServiceLinkedRoles: {},
  PropertyScheduleConfig: {},
});

/** A UUID-shaped id that is the same for the same seed. */
export function derivedUuid(seed: string): string {
  const hex = createHash('sha256').update(`sas-uuid:${seed}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export function loadSecurityCenter(value: unknown, where: SectionWhere): SasSection {
  const f = Fields.of(value, where.path, SECTION_FIELDS, where.now);
  const Version = f.oneOf('Version', EDITIONS, 1);
  const postPay = f.has('PostPayHostVersion') ? f.oneOf('PostPayHostVersion', POST_PAY_EDITIONS, 1) : undefined;

  const instanceIds = new UniqueNames('InstanceId');
  const uuids = new UniqueNames('Uuid');
  const machine = (item: unknown, path: string, allowed: readonly string[]) => {
    const m = Fields.of(item, path, allowed, where.now);
    const InstanceId = m.requiredString('InstanceId');
    instanceIds.add(InstanceId, m.at('InstanceId'));
    const Uuid = m.string('Uuid') ?? derivedUuid(`${where.accountId}/${InstanceId}`);
    if (Uuid === '') throw new WorldError(m.at('Uuid'), 'must not be empty (or be left out)');
    uuids.add(Uuid, m.at(m.has('Uuid') ? 'Uuid' : 'InstanceId'));
    const RegionId = m.requiredString('RegionId');
    if (!where.regionIds.has(RegionId)) throw new WorldError(m.at('RegionId'), `region "${RegionId}" is not in Regions`);
    const Vendor = m.integer('Vendor', 0, 0, 16);
    const ip = (key: string) => (m.has(key) && m.string(key) !== '' ? m.requiredString(key, IPV4_ADDRESS) : '');
    const common: SasMachine = {
      Uuid,
      InstanceId,
      InstanceName: m.string('InstanceName') || InstanceId,
      RegionId,
      Os: m.string('Os') ?? 'linux',
      InternetIp: ip('InternetIp'),
      IntranetIp: ip('IntranetIp'),
      Vendor,
      VendorName: m.string('VendorName') ?? VENDOR_NAMES[Vendor] ?? 'OUT',
    };
    return { m, common };
  };

  const Instances = f.array('Instances').map((item, i): SasAsset => {
    const { m, common } = machine(item, at(f.at('Instances'), i), ASSET_FIELDS);
    const ClientStatus = m.oneOf('ClientStatus', CLIENT_STATUSES, 'online');
    return {
      ...common,
      ClientStatus,
      ClientSubStatus: m.oneOf('ClientSubStatus', CLIENT_SUB_STATUSES, ClientStatus),
      OsName: m.string('OsName') ?? '',
      Status: m.oneOf('Status', ['Running', 'notRunning'] as const, 'Running'),
      ...(m.has('AuthVersion') ? { AuthVersion: m.oneOf('AuthVersion', POST_PAY_EDITIONS, 1) } : {}),
    };
  });
  const UninstalledMachines = f.array('UninstalledMachines').map((item, i) => machine(item, at(f.at('UninstalledMachines'), i), MACHINE_FIELDS).common);

  return {
    Version,
    IsTrialVersion: f.integer('IsTrialVersion', 0, 0, 1),
    HighestVersion: f.has('HighestVersion') ? f.oneOf('HighestVersion', EDITIONS, 1) : Version,
    ...(postPay !== undefined ? { PostPayHostVersion: postPay } : {}),
    ...(f.has('ReleaseTime') ? { ReleaseTime: f.date('ReleaseTime')! } : {}),
    Instances,
    UninstalledMachines,
    NoticeConfigs: noticeConfigs(f, where.now),
    VulConfig: vulConfig(f, where.now),
    Vulnerabilities: vulnerabilities(f, where, Instances),
    SuspiciousOverallConfig: switches(f, 'SuspiciousOverallConfig', SUSPICIOUS_TYPES, ['on', 'off'] as const, where.now),
    ServiceLinkedRoles: serviceLinkedRoles(f, where.now),
    PropertyScheduleConfig: propertySchedule(f, where.now),
  };
}

function noticeConfigs(f: Fields, now: Date): SasNoticeConfig[] {
  const projects = new UniqueNames('Project');
  return f.array('NoticeConfigs').map((item, i) => {
    const n = Fields.of(item, at(f.at('NoticeConfigs'), i), ['Project', 'Route', 'TimeLimit'], now);
    const Project = n.requiredString('Project');
    projects.add(Project, n.at('Project'));
    if (!n.has('Route')) throw new WorldError(n.at('Route'), 'is required (0 for no notification; bits 1 text message, 2 email, 4 internal message)');
    return { Project, Route: n.integer('Route', 0, 0, 7), TimeLimit: n.integer('TimeLimit', 0, 0, 1) };
  });
}

function vulConfig(f: Fields, now: Date): SasSection['VulConfig'] {
  const types = new UniqueNames('Type');
  return f.array('VulConfig').map((item, i) => {
    const v = Fields.of(item, at(f.at('VulConfig'), i), ['Type', 'Config'], now);
    const Type = v.oneOf('Type', Object.keys(VUL_CONFIG_TYPES), '');
    if (Type === '') throw new WorldError(v.at('Type'), 'is required');
    types.add(Type, v.at('Type'));
    const allowed = VUL_CONFIG_TYPES[Type];
    const Config = allowed === 'days' ? v.requiredString('Config', { pattern: /^\d{1,4}$/, text: 'a number of days such as "90"' }) : v.oneOf('Config', allowed, '');
    if (Config === '') throw new WorldError(v.at('Config'), `is required (${(allowed as readonly string[]).join(' or ')})`);
    return { Type, Config };
  });
}

function vulnerabilities(f: Fields, where: SectionWhere, assets: SasAsset[]): SasVulnerability[] {
  const byUuid = new Map(assets.map((asset) => [asset.Uuid, asset]));
  const byInstance = new Map(assets.map((asset) => [asset.InstanceId, asset]));
  const primaryIds = new UniqueNames('PrimaryId');
  // Ids left out count up from an account's own start: stable across loads, and never two alike.
  const firstId = 100_000_000 + (parseInt(createHash('sha256').update(`sas-vul:${where.accountId}`).digest('hex').slice(0, 8), 16) % 800_000_000);
  return f.array('Vulnerabilities').map((item, i) => {
    const v = Fields.of(item, at(f.at('Vulnerabilities'), i), VULNERABILITY_FIELDS, where.now);
    const uuid = v.string('Uuid');
    const instanceId = v.string('InstanceId');
    if (uuid === undefined && instanceId === undefined) throw new WorldError(v.path, 'needs the Uuid or InstanceId of one of Instances');
    const asset = uuid !== undefined ? byUuid.get(uuid) : byInstance.get(instanceId!);
    if (!asset) throw new WorldError(v.at(uuid !== undefined ? 'Uuid' : 'InstanceId'), `is not one of Instances (a server with the agent)`);
    if (uuid !== undefined && instanceId !== undefined && asset.InstanceId !== instanceId) throw new WorldError(v.at('InstanceId'), `is not the instance of Uuid "${uuid}"`);
    const Name = v.requiredString('Name');
    const PrimaryId = v.integer('PrimaryId', firstId + i, 1, 2 ** 31 - 1);
    primaryIds.add(String(PrimaryId), v.at('PrimaryId'));
    const FirstTs = v.date('FirstTs') ?? new Date(where.now.getTime() - 30 * 86_400_000);
    return {
      PrimaryId,
      Uuid: asset.Uuid,
      Name,
      AliasName: v.string('AliasName') ?? Name,
      Type: v.oneOf('Type', VUL_TYPES, 'cve'),
      Necessity: v.oneOf('Necessity', NECESSITIES, 'later'),
      Status: v.oneOf('Status', VUL_STATUSES, 1),
      Related: v.string('Related') ?? '',
      FirstTs,
      LastTs: v.date('LastTs') ?? FirstTs,
    };
  });
}

/** An object of switches by type, as `{ "auto_breaking": "on" }`; the API answers "off" for a type left out. */
function switches<T extends string>(f: Fields, key: string, types: readonly string[], values: readonly T[], now: Date): Record<string, T> {
  if (!f.has(key)) return {};
  const s = Fields.of(f.raw(key), f.at(key), types, now);
  return Object.fromEntries(types.filter((type) => s.has(type)).map((type) => [type, s.oneOf(type, values, values[0])]));
}

function serviceLinkedRoles(f: Fields, now: Date): Record<string, boolean> {
  if (!f.has('ServiceLinkedRoles')) return {};
  const s = Fields.of(f.raw('ServiceLinkedRoles'), f.at('ServiceLinkedRoles'), SERVICE_LINKED_ROLES, now);
  return Object.fromEntries(SERVICE_LINKED_ROLES.filter((role) => s.has(role)).map((role) => [role, s.boolean(role, false)]));
}

/** Hours per fingerprint type, as strings (the API's Config); a number in the world is taken as its string. */
function propertySchedule(f: Fields, now: Date): Record<string, string> {
  if (!f.has('PropertyScheduleConfig')) return {};
  const s = Fields.of(f.raw('PropertyScheduleConfig'), f.at('PropertyScheduleConfig'), PROPERTY_SCHEDULE_TYPES, now);
  return Object.fromEntries(
    PROPERTY_SCHEDULE_TYPES.filter((type) => s.has(type)).map((type) => {
      const raw = s.raw(type);
      const hours = typeof raw === 'number' ? String(raw) : raw;
      if (typeof hours !== 'string' || !(PROPERTY_SCHEDULE_HOURS as readonly string[]).includes(hours)) {
        throw new WorldError(s.at(type), `must be hours between collections: ${PROPERTY_SCHEDULE_HOURS.join(', ')} (0 is off)`);
      }
      return [type, hours];
    }),
  );
}
