import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain } from '../helpers/cli.js';
import { startTestEmulator, type RunningEmulator } from '../helpers/emulator.js';
import { cleanEnv } from '../helpers/env.js';
import { startTrapServer, type TrapServer } from '../helpers/trap.js';
import { runAtTerminal, writeRamConfig, writeRamWorld } from './ram-users-world.js';

/** lena and max have an access key and no policies; nora holds nothing. */
const key = (id: string) => [{ AccessKeyId: id, AccessKeySecret: `${id}-secret`, Status: 'Active', CreateDate: '-5d' }];
const { dir, worldPath } = writeRamWorld([
  { UserName: 'lena', CreateDate: '-5d', AccessKeys: key('LTAIlena0001') },
  { UserName: 'max', CreateDate: '-5d', AccessKeys: key('LTAImax00001') },
  { UserName: 'nora', CreateDate: '-5d' },
]);
let emulator: RunningEmulator;
let configPath: string;

beforeAll(async () => {
  emulator = await startTestEmulator(worldPath);
  configPath = writeRamConfig(dir, [
    { name: 'lena', access_key_id: 'LTAIlena0001', access_key_secret: 'LTAIlena0001-secret' },
    { name: 'max', access_key_id: 'LTAImax00001', access_key_secret: 'LTAImax00001-secret' },
  ]);
});
afterAll(() => emulator?.stop());

const options = (endpoint: string) => ['--endpoint', endpoint, '--config-path', configPath];
const aliaudit = (args: string[], endpoint = emulator.url) => runMain([...args, ...options(endpoint)], { env: cleanEnv() });
const atTerminal = (args: string[], answer: string) => runAtTerminal([...args, ...options(emulator.url)], answer);
const json = async (args: string[]) => {
  const result = await aliaudit([...args, '-o', 'json']);
  return result.code === 0 ? JSON.parse(result.stdout) : undefined;
};
const attached = async (flag: string, name: string) =>
  ((await json(['ram', 'policies', flag, name])) ?? []).map((p: any) => `${p.PolicyName}/${p.PolicyType}`);

function documentFile(name: string, document: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof document === 'string' ? document : JSON.stringify(document, null, 2));
  return `@${file}`;
}
const allow = (actions: string | string[]) => ({ Version: '1', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });

describe('ram policy list', () => {
  it('--type System and --type Custom: every policy of that kind, across pages', async () => {
    const system = await json(['ram', 'policy', 'list', '--type', 'System']);
    expect(system.length).toBeGreaterThan(5);
    expect(system.every((p: any) => p.PolicyType === 'System')).toBe(true);
    expect(system.map((p: any) => p.PolicyName)).toEqual(expect.arrayContaining(['AdministratorAccess', 'AliyunRAMReadOnlyAccess']));
    const custom = await json(['ram', 'policy', 'list', '--type', 'Custom']);
    expect(custom).toEqual([expect.objectContaining({ PolicyName: 'ops-admin', PolicyType: 'Custom', DefaultVersion: 'v1' })]);
    const all = await json(['ram', 'policy', 'list']);
    expect(all).toHaveLength(system.length + custom.length);
  });

  it('table: name, type, default version, attachments, day updated, description', async () => {
    const result = await aliaudit(['ram', 'policy', 'list', '--type', 'Custom', '-o', 'table']);
    expect(result.stdout).toMatch(/^NAME\tTYPE\tVERSION\tATTACHED\tUPDATED\tDESCRIPTION\nops-admin\tCustom\tv1\t0\t\d{4}-\d\d-\d\d\ttoo broad on purpose\n$/);
  });

  it('a type RAM does not have: usage error', async () => {
    const result = await aliaudit(['ram', 'policy', 'list', '--type', 'Managed']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Invalid values/);
  });
});

