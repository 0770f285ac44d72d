import { describe, expect, it } from 'vitest';
import { ApiError, InputError } from '../../src/core/errors.js';
import {
  type UserDependents,
  checkUserFields,
  describeDependents,
  listUsers,
  removeDependents,
  updateUser,
  userDependents,
  userDetails,
} from '../../src/ram/users.js';
import { fakeRam } from './users-fake-ram.js';

const notFound = (code: string) => () => {
  throw new ApiError(code, 'not there', 404, 'req-1');
};

const nothingHeld = {
  ListAccessKeys: () => ({ AccessKeys: { AccessKey: [] } }),
  GetLoginProfile: notFound('EntityNotExist.User.LoginProfile'),
  GetUserMFAInfo: notFound('EntityNotExist.User.MFADevice'),
  ListGroupsForUser: () => ({ Groups: { Group: [] } }),
  ListPoliciesForUser: () => ({ Policies: { Policy: [] } }),
};

const everything: UserDependents = {
  AccessKeys: [
    { AccessKeyId: 'LTAIa', Status: 'Active' },
    { AccessKeyId: 'LTAIb', Status: 'Inactive' },
  ],
  LoginProfile: { CreateDate: '2025-01-01T00:00:00Z' },
  MFADevice: { SerialNumber: 'acs:ram::1:mfa/dora' },
  Groups: [{ GroupName: 'ops' }, { GroupName: 'auditors' }],
  Policies: [{ PolicyName: 'ReadOnlyAccess', PolicyType: 'System' }, { PolicyName: 'ops-admin', PolicyType: 'Custom' }],
};

describe('listUsers', () => {
  it('follows Marker across pages at MaxItems 1000 and answers every user', async () => {
    const { ram, calls } = fakeRam({
      ListUsers: (params) =>
        params.Marker === undefined
          ? { IsTruncated: true, Marker: 'm1', Users: { User: [{ UserName: 'a' }] } }
          : { IsTruncated: false, Users: { User: [{ UserName: 'b' }] } },
    });
    expect((await listUsers(ram)).map((u) => u.UserName)).toEqual(['a', 'b']);
    expect(calls.map((c) => c.params)).toEqual([{ MaxItems: 1000, Marker: undefined }, { MaxItems: 1000, Marker: 'm1' }]);
  });
});

describe('userDependents / userDetails', () => {
  it('a user holding nothing: no login profile or MFA device (their 404s mean none), empty lists', async () => {
    const { ram } = fakeRam(nothingHeld);
    expect(await userDependents(ram, 'dora')).toEqual({ AccessKeys: [], Groups: [], Policies: [] });
    expect(describeDependents(await userDependents(ram, 'dora'))).toEqual([]);
  });

  it('any other failure is not taken for "none"', async () => {
    const { ram } = fakeRam({ ...nothingHeld, GetLoginProfile: notFound('EntityNotExist.User') });
    await expect(userDependents(ram, 'ghost')).rejects.toMatchObject({ code: 'EntityNotExist.User' });
  });

  it('userDetails asks GetUser first, so a missing user fails before anything else is asked', async () => {
    const { ram, actions } = fakeRam({ ...nothingHeld, GetUser: notFound('EntityNotExist.User') });
    await expect(userDetails(ram, 'ghost')).rejects.toMatchObject({ code: 'EntityNotExist.User' });
    expect(actions()).toEqual(['GetUser']);
  });

  it('userDetails answers the API objects under their wire names', async () => {
    const { ram } = fakeRam({
      ...nothingHeld,
      GetUser: () => ({ User: { UserName: 'dora', LastLoginDate: '2026-01-01T00:00:00Z' } }),
      GetLoginProfile: () => ({ LoginProfile: { UserName: 'dora', MFABindRequired: true } }),
      GetUserMFAInfo: () => ({ MFADevice: { SerialNumber: 's', Type: 'VMFA' } }),
    });
    expect(await userDetails(ram, 'dora')).toEqual({
      User: { UserName: 'dora', LastLoginDate: '2026-01-01T00:00:00Z' },
      LoginProfile: { UserName: 'dora', MFABindRequired: true },
      MFADevice: { SerialNumber: 's', Type: 'VMFA' },
      AccessKeys: [],
      Groups: [],
      Policies: [],
    });
  });
});

