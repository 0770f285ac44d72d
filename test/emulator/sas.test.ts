import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudApi, type CloudApi } from '../../src/cloud/clients.js';
import { SAS } from '../../src/cloud/products.js';
import { generateWorld } from '../../src/emulator/generate.js';
import { ecsSection } from '../../src/emulator/services/ecs/index.js';
import { securityCenterOf, securityCenterSection } from '../../src/emulator/services/sas/index.js';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { loadWorld, WorldError } from '../../src/emulator/world.js';
import { DEMO_ACCOUNT_ID, demoWorld } from '../../src/emulator/worlds/demo.js';
import { ACCOUNT, KEYS, type Keys, fixtureWorld, startWorldJson, apiRefusal as refusal, emulatedApi } from './helpers.js';

const READER = { accessKeyId: 'LTAIsasreader01', accessKeySecret: 'sas-reader-secret-0001-not-real' };
const ECS_ONLY = { accessKeyId: 'LTAIecsonly0001', accessKeySecret: 'ecs-only-secret-0001-not-real' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The fixture world with a Security Center: 20 servers with the agent, 3 without, vulnerabilities on two. */
function sasWorld(): any {
  const world = fixtureWorld();
  const user = (UserName: string, keys: Keys, PolicyName: string) => ({
    UserName,
    AccessKeys: [{ AccessKeyId: keys.accessKeyId, AccessKeySecret: keys.accessKeySecret, Status: 'Active', CreateDate: '-10d' }],
    Policies: [{ PolicyName, PolicyType: 'System' }],
  });
  world.Accounts[0].Users.push(user('sas-reader', READER, 'AliyunYundunSASReadOnlyAccess'), user('ecs-only', ECS_ONLY, 'AliyunECSReadOnlyAccess'));
  const Instances: any[] = Array.from({ length: 20 }, (_, i) => ({ InstanceId: `i-srv${String(i + 1).padStart(2, '0')}`, InstanceName: `srv-${i + 1}`, RegionId: 'cn-hangzhou' }));
  Instances[0] = { ...Instances[0], Uuid: 'c9107c04-942f-40c1-981a-f1c1aaaa0001', InternetIp: '47.96.1.2', IntranetIp: '172.16.0.10', OsName: 'CentOS 7.9 64bit', AuthVersion: 5 };
  Instances[1] = { ...Instances[1], ClientStatus: 'offline', Status: 'notRunning', RegionId: 'ap-southeast-1' };
  Instances[2] = { ...Instances[2], ClientStatus: 'pause', Os: 'windows' };
  world.Accounts[0].SecurityCenter = {
    Version: 5,
    IsTrialVersion: 1,
    ReleaseTime: '2027-01-01T00:00:00Z',
    Instances,
    UninstalledMachines: [
      { InstanceId: 'i-bare01', InstanceName: 'bare-1', RegionId: 'cn-hangzhou', Os: 'linux' },
      { InstanceId: 'i-bare02', InstanceName: 'bare-2', RegionId: 'cn-shanghai', IntranetIp: '10.0.0.2' },
      { InstanceId: 'idc-rack7', InstanceName: 'rack-7', RegionId: 'cn-hangzhou', Vendor: 2, Os: 'windows' },
    ],
    Vulnerabilities: [
      { InstanceId: 'i-srv01', Type: 'cve', Name: 'oval:1', AliasName: 'RHSA-1: openssl', Necessity: 'asap', Status: 1, Related: 'CVE-2024-1,CVE-2024-2', FirstTs: '2025-03-01T00:00:00Z' },
      { InstanceId: 'i-srv01', Type: 'cve', Name: 'oval:2', Necessity: 'later', Status: 7 },
      { InstanceId: 'i-srv01', Type: 'cve', Name: 'oval:3', Necessity: 'nntf', Status: 1 },
      { Uuid: 'c9107c04-942f-40c1-981a-f1c1aaaa0001', Type: 'cms', Name: 'wordpress:1', Necessity: 'asap', Status: 1 },
      { InstanceId: 'i-srv03', Type: 'sys', Name: 'KB1', Necessity: 'later', Status: 2 },
      ...Array.from({ length: 12 }, (_, i) => ({ InstanceId: 'i-srv04', Type: 'cve', Name: `oval:bulk-${i}`, Necessity: 'later', Status: 1 })),
    ],
    NoticeConfigs: [
      { Project: 'sas_suspicious', Route: 7 },
      { Project: 'webshell', Route: 0, TimeLimit: 1 },
    ],
    VulConfig: [
      { Type: 'cve', Config: 'on' },
      { Type: 'emg', Config: 'off' },
      { Type: 'scanMode', Config: 'real' },
      { Type: 'imageVulClean', Config: '90' },
    ],
    SuspiciousOverallConfig: { auto_breaking: 'on' },
    ServiceLinkedRoles: { AliyunServiceRoleForSasCspm: true },
    PropertyScheduleConfig: { scheduler_port_period: '1', scheduler_lkm_period: 0 },
  };
  return world;
}

let emulator: RunningEmulator;

/** The generic openapi-core client (through aliaudit's cloudApi, as the scanner calls Security Center), pointed at the emulator. */
function sas(keys: Keys = KEYS.root): Promise<CloudApi> {
  return emulatedApi(emulator.url, SAS, keys);
}

async function call(action: string, params: Record<string, unknown> = {}, keys?: Keys): Promise<any> {
  return (await sas(keys)).call(action, params);
}

beforeAll(async () => {
  emulator = await startWorldJson(sasWorld());
});

afterAll(async () => {
  await emulator.close();
});

describe('Security Center DescribeVersionConfig', () => {
  it('answers the edition, trial and expiry', async () => {
    const answer = await call('DescribeVersionConfig');
    expect(answer).toMatchObject({ Version: 5, HighestVersion: 5, IsTrialVersion: 1, AssetLevel: 23, IsPostpay: false, ReleaseTime: Date.parse('2027-01-01T00:00:00Z') });
    expect(answer.InstanceId).toMatch(/^sas-[0-9a-f]{12}$/);
    expect(answer.RequestId).toMatch(/^[0-9A-F-]{36}$/);
  });
});

describe('Security Center DescribeCloudCenterInstances', () => {
  it('answers servers as plain arrays with their agent status; those without the agent come last, offline and uninstalled', async () => {
    const answer = await call('DescribeCloudCenterInstances', { CurrentPage: 1, PageSize: 100 });
    expect(answer.Success).toBe(true);
    expect(answer.PageInfo).toEqual({ Count: 23, CurrentPage: 1, PageSize: 100, TotalCount: 23 });
    expect(answer.Instances[0]).toMatchObject({
      Uuid: 'c9107c04-942f-40c1-981a-f1c1aaaa0001',
      InstanceId: 'i-srv01',
      InstanceName: 'srv-1',
      RegionId: 'cn-hangzhou',
      RegionName: 'China (Hangzhou)',
      ClientStatus: 'online',
      ClientSubStatus: 'online',
      InternetIp: '47.96.1.2',
      IntranetIp: '172.16.0.10',
      Ip: '47.96.1.2',
      Vendor: 0,
      VendorName: 'ALIYUN',
      AuthVersion: 5,
      Bind: true,
      // fixed (7) vulnerabilities do not count; an unfixed low-priority one does
      VulCount: 3,
      VulStatus: 'YES',
    });
    expect(answer.Instances[1]).toMatchObject({ InstanceId: 'i-srv02', ClientStatus: 'offline', Status: 'notRunning', RegionId: 'ap-southeast-1' });
    expect(answer.Instances[1].Uuid).toMatch(UUID);
    expect(answer.Instances.slice(20).map((i: any) => [i.InstanceId, i.ClientStatus, i.ClientSubStatus, i.Vendor])).toEqual([
      ['i-bare01', 'offline', 'uninstalled', 0],
      ['i-bare02', 'offline', 'uninstalled', 0],
      ['idc-rack7', 'offline', 'uninstalled', 2],
    ]);
  });

  it('pages by CurrentPage (default 20), and by NextToken when UseNextToken is true', async () => {
    const first = await call('DescribeCloudCenterInstances');
    expect([first.Instances.length, first.PageInfo.PageSize, first.PageInfo.TotalCount]).toEqual([20, 20, 23]);
    const pages = await Promise.all([1, 2, 3].map((CurrentPage) => call('DescribeCloudCenterInstances', { CurrentPage, PageSize: 10 })));
    expect(pages.map((p) => p.Instances.length)).toEqual([10, 10, 3]);
    expect(new Set(pages.flatMap((p) => p.Instances.map((i: any) => i.Uuid))).size).toBe(23);
    const past = await call('DescribeCloudCenterInstances', { CurrentPage: 9, PageSize: 10 });
    expect([past.Instances, past.PageInfo.TotalCount]).toEqual([[], 23]);

    const seen: string[] = [];
    let NextToken: string | undefined;
    let answers = 0;
    do {
      const page = await call('DescribeCloudCenterInstances', { UseNextToken: true, PageSize: 10, NextToken });
      expect(page.PageInfo.TotalCount).toBeUndefined();
      seen.push(...page.Instances.map((i: any) => i.InstanceId));
      NextToken = page.PageInfo.NextToken || undefined;
      answers++;
    } while (NextToken && answers < 10);
    expect([answers, seen.length, new Set(seen).size]).toEqual([3, 23, 23]);
  });

  it('refuses page sizes out of range, foreign tokens and unknown machine types; other machine types list nothing', async () => {
    expect(await refusal(call('DescribeCloudCenterInstances', { PageSize: 101 }))).toMatchObject({ code: 'InvalidParameter.PageSize', status: 400 });
    expect(await refusal(call('DescribeCloudCenterInstances', { CurrentPage: 0 }))).toMatchObject({ code: 'InvalidParameter.CurrentPage', status: 400 });
    expect(await refusal(call('DescribeCloudCenterInstances', { UseNextToken: true, NextToken: 'bm90LWEtdG9rZW4' }))).toMatchObject({ code: 'InvalidParameter.NextToken', status: 400 });
    expect(await refusal(call('DescribeCloudCenterInstances', { MachineTypes: 'toaster' }))).toMatchObject({ code: 'InvalidParameter', status: 400 });
    expect((await call('DescribeCloudCenterInstances', { MachineTypes: 'cloud_product' })).Instances).toEqual([]);
  });
});

describe('Security Center ListUninstallAegisMachines', () => {
  it('lists the servers without the agent, 5 a page by default, filtered by region and vendor', async () => {
    const answer = await call('ListUninstallAegisMachines');
    expect(answer).toMatchObject({ CurrentPage: 1, PageSize: 5, TotalCount: 3 });
    expect(answer.MachineList[1]).toEqual({
      Uuid: expect.stringMatching(UUID),
      InstanceId: 'i-bare02',
      InstanceName: 'bare-2',
      RegionId: 'cn-shanghai',
      MachineRegion: 'cn-shanghai',
      Os: 'linux',
      InternetIp: '',
      IntranetIp: '10.0.0.2',
      Vendor: 0,
      VendorName: 'ALIYUN',
    });
    expect((await call('ListUninstallAegisMachines', { RegionIdStr: 'cn-hangzhou' })).MachineList.map((m: any) => m.InstanceId)).toEqual(['i-bare01', 'idc-rack7']);
    expect((await call('ListUninstallAegisMachines', { Vendor: 2 })).MachineList.map((m: any) => m.VendorName)).toEqual(['IDC']);
    const second = await call('ListUninstallAegisMachines', { CurrentPage: 2, PageSize: 2 });
    expect([second.MachineList.length, second.TotalCount]).toEqual([1, 3]);
  });
});

describe('Security Center settings', () => {
  it('DescribeNoticeConfig answers each item with its Route and TimeLimit', async () => {
    const answer = await call('DescribeNoticeConfig');
    expect(answer.NoticeConfigList).toEqual([
      { Project: 'sas_suspicious', Route: 7, TimeLimit: 0, AliUid: Number(ACCOUNT), CurrentPage: 1 },
      { Project: 'webshell', Route: 0, TimeLimit: 1, AliUid: Number(ACCOUNT), CurrentPage: 1 },
    ]);
  });

  it('DescribeVulConfig answers every type, or one; an unknown type is refused', async () => {
    const all = await call('DescribeVulConfig');
    expect(all.TotalCount).toBe(4);
    expect(all.TargetConfigs[1]).toEqual({ Type: 'emg', Config: 'off', OverAllConfig: 'off' });
    expect((await call('DescribeVulConfig', { Type: 'imageVulClean' })).TargetConfigs).toEqual([{ Type: 'imageVulClean', Config: '90', OverAllConfig: '90' }]);
    expect(await refusal(call('DescribeVulConfig', { Type: 'nope' }))).toMatchObject({ code: 'InvalidParameter', status: 400 });
  });

  it('DescribeSuspiciousOverallConfig answers a switch, off when the world leaves it out; Type is required', async () => {
    expect((await call('DescribeSuspiciousOverallConfig', { Type: 'auto_breaking' })).OverallConfig).toEqual({ Type: 'auto_breaking', Config: 'on' });
    expect((await call('DescribeSuspiciousOverallConfig', { Type: 'webshell_cloud_breaking' })).OverallConfig).toEqual({ Type: 'webshell_cloud_breaking', Config: 'off' });
    expect(await refusal(call('DescribeSuspiciousOverallConfig'))).toMatchObject({ code: 'MissingParameter', status: 400 });
    expect(await refusal(call('DescribeSuspiciousOverallConfig', { Type: 'everything' }))).toMatchObject({ code: 'InvalidParameter', status: 400 });
  });

  it('DescribeServiceLinkedRoleStatus answers per role, AliyunServiceRoleForSas by default', async () => {
    expect((await call('DescribeServiceLinkedRoleStatus', { ServiceLinkedRole: 'AliyunServiceRoleForSasCspm' })).RoleStatus).toEqual({ Status: true });
    expect((await call('DescribeServiceLinkedRoleStatus')).RoleStatus).toEqual({ Status: false });
    expect(await refusal(call('DescribeServiceLinkedRoleStatus', { ServiceLinkedRole: 'AdminRole' }))).toMatchObject({ code: 'InvalidParameter.ServiceLinkedRole', status: 400 });
  });

  it('DescribePropertyScheduleConfig answers hours as a string, "0" (off) when left out', async () => {
    expect((await call('DescribePropertyScheduleConfig', { Type: 'scheduler_port_period' })).Config).toBe('1');
    expect((await call('DescribePropertyScheduleConfig', { Type: 'scheduler_lkm_period' })).Config).toBe('0');
    expect((await call('DescribePropertyScheduleConfig', { Type: 'scheduler_cron_period' })).Config).toBe('0');
    expect(await refusal(call('DescribePropertyScheduleConfig', { Type: 'scheduler_coffee_period' }))).toMatchObject({ code: 'InvalidParameter', status: 400 });
  });
});

describe('Security Center DescribeVulList', () => {
  it('answers one type, filtered by Dealed and Necessity, with the asset\'s facts', async () => {
    const open = await call('DescribeVulList', { Type: 'cve', Dealed: 'n', Necessity: 'asap,later', Uuids: 'c9107c04-942f-40c1-981a-f1c1aaaa0001' });
    expect(open).toMatchObject({ CurrentPage: 1, PageSize: 10, TotalCount: 1 });
    expect(open.VulRecords[0]).toMatchObject({
      Uuid: 'c9107c04-942f-40c1-981a-f1c1aaaa0001',
      InstanceId: 'i-srv01',
      InstanceName: 'srv-1',
      RegionId: 'cn-hangzhou',
      Name: 'oval:1',
      AliasName: 'RHSA-1: openssl',
      Type: 'cve',
      Necessity: 'asap',
      Status: 1,
      Related: 'CVE-2024-1,CVE-2024-2',
      Online: true,
      FirstTs: Date.parse('2025-03-01T00:00:00Z'),
      ExtendContentJson: { cveList: ['CVE-2024-1', 'CVE-2024-2'], Status: '1' },
    });
    expect(open.VulRecords[0].PrimaryId).toBeGreaterThan(0);
    const dealt = await call('DescribeVulList', { Type: 'cve', Dealed: 'y' });
    expect(dealt.VulRecords.map((v: any) => v.Name)).toEqual(['oval:2']);
    const windows = await call('DescribeVulList', { Type: 'sys' });
    expect(windows.VulRecords.map((v: any) => [v.InstanceId, v.Status, v.Online])).toEqual([['i-srv03', 2, false]]);
  });

  it('pages 15 Linux vulnerabilities by CurrentPage and by NextToken', async () => {
    const pages = await Promise.all([1, 2].map((CurrentPage) => call('DescribeVulList', { Type: 'cve', CurrentPage })));
    expect(pages.map((p) => [p.VulRecords.length, p.TotalCount])).toEqual([[10, 15], [5, 15]]);
    const first = await call('DescribeVulList', { Type: 'cve', UseNextToken: true, PageSize: 8 });
    const second = await call('DescribeVulList', { Type: 'cve', UseNextToken: true, PageSize: 8, NextToken: first.NextToken });
    expect([first.VulRecords.length, second.VulRecords.length, second.NextToken]).toEqual([8, 7, '']);
    // A token names the listing it came from: another type's is refused.
    expect(await refusal(call('DescribeVulList', { Type: 'sys', UseNextToken: true, NextToken: first.NextToken }))).toMatchObject({ code: 'InvalidParameter.NextToken' });
  });

  it('needs a Type, and refuses unknown types, Dealed and Necessity values', async () => {
    expect(await refusal(call('DescribeVulList'))).toMatchObject({ code: 'MissingParameter', status: 400 });
    expect(await refusal(call('DescribeVulList', { Type: 'rumour' }))).toMatchObject({ code: 'InvalidParameter', status: 400 });
    expect(await refusal(call('DescribeVulList', { Type: 'cve', Dealed: 'maybe' }))).toMatchObject({ code: 'InvalidParameter.Dealed' });
    expect(await refusal(call('DescribeVulList', { Type: 'cve', Necessity: 'asap,urgent' }))).toMatchObject({ code: 'InvalidParameter', status: 400 });
  });
});

describe('Security Center authorisation', () => {
  it('AliyunYundunSASReadOnlyAccess reads everything; a caller without yundun-sas permissions is refused NoPermission, naming the action', async () => {
    expect((await call('DescribeVersionConfig', {}, READER)).Version).toBe(5);
    expect((await call('DescribeVulList', { Type: 'cve' }, READER)).TotalCount).toBe(15);
    for (const action of ['DescribeVersionConfig', 'DescribeCloudCenterInstances', 'ListUninstallAegisMachines', 'DescribeNoticeConfig']) {
      const refused = await refusal(call(action, {}, ECS_ONLY));
      expect(refused).toMatchObject({ code: 'NoPermission', status: 403 });
      expect(refused.detail).toMatchObject({ AuthAction: `yundun-sas:${action}`, NoPermissionType: 'ImplicitDeny' });
    }
  });

  it('an account the world gives no SecurityCenter has the Free edition, no servers and every switch off', async () => {
    const world = sasWorld();
    delete world.Accounts[0].SecurityCenter;
    const bare = await startWorldJson(world);
    try {
      const api = await cloudApi({ product: SAS, region: 'ap-southeast-1', endpoint: { host: new URL(bare.url).host, protocol: 'http' }, credentials: KEYS.root });
      expect(await api.call('DescribeVersionConfig')).toMatchObject({ Version: 1, InstanceId: '', AssetLevel: 0 });
      expect((await api.call('DescribeCloudCenterInstances')).Instances).toEqual([]);
      expect((await api.call('DescribeNoticeConfig')).NoticeConfigList).toEqual([]);
      expect((await api.call('DescribeSuspiciousOverallConfig', { Type: 'auto_breaking' })).OverallConfig.Config).toBe('off');
    } finally {
      await bare.close();
    }
  });
});

describe('the SecurityCenter section of a world file', () => {
  const load = (change: (sas: any) => void) => {
    const world = sasWorld();
    change(world.Accounts[0].SecurityCenter);
    return () => loadWorld(world);
  };

  it('refuses what the API could not answer, naming the field', () => {
    const cases: [(sas: any) => void, string][] = [
      [(s) => (s.Edition = 5), 'Accounts[0].SecurityCenter.Edition: unknown field'],
      [(s) => (s.Version = 2), 'Accounts[0].SecurityCenter.Version: must be one of 1, 3, 5, 6, 7, 8, 10'],
      [(s) => (s.Instances[4].ClientStatus = 'asleep'), 'Accounts[0].SecurityCenter.Instances[4].ClientStatus: must be one of "online", "offline", "pause"'],
      [(s) => (s.Instances[4].RegionId = 'mars-1'), 'Accounts[0].SecurityCenter.Instances[4].RegionId: region "mars-1" is not in Regions'],
      [(s) => s.UninstalledMachines.push({ InstanceId: 'i-srv05', RegionId: 'cn-hangzhou' }), 'Accounts[0].SecurityCenter.UninstalledMachines[3].InstanceId: duplicate InstanceId "i-srv05" (also at Accounts[0].SecurityCenter.Instances[4].InstanceId)'],
      [(s) => (s.Vulnerabilities[0].InstanceId = 'i-bare01'), 'Accounts[0].SecurityCenter.Vulnerabilities[0].InstanceId: is not one of Instances (a server with the agent)'],
      [(s) => (s.Vulnerabilities[0].Necessity = 'urgent'), 'Accounts[0].SecurityCenter.Vulnerabilities[0].Necessity: must be one of "asap", "later", "nntf"'],
      [(s) => (s.NoticeConfigs[0].Route = 8), 'Accounts[0].SecurityCenter.NoticeConfigs[0].Route: must be an integer from 0 to 7'],
      [(s) => (s.VulConfig[0].Config = 'yes'), 'Accounts[0].SecurityCenter.VulConfig[0].Config: must be one of "on", "off"'],
      [(s) => (s.SuspiciousOverallConfig.auto_quarantine = 'on'), 'Accounts[0].SecurityCenter.SuspiciousOverallConfig.auto_quarantine: unknown field'],
      [(s) => (s.PropertyScheduleConfig.scheduler_port_period = '2'), 'Accounts[0].SecurityCenter.PropertyScheduleConfig.scheduler_port_period: must be hours between collections: 0, 1, 3, 12, 24, 168 (0 is off)'],
    ];
    for (const [change, message] of cases) {
      const attempt = load(change);
      expect(attempt).toThrow(WorldError);
      expect(attempt).toThrow(message);
    }
  });

  it('derives the same Uuids and vulnerability ids on every load', () => {
    const first = securityCenterOf(loadWorld(sasWorld()).Accounts.get(ACCOUNT)!);
    const again = securityCenterOf(loadWorld(sasWorld()).Accounts.get(ACCOUNT)!);
    expect(first.Instances.map((i) => i.Uuid)).toEqual(again.Instances.map((i) => i.Uuid));
    expect(first.Vulnerabilities.map((v) => v.PrimaryId)).toEqual(again.Vulnerabilities.map((v) => v.PrimaryId));
    expect(new Set(first.Vulnerabilities.map((v) => v.PrimaryId)).size).toBe(first.Vulnerabilities.length);
  });
});

describe('Security Center in the demo and generated worlds', () => {
  it('the demo\'s agents are the demo\'s ECS instances, in their regions', () => {
    const account = loadWorld(demoWorld()).Accounts.get(DEMO_ACCOUNT_ID)!;
    const sas = securityCenterOf(account);
    const ecs = ecsSection.demo!(DEMO_ACCOUNT_ID) as Record<string, { Instances: { InstanceId: string }[] }>;
    const ecsIds = new Map(Object.entries(ecs).flatMap(([region, r]) => r.Instances.map((i) => [i.InstanceId, region] as const)));
    const servers = [...sas.Instances, ...sas.UninstalledMachines];
    expect(servers.length).toBe(ecsIds.size);
    for (const server of servers) expect(ecsIds.get(server.InstanceId)).toBe(server.RegionId);
    expect(sas.Version).toBe(1);
  });

  it('--generate gives every generated ECS instance an agent or none, the same for one seed, a minority bad', () => {
    const json: any = generateWorld('users=5,instances=400,security-groups=40,seed=11');
    const account = json.Accounts[0];
    const again: any = generateWorld('users=5,instances=400,security-groups=40,seed=11');
    expect(again.Accounts[0].SecurityCenter).toEqual(account.SecurityCenter);
    const ecsIds = Object.values(account.Ecs as Record<string, { Instances: { InstanceId: string }[] }>).flatMap((r) => r.Instances.map((i) => i.InstanceId));
    const sas = account.SecurityCenter;
    const servers = [...sas.Instances, ...sas.UninstalledMachines].map((s: any) => s.InstanceId);
    expect(servers.sort()).toEqual([...ecsIds].sort());
    expect(sas.UninstalledMachines.length).toBeGreaterThan(0);
    expect(sas.UninstalledMachines.length).toBeLessThan(ecsIds.length * 0.15);
    const loaded = securityCenterOf(loadWorld(json).Accounts.get(account.AccountId)!);
    expect(loaded.Vulnerabilities.length).toBeGreaterThan(0);
    expect(securityCenterSection.inventory!(loaded).global.sasAssets).toBe(ecsIds.length);
  });
});
