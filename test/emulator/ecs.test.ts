import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ECS, cloudApi, type CloudApi } from '../../src/cloud/clients.js';
import { ecsOf } from '../../src/emulator/services/ecs/index.js';
import { loadWorld } from '../../src/emulator/world.js';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { ACCOUNT, KEYS, type Keys, fixtureWorld, startWorldJson, apiRefusal as refusal, emulatedApi } from './helpers.js';

const DAVE = { accessKeyId: 'LTAIdave0001', accessKeySecret: 'dave-secret-0001-do-not-share' };
const API_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const RULE_ID = /^sgr-[a-z0-9]{20}$/;

/** 1,200 rules: ingress and egress alternating, each on its own port. */
function manyRules(): unknown[] {
  return Array.from({ length: 1200 }, (_, i) => ({
    Direction: i % 2 === 0 ? 'ingress' : 'egress',
    IpProtocol: 'TCP',
    PortRange: `${1000 + i}/${1000 + i}`,
    [i % 2 === 0 ? 'SourceCidrIp' : 'DestCidrIp']: '10.0.0.0/8',
    Policy: 'Accept',
    Priority: (i % 100) + 1,
  }));
}

/** The fixture world with dave (AliyunECSReadOnlyAccess) and an ECS section: 23 instances, 3 groups, 3 disks in cn-hangzhou. */
function ecsWorld(): any {
  const world = fixtureWorld();
  world.Accounts[0].Users.push({
    UserName: 'dave',
    AccessKeys: [{ AccessKeyId: DAVE.accessKeyId, AccessKeySecret: DAVE.accessKeySecret, Status: 'Active', CreateDate: '-10d' }],
    Policies: [{ PolicyName: 'AliyunECSReadOnlyAccess', PolicyType: 'System' }],
  });
  const instances: any[] = Array.from({ length: 23 }, (_, i) => ({ InstanceName: `web-${String(i + 1).padStart(2, '0')}`, SecurityGroupIds: ['web'] }));
  instances[0] = {
    InstanceName: 'web-01',
    InstanceId: 'i-web01',
    ZoneId: 'cn-hangzhou-h',
    Status: 'Running',
    InstanceType: 'ecs.g7.large',
    InstanceNetworkType: 'vpc',
    VpcId: 'vpc-web',
    VSwitchId: 'vsw-web',
    PrivateIpAddress: ['172.16.0.10'],
    PublicIpAddress: ['47.96.1.2'],
    SecurityGroupIds: ['sg-web', 'db'],
    MetadataOptions: { HttpTokens: 'required' },
    DeletionProtection: true,
    CreationTime: '2025-01-31T08:00:00Z',
    Tags: [{ TagKey: 'env', TagValue: 'prod' }],
    OSType: 'linux',
    Cpu: 2,
  };
  instances[1] = { ...instances[1], InstanceNetworkType: 'classic', Status: 'Stopped', EipAddress: '47.96.9.9', SecurityGroupIds: [] };
  world.Accounts[0].Ecs = {
    'cn-hangzhou': {
      SecurityGroups: [
        {
          SecurityGroupId: 'sg-web',
          SecurityGroupName: 'web',
          VpcId: 'vpc-web',
          Description: 'web tier',
          CreationTime: '2025-01-01T00:00:00Z',
          Permissions: [
            { Direction: 'ingress', IpProtocol: 'TCP', PortRange: '22/22', SourceCidrIp: '0.0.0.0/0', Policy: 'Accept', Priority: '1', CreateTime: '2025-01-02T00:00:00Z' },
            { Direction: 'ingress', IpProtocol: 'tcp', PortRange: '3389/3389', Ipv6SourceCidrIp: '::/0', Policy: 'drop', Priority: 5 },
            { SecurityGroupRuleId: 'sgr-given', Direction: 'ingress', IpProtocol: 'ALL', PortRange: '-1/-1', SourceGroupId: 'sg-web', Policy: 'Accept', Priority: 100 },
            { Direction: 'egress', IpProtocol: 'ALL', PortRange: '-1/-1', DestCidrIp: '0.0.0.0/0' },
            { Direction: 'egress', IpProtocol: 'ICMP', PortRange: '-1/-1', Ipv6DestCidrIp: '2001:db8::/32', Description: 'ping' },
          ],
        },
        { SecurityGroupName: 'db', VpcId: 'vpc-web', Permissions: [] },
        { SecurityGroupId: 'sg-big', SecurityGroupName: 'big', VpcId: 'vpc-big', Permissions: manyRules() },
      ],
      Instances: instances,
      Disks: [
        { DiskName: 'web-01-sys', InstanceId: 'web-01', Type: 'system', Category: 'cloud_essd', Size: 40, Encrypted: false, Device: '/dev/xvda', CreationTime: '2025-01-31T08:00:00Z' },
        { DiskId: 'd-loose', DiskName: 'loose', Size: 100, Category: 'cloud_efficiency' },
        { DiskName: 'secret', InstanceId: 'i-web01', Encrypted: true, KMSKeyId: '0e478b7a-4262-4802-b8cb-00d3fb40abcd', Size: 200 },
      ],
    },
  };
  return world;
}

