import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { ACCOUNT, KEYS, roleArn, stsClient, stsModels } from './helpers.js';
import { $Ram, API_DATE, ramClient, refusal, startRamWorld } from './ram-helpers.js';

let emulator: RunningEmulator;
let root: any;
beforeAll(async () => ({ emulator, root } = await startRamWorld()));
afterAll(() => emulator.close());

const account = () => emulator.state.Accounts.get(ACCOUNT)!;
const trust = (principal: string) =>
  JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: [principal] } }] });

describe('groups', () => {
  it('CreateGroup, GetGroup, ListGroups and UpdateGroup (rename keeps members)', async () => {
    const created = (await root.createGroup(new $Ram.CreateGroupRequest({ groupName: 'devs', comments: 'developers' }))).body.group;
    expect(created).toMatchObject({ groupName: 'devs', comments: 'developers', groupId: expect.stringMatching(/^g-[A-Za-z0-9]{16}$/), createDate: expect.stringMatching(API_DATE) });
    expect((await root.getGroup(new $Ram.GetGroupRequest({ groupName: 'devs' }))).body.group).toMatchObject({ groupId: created.groupId, updateDate: expect.stringMatching(API_DATE) });
    expect((await root.listGroups(new $Ram.ListGroupsRequest({}))).body.groups.group.map((g: any) => g.groupName)).toEqual(['auditors', 'devs']);

    await root.addUserToGroup(new $Ram.AddUserToGroupRequest({ groupName: 'devs', userName: 'bob' }));
    const renamed = (await root.updateGroup(new $Ram.UpdateGroupRequest({ groupName: 'devs', newGroupName: 'engineers', newComments: 'all of them' }))).body.group;
    expect(renamed).toMatchObject({ groupName: 'engineers', comments: 'all of them', groupId: created.groupId });
    expect((await root.listGroupsForUser(new $Ram.ListGroupsForUserRequest({ userName: 'bob' }))).body.groups.group).toEqual([
      { groupId: created.groupId, groupName: 'engineers', comments: 'all of them', joinDate: expect.stringMatching(API_DATE) },
    ]);
    expect(await refusal(root.getGroup(new $Ram.GetGroupRequest({ groupName: 'devs' })))).toMatchObject({
      code: 'EntityNotExist.Group',
      status: 404,
      message: 'The group does not exist.',
    });
    expect(await refusal(root.updateGroup(new $Ram.UpdateGroupRequest({ groupName: 'engineers', newGroupName: 'auditors' })))).toMatchObject({
      code: 'EntityAlreadyExists.Group',
      status: 409,
    });
  });

  it('refuses a taken group name and a bad one', async () => {
    expect(await refusal(root.createGroup(new $Ram.CreateGroupRequest({ groupName: 'auditors' })))).toMatchObject({
      code: 'EntityAlreadyExists.Group',
      status: 409,
      message: 'The group does already EXIST.',
    });
    expect(await refusal(root.createGroup(new $Ram.CreateGroupRequest({ groupName: 'no spaces' })))).toMatchObject({
      code: 'InvalidParameter.GroupName.InvalidChars',
      status: 400,
    });
  });

  it('membership: add twice → EntityAlreadyExists.User.Group, remove a non-member → EntityNotExist.User.Group', async () => {
    await root.createGroup(new $Ram.CreateGroupRequest({ groupName: 'oncall' }));
    await root.addUserToGroup(new $Ram.AddUserToGroupRequest({ groupName: 'oncall', userName: 'carol' }));
    expect(await refusal(root.addUserToGroup(new $Ram.AddUserToGroupRequest({ groupName: 'oncall', userName: 'carol' })))).toMatchObject({
      code: 'EntityAlreadyExists.User.Group',
      status: 409,
    });
    expect((await root.listUsersForGroup(new $Ram.ListUsersForGroupRequest({ groupName: 'oncall' }))).body).toMatchObject({
      isTruncated: false,
      users: { user: [{ userName: 'carol', displayName: 'Carol', joinDate: expect.stringMatching(API_DATE) }] },
    });
    await root.removeUserFromGroup(new $Ram.RemoveUserFromGroupRequest({ groupName: 'oncall', userName: 'carol' }));
    expect(await refusal(root.removeUserFromGroup(new $Ram.RemoveUserFromGroupRequest({ groupName: 'oncall', userName: 'carol' })))).toMatchObject({
      code: 'EntityNotExist.User.Group',
      status: 404,
    });
    expect(await refusal(root.addUserToGroup(new $Ram.AddUserToGroupRequest({ groupName: 'oncall', userName: 'nobody' })))).toMatchObject({
      code: 'EntityNotExist.User',
    });
    expect(await refusal(root.addUserToGroup(new $Ram.AddUserToGroupRequest({ groupName: 'nogroup', userName: 'carol' })))).toMatchObject({
      code: 'EntityNotExist.Group',
    });
  });

  it('DeleteGroup refuses while it has members (DeleteConflict.Group.User) or policies (DeleteConflict.Group.Policy)', async () => {
    await root.createGroup(new $Ram.CreateGroupRequest({ groupName: 'temp' }));
    await root.addUserToGroup(new $Ram.AddUserToGroupRequest({ groupName: 'temp', userName: 'carol' }));
    await root.attachPolicyToGroup(new $Ram.AttachPolicyToGroupRequest({ groupName: 'temp', policyName: 'ReadOnlyAccess', policyType: 'System' }));
    expect(await refusal(root.deleteGroup(new $Ram.DeleteGroupRequest({ groupName: 'temp' })))).toMatchObject({
      code: 'DeleteConflict.Group.User',
      status: 409,
    });
    await root.removeUserFromGroup(new $Ram.RemoveUserFromGroupRequest({ groupName: 'temp', userName: 'carol' }));
    expect(await refusal(root.deleteGroup(new $Ram.DeleteGroupRequest({ groupName: 'temp' })))).toMatchObject({
      code: 'DeleteConflict.Group.Policy',
      status: 409,
    });
    await root.detachPolicyFromGroup(new $Ram.DetachPolicyFromGroupRequest({ groupName: 'temp', policyName: 'ReadOnlyAccess', policyType: 'System' }));
    await root.deleteGroup(new $Ram.DeleteGroupRequest({ groupName: 'temp' }));
    expect(account().Groups.has('temp')).toBe(false);
  });

  it('leaving a group takes its permissions away on the next call', async () => {
    const alice = ramClient(emulator, KEYS.alice);
    expect((await alice.listRoles(new $Ram.ListRolesRequest({}))).statusCode).toBe(200);
    await root.removeUserFromGroup(new $Ram.RemoveUserFromGroupRequest({ groupName: 'auditors', userName: 'alice' }));
    expect(await refusal(alice.listRoles(new $Ram.ListRolesRequest({})))).toMatchObject({ code: 'NoPermission', status: 403 });
    await root.addUserToGroup(new $Ram.AddUserToGroupRequest({ groupName: 'auditors', userName: 'alice' }));
    expect((await alice.listRoles(new $Ram.ListRolesRequest({}))).statusCode).toBe(200);
  });
});

