import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMS, cloudApi, type CloudApi } from '../../src/cloud/clients.js';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { KEYS, type Keys, fixtureWorld, startWorldJson, apiRefusal as refusal } from './helpers.js';

const ERIN = { accessKeyId: 'LTAIerin0001', accessKeySecret: 'erin-secret-0001-do-not-share' };
const DAVE = { accessKeyId: 'LTAIdave0001', accessKeySecret: 'dave-secret-0001-do-not-share' };

const HEADER = [
  'user', 'user_creation_time', 'user_last_logon', 'password_exist', 'password_active', 'password_last_changed',
  'password_next_rotation', 'mfa_active',
  'access_key_1_exist', 'access_key_1_active', 'access_key_1_last_rotated', 'access_key_1_last_used',
  'access_key_2_exist', 'access_key_2_active', 'access_key_2_last_rotated', 'access_key_2_last_used',
  'additional_access_key_1_exist', 'additional_access_key_1_active', 'additional_access_key_1_last_rotated', 'additional_access_key_1_last_used',
  'additional_access_key_2_exist', 'additional_access_key_2_active', 'additional_access_key_2_last_rotated', 'additional_access_key_2_last_used',
  'additional_access_key_3_exist', 'additional_access_key_3_active', 'additional_access_key_3_last_rotated', 'additional_access_key_3_last_used',
];
const NO_KEY = ['FALSE', 'N/A', 'N/A', 'N/A'];

/**
 * The fixture world with absolute dates where the report shows them, alice with a console password and MFA, erin
 * (AliyunRAMFullAccess) to generate reports without touching the root key's LastUsedDate, and dave (ECS only).
 */
function imsWorld(): any {
  const world = fixtureWorld();
  const account = world.Accounts[0];
  account.PasswordPolicy.MaxPasswordAge = 90;
  account.Root = {
    AccessKeys: [
      { ...account.Root.AccessKeys[0], CreateDate: '2023-01-01T00:00:00Z', LastUsedDate: '2025-05-01T10:00:00Z' },
      { AccessKeyId: 'LTAIroot0002', AccessKeySecret: 'root-secret-0002', Status: 'Inactive', CreateDate: '2024-02-01T00:00:00Z' },
    ],
    MFA: true,
    LastLoginDate: '2025-05-02T09:30:00Z',
    CreateDate: '2020-01-01T00:00:00Z',
  };
  const alice = account.Users[0];
  Object.assign(alice, {
    CreateDate: '2024-01-15T08:00:00Z',
    LastLoginDate: '2025-05-03T12:00:00Z',
    LoginProfile: { CreateDate: '2025-03-01T00:00:00Z' },
    MFADevice: { ActivateDate: '2025-03-02T00:00:00Z' },
  });
  alice.AccessKeys[0] = { ...alice.AccessKeys[0], CreateDate: '2025-01-01T00:00:00Z', LastUsedDate: '2025-05-04T00:00:00Z' };
  alice.AccessKeys.push({ AccessKeyId: 'LTAIalice002', AccessKeySecret: 'alice-secret-0002', Status: 'Inactive', CreateDate: '2025-02-01T00:00:00Z' });
  const key = (keys: Keys) => ({ AccessKeyId: keys.accessKeyId, AccessKeySecret: keys.accessKeySecret, Status: 'Active' });
  account.Users.push(
    { UserName: 'erin', CreateDate: '2025-04-01T00:00:00Z', AccessKeys: [key(ERIN)], Policies: [{ PolicyName: 'AliyunRAMFullAccess', PolicyType: 'System' }] },
    { UserName: 'dave', AccessKeys: [key(DAVE)], Policies: [{ PolicyName: 'AliyunECSReadOnlyAccess', PolicyType: 'System' }] },
  );
  return world;
}

let emulator: RunningEmulator;

function ims(keys: Keys, target: RunningEmulator = emulator): Promise<CloudApi> {
  return cloudApi({ product: IMS, region: 'cn-hangzhou', endpoint: { host: new URL(target.url).host, protocol: 'http' }, credentials: keys });
}

/** The report's CSV lines, split into fields (none of the emulator's values needs quoting). */
function csv(content: string): string[][] {
  return Buffer.from(content, 'base64').toString('utf8').split('\n').map((line) => line.split(','));
}

beforeAll(async () => {
  emulator = await startWorldJson(imsWorld());
});

afterAll(async () => {
  await emulator.close();
});

