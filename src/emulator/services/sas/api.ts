/**
 * Security Center (SAS) 2018-12-03 as a scanner reads it, over the caller's account's `SecurityCenter` section: the
 * edition, the servers (with their agent's state) and those without the agent, notification and vulnerability-scan
 * settings, vulnerabilities, the protection switches (anti-virus, webshell), the configuration assessment's
 * service-linked role and asset fingerprint collection. Lists page by CurrentPage/PageSize (and NextToken where
 * the API has it); SAS answers its lists as plain arrays (`"Instances": [...]`), not in ECS-style wrappers.
 *
 * Authorisation is `yundun-sas:<Action>` on `acs:yundun-sas:*:<account>:*` (the API has no resource-level
 * permissions); a refusal is NoPermission (403).
 */
import { createHash } from 'node:crypto';
import { faults, NO_PERMISSION } from '../../api-error.js';
import type { Account } from '../../state.js';
import { afterToken, booleanParam, choiceParam, integerParam, optional, type Params, required } from '../params.js';
import type { ApiCall, Service } from '../service.js';
import { securityCenterOf, securityCenterSection } from './section.js';
import {
  DEALT_STATUSES,
  NECESSITIES,
  PROPERTY_SCHEDULE_TYPES,
  type SasAsset,
  type SasMachine,
  type SasSection,
  type SasVulnerability,
  SERVICE_LINKED_ROLES,
  SUSPICIOUS_TYPES,
  VUL_CONFIG_TYPES,
  VUL_TYPES,
} from './state.js';

/**
 * Page sizes: the defaults the SDK's doc comments give (20 assets, 5 machines, 10 vulnerabilities); the maxima are
 * not documented there, so the emulator takes 100, as Prowler and the console page, and refuses more.
 */
const PAGES = { assets: 20, machines: 5, vulnerabilities: 10, max: 100 };
const EDITION_NAMES: Record<number, string> = { 1: 'Free', 3: 'Enterprise', 5: 'Advanced', 6: 'Anti-virus', 7: 'Ultimate', 10: 'Value-added' };

interface SasCall {
  account: Account;
  sas: SasSection;
}

/** Authorises the action and answers the caller's account and its Security Center. */
function sasCall(call: ApiCall): SasCall {
  const account = call.caller!.principal.account;
  call.authorize(`yundun-sas:${call.action}`, `acs:yundun-sas:*:${account.AccountId}:*`);
  return { account, sas: securityCenterOf(account) };
}

/** One page by CurrentPage/PageSize, or (UseNextToken=true, where the action has it) by NextToken. */
function sasPage<T>(call: ApiCall, all: T[], idOf: (item: T) => string, defaultSize: number, options: { tokens?: boolean; filters?: string[] } = {}) {
  const params = call.params;
  const size = integerParam(params, 'PageSize', { min: 1, max: PAGES.max }) ?? defaultSize;
  const useTokens = options.tokens === true && booleanParam(params, 'UseNextToken') === true;
  if (useTokens) {
    const listing = JSON.stringify([call.action, call.caller!.principal.account.AccountId, (options.filters ?? []).map((name) => optional(params, name) ?? '')]);
    const digest = createHash('sha256').update(listing).digest('hex').slice(0, 16);
    const token = optional(params, 'NextToken');
    const start = token === undefined ? 0 : afterToken(token, digest, all, idOf);
    const items = all.slice(start, start + size);
    const more = start + size < all.length;
    const NextToken = more ? Buffer.from(`${digest}:${idOf(items[items.length - 1])}`, 'utf8').toString('base64url') : '';
    return { items, CurrentPage: Math.floor(start / size) + 1, PageSize: size, NextToken };
  }
  const page = integerParam(params, 'CurrentPage', { min: 1, max: Number.MAX_SAFE_INTEGER }) ?? 1;
  const start = (page - 1) * size;
  return { items: all.slice(start, start + size), CurrentPage: page, PageSize: size, TotalCount: all.length };
}

/** A comma-separated list parameter, each value one of `allowed`. */
function listParam(params: Params, name: string, allowed?: readonly string[]): Set<string> | undefined {
  const text = optional(params, name);
  if (text === undefined) return undefined;
  const values = text.split(',').map((value) => value.trim()).filter(Boolean);
  const wrong = allowed && values.find((value) => !allowed.includes(value));
  if (wrong !== undefined) throw faults.invalidParameter(name, `"${wrong}" is not one of ${allowed!.join(', ')}.`);
  return new Set(values);
}

