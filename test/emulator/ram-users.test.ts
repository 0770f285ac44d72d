import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { ACCOUNT, KEYS, roleArn, stsClient, stsModels } from './helpers.js';
import { $Ram, API_DATE, ramClient, refusal, startRamWorld } from './ram-helpers.js';

let emulator: RunningEmulator;
let root: any;
beforeAll(async () => ({ emulator, root } = await startRamWorld()));
afterAll(() => emulator.close());

const account = () => emulator.state.Accounts.get(ACCOUNT)!;

describe('users', () => {
  it('CreateUser answers the new user, which GetUser and ListUsers then show', async () => {
    const created = await root.createUser(
      new $Ram.CreateUserRequest({ userName: 'dave', displayName: 'Dave', email: 'dave@example.com', mobilePhone: '86-18600008888', comments: 'ops' }),
    );
    expect(created.statusCode).toBe(200);
    expect(created.body.user).toMatchObject({ userName: 'dave', displayName: 'Dave', email: 'dave@example.com', mobilePhone: '86-18600008888', comments: 'ops' });
    expect(created.body.user.userId).toMatch(/^\d{16}$/);
    expect(created.body.user.createDate).toMatch(API_DATE);

    const got = (await root.getUser(new $Ram.GetUserRequest({ userName: 'dave' }))).body.user;
    expect(got).toMatchObject({ userId: created.body.user.userId, userName: 'dave', updateDate: expect.stringMatching(API_DATE) });
    const alice = (await root.getUser(new $Ram.GetUserRequest({ userName: 'alice' }))).body.user;
    expect(alice.lastLoginDate).toMatch(API_DATE);

    const listed = (await root.listUsers(new $Ram.ListUsersRequest({}))).body;
    expect(listed.isTruncated).toBe(false);
    expect(listed.marker).toBeUndefined();
    expect(listed.users.user.map((u: any) => u.userName)).toEqual(['alice', 'bob', 'carol', 'dave']);
  });

  it('CreateUser refuses a taken name (any case) and bad fields', async () => {
    expect(await refusal(root.createUser(new $Ram.CreateUserRequest({ userName: 'Alice' })))).toMatchObject({
      code: 'EntityAlreadyExists.User',
      status: 409,
      message: 'The user does already EXIST.',
    });
    expect(await refusal(root.createUser(new $Ram.CreateUserRequest({ userName: 'bad name' })))).toMatchObject({
      code: 'InvalidParameter.UserName.InvalidChars',
      status: 400,
    });
    expect(await refusal(root.createUser(new $Ram.CreateUserRequest({ userName: 'x'.repeat(65) })))).toMatchObject({
      code: 'InvalidParameter.UserName.Length',
      status: 400,
    });
    expect(await refusal(root.createUser(new $Ram.CreateUserRequest({ userName: 'eve', email: 'not-an-email' })))).toMatchObject({
      code: 'InvalidParameter.Email.Format',
      status: 400,
    });
    expect(await refusal(root.createUser(new $Ram.CreateUserRequest({})))).toMatchObject({ code: 'MissingParameter', status: 400 });
    expect(account().Users.has('eve')).toBe(false);
  });

  it('GetUser, UpdateUser and DeleteUser of a missing user answer EntityNotExist.User', async () => {
    for (const call of [
      root.getUser(new $Ram.GetUserRequest({ userName: 'nobody' })),
      root.updateUser(new $Ram.UpdateUserRequest({ userName: 'nobody', newDisplayName: 'N' })),
      root.deleteUser(new $Ram.DeleteUserRequest({ userName: 'nobody' })),
    ]) {
      expect(await refusal(call)).toMatchObject({ code: 'EntityNotExist.User', status: 404, message: 'The user does not exist.' });
    }
  });

  it('UpdateUser renames and edits; the renamed user keeps its keys, which still sign', async () => {
    await root.createUser(new $Ram.CreateUserRequest({ userName: 'frank' }));
    const key = (await root.createAccessKey(new $Ram.CreateAccessKeyRequest({ userName: 'frank' }))).body.accessKey;
    await root.attachPolicyToUser(new $Ram.AttachPolicyToUserRequest({ policyName: 'AliyunRAMReadOnlyAccess', policyType: 'System', userName: 'frank' }));
    const updated = await root.updateUser(
      new $Ram.UpdateUserRequest({ userName: 'frank', newUserName: 'franklin', newDisplayName: 'Franklin', newComments: 'renamed' }),
    );
    expect(updated.body.user).toMatchObject({ userName: 'franklin', displayName: 'Franklin', comments: 'renamed' });
    expect(await refusal(root.getUser(new $Ram.GetUserRequest({ userName: 'frank' })))).toMatchObject({ code: 'EntityNotExist.User' });
    const franklin = ramClient(emulator, { accessKeyId: key.accessKeyId, accessKeySecret: key.accessKeySecret });
    expect((await franklin.getUser(new $Ram.GetUserRequest({ userName: 'franklin' }))).body.user.displayName).toBe('Franklin');
    expect(await refusal(root.updateUser(new $Ram.UpdateUserRequest({ userName: 'franklin', newUserName: 'bob' })))).toMatchObject({
      code: 'EntityAlreadyExists.User',
      status: 409,
    });
  });

  it('DeleteUser refuses while anything is attached, each with its DeleteConflict, then deletes', async () => {
    await root.createUser(new $Ram.CreateUserRequest({ userName: 'gina' }));
    await root.addUserToGroup(new $Ram.AddUserToGroupRequest({ userName: 'gina', groupName: 'auditors' }));
    const key = (await root.createAccessKey(new $Ram.CreateAccessKeyRequest({ userName: 'gina' }))).body.accessKey;
    await root.createLoginProfile(new $Ram.CreateLoginProfileRequest({ userName: 'gina', password: 'Str0ng!Passw0rd#1' }));
    account().Users.get('gina')!.MFADevice = { SerialNumber: `acs:ram::${ACCOUNT}:mfa/gina`, ActivateDate: new Date() };
    await root.attachPolicyToUser(new $Ram.AttachPolicyToUserRequest({ policyName: 'ReadOnlyAccess', policyType: 'System', userName: 'gina' }));

    const steps: [string, () => Promise<unknown>][] = [
      ['DeleteConflict.User.Group', () => root.removeUserFromGroup(new $Ram.RemoveUserFromGroupRequest({ userName: 'gina', groupName: 'auditors' }))],
      ['DeleteConflict.User.AccessKey', () => root.deleteAccessKey(new $Ram.DeleteAccessKeyRequest({ userName: 'gina', userAccessKeyId: key.accessKeyId }))],
      ['DeleteConflict.User.LoginProfile', () => root.deleteLoginProfile(new $Ram.DeleteLoginProfileRequest({ userName: 'gina' }))],
      ['DeleteConflict.User.MFADevice', () => root.unbindMFADevice(new $Ram.UnbindMFADeviceRequest({ userName: 'gina' }))],
      ['DeleteConflict.User.Policy', () => root.detachPolicyFromUser(new $Ram.DetachPolicyFromUserRequest({ policyName: 'ReadOnlyAccess', policyType: 'System', userName: 'gina' }))],
    ];
    for (const [code, clear] of steps) {
      expect(await refusal(root.deleteUser(new $Ram.DeleteUserRequest({ userName: 'gina' })))).toMatchObject({ code, status: 409 });
      await clear();
    }
    expect((await root.deleteUser(new $Ram.DeleteUserRequest({ userName: 'gina' }))).statusCode).toBe(200);
    expect(account().Users.has('gina')).toBe(false);
  });

  it('bob (RAM read-only) may list but not create: NoPermission with AccessDeniedDetail naming ram:CreateUser', async () => {
    const bob = ramClient(emulator, KEYS.bob);
    expect((await bob.listUsers(new $Ram.ListUsersRequest({}))).statusCode).toBe(200);
    const denied = await refusal(bob.createUser(new $Ram.CreateUserRequest({ userName: 'mallory' })));
    expect(denied).toMatchObject({
      code: 'NoPermission',
      status: 403,
      message: 'You are not authorized to do this action. You should be authorized by RAM.',
    });
    expect(denied.error.accessDeniedDetail).toMatchObject({
      AuthAction: 'ram:CreateUser',
      AuthPrincipalType: 'SubUser',
      AuthPrincipalOwnerId: ACCOUNT,
      NoPermissionType: 'ImplicitDeny',
    });
    expect(Buffer.from(denied.error.accessDeniedDetail.EncodedDiagnosticMessage, 'base64').toString()).toContain(
      `acs:ram:*:${ACCOUNT}:user/mallory`,
    );
    expect(account().Users.has('mallory')).toBe(false);
  });

  it('answers over RPC v1 HMAC-SHA1 signing too', async () => {
    const v1 = ramClient(emulator, KEYS.root, 'v2');
    expect((await v1.getUser(new $Ram.GetUserRequest({ userName: 'bob' }))).body.user.userName).toBe('bob');
  });
});

