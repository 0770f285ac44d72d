import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError, UserError } from '../../src/core/errors.js';
import { sdkCredential } from '../../src/cloud/client-config.js';
import { openSession, REFRESH_WINDOW_MS } from '../../src/credentials/session.js';
import { profileStsEndpoint, roleDuration, roleStsEndpoint } from '../../src/credentials/modes/role.js';
import { UNSUPPORTED_MODES } from '../../src/credentials/modes/index.js';
import { tempFile, testContext, writeConfig } from './helpers.js';
import { hintOf } from '../helpers/hint.js';

const region = { region_id: 'cn-shanghai' };
const ak = (name: string, id = `LTAI${name}`) => ({ name, mode: 'AK', access_key_id: id, access_key_secret: 'secret', ...region });
const envKeys = { ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIenv', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'env-secret' };

async function fails(promise: Promise<unknown>): Promise<any> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error) => error,
  );
}

describe('choosing the profile', () => {
  const configPath = writeConfig([ak('flag'), ak('one'), ak('two'), ak('three'), ak('current')], 'current');
  const open = (env: Record<string, string>, profile?: string) => openSession({ runtime: testContext(env), profile, configPath });

  it('--profile, then ALIBABACLOUD_PROFILE, ALIBABA_CLOUD_PROFILE, ALICLOUD_PROFILE, then current', async () => {
    const all = { ALIBABACLOUD_PROFILE: 'one', ALIBABA_CLOUD_PROFILE: 'two', ALICLOUD_PROFILE: 'three' };
    expect((await open(all, 'flag')).profileName).toBe('flag');
    expect((await open(all)).profileName).toBe('one');
    expect((await open({ ALIBABA_CLOUD_PROFILE: 'two', ALICLOUD_PROFILE: 'three' })).profileName).toBe('two');
    expect((await open({ ALICLOUD_PROFILE: 'three' })).profileName).toBe('three');
    expect((await open({})).profileName).toBe('current');
  });

  it('a profile wins over environment keys (as in the aliyun CLI) unless ALIBABA_CLOUD_IGNORE_PROFILE=TRUE', async () => {
    const session = await open(envKeys);
    expect((await session.credentials()).accessKeyId).toBe('LTAIcurrent');
    const ignoring = await open({ ...envKeys, ALIBABA_CLOUD_IGNORE_PROFILE: 'TRUE' });
    expect(ignoring.profileName).toBeUndefined();
    expect((await ignoring.credentials()).accessKeyId).toBe('LTAIenv');
    const named = await open({ ...envKeys, ALIBABA_CLOUD_IGNORE_PROFILE: 'TRUE' }, 'one');
    expect((await named.credentials()).accessKeyId).toBe('LTAIone');
  });

  it('an unknown profile is an error listing the profiles', async () => {
    const error = await fails(open({}, 'nope'));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain('unknown profile "nope"');
    expect(error.message).toContain('flag, one, two, three, current');
  });

  it('with no current profile and none named, the environment', async () => {
    const session = await openSession({ runtime: testContext(envKeys), configPath: writeConfig([ak('a')], '') });
    expect(session.profileName).toBeUndefined();
    expect((await session.credentials()).accessKeyId).toBe('LTAIenv');
    expect(session.hops).toEqual([{ mode: 'Environment', detail: 'ALIBABA_CLOUD_ACCESS_KEY_ID' }]);
  });

  it('with no config file, the environment; with nothing at all, an error naming both ways out', async () => {
    const ctx = testContext(envKeys);
    const session = await openSession({ runtime: ctx });
    expect((await session.credentials()).accessKeyId).toBe('LTAIenv');
    const error = await fails(openSession({ runtime: testContext({}) }));
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toMatch(/^no credentials: no profile is selected in .*config\.json and none are in the environment$/);
    expect(hintOf(error)).toContain('aliaudit configure set');
    expect(hintOf(error)).toContain('ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET');
  });

  it('reads ~/.aliyun/config.json under the context home by default', async () => {
    const ctx = testContext({});
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(`${ctx.homedir}/.aliyun`);
    writeFileSync(`${ctx.homedir}/.aliyun/config.json`, JSON.stringify({ current: 'home', profiles: [ak('home')] }));
    expect((await openSession({ runtime: ctx })).profileName).toBe('home');
  });
});

