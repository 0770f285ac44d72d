import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { startEmulator } from '../../src/emulator/server.js';
import { loadWorld } from '../../src/emulator/world.js';
import { acs3Call } from './helpers.js';
import { $Ram, ramClient, refusal } from './ram-helpers.js';

const ACCOUNT = '2222333344445555';
const ROOT = { accessKeyId: 'LTAIpagingroot', accessKeySecret: 'paging-root-secret' };
const USERS = 2500;
const name = (i: number) => `user-${String(i).padStart(4, '0')}`;

let emulator: RunningEmulator;
let root: any;
beforeAll(async () => {
  const world = {
    Accounts: [{
      AccountId: ACCOUNT,
      Root: { AccessKeys: [{ AccessKeyId: ROOT.accessKeyId, AccessKeySecret: ROOT.accessKeySecret }] },
      Groups: [{ GroupName: 'everyone' }, ...Array.from({ length: 5 }, (_, i) => ({ GroupName: `team-${i}` }))],
      // Created in reverse name order, so listing by name is visibly not listing by position.
      Users: Array.from({ length: USERS }, (_, i) => ({ UserName: name(USERS - 1 - i), Groups: i < 250 ? ['everyone'] : [] })),
      Roles: Array.from({ length: 3 }, (_, i) => ({
        RoleName: `role-${i}`,
        AssumeRolePolicyDocument: { Version: '1', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: [`acs:ram::${ACCOUNT}:root`] } }] },
      })),
      Policies: Array.from({ length: 3 }, (_, i) => ({
        PolicyName: `custom-${i}`,
        PolicyDocument: { Version: '1', Statement: [{ Effect: 'Allow', Action: 'ecs:Describe*', Resource: '*' }] },
      })),
    }],
  };
  emulator = await startEmulator({ state: loadWorld(world), port: 0 });
  root = ramClient(emulator, ROOT);
});
afterAll(() => emulator.close());

async function allPages(list: (marker?: string) => Promise<any>, items: (body: any) => any[]) {
  const pages: { names: string[]; isTruncated: boolean; marker?: string }[] = [];
  let marker: string | undefined;
  do {
    const body = (await list(marker)).body;
    pages.push({ names: items(body), isTruncated: body.isTruncated, marker: body.marker });
    marker = body.isTruncated ? body.marker : undefined;
  } while (marker);
  return pages;
}

const everyName = Array.from({ length: USERS }, (_, i) => name(i));

describe('RAM Marker paging', () => {
  it('pages 2,500 users 1,000 at a time: 1000, 1000, 500, in name order, Marker only while truncated', async () => {
    const pages = await allPages(
      (marker) => root.listUsers(new $Ram.ListUsersRequest({ maxItems: 1000, marker })),
      (body) => body.users.user.map((u: any) => u.userName),
    );
    expect(pages.map((p) => p.names.length)).toEqual([1000, 1000, 500]);
    expect(pages.map((p) => p.isTruncated)).toEqual([true, true, false]);
    expect(pages[0].marker).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(pages[2].marker).toBeUndefined();
    expect(pages.flatMap((p) => p.names)).toEqual(everyName);
  });

  it('answers 100 per page by default: 25 pages', async () => {
    const pages = await allPages(
      (marker) => root.listUsers(new $Ram.ListUsersRequest({ marker })),
      (body) => body.users.user.map((u: any) => u.userName),
    );
    expect(pages).toHaveLength(25);
    expect(pages.every((p) => p.names.length === 100)).toBe(true);
    expect(pages.flatMap((p) => p.names)).toEqual(everyName);
  });

  it('neither repeats nor skips users when others are created or deleted between pages', async () => {
    const first = (await root.listUsers(new $Ram.ListUsersRequest({ maxItems: 10 }))).body;
    expect(first.users.user.at(-1).userName).toBe(name(9));
    await root.deleteUser(new $Ram.DeleteUserRequest({ userName: name(9) }));
    await root.deleteUser(new $Ram.DeleteUserRequest({ userName: name(10) }));
    await root.createUser(new $Ram.CreateUserRequest({ userName: 'user-0010a' }));
    const second = (await root.listUsers(new $Ram.ListUsersRequest({ maxItems: 3, marker: first.marker }))).body;
    expect(second.users.user.map((u: any) => u.userName)).toEqual(['user-0010a', name(11), name(12)]);
  });

  it('refuses MaxItems outside 1..1000 and a Marker it did not issue', async () => {
    for (const maxItems of [0, 1001]) {
      expect(await refusal(root.listUsers(new $Ram.ListUsersRequest({ maxItems })))).toMatchObject({
        code: 'InvalidParameter.MaxItems',
        status: 400,
      });
    }
    expect(await refusal(root.listUsers(new $Ram.ListUsersRequest({ marker: 'EXAMPLE' })))).toMatchObject({
      code: 'InvalidParameter.Marker',
      status: 400,
    });
  });

  it('pages groups, roles, policies and a group\'s members the same way', async () => {
    const groups = await allPages(
      (marker) => root.listGroups(new $Ram.ListGroupsRequest({ maxItems: 4, marker })),
      (body) => body.groups.group.map((g: any) => g.groupName),
    );
    expect(groups.map((p) => p.names)).toEqual([['everyone', 'team-0', 'team-1', 'team-2'], ['team-3', 'team-4']]);

    const roles = await allPages(
      (marker) => root.listRoles(new $Ram.ListRolesRequest({ maxItems: 2, marker })),
      (body) => body.roles.role.map((r: any) => r.roleName),
    );
    expect(roles.map((p) => p.names)).toEqual([['role-0', 'role-1'], ['role-2']]);

    const custom = await allPages(
      (marker) => root.listPolicies(new $Ram.ListPoliciesRequest({ policyType: 'Custom', maxItems: 2, marker })),
      (body) => body.policies.policy.map((p: any) => p.policyName),
    );
    expect(custom.map((p) => p.names)).toEqual([['custom-0', 'custom-1'], ['custom-2']]);

    const members = await allPages(
      (marker) => root.listUsersForGroup(new $Ram.ListUsersForGroupRequest({ groupName: 'everyone', maxItems: 100, marker })),
      (body) => body.users.user.map((u: any) => u.userName),
    );
    expect(members.map((p) => p.names.length)).toEqual([100, 100, 50]);
    expect(members.flatMap((p) => p.names)).toEqual(everyName.slice(USERS - 250));
  });

  it('lists always answer arrays inside their wrappers, even empty or single', async () => {
    const response = await fetchRaw('ListGroupsForUser', { UserName: name(0) });
    expect(response).toMatchObject({ Groups: { Group: [] } });
    const single = await fetchRaw('ListRoles', { MaxItems: '1' });
    expect(single.Roles.Role).toHaveLength(1);
    expect(single).toMatchObject({ IsTruncated: true, Marker: expect.any(String) });
  });
});

/** The raw JSON body, to see the wire shape the SDK's models would otherwise smooth over. */
async function fetchRaw(action: string, params: Record<string, string>): Promise<any> {
  const answer = await acs3Call(emulator, { action, version: '2015-05-01', params, keys: ROOT });
  expect(answer.status).toBe(200);
  return answer.body;
}
