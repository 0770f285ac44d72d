import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain } from '../helpers/cli.js';
import { startTestEmulator, type RunningEmulator } from '../helpers/emulator.js';
import { cleanEnv } from '../helpers/env.js';
import { ACCOUNT, ALICE, OIDC_PROVIDER, oidcToken, role } from '../helpers/profiles.js';
import { runAtTerminal, writeRamConfig, writeRamWorld } from './ram-users-world.js';

const { dir, worldPath } = writeRamWorld([]);
let emulator: RunningEmulator;
let configPath: string;

beforeAll(async () => {
  emulator = await startTestEmulator(worldPath);
  configPath = writeRamConfig(dir, [{ name: 'alice', access_key_id: ALICE.id, access_key_secret: ALICE.secret }]);
});
afterAll(() => emulator?.stop());

const common = () => ['--endpoint', emulator.url, '--config-path', configPath];
const aliaudit = (args: string[]) => runMain([...args, ...common()], { env: cleanEnv() });
const atTerminal = (args: string[], answer: string) => runAtTerminal([...args, ...common()], answer);

/** GetRole and its policies as `ram role get -o json` prints them; undefined if the role does not exist. */
async function roleJson(name: string) {
  const result = await aliaudit(['ram', 'role', 'get', name, '-o', 'json']);
  return result.code === 0 ? JSON.parse(result.stdout) : undefined;
}

const assumeAsAlice = (name: string) =>
  aliaudit(['sts', 'assume-role', '--profile', 'alice', '--role-arn', role(name), '--role-session-name', 'e2e']);