function describeVersionConfig(call: ApiCall) {
  const { account, sas } = sasCall(call);
  const paid = sas.Version !== 1 || sas.PostPayHostVersion !== undefined;
  return {
    Version: sas.Version,
    HighestVersion: sas.HighestVersion,
    IsTrialVersion: sas.IsTrialVersion,
    AssetLevel: sas.Instances.length + sas.UninstalledMachines.length,
    InstanceId: paid ? `sas-${createHash('sha256').update(`sas:${account.AccountId}`).digest('hex').slice(0, 12)}` : '',
    IsOverBalance: false,
    MVAuthCount: 0,
    ...(sas.ReleaseTime ? { ReleaseTime: sas.ReleaseTime.getTime() } : {}),
    ...(sas.PostPayHostVersion !== undefined ? { PostPayHostVersion: sas.PostPayHostVersion, PostPayStatus: 1, IsPostpay: true } : { IsPostpay: false }),
  };
}

/** The asset list: servers with the agent, then those without it (offline, sub-status uninstalled), as the console shows them. */
/**
 * What every page of a list recomputes, once per loaded section: a world of 50,000 servers would otherwise cost each
 * call a pass over every server and vulnerability. Security Center's section is never written to.
 */
function memo<T>(compute: (sas: SasSection) => T): (sas: SasSection) => T {
  const seen = new WeakMap<SasSection, T>();
  return (sas) => {
    if (!seen.has(sas)) seen.set(sas, compute(sas));
    return seen.get(sas)!;
  };
}

const assetsOf = memo((sas): SasAsset[] => {
  const unprotected = sas.UninstalledMachines.map(
    (m): SasAsset => ({ ...m, ClientStatus: 'offline', ClientSubStatus: 'uninstalled', OsName: '', Status: 'Running' }),
  );
  return [...sas.Instances, ...unprotected];
});

const assetsByUuid = memo((sas) => new Map(sas.Instances.map((a) => [a.Uuid, a])));

function assetView(asset: SasAsset, call: ApiCall, vulnerabilities: number) {
  const region = call.state.Regions.find((r) => r.RegionId === asset.RegionId);
  return {
    Uuid: asset.Uuid,
    InstanceId: asset.InstanceId,
    InstanceName: asset.InstanceName,
    RegionId: asset.RegionId,
    Region: asset.RegionId,
    RegionName: region?.LocalName ?? asset.RegionId,
    ClientStatus: asset.ClientStatus,
    ClientSubStatus: asset.ClientSubStatus,
    Os: asset.Os,
    OsName: asset.OsName,
    Ip: asset.InternetIp || asset.IntranetIp,
    InternetIp: asset.InternetIp,
    IntranetIp: asset.IntranetIp,
    Vendor: asset.Vendor,
    VendorName: asset.VendorName,
    Flag: asset.Vendor === 0 ? 0 : 1,
    AssetType: '0',
    AssetTypeName: 'ECS',
    Status: asset.Status,
    ...(asset.AuthVersion !== undefined ? { AuthVersion: asset.AuthVersion, AuthVersionName: EDITION_NAMES[asset.AuthVersion], Bind: true } : { Bind: false }),
    VulCount: vulnerabilities,
    VulStatus: vulnerabilities > 0 ? 'YES' : 'NO',
    RiskStatus: vulnerabilities > 0 ? 'YES' : 'NO',
    AlarmStatus: 'NO',
    HcStatus: 'NO',
    Importance: 1,
    GroupTrace: 'default',
  };
}

const MACHINE_TYPES = ['ecs', 'cloud_product', 'eci', 'rund', 'runc'];

function describeCloudCenterInstances(call: ApiCall) {
  const { sas } = sasCall(call);
  // Every asset of the world is a server: the other machine types (cloud products, containers) list none.
  const types = listParam(call.params, 'MachineTypes', MACHINE_TYPES);
  const assets = !types || types.has('ecs') ? assetsOf(sas) : [];
  const { items, ...page } = sasPage(call, assets, (a) => a.Uuid, PAGES.assets, { tokens: true, filters: ['MachineTypes'] });
  const open = openVulnerabilities(sas);
  const Instances = items.map((asset) => assetView(asset, call, open.get(asset.Uuid) ?? 0));
  return { Instances, PageInfo: { Count: Instances.length, ...page }, Success: true };
}

