import type { CloudApi } from '../../../cloud/clients.js';
import { type Fact, known, type Missing } from '../../checks/check.js';
import { attempt, caller, type Collecting, type Unreadable } from '../../collectors/collecting.js';
import { type Asset, type AssetSubject, FINGERPRINT_TYPES, type NoticeConfig, type OpenVulnerability, type SettingsSubject, type VersionConfig, type VulTypeConfig } from './checks.js';

const GLOBAL = 'global';
/** The page size Security Center's lists are read with (the console's and Prowler's; larger is not documented). */
export const PAGE_SIZE = 100;
/** Vulnerability statuses that are dealt with (fixed, ignored, gone): the rest still needs a fix. */
const DEALT = new Set([7, 8, 10, 12, 20]);

type Call = ReturnType<typeof caller>;
/** A server or a vulnerability as the lists answer them (the fields read here). */
type ServerRecord = Partial<Asset>;
type VulnerabilityRecord = OpenVulnerability & { Uuid?: string; Status?: number | string };

/**
 * Security Center, once for the account: the settings (one call each, side by side) make one subject; the servers
 * (with the agent and without), their open OS vulnerabilities (two account-wide lists, not one call per server) and
 * which lack the agent are read to the last page, then every server is one subject.
 */
export async function collectSecurityCenter(collecting: Collecting, sas: CloudApi): Promise<void> {
  const call = caller(collecting, sas, GLOBAL);
  let servers = 1;
  const announce = () => collecting.progress(GLOBAL, 1 + servers);
  announce();
  await Promise.all([settings(collecting, call), assets(collecting, call, (count) => ((servers = count), announce()))]);
}

function read<T>(call: Call, action: string, params: Record<string, unknown>, pick: (body: any) => T): Promise<Fact<T>> {
  return attempt(async () => pick(await call(action, params)), `yundun-sas:${action}`, GLOBAL);
}

async function settings(collecting: Collecting, call: Call): Promise<void> {
  const suspicious = (type: string) => read(call, 'DescribeSuspiciousOverallConfig', { Type: type }, (body) => String(body.OverallConfig?.Config ?? ''));
  const [edition, notices, vulnerabilityScan, antiVirus, webshellProtection, configAssessmentRole, fingerprints] = await Promise.all([
    read(call, 'DescribeVersionConfig', {}, (body): VersionConfig => {
      const { Version, HighestVersion, PostPayHostVersion, IsTrialVersion } = body;
      return { Version, HighestVersion, PostPayHostVersion, IsTrialVersion };
    }),
    read(call, 'DescribeNoticeConfig', {}, (body) => (body.NoticeConfigList ?? []).map(({ Project, Route }: NoticeConfig) => ({ Project, Route }))),
    read(call, 'DescribeVulConfig', {}, (body) => (body.TargetConfigs ?? []).map(({ Type, Config }: VulTypeConfig) => ({ Type, Config }))),
    suspicious('auto_breaking'),
    suspicious('webshell_cloud_breaking'),
    read(call, 'DescribeServiceLinkedRoleStatus', { ServiceLinkedRole: 'AliyunServiceRoleForSasCspm' }, (body) => String(body.RoleStatus?.Status) === 'true'),
    attempt(
      async () => Object.fromEntries(await Promise.all(Object.keys(FINGERPRINT_TYPES).map(async (type) => [type, String((await call('DescribePropertyScheduleConfig', { Type: type })).Config)]))),
      'yundun-sas:DescribePropertyScheduleConfig',
      GLOBAL,
    ),
  ]);
  collecting.feed('settings', {
    accountUid: collecting.accountUid,
    edition,
    notices,
    vulnerabilityScan,
    antiVirus,
    webshellProtection,
    configAssessmentRole,
    fingerprints,
  } satisfies SettingsSubject);
}

