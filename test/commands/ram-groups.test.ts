import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain } from '../helpers/cli.js';
import { startTestEmulator, type RunningEmulator } from '../helpers/emulator.js';
import { cleanEnv } from '../helpers/env.js';
import { runAtTerminal, writeRamConfig, writeRamWorld } from './ram-users-world.js';

/** ivy has a key and no policies of her own; jack and kim hold nothing. */
const { dir, worldPath } = writeRamWorld([
  { UserName: 'ivy', CreateDate: '-5d', AccessKeys: [{ AccessKeyId: 'LTAIivy00001', AccessKeySecret: 'ivy-secret-0001', Status: 'Active', CreateDate: '-5d' }] },
  { UserName: 'jack', CreateDate: '-5d' },
  { UserName: 'kim', CreateDate: '-5d' },
]);
let emulator: RunningEmulator;
let configPath: string;

beforeAll(async () => {
  emulator = await startTestEmulator(worldPath);
  configPath = writeRamConfig(dir, [{ name: 'ivy', access_key_id: 'LTAIivy00001', access_key_secret: 'ivy-secret-0001' }]);
});
afterAll(() => emulator?.stop());

const common = () => ['--endpoint', emulator.url, '--config-path', configPath];
const aliaudit = (args: string[]) => runMain([...args, ...common()], { env: cleanEnv() });
const atTerminal = (args: string[], answer: string) => runAtTerminal([...args, ...common()], answer);

async function groupJson(name: string) {
  const result = await aliaudit(['ram', 'group', 'get', name, '-o', 'json']);
  return result.code === 0 ? JSON.parse(result.stdout) : undefined;
}
const members = async (group: string) => (await groupJson(group))?.Users.map((u: any) => u.UserName);

describe('ram group list and get', () => {
  it('list json: ListGroups\' items', async () => {
    const result = await aliaudit(['ram', 'group', 'list', '-o', 'json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      expect.objectContaining({ GroupName: 'auditors', Comments: 'read-only auditors', GroupId: expect.any(String) }),
    ]);
  });

  it('list table and csv', async () => {
    const table = await aliaudit(['ram', 'group', 'list', '-o', 'table']);
    expect(table.stdout).toMatch(/^NAME\tCREATED\tCOMMENTS\nauditors\t\d{4}-\d\d-\d\d\tread-only auditors\n$/);
    const csv = await aliaudit(['ram', 'group', 'list', '-o', 'csv']);
    expect(csv.stdout).toMatch(/^name,created,comments\r\nauditors,\d{4}-\d\d-\d\d,read-only auditors\r\n$/);
  });

  it('get: the group, its members and its policies', async () => {
    const details = await groupJson('auditors');
    expect(details.Group).toMatchObject({ GroupName: 'auditors', Comments: 'read-only auditors' });
    expect(details.Users).toEqual([expect.objectContaining({ UserName: 'alice', DisplayName: 'Alice', JoinDate: expect.any(String) })]);
    expect(details.Policies).toEqual([expect.objectContaining({ PolicyName: 'ReadOnlyAccess', PolicyType: 'System' })]);
    const table = await aliaudit(['ram', 'group', 'get', 'auditors', '-o', 'table']);
    expect(table.stdout).toMatch(/^members\talice$/m);
    expect(table.stdout).toMatch(/^policies\tReadOnlyAccess \(System\)$/m);
  });

  it('get of an unknown group: EntityNotExist.Group with the list hint', async () => {
    const result = await aliaudit(['ram', 'group', 'get', 'ghosts']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error: EntityNotExist\.Group: /);
    expect(result.stderr).toContain('hint: there is no group named ghosts; list them: aliaudit ram group list');
  });
});