let emulator: RunningEmulator;

/** The real ECS client (through aliaudit's cloudApi) signed with these keys, pointed at the emulator. */
function ecs(keys: Keys = KEYS.root, region = 'cn-hangzhou'): Promise<CloudApi> {
  return emulatedApi(emulator.url, ECS, keys, region);
}

async function call(action: string, params: Record<string, unknown> = {}, keys?: Keys): Promise<any> {
  return (await ecs(keys)).call(action, { RegionId: 'cn-hangzhou', ...params });
}

/** Every page of a token-paged listing, and the NextToken each answered. */
async function allPages(action: string, params: Record<string, unknown>, list: (answer: any) => any[]) {
  const pages: any[][] = [];
  const answers: any[] = [];
  let NextToken: string | undefined;
  do {
    const answer = await call(action, { ...params, NextToken });
    answers.push(answer);
    pages.push(list(answer));
    NextToken = answer.NextToken || undefined;
  } while (NextToken && pages.length < 50);
  return { pages, answers };
}

beforeAll(async () => {
  emulator = await startWorldJson(ecsWorld());
});

afterAll(async () => {
  await emulator.close();
});

describe('ECS DescribeRegions', () => {
  it('answers the world\'s regions in Regions.Region, with endpoints', async () => {
    const answer = await call('DescribeRegions', { RegionId: undefined });
    expect(answer.RequestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(answer.Regions.Region).toEqual([
      { RegionId: 'cn-hangzhou', LocalName: 'China (Hangzhou)', RegionEndpoint: 'ecs.cn-hangzhou.aliyuncs.com', Status: 'available' },
      { RegionId: 'cn-shanghai', LocalName: 'China (Shanghai)', RegionEndpoint: 'ecs.cn-shanghai.aliyuncs.com', Status: 'available' },
      { RegionId: 'ap-southeast-1', LocalName: 'Singapore', RegionEndpoint: 'ecs.ap-southeast-1.aliyuncs.com', Status: 'available' },
    ]);
  });
});

describe('ECS DescribeInstances', () => {
  it('answers an instance in the API\'s shape, mapping the world\'s simple fields to the wrappers', async () => {
    const answer = await call('DescribeInstances', { InstanceIds: JSON.stringify(['i-web01']) });
    const db = ecsOf(emulator.state.Accounts.get(ACCOUNT)!)['cn-hangzhou'].SecurityGroups[1].SecurityGroupId;
    expect(answer).toMatchObject({ TotalCount: 1, PageNumber: 1, PageSize: 10, NextToken: '' });
    expect(answer.Instances.Instance).toEqual([
      {
        InstanceId: 'i-web01',
        InstanceName: 'web-01',
        RegionId: 'cn-hangzhou',
        ZoneId: 'cn-hangzhou-h',
        Status: 'Running',
        InstanceType: 'ecs.g7.large',
        InstanceNetworkType: 'vpc',
        VpcAttributes: { VpcId: 'vpc-web', VSwitchId: 'vsw-web', PrivateIpAddress: { IpAddress: ['172.16.0.10'] }, NatIpAddress: '' },
        InnerIpAddress: { IpAddress: [] },
        PublicIpAddress: { IpAddress: ['47.96.1.2'] },
        EipAddress: { IpAddress: '', AllocationId: '', InternetChargeType: '' },
        SecurityGroupIds: { SecurityGroupId: ['sg-web', db] },
        MetadataOptions: { HttpEndpoint: 'enabled', HttpTokens: 'required' },
        DeletionProtection: true,
        CreationTime: '2025-01-31T08:00:00Z',
        Tags: { Tag: [{ TagKey: 'env', TagValue: 'prod' }] },
        OSType: 'linux',
        Cpu: 2,
      },
    ]);
    expect(db).toMatch(/^sg-[a-z0-9]{20}$/);
  });

  it('fills the API\'s defaults for what the world leaves out', async () => {
    const [instance] = (await call('DescribeInstances', { InstanceName: 'web-03' })).Instances.Instance;
    expect(instance).toMatchObject({
      InstanceId: expect.stringMatching(/^i-[a-z0-9]{20}$/),
      ZoneId: 'cn-hangzhou-a',
      Status: 'Running',
      InstanceNetworkType: 'vpc',
      MetadataOptions: { HttpEndpoint: 'enabled', HttpTokens: 'optional' },
      DeletionProtection: false,
      SecurityGroupIds: { SecurityGroupId: ['sg-web'] },
      Tags: { Tag: [] },
    });
    expect(instance.CreationTime).toMatch(API_DATE);
    const [classic] = (await call('DescribeInstances', { InstanceNetworkType: 'classic' })).Instances.Instance;
    expect(classic).toMatchObject({ InstanceName: 'web-02', Status: 'Stopped', EipAddress: { IpAddress: '47.96.9.9' }, SecurityGroupIds: { SecurityGroupId: [] } });
  });

  it('pages 23 instances by NextToken, 10 at a time, with an empty NextToken on the last page', async () => {
    const { pages, answers } = await allPages('DescribeInstances', { MaxResults: 10 }, (a) => a.Instances.Instance);
    expect(pages.map((p) => p.length)).toEqual([10, 10, 3]);
    expect(answers.map((a) => a.TotalCount)).toEqual([23, 23, 23]);
    expect(answers.map((a) => a.NextToken === '')).toEqual([false, false, true]);
    const names = pages.flat().map((i) => i.InstanceName);
    expect(names).toEqual(Array.from({ length: 23 }, (_, i) => `web-${String(i + 1).padStart(2, '0')}`));
    const all = await call('DescribeInstances', { MaxResults: 100 });
    expect([all.Instances.Instance.length, all.NextToken, all.TotalCount]).toEqual([23, '', 23]);
  });

  it('pages by PageNumber/PageSize with TotalCount (10 a page by default)', async () => {
    const first = await call('DescribeInstances');
    expect([first.Instances.Instance.length, first.PageNumber, first.PageSize, first.TotalCount]).toEqual([10, 1, 10, 23]);
    const third = await call('DescribeInstances', { PageNumber: 3, PageSize: 10 });
    expect([third.Instances.Instance.length, third.PageNumber, third.TotalCount, third.NextToken]).toEqual([3, 3, 23, '']);
    expect(third.Instances.Instance[0].InstanceName).toBe('web-21');
    const beyond = await call('DescribeInstances', { PageNumber: 4, PageSize: 10 });
    expect([beyond.Instances.Instance, beyond.TotalCount]).toEqual([[], 23]);
    const whole = await call('DescribeInstances', { PageSize: 100 });
    expect(whole.Instances.Instance).toHaveLength(23);
  });

  it('filters by a JSON list of InstanceIds, and refuses one that is not', async () => {
    const ids = (await call('DescribeInstances', { MaxResults: 100 })).Instances.Instance.slice(5, 8).map((i: any) => i.InstanceId);
    const answer = await call('DescribeInstances', { InstanceIds: JSON.stringify(ids) });
    expect(answer.Instances.Instance.map((i: any) => i.InstanceId)).toEqual(ids);
    expect(answer.TotalCount).toBe(3);
    expect(await refusal(call('DescribeInstances', { InstanceIds: 'i-web01' }))).toMatchObject({ code: 'InvalidParameter.InstanceIds', status: 400 });
  });
});

describe('ECS paging bounds and tokens', () => {
  it.each([
    ['DescribeInstances', { MaxResults: 101 }, 'MaxResults'],
    ['DescribeInstances', { MaxResults: 9 }, 'MaxResults'],
    ['DescribeInstances', { PageSize: 101 }, 'PageSize'],
    ['DescribeInstances', { PageSize: 0 }, 'PageSize'],
    ['DescribeInstances', { PageNumber: 0 }, 'PageNumber'],
    ['DescribeInstances', { MaxResults: 'ten' }, 'MaxResults'],
    ['DescribeSecurityGroups', { PageSize: 51 }, 'PageSize'],
    ['DescribeSecurityGroups', { MaxResults: 101 }, 'MaxResults'],
    ['DescribeSecurityGroupAttribute', { SecurityGroupId: 'sg-web', MaxResults: 9 }, 'MaxResults'],
    ['DescribeSecurityGroupAttribute', { SecurityGroupId: 'sg-web', MaxResults: 1001 }, 'MaxResults'],
    ['DescribeDisks', { MaxResults: 501 }, 'MaxResults'],
    ['DescribeDisks', { PageSize: 101 }, 'PageSize'],
  ])('%s refuses %o', async (action, params, name) => {
    const refused = await refusal(call(action, params));
    expect(refused).toMatchObject({ code: `InvalidParameter.${name}`, status: 400 });
    expect(refused.message).toContain(`"${name}"`);
  });

  it('takes the documented maxima', async () => {
    expect((await call('DescribeSecurityGroups', { PageSize: 50 })).PageSize).toBe(50);
    expect((await call('DescribeDisks', { MaxResults: 500 })).Disks.Disk).toHaveLength(3);
    expect((await call('DescribeSecurityGroupAttribute', { SecurityGroupId: 'sg-big', MaxResults: 1000 })).Permissions.Permission).toHaveLength(1000);
  });

  it('refuses a NextToken it did not issue, or one issued for another listing', async () => {
    expect(await refusal(call('DescribeInstances', { NextToken: 'caeba0bbb2be03f84eb48b699f0a4883' }))).toMatchObject({
      code: 'InvalidParameter.NextToken',
      status: 400,
    });
    const { NextToken } = await call('DescribeInstances', { MaxResults: 10 });
    expect(NextToken).not.toBe('');
    expect(await refusal(call('DescribeDisks', { NextToken }))).toMatchObject({ code: 'InvalidParameter.NextToken' });
    expect(await refusal(call('DescribeInstances', { NextToken, Status: 'Stopped' }))).toMatchObject({ code: 'InvalidParameter.NextToken' });
    expect((await call('DescribeInstances', { NextToken, MaxResults: 20 })).Instances.Instance).toHaveLength(13);
  });
});

describe('ECS regions', () => {
  it.each(['DescribeInstances', 'DescribeSecurityGroups', 'DescribeSecurityGroupAttribute', 'DescribeDisks'])(
    '%s refuses a region the world does not have',
    async (action) => {
      expect(await refusal(call(action, { RegionId: 'cn-nowhere', SecurityGroupId: 'sg-web' }))).toMatchObject({
        code: 'InvalidRegionId.NotFound',
        status: 404,
      });
    },
  );

  it('answers a region of the world without ECS data as empty', async () => {
    const api = await ecs(KEYS.root, 'cn-shanghai');
    const instances = await api.call('DescribeInstances', { RegionId: 'cn-shanghai', MaxResults: 100 });
    expect([instances.Instances.Instance, instances.TotalCount, instances.NextToken]).toEqual([[], 0, '']);
    const groups = await api.call('DescribeSecurityGroups', { RegionId: 'cn-shanghai' });
    expect([groups.SecurityGroups.SecurityGroup, groups.TotalCount]).toEqual([[], 0]);
    const disks = await api.call('DescribeDisks', { RegionId: 'cn-shanghai' });
    expect([disks.Disks.Disk, disks.TotalCount]).toEqual([[], 0]);
    expect(await refusal(api.call('DescribeSecurityGroupAttribute', { RegionId: 'cn-shanghai', SecurityGroupId: 'sg-web' }))).toMatchObject({
      code: 'InvalidSecurityGroupId.NotFound',
      status: 404,
    });
  });

  it('asks for a RegionId', async () => {
    expect(await refusal(call('DescribeInstances', { RegionId: undefined }))).toMatchObject({ code: 'MissingParameter', status: 400 });
  });
});

describe('ECS security groups', () => {
  it('answers DescribeSecurityGroups with rule and instance counts', async () => {
    const answer = await call('DescribeSecurityGroups');
    expect([answer.TotalCount, answer.PageNumber, answer.PageSize, answer.NextToken]).toEqual([3, 1, 10, '']);
    expect(answer.SecurityGroups.SecurityGroup[0]).toEqual({
      SecurityGroupId: 'sg-web',
      SecurityGroupName: 'web',
      Description: 'web tier',
      VpcId: 'vpc-web',
      SecurityGroupType: 'normal',
      ResourceGroupId: '',
      ServiceManaged: false,
      RuleCount: 5,
      EcsCount: 22,
      CreationTime: '2025-01-01T00:00:00Z',
      Tags: { Tag: [] },
    });
    const names = answer.SecurityGroups.SecurityGroup.map((g: any) => [g.SecurityGroupName, g.RuleCount, g.EcsCount]);
    expect(names).toEqual([['web', 5, 22], ['db', 0, 1], ['big', 1200, 0]]);
    const paged = await allPages('DescribeSecurityGroups', { MaxResults: 2 }, (a) => a.SecurityGroups.SecurityGroup);
    expect(paged.pages.map((p) => p.length)).toEqual([2, 1]);
    const byIds = await call('DescribeSecurityGroups', { SecurityGroupIds: JSON.stringify(['sg-big']) });
    expect(byIds.SecurityGroups.SecurityGroup.map((g: any) => g.SecurityGroupId)).toEqual(['sg-big']);
  });

  it('answers a group\'s rules in the API\'s shape, Priority a string, every rule with a SecurityGroupRuleId', async () => {
    const answer = await call('DescribeSecurityGroupAttribute', { SecurityGroupId: 'sg-web' });
    expect(answer).toMatchObject({
      RegionId: 'cn-hangzhou',
      SecurityGroupId: 'sg-web',
      SecurityGroupName: 'web',
      VpcId: 'vpc-web',
      Description: 'web tier',
      InnerAccessPolicy: 'Accept',
      NextToken: '',
    });
    const rules = answer.Permissions.Permission;
    expect(rules).toHaveLength(5);
    expect(rules[0]).toEqual({
      SecurityGroupRuleId: expect.stringMatching(RULE_ID),
      Direction: 'ingress',
      IpProtocol: 'TCP',
      PortRange: '22/22',
      SourcePortRange: '',
      SourceCidrIp: '0.0.0.0/0',
      Ipv6SourceCidrIp: '',
      SourceGroupId: '',
      SourcePrefixListId: '',
      DestCidrIp: '',
      Ipv6DestCidrIp: '',
      DestGroupId: '',
      DestPrefixListId: '',
      NicType: 'intranet',
      Policy: 'Accept',
      Priority: '1',
      Description: '',
      CreateTime: '2025-01-02T00:00:00Z',
    });
    // The world's case is kept: scanners must read Policy and IpProtocol in any case.
    expect(rules[1]).toMatchObject({ IpProtocol: 'tcp', Policy: 'drop', Priority: '5', Ipv6SourceCidrIp: '::/0', CreateTime: '2025-01-01T00:00:00Z' });
    expect(rules[2]).toMatchObject({ SecurityGroupRuleId: 'sgr-given', SourceGroupId: 'sg-web', Priority: '100' });
    expect(rules[3]).toMatchObject({ Direction: 'egress', IpProtocol: 'ALL', Policy: 'Accept', Priority: '1', DestCidrIp: '0.0.0.0/0' });
    for (const rule of rules) expect(typeof rule.Priority).toBe('string');
    expect(new Set(rules.map((r: any) => r.SecurityGroupRuleId)).size).toBe(5);
  });

  it('filters rules by Direction (all by default) and refuses other directions', async () => {
    const count = async (Direction?: string) =>
      (await call('DescribeSecurityGroupAttribute', { SecurityGroupId: 'sg-web', Direction })).Permissions.Permission.map((r: any) => r.Direction);
    expect(await count('ingress')).toEqual(['ingress', 'ingress', 'ingress']);
    expect(await count('egress')).toEqual(['egress', 'egress']);
    expect(await count('all')).toHaveLength(5);
    expect(await count()).toHaveLength(5);
    expect(await refusal(call('DescribeSecurityGroupAttribute', { SecurityGroupId: 'sg-web', Direction: 'inbound' }))).toMatchObject({
      code: 'InvalidParameter.Direction',
      status: 400,
    });
  });

  it('pages 1,200 rules 500 at a time (the default), each with its own SecurityGroupRuleId', async () => {
    const { pages, answers } = await allPages('DescribeSecurityGroupAttribute', { SecurityGroupId: 'sg-big' }, (a) => a.Permissions.Permission);
    expect(pages.map((p) => p.length)).toEqual([500, 500, 200]);
    expect(answers.map((a) => a.NextToken === '')).toEqual([false, false, true]);
    const rules = pages.flat();
    expect(rules.map((r) => r.PortRange)).toEqual(Array.from({ length: 1200 }, (_, i) => `${1000 + i}/${1000 + i}`));
    expect(rules.every((r) => RULE_ID.test(r.SecurityGroupRuleId))).toBe(true);
    expect(new Set(rules.map((r) => r.SecurityGroupRuleId)).size).toBe(1200);
    const ingress = await allPages('DescribeSecurityGroupAttribute', { SecurityGroupId: 'sg-big', Direction: 'ingress', MaxResults: 250 }, (a) => a.Permissions.Permission);
    expect(ingress.pages.map((p) => p.length)).toEqual([250, 250, 100]);
    expect(ingress.pages.flat().every((r) => r.Direction === 'ingress')).toBe(true);
  });

  it('answers InvalidSecurityGroupId.NotFound for a group the region does not have', async () => {
    const refused = await refusal(call('DescribeSecurityGroupAttribute', { SecurityGroupId: 'sg-nope' }));
    expect(refused).toMatchObject({ code: 'InvalidSecurityGroupId.NotFound', status: 404 });
    expect(await refusal(call('DescribeSecurityGroupAttribute', {}))).toMatchObject({ code: 'MissingParameter', status: 400 });
  });

  it('derives the same SecurityGroupRuleIds on every load, and keeps a given one', () => {
    const rulesOf = () =>
      ecsOf(loadWorld(ecsWorld()).Accounts.get(ACCOUNT)!)['cn-hangzhou'].SecurityGroups.flatMap((g) => g.Permissions.map((r) => r.SecurityGroupRuleId));
    const first = rulesOf();
    expect(first).toHaveLength(1205);
    expect(rulesOf()).toEqual(first);
    expect(first).toContain('sgr-given');
    const served = ecsOf(emulator.state.Accounts.get(ACCOUNT)!)['cn-hangzhou'].SecurityGroups.flatMap((g) => g.Permissions.map((r) => r.SecurityGroupRuleId));
    expect(served).toEqual(first);
  });

  it('keeps a rule\'s derived id when another rule is added before it', () => {
    const idOf22 = (world: any) =>
      ecsOf(loadWorld(world).Accounts.get(ACCOUNT)!)['cn-hangzhou'].SecurityGroups[0].Permissions.find((r) => r.PortRange === '22/22')!.SecurityGroupRuleId;
    const world = ecsWorld();
    const before = idOf22(world);
    world.Accounts[0].Ecs['cn-hangzhou'].SecurityGroups[0].Permissions.unshift({ IpProtocol: 'UDP', PortRange: '53/53', SourceCidrIp: '10.0.0.0/8' });
    expect(idOf22(world)).toBe(before);
  });

  it('works with the typed SDK models too (Priority cast as the string it is)', async () => {
    const sdk: any = await import('@alicloud/ecs20140526');
    const core: any = await import('@alicloud/openapi-core');
    const Ecs = sdk.default?.default ?? sdk.default;
    const $Ecs = sdk.DescribeSecurityGroupAttributeRequest ? sdk : sdk.default;
    const $OpenApiUtil = core.$OpenApiUtil ?? core.default.$OpenApiUtil;
    const client = new Ecs(new $OpenApiUtil.Config({ ...KEYS.root, endpoint: new URL(emulator.url).host, protocol: 'http', regionId: 'cn-hangzhou' }));
    const response = await client.describeSecurityGroupAttribute(
      new $Ecs.DescribeSecurityGroupAttributeRequest({ regionId: 'cn-hangzhou', securityGroupId: 'sg-web', direction: 'ingress' }),
    );
    expect(response.body.permissions.permission.map((p: any) => [p.portRange, p.priority, p.policy])).toEqual([
      ['22/22', '1', 'Accept'],
      ['3389/3389', '5', 'drop'],
      ['-1/-1', '100', 'Accept'],
    ]);
    const instances = await client.describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: 'cn-hangzhou', maxResults: 100 }));
    expect(instances.body.totalCount).toBe(23);
    expect(instances.body.instances.instance[0].publicIpAddress.ipAddress).toEqual(['47.96.1.2']);
  });
});

