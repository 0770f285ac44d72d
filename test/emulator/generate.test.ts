import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type CloudApi, cloudApi, ECS, IMS, type Product, RAM } from '../../src/cloud/clients.js';
import { ApiError } from '../../src/core/errors.js';
import { main } from '../../src/cli/main.js';
import { GENERATED_SCANNER, generateWorld, generatedRegionIds, parseGenerateSpec } from '../../src/emulator/generate.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import { ecsOf } from '../../src/emulator/services/ecs/index.js';
import { services } from '../../src/emulator/services/index.js';
import { loadWorld, loadWorldFile } from '../../src/emulator/world.js';
import { DEMO_CREDENTIALS, demoWorld } from '../../src/emulator/worlds/demo.js';
import { bufferContext } from '../helpers/context.js';

const SMALL = 'regions=3,users=40,groups=5,roles=4,policies=6,instances=120,security-groups=24,disks=150,seed=3';
const MEDIUM = 'regions=6,users=400,instances=3000,security-groups=600,disks=3600,seed=11';
const FULL = 'regions=24,users=2000,instances=50000,security-groups=5000,disks=60000,seed=7';

const running: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

type Json = Record<string, any>;
const accountOf = (world: Json) => world.Accounts[0];
const regionsOf = (world: Json): Json[] => Object.values(accountOf(world).Ecs);
const all = (world: Json, collection: string): Json[] => regionsOf(world).flatMap((region) => region[collection]);
const daysAgo = (date: string) => Number(/^-(\d+)d$/.exec(date)![1]);
const share = (items: unknown[], test: (item: any) => boolean) => items.filter(test).length / items.length;

function client(emulator: RunningEmulator, product: Product, keys: { AccessKeyId: string; AccessKeySecret: string }, region = 'cn-hangzhou'): Promise<CloudApi> {
  return cloudApi({
    product,
    region,
    endpoint: { host: new URL(emulator.url).host, protocol: 'http' },
    credentials: { accessKeyId: keys.AccessKeyId, accessKeySecret: keys.AccessKeySecret },
    policy: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
  });
}

const ecsServed = () => services.some((service) => service.code === 'ecs');

/** Whether the internet reaches a TCP port through a group's ingress rules: lowest priority first, Drop wins a tie. */
function openToInternet(permissions: Json[], port: number): boolean {
  const matching = permissions.filter((rule) => {
    if (rule.Direction !== 'ingress' || !(rule.SourceCidrIp === '0.0.0.0/0' || rule.Ipv6SourceCidrIp === '::/0')) return false;
    if (rule.IpProtocol !== 'TCP' && rule.IpProtocol !== 'ALL') return false;
    if (rule.PortRange === '-1/-1') return true;
    const [from, to] = String(rule.PortRange).split('/').map(Number);
    return from <= port && port <= to;
  });
  if (matching.length === 0) return false;
  const best = Math.min(...matching.map((rule) => Number(rule.Priority)));
  const winners = matching.filter((rule) => Number(rule.Priority) === best);
  return winners.every((rule) => rule.Policy === 'Accept');
}

const acceptsFromInternet = (permissions: Json[], port: number) =>
  permissions.some((rule) => rule.Policy === 'Accept' && openToInternet([rule], port));

