import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloudApi } from '../../src/cloud/clients.js';
import { RDS } from '../../src/cloud/products.js';
import { generateWorld } from '../../src/emulator/generate.js';
import { rdsOf, rdsSection } from '../../src/emulator/services/rds/index.js';
import { RDS_SHARES } from '../../src/emulator/services/rds/generate.js';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { loadWorld } from '../../src/emulator/world.js';
import { demoWorld } from '../../src/emulator/worlds/demo.js';
import { ACCOUNT, KEYS, type Keys, fixtureWorld, startWorldJson, apiRefusal as refusal, emulatedApi } from './helpers.js';

const ERIN = { accessKeyId: 'LTAIerin0001', accessKeySecret: 'erin-secret-0001-do-not-share' };
const FRANK = { accessKeyId: 'LTAIfrank001', accessKeySecret: 'frank-secret-0001-do-not-share' };
const API_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const KEY_ID = '4f1c5b8e-2d7a-4c39-9e61-0b8a7d3f2c15';

/** 65 instances in cn-hangzhou (one of each engine with settings, then MySQL filler), one in cn-shanghai. */
function rdsWorld(): any {
  const world = fixtureWorld();
  const user = (UserName: string, keys: Keys, Policies: unknown[]) => ({
    UserName,
    AccessKeys: [{ AccessKeyId: keys.accessKeyId, AccessKeySecret: keys.accessKeySecret, Status: 'Active', CreateDate: '-10d' }],
    Policies,
  });
  world.Accounts[0].Policies.push({
    PolicyName: 'rds-but-tde',
    PolicyDocument: {
      Version: '1',
      Statement: [
        { Effect: 'Allow', Action: 'rds:Describe*', Resource: '*' },
        { Effect: 'Deny', Action: 'rds:DescribeDBInstanceTDE', Resource: '*' },
      ],
    },
  });
  world.Accounts[0].Users.push(
    user('erin', ERIN, [{ PolicyName: 'AliyunRDSReadOnlyAccess', PolicyType: 'System' }]),
    user('frank', FRANK, [{ PolicyName: 'rds-but-tde', PolicyType: 'Custom' }]),
  );
  const filler = Array.from({ length: 61 }, (_, i) => ({ DBInstanceDescription: `filler-${String(i + 1).padStart(2, '0')}`, Engine: 'MySQL' }));
  world.Accounts[0].Rds = {
    'cn-hangzhou': {
      DBInstances: [
        {
          DBInstanceId: 'rm-shop', DBInstanceDescription: 'shop', Engine: 'MySQL', EngineVersion: '5.7', DBInstanceNetType: 'Internet', CreateTime: '2025-01-31T08:00:00Z',
          SSLEnabled: true, TDEStatus: 'Enabled', EncryptionKey: KEY_ID, SQLCollectorStatus: 'Enable', SQLCollectorRetention: 365,
          IPArrays: [
            { DBInstanceIPArrayName: 'rds_default', SecurityIPList: '10.0.0.0/8' },
            { DBInstanceIPArrayName: 'public_app', SecurityIPList: ['0.0.0.0/0', '47.96.1.2'] },
            { DBInstanceIPArrayName: 'ali_dms_group', DBInstanceIPArrayAttribute: 'hidden', SecurityIPList: '100.104.175.0/24', WhitelistNetworkType: 'VPC' },
          ],
        },
        { DBInstanceId: 'pgm-analytics', DBInstanceDescription: 'analytics', Engine: 'PostgreSQL', EngineVersion: '14.0', SSLEnabled: 'on', TDEStatus: 'Enabled',
          IPArrays: [{ DBInstanceIPArrayName: 'v6', SecurityIPList: '::/0' }], Parameters: { log_connections: 'on', work_mem: 4096 }, PendingParameters: { log_duration: 'on' } },
        { DBInstanceId: 'rm-reports', DBInstanceDescription: 'reports', Engine: 'SQLServer', SSLEnabled: true },
        { DBInstanceId: 'rm-wiki', DBInstanceDescription: 'wiki', Engine: 'MariaDB', ZoneId: 'cn-hangzhou-i' },
        ...filler,
      ],
    },
    'cn-shanghai': { DBInstances: [{ DBInstanceDescription: 'sh-1', Engine: 'PostgreSQL' }] },
  };
  return world;
}

