import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain } from '../helpers/cli.js';
import { startTestEmulator, type RunningEmulator } from '../helpers/emulator.js';
import { cleanEnv } from '../helpers/env.js';
import { startTrapServer, type TrapServer } from '../helpers/trap.js';
import { ACCOUNT } from '../helpers/profiles.js';
import { runAtTerminal, writeRamConfig, writeRamWorld } from './ram-users-world.js';

/** kim starts with one key, used yesterday; lee holds none. */
const { dir, worldPath } = writeRamWorld([
  {
    UserName: 'kim',
    CreateDate: '-90d',
    AccessKeys: [{ AccessKeyId: 'LTAIkim00001', AccessKeySecret: 'kim-secret-0001', Status: 'Active', CreateDate: '-90d', LastUsedDate: '-1d' }],
  },
  { UserName: 'lee', CreateDate: '-9d' },
]);

let emulator: RunningEmulator;
let configPath: string;

beforeAll(async () => {
  emulator = await startTestEmulator(worldPath);
  configPath = writeRamConfig(dir);
});
afterAll(() => emulator?.stop());

const aliaudit = (args: string[], config = configPath) =>
  runMain([...args, '--endpoint', emulator.url, '--config-path', config], { env: cleanEnv() });

/** whoami signed with a key (in a profile of its own), as a script using the new key would be. */
function whoamiWith(id: string, secret: string) {
  const config = writeRamConfig(dir, [{ name: 'key', access_key_id: id, access_key_secret: secret }]);
  return aliaudit(['whoami', '--profile', 'key', '--output', 'json'], config);
}

async function keysOf(user: string): Promise<any[]> {
  const result = await aliaudit(['ram', 'access-key', 'list', '--user', user, '--output', 'json']);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout);
}

let newKey: { AccessKeyId: string; AccessKeySecret: string };

describe('ram access-key list', () => {
  it('json: each key with status, created and when it was last used; never a secret', async () => {
    const keys = await keysOf('kim');
    expect(keys).toEqual([
      { AccessKeyId: 'LTAIkim00001', Status: 'Active', CreateDate: expect.stringMatching(/Z$/), LastUsedDate: expect.stringMatching(/Z$/) },
    ]);
  });

  it('table: id, status, created, last used', async () => {
    const result = await aliaudit(['ram', 'access-key', 'list', '--user', 'kim', '--output', 'table']);
    expect(result.stdout).toMatch(/^ID\tSTATUS\tCREATED\tLAST USED\nLTAIkim00001\tActive\t\d{4}-\d\d-\d\d\t\d{4}-\d\d-\d\d\n$/);
    expect(result.stdout).not.toContain('kim-secret');
  });

  it('a user with no keys: an empty list; an unknown user: EntityNotExist.User', async () => {
    expect(await keysOf('lee')).toEqual([]);
    const missing = await aliaudit(['ram', 'access-key', 'list', '--user', 'nobody']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/EntityNotExist\.User/);
  });

  it('--user is required', async () => {
    const result = await aliaudit(['ram', 'access-key', 'list']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/user/);
  });
});

describe('ram access-key create', () => {
  it('prints the secret once, on stdout only, warns on stderr, and the new key signs the next request', async () => {
    const result = await aliaudit(['ram', 'access-key', 'create', '--user', 'kim', '--output', 'json']);
    expect(result.code).toBe(0);
    newKey = JSON.parse(result.stdout);
    expect(newKey).toMatchObject({ AccessKeyId: expect.stringMatching(/^LTAI/), AccessKeySecret: expect.any(String), Status: 'Active' });
    expect(result.stderr).not.toContain(newKey.AccessKeySecret);
    expect(result.stderr).toContain(`Created access key ${newKey.AccessKeyId} for user kim.`);
    expect(result.stderr).toMatch(/warning: .*cannot be shown again/);

    const listed = await keysOf('kim');
    expect(listed.map((k) => k.AccessKeyId)).toEqual(expect.arrayContaining(['LTAIkim00001', newKey.AccessKeyId]));
    expect(JSON.stringify(listed)).not.toContain(newKey.AccessKeySecret);

    const whoami = await whoamiWith(newKey.AccessKeyId, newKey.AccessKeySecret);
    expect(whoami.stderr).toBe('');
    expect(JSON.parse(whoami.stdout).identity).toMatchObject({ Arn: `acs:ram::${ACCOUNT}:user/kim`, IdentityType: 'RAMUser' });
  });

  it('over the limit of 2: refused with the limit and the fix, and no key made', async () => {
    const result = await aliaudit(['ram', 'access-key', 'create', '--user', 'kim']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`user kim already has 2 access keys (LTAIkim00001, ${newKey.AccessKeyId}), the most RAM allows (2)`);
    expect(result.stderr).toContain('aliaudit ram access-key delete <key-id> --user kim');
    expect(await keysOf('kim')).toHaveLength(2);
  });

  it('table: the id and the secret', async () => {
    const result = await aliaudit(['ram', 'access-key', 'create', '--user', 'lee', '--output', 'table']);
    expect(result.code).toBe(0);
    const [header, row] = result.stdout.trimEnd().split('\n');
    expect(header).toBe('ID\tSECRET');
    const [id, secret] = row.split('\t');
    expect(result.stderr).not.toContain(secret);
    expect((await whoamiWith(id, secret)).code).toBe(0);
  });
});

