import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloudApi } from '../../../src/cloud/clients.js';
import type { Product } from '../../../src/cloud/products.js';
import { type Fact, type Missing } from '../../../src/scan/checks/check.js';
import { ALL_CHECKS } from '../../../src/scan/checks/index.js';
import { runScan, type ScanTarget } from '../../../src/scan/engine.js';
import type { Finding } from '../../../src/scan/model.js';
import {
  type AccountSubject,
  type BucketExposure,
  multiRegionEnabled,
  OSS_MODULE_REASON,
  ossBucketNotPublic,
  type Trail,
  type TrailFacts,
  type TrailStatus,
  type TrailSubject,
} from '../../../src/scan/services/actiontrail/checks.js';
import { GENERATED_SCANNER, generateWorld } from '../../../src/emulator/generate.js';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/server.js';
import { DEMO_CREDENTIALS, demoWorld } from '../../../src/emulator/worlds/demo.js';
import { loadWorld } from '../../../src/emulator/world.js';
import { scanOf, missingOf } from '../scan-helpers.js';
import { ACCOUNT, AUDITOR } from '../world.js';

const NOW = new Date('2026-12-01T00:00:00Z');
const GLOBAL = 'global';
const logging: Fact<TrailStatus> = { value: { IsLogging: true, LatestDeliveryTime: '2026-11-30T23:59:00Z' } };
const notLogging: Fact<TrailStatus> = { value: { IsLogging: false } };
const denied = (action: string): Missing => ({ action, region: GLOBAL, reason: 'denied', detail: 'NoPermission' });

const trail = (fields: Partial<Trail> = {}): Trail => ({
  Name: 'audit-all',
  HomeRegion: 'cn-hangzhou',
  TrailRegion: 'All',
  EventRW: 'All',
  Status: 'Enable',
  OssBucketName: 'audit-logs',
  OssBucketLocation: 'oss-cn-hangzhou',
  SlsProjectArn: '',
  IsOrganizationTrail: false,
  ...fields,
});

const account = (...trails: TrailFacts[]): AccountSubject => ({ accountUid: ACCOUNT, region: GLOBAL, trails: { value: trails } });
const on = (fields: Partial<Trail> = {}, status: Fact<TrailStatus> = logging): TrailFacts => ({ trail: trail(fields), status });
const off = (fields: Partial<Trail> = {}): TrailFacts => ({ trail: trail({ Status: 'Disable', ...fields }) });

function verdictOf(subject: AccountSubject) {
  return multiRegionEnabled.evaluate(subject, NOW)!;
}