describe('the region', () => {
  const configPath = writeConfig([ak('with'), { ...ak('without'), region_id: '' }, { ...ak('bad'), region_id: 'Hangzhou!' }]);
  const open = (profile: string, env: Record<string, string> = {}, flag?: string) =>
    openSession({ runtime: testContext(env), profile, configPath, region: flag });

  it('--region, then region_id, then ALIBABA_CLOUD_REGION_ID, then cn-hangzhou', async () => {
    expect((await open('with', { ALIBABA_CLOUD_REGION_ID: 'ap-southeast-1' }, 'eu-central-1')).region).toBe('eu-central-1');
    expect((await open('with', { ALIBABA_CLOUD_REGION_ID: 'ap-southeast-1' })).region).toBe('cn-shanghai');
    expect((await open('without', { ALIBABA_CLOUD_REGION_ID: 'ap-southeast-1' })).region).toBe('ap-southeast-1');
    expect((await open('without', { ALICLOUD_REGION: 'us-west-1' })).region).toBe('us-west-1');
    expect((await open('without')).region).toBe('cn-hangzhou');
  });

  it('refuses a region that is not one, naming where it came from', async () => {
    expect((await fails(open('with', {}, 'moon'))).message).toMatch(/^--region "moon"/);
    expect((await fails(open('bad'))).message).toMatch(/^profile 'bad' region_id "Hangzhou!"/);
    expect((await fails(open('without', { ALIBABA_CLOUD_REGION_ID: 'x' }))).message).toMatch(/^ALIBABA_CLOUD_REGION_ID "x"/);
  });
});