describe('ECS DescribeDisks', () => {
  it('answers disks in the API\'s shape, attached ones In_use with their instance', async () => {
    const answer = await call('DescribeDisks');
    expect([answer.TotalCount, answer.PageNumber, answer.PageSize, answer.NextToken]).toEqual([3, 1, 10, '']);
    const [system, loose, secret] = answer.Disks.Disk;
    expect(system).toEqual({
      DiskId: expect.stringMatching(/^d-[a-z0-9]{20}$/),
      DiskName: 'web-01-sys',
      Description: '',
      RegionId: 'cn-hangzhou',
      ZoneId: 'cn-hangzhou-h',
      Status: 'In_use',
      Category: 'cloud_essd',
      Size: 40,
      InstanceId: 'i-web01',
      Encrypted: false,
      KMSKeyId: '',
      Type: 'system',
      Device: '/dev/xvda',
      DeleteWithInstance: true,
      Portable: false,
      CreationTime: '2025-01-31T08:00:00Z',
      AttachedTime: '2025-01-31T08:00:00Z',
      Attachments: { Attachment: [{ InstanceId: 'i-web01', Device: '/dev/xvda', AttachedTime: '2025-01-31T08:00:00Z' }] },
      Tags: { Tag: [] },
    });
    expect(loose).toMatchObject({ DiskId: 'd-loose', Status: 'Available', InstanceId: '', ZoneId: 'cn-hangzhou-a', Type: 'data', Encrypted: false, AttachedTime: '', Attachments: { Attachment: [] } });
    expect(secret).toMatchObject({ Status: 'In_use', InstanceId: 'i-web01', Encrypted: true, KMSKeyId: '0e478b7a-4262-4802-b8cb-00d3fb40abcd', Size: 200 });
  });

  it('filters by InstanceId, DiskType, Status, Encrypted and DiskIds', async () => {
    const names = async (params: Record<string, unknown>) => (await call('DescribeDisks', params)).Disks.Disk.map((d: any) => d.DiskName);
    expect(await names({ InstanceId: 'i-web01' })).toEqual(['web-01-sys', 'secret']);
    expect(await names({ DiskType: 'system' })).toEqual(['web-01-sys']);
    expect(await names({ Status: 'Available' })).toEqual(['loose']);
    expect(await names({ Encrypted: true })).toEqual(['secret']);
    expect(await names({ DiskIds: JSON.stringify(['d-loose']) })).toEqual(['loose']);
    expect(await refusal(call('DescribeDisks', { DiskType: 'boot' }))).toMatchObject({ code: 'InvalidParameter.DiskType', status: 400 });
  });

  it('pages disks both ways', async () => {
    const first = await call('DescribeDisks', { PageSize: 2 });
    expect([first.Disks.Disk.length, first.TotalCount]).toEqual([2, 3]);
    const second = await call('DescribeDisks', { PageSize: 2, PageNumber: 2 });
    expect(second.Disks.Disk.map((d: any) => d.DiskName)).toEqual(['secret']);
    const next = await call('DescribeDisks', { NextToken: first.NextToken });
    expect(next.Disks.Disk.map((d: any) => d.DiskName)).toEqual(['secret']);
  });
});