describe('login profiles', () => {
  it('CreateLoginProfile checks the password against the password policy, then Get/Update/Delete work', async () => {
    const weak = await refusal(root.createLoginProfile(new $Ram.CreateLoginProfileRequest({ userName: 'bob', password: 'short' })));
    expect(weak).toMatchObject({ code: 'InvalidParameter.Password.TooWeak', status: 400 });
    expect(weak.message).toContain('at least 14 characters');
    expect(weak.message).not.toContain('short');
    expect(await refusal(root.getLoginProfile(new $Ram.GetLoginProfileRequest({ userName: 'bob' })))).toMatchObject({
      code: 'EntityNotExist.User.LoginProfile',
      status: 404,
      message: 'The user login profile does not exist.',
    });

    const created = await root.createLoginProfile(
      new $Ram.CreateLoginProfileRequest({ userName: 'bob', password: 'Correct-Horse-9-Battery', passwordResetRequired: true, MFABindRequired: true }),
    );
    expect(created.body.loginProfile).toMatchObject({ userName: 'bob', passwordResetRequired: true, MFABindRequired: true, createDate: expect.stringMatching(API_DATE) });
    expect(JSON.stringify(created.body)).not.toContain('Correct-Horse');
    expect(await refusal(root.createLoginProfile(new $Ram.CreateLoginProfileRequest({ userName: 'bob', password: 'Correct-Horse-9-Battery' })))).toMatchObject({
      code: 'EntityAlreadyExists.User.LoginProfile',
      status: 409,
    });

    await root.updateLoginProfile(new $Ram.UpdateLoginProfileRequest({ userName: 'bob', passwordResetRequired: false }));
    expect((await root.getLoginProfile(new $Ram.GetLoginProfileRequest({ userName: 'bob' }))).body.loginProfile).toMatchObject({
      passwordResetRequired: false,
      MFABindRequired: true,
    });
    expect(await refusal(root.updateLoginProfile(new $Ram.UpdateLoginProfileRequest({ userName: 'bob', password: 'alllowercaseletters' })))).toMatchObject({
      code: 'InvalidParameter.Password.TooWeak',
    });
    await root.deleteLoginProfile(new $Ram.DeleteLoginProfileRequest({ userName: 'bob' }));
    expect(await refusal(root.deleteLoginProfile(new $Ram.DeleteLoginProfileRequest({ userName: 'bob' })))).toMatchObject({
      code: 'EntityNotExist.User.LoginProfile',
    });
  });
});

