import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { ecsOf } from '../../src/emulator/services/ecs/index.js';
import { defaultRegions, loadWorld, loadWorldFile, WorldError } from '../../src/emulator/world.js';
import { hintOf } from '../helpers/hint.js';

const FIXTURE = join(import.meta.dirname, '../fixtures/world.json');
const NOW = new Date('2025-06-01T12:00:00Z');
const DAY = 86_400_000;
const ACCOUNT = '1234567890123456';

function fixtureJson(): any {
  return JSON.parse(readFileSync(FIXTURE, 'utf8'));
}

/** A small valid world that each bad-world case breaks in one place. */
function baseWorld(): any {
  return {
    Accounts: [
      {
        AccountId: ACCOUNT,
        Root: { AccessKeys: [{ AccessKeyId: 'LTAIroot', AccessKeySecret: 's0' }] },
        Users: [
          {
            UserName: 'alice',
            AccessKeys: [{ AccessKeyId: 'LTAIalice', AccessKeySecret: 's1' }],
            Policies: [{ PolicyName: 'ReadOnlyAccess', PolicyType: 'System' }],
            Groups: ['admins'],
          },
        ],
        Groups: [{ GroupName: 'admins', Policies: [{ PolicyName: 'ops', PolicyType: 'Custom' }] }],
        Roles: [
          {
            RoleName: 'Ci',
            AssumeRolePolicyDocument: {
              Version: '1',
              Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: [`acs:ram::${ACCOUNT}:root`] } }],
            },
          },
        ],
        Policies: [
          { PolicyName: 'ops', PolicyDocument: { Version: '1', Statement: [{ Effect: 'Allow', Action: 'ecs:*', Resource: '*' }] } },
        ],
      },
    ],
  };
}

function errorOf(json: unknown): WorldError {
  try {
    loadWorld(json, { now: NOW });
  } catch (err) {
    if (err instanceof WorldError) return err;
    throw err;
  }
  throw new Error('the world loaded without error');
}