describe('ECS authorisation', () => {
  it('refuses a user without ECS permissions with Forbidden.RAM (bob has only AliyunRAMReadOnlyAccess)', async () => {
    for (const action of ['DescribeRegions', 'DescribeInstances', 'DescribeSecurityGroups', 'DescribeDisks']) {
      const refused = await refusal(call(action, {}, KEYS.bob));
      expect(refused).toMatchObject({ code: 'Forbidden.RAM', status: 403 });
      expect(refused.detail).toMatchObject({ AuthAction: `ecs:${action}`, NoPermissionType: 'ImplicitDeny' });
    }
    const attribute = await refusal(call('DescribeSecurityGroupAttribute', { SecurityGroupId: 'sg-web' }, KEYS.bob));
    expect([attribute.code, attribute.status, attribute.detail.AuthAction]).toEqual(['Forbidden.RAM', 403, 'ecs:DescribeSecurityGroupAttribute']);
  });

  it('answers a user with AliyunECSReadOnlyAccess, one with ReadOnlyAccess, and the root account', async () => {
    for (const keys of [DAVE, KEYS.alice, KEYS.root]) {
      expect((await call('DescribeInstances', { MaxResults: 100 }, keys)).TotalCount).toBe(23);
      expect((await call('DescribeSecurityGroupAttribute', { SecurityGroupId: 'sg-web' }, keys)).Permissions.Permission).toHaveLength(5);
    }
  });

  it('authorises on acs:ecs:<region>:<account>:<type>/*, so a policy on one region does not reach another', async () => {
    const world = ecsWorld();
    world.Accounts[0].Policies.push({
      PolicyName: 'hangzhou-only',
      PolicyDocument: { Version: '1', Statement: [{ Effect: 'Allow', Action: 'ecs:Describe*', Resource: `acs:ecs:cn-hangzhou:${ACCOUNT}:instance/*` }] },
    });
    world.Accounts[0].Users.find((u: any) => u.UserName === 'bob').Policies.push({ PolicyName: 'hangzhou-only', PolicyType: 'Custom' });
    const other = await startWorldJson(world);
    try {
      const api = (region: string) =>
        cloudApi({ product: ECS, region, endpoint: { host: new URL(other.url).host, protocol: 'http' }, credentials: KEYS.bob });
      expect((await (await api('cn-hangzhou')).call('DescribeInstances', { RegionId: 'cn-hangzhou' })).TotalCount).toBe(23);
      expect(await refusal((await api('cn-shanghai')).call('DescribeInstances', { RegionId: 'cn-shanghai' }))).toMatchObject({ code: 'Forbidden.RAM' });
      expect(await refusal((await api('cn-hangzhou')).call('DescribeDisks', { RegionId: 'cn-hangzhou' }))).toMatchObject({ code: 'Forbidden.RAM' });
    } finally {
      await other.close();
    }
  });
});