describe('checking a profile before any call', () => {
  const open = (profiles: object[], profile: string, env: Record<string, string> = {}) =>
    openSession({ runtime: testContext(env), profile, configPath: writeConfig(profiles) });
  const role = {
    name: 'r',
    mode: 'RamRoleArn',
    access_key_id: 'LTAIx',
    access_key_secret: 's',
    ram_role_arn: 'acs:ram::1234567890123456:role/AuditRole',
    ram_session_name: 'sess',
    ...region,
  };

  it.each(UNSUPPORTED_MODES)('%s: not supported yet, the aliyun CLI handles it', async (mode) => {
    const error = await fails(open([{ name: 'p', mode, ...region }], 'p'));
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toBe(`profile 'p' uses mode ${mode}, which aliaudit does not support yet`);
    expect(hintOf(error)).toContain('aliyun CLI handles it');
  });

  it('an unknown mode is bad input listing the modes', async () => {
    const error = await fails(open([{ name: 'p', mode: 'ak', ...region }], 'p'));
    expect(error).toBeInstanceOf(InputError);
    expect(hintOf(error)).toContain('AK, StsToken, RamRoleArn');
  });

  it.each([
    ['AK', {}, 'access_key_id', '--access-key-id'],
    ['StsToken', { access_key_id: 'a', access_key_secret: 'b' }, 'sts_token', '--sts-token'],
    ['External', {}, 'process_command', '--process-command'],
    ['CredentialsURI', {}, 'credentials_uri', '--credentials-uri'],
  ])('%s without %s', async (mode, fields, key, flag) => {
    const error = await fails(open([{ name: 'p', mode, ...fields, ...region }], 'p'));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(`${key} is not configured for profile 'p' (mode ${mode})`);
    expect(hintOf(error)).toBe(`set it: aliaudit configure set --profile p ${flag} …`);
  });

  it('RamRoleArn fields are checked with the field rules', async () => {
    const { ram_role_arn: _arn, ...noArn } = role;
    expect((await fails(open([noArn], 'r'))).message).toBe("ram_role_arn is not configured for profile 'r' (mode RamRoleArn)");
    expect((await fails(open([{ ...role, ram_role_arn: 'AuditRole' }], 'r'))).message).toMatch(/^profile 'r' ram_role_arn "AuditRole" is not a role ARN/);
    expect((await fails(open([{ ...role, ram_session_name: 'a b' }], 'r'))).message).toMatch(/^profile 'r' ram_session_name/);
    expect((await fails(open([{ ...role, expired_seconds: 600 }], 'r'))).message).toBe("profile 'r' expired_seconds 600 is out of range");
    expect((await fails(open([{ ...role, external_id: 'x' }], 'r'))).message).toMatch(/^profile 'r' external_id/);
  });

  it('a missing session name gets the default, traceable one', async () => {
    const { ram_session_name: _s, ...noName } = role;
    await expect(open([noName], 'r')).resolves.toBeDefined();
  });

  it('a chain with a missing source or a loop is refused', async () => {
    const chained = { name: 'c', mode: 'ChainableRamRoleArn', source_profile: 'gone', ram_role_arn: role.ram_role_arn, ...region };
    expect((await fails(open([chained], 'c'))).message).toBe('can not load the source profile: gone');
    const loop = [
      { ...chained, name: 'a', source_profile: 'b' },
      { ...chained, name: 'b', source_profile: 'c' },
      { ...chained, name: 'c', source_profile: 'a' },
    ];
    expect((await fails(open(loop, 'a'))).message).toBe('profile chain loops: a → b → c → a');
  });

  it('a chain is checked at every depth: a bad field in the source profile fails at open', async () => {
    const chained = { name: 'c', mode: 'ChainableRamRoleArn', source_profile: 'r', ram_role_arn: role.ram_role_arn, ...region };
    expect((await fails(open([chained, { ...role, ram_role_arn: 'bad' }], 'c'))).message).toMatch(/^profile 'r' ram_role_arn "bad"/);
  });

  it('plain http to a non-loopback credentials URI or metadata service is refused', async () => {
    const uri = await fails(open([{ name: 'u', mode: 'CredentialsURI', credentials_uri: 'http://10.1.2.3/creds', ...region }], 'u'));
    expect(uri).toBeInstanceOf(InputError);
    expect(uri.message).toBe("profile 'u' credentials_uri refuses plain http to 10.1.2.3");
    const imds = await fails(open([{ name: 'e', mode: 'EcsRamRole', ...region }], 'e', { ALIAUDIT_IMDS_ENDPOINT: 'http://10.0.0.1' }));
    expect(imds.message).toBe('ALIAUDIT_IMDS_ENDPOINT refuses plain http to 10.0.0.1');
    await expect(open([{ name: 'e', mode: 'EcsRamRole', ...region }], 'e', { ALIAUDIT_IMDS_ENDPOINT: 'http://100.100.100.200' })).resolves.toBeDefined();
  });

  it('opening makes no call: a role profile opens with nothing listening, and fails only when used', async () => {
    const session = await open([role], 'r', { ALIAUDIT_ENDPOINT: 'http://127.0.0.1:1' });
    expect(session.hops).toEqual([]);
    const error = await fails(session.credentials());
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toBe('could not reach http://127.0.0.1:1: connection refused');
    expect(session.hops).toEqual([{ profile: 'r', mode: 'AK', detail: 'LTAIx' }]);
  });

  it('an unreachable metadata service fails fast with a clear error', async () => {
    const session = await open([{ name: 'e', mode: 'EcsRamRole', ...region }], 'e', { ALIAUDIT_IMDS_ENDPOINT: 'http://127.0.0.1:1' });
    const error = await fails(session.credentials());
    expect(error.message).toBe('could not reach the ECS metadata service at http://127.0.0.1:1: connection refused');
    expect(hintOf(error)).toContain('ECS instance');
  });
});

