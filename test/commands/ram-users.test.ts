import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain } from '../helpers/cli.js';
import { startTestEmulator, type RunningEmulator } from '../helpers/emulator.js';
import { cleanEnv } from '../helpers/env.js';
import { startTrapServer, type TrapServer } from '../helpers/trap.js';
import { ACCOUNT } from '../helpers/profiles.js';
import { runAtTerminal, writeRamConfig, writeRamWorld } from './ram-users-world.js';

const GENERATED = 2500;
const MFA_SERIAL = `acs:ram::${ACCOUNT}:mfa/dora`;
const holdsNothing = (name: string) => ({ UserName: name, DisplayName: name, CreateDate: '-5d' });

/** dora holds every kind of thing that blocks DeleteUser; erin, fred, gina and hal hold nothing. */
const { dir, worldPath } = writeRamWorld(
  [
    {
      UserName: 'dora',
      DisplayName: 'Dora',
      CreateDate: '-50d',
      LastLoginDate: '-1d',
      LoginProfile: { CreateDate: '-50d', MFABindRequired: true, PasswordResetRequired: false },
      MFADevice: { SerialNumber: MFA_SERIAL, ActivateDate: '-40d' },
      AccessKeys: [
        { AccessKeyId: 'LTAIdora0001', AccessKeySecret: 'dora-secret-0001', Status: 'Active', CreateDate: '-50d' },
        { AccessKeyId: 'LTAIdora0002', AccessKeySecret: 'dora-secret-0002', Status: 'Inactive', CreateDate: '-20d' },
      ],
      Policies: [
        { PolicyName: 'ReadOnlyAccess', PolicyType: 'System' },
        { PolicyName: 'ops-admin', PolicyType: 'Custom' },
      ],
      Groups: ['auditors'],
    },
    ...['erin', 'fred', 'gina', 'hal'].map(holdsNothing),
  ],
  GENERATED,
);
const TOTAL_USERS = 3 + 5 + GENERATED;

let emulator: RunningEmulator;
let configPath: string;

beforeAll(async () => {
  emulator = await startTestEmulator(worldPath);
  configPath = writeRamConfig(dir);
});
afterAll(() => emulator?.stop());

const common = () => ['--endpoint', emulator.url, '--config-path', configPath];
const aliaudit = (args: string[], input?: string) => runMain([...args, ...common()], { env: cleanEnv(), input });
const atTerminal = (args: string[], answer: string) => runAtTerminal([...args, ...common()], answer);

async function userJson(name: string) {
  const result = await aliaudit(['ram', 'user', 'get', name, '--output', 'json']);
  return result.code === 0 ? JSON.parse(result.stdout) : undefined;
}

