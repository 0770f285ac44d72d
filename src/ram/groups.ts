/** RAM user groups: list, read with members and policies, create, delete, and membership. Wire shape answers. */
import { fix } from '../core/errors.js';
import { listAll, type RamApi } from './api.js';
import {
  type AttachedPolicy,
  type Dependent,
  attachedPolicyDependents,
  explained,
  holderHints,
  membersOf,
  policiesFor,
} from './attachments.js';

export interface Group {
  GroupId?: string;
  GroupName: string;
  Comments?: string;
  CreateDate?: string;
  UpdateDate?: string;
}

export interface GroupMember {
  UserName: string;
  DisplayName?: string;
  JoinDate?: string;
}

const notFound = (group: string) => holderHints({ kind: 'group', name: group });
const membershipHints = (group: string, user: string) => ({
  ...notFound(group),
  ...holderHints({ kind: 'user', name: user }),
  'EntityAlreadyExists.User.Group': `${user} is in group ${group} already`,
  'EntityNotExist.User.Group': fix(`${user} is not in group ${group}; see its members`, `ram group get ${group}`),
});

export function listGroups(ram: RamApi): Promise<Group[]> {
  return listAll(ram, 'ListGroups', {}, (body) => body.Groups?.Group);
}

/** A group, its members (every page) and its attached policies. */
/** A group with its members and attached policies. */
export interface GroupDetails {
  Group: Group;
  Users: GroupMember[];
  Policies: AttachedPolicy[];
}

export async function getGroup(ram: RamApi, name: string): Promise<GroupDetails> {
  const body = await explained(ram.call('GetGroup', { GroupName: name }), notFound(name));
  const [Users, Policies] = await Promise.all([membersOf(ram, name), policiesFor(ram, { kind: 'group', name })]);
  return { Group: body.Group, Users, Policies };
}

export async function createGroup(ram: RamApi, group: { GroupName: string; Comments?: string }): Promise<Group> {
  const body = await explained(ram.call('CreateGroup', { ...group }), {
    'EntityAlreadyExists.Group': fix(`a group named ${group.GroupName} exists already`, `ram group get ${group.GroupName}`),
  });
  return body.Group;
}

export async function addUserToGroup(ram: RamApi, group: string, user: string): Promise<void> {
  await explained(ram.call('AddUserToGroup', { GroupName: group, UserName: user }), membershipHints(group, user));
}

export async function removeUserFromGroup(ram: RamApi, group: string, user: string): Promise<void> {
  await explained(ram.call('RemoveUserFromGroup', { GroupName: group, UserName: user }), membershipHints(group, user));
}

/** What keeps a group from being deleted: its members and its attached policies. */
export async function groupDependents(ram: RamApi, name: string): Promise<Dependent[]> {
  const holder = { kind: 'group', name } as const;
  const [members, policies] = await Promise.all([membersOf(ram, name), policiesFor(ram, holder)]);
  const memberships: Dependent[] = members.map((member) => ({
    kind: 'member',
    name: member.UserName,
    removed: `Removed user ${member.UserName} from group ${name}.`,
    remove: () => removeUserFromGroup(ram, name, member.UserName),
  }));
  return [...memberships, ...attachedPolicyDependents(ram, holder, policies)];
}

export async function deleteGroup(ram: RamApi, name: string): Promise<void> {
  await explained(ram.call('DeleteGroup', { GroupName: name }), {
    ...notFound(name),
    'DeleteConflict.Group.User': fix('it has members; remove them first', `ram group delete ${name} --force`),
    'DeleteConflict.Group.Policy': fix('policies are attached to it; detach them first', `ram group delete ${name} --force`),
  });
}