describe('loadWorld on the shared fixture', () => {
  it('loads every account, entity and service section', () => {
    const state = loadWorldFile(FIXTURE, { now: NOW });
    expect(state.Regions.map((r) => r.RegionId)).toEqual(['cn-hangzhou', 'cn-shanghai', 'ap-southeast-1']);
    const account = state.Accounts.get(ACCOUNT)!;
    expect(account.AccountAlias).toBe('acme-prod');
    expect([...account.Users.keys()]).toEqual(['alice', 'bob', 'carol']);
    expect([...account.Roles.keys()]).toEqual(['AuditRole', 'OpsRole', 'DeployRole', 'PartnerRole', 'OidcRole', 'EcsScanRole', 'CiRole']);
    expect(account.Groups.get('auditors')!.Comments).toBe('read-only auditors');
    expect(account.Users.get('carol')!.AccessKeys[0].Status).toBe('Inactive');
    expect(account.Root.MFA).toBe(true);
    expect(account.PasswordPolicy.MinimumPasswordLength).toBe(14);
    expect(state.Imds).toEqual({ AccountId: ACCOUNT, InstanceId: 'i-bastion0001', RoleName: 'EcsScanRole' });
    expect(state.CredentialsUris).toEqual([{ Path: '/credentials/ci', AccountId: ACCOUNT, RoleName: 'CiRole' }]);
    expect(state.Quotas).toEqual({});
    expect(state.sessions.size).toBe(0);
    expect(state.clockOffsetMs).toBe(0);
  });

  it('resolves relative dates against the load time', () => {
    const account = loadWorld(fixtureJson(), { now: NOW }).Accounts.get(ACCOUNT)!;
    const alice = account.Users.get('alice')!;
    expect(alice.CreateDate).toEqual(new Date(NOW.getTime() - 400 * DAY));
    expect(alice.UpdateDate).toEqual(alice.CreateDate);
    expect(alice.LastLoginDate).toEqual(new Date(NOW.getTime() - 2 * DAY));
    expect(alice.AccessKeys[0].CreateDate).toEqual(new Date(NOW.getTime() - 120 * DAY));
    expect(alice.AccessKeys[0].LastUsedDate).toEqual(new Date(NOW.getTime() - DAY));
    expect(account.Root.LastLoginDate).toEqual(new Date(NOW.getTime() - 3 * DAY));
  });

  it('derives ids that have the real shapes and are the same on every load', () => {
    const first = loadWorld(fixtureJson(), { now: NOW }).Accounts.get(ACCOUNT)!;
    const second = loadWorldFile(FIXTURE).Accounts.get(ACCOUNT)!;
    const alice = first.Users.get('alice')!;
    expect(alice.UserId).toMatch(/^[1-9]\d{15}$/);
    expect(first.Roles.get('AuditRole')!.RoleId).toMatch(/^[1-9]\d{18}$/);
    expect(first.Groups.get('auditors')!.GroupId).toMatch(/^g-[A-Za-z0-9]{16}$/);
    expect(second.Users.get('alice')!.UserId).toBe(alice.UserId);
    expect(second.Roles.get('AuditRole')!.RoleId).toBe(first.Roles.get('AuditRole')!.RoleId);
    expect(second.Groups.get('auditors')!.GroupId).toBe(first.Groups.get('auditors')!.GroupId);
    expect(first.Users.get('bob')!.UserId).not.toBe(alice.UserId);
  });

  it('gives roles and OIDC providers their ARNs', () => {
    const account = loadWorld(fixtureJson()).Accounts.get(ACCOUNT)!;
    expect(account.Roles.get('AuditRole')!.Arn).toBe(`acs:ram::${ACCOUNT}:role/AuditRole`);
    expect(account.OIDCProviders.get('ack-rrsa')!.Arn).toBe(`acs:ram::${ACCOUNT}:oidc-provider/ack-rrsa`);
    expect(account.OIDCProviders.get('ack-rrsa')!.ClientIds).toEqual(['sts.aliyuncs.com']);
  });

  it('makes a custom policy whose default version is its PolicyDocument', () => {
    const policy = loadWorld(fixtureJson(), { now: NOW }).Accounts.get(ACCOUNT)!.Policies.get('ops-admin')!;
    expect(policy.DefaultVersion).toBe('v1');
    expect(policy.Versions).toEqual([
      {
        VersionId: 'v1',
        IsDefaultVersion: true,
        CreateDate: NOW,
        PolicyDocument: { Version: '1', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
      },
    ]);
  });

  it('keeps the trust policy as a document', () => {
    const role = loadWorld(fixtureJson()).Accounts.get(ACCOUNT)!.Roles.get('PartnerRole')!;
    expect(role.AssumeRolePolicyDocument.Statement[0].Condition).toEqual({ StringEquals: { 'sts:ExternalId': 'abcd1234' } });
    expect(role.MaxSessionDuration).toBe(3600);
  });
});

describe('loadWorld defaults and conventions', () => {
  it('defaults Regions to the 24 public regions', () => {
    const state = loadWorld(baseWorld());
    expect(state.Regions).toEqual(defaultRegions());
    expect(state.Regions).toHaveLength(24);
    expect(new Set(state.Regions.map((r) => r.RegionId)).size).toBe(24);
    expect(state.Regions.every((r) => r.Status === 'available' && r.LocalName.length > 0)).toBe(true);
    expect(state.Regions.find((r) => r.RegionId === 'cn-hangzhou')!.LocalName).toBe('China (Hangzhou)');
  });

  it('reads the clock offset on every call to now()', () => {
    const state = loadWorld(baseWorld());
    const before = state.now().getTime();
    state.clockOffsetMs = 3_600_000;
    const after = state.now().getTime();
    expect(after - before).toBeGreaterThanOrEqual(3_600_000);
    expect(after - before).toBeLessThan(3_700_000);
  });

  it('fills defaults for a minimal account', () => {
    const world = baseWorld();
    delete world.Accounts[0].Root;
    const account = loadWorld(world, { now: NOW }).Accounts.get(ACCOUNT)!;
    expect(account.Root).toEqual({ AccessKeys: [], MFA: false });
    expect(account.PasswordPolicy).toEqual({
      MinimumPasswordLength: 8, RequireLowercaseCharacters: false, RequireUppercaseCharacters: false,
      RequireNumbers: false, RequireSymbols: false, HardExpiry: false, MaxPasswordAge: 0, PasswordReusePrevention: 0,
      MaxLoginAttemps: 5,
    });
    const alice = account.Users.get('alice')!;
    expect(alice.DisplayName).toBe('alice');
    expect(alice.CreateDate).toEqual(NOW);
    expect(alice.AccessKeys[0]).toEqual({ AccessKeyId: 'LTAIalice', AccessKeySecret: 's1', Status: 'Active', CreateDate: NOW, LastUsedDate: undefined });
    expect(alice.Policies[0]).toEqual({ PolicyName: 'ReadOnlyAccess', PolicyType: 'System', AttachDate: NOW });
    expect(account.Roles.get('Ci')!.MaxSessionDuration).toBe(3600);
  });

  it('merges a partial password policy over the defaults', () => {
    const world = baseWorld();
    world.Accounts[0].PasswordPolicy = { MinimumPasswordLength: 12, RequireSymbols: true };
    const policy = loadWorld(world).Accounts.get(ACCOUNT)!.PasswordPolicy;
    expect(policy.MinimumPasswordLength).toBe(12);
    expect(policy.RequireSymbols).toBe(true);
    expect(policy.RequireNumbers).toBe(false);
  });

  it('accepts absolute dates with a zone, a bare day and every relative unit', () => {
    const world = baseWorld();
    const user = world.Accounts[0].Users[0];
    user.CreateDate = '2025-01-31T08:00:00Z';
    user.UpdateDate = '2025-01-31T16:00:00+08:00';
    user.LastLoginDate = '2024-02-29';
    user.AccessKeys[0].CreateDate = '-90s';
    user.AccessKeys[0].LastUsedDate = '-15m';
    user.LoginProfile = { CreateDate: '-3h', MFABindRequired: true };
    user.MFADevice = { ActivateDate: '+1d' };
    const alice = loadWorld(world, { now: NOW }).Accounts.get(ACCOUNT)!.Users.get('alice')!;
    expect(alice.CreateDate.toISOString()).toBe('2025-01-31T08:00:00.000Z');
    expect(alice.UpdateDate.toISOString()).toBe('2025-01-31T08:00:00.000Z');
    expect(alice.LastLoginDate!.toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(alice.AccessKeys[0].CreateDate).toEqual(new Date(NOW.getTime() - 90_000));
    expect(alice.AccessKeys[0].LastUsedDate).toEqual(new Date(NOW.getTime() - 15 * 60_000));
    expect(alice.LoginProfile).toEqual({ CreateDate: new Date(NOW.getTime() - 3 * 3_600_000), MFABindRequired: true, PasswordResetRequired: false });
    expect(alice.MFADevice).toEqual({ SerialNumber: `acs:ram::${ACCOUNT}:mfa/alice`, ActivateDate: new Date(NOW.getTime() + DAY) });
  });

  it('keeps ids given in the file', () => {
    const world = baseWorld();
    world.Accounts[0].Users[0].UserId = '2000000000000001';
    world.Accounts[0].Roles[0].RoleId = '3000000000000000001';
    world.Accounts[0].Roles[0].Arn = `acs:ram::${ACCOUNT}:role/Ci`;
    world.Accounts[0].Groups[0].GroupId = 'g-given';
    const account = loadWorld(world).Accounts.get(ACCOUNT)!;
    expect(account.Users.get('alice')!.UserId).toBe('2000000000000001');
    expect(account.Roles.get('Ci')!.RoleId).toBe('3000000000000000001');
    expect(account.Groups.get('admins')!.GroupId).toBe('g-given');
  });

  it('derives different ids for the same name in two accounts', () => {
    const world = baseWorld();
    const other = structuredClone(world.Accounts[0]);
    other.AccountId = '6543210987654321';
    other.Root.AccessKeys[0].AccessKeyId = 'LTAIroot2';
    other.Users[0].AccessKeys[0].AccessKeyId = 'LTAIalice2';
    world.Accounts.push(other);
    const state = loadWorld(world);
    expect(state.Accounts.get(ACCOUNT)!.Users.get('alice')!.UserId).not.toBe(state.Accounts.get('6543210987654321')!.Users.get('alice')!.UserId);
  });

  it('accepts policy documents given as JSON strings', () => {
    const world = baseWorld();
    const doc = { Version: '1', Statement: [{ Effect: 'Deny', Action: ['ram:*'], Resource: '*' }] };
    world.Accounts[0].Policies[0].PolicyDocument = JSON.stringify(doc);
    world.Accounts[0].Roles[0].AssumeRolePolicyDocument = JSON.stringify(world.Accounts[0].Roles[0].AssumeRolePolicyDocument);
    const account = loadWorld(world).Accounts.get(ACCOUNT)!;
    expect(account.Policies.get('ops')!.Versions[0].PolicyDocument).toEqual(doc);
    expect(account.Roles.get('Ci')!.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({ RAM: [`acs:ram::${ACCOUNT}:root`] });
  });

  it('numbers older policy versions v1..v(n-1) and makes PolicyDocument the default', () => {
    const world = baseWorld();
    const doc = (action: string) => ({ Version: '1', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
    Object.assign(world.Accounts[0].Policies[0], {
      CreateDate: '-90d',
      UpdateDate: '-1d',
      Versions: [{ PolicyDocument: doc('ecs:Describe*'), CreateDate: '-90d' }, { PolicyDocument: JSON.stringify(doc('ecs:List*')) }],
    });
    const policy = loadWorld(world, { now: NOW }).Accounts.get(ACCOUNT)!.Policies.get('ops')!;
    expect(policy.DefaultVersion).toBe('v3');
    expect(policy.Versions.map((v) => [v.VersionId, v.IsDefaultVersion, v.PolicyDocument.Statement[0].Action])).toEqual([
      ['v1', false, 'ecs:Describe*'],
      ['v2', false, 'ecs:List*'],
      ['v3', true, 'ecs:*'],
    ]);
    expect(policy.Versions[1].CreateDate).toEqual(new Date(NOW.getTime() - 90 * DAY));
    expect(policy.Versions[2].CreateDate).toEqual(new Date(NOW.getTime() - DAY));
  });

  it('keeps the ECS section, deriving ids and resolving dates', () => {
    const world = baseWorld();
    world.Regions = [{ RegionId: 'cn-hangzhou', LocalName: 'China (Hangzhou)' }];
    world.Accounts[0].Ecs = {
      'cn-hangzhou': {
        Instances: [{ InstanceName: 'web-1', Status: 'Running', CreationTime: '-30d', MetadataOptions: { HttpTokens: 'required' } }],
        SecurityGroups: [{ SecurityGroupId: 'sg-given', Permissions: [{ PortRange: '22/22', CreateTime: '2025-01-01T00:00Z' }] }],
        Disks: [{ DiskName: 'web-1-sys', Encrypted: false, Size: 40 }],
      },
    };
    const first = loadWorld(world, { now: NOW });
    const region = ecsOf(first.Accounts.get(ACCOUNT)!)['cn-hangzhou'];
    const instance = region.Instances[0] as any;
    expect(instance.InstanceId).toMatch(/^i-[a-z0-9]{20}$/);
    expect(instance.CreationTime).toEqual(new Date(NOW.getTime() - 30 * DAY));
    expect(instance.MetadataOptions).toEqual({ HttpTokens: 'required' });
    expect((region.SecurityGroups[0] as any).SecurityGroupId).toBe('sg-given');
    expect((region.SecurityGroups[0] as any).Permissions[0].CreateTime.toISOString()).toBe('2025-01-01T00:00:00.000Z');
    expect((region.Disks[0] as any).DiskId).toMatch(/^d-[a-z0-9]{20}$/);
    expect((region.Disks[0] as any).Size).toBe(40);
    const again = ecsOf(loadWorld(world, { now: NOW }).Accounts.get(ACCOUNT)!)['cn-hangzhou'];
    expect((again.Instances[0] as any).InstanceId).toBe(instance.InstanceId);
    expect(world.Accounts[0].Ecs['cn-hangzhou'].Instances[0].InstanceId).toBeUndefined();
  });

  it('derives an instance id for Imds when none is given, and reads quotas', () => {
    const world = baseWorld();
    world.Imds = { AccountId: ACCOUNT, RoleName: 'Ci' };
    world.Quotas = { Default: { Qps: 100 }, 'ecs:DescribeInstances': { Qps: 20 } };
    const state = loadWorld(world);
    expect(state.Imds!.InstanceId).toMatch(/^i-[a-z0-9]{20}$/);
    expect(state.Quotas).toEqual({ Default: { Qps: 100 }, 'ecs:DescribeInstances': { Qps: 20 } });
  });
});

describe('loadWorld refuses bad worlds, naming the path', () => {
  const cases: [string, (w: any) => void, string][] = [
    ['a world that is not an object', () => undefined, '(world): must be a JSON object'],
    ['an unknown top-level field', (w) => (w.Acounts = []), 'Acounts: unknown field'],
    ['an unknown user field', (w) => (w.Accounts[0].Users[0].Acesskeys = []), 'Accounts[0].Users[0].Acesskeys: unknown field'],
    ['no accounts', (w) => (w.Accounts = []), 'Accounts: must list at least one account'],
    ['Accounts not an array', (w) => (w.Accounts = {}), 'Accounts: must be an array'],
    ['a short AccountId', (w) => (w.Accounts[0].AccountId = '12345'), 'Accounts[0].AccountId: must be 16 digits'],
    ['a numeric AccountId', (w) => (w.Accounts[0].AccountId = 1234567890123456), 'Accounts[0].AccountId: must be a string'],
    ['a missing AccountId', (w) => delete w.Accounts[0].AccountId, 'Accounts[0].AccountId: is required'],
    ['a duplicate AccountId', (w) => w.Accounts.push({ AccountId: ACCOUNT }), `Accounts[1].AccountId: duplicate account id "${ACCOUNT}" (also at Accounts[0].AccountId)`],
    ['a missing UserName', (w) => delete w.Accounts[0].Users[0].UserName, 'Accounts[0].Users[0].UserName: is required'],
    ['a UserName with spaces', (w) => (w.Accounts[0].Users[0].UserName = 'al ice'), 'Accounts[0].Users[0].UserName: must be letters, digits, ".", "_", "@" or "-" (at most 64)'],
    ['a duplicate UserName', (w) => w.Accounts[0].Users.push({ UserName: 'alice' }), 'Accounts[0].Users[1].UserName: duplicate user name "alice" (also at Accounts[0].Users[0].UserName)'],
    ['a user not an object', (w) => (w.Accounts[0].Users[0] = 'alice'), 'Accounts[0].Users[0]: must be a JSON object'],
    ['a missing group', (w) => (w.Accounts[0].Users[0].Groups = ['admins', 'ghosts']), 'Accounts[0].Users[0].Groups[1]: group "ghosts" does not exist in this account\'s Groups'],
    ['a group listed twice', (w) => (w.Accounts[0].Users[0].Groups = ['admins', 'admins']), 'Accounts[0].Users[0].Groups[1]: duplicate group "admins" (also at Accounts[0].Users[0].Groups[0])'],
    ['a duplicate GroupName', (w) => w.Accounts[0].Groups.push({ GroupName: 'admins' }), 'Accounts[0].Groups[1].GroupName: duplicate group name "admins" (also at Accounts[0].Groups[0].GroupName)'],
    ['a missing RoleName', (w) => delete w.Accounts[0].Roles[0].RoleName, 'Accounts[0].Roles[0].RoleName: is required'],
    ['a duplicate RoleName', (w) => w.Accounts[0].Roles.push(structuredClone(w.Accounts[0].Roles[0])), 'Accounts[0].Roles[1].RoleName: duplicate role name "Ci" (also at Accounts[0].Roles[0].RoleName)'],
    ['a duplicate UserId', (w) => w.Accounts[0].Users.push({ UserName: 'bob', UserId: w.Accounts[0].Users[0].UserId = '2000000000000001' }), 'Accounts[0].Users[1].UserId: duplicate UserId "2000000000000001" (also at Accounts[0].Users[0].UserId)'],
    ['a missing custom policy', (w) => (w.Accounts[0].Users[0].Policies = [{ PolicyName: 'nope', PolicyType: 'Custom' }]), 'Accounts[0].Users[0].Policies[0].PolicyName: Custom policy "nope" does not exist in this account\'s Policies'],
    ['an unknown System policy', (w) => (w.Accounts[0].Roles[0].Policies = [{ PolicyName: 'AliyunMagicAccess', PolicyType: 'System' }]), 'Accounts[0].Roles[0].Policies[0].PolicyName: unknown System policy "AliyunMagicAccess"'],
    ['a bad PolicyType', (w) => (w.Accounts[0].Groups[0].Policies[0].PolicyType = 'custom'), 'Accounts[0].Groups[0].Policies[0].PolicyType: must be System or Custom'],
    ['a missing PolicyType', (w) => delete w.Accounts[0].Groups[0].Policies[0].PolicyType, 'Accounts[0].Groups[0].Policies[0].PolicyType: is required'],
    ['a policy attached twice', (w) => w.Accounts[0].Users[0].Policies.push({ PolicyName: 'ReadOnlyAccess', PolicyType: 'System' }), 'Accounts[0].Users[0].Policies[1]: duplicate policy "System:ReadOnlyAccess" (also at Accounts[0].Users[0].Policies[0])'],
    ['a relative date with a bad unit', (w) => (w.Accounts[0].Users[0].CreateDate = '-120w'), 'Accounts[0].Users[0].CreateDate: must be a date such as "2025-01-31T08:00:00Z" or a relative one such as "-120d", "-3h", "+1d"'],
    ['a date that does not exist', (w) => (w.Accounts[0].Users[0].AccessKeys[0].CreateDate = '2025-02-30T00:00:00Z'), 'Accounts[0].Users[0].AccessKeys[0].CreateDate: must be a date such as "2025-01-31T08:00:00Z" or a relative one such as "-120d", "-3h", "+1d"'],
    ['a date without a zone', (w) => (w.Accounts[0].Root.LastLoginDate = '2025-01-31T08:00:00'), 'Accounts[0].Root.LastLoginDate: must be a date such as "2025-01-31T08:00:00Z" or a relative one such as "-120d", "-3h", "+1d"'],
    ['a numeric date', (w) => (w.Accounts[0].Groups[0].CreateDate = 1700000000), 'Accounts[0].Groups[0].CreateDate: must be a date such as "2025-01-31T08:00:00Z" or a relative one such as "-120d", "-3h", "+1d"'],
    ['an access key id used twice', (w) => (w.Accounts[0].Users[0].AccessKeys[0].AccessKeyId = 'LTAIroot'), 'Accounts[0].Users[0].AccessKeys[0].AccessKeyId: duplicate access key id "LTAIroot" (also at Accounts[0].Root.AccessKeys[0].AccessKeyId)'],
    ['an access key id used in two accounts', (w) => w.Accounts.push({ AccountId: '6543210987654321', Root: { AccessKeys: [{ AccessKeyId: 'LTAIalice', AccessKeySecret: 'x' }] } }), 'Accounts[1].Root.AccessKeys[0].AccessKeyId: duplicate access key id "LTAIalice" (also at Accounts[0].Users[0].AccessKeys[0].AccessKeyId)'],
    ['an access key id shaped like STS', (w) => (w.Accounts[0].Users[0].AccessKeys[0].AccessKeyId = 'STS.abc'), 'Accounts[0].Users[0].AccessKeys[0].AccessKeyId: must be letters and digits, not starting with "STS." (kept for STS credentials)'],
    ['a missing secret', (w) => delete w.Accounts[0].Users[0].AccessKeys[0].AccessKeySecret, 'Accounts[0].Users[0].AccessKeys[0].AccessKeySecret: is required'],
    ['a bad key status', (w) => (w.Accounts[0].Users[0].AccessKeys[0].Status = 'Disabled'), 'Accounts[0].Users[0].AccessKeys[0].Status: must be Active or Inactive'],
    ['three keys on a user', (w) => w.Accounts[0].Users[0].AccessKeys.push({ AccessKeyId: 'k2', AccessKeySecret: 'x' }, { AccessKeyId: 'k3', AccessKeySecret: 'x' }), "Accounts[0].Users[0].AccessKeys: must have at most 2 access keys (RAM's limit)"],
    ['a non-boolean MFA', (w) => (w.Accounts[0].Root.MFA = 'yes'), 'Accounts[0].Root.MFA: must be true or false'],
    ['an unknown LoginProfile field', (w) => (w.Accounts[0].Users[0].LoginProfile = { Password: 'x' }), 'Accounts[0].Users[0].LoginProfile.Password: unknown field'],
    ['a bad trust Effect', (w) => (w.Accounts[0].Roles[0].AssumeRolePolicyDocument.Statement[0].Effect = 'allow'), 'Accounts[0].Roles[0].AssumeRolePolicyDocument.Statement[0].Effect: must be Allow or Deny'],
    ['a trust policy without Principal', (w) => delete w.Accounts[0].Roles[0].AssumeRolePolicyDocument.Statement[0].Principal, 'Accounts[0].Roles[0].AssumeRolePolicyDocument.Statement[0].Principal: is required in a trust policy'],
    ['a missing trust policy', (w) => delete w.Accounts[0].Roles[0].AssumeRolePolicyDocument, 'Accounts[0].Roles[0].AssumeRolePolicyDocument: is required'],
    ['a trust policy string that is not JSON', (w) => (w.Accounts[0].Roles[0].AssumeRolePolicyDocument = '{"Version":'), 'Accounts[0].Roles[0].AssumeRolePolicyDocument: is not valid JSON'],
    ['a permission policy without Resource', (w) => delete w.Accounts[0].Policies[0].PolicyDocument.Statement[0].Resource, 'Accounts[0].Policies[0].PolicyDocument.Statement[0].Resource: is required'],
    ['a permission policy with a Principal', (w) => (w.Accounts[0].Policies[0].PolicyDocument.Statement[0].Principal = '*'), 'Accounts[0].Policies[0].PolicyDocument.Statement[0].Principal: is not allowed in a permission policy'],
    ['a policy version with version 2', (w) => (w.Accounts[0].Policies[0].Versions = [{ PolicyDocument: { Version: '2', Statement: [] } }]), 'Accounts[0].Policies[0].Versions[0].PolicyDocument.Version: must be "1"'],
    ['five older versions', (w) => (w.Accounts[0].Policies[0].Versions = Array(5).fill({ PolicyDocument: w.Accounts[0].Policies[0].PolicyDocument })), 'Accounts[0].Policies[0].Versions: must have at most 4 older versions (RAM keeps 5 in all)'],
    ['a duplicate policy name', (w) => w.Accounts[0].Policies.push(structuredClone(w.Accounts[0].Policies[0])), 'Accounts[0].Policies[1].PolicyName: duplicate policy name "ops" (also at Accounts[0].Policies[0].PolicyName)'],
    ['a MaxSessionDuration too long', (w) => (w.Accounts[0].Roles[0].MaxSessionDuration = 86400), 'Accounts[0].Roles[0].MaxSessionDuration: must be an integer from 3600 to 43200'],
    ['a wrong role Arn', (w) => (w.Accounts[0].Roles[0].Arn = 'acs:ram::1:role/Ci'), `Accounts[0].Roles[0].Arn: must be acs:ram::${ACCOUNT}:role/Ci (or be left out)`],
    ['an unknown PasswordPolicy field', (w) => (w.Accounts[0].PasswordPolicy = { MaxLoginAttempts: 5 }), 'Accounts[0].PasswordPolicy.MaxLoginAttempts: unknown field'],
    ['a PasswordPolicy of the wrong type', (w) => (w.Accounts[0].PasswordPolicy = { RequireSymbols: 'true' }), 'Accounts[0].PasswordPolicy.RequireSymbols: must be true or false'],
    ['an unknown SecurityPreference field', (w) => (w.Accounts[0].SecurityPreference = { LoginProfilePreference: { AllowUserToChangePasswords: true } }), 'Accounts[0].SecurityPreference.LoginProfilePreference.AllowUserToChangePasswords: unknown field'],
    ['an OIDC issuer over http', (w) => (w.Accounts[0].OIDCProviders = [{ OIDCProviderName: 'p', IssuerUrl: 'http://x', ClientIds: ['a'], JWKS: { keys: [{ kty: 'RSA' }] } }]), 'Accounts[0].OIDCProviders[0].IssuerUrl: must be an https:// URL'],
    ['an OIDC provider without JWKS', (w) => (w.Accounts[0].OIDCProviders = [{ OIDCProviderName: 'p', IssuerUrl: 'https://x', ClientIds: ['a'] }]), 'Accounts[0].OIDCProviders[0].JWKS: is required'],
    ['an OIDC provider without client ids', (w) => (w.Accounts[0].OIDCProviders = [{ OIDCProviderName: 'p', IssuerUrl: 'https://x', JWKS: { keys: [{ kty: 'RSA' }] } }]), 'Accounts[0].OIDCProviders[0].ClientIds: must list at least one client id'],
    ['a JWKS key without kty', (w) => (w.Accounts[0].OIDCProviders = [{ OIDCProviderName: 'p', IssuerUrl: 'https://x', ClientIds: ['a'], JWKS: { keys: [{ n: 'x' }] } }]), 'Accounts[0].OIDCProviders[0].JWKS.keys[0]: must be a JSON Web Key with a "kty"'],
    ['a region without LocalName', (w) => (w.Regions = [{ RegionId: 'cn-hangzhou' }]), 'Regions[0].LocalName: is required'],
    ['a bad RegionId', (w) => (w.Regions = [{ RegionId: 'Hangzhou', LocalName: 'x' }]), 'Regions[0].RegionId: must be a region id such as "cn-hangzhou"'],
    ['an ECS region not in Regions', (w) => (w.Accounts[0].Ecs = { 'cn-nowhere': {} }), 'Accounts[0].Ecs.cn-nowhere: region "cn-nowhere" is not in Regions'],
    ['an unknown ECS collection', (w) => (w.Accounts[0].Ecs = { 'cn-hangzhou': { Instance: [] } }), 'Accounts[0].Ecs.cn-hangzhou.Instance: unknown field'],
    ['an ECS instance without id or name', (w) => (w.Accounts[0].Ecs = { 'cn-hangzhou': { Instances: [{ Status: 'Running' }] } }), 'Accounts[0].Ecs.cn-hangzhou.Instances[0]: needs InstanceId or InstanceName'],
    ['an ECS date that is not a date', (w) => (w.Accounts[0].Ecs = { 'cn-hangzhou': { Disks: [{ DiskName: 'd', CreationTime: 'last week' }] } }), 'Accounts[0].Ecs.cn-hangzhou.Disks[0].CreationTime: must be a date such as "2025-01-31T08:00:00Z" or a relative one such as "-120d", "-3h", "+1d"'],
    ['Imds naming an unknown account', (w) => (w.Imds = { AccountId: '9999999999999999', RoleName: 'Ci' }), 'Imds.AccountId: account "9999999999999999" is not in Accounts'],
    ['Imds naming an unknown role', (w) => (w.Imds = { AccountId: ACCOUNT, RoleName: 'Nope' }), `Imds.RoleName: role "Nope" does not exist in account ${ACCOUNT}`],
    ['Imds without RoleName', (w) => (w.Imds = { AccountId: ACCOUNT }), 'Imds.RoleName: is required'],
    ['a credentials URI naming an unknown role', (w) => (w.CredentialsUris = [{ Path: '/c', AccountId: ACCOUNT, RoleName: 'Nope' }]), `CredentialsUris[0].RoleName: role "Nope" does not exist in account ${ACCOUNT}`],
    ['a credentials URI naming an unknown account', (w) => (w.CredentialsUris = [{ Path: '/c', AccountId: '9999999999999999', RoleName: 'Ci' }]), 'CredentialsUris[0].AccountId: account "9999999999999999" is not in Accounts'],
    ['a credentials URI path twice', (w) => (w.CredentialsUris = [{ Path: '/c', AccountId: ACCOUNT, RoleName: 'Ci' }, { Path: '/c', AccountId: ACCOUNT, RoleName: 'Ci' }]), 'CredentialsUris[1].Path: duplicate Path "/c" (also at CredentialsUris[0].Path)'],
    ['a credentials URI path without a slash', (w) => (w.CredentialsUris = [{ Path: 'c', AccountId: ACCOUNT, RoleName: 'Ci' }]), 'CredentialsUris[0].Path: must be a URL path starting with "/"'],
    ['a quota key that is not an action', (w) => (w.Quotas = { DescribeInstances: { Qps: 1 } }), 'Quotas.DescribeInstances: must be "Default" or "<product>:<Action>" such as "ecs:DescribeInstances"'],
    ['a quota of zero', (w) => (w.Quotas = { Default: { Qps: 0 } }), 'Quotas.Default.Qps: must be a number above 0'],
    ['an unknown quota field', (w) => (w.Quotas = { Default: { Qps: 1, Burst: 2 } }), 'Quotas.Default.Burst: unknown field'],
  ];

  it.each(cases)('%s', (_name, breakIt, expected) => {
    let world: any = baseWorld();
    world.Regions = [{ RegionId: 'cn-hangzhou', LocalName: 'China (Hangzhou)' }];
    if (_name === 'a world that is not an object') world = ['not', 'a', 'world'];
    else breakIt(world);
    const err = errorOf(world);
    if (expected.endsWith('is not valid JSON')) expect(err.message.startsWith(expected)).toBe(true);
    else expect(err.message).toBe(expected);
    expect(`${err.path}: ${err.problem}`).toBe(err.message);
  });

  it('is an InputError with a hint, so the CLI exits 2', () => {
    const world = baseWorld();
    world.Accounts[0].AccountId = 'x';
    const err = errorOf(world);
    expect(err).toBeInstanceOf(InputError);
    expect(err.exitCode).toBe(2);
    expect(hintOf(err)).toBeTruthy();
    expect(err.name).toBe('WorldError');
  });

  it('never puts an access key secret in the message', () => {
    const world = baseWorld();
    world.Accounts[0].Users[0].AccessKeys[0].Status = 'Gone';
    world.Accounts[0].Users[0].AccessKeys[0].AccessKeySecret = 'very-secret-value';
    expect(errorOf(world).message).not.toContain('very-secret-value');
  });
});

describe('loadWorldFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aliaudit-world-'));

  it('names a missing file, and points at its path (not at a part of a file there is none of)', () => {
    const file = join(dir, 'missing.json');
    expect(() => loadWorldFile(file)).toThrow(`${file}: no such file`);
    const error = (() => {
      try {
        loadWorldFile(file);
      } catch (caught) {
        return caught as WorldError;
      }
    })();
    expect(error?.hint?.text).toBe('check the path of the world file (such as test/fixtures/world.json), or serve the built-in one: aliaudit emulator --world demo');
    expect(error?.hint?.text).not.toContain('part of the world file');
  });

  it('names a directory given as the file', () => {
    expect(() => loadWorldFile(dir)).toThrow(`${dir}: is a directory, not a world file`);
  });

  it('gives line and column of a JSON syntax error', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{\n  "Accounts": [\n    { "AccountId": "1234567890123456" \n  ]\n}\n');
    const err = (() => {
      try {
        loadWorldFile(file);
      } catch (e) {
        return e as WorldError;
      }
      throw new Error('loaded');
    })();
    expect(err).toBeInstanceOf(WorldError);
    expect(err.path).toBe(file);
    expect(err.problem).toMatch(/^invalid JSON at line 4:3: /);
  });

  it('gives the end of the file for truncated JSON', () => {
    const file = join(dir, 'truncated.json');
    writeFileSync(file, '{\n  "Accounts": [');
    expect(() => loadWorldFile(file)).toThrow(/truncated\.json: invalid JSON at line 2:16: /);
  });

  it('reports field errors with their JSON path', () => {
    const file = join(dir, 'unknown.json');
    const world = baseWorld();
    world.Accounts[0].Users[0].Acesskeys = [];
    writeFileSync(file, JSON.stringify(world));
    expect(() => loadWorldFile(file)).toThrow('Accounts[0].Users[0].Acesskeys: unknown field');
  });
});