describe('ram access-key disable, enable, delete', () => {
  it('disable without a terminal and without --yes: exit 2 naming --yes, the key stays Active', async () => {
    const result = await aliaudit(['ram', 'access-key', 'disable', newKey.AccessKeyId, '--user', 'kim']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--yes');
    expect((await keysOf('kim')).find((k) => k.AccessKeyId === newKey.AccessKeyId).Status).toBe('Active');
  });

  it('disable --yes: the key is refused at once; enable: it signs again', async () => {
    const disabled = await aliaudit(['ram', 'access-key', 'disable', newKey.AccessKeyId, '--user', 'kim', '--yes']);
    expect(disabled.code).toBe(0);
    expect(disabled.stderr).toBe(`Disabled access key ${newKey.AccessKeyId} of user kim.\n`);
    const refused = await whoamiWith(newKey.AccessKeyId, newKey.AccessKeySecret);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('InvalidAccessKeyId.Inactive');

    const enabled = await aliaudit(['ram', 'access-key', 'enable', newKey.AccessKeyId, '--user', 'kim']);
    expect(enabled.code).toBe(0);
    expect(enabled.stderr).toBe(`Enabled access key ${newKey.AccessKeyId} of user kim.\n`);
    expect((await whoamiWith(newKey.AccessKeyId, newKey.AccessKeySecret)).code).toBe(0);
  });

  it('disable at a terminal asks first', async () => {
    const result = await runAtTerminal(
      ['ram', 'access-key', 'disable', newKey.AccessKeyId, '--user', 'kim', '--endpoint', emulator.url, '--config-path', configPath],
      'n\n',
    );
    expect(result.stderr).toContain(`Disable access key ${newKey.AccessKeyId} of user kim? [y/N] `);
    expect(result.code).toBe(1);
    expect((await keysOf('kim')).find((k) => k.AccessKeyId === newKey.AccessKeyId).Status).toBe('Active');
  });

  it('delete at a terminal: "n" keeps the key, "y" deletes it, and the deleted key no longer works', async () => {
    const args = ['ram', 'access-key', 'delete', newKey.AccessKeyId, '--user', 'kim', '--endpoint', emulator.url, '--config-path', configPath];
    const kept = await runAtTerminal(args, 'n\n');
    expect(kept.code).toBe(1);
    expect(kept.stderr).toContain('Cancelled: nothing was changed.');
    expect(await keysOf('kim')).toHaveLength(2);

    const deleted = await runAtTerminal(args, 'y\n');
    expect(deleted.stderr).toContain(`Delete access key ${newKey.AccessKeyId} of user kim? [y/N] `);
    expect(deleted.code).toBe(0);
    expect((await keysOf('kim')).map((k) => k.AccessKeyId)).toEqual(['LTAIkim00001']);
    const refused = await whoamiWith(newKey.AccessKeyId, newKey.AccessKeySecret);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('InvalidAccessKeyId.NotFound');
  });

  it('delete --yes of a key the user does not hold: EntityNotExist.User.AccessKey, exit 1', async () => {
    const result = await aliaudit(['ram', 'access-key', 'delete', 'LTAIbob00001', '--user', 'kim', '--yes']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/EntityNotExist\.User\.AccessKey/);
  });

  it('delete without --yes and without a terminal: exit 2, the key kept', async () => {
    const result = await aliaudit(['ram', 'access-key', 'delete', 'LTAIkim00001', '--user', 'kim']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--yes');
    expect(await keysOf('kim')).toHaveLength(1);
  });
});

describe('bad input is refused before any call', () => {
  let trap: TrapServer;
  beforeAll(async () => {
    trap = await startTrapServer();
  });
  afterAll(() => trap.close());

  const cases: [string, string[], RegExp][] = [
    ['a key id with a space', ['ram', 'access-key', 'enable', 'LTAI x', '--user', 'kim'], /key id "LTAI x" is not an access key id/],
    ['a key id with a slash', ['ram', 'access-key', 'delete', 'LTAI/1', '--user', 'kim', '--yes'], /key id "LTAI\/1" is not an access key id/],
    ['a bad --user', ['ram', 'access-key', 'create', '--user', 'a b'], /--user "a b" is not a valid name/],
    ['a bad --user on list', ['ram', 'access-key', 'list', '--user', 'kim!'], /--user "kim!" is not a valid name/],
  ];

  for (const [name, args, message] of cases) {
    it(`${name}: exit 2, the field named, no request made`, async () => {
      const before = trap.requests();
      const result = await runMain([...args, '--endpoint', trap.url, '--config-path', configPath], { env: cleanEnv() });
      expect(result.stderr).toMatch(message);
      expect(result.code).toBe(2);
      expect(trap.requests()).toBe(before);
    });
  }
});
