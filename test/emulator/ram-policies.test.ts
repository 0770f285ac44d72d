import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { ACCOUNT, KEYS } from './helpers.js';
import { $Ram, API_DATE, ramClient, refusal, startRamWorld } from './ram-helpers.js';

let emulator: RunningEmulator;
let root: any;
beforeAll(async () => ({ emulator, root } = await startRamWorld()));
afterAll(() => emulator.close());

const account = () => emulator.state.Accounts.get(ACCOUNT)!;
const allow = (action: string, resource = '*') => JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] });

const createPolicy = (policyName: string, policyDocument = allow('ecs:Describe*'), description?: string) =>
  root.createPolicy(new $Ram.CreatePolicyRequest({ policyName, policyDocument, description }));
const versionsOf = async (policyName: string) =>
  (await root.listPolicyVersions(new $Ram.ListPolicyVersionsRequest({ policyName, policyType: 'Custom' }))).body.policyVersions.policyVersion;

describe('policies', () => {
  it('ListPolicies answers System policies (with AttachmentCount) then Custom ones; PolicyType filters', async () => {
    const all = (await root.listPolicies(new $Ram.ListPoliciesRequest({ maxItems: 1000 }))).body.policies.policy;
    expect(all.at(-1)).toMatchObject({ policyName: 'ops-admin', policyType: 'Custom', defaultVersion: 'v1', attachmentCount: 0, description: 'too broad on purpose' });
    const readOnly = all.find((p: any) => p.policyName === 'ReadOnlyAccess');
    // auditors (group) and OpsRole, DeployRole, PartnerRole, OidcRole, EcsScanRole, CiRole hold it.
    expect(readOnly).toMatchObject({ policyType: 'System', defaultVersion: 'v1', attachmentCount: 7, createDate: expect.stringMatching(API_DATE) });
    const system = (await root.listPolicies(new $Ram.ListPoliciesRequest({ policyType: 'System' }))).body.policies.policy;
    expect(system.every((p: any) => p.policyType === 'System')).toBe(true);
    expect(system.length).toBe(all.length - 1);
    const custom = (await root.listPolicies(new $Ram.ListPoliciesRequest({ policyType: 'Custom' }))).body.policies.policy;
    expect(custom.map((p: any) => p.policyName)).toEqual(['ops-admin']);
    expect(await refusal(root.listPolicies(new $Ram.ListPoliciesRequest({ policyType: 'Managed' })))).toMatchObject({
      code: 'InvalidParameter.PolicyType',
      status: 400,
    });
  });

  it('GetPolicy answers the policy and its default version, for System and Custom', async () => {
    const system = (await root.getPolicy(new $Ram.GetPolicyRequest({ policyName: 'AliyunRAMReadOnlyAccess', policyType: 'System' }))).body;
    expect(system.policy).toMatchObject({ policyName: 'AliyunRAMReadOnlyAccess', policyType: 'System', defaultVersion: 'v1', attachmentCount: 2 }); // bob and AuditRole
    expect(JSON.parse(system.policy.policyDocument).Statement[0].Action).toEqual(['ram:Get*', 'ram:List*', 'ram:GenerateCredentialReport']);
    expect(system.defaultPolicyVersion).toMatchObject({ versionId: 'v1', isDefaultVersion: true, createDate: expect.stringMatching(API_DATE) });

    await createPolicy('read-ecs', allow('ecs:Describe*'), 'read ECS');
    const custom = (await root.getPolicy(new $Ram.GetPolicyRequest({ policyName: 'read-ecs', policyType: 'Custom' }))).body;
    expect(custom.policy).toMatchObject({ policyName: 'read-ecs', policyType: 'Custom', description: 'read ECS', attachmentCount: 0, updateDate: expect.stringMatching(API_DATE) });
    expect(JSON.parse(custom.defaultPolicyVersion.policyDocument)).toEqual(JSON.parse(allow('ecs:Describe*')));

    expect(await refusal(root.getPolicy(new $Ram.GetPolicyRequest({ policyName: 'read-ecs', policyType: 'System' })))).toMatchObject({
      code: 'EntityNotExist.Policy',
      status: 404,
      message: 'The policy does not exist.',
    });
  });

  it('CreatePolicy refuses a taken name, bad JSON, bad grammar and an over-long document', async () => {
    expect(await refusal(createPolicy('ops-admin'))).toMatchObject({ code: 'EntityAlreadyExists.Policy', status: 409 });
    expect(await refusal(createPolicy('AdministratorAccess'))).toMatchObject({ code: 'EntityAlreadyExists.Policy', status: 409 });
    expect(await refusal(createPolicy('broken', '{"Version": "1", "Statement": ['))).toMatchObject({ code: 'MalformedPolicyDocument', status: 400 });
    const grammar = await refusal(createPolicy('broken', JSON.stringify({ Version: '1', Statement: [{ Effect: 'Maybe', Action: '*', Resource: '*' }] })));
    expect(grammar).toMatchObject({ code: 'MalformedPolicyDocument', status: 400 });
    expect(grammar.message).toContain('Effect');
    const long = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'ecs:Describe*', Resource: Array.from({ length: 400 }, (_, i) => `acs:ecs:*:*:instance/i-${i}`) }] });
    // Percent-encoded in the query, this passes Node's default 16 KiB header limit: the emulator must still answer RAM's error.
    expect(encodeURIComponent(long).length).toBeGreaterThan(16 * 1024);
    expect(await refusal(createPolicy('broken', long))).toMatchObject({ code: 'InvalidParameter.PolicyDocument.Length', status: 400 });
    expect(await refusal(createPolicy('bad_name'))).toMatchObject({ code: 'InvalidParameter.PolicyName.InvalidChars', status: 400 });
    expect(await refusal(createPolicy('x'.repeat(129)))).toMatchObject({ code: 'InvalidParameter.PolicyName.Length', status: 400 });
    expect(account().Policies.has('broken')).toBe(false);
  });

  it('CreatePolicy accepts a document of the full 6,144 characters', async () => {
    const resources: string[] = [];
    const documentOf = (list: string[]) => JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'ecs:Describe*', Resource: list }] });
    while (documentOf([...resources, `acs:ecs:*:*:instance/i-${resources.length}`]).length <= 6144) resources.push(`acs:ecs:*:*:instance/i-${resources.length}`);
    const document = documentOf(resources);
    expect(document.length).toBeGreaterThan(6100);
    expect((await createPolicy('full-size', document)).body.policy).toMatchObject({ policyName: 'full-size', defaultVersion: 'v1' });
  });

  it('versions: create (default or not), get, list, set default, at most 5, rotate, and the default cannot be deleted', async () => {
    await createPolicy('versioned', allow('ecs:DescribeInstances'));
    const v2 = (await root.createPolicyVersion(new $Ram.CreatePolicyVersionRequest({ policyName: 'versioned', policyDocument: allow('ecs:DescribeDisks') }))).body.policyVersion;
    expect(v2).toMatchObject({ versionId: 'v2', isDefaultVersion: false, createDate: expect.stringMatching(API_DATE) });
    const v3 = (await root.createPolicyVersion(new $Ram.CreatePolicyVersionRequest({ policyName: 'versioned', policyDocument: allow('ecs:DescribeRegions'), setAsDefault: true }))).body.policyVersion;
    expect(v3).toMatchObject({ versionId: 'v3', isDefaultVersion: true });
    expect((await versionsOf('versioned')).map((v: any) => [v.versionId, v.isDefaultVersion])).toEqual([['v1', false], ['v2', false], ['v3', true]]);
    const got = (await root.getPolicyVersion(new $Ram.GetPolicyVersionRequest({ policyName: 'versioned', policyType: 'Custom', versionId: 'v2' }))).body.policyVersion;
    expect(JSON.parse(got.policyDocument).Statement[0].Action).toBe('ecs:DescribeDisks');
    expect(await refusal(root.getPolicyVersion(new $Ram.GetPolicyVersionRequest({ policyName: 'versioned', policyType: 'Custom', versionId: 'v9' })))).toMatchObject({
      code: 'EntityNotExist.Policy.Version',
      status: 404,
    });

    await root.setDefaultPolicyVersion(new $Ram.SetDefaultPolicyVersionRequest({ policyName: 'versioned', versionId: 'v2' }));
    expect((await root.getPolicy(new $Ram.GetPolicyRequest({ policyName: 'versioned', policyType: 'Custom' }))).body.policy.defaultVersion).toBe('v2');
    expect(await refusal(root.deletePolicyVersion(new $Ram.DeletePolicyVersionRequest({ policyName: 'versioned', versionId: 'v2' })))).toMatchObject({
      code: 'DeleteConflict.Policy.Version.Default',
      status: 409,
      message: 'The default policy version CAN NOT been deleted directly.',
    });

    await root.createPolicyVersion(new $Ram.CreatePolicyVersionRequest({ policyName: 'versioned', policyDocument: allow('ecs:DescribeZones') }));
    await root.createPolicyVersion(new $Ram.CreatePolicyVersionRequest({ policyName: 'versioned', policyDocument: allow('ecs:DescribeImages') }));
    expect(await refusal(root.createPolicyVersion(new $Ram.CreatePolicyVersionRequest({ policyName: 'versioned', policyDocument: allow('ecs:DescribeTags') })))).toMatchObject({
      code: 'LimitExceeded.Policy.Version',
      status: 409,
    });
    const rotated = (await root.createPolicyVersion(new $Ram.CreatePolicyVersionRequest({
      policyName: 'versioned',
      policyDocument: allow('ecs:DescribeTags'),
      rotateStrategy: 'DeleteOldestNonDefaultVersionWhenLimitExceeded',
    }))).body.policyVersion;
    expect(rotated.versionId).toBe('v6');
    expect((await versionsOf('versioned')).map((v: any) => v.versionId)).toEqual(['v2', 'v3', 'v4', 'v5', 'v6']);

    await root.deletePolicyVersion(new $Ram.DeletePolicyVersionRequest({ policyName: 'versioned', versionId: 'v3' }));
    expect((await versionsOf('versioned')).map((v: any) => v.versionId)).toEqual(['v2', 'v4', 'v5', 'v6']);
  });

  it('DeletePolicy refuses while attached (user, group, role) or while other versions remain, unless CascadingDelete', async () => {
    await createPolicy('doomed');
    await root.createPolicyVersion(new $Ram.CreatePolicyVersionRequest({ policyName: 'doomed', policyDocument: allow('ecs:DescribeDisks') }));
    const holders: [string, any, any][] = [
      ['DeleteConflict.Policy.User', new $Ram.AttachPolicyToUserRequest({ policyName: 'doomed', policyType: 'Custom', userName: 'carol' }), new $Ram.DetachPolicyFromUserRequest({ policyName: 'doomed', policyType: 'Custom', userName: 'carol' })],
      ['DeleteConflict.Policy.Group', new $Ram.AttachPolicyToGroupRequest({ policyName: 'doomed', policyType: 'Custom', groupName: 'auditors' }), new $Ram.DetachPolicyFromGroupRequest({ policyName: 'doomed', policyType: 'Custom', groupName: 'auditors' })],
      ['DeleteConflict.Policy.Role', new $Ram.AttachPolicyToRoleRequest({ policyName: 'doomed', policyType: 'Custom', roleName: 'CiRole' }), new $Ram.DetachPolicyFromRoleRequest({ policyName: 'doomed', policyType: 'Custom', roleName: 'CiRole' })],
    ];
    for (const [code, attachRequest, detachRequest] of holders) {
      const kind = attachRequest.userName ? 'User' : attachRequest.groupName ? 'Group' : 'Role';
      await root[`attachPolicyTo${kind}`](attachRequest);
      expect(await refusal(root.deletePolicy(new $Ram.DeletePolicyRequest({ policyName: 'doomed' })))).toMatchObject({ code, status: 409 });
      await root[`detachPolicyFrom${kind}`](detachRequest);
    }
    expect(await refusal(root.deletePolicy(new $Ram.DeletePolicyRequest({ policyName: 'doomed' })))).toMatchObject({
      code: 'DeleteConflict.Policy.Version',
      status: 409,
    });
    await root.deletePolicy(new $Ram.DeletePolicyRequest({ policyName: 'doomed', cascadingDelete: true }));
    expect(account().Policies.has('doomed')).toBe(false);
    expect(await refusal(root.deletePolicy(new $Ram.DeletePolicyRequest({ policyName: 'doomed' })))).toMatchObject({ code: 'EntityNotExist.Policy', status: 404 });
    await createPolicy('single-version');
    expect((await root.deletePolicy(new $Ram.DeletePolicyRequest({ policyName: 'single-version' }))).statusCode).toBe(200);
    expect(account().Policies.has('single-version')).toBe(false);
  });
});

