/**
 * The caller's account and its RAM entities: resource names for authorisation, lookups by name (case-insensitive,
 * as RAM names are), renames that keep listing order, and who holds which policy.
 */
import { randomUUID } from 'node:crypto';
import { charsFrom, digitsFrom } from '../../ids.js';
import type { Account, Group, PolicyRef, Role, User } from '../../state.js';
import type { ApiCall } from '../service.js';
import { entityNotExist } from './faults.js';
import type { PolicyType } from './params.js';

/** RAM acts on the account of whoever signed the call. */
export function accountOf(call: ApiCall): Account {
  return call.caller!.principal.account;
}

export type EntityKind = 'user' | 'group' | 'role' | 'policy';

/** `acs:ram:*:<AccountId>:<kind>/<name>`, or the account-wide `acs:ram:*:<AccountId>:*`. */
export function resource(account: Account, kind?: EntityKind, name?: string): string {
  return kind ? `acs:ram:*:${account.AccountId}:${kind}/${name}` : `acs:ram:*:${account.AccountId}:*`;
}

export function findNamed<T>(map: Map<string, T>, name: string): T | undefined {
  const exact = map.get(name);
  if (exact !== undefined) return exact;
  const lower = name.toLowerCase();
  for (const [key, value] of map) if (key.toLowerCase() === lower) return value;
  return undefined;
}

export function userNamed(account: Account, name: string): User {
  const user = findNamed(account.Users, name);
  if (!user) throw entityNotExist('User');
  return user;
}

export function groupNamed(account: Account, name: string): Group {
  const group = findNamed(account.Groups, name);
  if (!group) throw entityNotExist('Group');
  return group;
}

export function roleNamed(account: Account, name: string): Role {
  const role = findNamed(account.Roles, name);
  if (!role) throw entityNotExist('Role');
  return role;
}

/** Replaces a map entry's key where it stands, so listings keep their order. */
export function rekey<T>(map: Map<string, T>, oldKey: string, newKey: string, value: T): void {
  const entries = [...map].map(([key, item]): [string, T] => (key === oldKey ? [newKey, value] : [key, item]));
  map.clear();
  for (const [key, item] of entries) map.set(key, item);
}

/** Ids for entities created through the API: shaped as the world loader's, but new for every creation. */
export const newIds = {
  userId: () => digitsFrom(`user:${randomUUID()}`, 16),
  roleId: () => digitsFrom(`role:${randomUUID()}`, 19),
  groupId: () => 'g-' + charsFrom(`group:${randomUUID()}`, 16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'),
};

export type Holder =
  | { kind: 'user'; user: User; ref: PolicyRef }
  | { kind: 'group'; group: Group; ref: PolicyRef }
  | { kind: 'role'; role: Role; ref: PolicyRef };

const sameRef = (ref: PolicyRef, name: string, type: PolicyType) => ref.PolicyType === type && ref.PolicyName === name;

/** Every user, group and role the policy is attached to, in that order. */
export function holdersOf(account: Account, name: string, type: PolicyType): Holder[] {
  const holders: Holder[] = [];
  for (const user of account.Users.values()) {
    const ref = user.Policies.find((r) => sameRef(r, name, type));
    if (ref) holders.push({ kind: 'user', user, ref });
  }
  for (const group of account.Groups.values()) {
    const ref = group.Policies.find((r) => sameRef(r, name, type));
    if (ref) holders.push({ kind: 'group', group, ref });
  }
  for (const role of account.Roles.values()) {
    const ref = role.Policies.find((r) => sameRef(r, name, type));
    if (ref) holders.push({ kind: 'role', role, ref });
  }
  return holders;
}

/** How many users, groups and roles hold each policy, by `<PolicyType>:<PolicyName>`. */
export function attachmentCounts(account: Account): Map<string, number> {
  const counts = new Map<string, number>();
  const count = (refs: PolicyRef[]) => {
    for (const ref of refs) {
      const key = `${ref.PolicyType}:${ref.PolicyName}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  };
  for (const user of account.Users.values()) count(user.Policies);
  for (const group of account.Groups.values()) count(group.Policies);
  for (const role of account.Roles.values()) count(role.Policies);
  return counts;
}

/** When a user joined a group: recorded by AddUserToGroup, else (world memberships) when both existed. */
export function joinDate(user: User, group: Group): Date {
  const recorded = user.GroupJoinDates?.[group.GroupName];
  if (recorded) return recorded;
  return user.CreateDate > group.CreateDate ? user.CreateDate : group.CreateDate;
}