describe('MFA devices', () => {
  it('ListVirtualMFADevices and GetUserMFAInfo show bound devices; UnbindMFADevice removes the binding', async () => {
    expect((await root.listVirtualMFADevices()).body.virtualMFADevices.virtualMFADevice).toEqual([]);
    expect(await refusal(root.getUserMFAInfo(new $Ram.GetUserMFAInfoRequest({ userName: 'carol' })))).toMatchObject({
      code: 'EntityNotExist.User.MFADevice',
      status: 404,
    });
    const serial = `acs:ram::${ACCOUNT}:mfa/carol`;
    account().Users.get('carol')!.MFADevice = { SerialNumber: serial, ActivateDate: new Date('2025-01-02T03:04:05.678Z') };
    const devices = (await root.listVirtualMFADevices()).body.virtualMFADevices.virtualMFADevice;
    expect(devices).toEqual([
      { serialNumber: serial, activateDate: '2025-01-02T03:04:05Z', user: { userId: account().Users.get('carol')!.UserId, userName: 'carol', displayName: 'Carol' } },
    ]);
    expect((await root.getUserMFAInfo(new $Ram.GetUserMFAInfoRequest({ userName: 'carol' }))).body.MFADevice).toEqual({ serialNumber: serial, type: 'VMFA' });
    expect((await root.unbindMFADevice(new $Ram.UnbindMFADeviceRequest({ userName: 'carol' }))).body.MFADevice).toEqual({ serialNumber: serial });
    expect(await refusal(root.unbindMFADevice(new $Ram.UnbindMFADeviceRequest({ userName: 'carol' })))).toMatchObject({
      code: 'EntityNotExist.User.MFADevice',
    });
  });
});

