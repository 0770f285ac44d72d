import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONTRAIL } from '../../src/cloud/products.js';
import { cloudApi, type CloudApi } from '../../src/cloud/clients.js';
import { actionTrailOf, actionTrailSection } from '../../src/emulator/services/actiontrail.js';
import { Rng } from '../../src/emulator/rng.js';
import { loadWorld } from '../../src/emulator/world.js';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { ACCOUNT, KEYS, type Keys, fixtureWorld, startWorldJson, apiRefusal as refusal, emulatedApi } from './helpers.js';

const READER = { accessKeyId: 'LTAItrail0001', accessKeySecret: 'trail-reader-secret-0001' };
const API_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** The fixture world with a trail reader (AliyunActionTrailReadOnlyAccess) and three trails, one of them an organisation's. */
function trailWorld(trails: unknown[] = TRAILS): any {
  const world = fixtureWorld();
  world.Accounts[0].Users.push({
    UserName: 'trailreader',
    AccessKeys: [{ AccessKeyId: READER.accessKeyId, AccessKeySecret: READER.accessKeySecret, Status: 'Active', CreateDate: '-10d' }],
    Policies: [{ PolicyName: 'AliyunActionTrailReadOnlyAccess', PolicyType: 'System' }],
  });
  world.Accounts[0].ActionTrail = { Trails: trails };
  return world;
}

const TRAILS = [
  {
    Name: 'audit-writes', HomeRegion: 'cn-hangzhou', TrailRegion: 'All', EventRW: 'Write', Status: 'Enable',
    OssBucketName: 'audit-bucket', OssKeyPrefix: 'at', SlsProjectArn: `acs:log:cn-hangzhou:${ACCOUNT}:project/audit`,
    SlsWriteRoleArn: `acs:ram::${ACCOUNT}:role/aliyunserviceroleforactiontrail`, CreateTime: '2025-01-31T08:00:00Z',
  },
  { Name: 'old-everything', HomeRegion: 'cn-shanghai', EventRW: 'All', Status: 'Disable', CreateTime: '2024-01-01T00:00:00Z', StopLoggingTime: '2025-02-01T00:00:00Z' },
  { Name: 'org-audit-trail', HomeRegion: 'cn-hangzhou', EventRW: 'All', IsOrganizationTrail: true, OrganizationId: 'rd-Ab12Cd', SlsProjectArn: `acs:log:cn-hangzhou:${ACCOUNT}:project/org` },
];

let emulator: RunningEmulator;

/** ActionTrail through openapi-core's generic client (aliaudit's cloudApi), signed with these keys, at the emulator. */
function actionTrail(keys: Keys = READER, region = 'cn-hangzhou'): Promise<CloudApi> {
  return emulatedApi(emulator.url, ACTIONTRAIL, keys, region);
}

async function call(action: string, params: Record<string, unknown> = {}, keys?: Keys): Promise<any> {
  return (await actionTrail(keys)).call(action, params);
}

beforeAll(async () => {
  emulator = await startWorldJson(trailWorld());
});

afterAll(async () => {
  await emulator.close();
});

describe('ActionTrail through the generic client', () => {
  it('is signed (ACS3) and verified: a wrong secret is refused with SignatureDoesNotMatch', async () => {
    const refused = await refusal(call('DescribeTrails', {}, { accessKeyId: READER.accessKeyId, accessKeySecret: 'not-the-secret' }));
    expect(refused).toMatchObject({ code: 'SignatureDoesNotMatch', status: 400 });
    expect(await refusal(call('DescribeTrails', {}, { accessKeyId: 'LTAInobody000', accessKeySecret: 'x' }))).toMatchObject({ code: 'InvalidAccessKeyId.NotFound', status: 404 });
  });

  it('answers the same wherever the client points (one endpoint serves every region)', async () => {
    const elsewhere = await (await actionTrail(READER, 'ap-southeast-1')).call('DescribeTrails', {});
    expect(elsewhere.TrailList.map((t: any) => t.Name)).toEqual(['audit-writes', 'old-everything']);
  });
});