let emulator: RunningEmulator;

/** The real RDS client (through aliaudit's cloudApi) signed with these keys, pointed at the emulator. */
function rds(keys: Keys = KEYS.root, region = 'cn-hangzhou', at = emulator): Promise<CloudApi> {
  return emulatedApi(at.url, RDS, keys, region);
}

async function call(action: string, params: Record<string, unknown> = {}, keys?: Keys): Promise<any> {
  return (await rds(keys)).call(action, params);
}

beforeAll(async () => {
  emulator = await startWorldJson(rdsWorld());
});

afterAll(async () => {
  await emulator.close();
});

describe('RDS DescribeRegions', () => {
  it('answers one Regions.RDSRegion per zone, with the central endpoint where the SDK maps one', async () => {
    const answer = await call('DescribeRegions');
    const hangzhou = answer.Regions.RDSRegion.filter((r: any) => r.RegionId === 'cn-hangzhou');
    expect(hangzhou.map((r: any) => r.ZoneId)).toEqual(['cn-hangzhou-h', 'cn-hangzhou-i']);
    expect(hangzhou[0]).toEqual({ RegionId: 'cn-hangzhou', ZoneId: 'cn-hangzhou-h', LocalName: 'China (Hangzhou)', ZoneName: 'China (Hangzhou) Zone H', RegionEndpoint: 'rds.aliyuncs.com' });
    expect(answer.Regions.RDSRegion.map((r: any) => r.RegionId)).toEqual(['cn-hangzhou', 'cn-hangzhou', 'cn-shanghai', 'ap-southeast-1']);
  });
});

describe('RDS DescribeDBInstances', () => {
  it('answers Items.DBInstance with the API\'s fields, and the world\'s defaults filled in', async () => {
    const answer = await call('DescribeDBInstances', { RegionId: 'cn-hangzhou', DBInstanceId: 'rm-shop,rm-wiki' });
    expect(answer).toMatchObject({ TotalRecordCount: 2, PageRecordCount: 2, PageNumber: 1 });
    expect(answer.NextToken).toBeUndefined();
    expect(answer.Items.DBInstance[0]).toMatchObject({
      DBInstanceId: 'rm-shop', DBInstanceDescription: 'shop', RegionId: 'cn-hangzhou', ZoneId: 'cn-hangzhou-h', Engine: 'MySQL', EngineVersion: '5.7',
      DBInstanceStatus: 'Running', DBInstanceType: 'Primary', DBInstanceNetType: 'Internet', InstanceNetworkType: 'VPC',
      ConnectionString: 'rm-shop.mysql.rds.aliyuncs.com', CreateTime: '2025-01-31T08:00:00Z', ReadOnlyDBInstanceIds: { ReadOnlyDBInstanceId: [] },
    });
    expect(answer.Items.DBInstance[1]).toMatchObject({ DBInstanceId: 'rm-wiki', Engine: 'MariaDB', EngineVersion: '10.3', DBInstanceNetType: 'Intranet', ZoneId: 'cn-hangzhou-i' });
    const [derived] = (await (await rds(KEYS.root, 'cn-shanghai')).call('DescribeDBInstances', { RegionId: 'cn-shanghai' })).Items.DBInstance;
    expect(derived).toMatchObject({ DBInstanceId: expect.stringMatching(/^pgm-[a-z0-9]{17}$/), DBInstanceDescription: 'sh-1', EngineVersion: '15.0' });
    expect(derived.CreateTime).toMatch(API_DATE);
  });

  it('pages by PageNumber/PageSize, 30 by default and at most 100, counting TotalRecordCount', async () => {
    const first = await call('DescribeDBInstances', { RegionId: 'cn-hangzhou' });
    expect([first.Items.DBInstance.length, first.TotalRecordCount, first.PageRecordCount, first.PageNumber]).toEqual([30, 65, 30, 1]);
    const third = await call('DescribeDBInstances', { RegionId: 'cn-hangzhou', PageNumber: 3 });
    expect([third.Items.DBInstance.length, third.PageNumber]).toEqual([5, 3]);
    expect(third.Items.DBInstance.at(-1).DBInstanceDescription).toBe('filler-61');
    const all = await call('DescribeDBInstances', { RegionId: 'cn-hangzhou', PageSize: 100 });
    expect(all.Items.DBInstance).toHaveLength(65);
    expect((await call('DescribeDBInstances', { RegionId: 'cn-hangzhou', PageNumber: 9 })).Items.DBInstance).toEqual([]);
    for (const PageSize of [0, 101]) {
      expect(await refusal(call('DescribeDBInstances', { RegionId: 'cn-hangzhou', PageSize }))).toMatchObject({ code: 'InvalidParameter.PageSize', status: 400 });
    }
  });

  it('pages by NextToken/MaxResults too, refusing a token from elsewhere', async () => {
    const seen: string[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const page = await call('DescribeDBInstances', { RegionId: 'cn-hangzhou', MaxResults: 20, NextToken });
      seen.push(...page.Items.DBInstance.map((i: any) => i.DBInstanceId));
      expect(page.PageNumber).toBe(1);
      NextToken = page.NextToken || undefined;
      pages++;
    } while (NextToken);
    expect([pages, new Set(seen).size]).toEqual([4, 65]);
    const token = (await call('DescribeDBInstances', { RegionId: 'cn-hangzhou', MaxResults: 20 })).NextToken;
    expect(await refusal(call('DescribeDBInstances', { RegionId: 'cn-hangzhou', MaxResults: 20, Engine: 'MySQL', NextToken: token }))).toMatchObject({ code: 'InvalidParameter.NextToken' });
  });

  it('filters by Engine and SearchKey', async () => {
    expect((await call('DescribeDBInstances', { RegionId: 'cn-hangzhou', Engine: 'PostgreSQL' })).Items.DBInstance.map((i: any) => i.DBInstanceId)).toEqual(['pgm-analytics']);
    expect((await call('DescribeDBInstances', { RegionId: 'cn-hangzhou', SearchKey: 'repo' })).TotalRecordCount).toBe(1);
  });

  it('needs a RegionId of the world', async () => {
    expect(await refusal(call('DescribeDBInstances'))).toMatchObject({ code: 'MissingParameter', status: 400 });
    expect(await refusal(call('DescribeDBInstances', { RegionId: 'mars-1' }))).toMatchObject({ code: 'InvalidRegionId.NotFound', status: 404 });
  });
});