describe('ram user list', () => {
  it(`--output json answers every user across pages (${TOTAL_USERS}), in ListUsers' own shape`, async () => {
    const result = await aliaudit(['ram', 'user', 'list', '--output', 'json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const users = JSON.parse(result.stdout);
    expect(users).toHaveLength(TOTAL_USERS);
    expect(new Set(users.map((u: any) => u.UserName)).size).toBe(TOTAL_USERS);
    expect(users.map((u: any) => u.UserName)).toContain('user-02500');
    expect(users[0]).toMatchObject({ UserName: 'alice', DisplayName: 'Alice', UserId: expect.any(String), CreateDate: expect.any(String) });
  });

  it('the table shows every user, one line each, dates shortened', async () => {
    const result = await aliaudit(['ram', 'user', 'list', '--output', 'table']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0].split('\t')).toEqual(['NAME', 'DISPLAY NAME', 'CREATED', 'UPDATED']);
    expect(lines).toHaveLength(TOTAL_USERS + 1);
    expect(lines).toContainEqual(expect.stringMatching(/^user-02500\tUser 2500\t\d{4}-\d\d-\d\d\t\d{4}-\d\d-\d\d$/));
  });

  it('csv: a header row and one row per user', async () => {
    const result = await aliaudit(['ram', 'user', 'list', '--output', 'csv']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toBe('name,display name,created,updated');
    expect(lines).toHaveLength(TOTAL_USERS + 1);
  });
});

describe('ram user get', () => {
  it('json: the user with console access, MFA, keys, groups and policies', async () => {
    const result = await aliaudit(['ram', 'user', 'get', 'dora', '--output', 'json']);
    expect(result.code).toBe(0);
    const details = JSON.parse(result.stdout);
    expect(Object.keys(details).sort()).toEqual(['AccessKeys', 'Groups', 'LoginProfile', 'MFADevice', 'Policies', 'User']);
    expect(details.User).toMatchObject({ UserName: 'dora', LastLoginDate: expect.stringMatching(/Z$/) });
    expect(details.LoginProfile).toMatchObject({ MFABindRequired: true });
    expect(details.MFADevice).toMatchObject({ SerialNumber: MFA_SERIAL });
    expect(details.AccessKeys.map((k: any) => k.AccessKeyId)).toEqual(['LTAIdora0001', 'LTAIdora0002']);
    expect(JSON.stringify(details)).not.toContain('dora-secret');
    expect(details.Groups.map((g: any) => g.GroupName)).toEqual(['auditors']);
    expect(details.Policies.map((p: any) => p.PolicyName)).toEqual(['ReadOnlyAccess', 'ops-admin']);
  });

  it('a user with no console access or MFA leaves both out of the json; the table says so', async () => {
    const details = await userJson('erin');
    expect(details).toEqual({ User: expect.objectContaining({ UserName: 'erin' }), AccessKeys: [], Groups: [], Policies: [] });
    const table = await aliaudit(['ram', 'user', 'get', 'erin', '--output', 'table']);
    expect(table.stdout).toMatch(/^console access\tno$/m);
    expect(table.stdout).toMatch(/^MFA device\tnone$/m);
    expect(table.stdout).toMatch(/^last login\tnever$/m);
  });

  it('table: one fact a line', async () => {
    const result = await aliaudit(['ram', 'user', 'get', 'dora', '--output', 'table']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^console access\tyes, since \d{4}-\d\d-\d\d \(MFA required\)$/m);
    expect(result.stdout).toMatch(new RegExp(`^MFA device\t${MFA_SERIAL}$`, 'm'));
    expect(result.stdout).toMatch(/^access keys\tLTAIdora0001 Active \(created \d{4}-\d\d-\d\d\), LTAIdora0002 Inactive/m);
    expect(result.stdout).toMatch(/^policies\tReadOnlyAccess \(System\), ops-admin \(Custom\)$/m);
  });

  it('an unknown user: the API\'s EntityNotExist.User, exit 1', async () => {
    const result = await aliaudit(['ram', 'user', 'get', 'nobody']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/error: EntityNotExist\.User: /);
  });
});

describe('ram user create and update', () => {
  it('create sets every field, answers the new user and says so on stderr', async () => {
    const result = await aliaudit(['ram', 'user', 'create', 'ivy', '--display-name', 'Ivy', '--email', 'ivy@example.com',
      '--mobile-phone', '86-18600008888', '--comments', 'new hire', '--output', 'json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ UserName: 'ivy', DisplayName: 'Ivy', Email: 'ivy@example.com',
      MobilePhone: '86-18600008888', Comments: 'new hire', UserId: expect.any(String) });
    expect(result.stderr).toBe('Created user ivy.\n');
    expect((await userJson('ivy')).User).toMatchObject({ Comments: 'new hire' });
  });

  it('create of a taken name: EntityAlreadyExists.User, exit 1', async () => {
    const result = await aliaudit(['ram', 'user', 'create', 'alice']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/EntityAlreadyExists\.User/);
  });

  it('update renames and changes fields; the old name is gone', async () => {
    await aliaudit(['ram', 'user', 'create', 'jo']);
    const result = await aliaudit(['ram', 'user', 'update', 'jo', '--new-name', 'joan', '--email', 'joan@example.com', '--output', 'json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ UserName: 'joan', Email: 'joan@example.com' });
    expect(result.stderr).toBe('Updated user jo (now joan).\n');
    expect(await userJson('jo')).toBeUndefined();
    expect((await userJson('joan')).User.Email).toBe('joan@example.com');
  });

  it('update with nothing to change is bad input naming the flags', async () => {
    const result = await aliaudit(['ram', 'user', 'update', 'erin']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('nothing to change for user erin');
    expect(result.stderr).toContain('--display-name');
  });

  it('refused by RAM: bob may only read; the error names the missing permission and a policy that grants it', async () => {
    const result = await aliaudit(['ram', 'user', 'create', 'kid', '--profile', 'bob']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/error: NoPermission: /);
    expect(result.stderr).toContain('ram:CreateUser');
    expect(result.stderr).toContain('AliyunRAMFullAccess');
    expect(result.stderr).toMatch(/request id: \S+/);
    expect(await userJson('kid')).toBeUndefined();
  });
});

describe('ram mfa list', () => {
  it('lists each virtual MFA device with its user', async () => {
    const json = await aliaudit(['ram', 'mfa', 'list', '--output', 'json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([
      { SerialNumber: MFA_SERIAL, ActivateDate: expect.any(String), User: expect.objectContaining({ UserName: 'dora' }) },
    ]);
    const table = await aliaudit(['ram', 'mfa', 'list', '--output', 'table']);
    expect(table.stdout).toMatch(new RegExp(`^SERIAL\tUSER\tACTIVATED\n${MFA_SERIAL}\tdora\t\\d{4}-\\d\\d-\\d\\d\n$`));
  });
});

describe('ram user delete', () => {
  it('without a terminal and without --yes: exit 2 naming --yes, nothing deleted', async () => {
    const result = await aliaudit(['ram', 'user', 'delete', 'erin']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--yes');
    expect(result.stderr).toContain('Delete user erin');
    expect(await userJson('erin')).toBeDefined();
  });

  it('--yes deletes', async () => {
    const result = await aliaudit(['ram', 'user', 'delete', 'fred', '--yes']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('Deleted user fred.\n');
    expect(await userJson('fred')).toBeUndefined();
  });

  it('at a terminal, "n" cancels and nothing is deleted', async () => {
    const result = await atTerminal(['ram', 'user', 'delete', 'gina'], 'n\n');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Delete user gina? [y/N] ');
    expect(result.stderr).toContain('Cancelled: nothing was changed.');
    expect(await userJson('gina')).toBeDefined();
  });

  it('at a terminal, "y" deletes', async () => {
    const result = await atTerminal(['ram', 'user', 'delete', 'hal'], 'y\n');
    expect(result.stderr).toContain('Delete user hal? [y/N] ');
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Deleted user hal.');
    expect(await userJson('hal')).toBeUndefined();
  });

  it('a user holding anything is refused without --force, naming each blocker; nothing changes', async () => {
    const before = await userJson('dora');
    const result = await aliaudit(['ram', 'user', 'delete', 'dora', '--yes']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'user dora cannot be deleted while it has access keys LTAIdora0001, LTAIdora0002; a login profile (console access); ' +
        `MFA device ${MFA_SERIAL}; group auditors; policies ReadOnlyAccess (System), ops-admin (Custom)`,
    );
    expect(result.stderr).toMatch(/hint: .*--force/);
    expect(await userJson('dora')).toEqual(before);
  });

  it('--force at a terminal: asks once naming everything, removes each (listed as it goes), then the user', async () => {
    const result = await atTerminal(['ram', 'user', 'delete', 'dora', '--force'], 'y\n');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr.match(/\? \[y\/N\]/g)).toHaveLength(1);
    expect(result.stderr).toContain(
      'Delete user dora and remove its access keys LTAIdora0001, LTAIdora0002; a login profile (console access); ' +
        `MFA device ${MFA_SERIAL}; group auditors; policies ReadOnlyAccess (System), ops-admin (Custom)? [y/N] `,
    );
    const steps = result.stderr.split('[y/N] ')[1].split('\n').filter(Boolean);
    expect(steps).toEqual([
      '  deleted access key LTAIdora0001',
      '  deleted access key LTAIdora0002',
      '  deleted login profile (console access)',
      `  unbound MFA device ${MFA_SERIAL}`,
      '  removed from group auditors',
      '  detached policy ReadOnlyAccess (System)',
      '  detached policy ops-admin (Custom)',
      'Deleted user dora.',
    ]);
    expect(await userJson('dora')).toBeUndefined();
    const devices = JSON.parse((await aliaudit(['ram', 'mfa', 'list', '--output', 'json'])).stdout);
    expect(devices).toEqual([]);
  });
});

describe('bad input is refused before any call', () => {
  let trap: TrapServer;
  beforeAll(async () => {
    trap = await startTrapServer();
  });
  afterAll(() => trap.close());

  const cases: [string, string[], RegExp][] = [
    ['a user name with a space', ['ram', 'user', 'create', 'bad name'], /user name "bad name" is not a valid name: it has characters RAM does not allow/],
    ['a 65-character user name', ['ram', 'user', 'get', 'x'.repeat(65)], /is longer than 64 characters/],
    ['a malformed email', ['ram', 'user', 'create', 'kit', '--email', 'kit-at-example'], /--email "kit-at-example" is not an email address/],
    ['a malformed mobile phone', ['ram', 'user', 'update', 'erin', '--mobile-phone', '555'], /--mobile-phone "555" is not a mobile number/],
    ['a bad new name', ['ram', 'user', 'update', 'erin', '--new-name', 'a/b'], /--new-name "a\/b" is not a valid name/],
    ['a bad user to delete', ['ram', 'user', 'delete', 'a b', '--force', '--yes'], /user name "a b" is not a valid name/],
  ];

  for (const [name, args, message] of cases) {
    it(`${name}: exit 2, the field named, no request made`, async () => {
      const before = trap.requests();
      const result = await runMain([...args, '--endpoint', trap.url, '--config-path', configPath], { env: cleanEnv() });
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toMatch(/hint: /);
      expect(result.code).toBe(2);
      expect(trap.requests()).toBe(before);
    });
  }
});