describe('--generate', () => {
  it('gives a byte-identical world for the same spec, another for another seed', () => {
    const first = JSON.stringify(generateWorld(SMALL));
    expect(JSON.stringify(generateWorld(SMALL))).toBe(first);
    expect(JSON.stringify(generateWorld(parseGenerateSpec(SMALL)))).toBe(first);
    expect(JSON.stringify(generateWorld(SMALL.replace('seed=3', 'seed=4')))).not.toBe(first);
  });

  it('has the counts the spec asks for', () => {
    const world = generateWorld(SMALL);
    const account = accountOf(world);
    // The users asked for, and the scanner whose keys are known.
    expect(account.Users).toHaveLength(41);
    expect(account.Users.at(-1)).toMatchObject({ UserName: GENERATED_SCANNER.userName });
    expect(account.Groups).toHaveLength(5);
    expect(account.Roles).toHaveLength(4);
    expect(account.Policies).toHaveLength(6);
    expect(Object.keys(account.Ecs)).toEqual(generatedRegionIds(3));
    expect(Object.keys(account.Ecs)).toEqual(['cn-hangzhou', 'cn-shanghai', 'cn-beijing']);
    expect(all(world, 'Instances')).toHaveLength(120);
    expect(all(world, 'SecurityGroups')).toHaveLength(24);
    expect(all(world, 'Disks')).toHaveLength(150);
    // The busiest region holds the most.
    const counts = regionsOf(world).map((region) => region.Instances.length);
    expect(counts[0]).toBeGreaterThan(counts[2]);
  });

  it('defaults every key, deriving some from the others', () => {
    expect(parseGenerateSpec('default')).toEqual({ regions: 3, users: 25, groups: 3, roles: 4, policies: 6, instances: 60, securityGroups: 12, disks: 75, seed: 1, qps: 0 });
    expect(parseGenerateSpec('users=2000,instances=400')).toMatchObject({ users: 2000, groups: 50, roles: 20, policies: 40, instances: 400, disks: 500 });
    expect(parseGenerateSpec(' regions = 24 , seed=9 ')).toMatchObject({ regions: 24, seed: 9 });
    const world = generateWorld('regions=24,instances=0,security-groups=0,disks=0,users=0');
    expect(Object.keys(accountOf(world).Ecs)).toHaveLength(24);
    expect(loadWorld(world).Accounts.size).toBe(1);
  });

  it('loads through the normal loader, from the JSON and from a file', () => {
    const world = generateWorld(SMALL);
    const state = loadWorld(world);
    const account = state.Accounts.get(accountOf(world).AccountId)!;
    expect(account.Users.size).toBe(41);
    expect(Object.values(ecsOf(account)).reduce((n, region: any) => n + region.Instances.length, 0)).toBe(120);
    const file = join(mkdtempSync(join(tmpdir(), 'aliaudit-generated-')), 'world.json');
    writeFileSync(file, JSON.stringify(world));
    expect(loadWorldFile(file).Accounts.get(accountOf(world).AccountId)!.Users.size).toBe(41);
  });

  it('has a realistic minority of every misconfiguration', () => {
    const world = generateWorld(MEDIUM);
    const account = accountOf(world);
    const consoleUsers = account.Users.filter((u: Json) => u.LoginProfile);
    expect(share(account.Users, (u) => u.LoginProfile)).toBeGreaterThan(0.6);
    expect(share(consoleUsers, (u) => !u.MFADevice)).toBeGreaterThan(0.12);
    expect(share(consoleUsers, (u) => !u.MFADevice)).toBeLessThan(0.3);
    const keys: Json[] = account.Users.flatMap((u: Json) => u.AccessKeys);
    expect(share(account.Users, (u) => u.AccessKeys.length === 0)).toBeGreaterThan(0.3);
    expect(share(account.Users, (u) => u.AccessKeys.length === 2)).toBeGreaterThan(0.03);
    expect(share(keys, (k) => daysAgo(k.CreateDate) > 90)).toBeGreaterThan(0.2);
    expect(share(keys, (k) => daysAgo(k.CreateDate) > 90)).toBeLessThan(0.42);
    expect(keys.filter((k) => daysAgo(k.CreateDate) === 90).length).toBeGreaterThan(0);
    expect(share(account.Users, (u) => u.Policies?.length > 0)).toBeGreaterThan(0.05);
    expect(share(account.Users, (u) => u.Policies?.length > 0)).toBeLessThan(0.2);
    expect(account.Root.AccessKeys.length).toBeGreaterThan(0);
    expect(account.Root.MFA).toBe(true);
    const actions = account.Policies.map((p: Json) => p.PolicyDocument.Statement[0].Action);
    expect(actions).toContain('*');
    expect(actions).toContain('*:*');
    const pp = account.PasswordPolicy;
    expect(pp.MinimumPasswordLength < 14 || !pp.RequireSymbols || !pp.RequireUppercaseCharacters || pp.MaxPasswordAge === 0 || pp.PasswordReusePrevention < 5 || pp.MaxLoginAttemps === 0).toBe(true);

    const groups = all(world, 'SecurityGroups');
    const rules = (g: Json): Json[] => g.Permissions;
    expect(share(groups, (g) => acceptsFromInternet(rules(g), 22))).toBeGreaterThan(0.08);
    expect(share(groups, (g) => acceptsFromInternet(rules(g), 22))).toBeLessThan(0.25);
    expect(share(groups, (g) => openToInternet(rules(g), 22))).toBeLessThan(share(groups, (g) => acceptsFromInternet(rules(g), 22)));
    expect(share(groups, (g) => openToInternet(rules(g), 3389))).toBeGreaterThan(0.02);
    expect(share(groups, (g) => openToInternet(rules(g), 3389))).toBeLessThan(0.12);
    expect(share(groups, (g) => [3306, 6379, 9200, 27017, 5432].some((port) => openToInternet(rules(g), port)))).toBeGreaterThan(0.03);
    // Blocked by a Drop of higher priority, and by one of equal priority.
    const blockedBy = (tie: boolean) =>
      groups.filter((g) =>
        rules(g).some(
          (accept) =>
            accept.Policy === 'Accept' &&
            (accept.SourceCidrIp === '0.0.0.0/0' || accept.Ipv6SourceCidrIp === '::/0') &&
            rules(g).some(
              (drop) => drop.Policy === 'Drop' && drop.PortRange === accept.PortRange && (tie ? drop.Priority === accept.Priority : Number(drop.Priority) < Number(accept.Priority)),
            ),
        ),
      ).length;
    expect(blockedBy(true)).toBeGreaterThan(0);
    expect(blockedBy(false)).toBeGreaterThan(0);
    expect(groups.some((g) => rules(g).some((rule) => rule.Ipv6SourceCidrIp === '::/0' && rule.Policy === 'Accept'))).toBe(true);
    // A few groups past 500 rules, one of them opening SSH only beyond the first 500.
    const big = groups.filter((g) => rules(g).length > 500);
    expect(big.length).toBeGreaterThan(0);
    expect(big.length).toBeLessThan(10);
    expect(big.some((g) => openToInternet(rules(g).slice(500), 22) && !openToInternet(rules(g).slice(0, 500), 22))).toBe(true);

    const instances = all(world, 'Instances');
    expect(share(instances, (i) => i.PublicIpAddress.length > 0)).toBeGreaterThan(0.15);
    expect(share(instances, (i) => i.PublicIpAddress.length > 0)).toBeLessThan(0.32);
    const classic = instances.filter((i) => i.InstanceNetworkType === 'classic');
    expect(classic.length).toBeGreaterThan(0);
    expect(classic.length / instances.length).toBeLessThan(0.03);
    expect(instances.every((i) => i.SecurityGroupIds.length >= 1 && i.SecurityGroupIds.length <= 3)).toBe(true);
    expect(share(instances, (i) => i.SecurityGroupIds.length > 1)).toBeGreaterThan(0.15);
    // An instance's groups are in its VPC (classic instances: classic groups).
    for (const region of regionsOf(world)) {
      const vpcOf = new Map(region.SecurityGroups.map((g: Json) => [g.SecurityGroupId, g.VpcId]));
      for (const instance of region.Instances) for (const id of instance.SecurityGroupIds) expect(vpcOf.get(id)).toBe(instance.VpcId);
    }

    const disks = all(world, 'Disks');
    expect(share(disks, (d) => !d.Encrypted)).toBeGreaterThan(0.22);
    expect(share(disks, (d) => !d.Encrypted)).toBeLessThan(0.4);
    expect(share(disks, (d) => d.Status === 'Available')).toBeGreaterThan(0.05);
    expect(share(disks, (d) => d.Status === 'Available')).toBeLessThan(0.12);
    expect(disks.every((d) => (d.Status === 'In_use') === (d.InstanceId !== undefined))).toBe(true);
  });

  it('exits 2 naming the key of a bad spec', async () => {
    const bad: [string, string][] = [
      ['foo=1', 'foo'], ['users=abc', 'users'], ['users=-1', 'users'], ['users=1.5', 'users'], ['regions=0', 'regions'],
      ['regions=25', 'regions'], ['users', 'users'], ['users=1,users=2', 'users'], ['instances=5,security-groups=0', 'security-groups'],
      ['seed=', 'seed'], ['disks=1e3', 'disks'], ['users=10,,seed=1', 'empty'],
    ];
    for (const [spec, key] of bad) {
      const run = bufferContext();
      expect(await main(['emulator', '--generate', spec], run.ctx), spec).toBe(2);
      expect(run.stderr(), spec).toContain('--generate');
      expect(run.stderr(), spec).toContain(key);
      expect(run.stdout()).toBe('');
    }
    const both = bufferContext();
    expect(await main(['emulator', '--generate', 'default', '--world', 'demo'], both.ctx)).toBe(2);
    expect(both.stderr()).toContain('--world');
    const neither = bufferContext();
    expect(await main(['emulator'], neither.ctx)).toBe(2);
    expect(neither.stderr()).toContain('--generate');
  });

  it('serves a generated world from the command line', async () => {
    const spec = 'users=30,instances=20,security-groups=6,disks=25,seed=5';
    const root = accountOf(generateWorld(spec)).Root.AccessKeys[0];
    const served = await serve(['--generate', spec]);
    const ram = await client(served.emulator, RAM, root);
    const users = await ram.call('ListUsers', { MaxItems: 1000 });
    expect(users.Users.User).toHaveLength(31);
    expect(await served.stop()).toBe(0);
  });

  // A few seconds of CPU on an idle machine, many times that on a loaded one: its timeout is a hang guard, not a budget
  // (the budgets are bench/scan.mjs's).
  it(`times ${FULL}: generation, loading and paging (printed, not asserted)`, { timeout: 120_000 }, async () => {
    const timings: Record<string, string> = {};
    const timed = async <T>(label: string, work: () => T | Promise<T>): Promise<T> => {
      const started = performance.now();
      const result = await work();
      timings[label] = `${Math.round(performance.now() - started)} ms`;
      return result;
    };
    const world = await timed('generate', () => generateWorld(FULL));
    const text = await timed('stringify', () => JSON.stringify(world));
    timings.size = `${(text.length / 1e6).toFixed(1)} MB`;
    const state = await timed('load', () => loadWorld(world));
    const emulator = await startEmulator({ state, port: 0 });
    running.push(emulator);
    const root = accountOf(world).Root.AccessKeys[0];
    const ram = await client(emulator, RAM, root);
    const users = await timed('ListUsers, all 2000 in pages of 100', async () => {
      let marker: string | undefined;
      let count = 0;
      do {
        const page = await ram.call('ListUsers', { MaxItems: 100, Marker: marker });
        count += page.Users.User.length;
        marker = page.IsTruncated ? page.Marker : undefined;
      } while (marker);
      return count;
    });
    expect(users).toBe(2001);
    if (ecsServed()) {
      const ecs = await client(emulator, ECS, root);
      const hangzhou = accountOf(world).Ecs['cn-hangzhou'];
      /** Every item of a NextToken-paged ECS list. */
      const pages = (action: string, params: Json, items: (page: Json) => unknown[]) => async () => {
        let token: string | undefined;
        let count = 0;
        do {
          const page = await ecs.call(action, { RegionId: 'cn-hangzhou', ...params, NextToken: token });
          count += items(page).length;
          token = page.NextToken || undefined;
        } while (token);
        return count;
      };
      const instances = hangzhou.Instances.length;
      const label = `DescribeInstances, all ${instances} of cn-hangzhou in pages of 100`;
      expect(await timed(label, pages('DescribeInstances', { MaxResults: 100 }, (p) => p.Instances.Instance))).toBe(instances);
      const disks = hangzhou.Disks.length;
      expect(await timed(`DescribeDisks, all ${disks} of cn-hangzhou in pages of 500`, pages('DescribeDisks', { MaxResults: 500 }, (p) => p.Disks.Disk))).toBe(disks);
      const groups = hangzhou.SecurityGroups.length;
      expect(await timed(`DescribeSecurityGroups, all ${groups} of cn-hangzhou in pages of 100`, pages('DescribeSecurityGroups', { MaxResults: 100 }, (p) => p.SecurityGroups.SecurityGroup))).toBe(groups);
      const big = hangzhou.SecurityGroups.reduce((a: Json, b: Json) => (b.Permissions.length > a.Permissions.length ? b : a));
      const rules = big.Permissions.length;
      const attribute = pages('DescribeSecurityGroupAttribute', { SecurityGroupId: big.SecurityGroupId }, (p) => p.Permissions.Permission);
      expect(await timed(`DescribeSecurityGroupAttribute, all ${rules} rules of its biggest group in pages of 500`, attribute)).toBe(rules);
    } else {
      timings.DescribeInstances = 'not timed: the emulator serves no ECS yet';
    }
    console.log(`--generate ${FULL}\n${Object.entries(timings).map(([k, v]) => `  ${k}: ${v}`).join('\n')}`);
  });
});