describe('RDS per-instance actions', () => {
  it('DescribeDBInstanceAttribute answers up to 30 ids at once, and InvalidDBInstanceId.NotFound for an unknown one', async () => {
    const answer = await call('DescribeDBInstanceAttribute', { DBInstanceId: 'rm-shop,pgm-analytics' });
    expect(answer.Items.DBInstanceAttribute.map((i: any) => [i.DBInstanceId, i.Port])).toEqual([['rm-shop', '3306'], ['pgm-analytics', '5432']]);
    expect(answer.Items.DBInstanceAttribute[0]).toMatchObject({ SecurityIPList: '10.0.0.0/8', SecurityIPMode: 'safety', CreationTime: '2025-01-31T08:00:00Z' });
    expect(await refusal(call('DescribeDBInstanceAttribute', { DBInstanceId: 'rm-nothere' }))).toMatchObject({ code: 'InvalidDBInstanceId.NotFound', status: 404 });
    expect(await refusal(call('DescribeDBInstanceSSL', {}))).toMatchObject({ code: 'MissingParameter' });
  });

  it('DescribeDBInstanceIPArrayList answers every whitelist, hidden ones too, with the entries joined by commas', async () => {
    const answer = await call('DescribeDBInstanceIPArrayList', { DBInstanceId: 'rm-shop' });
    expect(answer.Items.DBInstanceIPArray).toEqual([
      { DBInstanceIPArrayName: 'rds_default', DBInstanceIPArrayAttribute: '', SecurityIPType: 'IPv4', SecurityIPList: '10.0.0.0/8', WhitelistNetworkType: 'MIX' },
      { DBInstanceIPArrayName: 'public_app', DBInstanceIPArrayAttribute: '', SecurityIPType: 'IPv4', SecurityIPList: '0.0.0.0/0,47.96.1.2', WhitelistNetworkType: 'MIX' },
      { DBInstanceIPArrayName: 'ali_dms_group', DBInstanceIPArrayAttribute: 'hidden', SecurityIPType: 'IPv4', SecurityIPList: '100.104.175.0/24', WhitelistNetworkType: 'VPC' },
    ]);
    expect((await call('DescribeDBInstanceIPArrayList', { DBInstanceId: 'rm-shop', WhitelistNetworkType: 'VPC' })).Items.DBInstanceIPArray).toHaveLength(1);
    expect((await call('DescribeDBInstanceIPArrayList', { DBInstanceId: 'pgm-analytics' })).Items.DBInstanceIPArray[0]).toMatchObject({ SecurityIPType: 'IPv6', SecurityIPList: '::/0' });
    expect((await call('DescribeDBInstanceIPArrayList', { DBInstanceId: 'rm-wiki' })).Items.DBInstanceIPArray).toEqual([
      { DBInstanceIPArrayName: 'rds_default', DBInstanceIPArrayAttribute: '', SecurityIPType: 'IPv4', SecurityIPList: '127.0.0.1', WhitelistNetworkType: 'MIX' },
    ]);
  });

  it('DescribeDBInstanceSSL spells SSLEnabled as each engine does, and ForceEncryption for SQL Server', async () => {
    const shop = await call('DescribeDBInstanceSSL', { DBInstanceId: 'rm-shop' });
    expect(shop).toMatchObject({ SSLEnabled: 'Yes', ConnectionString: 'rm-shop.mysql.rds.aliyuncs.com', RequireUpdate: 'No' });
    expect(shop.SSLExpireTime).toMatch(API_DATE);
    expect(shop.ForceEncryption).toBeUndefined();
    expect(await call('DescribeDBInstanceSSL', { DBInstanceId: 'pgm-analytics' })).toMatchObject({ SSLEnabled: 'on', RequireUpdate: '0', CAType: 'aliyun' });
    expect(await call('DescribeDBInstanceSSL', { DBInstanceId: 'rm-reports' })).toMatchObject({ SSLEnabled: 'Yes', ForceEncryption: '0', TlsVersion: '1.2' });
    expect(await call('DescribeDBInstanceSSL', { DBInstanceId: 'rm-wiki' })).toMatchObject({ SSLEnabled: 'No', ConnectionString: '', SSLExpireTime: '' });
  });

  it('DescribeDBInstanceTDE tells a customer key from a service key, and refuses an engine without TDE', async () => {
    expect(await call('DescribeDBInstanceTDE', { DBInstanceId: 'rm-shop' })).toMatchObject({ TDEStatus: 'Enabled', TDEMode: 'Customer_Provided_Key', EncryptionKey: KEY_ID, Databases: { Database: [] } });
    const service = await call('DescribeDBInstanceTDE', { DBInstanceId: 'pgm-analytics' });
    expect([service.TDEStatus, service.TDEMode, service.EncryptionKey]).toEqual(['Enabled', 'Aliyun_Generate_Key', undefined]);
    expect((await call('DescribeDBInstanceTDE', { DBInstanceId: 'rm-reports' })).TDEStatus).toBe('Disabled');
    expect(await refusal(call('DescribeDBInstanceTDE', { DBInstanceId: 'rm-wiki' }))).toMatchObject({ code: 'IncorrectDBInstanceType', status: 400 });
  });

  it('DescribeSQLCollectorPolicy and DescribeSQLCollectorRetention answer the audit and its days', async () => {
    expect(await call('DescribeSQLCollectorPolicy', { DBInstanceId: 'rm-shop' })).toMatchObject({ SQLCollectorStatus: 'Enable', StoragePeriod: 0 });
    expect((await call('DescribeSQLCollectorRetention', { DBInstanceId: 'rm-shop' })).ConfigValue).toBe('365');
    expect((await call('DescribeSQLCollectorPolicy', { DBInstanceId: 'rm-wiki' })).SQLCollectorStatus).toBe('Disabled');
    expect((await call('DescribeSQLCollectorRetention', { DBInstanceId: 'rm-wiki' })).ConfigValue).toBe('30');
  });

  it('DescribeParameters answers the running values (engine defaults under the world\'s) and the pending ones apart', async () => {
    const answer = await call('DescribeParameters', { DBInstanceId: 'pgm-analytics' });
    const running = Object.fromEntries(answer.RunningParameters.DBInstanceParameter.map((p: any) => [p.ParameterName, p.ParameterValue]));
    expect(running).toMatchObject({ log_connections: 'on', log_disconnections: 'off', log_duration: 'off', work_mem: '4096' });
    expect(answer.RunningParameters.DBInstanceParameter.find((p: any) => p.ParameterName === 'log_connections')).toMatchObject({ ParameterDefaultValue: 'off', ParameterValueRange: '[on|off]' });
    expect(answer.ConfigParameters.DBInstanceParameter).toEqual([{ ParameterName: 'log_duration', ParameterValue: 'on', ParameterDescription: expect.any(String) }]);
    expect(answer).toMatchObject({ Engine: 'PostgreSQL', EngineVersion: '14.0' });
  });
});