describe('ram policy get', () => {
  it('finds a custom policy without --type, and prints its document pretty-printed', async () => {
    const result = await aliaudit(['ram', 'policy', 'get', 'ops-admin', '-o', 'table']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^type\tCustom$/m);
    expect(result.stdout).toContain('\ndocument (v1):\n{\n  "Version": "1",\n  "Statement": [\n    {\n      "Effect": "Allow",');
  });

  it('finds a system policy without --type; json is GetPolicy\'s Policy and the version shown', async () => {
    const details = await json(['ram', 'policy', 'get', 'AliyunRAMReadOnlyAccess']);
    expect(details.Policy).toMatchObject({ PolicyName: 'AliyunRAMReadOnlyAccess', PolicyType: 'System', DefaultVersion: 'v1' });
    expect(details.PolicyVersion).toMatchObject({ VersionId: 'v1', IsDefaultVersion: true });
    expect(JSON.parse(details.PolicyVersion.PolicyDocument).Version).toBe('1');
  });

  it('--type names the kind: a custom policy asked for as System is not found, with a hint', async () => {
    const result = await aliaudit(['ram', 'policy', 'get', 'ops-admin', '--type', 'System']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error: EntityNotExist\.Policy: /);
    expect(result.stderr).toContain('hint: there is no System policy named ops-admin; list them: aliaudit ram policy list --type System');
  });

  it('an unknown policy: the hint names the list of custom policies', async () => {
    const result = await aliaudit(['ram', 'policy', 'get', 'no-such-policy']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('aliaudit ram policy list --type Custom');
  });
});

describe('custom policies and their versions', () => {
  it('create from @file, then versions, update, set-default and get --version', async () => {
    const created = await aliaudit(['ram', 'policy', 'create', 'ecs-read', '--document', documentFile('v1.json', allow('ecs:Describe*')),
      '--description', 'read ECS', '-o', 'json']);
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ PolicyName: 'ecs-read', PolicyType: 'Custom', DefaultVersion: 'v1', Description: 'read ECS' });
    expect(created.stderr).toContain('Created policy ecs-read.');

    const added = await aliaudit(['ram', 'policy', 'update', 'ecs-read', '--document', JSON.stringify(allow(['ecs:Describe*', 'ecs:List*'])), '-o', 'json']);
    expect(added.code).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ VersionId: 'v2', IsDefaultVersion: false });
    expect(added.stderr).toContain('aliaudit ram policy set-default ecs-read --version v2');

    const versions = await aliaudit(['ram', 'policy', 'versions', 'ecs-read', '-o', 'table']);
    expect(versions.stdout).toMatch(/^VERSION\tDEFAULT\tCREATED\nv1\tyes\t\d{4}-\d\d-\d\d\nv2\t\t\d{4}-\d\d-\d\d\n$/);

    const setDefault = await aliaudit(['ram', 'policy', 'set-default', 'ecs-read', '--version', 'v2']);
    expect(setDefault.code).toBe(0);
    expect(setDefault.stderr).toBe('Version v2 of policy ecs-read is the default now.\n');
    const current = await json(['ram', 'policy', 'get', 'ecs-read']);
    expect(current.Policy.DefaultVersion).toBe('v2');
    expect(JSON.parse(current.PolicyVersion.PolicyDocument).Statement[0].Action).toEqual(['ecs:Describe*', 'ecs:List*']);

    const old = await json(['ram', 'policy', 'get', 'ecs-read', '--version', 'v1']);
    expect(old.PolicyVersion).toMatchObject({ VersionId: 'v1', IsDefaultVersion: false });
    expect(JSON.parse(old.PolicyVersion.PolicyDocument).Statement[0].Action).toBe('ecs:Describe*');

    const third = await aliaudit(['ram', 'policy', 'update', 'ecs-read', '--document', JSON.stringify(allow('ecs:*')), '--set-default']);
    expect(third.code).toBe(0);
    expect(third.stderr).toContain('Added version v3 of policy ecs-read; it is the default now.');
    expect((await json(['ram', 'policy', 'versions', 'ecs-read'])).map((v: any) => `${v.VersionId}:${v.IsDefaultVersion}`)).toEqual([
      'v1:false', 'v2:false', 'v3:true',
    ]);
  });

  it('a sixth version: LimitExceeded with the --rotate hint; --rotate drops the oldest non-default one', async () => {
    expect((await aliaudit(['ram', 'policy', 'create', 'busy', '--document', JSON.stringify(allow('ecs:A'))])).code).toBe(0);
    for (const action of ['ecs:B', 'ecs:C', 'ecs:D', 'ecs:E']) {
      expect((await aliaudit(['ram', 'policy', 'update', 'busy', '--document', JSON.stringify(allow(action))])).code).toBe(0);
    }
    const refused = await aliaudit(['ram', 'policy', 'update', 'busy', '--document', JSON.stringify(allow('ecs:F'))]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/LimitExceeded\.Policy\.Version/);
    expect(refused.stderr).toContain('pass --rotate');
    const rotated = await aliaudit(['ram', 'policy', 'update', 'busy', '--document', JSON.stringify(allow('ecs:F')), '--rotate']);
    expect(rotated.code).toBe(0);
    expect((await json(['ram', 'policy', 'versions', 'busy'])).map((v: any) => v.VersionId)).toEqual(['v1', 'v3', 'v4', 'v5', 'v6']);
  });

  it('set-default of a version that does not exist, or of a system policy: the API\'s refusal with a hint', async () => {
    const missing = await aliaudit(['ram', 'policy', 'set-default', 'ops-admin', '--version', 'v9']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('aliaudit ram policy versions ops-admin');
    const system = await aliaudit(['ram', 'policy', 'set-default', 'AdministratorAccess', '--version', 'v1']);
    expect(system.code).toBe(1);
    expect(system.stderr).toContain('system policies cannot be changed');
  });

  it('a name that exists already: EntityAlreadyExists.Policy', async () => {
    const result = await aliaudit(['ram', 'policy', 'create', 'ops-admin', '--document', JSON.stringify(allow('*'))]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/EntityAlreadyExists\.Policy/);
  });
});