const openVulnerabilities = memo((sas) => {
  const counts = new Map<string, number>();
  for (const v of sas.Vulnerabilities) if (!DEALT_STATUSES.has(v.Status)) counts.set(v.Uuid, (counts.get(v.Uuid) ?? 0) + 1);
  return counts;
});

/** The vulnerabilities matching one set of filters, kept for that set's next pages (a scan asks few distinct sets). */
const vulnerabilityListings = memo(() => new Map<string, SasVulnerability[]>());
const MAX_LISTINGS = 64;

function machineView(m: SasMachine) {
  return {
    Uuid: m.Uuid,
    InstanceId: m.InstanceId,
    InstanceName: m.InstanceName,
    RegionId: m.RegionId,
    MachineRegion: m.RegionId,
    Os: m.Os,
    InternetIp: m.InternetIp,
    IntranetIp: m.IntranetIp,
    Vendor: m.Vendor,
    VendorName: m.VendorName,
  };
}

function listUninstallAegisMachines(call: ApiCall) {
  const { sas } = sasCall(call);
  const os = optional(call.params, 'Os');
  const region = optional(call.params, 'RegionIdStr') ?? optional(call.params, 'RegionNo');
  const remark = optional(call.params, 'Remark');
  const vendor = integerParam(call.params, 'Vendor', { min: 0, max: 16 });
  const matching = sas.UninstalledMachines.filter(
    (m) =>
      (os === undefined || m.Os === os) &&
      (region === undefined || m.RegionId === region) &&
      (vendor === undefined || m.Vendor === vendor) &&
      (remark === undefined || [m.InstanceName, m.InternetIp, m.IntranetIp].some((text) => text.includes(remark))),
  );
  const { items, ...page } = sasPage(call, matching, (m) => m.Uuid, PAGES.machines);
  return { MachineList: items.map(machineView), ...page };
}

function describeNoticeConfig(call: ApiCall) {
  const { account, sas } = sasCall(call);
  return {
    NoticeConfigList: sas.NoticeConfigs.map((n) => ({ Project: n.Project, Route: n.Route, TimeLimit: n.TimeLimit, AliUid: Number(account.AccountId), CurrentPage: 1 })),
  };
}

function describeVulConfig(call: ApiCall) {
  const { sas } = sasCall(call);
  const type = optional(call.params, 'Type');
  if (type !== undefined && !Object.hasOwn(VUL_CONFIG_TYPES, type)) throw faults.invalidParameter('Type', `It must be one of ${Object.keys(VUL_CONFIG_TYPES).join(', ')}.`);
  const configs = sas.VulConfig.filter((c) => type === undefined || c.Type === type);
  return { TargetConfigs: configs.map((c) => ({ Type: c.Type, Config: c.Config, OverAllConfig: c.Config })), TotalCount: configs.length };
}

function vulnerabilityView(v: SasVulnerability, asset: SasAsset | undefined) {
  return {
    PrimaryId: v.PrimaryId,
    Uuid: v.Uuid,
    InstanceId: asset?.InstanceId ?? '',
    InstanceName: asset?.InstanceName ?? '',
    RegionId: asset?.RegionId ?? '',
    InternetIp: asset?.InternetIp ?? '',
    IntranetIp: asset?.IntranetIp ?? '',
    OsName: asset?.OsName ?? '',
    Online: asset?.ClientStatus === 'online',
    Name: v.Name,
    AliasName: v.AliasName,
    Type: v.Type,
    Necessity: v.Necessity,
    Status: v.Status,
    Related: v.Related,
    Tag: v.Type === 'sys' ? 'system' : 'oval',
    FirstTs: v.FirstTs.getTime(),
    LastTs: v.LastTs.getTime(),
    ModifyTs: v.LastTs.getTime(),
    ExtendContentJson: { AliasName: v.AliasName, Status: String(v.Status), PrimaryId: v.PrimaryId, cveList: v.Related ? v.Related.split(',') : [] },
  };
}