describe('attachments', () => {
  it('attaching twice → EntityAlreadyExists.<Holder>.Policy; detaching what is not attached → EntityNotExist.<Holder>.Policy', async () => {
    await createPolicy('twice');
    for (const [kind, holder] of [['User', { userName: 'carol' }], ['Group', { groupName: 'auditors' }], ['Role', { roleName: 'CiRole' }]] as const) {
      const request = { policyName: 'twice', policyType: 'Custom', ...holder };
      await root[`attachPolicyTo${kind}`](new $Ram[`AttachPolicyTo${kind}Request`](request));
      expect(await refusal(root[`attachPolicyTo${kind}`](new $Ram[`AttachPolicyTo${kind}Request`](request)))).toMatchObject({
        code: `EntityAlreadyExists.${kind}.Policy`,
        status: 409,
      });
      await root[`detachPolicyFrom${kind}`](new $Ram[`DetachPolicyFrom${kind}Request`](request));
      expect(await refusal(root[`detachPolicyFrom${kind}`](new $Ram[`DetachPolicyFrom${kind}Request`](request)))).toMatchObject({
        code: `EntityNotExist.${kind}.Policy`,
        status: 404,
      });
    }
    expect(await refusal(root.attachPolicyToUser(new $Ram.AttachPolicyToUserRequest({ policyName: 'nope', policyType: 'Custom', userName: 'carol' })))).toMatchObject({
      code: 'EntityNotExist.Policy',
    });
    expect(await refusal(root.attachPolicyToRole(new $Ram.AttachPolicyToRoleRequest({ policyName: 'twice', policyType: 'Custom', roleName: 'NoRole' })))).toMatchObject({
      code: 'EntityNotExist.Role',
    });
  });

  it('ListPoliciesForUser/Group/Role and ListEntitiesForPolicy answer attachments with AttachDate', async () => {
    await root.attachPolicyToUser(new $Ram.AttachPolicyToUserRequest({ policyName: 'ReadOnlyAccess', policyType: 'System', userName: 'carol' }));
    const forUser = (await root.listPoliciesForUser(new $Ram.ListPoliciesForUserRequest({ userName: 'carol' }))).body.policies.policy;
    expect(forUser.map((p: any) => p.policyName)).toEqual(['AdministratorAccess', 'ReadOnlyAccess']);
    expect(forUser[1]).toMatchObject({ policyType: 'System', defaultVersion: 'v1', description: expect.any(String), attachDate: expect.stringMatching(API_DATE) });
    const forGroup = (await root.listPoliciesForGroup(new $Ram.ListPoliciesForGroupRequest({ groupName: 'auditors' }))).body.policies.policy;
    expect(forGroup).toEqual([expect.objectContaining({ policyName: 'ReadOnlyAccess', attachDate: expect.stringMatching(API_DATE) })]);
    const forRole = (await root.listPoliciesForRole(new $Ram.ListPoliciesForRoleRequest({ roleName: 'AuditRole' }))).body.policies.policy;
    expect(forRole.map((p: any) => p.policyName)).toEqual(['AliyunRAMReadOnlyAccess', 'AliyunSTSAssumeRoleAccess']);

    const entities = (await root.listEntitiesForPolicy(new $Ram.ListEntitiesForPolicyRequest({ policyName: 'ReadOnlyAccess', policyType: 'System' }))).body;
    const carol = account().Users.get('carol')!;
    expect(entities.users.user).toEqual([{ userId: carol.UserId, userName: 'carol', displayName: 'Carol', attachDate: expect.stringMatching(API_DATE) }]);
    expect(entities.groups.group).toEqual([{ groupName: 'auditors', comments: 'read-only auditors', attachDate: expect.stringMatching(API_DATE) }]);
    expect(entities.roles.role.map((r: any) => r.roleName)).toEqual(['OpsRole', 'DeployRole', 'PartnerRole', 'OidcRole', 'EcsScanRole', 'CiRole']);
    expect(entities.roles.role[0]).toMatchObject({ arn: `acs:ram::${ACCOUNT}:role/OpsRole`, roleId: expect.stringMatching(/^\d{19}$/), description: 'second hop of the chain' });
    const none = (await root.listEntitiesForPolicy(new $Ram.ListEntitiesForPolicyRequest({ policyName: 'AliyunOSSFullAccess', policyType: 'System' }))).body;
    expect(none).toMatchObject({ users: { user: [] }, groups: { group: [] }, roles: { role: [] } });
    await root.detachPolicyFromUser(new $Ram.DetachPolicyFromUserRequest({ policyName: 'ReadOnlyAccess', policyType: 'System', userName: 'carol' }));
  });

  it('a detached policy stops the next call, a re-attached one allows it again; a new default version governs at once', async () => {
    const bob = ramClient(emulator, KEYS.bob);
    const detach = new $Ram.DetachPolicyFromUserRequest({ policyName: 'AliyunRAMReadOnlyAccess', policyType: 'System', userName: 'bob' });
    expect((await bob.getUser(new $Ram.GetUserRequest({ userName: 'bob' }))).statusCode).toBe(200);
    await root.detachPolicyFromUser(detach);
    const denied = await refusal(bob.getUser(new $Ram.GetUserRequest({ userName: 'bob' })));
    expect(denied).toMatchObject({ code: 'NoPermission', status: 403 });
    expect(denied.error.accessDeniedDetail.AuthAction).toBe('ram:GetUser');

    await createPolicy('bob-reads', allow('ram:GetUser', `acs:ram:*:${ACCOUNT}:user/bob`));
    await root.attachPolicyToUser(new $Ram.AttachPolicyToUserRequest({ policyName: 'bob-reads', policyType: 'Custom', userName: 'bob' }));
    expect((await bob.getUser(new $Ram.GetUserRequest({ userName: 'bob' }))).statusCode).toBe(200);
    expect((await refusal(bob.getUser(new $Ram.GetUserRequest({ userName: 'alice' })))).code).toBe('NoPermission');
    await root.createPolicyVersion(new $Ram.CreatePolicyVersionRequest({ policyName: 'bob-reads', policyDocument: allow('ram:GetUser'), setAsDefault: true }));
    expect((await bob.getUser(new $Ram.GetUserRequest({ userName: 'alice' }))).statusCode).toBe(200);

    await root.attachPolicyToUser(new $Ram.AttachPolicyToUserRequest({ policyName: 'AliyunRAMReadOnlyAccess', policyType: 'System', userName: 'bob' }));
    expect((await bob.listUsers(new $Ram.ListUsersRequest({}))).statusCode).toBe(200);
  });
});