describe('attach and detach', () => {
  it('a detached policy stops the next call', async () => {
    const denied = await aliaudit(['ram', 'role', 'list', '--profile', 'lena']);
    expect(denied.code).toBe(1);

    const attach = await aliaudit(['ram', 'attach', '--policy', 'AliyunRAMReadOnlyAccess', '--user', 'lena']);
    expect(attach.code).toBe(0);
    expect(attach.stderr).toBe('Attached system policy AliyunRAMReadOnlyAccess to user lena.\n');
    expect(await attached('--user', 'lena')).toEqual(['AliyunRAMReadOnlyAccess/System']);
    const allowed = await aliaudit(['ram', 'role', 'list', '--profile', 'lena', '-o', 'json']);
    expect(allowed.code).toBe(0);
    expect(JSON.parse(allowed.stdout).length).toBeGreaterThan(0);

    const detach = await aliaudit(['ram', 'detach', '--policy', 'AliyunRAMReadOnlyAccess', '--user', 'lena', '--yes']);
    expect(detach.code).toBe(0);
    expect(detach.stderr).toBe('Detached system policy AliyunRAMReadOnlyAccess from user lena.\n');
    const refused = await aliaudit(['ram', 'role', 'list', '--profile', 'lena']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/error: NoPermission: /);
    expect(refused.stderr).toContain('ram:ListRoles');
  });

  it('a custom policy found without --policy-type; --policy-type Custom works too', async () => {
    const user = await aliaudit(['ram', 'attach', '--policy', 'ops-admin', '--user', 'nora']);
    expect(user.stderr).toBe('Attached custom policy ops-admin to user nora.\n');
    const group = await aliaudit(['ram', 'attach', '--policy', 'ops-admin', '--policy-type', 'Custom', '--group', 'auditors']);
    expect(group.code).toBe(0);
    expect(await attached('--group', 'auditors')).toEqual(['ReadOnlyAccess/System', 'ops-admin/Custom']);
    const role = await aliaudit(['ram', 'attach', '--policy', 'ops-admin', '--role', 'CiRole']);
    expect(role.code).toBe(0);
  });

  it('ram entities: every user, group and role a policy is attached to', async () => {
    const entities = await json(['ram', 'entities', '--policy', 'ops-admin']);
    expect(entities.Users.map((u: any) => u.UserName)).toEqual(['nora']);
    expect(entities.Groups.map((g: any) => g.GroupName)).toEqual(['auditors']);
    expect(entities.Roles.map((r: any) => r.RoleName)).toEqual(['CiRole']);
    const table = await aliaudit(['ram', 'entities', '--policy', 'ops-admin', '-o', 'table']);
    expect(table.stdout).toMatch(/^KIND\tNAME\tATTACHED\nuser\tnora\t\d{4}-\d\d-\d\d\ngroup\tauditors\t[\d-]+\nrole\tCiRole\t[\d-]+\n$/);
    const system = await json(['ram', 'entities', '--policy', 'AliyunRAMReadOnlyAccess']);
    expect(system.Users.map((u: any) => u.UserName)).toEqual(['bob']);
    expect(system.Roles.map((r: any) => r.RoleName)).toEqual(['AuditRole']);
  });

  it('ram policies: table of a role\'s policies', async () => {
    const result = await aliaudit(['ram', 'policies', '--role', 'AuditRole', '-o', 'table']);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe('POLICY\tTYPE\tVERSION\tATTACHED\tDESCRIPTION');
    expect(result.stdout).toMatch(/^AliyunSTSAssumeRoleAccess\tSystem\tv1\t/m);
  });

  it('detach without a terminal and without --yes: exit 2, still attached', async () => {
    const result = await aliaudit(['ram', 'detach', '--policy', 'ops-admin', '--user', 'nora']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Detach policy ops-admin from user nora: needs confirmation');
    expect(await attached('--user', 'nora')).toEqual(['ops-admin/Custom']);
  });

  it('detach at a terminal: "n" keeps it, "y" detaches', async () => {
    const kept = await atTerminal(['ram', 'detach', '--policy', 'ops-admin', '--user', 'nora'], 'n\n');
    expect(kept.code).toBe(1);
    expect(kept.stderr).toContain('Detach policy ops-admin from user nora? [y/N]');
    expect(await attached('--user', 'nora')).toEqual(['ops-admin/Custom']);
    const gone = await atTerminal(['ram', 'detach', '--policy', 'ops-admin', '--user', 'nora'], 'y\n');
    expect(gone.code).toBe(0);
    expect(await attached('--user', 'nora')).toEqual([]);
  });

  it('detach of a policy that is not attached, attach of one that is: the API\'s refusal with a hint', async () => {
    const detach = await aliaudit(['ram', 'detach', '--policy', 'ops-admin', '--user', 'nora', '--yes']);
    expect(detach.code).toBe(1);
    expect(detach.stderr).toContain('ops-admin is not attached to user nora; see what is: aliaudit ram policies --user nora');
    const attach = await aliaudit(['ram', 'attach', '--policy', 'AliyunRAMReadOnlyAccess', '--user', 'bob']);
    expect(attach.code).toBe(1);
    expect(attach.stderr).toMatch(/EntityAlreadyExists\.User\.Policy/);
  });

  it('an unknown policy: EntityNotExist.Policy with the list hint, nothing attached', async () => {
    const result = await aliaudit(['ram', 'attach', '--policy', 'no-such-policy', '--user', 'max']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error: EntityNotExist\.Policy: /);
    expect(result.stderr).toContain('hint: there is no custom or system policy named no-such-policy; list them: aliaudit ram policy list --type Custom');
    expect(await attached('--user', 'max')).toEqual([]);
  });

  it('an unknown target: EntityNotExist.Role with the list hint', async () => {
    const result = await aliaudit(['ram', 'attach', '--policy', 'ReadOnlyAccess', '--role', 'Ghost']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('there is no role named Ghost; list them: aliaudit ram role list');
  });
});

describe('ram policy delete', () => {
  it('attached somewhere, no --force: says where, changes nothing', async () => {
    expect((await aliaudit(['ram', 'policy', 'create', 'doomed', '--document', JSON.stringify(allow('ecs:Describe*'))])).code).toBe(0);
    expect((await aliaudit(['ram', 'policy', 'update', 'doomed', '--document', JSON.stringify(allow('ecs:List*'))])).code).toBe(0);
    expect((await aliaudit(['ram', 'attach', '--policy', 'doomed', '--user', 'max'])).code).toBe(0);
    expect((await aliaudit(['ram', 'attach', '--policy', 'doomed', '--role', 'CiRole'])).code).toBe(0);
    const result = await aliaudit(['ram', 'policy', 'delete', 'doomed', '--yes']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('policy doomed cannot be deleted while it has 1 user attachment (max) and 1 role attachment (CiRole)');
    expect(await attached('--user', 'max')).toEqual(['doomed/Custom']);
  });

  it('--force at a terminal, "n": nothing changes; "y": detaches from each, then deletes it with its versions', async () => {
    const kept = await atTerminal(['ram', 'policy', 'delete', 'doomed', '--force'], 'n\n');
    expect(kept.code).toBe(1);
    expect(await attached('--role', 'CiRole')).toContain('doomed/Custom');
    const gone = await atTerminal(['ram', 'policy', 'delete', 'doomed', '--force'], 'y\n');
    expect(gone.code).toBe(0);
    expect(gone.stderr).toContain(
      '  Detached policy doomed (Custom) from user max.\n  Detached policy doomed (Custom) from role CiRole.\nDeleted policy doomed.\n',
    );
    expect(await attached('--user', 'max')).toEqual([]);
    expect((await aliaudit(['ram', 'policy', 'get', 'doomed'])).code).toBe(1);
  });

  it('a system policy cannot be deleted: the hint says why', async () => {
    const result = await aliaudit(['ram', 'policy', 'delete', 'ReadOnlyAccess', '--yes']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('system policies cannot be changed');
  });
});

describe('bad input is refused locally, before any call', () => {
  let trap: TrapServer;
  beforeAll(async () => {
    trap = await startTrapServer();
  });
  afterAll(() => trap.close());

  const statement = { Effect: 'Allow', Action: 'ecs:Describe*', Resource: '*' };
  const create = (document: unknown) => ['ram', 'policy', 'create', 'refused', '--document', typeof document === 'string' ? document : JSON.stringify(document)];
  const big = { Version: '1', Statement: [{ ...statement, Resource: Array.from({ length: 400 }, (_, i) => `acs:ecs:*:*:instance/i-${i}`) }] };
  const cases: [string, () => string[], RegExp][] = [
    ['bad JSON', () => create('{"Version": "1",\n "Statement": [{"Effect": "Allow",, "Action": "*"}]}'),
      /--document is not valid JSON: expected a property name in double quotes, found ',' at line 2, column 35/],
    ['a missing Version', () => create({ Statement: [statement] }), /--document: Version is missing/],
    ['Effect Maybe', () => create({ Version: '1', Statement: [{ ...statement, Effect: 'Maybe' }] }), /--document: Statement\[0\]\.Effect must be Allow or Deny, not "Maybe"/],
    ['a missing Resource', () => create({ Version: '1', Statement: [{ Effect: 'Allow', Action: '*' }] }), /--document: Statement\[0\]\.Resource is missing/],
    ['an over-size document', () => ['ram', 'policy', 'create', 'refused', '--document', documentFile('big.json', big)],
      /--document is [\d,]+ characters long without spaces; RAM allows at most 6,144 for a permission policy/],
    ['a document file that does not exist', () => ['ram', 'policy', 'create', 'refused', '--document', '@no-such-file.json'],
      /--document: file no-such-file\.json does not exist/],
    ['a bad document on update', () => ['ram', 'policy', 'update', 'ops-admin', '--document', '{"Version": "2", "Statement": []}'],
      /--document: Version must be the string "1", not "2"/],
    ['attach with two targets', () => ['ram', 'attach', '--policy', 'ReadOnlyAccess', '--user', 'max', '--group', 'auditors'],
      /needs exactly one of --user, --group or --role: got --user and --group/],
    ['detach with no target', () => ['ram', 'detach', '--policy', 'ReadOnlyAccess', '--yes'], /needs exactly one of --user, --group or --role: none was given/],
    ['policies with no target', () => ['ram', 'policies'], /needs exactly one of --user, --group or --role/],
    ['a policy name RAM does not allow', () => ['ram', 'attach', '--policy', 'bad_name', '--user', 'max'], /--policy "bad_name" is not a valid name/],
    ['a version that is not vN', () => ['ram', 'policy', 'get', 'ops-admin', '--version', '2'], /--version "2" is not a policy version/],
    ['a password length of 7', () => ['ram', 'password-policy', 'set', '--minimum-length', '7'], /--minimum-length 7 is out of range/],
  ];
  for (const [name, args, message] of cases) {
    it(`${name}: exit 2, a clear message and hint, no request`, async () => {
      const before = trap.requests();
      const result = await aliaudit(args(), trap.url);
      expect(result.stderr).toMatch(message);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('hint:');
      expect(trap.requests()).toBe(before);
    });
  }

  it('the trap server does count requests (so the checks above can fail)', async () => {
    const before = trap.requests();
    const result = await aliaudit(create({ Version: '1', Statement: [statement] }), trap.url);
    expect(result.code).toBe(1);
    expect(trap.requests()).toBeGreaterThan(before);
  });

  it('and the emulator holds no policy named "refused"', async () => {
    expect((await aliaudit(['ram', 'policy', 'get', 'refused'])).code).toBe(1);
  });
});

describe('ram password-policy', () => {
  it('get: a table of the nine fields with their meaning; json is the API\'s object', async () => {
    const table = await aliaudit(['ram', 'password-policy', 'get', '-o', 'table']);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('FIELD\tVALUE\tFLAG\tMEANING');
    expect(lines).toHaveLength(10);
    expect(lines).toContain('MinimumPasswordLength\t14\t--minimum-length\tPasswords have at least this many characters');
    expect(await json(['ram', 'password-policy', 'get'])).toEqual({
      MinimumPasswordLength: 14, RequireLowercaseCharacters: true, RequireUppercaseCharacters: true, RequireNumbers: true,
      RequireSymbols: true, HardExpiry: false, MaxPasswordAge: 0, PasswordReusePrevention: 5, MaxLoginAttemps: 5,
    });
  });

  it('set: the named fields change, every other keeps its value', async () => {
    const result = await aliaudit(['ram', 'password-policy', 'set', '--minimum-length', '16', '--no-require-symbols', '--max-password-age', '90', '-o', 'json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('Updated the password policy: MinimumPasswordLength 14 → 16, RequireSymbols true → false, MaxPasswordAge 0 → 90.\n');
    const expected = {
      MinimumPasswordLength: 16, RequireLowercaseCharacters: true, RequireUppercaseCharacters: true, RequireNumbers: true,
      RequireSymbols: false, HardExpiry: false, MaxPasswordAge: 90, PasswordReusePrevention: 5, MaxLoginAttemps: 5,
    };
    expect(JSON.parse(result.stdout)).toEqual(expected);
    expect(await json(['ram', 'password-policy', 'get'])).toEqual(expected);
  });

  it('set with nothing to change, or a value out of range: exit 2, policy unchanged', async () => {
    const nothing = await aliaudit(['ram', 'password-policy', 'set']);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('name at least one rule to change');
    const range = await aliaudit(['ram', 'password-policy', 'set', '--max-login-attempts', '33', '--hard-expiry']);
    expect(range.code).toBe(2);
    expect(range.stderr).toContain('--max-login-attempts 33 is out of range');
    expect(await json(['ram', 'password-policy', 'get'])).toMatchObject({ MaxLoginAttemps: 5, HardExpiry: false });
  });

  it('bob (read-only) may read it but not change it', async () => {
    expect((await aliaudit(['ram', 'password-policy', 'get', '--profile', 'bob'])).code).toBe(0);
    const refused = await aliaudit(['ram', 'password-policy', 'set', '--hard-expiry', '--profile', 'bob']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/NoPermission/);
    expect(refused.stderr).toContain('ram:SetPasswordPolicy');
  });
});