const VUL_FILTERS = ['Type', 'Dealed', 'Necessity', 'Uuids', 'StatusList', 'Name', 'AliasName'];

function describeVulList(call: ApiCall) {
  const { sas } = sasCall(call);
  const type = required(call.params, 'Type');
  if (!(VUL_TYPES as readonly string[]).includes(type)) throw faults.invalidParameter('Type', `It must be one of ${VUL_TYPES.join(', ')}.`);
  const dealed = optional(call.params, 'Dealed') === undefined ? undefined : choiceParam(call.params, 'Dealed', ['y', 'n'], 'n');
  const necessity = listParam(call.params, 'Necessity', NECESSITIES);
  const uuids = listParam(call.params, 'Uuids');
  const statuses = listParam(call.params, 'StatusList');
  const name = optional(call.params, 'Name');
  const alias = optional(call.params, 'AliasName');
  const listings = vulnerabilityListings(sas);
  const key = JSON.stringify(VUL_FILTERS.map((filter) => optional(call.params, filter) ?? null));
  if (listings.size >= MAX_LISTINGS && !listings.has(key)) listings.clear();
  const matching = listings.get(key) ?? sas.Vulnerabilities.filter(
    (v) =>
      v.Type === type &&
      (dealed === undefined || DEALT_STATUSES.has(v.Status) === (dealed === 'y')) &&
      (!necessity || necessity.has(v.Necessity)) &&
      (!uuids || uuids.has(v.Uuid)) &&
      (!statuses || statuses.has(String(v.Status))) &&
      (name === undefined || v.Name === name) &&
      (alias === undefined || v.AliasName.includes(alias)),
  );
  listings.set(key, matching);
  const assets = assetsByUuid(sas);
  const { items, ...page } = sasPage(call, matching, (v) => String(v.PrimaryId), PAGES.vulnerabilities, { tokens: true, filters: VUL_FILTERS });
  return { VulRecords: items.map((v) => vulnerabilityView(v, assets.get(v.Uuid))), ...page };
}

function describeSuspiciousOverallConfig(call: ApiCall) {
  const { sas } = sasCall(call);
  const type = required(call.params, 'Type');
  if (!(SUSPICIOUS_TYPES as readonly string[]).includes(type)) throw faults.invalidParameter('Type', `It must be one of ${SUSPICIOUS_TYPES.join(', ')}.`);
  return { OverallConfig: { Type: type, Config: sas.SuspiciousOverallConfig[type] ?? 'off' } };
}

function describeServiceLinkedRoleStatus(call: ApiCall) {
  const { sas } = sasCall(call);
  const role = choiceParam(call.params, 'ServiceLinkedRole', [...SERVICE_LINKED_ROLES], 'AliyunServiceRoleForSas');
  return { RoleStatus: { Status: sas.ServiceLinkedRoles[role] ?? false } };
}

function describePropertyScheduleConfig(call: ApiCall) {
  const { sas } = sasCall(call);
  const type = required(call.params, 'Type');
  if (!(PROPERTY_SCHEDULE_TYPES as readonly string[]).includes(type)) throw faults.invalidParameter('Type', `It must be one of ${PROPERTY_SCHEDULE_TYPES.join(', ')}.`);
  return { Config: sas.PropertyScheduleConfig[type] ?? '0' };
}

export const sasService: Service = {
  code: 'yundun-sas',
  product: 'Sas',
  version: '2018-12-03',
  hostId: 'tds.aliyuncs.com',
  denial: NO_PERMISSION,
  readOnlyPolicy: 'AliyunYundunSASReadOnlyAccess',
  section: securityCenterSection,
  actions: {
    DescribeVersionConfig: describeVersionConfig,
    DescribeCloudCenterInstances: describeCloudCenterInstances,
    ListUninstallAegisMachines: listUninstallAegisMachines,
    DescribeNoticeConfig: describeNoticeConfig,
    DescribeVulConfig: describeVulConfig,
    DescribeVulList: describeVulList,
    DescribeSuspiciousOverallConfig: describeSuspiciousOverallConfig,
    DescribeServiceLinkedRoleStatus: describeServiceLinkedRoleStatus,
    DescribePropertyScheduleConfig: describePropertyScheduleConfig,
  },
};