describe('ECS world files', () => {
  const permissionOf = (rule: Record<string, unknown>) => {
    const world = fixtureWorld();
    world.Accounts[0].Ecs = { 'cn-hangzhou': { SecurityGroups: [{ SecurityGroupName: 'g', Permissions: [rule] }] } };
    return world;
  };
  const RULE = 'Accounts[0].Ecs.cn-hangzhou.SecurityGroups[0].Permissions[0]';

  it.each([
    [{ Priority: 0 }, `${RULE}.Priority: must be an integer from 1 to 100`],
    [{ Priority: '101' }, `${RULE}.Priority: must be an integer from 1 to 100`],
    [{ Priority: 'high' }, `${RULE}.Priority: must be an integer from 1 to 100`],
    [{ PortRange: '22' }, `${RULE}.PortRange: must be "<from>/<to>"`],
    [{ PortRange: '0/22' }, `${RULE}.PortRange: must be "<from>/<to>"`],
    [{ PortRange: '80/22' }, `${RULE}.PortRange: must be "<from>/<to>"`],
    [{ PortRange: '1/65536' }, `${RULE}.PortRange: must be "<from>/<to>"`],
    [{ Policy: 'allow' }, `${RULE}.Policy: must be Accept or Drop (in any case)`],
    [{ IpProtocol: 'tcpp' }, `${RULE}.IpProtocol: must be TCP, UDP, ICMP, GRE, ALL or ICMPv6 (in any case)`],
    [{ Direction: 'inbound' }, `${RULE}.Direction: must be ingress or egress`],
    [{ SourceCidrIp: '0.0.0.0/O' }, `${RULE}.SourceCidrIp: must be an IPv4 address or CIDR block`],
    [{ Ipv6SourceCidrIp: '0.0.0.0/0' }, `${RULE}.Ipv6SourceCidrIp: must be an IPv6 address or CIDR block`],
    [{ Port: '22' }, `${RULE}.Port: unknown field`],
  ])('refuses the rule %o', (rule, message) => {
    expect(() => loadWorld(permissionOf(rule))).toThrow(message);
  });

  it('takes Policy and IpProtocol in any case and Priority as a string or a number', () => {
    const world = permissionOf({ Policy: 'ACCEPT', IpProtocol: 'icmpv6', Priority: 7, PortRange: '-1/-1' });
    const [rule] = ecsOf(loadWorld(world).Accounts.get(ACCOUNT)!)['cn-hangzhou'].SecurityGroups[0].Permissions;
    expect([rule.Policy, rule.IpProtocol, rule.Priority, rule.Direction]).toEqual(['ACCEPT', 'icmpv6', '7', 'ingress']);
  });

  it.each([
    [{ Instances: [{ InstanceName: 'a', SecurityGroupIds: ['sg-missing'] }] }, 'Accounts[0].Ecs.cn-hangzhou.Instances[0].SecurityGroupIds[0]: security group "sg-missing" is not in this region\'s SecurityGroups'],
    [{ Instances: [{ InstanceName: 'a', Status: 'running' }] }, 'Accounts[0].Ecs.cn-hangzhou.Instances[0].Status: must be Pending, Running, Starting, Stopping or Stopped'],
    [{ Instances: [{ InstanceName: 'a', InstanceNetworkType: 'VPC' }] }, 'Accounts[0].Ecs.cn-hangzhou.Instances[0].InstanceNetworkType: must be vpc or classic'],
    [{ Instances: [{ InstanceName: 'a', PublicIpAddress: '47.96.1.2' }] }, 'Accounts[0].Ecs.cn-hangzhou.Instances[0].PublicIpAddress: must be an array'],
    [{ Instances: [{ InstanceName: 'a', PublicIpAddress: ['47.96.1'] }] }, 'Accounts[0].Ecs.cn-hangzhou.Instances[0].PublicIpAddress[0]: must be an IPv4 address'],
    [{ Instances: [{ InstanceName: 'a', MetadataOptions: { HttpTokens: 'yes' } }] }, 'Accounts[0].Ecs.cn-hangzhou.Instances[0].MetadataOptions.HttpTokens: must be optional or required'],
    [{ Instances: [{ InstanceName: 'a', ZoneId: 'cn-beijing-a' }] }, 'Accounts[0].Ecs.cn-hangzhou.Instances[0].ZoneId: must be a zone of cn-hangzhou'],
    [{ Instances: [{ InstanceName: 'a', Ram: 'x' }] }, 'Accounts[0].Ecs.cn-hangzhou.Instances[0].Ram: unknown field'],
    [{ Instances: [{ InstanceName: 'a' }, { InstanceName: 'a' }] }, 'Accounts[0].Ecs.cn-hangzhou.Instances[1]: duplicate InstanceId'],
    [{ Disks: [{ DiskName: 'd', InstanceId: 'i-missing' }] }, 'Accounts[0].Ecs.cn-hangzhou.Disks[0].InstanceId: instance "i-missing" is not in this region\'s Instances'],
    [{ Disks: [{ DiskName: 'd', Status: 'In_use' }] }, 'Accounts[0].Ecs.cn-hangzhou.Disks[0].Status: is In_use, so the disk needs the InstanceId'],
    [{ Instances: [{ InstanceName: 'a' }], Disks: [{ DiskName: 'd', InstanceId: 'a', Status: 'Available' }] }, 'Accounts[0].Ecs.cn-hangzhou.Disks[0].Status: is Available'],
    [{ Disks: [{ DiskName: 'd', KMSKeyId: 'k' }] }, 'Accounts[0].Ecs.cn-hangzhou.Disks[0].KMSKeyId: is only for an encrypted disk'],
    [{ Disks: [{ DiskName: 'd', Type: 'boot' }] }, 'Accounts[0].Ecs.cn-hangzhou.Disks[0].Type: must be system or data'],
    [{ Disks: [{ DiskName: 'd', Encrypted: 'no' }] }, 'Accounts[0].Ecs.cn-hangzhou.Disks[0].Encrypted: must be true or false'],
    [{ SecurityGroups: [{ SecurityGroupName: 'g', Permissions: [{ SecurityGroupRuleId: 'sgr-1' }, { SecurityGroupRuleId: 'sgr-1' }] }] }, 'Permissions[1].SecurityGroupRuleId: duplicate SecurityGroupRuleId "sgr-1"'],
  ])('refuses %o', (region, message) => {
    const world = fixtureWorld();
    world.Accounts[0].Ecs = { 'cn-hangzhou': region };
    expect(() => loadWorld(world)).toThrow(message);
  });

  it('takes the API\'s own wrappers as well as the simple shapes', () => {
    const world = fixtureWorld();
    world.Accounts[0].Ecs = {
      'cn-hangzhou': {
        SecurityGroups: [{ SecurityGroupId: 'sg-1' }],
        Instances: [{
          InstanceName: 'a',
          VpcAttributes: { VpcId: 'vpc-1', VSwitchId: 'vsw-1', PrivateIpAddress: { IpAddress: ['10.0.0.1'] } },
          PublicIpAddress: { IpAddress: ['47.96.1.2'] },
          EipAddress: { IpAddress: '47.96.1.3' },
          SecurityGroupIds: { SecurityGroupId: ['sg-1'] },
          Tags: { Tag: [{ TagKey: 'k', TagValue: 'v' }] },
        }],
      },
    };
    const [instance] = ecsOf(loadWorld(world).Accounts.get(ACCOUNT)!)['cn-hangzhou'].Instances;
    expect(instance).toMatchObject({
      VpcId: 'vpc-1', VSwitchId: 'vsw-1', PrivateIpAddress: ['10.0.0.1'], PublicIpAddress: ['47.96.1.2'], EipAddress: '47.96.1.3',
      SecurityGroupIds: ['sg-1'], Tags: [{ TagKey: 'k', TagValue: 'v' }],
    });
  });
});