describe('RDS through the SDK\'s own models', () => {
  it('parses the answers into the generated response models (wrappers, lists of one, numbers)', async () => {
    const sdk: any = await import('@alicloud/rds20140815');
    const core: any = await import('@alicloud/openapi-core');
    const models = sdk.DescribeDBInstancesRequest ? sdk : sdk.default;
    const Client = sdk.default?.default ?? sdk.default;
    const $OpenApiUtil = core.$OpenApiUtil ?? core.default.$OpenApiUtil;
    const client = new Client(new $OpenApiUtil.Config({ ...KEYS.root, endpoint: new URL(emulator.url).host, protocol: 'http', regionId: 'cn-hangzhou' }));
    const list = await client.describeDBInstances(new models.DescribeDBInstancesRequest({ regionId: 'cn-hangzhou', pageSize: 100 }));
    expect([list.body.totalRecordCount, list.body.items.DBInstance.length, list.body.items.DBInstance[0].DBInstanceId]).toEqual([65, 65, 'rm-shop']);
    const arrays = await client.describeDBInstanceIPArrayList(new models.DescribeDBInstanceIPArrayListRequest({ DBInstanceId: 'pgm-analytics' }));
    expect(arrays.body.items.DBInstanceIPArray[0].securityIPList).toBe('::/0');
    const tde = await client.describeDBInstanceTDE(new models.DescribeDBInstanceTDERequest({ DBInstanceId: 'rm-shop' }));
    expect([tde.body.TDEStatus, tde.body.TDEMode, tde.body.encryptionKey]).toEqual(['Enabled', 'Customer_Provided_Key', KEY_ID]);
    const parameters = await client.describeParameters(new models.DescribeParametersRequest({ DBInstanceId: 'pgm-analytics' }));
    expect(parameters.body.runningParameters.DBInstanceParameter.some((p: any) => p.parameterName === 'log_connections' && p.parameterValue === 'on')).toBe(true);
    const regions = await client.describeRegions(new models.DescribeRegionsRequest({}));
    expect(regions.body.regions.RDSRegion[0].regionId).toBe('cn-hangzhou');
  });
});