describe('ram role list', () => {
  it('json: every role, as ListRoles answers them', async () => {
    const result = await aliaudit(['ram', 'role', 'list', '-o', 'json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const roles = JSON.parse(result.stdout);
    expect(roles.map((r: any) => r.RoleName)).toEqual(expect.arrayContaining(['AuditRole', 'OpsRole', 'OidcRole', 'EcsScanRole']));
    expect(roles.find((r: any) => r.RoleName === 'OpsRole')).toMatchObject({ Arn: role('OpsRole'), MaxSessionDuration: 7200 });
  });

  it('table: name, session, day created, ARN, description', async () => {
    const result = await aliaudit(['ram', 'role', 'list', '-o', 'table']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0].split('\t')).toEqual(['NAME', 'MAX SESSION', 'CREATED', 'ARN', 'DESCRIPTION']);
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^OpsRole\\t7200\\t\\d{4}-\\d\\d-\\d\\d\\t${role('OpsRole')}\\tsecond hop of the chain$`)));
  });
});

describe('ram role get', () => {
  it('json: GetRole\'s Role and the attached policies', async () => {
    const details = await roleJson('AuditRole');
    expect(details.Role).toMatchObject({ RoleName: 'AuditRole', Arn: role('AuditRole'), MaxSessionDuration: 3600 });
    expect(JSON.parse(details.Role.AssumeRolePolicyDocument).Statement[0].Principal).toEqual({ RAM: [`acs:ram::${ACCOUNT}:root`] });
    expect(details.Policies.map((p: any) => `${p.PolicyName}/${p.PolicyType}`)).toEqual([
      'AliyunRAMReadOnlyAccess/System',
      'AliyunSTSAssumeRoleAccess/System',
    ]);
  });

  it('table: the facts, then the trust policy pretty-printed', async () => {
    const result = await aliaudit(['ram', 'role', 'get', 'PartnerRole', '-o', 'table']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^arn\tacs:ram::1234567890123456:role\/PartnerRole$/m);
    expect(result.stdout).toMatch(/^policies\tReadOnlyAccess \(System\)$/m);
    expect(result.stdout).toContain('\ntrust policy:\n{\n  "Version": "1",\n  "Statement": [\n');
    expect(result.stdout).toContain('        "StringEquals": {\n          "sts:ExternalId": "abcd1234"\n        }');
  });

  it('an unknown role: EntityNotExist.Role and the command that lists roles', async () => {
    const result = await aliaudit(['ram', 'role', 'get', 'NoSuchRole']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error: EntityNotExist\.Role: /);
    expect(result.stderr).toContain('hint: there is no role named NoSuchRole; list them: aliaudit ram role list');
  });
});

describe('ram role create', () => {
  it('--trusted-account: the new role can be assumed at once with sts assume-role', async () => {
    const refused = await assumeAsAlice('Trusting');
    expect(refused.code).toBe(1);
    const created = await aliaudit(['ram', 'role', 'create', 'Trusting', '--trusted-account', ACCOUNT, '-o', 'json']);
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ RoleName: 'Trusting', Arn: role('Trusting'), MaxSessionDuration: 3600 });
    expect(created.stderr).toBe(`Created role Trusting: ${role('Trusting')}\n`);
    const assumed = await assumeAsAlice('Trusting');
    expect(assumed.stderr).toBe('');
    expect(assumed.code).toBe(0);
    expect(JSON.parse(assumed.stdout).AssumedRoleUser.Arn).toBe(`${role('Trusting')}/e2e`);
  });

  it('--trusted-service with a description and session length', async () => {
    const result = await aliaudit([
      'ram', 'role', 'create', 'EcsApp', '--trusted-service', 'ecs.aliyuncs.com', '--description', 'for the web tier',
      '--max-session-duration', '7200',
    ]);
    expect(result.code).toBe(0);
    const { Role } = await roleJson('EcsApp');
    expect(Role).toMatchObject({ Description: 'for the web tier', MaxSessionDuration: 7200 });
    expect(JSON.parse(Role.AssumeRolePolicyDocument)).toEqual({
      Version: '1',
      Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: ['ecs.aliyuncs.com'] } }],
    });
  });

  it('--trusted-oidc-provider with --oidc-audience: a token of that provider assumes it', async () => {
    const created = await aliaudit(['ram', 'role', 'create', 'PodRole', '--trusted-oidc-provider', OIDC_PROVIDER, '--oidc-audience', 'sts.aliyuncs.com']);
    expect(created.code).toBe(0);
    const { Role } = await roleJson('PodRole');
    expect(JSON.parse(Role.AssumeRolePolicyDocument).Statement).toEqual([
      { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Federated: [OIDC_PROVIDER] }, Condition: { StringEquals: { 'oidc:aud': 'sts.aliyuncs.com' } } },
    ]);
    const tokenFile = join(dir, 'pod-token');
    writeFileSync(tokenFile, oidcToken());
    const assumed = await aliaudit(['sts', 'assume-role-with-oidc', '--role-arn', role('PodRole'), '--oidc-provider-arn', OIDC_PROVIDER,
      '--oidc-token-file', tokenFile, '--region', 'cn-hangzhou']);
    expect(assumed.stderr).toBe('');
    expect(assumed.code).toBe(0);
  });

  it('--trust-policy @file: any trust policy, sent as written', async () => {
    const file = join(dir, 'trust.json');
    const trust = { Version: '1', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: [`acs:ram::${ACCOUNT}:user/alice`] } }] };
    writeFileSync(file, JSON.stringify(trust, null, 2));
    const result = await aliaudit(['ram', 'role', 'create', 'AliceOnly', '--trust-policy', `@${file}`]);
    expect(result.code).toBe(0);
    expect(JSON.parse((await roleJson('AliceOnly')).Role.AssumeRolePolicyDocument)).toEqual(trust);
    expect((await assumeAsAlice('AliceOnly')).code).toBe(0);
  });

  it('a role that exists: EntityAlreadyExists.Role and how to change it instead', async () => {
    const result = await aliaudit(['ram', 'role', 'create', 'AuditRole', '--trusted-account', ACCOUNT]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error: EntityAlreadyExists\.Role: /);
    expect(result.stderr).toContain('aliaudit ram role update AuditRole');
  });
});

describe('ram role create: bad input is refused before any change', () => {
  const writeTrust = (name: string, value: unknown) => {
    const file = join(dir, name);
    writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
    return `@${file}`;
  };
  const cases: [string, () => string[], RegExp][] = [
    ['a trust document without Principal',
      () => ['--trust-policy', writeTrust('no-principal.json', { Version: '1', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] })],
      /--trust-policy: Statement\[0\]\.Principal is missing: a trust policy must say who may assume the role/],
    ['a trust document that is not JSON', () => ['--trust-policy', writeTrust('bad.json', '{\n  "Version": "1",\n  "Statement": [\n}')],
      /--trust-policy is not valid JSON: expected a value, found '}' at line 4, column 1/],
    ['a trust document over 2,048 characters', () => ['--trust-policy', writeTrust('big.json', {
      Version: '1',
      Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: Array.from({ length: 80 }, (_, i) => `acs:ram::${1e15 + i}:root`) } }],
    })], /--trust-policy is [\d,]+ characters long without spaces; RAM allows at most 2,048 for a trust policy/],
    ['a 2-digit account', () => ['--trusted-account', '12'], /--trusted-account "12" is not an Alibaba Cloud account id/],
    ['a service without its domain', () => ['--trusted-service', 'ecs'], /--trusted-service "ecs" is not a cloud service name/],
    ['a session of 100 seconds', () => ['--trusted-account', ACCOUNT, '--max-session-duration', '100'], /--max-session-duration 100 is out of range/],
    ['a session of 13 hours', () => ['--trusted-account', ACCOUNT, '--max-session-duration', '46800'], /--max-session-duration 46800 is out of range/],
    ['no trust at all', () => [], /role Refused needs a trust policy: who may assume it/],
    ['a policy and a shortcut', () => ['--trust-policy', '{}', '--trusted-account', ACCOUNT], /--trust-policy cannot be combined with/],
  ];
  for (const [name, flags, message] of cases) {
    it(`${name}: exit 2, the problem and a hint, no role`, async () => {
      const result = await aliaudit(['ram', 'role', 'create', 'Refused', ...flags()]);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toContain('hint:');
      expect(await roleJson('Refused')).toBeUndefined();
    });
  }

  it('a name RAM does not allow for a role', async () => {
    const result = await aliaudit(['ram', 'role', 'create', 'bad_name', '--trusted-account', ACCOUNT]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/role name "bad_name" is not a valid name/);
    expect(await roleJson('bad_name')).toBeUndefined();
  });
});

describe('ram role update', () => {
  it('changes the session length and description, keeping the trust policy', async () => {
    expect((await aliaudit(['ram', 'role', 'create', 'Changing', '--trusted-account', ACCOUNT])).code).toBe(0);
    const before = (await roleJson('Changing')).Role;
    const result = await aliaudit(['ram', 'role', 'update', 'Changing', '--max-session-duration', '43200', '--description', 'twelve hours']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('Updated role Changing.\n');
    const after = (await roleJson('Changing')).Role;
    expect(after).toMatchObject({ MaxSessionDuration: 43200, Description: 'twelve hours' });
    expect(after.AssumeRolePolicyDocument).toBe(before.AssumeRolePolicyDocument);
  });

  it('a --trusted-* flag replaces the trust policy: the next AssumeRole is judged by the new one', async () => {
    expect((await aliaudit(['ram', 'role', 'create', 'Retrusted', '--trusted-account', ACCOUNT])).code).toBe(0);
    expect((await assumeAsAlice('Retrusted')).code).toBe(0);
    expect((await aliaudit(['ram', 'role', 'update', 'Retrusted', '--trusted-service', 'ecs.aliyuncs.com'])).code).toBe(0);
    const refused = await assumeAsAlice('Retrusted');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/error: NoPermission: /);
  });

  it('nothing to change, or an out-of-range session: exit 2 and the role unchanged', async () => {
    const nothing = await aliaudit(['ram', 'role', 'update', 'AuditRole']);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('nothing to change for role AuditRole');
    const range = await aliaudit(['ram', 'role', 'update', 'AuditRole', '--max-session-duration', '3599']);
    expect(range.code).toBe(2);
    expect(range.stderr).toContain('--max-session-duration 3599 is out of range');
    expect((await roleJson('AuditRole')).Role.MaxSessionDuration).toBe(3600);
  });

  it('an unknown role: EntityNotExist.Role with the list hint', async () => {
    const result = await aliaudit(['ram', 'role', 'update', 'Ghost', '--description', 'x']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('aliaudit ram role list');
  });
});

describe('ram role delete', () => {
  it('with attached policies and no --force: says which block it, changes nothing', async () => {
    const result = await aliaudit(['ram', 'role', 'delete', 'OpsRole', '--yes']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'role OpsRole cannot be deleted while it has 2 attached policies (ReadOnlyAccess, AliyunSTSAssumeRoleAccess)',
    );
    expect(result.stderr).toContain('--force');
    expect((await roleJson('OpsRole')).Policies).toHaveLength(2);
  });

  it('no terminal and no --yes: exit 2 naming --yes, nothing changed', async () => {
    const result = await aliaudit(['ram', 'role', 'delete', 'DeployRole', '--force']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('needs confirmation, and there is no terminal to ask on');
    expect(result.stderr).toContain('pass --yes');
    expect((await roleJson('DeployRole')).Policies).toHaveLength(1);
  });

  it('at a terminal, "n" cancels and nothing changes', async () => {
    const result = await atTerminal(['ram', 'role', 'delete', 'DeployRole', '--force'], 'n\n');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Delete role DeployRole and remove its 1 attached policy (ReadOnlyAccess)? [y/N]');
    expect(result.stderr).toContain('Cancelled: nothing was changed.');
    expect((await roleJson('DeployRole')).Policies).toHaveLength(1);
  });

  it('at a terminal, "y" with --force: detaches each policy, listing it, then deletes', async () => {
    const result = await atTerminal(['ram', 'role', 'delete', 'DeployRole', '--force'], 'y\n');
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('  Detached policy ReadOnlyAccess (System) from role DeployRole.\nDeleted role DeployRole.\n');
    expect(await roleJson('DeployRole')).toBeUndefined();
  });

  it('--yes: a role with no policies goes at once', async () => {
    expect((await aliaudit(['ram', 'role', 'create', 'Short', '--trusted-account', ACCOUNT])).code).toBe(0);
    const result = await aliaudit(['ram', 'role', 'delete', 'Short', '--yes']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('Deleted role Short.\n');
    expect(await roleJson('Short')).toBeUndefined();
  });

  it('an unknown role: EntityNotExist.Role with the list hint', async () => {
    const result = await aliaudit(['ram', 'role', 'delete', 'Ghost', '--yes']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/EntityNotExist\.Role/);
    expect(result.stderr).toContain('aliaudit ram role list');
  });
});