describe('access keys', () => {
  it('a created key signs the next request; disabled it is refused as inactive, deleted as not found', async () => {
    const created = (await root.createAccessKey(new $Ram.CreateAccessKeyRequest({ userName: 'bob' }))).body.accessKey;
    expect(created).toMatchObject({ accessKeyId: expect.stringMatching(/^LTAI5t[A-Za-z0-9]{18}$/), status: 'Active', createDate: expect.stringMatching(API_DATE) });
    expect(created.accessKeySecret).toMatch(/^[A-Za-z0-9]{30}$/);
    const keys = { accessKeyId: created.accessKeyId, accessKeySecret: created.accessKeySecret };

    const listed = (await root.listAccessKeys(new $Ram.ListAccessKeysRequest({ userName: 'bob' }))).body.accessKeys.accessKey;
    expect(listed.map((k: any) => k.accessKeyId)).toEqual([KEYS.bob.accessKeyId, created.accessKeyId]);
    expect(JSON.stringify(listed)).not.toContain(created.accessKeySecret);

    const who = await (await stsClient(emulator, keys)).getCallerIdentity();
    expect(who.body.arn).toBe(`acs:ram::${ACCOUNT}:user/bob`);
    expect((await ramClient(emulator, keys).listUsers(new $Ram.ListUsersRequest({}))).statusCode).toBe(200);

    expect(await refusal(root.createAccessKey(new $Ram.CreateAccessKeyRequest({ userName: 'bob' })))).toMatchObject({
      code: 'LimitExceeded.User.AccessKey',
      status: 409,
    });

    await root.updateAccessKey(new $Ram.UpdateAccessKeyRequest({ userName: 'bob', userAccessKeyId: created.accessKeyId, status: 'Inactive' }));
    expect(await refusal(ramClient(emulator, keys).listUsers(new $Ram.ListUsersRequest({})))).toMatchObject({
      code: 'InvalidAccessKeyId.Inactive',
      status: 400,
    });
    expect(await refusal(root.updateAccessKey(new $Ram.UpdateAccessKeyRequest({ userName: 'bob', userAccessKeyId: created.accessKeyId, status: 'Paused' })))).toMatchObject({
      code: 'InvalidParameter.Status',
      status: 400,
    });

    await root.deleteAccessKey(new $Ram.DeleteAccessKeyRequest({ userName: 'bob', userAccessKeyId: created.accessKeyId }));
    expect(await refusal(ramClient(emulator, keys).listUsers(new $Ram.ListUsersRequest({})))).toMatchObject({
      code: 'InvalidAccessKeyId.NotFound',
      status: 404,
    });
    expect(await refusal(root.deleteAccessKey(new $Ram.DeleteAccessKeyRequest({ userName: 'bob', userAccessKeyId: created.accessKeyId })))).toMatchObject({
      code: 'EntityNotExist.User.AccessKey',
      status: 404,
      message: 'The user access key does not exist.',
    });
  });

  it('without UserName, a user manages and reads its own keys', async () => {
    const alice = ramClient(emulator, KEYS.alice);
    const own = (await alice.listAccessKeys(new $Ram.ListAccessKeysRequest({}))).body.accessKeys.accessKey;
    expect(own).toEqual([{ accessKeyId: KEYS.alice.accessKeyId, status: 'Active', createDate: expect.stringMatching(API_DATE) }]);
    const lastUsed = (await root.getAccessKeyLastUsed(new $Ram.GetAccessKeyLastUsedRequest({ userName: 'alice', userAccessKeyId: KEYS.alice.accessKeyId }))).body;
    expect(lastUsed.accessKeyLastUsed.lastUsedDate).toMatch(API_DATE);
    const rootKeys = (await root.listAccessKeys(new $Ram.ListAccessKeysRequest({}))).body.accessKeys.accessKey;
    expect(rootKeys.map((k: any) => k.accessKeyId)).toEqual([KEYS.root.accessKeyId]);
  });

  it('a role session has no keys of its own: without UserName it gets MissingParameter', async () => {
    const sts = await stsModels();
    const session = (await (await stsClient(emulator, KEYS.alice)).assumeRole(
      new sts.AssumeRoleRequest({ roleArn: roleArn('AuditRole'), roleSessionName: 'keys' }),
    )).body.credentials;
    const asRole = ramClient(emulator, session);
    expect((await asRole.listAccessKeys(new $Ram.ListAccessKeysRequest({ userName: 'alice' }))).body.accessKeys.accessKey).toHaveLength(1);
    expect(await refusal(asRole.listAccessKeys(new $Ram.ListAccessKeysRequest({})))).toMatchObject({ code: 'MissingParameter', status: 400 });
  });
});