describe('STS endpoints', () => {
  const profile = (fields: object) => ({ name: 'r', mode: 'RamRoleArn', ...fields });

  it('sts_endpoint, then ALIBABA_CLOUD_STS_ENDPOINT, then sts_region, else none (the region\'s)', () => {
    expect(profileStsEndpoint(profile({ sts_endpoint: 'https://sts-vpc.cn-hangzhou.aliyuncs.com/', sts_region: 'x' }), {})).toEqual({
      host: 'sts-vpc.cn-hangzhou.aliyuncs.com',
      protocol: 'https',
    });
    expect(profileStsEndpoint(profile({ sts_region: 'cn-beijing' }), { ALIBABA_CLOUD_STS_ENDPOINT: 'sts.example.com' })?.host).toBe('sts.example.com');
    expect(profileStsEndpoint(profile({ sts_region: 'cn-beijing' }), {})?.host).toBe('sts.cn-beijing.aliyuncs.com');
    expect(profileStsEndpoint(profile({}), {})).toBeUndefined();
    expect(profileStsEndpoint(undefined, {})).toBeUndefined();
  });

  it('role hops default to the global endpoint, and the override wins over everything', () => {
    const ctx = testContext({});
    expect(roleStsEndpoint(profile({}), { runtime: ctx, region: 'cn-hangzhou' })).toEqual({ host: 'sts.aliyuncs.com', protocol: 'https' });
    const override = { host: '127.0.0.1:9', protocol: 'http' as const };
    expect(roleStsEndpoint(profile({ sts_endpoint: 'x.example.com' }), { runtime: ctx, region: 'cn-hangzhou', endpoint: override })).toBe(override);
  });

  it('expired_seconds 0 or unset means 3600', () => {
    expect(roleDuration(profile({}))).toBe(3600);
    expect(roleDuration(profile({ expired_seconds: 0 }))).toBe(3600);
    expect(roleDuration(profile({ expired_seconds: 7200 }))).toBe(7200);
  });
});

describe('memoising and refreshing', () => {
  // An External profile whose command counts its runs and answers keys that expire at $EXPIRES.
  function counting(expires: string) {
    const counter = tempFile('count', '0');
    const script = tempFile(
      'creds.mjs',
      `import { readFileSync, writeFileSync } from 'node:fs';
       const n = Number(readFileSync(${JSON.stringify(counter)}, 'utf8')) + 1;
       writeFileSync(${JSON.stringify(counter)}, String(n));
       console.log(JSON.stringify({ mode: 'StsToken', access_key_id: 'STS.run' + n, access_key_secret: 's', sts_token: 't', expiration: process.env.EXPIRES }));`,
    );
    const configPath = writeConfig([{ name: 'x', mode: 'External', process_command: `"${process.execPath}" ${script}`, ...region }]);
    return { configPath, runs: () => Number(readFileSync(counter, 'utf8')), expires };
  }

  it('fetches once, then again only when five minutes or less remain', async () => {
    const expiration = new Date('2030-01-01T01:00:00Z');
    const setup = counting(expiration.toISOString());
    let now = expiration.getTime() - 3600_000;
    const session = await openSession({
      runtime: testContext({ EXPIRES: setup.expires }, { now: () => new Date(now) }),
      profile: 'x',
      configPath: setup.configPath,
    });
    const first = await session.credentials();
    expect(first.accessKeyId).toBe('STS.run1');
    await session.credentials();
    now = expiration.getTime() - REFRESH_WINDOW_MS - 1000;
    expect((await session.credentials()).accessKeyId).toBe('STS.run1');
    expect(setup.runs()).toBe(1);
    now = expiration.getTime() - REFRESH_WINDOW_MS;
    expect((await session.credentials()).accessKeyId).toBe('STS.run2');
    expect(session.hops).toEqual([{ profile: 'x', mode: 'External', detail: expect.any(String), expiration }]);
  });

  it('concurrent callers share one fetch, and the SDK provider goes through the same memo', async () => {
    const setup = counting('2999-01-01T00:00:00Z');
    const session = await openSession({ runtime: testContext({ EXPIRES: setup.expires }), profile: 'x', configPath: setup.configPath });
    const credential: any = await sdkCredential(session);
    const all = await Promise.all([session.credentials(), session.credentials(), credential.getCredential()]);
    expect(setup.runs()).toBe(1);
    expect(all[2].accessKeyId).toBe('STS.run1');
    expect(all[2].securityToken).toBe('t');
  });

  it('long-term keys never refresh', async () => {
    let now = Date.now();
    const session = await openSession({ runtime: testContext({}, { now: () => new Date(now) }), profile: 'k', configPath: writeConfig([ak('k')]) });
    const first = await session.credentials();
    now += 10 * 365 * 86400_000;
    expect(await session.credentials()).toBe(first);
    expect(first.expiration).toBeUndefined();
  });
});