describe('--world demo', () => {
  it('loads through the normal loader, with the story it tells', () => {
    const world = demoWorld();
    const state = loadWorld(world);
    const account = state.Accounts.get(DEMO_CREDENTIALS.accountId)!;
    expect(state.Regions.map((r) => r.RegionId)).toEqual(['cn-hangzhou', 'cn-shanghai', 'cn-beijing', 'ap-southeast-1', 'us-west-1']);
    expect([...account.Users.keys()]).toEqual(['admin.li', 'dev.wang', 'ops.zhang', 'intern.chen', 'ci-deploy', 'auditor']);
    const auditor = account.Users.get(DEMO_CREDENTIALS.userName)!;
    expect(auditor.AccessKeys[0]).toMatchObject({ AccessKeyId: DEMO_CREDENTIALS.accessKeyId, AccessKeySecret: DEMO_CREDENTIALS.accessKeySecret, Status: 'Active' });
    expect(auditor.LoginProfile).toBeUndefined();
    expect(auditor.Policies.map((p) => p.PolicyName)).toEqual([
      'AliyunRAMReadOnlyAccess', 'AliyunECSReadOnlyAccess', 'AliyunActionTrailReadOnlyAccess', 'AliyunRDSReadOnlyAccess', 'AliyunVPCReadOnlyAccess',
      'AliyunYundunSASReadOnlyAccess', 'AliyunCSReadOnlyAccess', 'auditor-credential-report',
    ]);
    expect(account.Users.get('admin.li')!.MFADevice).toBeDefined();
    expect(account.Users.get('dev.wang')!.MFADevice).toBeUndefined();
    // A fresh copy each time: loading never sees an earlier caller's changes.
    (world as any).Accounts[0].Users = [];
    expect((demoWorld() as any).Accounts[0].Users).toHaveLength(6);
  });

  it('serves the demo world; the auditor reads RAM (and ECS, once served) but may not change anything', async () => {
    const served = await serve(['--world', 'demo']);
    const keys = { AccessKeyId: DEMO_CREDENTIALS.accessKeyId, AccessKeySecret: DEMO_CREDENTIALS.accessKeySecret };
    const ram = await client(served.emulator, RAM, keys);
    const users = await ram.call('ListUsers', {});
    expect(users.Users.User.map((u: Json) => u.UserName)).toContain('admin.li');
    expect((await ram.call('GetPasswordPolicy', {})).PasswordPolicy.MinimumPasswordLength).toBe(8);
    await expect(ram.call('CreateUser', { UserName: 'mallory' })).rejects.toSatisfy((error) => error instanceof ApiError && error.code === 'NoPermission');
    if (services.some((service) => service.code === 'ims')) {
      const ims = await client(served.emulator, IMS, keys);
      await ims.call('GenerateCredentialReport', {});
      const report = await ims.call('GetCredentialReport', {});
      expect(Buffer.from(report.Content, 'base64').toString()).toContain('auditor@');
    }
    if (ecsServed()) {
      const ecs = await client(served.emulator, ECS, keys);
      const instances = await ecs.call('DescribeInstances', { RegionId: 'cn-hangzhou' });
      expect(instances.Instances.Instance.length).toBe(4);
    }
    expect(await served.stop()).toBe(0);
  });
});

/** `aliaudit emulator …` in process until stopped; `emulator` reaches the same port from the test. */
async function serve(args: string[]): Promise<{ emulator: RunningEmulator; stop: () => Promise<number> }> {
  const stop = new AbortController();
  const run = bufferContext({ signal: stop.signal });
  const exited = main(['emulator', '--port', '0', ...args], run.ctx);
  while (!run.stdout().includes('\n')) {
    if (run.stderr()) throw new Error(run.stderr());
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const url = /^listening (http:\/\/127\.0\.0\.1:\d+)\n$/.exec(run.stdout())![1];
  // Only url is used by the clients; the rest of RunningEmulator is not needed here.
  const emulator = { url } as RunningEmulator;
  return { emulator, stop: () => (stop.abort(), exited) };
}