describe('RDS authorisation', () => {
  it('refuses a user without RDS permissions with Forbidden.RAM (bob has only AliyunRAMReadOnlyAccess), before saying whether an id exists', async () => {
    const list = await refusal(call('DescribeDBInstances', { RegionId: 'cn-hangzhou' }, KEYS.bob));
    expect(list).toMatchObject({ code: 'Forbidden.RAM', status: 403, detail: { AuthAction: 'rds:DescribeDBInstances', NoPermissionType: 'ImplicitDeny' } });
    for (const id of ['rm-shop', 'rm-nothere']) {
      expect(await refusal(call('DescribeDBInstanceSSL', { DBInstanceId: id }, KEYS.bob))).toMatchObject({ code: 'Forbidden.RAM', detail: { AuthAction: 'rds:DescribeDBInstanceSSL' } });
    }
    expect(await refusal(call('DescribeRegions', {}, KEYS.bob))).toMatchObject({ code: 'Forbidden.RAM' });
  });

  it('answers AliyunRDSReadOnlyAccess, ReadOnlyAccess and the root account', async () => {
    for (const keys of [ERIN, KEYS.alice, KEYS.root]) {
      expect((await call('DescribeDBInstances', { RegionId: 'cn-hangzhou', PageSize: 1 }, keys)).TotalRecordCount).toBe(65);
      expect((await call('DescribeDBInstanceTDE', { DBInstanceId: 'rm-shop' }, keys)).TDEStatus).toBe('Enabled');
    }
  });

  it('honours a Deny of one action: frank reads all but TDE', async () => {
    expect((await call('DescribeDBInstanceSSL', { DBInstanceId: 'rm-shop' }, FRANK)).SSLEnabled).toBe('Yes');
    expect(await refusal(call('DescribeDBInstanceTDE', { DBInstanceId: 'rm-shop' }, FRANK))).toMatchObject({ code: 'Forbidden.RAM', detail: { NoPermissionType: 'ExplicitDeny' } });
  });

  it('authorises on acs:rds:<region>:<account>:dbinstance/<id>, so a policy on one instance reaches no other', async () => {
    const world = rdsWorld();
    world.Accounts[0].Policies.push({
      PolicyName: 'shop-only',
      PolicyDocument: { Version: '1', Statement: [{ Effect: 'Allow', Action: 'rds:Describe*', Resource: `acs:rds:cn-hangzhou:${ACCOUNT}:dbinstance/rm-shop` }] },
    });
    world.Accounts[0].Users.find((u: any) => u.UserName === 'bob').Policies.push({ PolicyName: 'shop-only', PolicyType: 'Custom' });
    const other = await startWorldJson(world);
    try {
      const api = await rds(KEYS.bob, 'cn-hangzhou', other);
      expect((await api.call('DescribeDBInstanceSSL', { DBInstanceId: 'rm-shop' })).SSLEnabled).toBe('Yes');
      expect(await refusal(api.call('DescribeDBInstanceSSL', { DBInstanceId: 'pgm-analytics' }))).toMatchObject({ code: 'Forbidden.RAM' });
      expect(await refusal(api.call('DescribeDBInstances', { RegionId: 'cn-hangzhou' }))).toMatchObject({ code: 'Forbidden.RAM' });
    } finally {
      await other.close();
    }
  });
});

