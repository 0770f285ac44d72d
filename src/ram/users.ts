import { ApiError, InputError } from '../core/errors.js';
import { listAll, type RamApi } from './api.js';
import { type AccessKey, deleteAccessKey, listAccessKeys } from './access-keys.js';
import { type AttachedPolicy, type Blockers, type Dependent, detachPolicy, policiesFor, removeEach } from './attachments.js';
import { removeUserFromGroup } from './groups.js';
import { type UserMfaDevice, unbindMfaDevice, userMfaDevice } from './mfa.js';

/** A RAM user as ListUsers and GetUser answer it (LastLoginDate only from GetUser). */
export interface RamUser {
  UserId?: string;
  UserName: string;
  DisplayName?: string;
  Email?: string;
  MobilePhone?: string;
  Comments?: string;
  CreateDate?: string;
  UpdateDate?: string;
  LastLoginDate?: string;
}

/** GetLoginProfile's LoginProfile: the user can sign in to the console. */
export interface LoginProfile {
  UserName?: string;
  CreateDate?: string;
  MFABindRequired?: boolean;
  PasswordResetRequired?: boolean;
}

/** ListGroupsForUser's item. */
export interface UserGroup {
  GroupName: string;
  GroupId?: string;
  Comments?: string;
  JoinDate?: string;
}

/** ListPoliciesForUser's item. */
export type UserPolicy = AttachedPolicy;

/** Everything RAM refuses to delete a user with (DeleteConflict.User.*). */
export interface UserDependents {
  AccessKeys: AccessKey[];
  LoginProfile?: LoginProfile;
  MFADevice?: UserMfaDevice;
  Groups: UserGroup[];
  Policies: UserPolicy[];
}

export interface UserDetails extends UserDependents {
  User: RamUser;
}

/** The user fields a person sets, by their CreateUser names. */
export interface UserProfileFields {
  DisplayName?: string;
  Email?: string;
  MobilePhone?: string;
  Comments?: string;
}

export interface UserChanges extends UserProfileFields {
  NewUserName?: string;
}

/** Which flag set each field, so bad input names what the user typed. */
export type FieldFlags = Partial<Record<keyof UserChanges, string>>;

const DEFAULT_FLAGS: Required<FieldFlags> = {
  NewUserName: '--new-name',
  DisplayName: '--display-name',
  Email: '--email',
  MobilePhone: '--mobile-phone',
  Comments: '--comments',
};

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const MOBILE_PHONE = /^\d{1,4}-\d{4,16}$/;
const MAX_TEXT = 128;

/** The profile fields as RAM would judge them: lengths and formats. */
export function checkUserFields(fields: UserProfileFields, flags: FieldFlags = {}): void {
  const flag = (name: keyof UserProfileFields) => flags[name] ?? DEFAULT_FLAGS[name];
  for (const name of ['DisplayName', 'Comments'] as const) {
    const value = fields[name];
    if (value !== undefined && (value.length === 0 || value.length > MAX_TEXT)) {
      throw new InputError(`${flag(name)} must be 1 to ${MAX_TEXT} characters, not ${value.length}`, `shorten ${flag(name)}`);
    }
  }
  if (fields.Email !== undefined && !EMAIL.test(fields.Email)) {
    throw new InputError(`${flag('Email')} "${fields.Email}" is not an email address`, 'use the form name@example.com');
  }
  if (fields.MobilePhone !== undefined && !MOBILE_PHONE.test(fields.MobilePhone)) {
    throw new InputError(
      `${flag('MobilePhone')} "${fields.MobilePhone}" is not a mobile number as RAM takes it`,
      'use <country code>-<number>, e.g. 86-18600008888',
    );
  }
}

/** Every user of the account, across all pages. */
export function listUsers(ram: RamApi): Promise<RamUser[]> {
  return listAll<RamUser>(ram, 'ListUsers', {}, (body) => body.Users?.User);
}

export async function getUser(ram: RamApi, userName: string): Promise<RamUser> {
  const body = await ram.call('GetUser', { UserName: userName });
  return body.User;
}

/** The user's console logon, or undefined when it has none. */
export async function loginProfile(ram: RamApi, userName: string): Promise<LoginProfile | undefined> {
  try {
    const body = await ram.call('GetLoginProfile', { UserName: userName });
    return body.LoginProfile;
  } catch (error) {
    if (error instanceof ApiError && error.code === 'EntityNotExist.User.LoginProfile') return undefined;
    throw error;
  }
}

