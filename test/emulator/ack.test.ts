import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACK, ECS } from '../../src/cloud/products.js';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { loadWorld } from '../../src/emulator/world.js';
import { cjsDefaultClass, cjsExport } from '../../src/cloud/client-config.js';
import { ACCOUNT, KEYS, type Keys, fixtureWorld, startWorldJson, apiRefusal as refusal, emulatedApi } from './helpers.js';

const READER = { accessKeyId: 'LTAIackread1', accessKeySecret: 'ack-reader-secret-0001-do-not-share' };
const CLUSTER = /^c[0-9a-f]{32}$/;

/** 23 clusters in cn-hangzhou (two named, the rest filler), one in cn-shanghai; a user who may read ACK. */
function ackWorld(): any {
  const world = fixtureWorld();
  world.Accounts[0].Users.push({
    UserName: 'ack-reader',
    AccessKeys: [{ AccessKeyId: READER.accessKeyId, AccessKeySecret: READER.accessKeySecret, Status: 'Active', CreateDate: '-10d' }],
    Policies: [{ PolicyName: 'AliyunCSReadOnlyAccess', PolicyType: 'System' }],
  });
  const filler = Array.from({ length: 21 }, (_, i) => ({ name: `filler-${String(i + 1).padStart(2, '0')}` }));
  world.Accounts[0].Ack = {
    'cn-hangzhou': {
      Clusters: [
        {
          cluster_id: 'c0123456789abcdef0123456789abcdef', name: 'prod', cluster_type: 'ManagedKubernetes', state: 'running', current_version: '1.31.1-aliyun.1', vpc_id: 'vpc-bp1prod', created: '-400d',
          meta_data: { AuditProjectName: 'k8s-log-c0123', RBACEnabled: true, Addons: [{ name: 'terway-eniip', config: '{"NetworkPolicy":"true"}' }] },
          master_url: { api_server_endpoint: '', intranet_api_server_endpoint: 'https://192.168.0.10:6443' },
          parameters: { Endpoint: 'false' },
          rrsa_config: { enabled: true, issuer: 'https://oidc-ack-cn-hangzhou.oss-cn-hangzhou.aliyuncs.com/c0123456789abcdef0123456789abcdef' },
        },
        { name: 'serverless', cluster_type: 'Ask', state: 'running' },
        ...filler,
      ],
    },
    'cn-shanghai': { Clusters: [{ name: 'edge', cluster_type: 'Kubernetes', state: 'updating' }] },
  };
  return world;
}

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startWorldJson(ackWorld());
});
afterAll(async () => {
  await emulator.close();
});

const ack = (keys: Keys = READER) => emulatedApi(emulator.url, ACK, keys);