async function assets(collecting: Collecting, call: Call, counted: (servers: number) => void): Promise<void> {
  const [listed, uninstalled, vulnerabilities] = await Promise.all([
    attempt(() => everyPage<ServerRecord>(call, 'DescribeCloudCenterInstances', { MachineTypes: 'ecs' }, (body) => body.Instances, (body) => body.PageInfo?.TotalCount), 'yundun-sas:DescribeCloudCenterInstances', GLOBAL),
    attempt(() => everyPage<ServerRecord>(call, 'ListUninstallAegisMachines', {}, (body) => body.MachineList, (body) => body.TotalCount), 'yundun-sas:ListUninstallAegisMachines', GLOBAL),
    attempt(() => openOsVulnerabilities(call), 'yundun-sas:DescribeVulList', GLOBAL),
  ]);
  const servers = new Map<string, Asset>();
  if ('value' in listed) for (const asset of listed.value) servers.set(keyOf(asset), assetFacts(asset));
  const withoutAgent = new Set<string>();
  if ('value' in uninstalled) {
    for (const machine of uninstalled.value) {
      withoutAgent.add(keyOf(machine));
      // The asset list holds these too; one it leaves out (or an unreadable asset list) still has its finding.
      if (!servers.has(keyOf(machine))) servers.set(keyOf(machine), { ...assetFacts(machine), ClientStatus: 'offline', ClientSubStatus: 'uninstalled' });
    }
  }
  if ('missing' in listed) collecting.feed('asset', unreadable(listed.missing, 'Security Center servers'));
  counted(servers.size);
  for (const [key, asset] of servers) {
    collecting.feed('asset', {
      accountUid: collecting.accountUid,
      asset,
      agentMissing: 'missing' in uninstalled ? uninstalled : known(withoutAgent.has(key)),
      vulnerabilities: 'missing' in vulnerabilities ? vulnerabilities : known(vulnerabilities.value.get(asset.Uuid) ?? []),
    } satisfies AssetSubject);
  }
}

/** The Linux-software and Windows-system vulnerabilities not dealt with that Security Center rates asap or later, by server Uuid. */
async function openOsVulnerabilities(call: Call): Promise<Map<string, OpenVulnerability[]>> {
  const byServer = new Map<string, OpenVulnerability[]>();
  const lists = await Promise.all(['cve', 'sys'].map((Type) => everyPage<VulnerabilityRecord>(call, 'DescribeVulList', { Type, Dealed: 'n', Necessity: 'asap,later', Lang: 'en' }, (body) => body.VulRecords, (body) => body.TotalCount)));
  for (const record of lists.flat()) {
    // The filters again: an answer that ignored them must not turn fixed or unrated ones into findings.
    if (DEALT.has(Number(record.Status)) || !['asap', 'later'].includes(record.Necessity) || !record.Uuid) continue;
    const { Name, AliasName, Type, Necessity } = record;
    byServer.set(record.Uuid, [...(byServer.get(record.Uuid) ?? []), { Name, AliasName, Type, Necessity }]);
  }
  return byServer;
}

/**
 * Every item of a list that pages by CurrentPage/PageSize: when the first page says how many there are, the rest are
 * asked for at once; when it does not, page after page until one comes back short.
 */
export async function everyPage<T>(call: Call, action: string, params: Record<string, unknown>, items: (body: any) => T[] | undefined, total: (body: any) => unknown): Promise<T[]> {
  const page = (n: number) => call(action, { ...params, CurrentPage: n, PageSize: PAGE_SIZE });
  const first = await page(1);
  const all = [...(items(first) ?? [])];
  const reported = total(first);
  if (reported !== undefined && reported !== null && Number.isFinite(Number(reported))) {
    const rest = await Promise.all(Array.from({ length: Math.max(0, Math.ceil(Number(reported) / PAGE_SIZE) - 1) }, (_, i) => page(i + 2)));
    for (const body of rest) all.push(...(items(body) ?? []));
    return all;
  }
  for (let n = 2, last = items(first) ?? []; last.length === PAGE_SIZE; n++) {
    last = items(await page(n)) ?? [];
    all.push(...last);
  }
  return all;
}

const keyOf = (server: { Uuid?: string; InstanceId?: string }) => server.Uuid || server.InstanceId || '';

/** Only what the checks read: a big account's full asset records would be most of a scan's memory. */
function assetFacts(asset: ServerRecord): Asset {
  const { Uuid, InstanceId, InstanceName, RegionId, ClientStatus, ClientSubStatus, Vendor, InternetIp } = asset;
  return { Uuid: Uuid ?? '', InstanceId: InstanceId ?? '', InstanceName, RegionId, ClientStatus, ClientSubStatus, Vendor: Vendor === undefined ? undefined : Number(Vendor), InternetIp };
}

function unreadable(missing: Missing, what: string): Unreadable {
  return { unreadable: missing, what, region: GLOBAL };
}