export async function userDependents(ram: RamApi, userName: string): Promise<UserDependents> {
  const [AccessKeys, LoginProfile, MFADevice, groups, Policies] = await Promise.all([
    listAccessKeys(ram, userName),
    loginProfile(ram, userName),
    userMfaDevice(ram, userName),
    ram.call('ListGroupsForUser', { UserName: userName }),
    policiesFor(ram, { kind: 'user', name: userName }),
  ]);
  return {
    AccessKeys,
    ...(LoginProfile && { LoginProfile }),
    ...(MFADevice && { MFADevice }),
    Groups: groups.Groups?.Group ?? [],
    Policies,
  };
}

/** GetUser first (so a missing user is one clear EntityNotExist.User), then what it holds. */
export async function userDetails(ram: RamApi, userName: string): Promise<UserDetails> {
  const User = await getUser(ram, userName);
  const dependents = await userDependents(ram, userName);
  return { User, ...dependents };
}

export async function createUser(ram: RamApi, userName: string, fields: UserProfileFields): Promise<RamUser> {
  const body = await ram.call('CreateUser', { UserName: userName, ...fields });
  return body.User;
}

export async function updateUser(ram: RamApi, userName: string, changes: UserChanges): Promise<RamUser> {
  const body = await ram.call('UpdateUser', {
    UserName: userName,
    NewUserName: changes.NewUserName,
    NewDisplayName: changes.DisplayName,
    NewEmail: changes.Email,
    NewMobilePhone: changes.MobilePhone,
    NewComments: changes.Comments,
  });
  return body.User;
}

/** What the user holds, one phrase per kind, e.g. "access keys LTAI1, LTAI2"; empty when nothing blocks deletion. */
export function describeDependents(dependents: UserDependents): string[] {
  const { AccessKeys: keys, LoginProfile: login, MFADevice: mfa, Groups: groups, Policies: policies } = dependents;
  const plural = (count: number, one: string, many: string) => (count === 1 ? one : many);
  const phrases: string[] = [];
  if (keys.length) phrases.push(`${plural(keys.length, 'access key', 'access keys')} ${keys.map((k) => k.AccessKeyId).join(', ')}`);
  if (login) phrases.push('a login profile (console access)');
  if (mfa) phrases.push(`MFA device ${mfa.SerialNumber}`);
  if (groups.length) phrases.push(`${plural(groups.length, 'group', 'groups')} ${groups.map((g) => g.GroupName).join(', ')}`);
  if (policies.length) {
    const names = policies.map((p) => `${p.PolicyName} (${p.PolicyType})`).join(', ');
    phrases.push(`${plural(policies.length, 'policy', 'policies')} ${names}`);
  }
  return phrases;
}

/** What the user holds, as dependents of its deletion in the order RAM needs them gone: keys, login profile, MFA binding, group memberships, policy attachments. */
export function userDependentList(ram: RamApi, userName: string, dependents: UserDependents): Dependent[] {
  const { AccessKeys: keys, LoginProfile: login, MFADevice: mfa, Groups: groups, Policies: policies } = dependents;
  return [
    ...keys.map((key) => ({
      kind: 'access key',
      name: key.AccessKeyId,
      removed: `deleted access key ${key.AccessKeyId}`,
      remove: () => deleteAccessKey(ram, userName, key.AccessKeyId),
    })),
    ...(login
      ? [{
          kind: 'login profile',
          name: userName,
          removed: 'deleted login profile (console access)',
          remove: async () => {
            await ram.call('DeleteLoginProfile', { UserName: userName });
          },
        }]
      : []),
    ...(mfa
      ? [{ kind: 'MFA device', name: mfa.SerialNumber, removed: `unbound MFA device ${mfa.SerialNumber}`, remove: () => unbindMfaDevice(ram, userName) }]
      : []),
    ...groups.map((group) => ({
      kind: 'group membership',
      name: group.GroupName,
      removed: `removed from group ${group.GroupName}`,
      remove: () => removeUserFromGroup(ram, group.GroupName, userName),
    })),
    ...policies.map((policy) => ({
      kind: 'attached policy',
      name: policy.PolicyName,
      removed: `detached policy ${policy.PolicyName} (${policy.PolicyType})`,
      remove: async () => {
        await detachPolicy(ram, { name: policy.PolicyName, type: policy.PolicyType }, { kind: 'user', name: userName });
      },
    })),
  ];
}

/** Removes everything RAM refuses to delete a user with, in turn, telling `removed` after each step. */
export function removeDependents(ram: RamApi, userName: string, dependents: UserDependents, removed: (what: string) => void): Promise<void> {
  return removeEach(userDependentList(ram, userName, dependents), removed);
}

/** What keeps a user from being deleted, worded as describeDependents words it. */
export async function userBlockers(ram: RamApi, userName: string): Promise<Blockers> {
  const held = await userDependents(ram, userName);
  return { dependents: userDependentList(ram, userName, held), held: describeDependents(held).join('; ') };
}

export async function deleteUser(ram: RamApi, userName: string): Promise<void> {
  await ram.call('DeleteUser', { UserName: userName });
}