describe('ActionTrail DescribeTrails', () => {
  it('answers TrailList[] with the API\'s fields; organisation trails are left out by default', async () => {
    const answer = await call('DescribeTrails');
    expect(answer.RequestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(answer.TrailList).toEqual([
      {
        Name: 'audit-writes',
        HomeRegion: 'cn-hangzhou',
        Region: 'cn-hangzhou',
        TrailRegion: 'All',
        TrailArn: `acs:actiontrail:cn-hangzhou:${ACCOUNT}:trail/audit-writes`,
        EventRW: 'Write',
        Status: 'Enable',
        OssBucketName: 'audit-bucket',
        OssBucketLocation: 'oss-cn-hangzhou',
        OssKeyPrefix: 'at',
        OssWriteRoleArn: '',
        SlsProjectArn: `acs:log:cn-hangzhou:${ACCOUNT}:project/audit`,
        SlsWriteRoleArn: `acs:ram::${ACCOUNT}:role/aliyunserviceroleforactiontrail`,
        MaxComputeProjectArn: '',
        MaxComputeWriteRoleArn: '',
        IsOrganizationTrail: false,
        CreateTime: '2025-01-31T08:00:00Z',
        UpdateTime: '2025-01-31T08:00:00Z',
        StartLoggingTime: '2025-01-31T08:00:00Z',
        StopLoggingTime: '',
      },
      expect.objectContaining({ Name: 'old-everything', HomeRegion: 'cn-shanghai', TrailRegion: 'All', EventRW: 'All', Status: 'Disable', OssBucketName: '', StopLoggingTime: '2025-02-01T00:00:00Z' }),
    ]);
  });

  it('adds organisation trails with IncludeOrganizationTrail=true, with their OrganizationId', async () => {
    const answer = await call('DescribeTrails', { IncludeOrganizationTrail: true, IncludeShadowTrails: true });
    expect(answer.TrailList.map((t: any) => t.Name)).toEqual(['audit-writes', 'old-everything', 'org-audit-trail']);
    expect(answer.TrailList[2]).toMatchObject({ IsOrganizationTrail: true, OrganizationId: 'rd-Ab12Cd', EventRW: 'All', TrailRegion: 'All', Status: 'Enable' });
    expect(answer.TrailList[0]).not.toHaveProperty('OrganizationId');
  });

  it('keeps the trails NameList names (comma-separated)', async () => {
    expect((await call('DescribeTrails', { NameList: 'old-everything, nope' })).TrailList.map((t: any) => t.Name)).toEqual(['old-everything']);
    expect((await call('DescribeTrails', { NameList: 'org-audit-trail', IncludeOrganizationTrail: true })).TrailList).toHaveLength(1);
  });

  it('refuses a boolean parameter that is not true or false', async () => {
    expect(await refusal(call('DescribeTrails', { IncludeShadowTrails: 'yes' }))).toMatchObject({ code: 'InvalidParameter.IncludeShadowTrails', status: 400 });
  });

  it('answers an empty TrailList (never no list) for an account without trails', async () => {
    const bare = await startWorldJson(trailWorld([]));
    try {
      const api = await cloudApi({ product: ACTIONTRAIL, region: 'cn-hangzhou', endpoint: { host: new URL(bare.url).host, protocol: 'http' }, credentials: READER });
      expect((await api.call('DescribeTrails', { IncludeShadowTrails: true })).TrailList).toEqual([]);
    } finally {
      await bare.close();
    }
  });

  it('refuses a caller without actiontrail:DescribeTrails with NoPermission (403) and the denied action', async () => {
    const refused = await refusal(call('DescribeTrails', {}, KEYS.bob));
    expect(refused).toMatchObject({ code: 'NoPermission', status: 403 });
    expect(refused.detail).toMatchObject({ AuthAction: 'actiontrail:DescribeTrails', NoPermissionType: 'ImplicitDeny' });
  });
});

describe('ActionTrail GetTrailStatus', () => {
  it('answers IsLogging and the latest deliveries of an enabled trail', async () => {
    const answer = await call('GetTrailStatus', { Name: 'audit-writes' });
    expect(answer).toMatchObject({ IsLogging: true, OssBucketStatus: true, SlsLogStoreStatus: true, LatestDeliveryError: '', StartLoggingTime: '2025-01-31T08:00:00Z', StopLoggingTime: '' });
    expect(answer.LatestDeliveryTime).toMatch(API_DATE);
    expect(answer.LatestDeliveryLogServiceTime).toMatch(API_DATE);
  });

  it('answers a disabled trail as not logging', async () => {
    expect(await call('GetTrailStatus', { Name: 'old-everything' })).toMatchObject({ IsLogging: false, LatestDeliveryTime: '', StopLoggingTime: '2025-02-01T00:00:00Z', OssBucketStatus: false });
  });

  it('finds an organisation trail only with IsOrganizationTrail=true', async () => {
    expect(await call('GetTrailStatus', { Name: 'org-audit-trail', IsOrganizationTrail: true })).toMatchObject({ IsLogging: true });
    expect(await refusal(call('GetTrailStatus', { Name: 'org-audit-trail' }))).toMatchObject({ code: 'TrailNotFoundException', status: 404 });
  });

  it('refuses a missing Name and an unknown trail', async () => {
    expect(await refusal(call('GetTrailStatus', {}))).toMatchObject({ code: 'MissingParameter', status: 400 });
    expect(await refusal(call('GetTrailStatus', { Name: 'no-such-trail' }))).toMatchObject({ code: 'TrailNotFoundException', status: 404 });
  });

  it('authorises actiontrail:GetTrailStatus on the trail', async () => {
    const denied = trailWorld();
    denied.Accounts[0].Users.find((u: any) => u.UserName === 'bob').Policies.push({ PolicyName: 'trail-list-only', PolicyType: 'Custom' });
    denied.Accounts[0].Policies = [
      ...(denied.Accounts[0].Policies ?? []),
      {
        PolicyName: 'trail-list-only',
        PolicyDocument: {
          Version: '1',
          Statement: [
            { Effect: 'Allow', Action: 'actiontrail:*', Resource: '*' },
            { Effect: 'Deny', Action: 'actiontrail:GetTrailStatus', Resource: `acs:actiontrail:cn-hangzhou:${ACCOUNT}:trail/audit-writes` },
          ],
        },
      },
    ];
    const world = await startWorldJson(denied);
    try {
      const api = await cloudApi({ product: ACTIONTRAIL, region: 'cn-hangzhou', endpoint: { host: new URL(world.url).host, protocol: 'http' }, credentials: KEYS.bob });
      const refused = await refusal(api.call('GetTrailStatus', { Name: 'audit-writes' }));
      expect(refused).toMatchObject({ code: 'NoPermission', status: 403, detail: { AuthAction: 'actiontrail:GetTrailStatus', NoPermissionType: 'ExplicitDeny' } });
      expect(await api.call('GetTrailStatus', { Name: 'old-everything' })).toMatchObject({ IsLogging: false });
    } finally {
      await world.close();
    }
  });
});

const load = (trails: unknown[]) => actionTrailOf(loadWorld(trailWorld(trails)).Accounts.get(ACCOUNT)!);

describe('the ActionTrail section of a world file', () => {
  it('fills in what the API defaults to: writes only, all regions, enabled, the bucket in the home region', () => {
    const [trail] = load([{ Name: 'minimal', HomeRegion: 'cn-shanghai', OssBucketName: 'b-minimal' }]).Trails;
    expect(trail).toMatchObject({ TrailRegion: 'All', EventRW: 'Write', Status: 'Enable', IsLogging: true, OssBucketLocation: 'oss-cn-shanghai', IsOrganizationTrail: false, SlsLogStoreStatus: false });
    expect(trail.OrganizationId).toBeUndefined();
  });

  it('derives a stable OrganizationId for an organisation trail that gives none', () => {
    const once = load([{ Name: 'org-trail', HomeRegion: 'cn-hangzhou', IsOrganizationTrail: true }]).Trails[0].OrganizationId;
    expect(once).toMatch(/^rd-[a-z0-9]{6}$/);
    expect(load([{ Name: 'org-trail', HomeRegion: 'cn-hangzhou', IsOrganizationTrail: true }]).Trails[0].OrganizationId).toBe(once);
  });

  it.each([
    [{ Name: 'ok-trail', HomeRegion: 'cn-hangzhou', Bucket: 'x' }, 'Accounts[0].ActionTrail.Trails[0].Bucket: unknown field'],
    [{ Name: 'Bad', HomeRegion: 'cn-hangzhou' }, 'Accounts[0].ActionTrail.Trails[0].Name: must be 6 to 36 characters'],
    [{ Name: 'ok-trail' }, 'Accounts[0].ActionTrail.Trails[0].HomeRegion: is required'],
    [{ Name: 'ok-trail', HomeRegion: 'eu-west-1' }, 'Accounts[0].ActionTrail.Trails[0].HomeRegion: region "eu-west-1" is not in Regions'],
    [{ Name: 'ok-trail', HomeRegion: 'cn-hangzhou', TrailRegion: 'us-east-1' }, 'TrailRegion: region "us-east-1" is not in Regions'],
    [{ Name: 'ok-trail', HomeRegion: 'cn-hangzhou', EventRW: 'write' }, 'EventRW: must be one of "All", "Write", "Read"'],
    [{ Name: 'ok-trail', HomeRegion: 'cn-hangzhou', Status: 'Enabled' }, 'Status: must be one of "Enable", "Disable", "Fresh"'],
    [{ Name: 'ok-trail', HomeRegion: 'cn-hangzhou', Status: 'Disable', IsLogging: true }, 'IsLogging: cannot be true for a trail whose Status is Disable'],
    [{ Name: 'ok-trail', HomeRegion: 'cn-hangzhou', OrganizationId: 'rd-x' }, 'OrganizationId: is only for a trail with "IsOrganizationTrail": true'],
    [{ Name: 'ok-trail', HomeRegion: 'cn-hangzhou', OssBucketName: 'Bad_Bucket' }, 'OssBucketName: must be an OSS bucket name'],
    [{ Name: 'ok-trail', HomeRegion: 'cn-hangzhou', SlsProjectArn: 'audit' }, 'SlsProjectArn: must be a Log Service project ARN'],
    [{ Name: 'ok-trail', HomeRegion: 'cn-hangzhou', CreateTime: 'yesterday' }, 'CreateTime: must be a date'],
  ])('refuses %j at its path', (trail, message) => {
    expect(() => load([trail])).toThrow(message);
  });

  it('refuses two trails of one name', () => {
    expect(() => load([{ Name: 'twice-here', HomeRegion: 'cn-hangzhou' }, { Name: 'twice-here', HomeRegion: 'cn-shanghai' }])).toThrow(
      'Accounts[0].ActionTrail.Trails[1].Name: duplicate trail Name "twice-here" (also at Accounts[0].ActionTrail.Trails[0].Name)',
    );
  });
});

describe('the ActionTrail share of the demo and of --generate', () => {
  it('demo: a write-only multi-region trail that is on, and an all-events trail that is off', () => {
    const demo = actionTrailSection.demo!('1357924680135792') as any;
    expect(demo.Trails.map((t: any) => [t.EventRW, t.TrailRegion, t.Status])).toEqual([['Write', 'All', 'Enable'], ['All', 'All', 'Disable']]);
    const world = trailWorld(demo.Trails);
    expect(actionTrailOf(loadWorld(world).Accounts.get(ACCOUNT)!).Trails).toHaveLength(2);
  });

  const generated = (seed: number) =>
    actionTrailSection.generate!({
      accountId: ACCOUNT,
      regionIds: ['cn-hangzhou', 'cn-shanghai'],
      spec: { instances: 10, securityGroups: 5, disks: 10, users: 10, seed },
      rng: (stream) => new Rng(seed, stream),
    }) as any;

  it('generate: one or two trails, the same for a seed, the good one in most accounts, each loadable', () => {
    const seeds = Array.from({ length: 200 }, (_, i) => i + 1);
    let good = 0;
    for (const seed of seeds) {
      const { Trails } = generated(seed);
      expect(Trails.length === 1 || Trails.length === 2).toBe(true);
      expect(generated(seed)).toEqual({ Trails });
      if (Trails.some((t: any) => t.EventRW === 'All' && t.TrailRegion === 'All' && t.Status === 'Enable')) good++;
      expect(() => load(Trails)).not.toThrow();
    }
    expect(good / seeds.length).toBeGreaterThan(0.65);
    expect(good / seeds.length).toBeLessThan(0.95);
  });
});