describe('IMS credential report', () => {
  it('answers EntityNotExist.CredentialReport before any report is generated', async () => {
    const fresh = await startWorldJson(imsWorld());
    try {
      expect(await refusal((await ims(ERIN, fresh)).call('GetCredentialReport'))).toMatchObject({ code: 'EntityNotExist.CredentialReport', status: 404 });
    } finally {
      await fresh.close();
    }
  });

  it('generates a report (STARTED), keeps it for four hours (COMPLETED), then makes a new one', async () => {
    const fresh = await startWorldJson(imsWorld());
    try {
      const api = await ims(ERIN, fresh);
      const first = await api.call('GenerateCredentialReport');
      expect(first).toEqual({ RequestId: expect.any(String), State: 'STARTED' });
      expect((await api.call('GenerateCredentialReport')).State).toBe('COMPLETED');
      const generated = (await api.call('GetCredentialReport')).GeneratedTime;
      fresh.state.clockOffsetMs += 4 * 3600 * 1000 + 1000;
      expect((await api.call('GenerateCredentialReport')).State).toBe('STARTED');
      const regenerated = (await api.call('GetCredentialReport')).GeneratedTime;
      expect(Date.parse(regenerated) - Date.parse(generated)).toBeGreaterThanOrEqual(4 * 3600 * 1000);
    } finally {
      await fresh.close();
    }
  });

  it('answers base64 CSV with the real columns, <root> first, each field as the report writes it', async () => {
    const api = await ims(ERIN);
    await api.call('GenerateCredentialReport');
    const answer = await api.call('GetCredentialReport');
    expect(answer.GeneratedTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(answer.IsTruncated).toBe(false);
    expect(answer.NextToken).toBeUndefined();
    const [header, root, alice, bob, carol, erin, dave, ...rest] = csv(answer.Content);
    expect(header).toEqual(HEADER);
    expect(rest).toEqual([]);
    expect(Object.fromEntries(HEADER.map((column, i) => [column, root[i]]))).toEqual({
      user: '<root>',
      user_creation_time: '2020-01-01T00:00:00Z',
      user_last_logon: '2025-05-02T09:30:00Z',
      password_exist: 'TRUE',
      password_active: 'N/A',
      password_last_changed: 'N/A',
      password_next_rotation: 'N/A',
      mfa_active: 'TRUE',
      access_key_1_exist: 'TRUE',
      access_key_1_active: 'TRUE',
      access_key_1_last_rotated: '2023-01-01T00:00:00Z',
      access_key_1_last_used: '2025-05-01T10:00:00Z',
      access_key_2_exist: 'TRUE',
      access_key_2_active: 'FALSE',
      access_key_2_last_rotated: '2024-02-01T00:00:00Z',
      access_key_2_last_used: '-',
      additional_access_key_1_exist: 'FALSE',
      additional_access_key_1_active: 'N/A',
      additional_access_key_1_last_rotated: 'N/A',
      additional_access_key_1_last_used: 'N/A',
      additional_access_key_2_exist: 'FALSE',
      additional_access_key_2_active: 'N/A',
      additional_access_key_2_last_rotated: 'N/A',
      additional_access_key_2_last_used: 'N/A',
      additional_access_key_3_exist: 'FALSE',
      additional_access_key_3_active: 'N/A',
      additional_access_key_3_last_rotated: 'N/A',
      additional_access_key_3_last_used: 'N/A',
    });
    expect(Object.fromEntries(HEADER.map((column, i) => [column, alice[i]]))).toEqual({
      user: 'alice@acme-prod.onaliyun.com',
      user_creation_time: '2024-01-15T08:00:00Z',
      user_last_logon: '2025-05-03T12:00:00Z',
      password_exist: 'TRUE',
      password_active: 'TRUE',
      password_last_changed: '2025-03-01T00:00:00Z',
      password_next_rotation: '2025-05-30T00:00:00Z',
      mfa_active: 'TRUE',
      access_key_1_exist: 'TRUE',
      access_key_1_active: 'TRUE',
      access_key_1_last_rotated: '2025-01-01T00:00:00Z',
      access_key_1_last_used: '2025-05-04T00:00:00Z',
      access_key_2_exist: 'TRUE',
      access_key_2_active: 'FALSE',
      access_key_2_last_rotated: '2025-02-01T00:00:00Z',
      access_key_2_last_used: '-',
      additional_access_key_1_exist: 'FALSE',
      additional_access_key_1_active: 'N/A',
      additional_access_key_1_last_rotated: 'N/A',
      additional_access_key_1_last_used: 'N/A',
      additional_access_key_2_exist: 'FALSE',
      additional_access_key_2_active: 'N/A',
      additional_access_key_2_last_rotated: 'N/A',
      additional_access_key_2_last_used: 'N/A',
      additional_access_key_3_exist: 'FALSE',
      additional_access_key_3_active: 'N/A',
      additional_access_key_3_last_rotated: 'N/A',
      additional_access_key_3_last_used: 'N/A',
    });
    // bob: no console password, no MFA, one key never used; carol's only key is Inactive.
    expect(bob.slice(0, 12)).toEqual([
      'bob@acme-prod.onaliyun.com', expect.stringMatching(/Z$/), '-', 'FALSE', 'N/A', 'N/A', 'N/A', 'FALSE',
      'TRUE', 'TRUE', expect.stringMatching(/Z$/), '-',
    ]);
    expect(bob.slice(12)).toEqual([...NO_KEY, ...NO_KEY, ...NO_KEY, ...NO_KEY]);
    expect(carol.slice(8, 10)).toEqual(['TRUE', 'FALSE']);
    expect([erin[0], dave[0]]).toEqual(['erin@acme-prod.onaliyun.com', 'dave@acme-prod.onaliyun.com']);
    // erin's key signed the Generate call, and the snapshot saw it used.
    expect(erin[11]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  it('pages the report by MaxItems and NextToken, each page a CSV with the header', async () => {
    const api = await ims(ERIN);
    await api.call('GenerateCredentialReport');
    const users: string[] = [];
    const truncation: boolean[] = [];
    let NextToken: string | undefined;
    do {
      const page = await api.call('GetCredentialReport', { MaxItems: '2', NextToken });
      const [header, ...rows] = csv(page.Content);
      expect(header).toEqual(HEADER);
      expect(rows.length).toBeLessThanOrEqual(2);
      users.push(...rows.map((row) => row[0]));
      truncation.push(page.IsTruncated);
      NextToken = page.NextToken;
      expect(NextToken === undefined).toBe(!page.IsTruncated);
    } while (NextToken && truncation.length < 10);
    expect(truncation).toEqual([true, true, false]);
    expect(users).toEqual(['<root>', ...['alice', 'bob', 'carol', 'erin', 'dave'].map((name) => `${name}@acme-prod.onaliyun.com`)]);
  });

  it('refuses MaxItems outside 1..3501 and a NextToken it did not issue', async () => {
    const api = await ims(ERIN);
    await api.call('GenerateCredentialReport');
    for (const MaxItems of ['0', '3502', 'all']) {
      expect(await refusal(api.call('GetCredentialReport', { MaxItems }))).toMatchObject({ code: 'InvalidParameter.MaxItems', status: 400 });
    }
    expect((await api.call('GetCredentialReport', { MaxItems: '3501' })).IsTruncated).toBe(false);
    expect(await refusal(api.call('GetCredentialReport', { NextToken: 'EXAMPLE' }))).toMatchObject({ code: 'InvalidParameter.NextToken', status: 400 });
  });

  it('answers a snapshot: changes after Generate show only in the next report', async () => {
    const fresh = await startWorldJson(imsWorld());
    try {
      const api = await ims(ERIN, fresh);
      await api.call('GenerateCredentialReport');
      fresh.state.Accounts.get('1234567890123456')!.Root.MFA = false;
      expect(csv((await api.call('GetCredentialReport')).Content)[1][7]).toBe('TRUE');
      fresh.state.clockOffsetMs += 5 * 3600 * 1000;
      await api.call('GenerateCredentialReport');
      expect(csv((await api.call('GetCredentialReport')).Content)[1][7]).toBe('FALSE');
    } finally {
      await fresh.close();
    }
  });

  it('authorises ram:GenerateCredentialReport and ram:GetCredentialReport, refusing with NoPermission', async () => {
    // bob has AliyunRAMReadOnlyAccess (ram:Get*, ram:List*, ram:GenerateCredentialReport): he may make and read the report.
    const bob = await ims(KEYS.bob);
    expect((await bob.call('GenerateCredentialReport')).State).toMatch(/^(STARTED|COMPLETED)$/);
    await (await ims(ERIN)).call('GenerateCredentialReport');
    expect((await bob.call('GetCredentialReport')).Content).toEqual(expect.any(String));
    const dave = await refusal((await ims(DAVE)).call('GetCredentialReport'));
    expect([dave.code, dave.status, dave.detail?.AuthAction]).toEqual(['NoPermission', 403, 'ram:GetCredentialReport']);
    expect((await (await ims(KEYS.root)).call('GenerateCredentialReport')).State).toMatch(/^(STARTED|COMPLETED)$/);
  });

  it('works with the typed SDK client too', async () => {
    const sdk: any = await import('@alicloud/ims20190815');
    const core: any = await import('@alicloud/openapi-core');
    const Ims = sdk.default?.default ?? sdk.default;
    const $Ims = sdk.GetCredentialReportRequest ? sdk : sdk.default;
    const $OpenApiUtil = core.$OpenApiUtil ?? core.default.$OpenApiUtil;
    const client = new Ims(new $OpenApiUtil.Config({ ...ERIN, endpoint: new URL(emulator.url).host, protocol: 'http', regionId: 'cn-hangzhou' }));
    expect((await client.generateCredentialReport()).body.state).toMatch(/^(STARTED|COMPLETED)$/);
    const report = await client.getCredentialReport(new $Ims.GetCredentialReportRequest({ maxItems: '1' }));
    expect(report.body.isTruncated).toBe('true');
    expect(csv(report.body.content)[1][0]).toBe('<root>');
    expect(report.body.nextToken).toEqual(expect.any(String));
  });
});