describe('ram group create', () => {
  it('creates a group with comments', async () => {
    const result = await aliaudit(['ram', 'group', 'create', 'devs', '--comments', 'the developers', '-o', 'json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ GroupName: 'devs', Comments: 'the developers' });
    expect(result.stderr).toBe('Created group devs.\n');
    expect((await groupJson('devs')).Group.Comments).toBe('the developers');
  });

  it('a group that exists: EntityAlreadyExists.Group', async () => {
    const result = await aliaudit(['ram', 'group', 'create', 'auditors']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error: EntityAlreadyExists\.Group: /);
  });

  it('a bad name or over-long comments: exit 2, no group', async () => {
    const name = await aliaudit(['ram', 'group', 'create', 'the devs']);
    expect(name.code).toBe(2);
    expect(name.stderr).toContain('group name "the devs" is not a valid name');
    const comments = await aliaudit(['ram', 'group', 'create', 'chatty', '--comments', 'x'.repeat(129)]);
    expect(comments.code).toBe(2);
    expect(comments.stderr).toContain('--comments is longer than 128 characters');
    expect(await groupJson('chatty')).toBeUndefined();
  });
});

describe('membership', () => {
  it('add-user: the member gains the group\'s policies on the next call', async () => {
    expect((await aliaudit(['ram', 'group', 'create', 'readers'])).code).toBe(0);
    expect((await aliaudit(['ram', 'attach', '--policy', 'AliyunRAMReadOnlyAccess', '--group', 'readers'])).code).toBe(0);
    const before = await aliaudit(['ram', 'group', 'list', '--profile', 'ivy']);
    expect(before.code).toBe(1);
    expect(before.stderr).toMatch(/NoPermission/);

    const added = await aliaudit(['ram', 'group', 'add-user', 'readers', 'ivy']);
    expect(added.code).toBe(0);
    expect(added.stderr).toBe('Added user ivy to group readers.\n');
    expect(await members('readers')).toEqual(['ivy']);
    expect((await aliaudit(['ram', 'group', 'list', '--profile', 'ivy'])).code).toBe(0);
  });

  it('add-user twice, or of an unknown user: the API\'s refusal with a hint', async () => {
    const twice = await aliaudit(['ram', 'group', 'add-user', 'auditors', 'alice']);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/EntityAlreadyExists\.User\.Group/);
    expect(twice.stderr).toContain('alice is in group auditors already');
    const unknown = await aliaudit(['ram', 'group', 'add-user', 'auditors', 'nobody']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('there is no user named nobody; list them: aliaudit ram user list');
  });

  it('remove-user without a terminal and without --yes: exit 2, still a member', async () => {
    const result = await aliaudit(['ram', 'group', 'remove-user', 'readers', 'ivy']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Remove user ivy from group readers: needs confirmation');
    expect(await members('readers')).toEqual(['ivy']);
  });

  it('remove-user at a terminal: "n" keeps the member, "y" removes it and the group\'s policies stop applying', async () => {
    const kept = await atTerminal(['ram', 'group', 'remove-user', 'readers', 'ivy'], 'n\n');
    expect(kept.code).toBe(1);
    expect(kept.stderr).toContain('Cancelled: nothing was changed.');
    expect(await members('readers')).toEqual(['ivy']);
    const removed = await atTerminal(['ram', 'group', 'remove-user', 'readers', 'ivy'], 'y\n');
    expect(removed.code).toBe(0);
    expect(removed.stderr).toContain('Removed user ivy from group readers.');
    expect(await members('readers')).toEqual([]);
    expect((await aliaudit(['ram', 'group', 'list', '--profile', 'ivy'])).code).toBe(1);
  });

  it('remove-user --yes of a user not in the group: the API\'s refusal with a hint', async () => {
    const result = await aliaudit(['ram', 'group', 'remove-user', 'readers', 'jack', '--yes']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/EntityNotExist\.User\.Group/);
    expect(result.stderr).toContain('jack is not in group readers; see its members: aliaudit ram group get readers');
  });
});

describe('ram group delete', () => {
  it('with members and policies, no --force: says which block it, changes nothing', async () => {
    expect((await aliaudit(['ram', 'group', 'create', 'crowded'])).code).toBe(0);
    for (const user of ['jack', 'kim']) expect((await aliaudit(['ram', 'group', 'add-user', 'crowded', user])).code).toBe(0);
    expect((await aliaudit(['ram', 'attach', '--policy', 'ReadOnlyAccess', '--group', 'crowded'])).code).toBe(0);
    const result = await aliaudit(['ram', 'group', 'delete', 'crowded', '--yes']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('group crowded cannot be deleted while it has 2 members (jack, kim) and 1 attached policy (ReadOnlyAccess)');
    expect(result.stderr).toContain('--force');
    expect(await members('crowded')).toEqual(['jack', 'kim']);
  });

  it('--force without a terminal and without --yes: exit 2 naming --yes, nothing changed', async () => {
    const result = await aliaudit(['ram', 'group', 'delete', 'crowded', '--force']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('pass --yes');
    expect(await members('crowded')).toEqual(['jack', 'kim']);
  });

  it('--force --yes: removes each member, detaches each policy, listing them, then deletes', async () => {
    const result = await aliaudit(['ram', 'group', 'delete', 'crowded', '--force', '--yes']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      [
        '  Removed user jack from group crowded.',
        '  Removed user kim from group crowded.',
        '  Detached policy ReadOnlyAccess (System) from group crowded.',
        'Deleted group crowded.',
        '',
      ].join('\n'),
    );
    expect(await groupJson('crowded')).toBeUndefined();
  });

  it('an empty group at a terminal: "y" deletes it', async () => {
    expect((await aliaudit(['ram', 'group', 'create', 'empty'])).code).toBe(0);
    const result = await atTerminal(['ram', 'group', 'delete', 'empty'], 'y\n');
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Delete group empty? [y/N] ');
    expect(await groupJson('empty')).toBeUndefined();
  });

  it('an unknown group: EntityNotExist.Group with the list hint', async () => {
    const result = await aliaudit(['ram', 'group', 'delete', 'ghosts', '--yes']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('aliaudit ram group list');
  });
});