describe('ACK 2015-12-15 in the emulator: ROA, each action at its own method and path', () => {
  it('answers DescribeClustersV1 to the official @alicloud/cs20151215 client, unchanged, page by page', async () => {
    const sdk = await import('@alicloud/cs20151215');
    const Client = cjsDefaultClass<new (config: unknown) => any>(sdk);
    const Request = cjsExport(sdk, 'DescribeClustersV1Request');
    const { $OpenApiUtil } = await import('@alicloud/openapi-core').then((core) => ({ $OpenApiUtil: cjsExport(core, '$OpenApiUtil') }));
    const client = new Client(new $OpenApiUtil.Config({ ...READER, endpoint: new URL(emulator.url).host, protocol: 'http', regionId: 'cn-hangzhou' }));
    const first = await client.describeClustersV1(new Request({ regionId: 'cn-hangzhou', pageSize: 10, pageNumber: 1 }));
    expect(first.statusCode).toBe(200);
    expect(first.body.pageInfo).toMatchObject({ pageNumber: 1, pageSize: 10, totalCount: 23 });
    expect(first.body.clusters.map((c: any) => c.name).slice(0, 2)).toEqual(['prod', 'serverless']);
    expect(first.body.clusters[0]).toMatchObject({ clusterId: 'c0123456789abcdef0123456789abcdef', clusterType: 'ManagedKubernetes', regionId: 'cn-hangzhou', vpcId: 'vpc-bp1prod' });
    const last = await client.describeClustersV1(new Request({ regionId: 'cn-hangzhou', pageSize: 10, pageNumber: 3 }));
    expect(last.body.clusters.map((c: any) => c.name)).toEqual(['filler-19', 'filler-20', 'filler-21']);
    expect(first.headers['x-acs-request-id']).toMatch(/^[0-9A-F-]{36}$/);
  });

  it('is what aliaudit\'s own client reads: the action\'s JSON as sent, snake_case, its request id in the header', async () => {
    const api = await ack();
    const answer = await api.call('DescribeClustersV1', { page_size: 100, page_number: 1 });
    expect(answer.page_info).toEqual({ page_number: 1, page_size: 100, total_count: 24 });
    expect(answer.clusters.map((c: any) => [c.name, c.region_id, c.state])).toContainEqual(['edge', 'cn-shanghai', 'updating']);
    // A cluster that left its id out gets a stable one, the same in every load of the world.
    const serverless = answer.clusters.find((c: any) => c.name === 'serverless');
    expect(serverless.cluster_id).toMatch(CLUSTER);
    const again = await startWorldJson(ackWorld());
    try {
      const other = await emulatedApi(again.url, ACK, READER);
      const listed = await other.call('DescribeClustersV1', { page_size: 100 });
      expect(listed.clusters.find((c: any) => c.name === 'serverless').cluster_id).toBe(serverless.cluster_id);
    } finally {
      await again.close();
    }
    expect(answer).not.toHaveProperty('RequestId');
  });

  it('answers DescribeClusterDetail at /clusters/{ClusterId}: meta_data and master_url as the JSON strings the API sends', async () => {
    const sdk = await import('@alicloud/cs20151215');
    const Client = cjsDefaultClass<new (config: unknown) => any>(sdk);
    const $OpenApiUtil = cjsExport(await import('@alicloud/openapi-core'), '$OpenApiUtil');
    const client = new Client(new $OpenApiUtil.Config({ ...READER, endpoint: new URL(emulator.url).host, protocol: 'http', regionId: 'cn-hangzhou' }));
    const detail = (await client.describeClusterDetail('c0123456789abcdef0123456789abcdef')).body;
    expect(detail).toMatchObject({ clusterId: 'c0123456789abcdef0123456789abcdef', name: 'prod', regionId: 'cn-hangzhou', parameters: { Endpoint: 'false' } });
    expect(JSON.parse(detail.metaData)).toMatchObject({ AuditProjectName: 'k8s-log-c0123', RBACEnabled: true });
    expect(JSON.parse(detail.masterUrl)).toEqual({ api_server_endpoint: '', intranet_api_server_endpoint: 'https://192.168.0.10:6443' });
    expect(detail.rrsaConfig).toMatchObject({ enabled: true });
    // aliaudit's client puts the path's parameter in the path, and a cluster that is not there is 404 ErrorClusterNotFound.
    const api = await ack();
    const edge = (await api.call('DescribeClustersV1', { region_id: 'cn-shanghai' })).clusters[0];
    const answer = await api.call('DescribeClusterDetail', { ClusterId: edge.cluster_id });
    expect([answer.name, answer.meta_data, answer.master_url]).toEqual(['edge', '{}', '{}']);
    expect(await refusal(api.call('DescribeClusterDetail', { ClusterId: 'cnothere0000' }))).toMatchObject({ code: 'ErrorClusterNotFound', status: 404 });
    expect((await refusal((await ack(KEYS.bob)).call('DescribeClusterDetail', { ClusterId: edge.cluster_id }))).code).toBe('Forbidden.RAM');
  });

  it('refuses as ACK does: page_size out of 1-100, a region that is not one, and a caller RAM does not allow', async () => {
    const api = await ack();
    expect(await refusal(api.call('DescribeClustersV1', { page_size: 101 }))).toMatchObject({ code: 'InvalidParameter.page_size', status: 400 });
    expect(await refusal(api.call('DescribeClustersV1', { region_id: 'xx-nowhere-1' }))).toMatchObject({ code: expect.stringMatching(/^InvalidParameter/), status: 400 });
    // bob holds no ACK permission in the fixture world.
    const denied = await refusal((await ack(KEYS.bob)).call('DescribeClustersV1', {}));
    expect(denied).toMatchObject({ code: 'Forbidden.RAM', status: 403 });
    expect(JSON.stringify(denied.detail)).toContain('cs:DescribeClustersV1');
  });

  it('routes ROA by method and path, and RPC by "/" only: an RPC action at another path, or an unknown path, is not found', async () => {
    const ecs = await emulatedApi(emulator.url, ECS, KEYS.root);
    await expect(ecs.call('DescribeRegions', {})).resolves.toHaveProperty('Regions');
    const signed = async (path: string, method = 'GET') => {
      const response = await fetch(`${emulator.url}${path}`, { method, headers: { 'x-acs-version': '2015-12-15', 'x-acs-action': 'DescribeClustersV1' } });
      return { status: response.status, body: await response.json() };
    };
    expect((await signed('/api/v1/clusters/extra')).status).toBe(404);
    expect((await signed('/api/v1/clusters', 'DELETE')).status).toBe(404);
  });
});

describe('the world file\'s Ack section', () => {
  it.each([
    [{ 'eu-nowhere-1': { Clusters: [] } }, 'Accounts[0].Ack.eu-nowhere-1', 'not in Regions'],
    [{ 'cn-hangzhou': { Clusters: [{ name: 'x', cluster_id: 'not-an-id' }] } }, 'Accounts[0].Ack.cn-hangzhou.Clusters[0].cluster_id', 'must be "c"'],
    [{ 'cn-hangzhou': { Clusters: [{ name: 'x', state: 'sleeping' }] } }, 'Accounts[0].Ack.cn-hangzhou.Clusters[0].state', 'must be one of'],
    [{ 'cn-hangzhou': { Clusters: [{ cluster_type: 'Ask' }] } }, 'Accounts[0].Ack.cn-hangzhou.Clusters[0].name', 'is required'],
    [{ 'cn-hangzhou': { Clusters: [{ name: 'a', cluster_id: 'cabcdef1' }, { name: 'b', cluster_id: 'cabcdef1' }] } }, 'Accounts[0].Ack.cn-hangzhou.Clusters[1]', 'duplicate cluster_id'],
    [{ 'cn-hangzhou': { Clusters: [{ name: 'a', nodes: 3 }] } }, 'Accounts[0].Ack.cn-hangzhou.Clusters[0].nodes', ''],
    [{ 'cn-hangzhou': { Clusters: [{ name: 'a', meta_data: '{"RBACEnabled":true}' }] } }, 'Accounts[0].Ack.cn-hangzhou.Clusters[0].meta_data', 'must be a JSON object'],
    [{ 'cn-hangzhou': { Clusters: [{ name: 'a', parameters: { Endpoint: false } }] } }, 'Accounts[0].Ack.cn-hangzhou.Clusters[0].parameters.Endpoint', 'must be a string'],
  ])('%j is refused at its path', (section, path, words) => {
    const world = fixtureWorld();
    world.Accounts[0].Ack = section;
    let message = '';
    try {
      loadWorld(world);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(path);
    expect(message).toContain(words);
    expect(ACCOUNT).toBe(world.Accounts[0].AccountId);
  });
});