describe('account settings', () => {
  it('GetPasswordPolicy answers the world\'s; SetPasswordPolicy replaces it (fields left out return to defaults)', async () => {
    expect((await root.getPasswordPolicy()).body.passwordPolicy).toEqual({
      minimumPasswordLength: 14,
      requireLowercaseCharacters: true,
      requireUppercaseCharacters: true,
      requireNumbers: true,
      requireSymbols: true,
      hardExpiry: false,
      maxPasswordAge: 0,
      passwordReusePrevention: 5,
      maxLoginAttemps: 5,
    });
    const set = (await root.setPasswordPolicy(new $Ram.SetPasswordPolicyRequest({ minimumPasswordLength: 12, requireNumbers: true, maxPasswordAge: 90 }))).body.passwordPolicy;
    expect(set).toEqual({
      minimumPasswordLength: 12,
      requireLowercaseCharacters: false,
      requireUppercaseCharacters: false,
      requireNumbers: true,
      requireSymbols: false,
      hardExpiry: false,
      maxPasswordAge: 90,
      passwordReusePrevention: 0,
      maxLoginAttemps: 5,
    });
    expect((await root.getPasswordPolicy()).body.passwordPolicy).toEqual(set);
    // The new policy governs passwords at once.
    expect((await root.createLoginProfile(new $Ram.CreateLoginProfileRequest({ userName: 'carol', password: 'twelvechars1' }))).statusCode).toBe(200);

    for (const [field, value] of [['minimumPasswordLength', 7], ['minimumPasswordLength', 33], ['maxPasswordAge', 1096], ['passwordReusePrevention', 25], ['maxLoginAttemps', 33]] as const) {
      const key = field[0].toUpperCase() + field.slice(1);
      expect(await refusal(root.setPasswordPolicy(new $Ram.SetPasswordPolicyRequest({ [field]: value })))).toMatchObject({
        code: `InvalidParameter.${key}.Range`,
        status: 400,
      });
    }
    expect((await root.getPasswordPolicy()).body.passwordPolicy).toEqual(set);
  });

  it('GetSecurityPreference answers defaults when the world has none; GetAccountAlias the alias', async () => {
    expect((await root.getSecurityPreference()).body.securityPreference).toEqual({
      loginProfilePreference: { enableSaveMFATicket: false, allowUserToChangePassword: true, loginSessionDuration: 6, loginNetworkMasks: '' },
      accessKeyPreference: { allowUserToManageAccessKeys: false },
      MFAPreference: { allowUserToManageMFADevices: true },
      publicKeyPreference: { allowUserToManagePublicKeys: false },
    });
    account().SecurityPreference = { AccessKeyPreference: { AllowUserToManageAccessKeys: true } };
    expect((await root.getSecurityPreference()).body.securityPreference.accessKeyPreference).toEqual({ allowUserToManageAccessKeys: true });
    expect((await root.getAccountAlias()).body.accountAlias).toBe('acme-prod');
  });

  it('bob (RAM read-only) may read account settings but not change them', async () => {
    const bob = ramClient(emulator, KEYS.bob);
    expect((await bob.getPasswordPolicy()).statusCode).toBe(200);
    const denied = await refusal(bob.setPasswordPolicy(new $Ram.SetPasswordPolicyRequest({ minimumPasswordLength: 8 })));
    expect(denied).toMatchObject({ code: 'NoPermission', status: 403 });
    expect(denied.error.accessDeniedDetail.AuthAction).toBe('ram:SetPasswordPolicy');
  });
});