describe('RDS world files', () => {
  const withInstance = (fields: Record<string, unknown>) => {
    const world = fixtureWorld();
    world.Accounts[0].Rds = { 'cn-hangzhou': { DBInstances: [{ DBInstanceId: 'rm-xdemo1', Engine: 'MySQL', ...fields }] } };
    return world;
  };
  const AT = 'Accounts[0].Rds.cn-hangzhou.DBInstances[0]';

  it.each([
    [{ Engine: 'Oracle' }, `${AT}.Engine: must be MySQL, PostgreSQL, SQLServer, MariaDB`],
    [{ EngineVersion: '9.9' }, `${AT}.EngineVersion: must be a MySQL version RDS offers: 5.6, 5.7, 8.0, 8.4`],
    [{ Engine: 'MariaDB', TDEStatus: 'Enabled' }, `${AT}.TDEStatus: MariaDB has no TDE (RDS offers it for MySQL, PostgreSQL, SQLServer)`],
    [{ ForceEncryption: true }, `${AT}.ForceEncryption: needs SSLEnabled: SSL cannot be forced while it is off`],
    [{ EncryptionKey: 'k' }, `${AT}.EncryptionKey: needs TDEStatus "Enabled": the key protects TDE`],
    [{ SSLEnabled: 'maybe' }, `${AT}.SSLEnabled: must be true or false (or the API's "Yes"/"No", "on"/"off")`],
    [{ SQLCollectorRetention: 0 }, `${AT}.SQLCollectorRetention: must be an integer from 1 to 1825`],
    [{ IPArrays: [{ DBInstanceIPArrayName: 'a', SecurityIPList: '10.0.0.0/33' }] }, `${AT}.IPArrays[0].DBInstanceIPArrayName: must be lower-case letters, digits and "_", starting with a letter (2 to 120)`],
    [{ IPArrays: [{ DBInstanceIPArrayName: 'ab', SecurityIPList: '10.0.0.0/33' }] }, `${AT}.IPArrays[0].SecurityIPList[0]: must be an IPv4 address or CIDR block such as "0.0.0.0/0" (SecurityIPType is IPv4)`],
    [{ IPArrays: [{ DBInstanceIPArrayName: 'ab', SecurityIPList: '' }] }, `${AT}.IPArrays[0].SecurityIPList: must list at least one address, with no empty entries`],
    [{ IPArrays: [{ DBInstanceIPArrayName: 'ab', SecurityIPList: '::/0' }, { DBInstanceIPArrayName: 'ab', SecurityIPList: '1.2.3.4' }] }, `${AT}.IPArrays[1].DBInstanceIPArrayName: duplicate DBInstanceIPArrayName "ab" (also at ${AT}.IPArrays[0].DBInstanceIPArrayName)`],
    [{ Parameters: { log_connections: true } }, `${AT}.Parameters.log_connections: must be a string or a number, as the API answers values`],
    [{ Acl: 'x' }, `${AT}.Acl: unknown field`],
  ])('refuses %j with the path of the bad field', (fields, message) => {
    expect(() => loadWorld(withInstance(fields))).toThrow(message);
  });

  it('refuses a region not in Regions and an instance with neither id nor description', () => {
    const world = fixtureWorld();
    world.Accounts[0].Rds = { 'eu-west-1': { DBInstances: [] } };
    expect(() => loadWorld(world)).toThrow('Accounts[0].Rds.eu-west-1: region "eu-west-1" is not in Regions');
    world.Accounts[0].Rds = { 'cn-hangzhou': { DBInstances: [{ Engine: 'MySQL' }] } };
    expect(() => loadWorld(world)).toThrow(`${AT}.DBInstanceId: is required when there is no DBInstanceDescription to derive it from`);
    world.Accounts[0].Rds = { 'cn-hangzhou': { DBInstances: [{ DBInstanceId: 'rm-xdemo1', Engine: 'MySQL' }] }, 'cn-shanghai': { DBInstances: [{ DBInstanceId: 'rm-xdemo1', Engine: 'MySQL' }] } };
    expect(() => loadWorld(world)).toThrow('duplicate DBInstanceId "rm-xdemo1"');
  });

  it('derives the same ids on every load', () => {
    const world = fixtureWorld();
    world.Accounts[0].Rds = { 'cn-hangzhou': { DBInstances: [{ DBInstanceDescription: 'a', Engine: 'MySQL' }] } };
    const ids = [loadWorld(world), loadWorld(world)].map((state) => [...rdsOf(state.Accounts.get(ACCOUNT)!).byId.keys()]);
    expect(ids[0]).toEqual(ids[1]);
    expect(ids[0][0]).toMatch(/^rm-[a-z0-9]{17}$/);
  });
});