describe('actiontrail_multi_region_enabled', () => {
  it.each([
    ['a trail of all events in all regions, logging', [on()], 'PASS', 'trail "audit-all" (home cn-hangzhou) records all events (EventRW All) in all regions and is logging, to OSS bucket audit-logs'],
    ['the organisation\'s trail (in a member account)', [on({ Name: 'org-trail', IsOrganizationTrail: true, OrganizationId: 'rd-Ab12Cd', OssBucketName: '', SlsProjectArn: 'acs:log:cn-hangzhou:1:project/org' })], 'PASS', 'trail "org-trail" (home cn-hangzhou, organisation trail of rd-Ab12Cd) records all events'],
    ['one good trail beside weak ones', [on({ Name: 'writes', EventRW: 'Write' }), on()], 'PASS', 'trail "audit-all"'],
    ['a trail that records writes only (Prowler passes it)', [on({ Name: 'writes', EventRW: 'Write' })], 'FAIL', 'no trail records every event in every region: trail "writes" (home cn-hangzhou) records write events only'],
    ['a trail that does not say what it records (the API\'s default: writes)', [on({ Name: 'writes', EventRW: undefined })], 'FAIL', 'records write events only'],
    ['a trail of reads only', [on({ EventRW: 'Read' })], 'FAIL', 'records read events only'],
    ['a trail for one region', [on({ Name: 'beijing-only', HomeRegion: 'cn-beijing', TrailRegion: 'cn-beijing' })], 'FAIL', 'trail "beijing-only" (home cn-beijing) covers only cn-beijing'],
    ['a disabled trail', [off()], 'FAIL', 'trail "audit-all" (home cn-hangzhou) is disabled'],
    ['a trail never enabled', [off({ Status: 'Fresh' })], 'FAIL', 'was created but never enabled'],
    ['an enabled trail that is not logging', [on({}, notLogging)], 'FAIL', 'is enabled but not logging (GetTrailStatus answers IsLogging false)'],
    ['a trail that delivers nowhere', [on({ OssBucketName: '', SlsProjectArn: '' })], 'FAIL', 'delivers to no OSS bucket, Log Service project or MaxCompute project'],
    ['several shortcomings, each trail named', [on({ Name: 'writes', EventRW: 'Write', TrailRegion: 'cn-hangzhou' }), off({ Name: 'old' })], 'FAIL', 'trail "writes" (home cn-hangzhou) covers only cn-hangzhou and records write events only; trail "old" (home cn-hangzhou) is disabled'],
  ])('%s', (_, trails, status, text) => {
    const verdict = verdictOf(account(...trails));
    expect(verdict.status).toBe(status);
    expect(verdict.statusExtended).toContain(text);
  });

  it('fails an account without any trail, on the account', () => {
    const subject = account();
    expect(verdictOf(subject)).toMatchObject({ status: 'FAIL', statusExtended: expect.stringContaining('the account has no trail') });
    expect(multiRegionEnabled.resource(subject)).toMatchObject({ uid: `acs:actiontrail::${ACCOUNT}:account`, type: 'account', name: ACCOUNT });
  });

  it('says how to fix the nearest trail of the account\'s own', () => {
    expect(verdictOf(account(on({ Name: 'writes', EventRW: 'Write' }))).remediationCli).toBe('aliyun actiontrail UpdateTrail --region cn-hangzhou --Name writes --EventRW All --TrailRegion All');
    expect(verdictOf(account(off({ Name: 'old' }), on({ Name: 'writes', EventRW: 'Write', TrailRegion: 'cn-hangzhou' }))).remediationCli).toBe('aliyun actiontrail StartLogging --region cn-hangzhou --Name old');
    expect(verdictOf(account(off({ Name: 'old', EventRW: 'Write' }))).remediationCli).toBe(
      'aliyun actiontrail UpdateTrail --region cn-hangzhou --Name old --EventRW All --TrailRegion All && aliyun actiontrail StartLogging --region cn-hangzhou --Name old',
    );
  });

  it('is MANUAL naming the permission when the trails cannot be listed', () => {
    const subject: AccountSubject = { accountUid: ACCOUNT, region: GLOBAL, trails: { missing: denied('actiontrail:DescribeTrails') } };
    expect(missingOf(() => verdictOf(subject))).toMatchObject({ action: 'actiontrail:DescribeTrails', reason: 'denied' });
  });

  it('is MANUAL when the one trail that would do cannot say whether it logs, unless another trail passes', () => {
    const unknown = on({}, { missing: denied('actiontrail:GetTrailStatus') });
    expect(missingOf(() => verdictOf(account(unknown, on({ Name: 'writes', EventRW: 'Write' }))))).toMatchObject({ action: 'actiontrail:GetTrailStatus' });
    expect(verdictOf(account(unknown, on({ Name: 'second' }))).status).toBe('PASS');
    // A weak trail's status does not matter: it fails whatever it says.
    expect(verdictOf(account(on({ EventRW: 'Write' }, { missing: denied('actiontrail:GetTrailStatus') }))).status).toBe('FAIL');
  });
});