describe('roles', () => {
  it('CreateRole with a trust policy: alice can assume it through STS at once', async () => {
    const created = (await root.createRole(new $Ram.CreateRoleRequest({
      roleName: 'BuildRole',
      assumeRolePolicyDocument: trust(`acs:ram::${ACCOUNT}:user/alice`),
      description: 'CI builds',
      maxSessionDuration: 7200,
    }))).body.role;
    expect(created).toMatchObject({
      roleName: 'BuildRole',
      arn: roleArn('BuildRole'),
      description: 'CI builds',
      maxSessionDuration: 7200,
      roleId: expect.stringMatching(/^\d{19}$/),
      createDate: expect.stringMatching(API_DATE),
    });
    expect(JSON.parse(created.assumeRolePolicyDocument)).toEqual(JSON.parse(trust(`acs:ram::${ACCOUNT}:user/alice`)));

    const sts = await stsModels();
    const assumed = await (await stsClient(emulator, KEYS.alice)).assumeRole(
      new sts.AssumeRoleRequest({ roleArn: created.arn, roleSessionName: 'build-1', durationSeconds: 7200 }),
    );
    const { accessKeyId, accessKeySecret, securityToken } = assumed.body.credentials;
    const who = await (await stsClient(emulator, { accessKeyId, accessKeySecret, securityToken })).getCallerIdentity();
    expect(who.body).toMatchObject({ identityType: 'AssumedRoleUser', roleId: created.roleId, arn: `acs:ram::${ACCOUNT}:assumed-role/BuildRole/build-1` });

    // bob is not trusted.
    const bobTry = await refusal((await stsClient(emulator, KEYS.bob)).assumeRole(new sts.AssumeRoleRequest({ roleArn: created.arn, roleSessionName: 'nope' })));
    expect(bobTry.status).toBe(403);
  });

  it('GetRole, ListRoles and UpdateRole; a new trust policy governs the next AssumeRole', async () => {
    const got = (await root.getRole(new $Ram.GetRoleRequest({ roleName: 'AuditRole' }))).body.role;
    expect(got).toMatchObject({ roleName: 'AuditRole', arn: roleArn('AuditRole'), maxSessionDuration: 3600, updateDate: expect.stringMatching(API_DATE) });
    expect(JSON.parse(got.assumeRolePolicyDocument).Statement[0].Principal.RAM).toEqual([`acs:ram::${ACCOUNT}:root`]);
    const listed = (await root.listRoles(new $Ram.ListRolesRequest({}))).body.roles.role;
    expect(listed.map((r: any) => r.roleName)).toContain('AuditRole');
    expect(listed.find((r: any) => r.roleName === 'AuditRole').assumeRolePolicyDocument).toBeUndefined();

    await root.createRole(new $Ram.CreateRoleRequest({ roleName: 'SwapRole', assumeRolePolicyDocument: trust(`acs:ram::${ACCOUNT}:user/bob`) }));
    const sts = await stsModels();
    const aliceTry = () => stsClient(emulator, KEYS.alice).then((c) => c.assumeRole(new sts.AssumeRoleRequest({ roleArn: roleArn('SwapRole'), roleSessionName: 's1' })));
    expect((await refusal(aliceTry())).code).toBe('NoPermission');
    const updated = (await root.updateRole(new $Ram.UpdateRoleRequest({
      roleName: 'SwapRole',
      newAssumeRolePolicyDocument: trust(`acs:ram::${ACCOUNT}:user/alice`),
      newMaxSessionDuration: 43200,
      newDescription: 'now alice',
    }))).body.role;
    expect(updated).toMatchObject({ maxSessionDuration: 43200, description: 'now alice' });
    expect((await aliceTry()).statusCode).toBe(200);
  });

  it('refuses a taken name, a bad trust policy and MaxSessionDuration outside 3600..43200', async () => {
    expect(await refusal(root.createRole(new $Ram.CreateRoleRequest({ roleName: 'auditrole', assumeRolePolicyDocument: trust(`acs:ram::${ACCOUNT}:root`) })))).toMatchObject({
      code: 'EntityAlreadyExists.Role',
      status: 409,
      message: 'The role does already EXIST.',
    });
    expect(await refusal(root.createRole(new $Ram.CreateRoleRequest({ roleName: 'R1', assumeRolePolicyDocument: '{"Version":"1",' })))).toMatchObject({
      code: 'MalformedPolicyDocument',
      status: 400,
    });
    const noPrincipal = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] });
    const malformed = await refusal(root.createRole(new $Ram.CreateRoleRequest({ roleName: 'R1', assumeRolePolicyDocument: noPrincipal })));
    expect(malformed).toMatchObject({ code: 'MalformedPolicyDocument', status: 400 });
    expect(malformed.message).toContain('Principal');
    expect(await refusal(root.createRole(new $Ram.CreateRoleRequest({ roleName: 'R1', assumeRolePolicyDocument: trust(`acs:ram::${ACCOUNT}:root`), maxSessionDuration: 900 })))).toMatchObject({
      code: 'InvalidParameter.MaxSessionDuration.Range',
      status: 400,
    });
    expect(await refusal(root.getRole(new $Ram.GetRoleRequest({ roleName: 'R1' })))).toMatchObject({
      code: 'EntityNotExist.Role',
      status: 404,
      message: 'The role does not exist.',
    });
  });

  it('DeleteRole refuses while policies are attached, then ends the role\'s sessions', async () => {
    await root.createRole(new $Ram.CreateRoleRequest({ roleName: 'ShortLived', assumeRolePolicyDocument: trust(`acs:ram::${ACCOUNT}:user/alice`) }));
    await root.attachPolicyToRole(new $Ram.AttachPolicyToRoleRequest({ roleName: 'ShortLived', policyName: 'AliyunRAMReadOnlyAccess', policyType: 'System' }));
    const sts = await stsModels();
    const session = (await (await stsClient(emulator, KEYS.alice)).assumeRole(new sts.AssumeRoleRequest({ roleArn: roleArn('ShortLived'), roleSessionName: 'x1' }))).body.credentials;
    const asRole = ramClient(emulator, session);
    expect((await asRole.listUsers(new $Ram.ListUsersRequest({}))).statusCode).toBe(200);

    expect(await refusal(root.deleteRole(new $Ram.DeleteRoleRequest({ roleName: 'ShortLived' })))).toMatchObject({
      code: 'DeleteConflict.Role.Policy',
      status: 409,
    });
    await root.detachPolicyFromRole(new $Ram.DetachPolicyFromRoleRequest({ roleName: 'ShortLived', policyName: 'AliyunRAMReadOnlyAccess', policyType: 'System' }));
    expect(await refusal(asRole.listUsers(new $Ram.ListUsersRequest({})))).toMatchObject({ code: 'NoPermission', status: 403 });
    await root.deleteRole(new $Ram.DeleteRoleRequest({ roleName: 'ShortLived' }));
    expect((await refusal(asRole.listUsers(new $Ram.ListUsersRequest({})))).code).toBe('InvalidSecurityToken.Expired');
  });
});