describe('RDS demo and --generate shares', () => {
  it('the demo world loads, with every engine and an open non-default whitelist', () => {
    const state = loadWorld(demoWorld());
    const rds = rdsOf([...state.Accounts.values()][0]);
    const engines = new Set([...rds.byId.values()].map((i) => i.Engine));
    expect(engines).toEqual(new Set(['MySQL', 'PostgreSQL', 'SQLServer', 'MariaDB']));
    const shop = rds.byId.get('rm-bp1demoshop0000001')!;
    expect(shop.IPArrays.find((a) => a.SecurityIPList.includes('0.0.0.0/0'))?.DBInstanceIPArrayName).toBe('public_app');
  });

  it('generates about one database per 15 ECS instances, at least one per busy region, the same for one seed', () => {
    const spec = { regions: 3, instances: 600, seed: 11 };
    const world = generateWorld(`regions=${spec.regions},instances=${spec.instances},seed=${spec.seed}`) as any;
    expect(generateWorld(`regions=${spec.regions},instances=${spec.instances},seed=${spec.seed}`)).toEqual(world);
    const section = world.Accounts[0].Rds;
    const counts = Object.values(section).map((r: any) => r.DBInstances.length);
    expect(counts).toHaveLength(3);
    expect(counts.every((n) => n >= 1)).toBe(true);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(40);
    const all = Object.values(section).flatMap((r: any) => r.DBInstances);
    expect(new Set(all.map((i: any) => i.Engine)).size).toBeGreaterThanOrEqual(3);
    const sslOff = all.filter((i: any) => !i.SSLEnabled).length / all.length;
    expect(sslOff).toBeGreaterThan(RDS_SHARES.sslOff / 3);
    expect(sslOff).toBeLessThan(0.7);
    const state = loadWorld(world);
    expect(rdsSection.inventory!(rdsOf([...state.Accounts.values()][0]))['cn-hangzhou'].dbInstances).toBe(counts[0]);
    const small = generateWorld('regions=2,instances=3,seed=1') as any;
    expect(Object.values(small.Accounts[0].Rds).map((r: any) => r.DBInstances.length)).toEqual([1, 1]);
  });
});