describe('actiontrail_oss_bucket_not_publicly_accessible', () => {
  const subject = (fields: Partial<Trail> = {}, buckets?: Fact<BucketExposure[]>): TrailSubject => ({ accountUid: ACCOUNT, region: GLOBAL, trail: trail(fields), ...(buckets ? { buckets } : {}) });

  it('is MANUAL for a trail\'s bucket, naming it, until aliaudit reads OSS', () => {
    const verdict = ossBucketNotPublic.evaluate(subject(), NOW)!;
    expect(verdict).toEqual({
      status: 'MANUAL',
      statusExtended: `trail "audit-all" (home cn-hangzhou) delivers to OSS bucket audit-logs (oss-cn-hangzhou): whether it is public is not checked, as ${OSS_MODULE_REASON}`,
      reason: OSS_MODULE_REASON,
    });
    expect(OSS_MODULE_REASON).toBe("reading the bucket's ACL and policy needs the OSS module, which this version does not have");
    expect(ossBucketNotPublic.resource(subject())).toMatchObject({ uid: `acs:actiontrail:cn-hangzhou:${ACCOUNT}:trail/audit-all`, type: 'trail', details: 'home cn-hangzhou, OSS bucket audit-logs' });
  });

  it('does not apply to a trail without an OSS bucket', () => {
    expect(ossBucketNotPublic.evaluate(subject({ OssBucketName: '' }), NOW)).toBeUndefined();
    expect(ossBucketNotPublic.evaluate(subject({ OssBucketName: undefined }), NOW)).toBeUndefined();
  });

  it('judges the bucket once the OSS module hands its buckets in', () => {
    const buckets = (exposure: BucketExposure[]): Fact<BucketExposure[]> => ({ value: exposure });
    expect(ossBucketNotPublic.evaluate(subject({}, buckets([{ BucketName: 'audit-logs', public: true, why: 'ACL public-read' }])), NOW)).toMatchObject({ status: 'FAIL', statusExtended: expect.stringContaining('publicly accessible: ACL public-read') });
    expect(ossBucketNotPublic.evaluate(subject({}, buckets([{ BucketName: 'audit-logs', public: false, why: 'ACL private, no public policy' }])), NOW)!.status).toBe('PASS');
    expect(ossBucketNotPublic.evaluate(subject({}, buckets([])), NOW)).toMatchObject({ status: 'MANUAL', statusExtended: expect.stringContaining("not among this account's buckets") });
    expect(missingOf(() => ossBucketNotPublic.evaluate(subject({}, { missing: denied('oss:ListBuckets') }), NOW))).toMatchObject({ action: 'oss:ListBuckets' });
  });
});