describe('describeDependents', () => {
  it('names every kind the user holds, each item by name', () => {
    expect(describeDependents(everything)).toEqual([
      'access keys LTAIa, LTAIb',
      'a login profile (console access)',
      'MFA device acs:ram::1:mfa/dora',
      'groups ops, auditors',
      'policies ReadOnlyAccess (System), ops-admin (Custom)',
    ]);
    expect(describeDependents({ ...everything, AccessKeys: everything.AccessKeys.slice(0, 1), Groups: [], Policies: everything.Policies.slice(1) })).toEqual([
      'access key LTAIa',
      'a login profile (console access)',
      'MFA device acs:ram::1:mfa/dora',
      'policy ops-admin (Custom)',
    ]);
  });
});

describe('removeDependents', () => {
  it('removes keys, login profile, MFA binding, groups and policies, reporting each after it is done', async () => {
    const done = () => ({});
    const { ram, calls } = fakeRam({
      DeleteAccessKey: done,
      DeleteLoginProfile: done,
      UnbindMFADevice: done,
      RemoveUserFromGroup: done,
      DetachPolicyFromUser: done,
    });
    const reported: string[] = [];
    await removeDependents(ram, 'dora', everything, (what) => reported.push(`${what} after ${calls.length} calls`));
    expect(calls).toEqual([
      { action: 'DeleteAccessKey', params: { UserName: 'dora', UserAccessKeyId: 'LTAIa' } },
      { action: 'DeleteAccessKey', params: { UserName: 'dora', UserAccessKeyId: 'LTAIb' } },
      { action: 'DeleteLoginProfile', params: { UserName: 'dora' } },
      { action: 'UnbindMFADevice', params: { UserName: 'dora' } },
      { action: 'RemoveUserFromGroup', params: { UserName: 'dora', GroupName: 'ops' } },
      { action: 'RemoveUserFromGroup', params: { UserName: 'dora', GroupName: 'auditors' } },
      { action: 'DetachPolicyFromUser', params: { UserName: 'dora', PolicyName: 'ReadOnlyAccess', PolicyType: 'System' } },
      { action: 'DetachPolicyFromUser', params: { UserName: 'dora', PolicyName: 'ops-admin', PolicyType: 'Custom' } },
    ]);
    expect(reported).toEqual([
      'deleted access key LTAIa after 1 calls',
      'deleted access key LTAIb after 2 calls',
      'deleted login profile (console access) after 3 calls',
      'unbound MFA device acs:ram::1:mfa/dora after 4 calls',
      'removed from group ops after 5 calls',
      'removed from group auditors after 6 calls',
      'detached policy ReadOnlyAccess (System) after 7 calls',
      'detached policy ops-admin (Custom) after 8 calls',
    ]);
  });

  it('stops at the first refusal, having reported only what was removed', async () => {
    const { ram } = fakeRam({ DeleteAccessKey: () => ({}), DeleteLoginProfile: notFound('NoPermission') });
    const reported: string[] = [];
    await expect(removeDependents(ram, 'dora', everything, (what) => reported.push(what))).rejects.toMatchObject({ code: 'NoPermission' });
    expect(reported).toEqual(['deleted access key LTAIa', 'deleted access key LTAIb']);
  });
});

describe('updateUser and checkUserFields', () => {
  it('sends the changes under UpdateUser\'s New* names', async () => {
    const { ram, calls } = fakeRam({ UpdateUser: () => ({ User: { UserName: 'dee' } }) });
    expect(await updateUser(ram, 'dora', { NewUserName: 'dee', Email: 'd@example.com' })).toEqual({ UserName: 'dee' });
    expect(calls[0].params).toEqual({
      UserName: 'dora',
      NewUserName: 'dee',
      NewDisplayName: undefined,
      NewEmail: 'd@example.com',
      NewMobilePhone: undefined,
      NewComments: undefined,
    });
  });

  it('refuses malformed fields as bad input naming the flag', () => {
    expect(() => checkUserFields({ Email: 'nope' })).toThrow(/^--email "nope" is not an email address$/);
    expect(() => checkUserFields({ MobilePhone: '12345' })).toThrow(/--mobile-phone "12345" is not a mobile number/);
    expect(() => checkUserFields({ DisplayName: 'x'.repeat(129) })).toThrow(/--display-name must be 1 to 128 characters, not 129/);
    expect(() => checkUserFields({ Comments: '' })).toThrow(InputError);
    expect(() => checkUserFields({ Email: 'nope' }, { Email: '--new-email' })).toThrow(/^--new-email/);
    expect(() => checkUserFields({ DisplayName: 'Dora', Email: 'd@example.com', MobilePhone: '86-18600008888', Comments: 'ops' })).not.toThrow();
  });
});