describe('the ActionTrail collector', () => {
  /** A scan of a fake ActionTrail that answers `trails` (a shadow twice) and records every call with its region. */
  async function fakeScan(trails: Record<string, unknown>[]) {
    const calls: { action: string; region: string; params: Record<string, unknown> }[] = [];
    const api = async (product: Product, region: string): Promise<CloudApi> => ({
      product,
      region,
      call: async <T = any>(action: string, params: Record<string, unknown> = {}): Promise<T> => {
        calls.push({ action, region, params });
        if (action === 'DescribeTrails') return { RequestId: 'r', TrailList: trails } as T;
        return { RequestId: 'r', IsLogging: params.Name !== 'not-logging' } as T;
      },
    });
    const target: ScanTarget = { accountUid: ACCOUNT, identityArn: 'test', authMethod: 'test', homeRegion: 'cn-hangzhou', api };
    const checks = ALL_CHECKS.filter((check) => check.service === 'actiontrail');
    const { findings } = await runScan(target, [], { checks, regions: [], version: 'test' }, () => {});
    return { calls, findings: [...findings] };
  }

  it('asks for shadow and organisation trails in the home region, each trail\'s status in its own home region, once per trail', async () => {
    const shadow = { Name: 'everything', HomeRegion: 'cn-shanghai', TrailRegion: 'All', EventRW: 'All', Status: 'Enable', OssBucketName: 'logs', TrailArn: `acs:actiontrail:cn-shanghai:${ACCOUNT}:trail/everything` };
    const { calls, findings } = await fakeScan([
      shadow,
      { ...shadow, Region: 'cn-hangzhou' },
      { Name: 'org-trail', HomeRegion: 'cn-beijing', TrailRegion: 'All', EventRW: 'All', Status: 'Enable', SlsProjectArn: 'acs:log:cn-beijing:1:project/x', IsOrganizationTrail: true },
      { Name: 'stopped', HomeRegion: 'cn-hangzhou', TrailRegion: 'All', EventRW: 'All', Status: 'Disable', OssBucketName: 'old-logs' },
    ]);
    expect(calls.filter((c) => c.action === 'DescribeTrails')).toEqual([{ action: 'DescribeTrails', region: 'cn-hangzhou', params: { IncludeShadowTrails: true, IncludeOrganizationTrail: true } }]);
    expect(calls.filter((c) => c.action === 'GetTrailStatus').map(({ region, params }) => [region, params.Name, params.IsOrganizationTrail])).toEqual([
      ['cn-shanghai', 'everything', undefined],
      ['cn-beijing', 'org-trail', true],
    ]);
    expect(findings.filter((f) => f.checkId === 'actiontrail_multi_region_enabled').map((f) => f.status)).toEqual(['PASS']);
    expect(findings.filter((f) => f.checkId === 'actiontrail_oss_bucket_not_publicly_accessible').map((f) => [f.resource.name, f.status])).toEqual([
      ['everything', 'MANUAL'],
      ['stopped', 'MANUAL'],
    ]);
  });

  it('fails a trail that Status calls enabled but GetTrailStatus says is not logging', async () => {
    const { findings } = await fakeScan([{ Name: 'not-logging', HomeRegion: 'cn-hangzhou', TrailRegion: 'All', EventRW: 'All', Status: 'Enable', OssBucketName: 'logs' }]);
    expect(findings.find((f) => f.checkId === 'actiontrail_multi_region_enabled')).toMatchObject({ status: 'FAIL', statusExtended: expect.stringContaining('is enabled but not logging') });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Known-answer scans against the emulator

const NO_TRAIL = { id: 'LTAInotrail0001', secret: 'notrail-secret-0001-not-real' };
const LIST_ONLY = { id: 'LTAIlistonly001', secret: 'listonly-secret-0001-not-real' };

const keyOf = (keys: { id: string; secret: string }) => [{ AccessKeyId: keys.id, AccessKeySecret: keys.secret, Status: 'Active', CreateDate: '-10d' }];

function world(trails: unknown[]) {
  return {
    Regions: ['cn-hangzhou', 'cn-beijing', 'cn-shanghai'].map((RegionId) => ({ RegionId, LocalName: RegionId, Status: 'available' })),
    Accounts: [
      {
        AccountId: ACCOUNT,
        Root: { MFA: true },
        PasswordPolicy: { MinimumPasswordLength: 14 },
        Users: [
          { UserName: 'auditor', AccessKeys: keyOf(AUDITOR), Policies: [{ PolicyName: 'AliyunActionTrailReadOnlyAccess', PolicyType: 'System' }, { PolicyName: 'AliyunRAMReadOnlyAccess', PolicyType: 'System' }, { PolicyName: 'AliyunECSReadOnlyAccess', PolicyType: 'System' }] },
          { UserName: 'no-trail', AccessKeys: keyOf(NO_TRAIL), Policies: [{ PolicyName: 'AliyunRAMReadOnlyAccess', PolicyType: 'System' }, { PolicyName: 'AliyunECSReadOnlyAccess', PolicyType: 'System' }] },
          { UserName: 'list-only', AccessKeys: keyOf(LIST_ONLY), Policies: [{ PolicyName: 'trails-list-only', PolicyType: 'Custom' }, { PolicyName: 'AliyunECSReadOnlyAccess', PolicyType: 'System' }] },
        ],
        Policies: [{ PolicyName: 'trails-list-only', PolicyDocument: { Version: '1', Statement: [{ Effect: 'Allow', Action: 'actiontrail:DescribeTrails', Resource: '*' }] } }],
        ActionTrail: { Trails: trails },
      },
    ],
  };
}

const WEAK_TRAILS = [
  { Name: 'writes-only', HomeRegion: 'cn-hangzhou', TrailRegion: 'All', EventRW: 'Write', Status: 'Enable', OssBucketName: 'trail-writes' },
  { Name: 'beijing-only', HomeRegion: 'cn-beijing', TrailRegion: 'cn-beijing', EventRW: 'All', Status: 'Enable', SlsProjectArn: `acs:log:cn-beijing:${ACCOUNT}:project/beijing-audit` },
  { Name: 'switched-off', HomeRegion: 'cn-shanghai', TrailRegion: 'All', EventRW: 'All', Status: 'Disable', OssBucketName: 'trail-archive' },
];
const ORGANISATION_TRAIL = { Name: 'org-everything', HomeRegion: 'cn-hangzhou', TrailRegion: 'All', EventRW: 'All', Status: 'Enable', IsOrganizationTrail: true, OrganizationId: 'rd-Ab12Cd', SlsProjectArn: `acs:log:cn-hangzhou:${ACCOUNT}:project/org` };

const TRAIL_CHECKS = ALL_CHECKS.filter((check) => check.service === 'actiontrail');
const summary = (findings: Finding[]) => findings.filter((f) => f.service === 'actiontrail').map((f) => `${f.checkId} ${f.resource.uid} ${f.status}`).sort();

describe('a scan of ActionTrail in the emulator', () => {
  const emulators: RunningEmulator[] = [];
  const serve = async (trails: unknown[]) => {
    const emulator = await startEmulator({ state: loadWorld(world(trails)), port: 0 });
    emulators.push(emulator);
    return emulator.url;
  };
  let weak: string;
  let organised: string;

  beforeAll(async () => {
    [weak, organised] = await Promise.all([serve(WEAK_TRAILS), serve([...WEAK_TRAILS, ORGANISATION_TRAIL])]);
  });

  afterAll(async () => {
    await Promise.all(emulators.map((emulator) => emulator.close()));
  });

  it('fails an account whose trails each lack something, saying what, and leaves each bucket MANUAL', async () => {
    const { findings } = await scanOf(weak, { checks: TRAIL_CHECKS });
    expect(summary(findings)).toEqual([
      `actiontrail_multi_region_enabled acs:actiontrail::${ACCOUNT}:account FAIL`,
      `actiontrail_oss_bucket_not_publicly_accessible acs:actiontrail:cn-hangzhou:${ACCOUNT}:trail/writes-only MANUAL`,
      `actiontrail_oss_bucket_not_publicly_accessible acs:actiontrail:cn-shanghai:${ACCOUNT}:trail/switched-off MANUAL`,
    ]);
    const account = findings.find((f) => f.checkId === 'actiontrail_multi_region_enabled')!;
    expect(account.statusExtended).toBe(
      'no trail records every event in every region: trail "writes-only" (home cn-hangzhou) records write events only; trail "beijing-only" (home cn-beijing) covers only cn-beijing; trail "switched-off" (home cn-shanghai) is disabled',
    );
    expect(account).toMatchObject({ region: GLOBAL, severity: 'critical', compliance: { 'CIS-2.0': ['2.1'] } });
    expect(findings.find((f) => f.resource.name === 'writes-only')!.statusExtended).toContain('OSS bucket trail-writes (oss-cn-hangzhou)');
  });

  it('passes an account that its organisation\'s trail covers (which Prowler never asks for)', async () => {
    const { findings } = await scanOf(organised, { checks: TRAIL_CHECKS });
    expect(findings.find((f) => f.checkId === 'actiontrail_multi_region_enabled')).toMatchObject({
      status: 'PASS',
      statusExtended: `trail "org-everything" (home cn-hangzhou, organisation trail of rd-Ab12Cd) records all events (EventRW All) in all regions and is logging, to Log Service project acs:log:cn-hangzhou:${ACCOUNT}:project/org`,
    });
  });

  it('fails an account with no trail at all, on the account', async () => {
    const { findings } = await scanOf(await serve([]), { checks: TRAIL_CHECKS });
    expect(summary(findings)).toEqual([`actiontrail_multi_region_enabled acs:actiontrail::${ACCOUNT}:account FAIL`]);
  });

  it('makes MANUAL findings naming actiontrail:DescribeTrails for a scanner without it; RAM\'s findings are the same', async () => {
    const checks = ALL_CHECKS.filter((check) => check.service === 'actiontrail' || check.service === 'ram');
    const [without, withIt] = await Promise.all([scanOf(weak, { checks, keys: NO_TRAIL }), scanOf(weak, { checks })]);
    expect(summary(without.findings)).toEqual([
      `actiontrail_multi_region_enabled acs:actiontrail::${ACCOUNT}:account MANUAL`,
      `actiontrail_oss_bucket_not_publicly_accessible acs:actiontrail::${ACCOUNT}:trail/* MANUAL`,
    ]);
    for (const finding of without.findings.filter((f) => f.service === 'actiontrail')) expect(finding.statusExtended).toContain('missing permission actiontrail:DescribeTrails');
    const ram = (findings: Finding[]) => findings.filter((f) => f.service === 'ram').map((f) => `${f.checkId} ${f.resource.uid} ${f.status}`).sort();
    expect(ram(without.findings).length).toBeGreaterThan(0);
    expect(ram(without.findings)).toEqual(ram(withIt.findings));
  });

  it('is MANUAL naming actiontrail:GetTrailStatus when only the trail that would do cannot be asked', async () => {
    const { findings } = await scanOf(organised, { checks: TRAIL_CHECKS, keys: LIST_ONLY });
    expect(findings.find((f) => f.checkId === 'actiontrail_multi_region_enabled')).toMatchObject({ status: 'MANUAL', statusExtended: 'missing permission actiontrail:GetTrailStatus' });
  });

  it('demo: FAILs the write-only trail Prowler passes and the disabled one, and leaves both buckets MANUAL', async () => {
    const demo = await startEmulator({ state: loadWorld(demoWorld()), port: 0 });
    emulators.push(demo);
    const { findings } = await scanOf(demo.url, { checks: TRAIL_CHECKS, keys: { id: DEMO_CREDENTIALS.accessKeyId, secret: DEMO_CREDENTIALS.accessKeySecret } });
    const trails = findings.filter((f) => f.service === 'actiontrail');
    expect(trails.find((f) => f.checkId === 'actiontrail_multi_region_enabled')).toMatchObject({
      status: 'FAIL',
      statusExtended: 'no trail records every event in every region: trail "acme-audit-trail" (home cn-hangzhou) records write events only; trail "acme-all-events" (home cn-hangzhou) is disabled',
    });
    expect(trails.filter((f) => f.checkId === 'actiontrail_oss_bucket_not_publicly_accessible').map((f) => f.status)).toEqual(['MANUAL', 'MANUAL']);
  });

  it('--generate: the generated scanner reads the trails, and the verdict follows them', async () => {
    const generated = await startEmulator({ state: loadWorld(generateWorld('users=5,instances=4,security-groups=2,disks=4,regions=2,seed=7')), port: 0 });
    emulators.push(generated);
    const { findings } = await scanOf(generated.url, { checks: TRAIL_CHECKS, keys: { id: GENERATED_SCANNER.accessKeyId, secret: GENERATED_SCANNER.accessKeySecret } });
    const account = findings.find((f) => f.checkId === 'actiontrail_multi_region_enabled')!;
    expect(['PASS', 'FAIL']).toContain(account.status);
    expect(account.statusExtended).not.toContain('missing permission');
  });
});
