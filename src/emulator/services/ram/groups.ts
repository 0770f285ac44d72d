/**
 * User groups and membership: ListGroups, CreateGroup, GetGroup, UpdateGroup, DeleteGroup, AddUserToGroup,
 * RemoveUserFromGroup, ListGroupsForUser, ListUsersForGroup. Users hold their groups by name, as the policy
 * evaluator reads them, so membership changes take effect on the next call.
 */
import { formatApiDate } from '../../api-error.js';
import type { Group } from '../../state.js';
import type { ActionHandler, ApiCall } from '../service.js';
import { accountOf, findNamed, groupNamed, joinDate, newIds, rekey, resource, userNamed } from './entities.js';
import { deleteConflict, entityAlreadyExists, entityNotExist } from './faults.js';
import { pageOf } from './paging.js';
import { GROUP_NAME, checkLength, checkName, optional, required } from './params.js';

function groupView(group: Group) {
  return {
    GroupId: group.GroupId,
    GroupName: group.GroupName,
    Comments: group.Comments,
    CreateDate: formatApiDate(group.CreateDate),
    UpdateDate: formatApiDate(group.UpdateDate),
  };
}

const checkGroupName = (field: string, value: string) => checkName(field, value, GROUP_NAME, 64);

function namedGroup(call: ApiCall, action: string) {
  const account = accountOf(call);
  const name = required(call.params, 'GroupName');
  call.authorize(action, resource(account, 'group', name));
  return { account, group: groupNamed(account, name) };
}

function listGroups(call: ApiCall) {
  const account = accountOf(call);
  call.authorize('ram:ListGroups', resource(account));
  const page = pageOf(account.Groups.values(), call.params, (group) => group.GroupName);
  return { ...page.truncation, Groups: { Group: page.items.map(groupView) } };
}

function createGroup(call: ApiCall) {
  const account = accountOf(call);
  const name = required(call.params, 'GroupName');
  call.authorize('ram:CreateGroup', resource(account, 'group', name));
  checkGroupName('GroupName', name);
  const comments = checkLength('Comments', optional(call.params, 'Comments'), 128);
  if (findNamed(account.Groups, name)) throw entityAlreadyExists('Group');
  const now = call.state.now();
  const group: Group = { GroupId: newIds.groupId(), GroupName: name, Comments: comments, CreateDate: now, UpdateDate: now, Policies: [] };
  account.Groups.set(name, group);
  return { Group: groupView(group) };
}

function getGroup(call: ApiCall) {
  return { Group: groupView(namedGroup(call, 'ram:GetGroup').group) };
}

function updateGroup(call: ApiCall) {
  const newName = optional(call.params, 'NewGroupName');
  const comments = checkLength('NewComments', optional(call.params, 'NewComments'), 128);
  const { account, group } = namedGroup(call, 'ram:UpdateGroup');
  if (newName !== undefined && newName !== group.GroupName) {
    checkGroupName('NewGroupName', newName);
    const taken = findNamed(account.Groups, newName);
    if (taken && taken !== group) throw entityAlreadyExists('Group');
    const oldName = group.GroupName;
    group.GroupName = newName;
    rekey(account.Groups, oldName, newName, group);
    for (const user of account.Users.values()) {
      const index = user.Groups.indexOf(oldName);
      if (index < 0) continue;
      user.Groups[index] = newName;
      const joined = user.GroupJoinDates?.[oldName];
      if (joined && user.GroupJoinDates) {
        delete user.GroupJoinDates[oldName];
        user.GroupJoinDates[newName] = joined;
      }
    }
  }
  if (comments !== undefined) group.Comments = comments;
  group.UpdateDate = call.state.now();
  return { Group: groupView(group) };
}

function deleteGroup(call: ApiCall) {
  const { account, group } = namedGroup(call, 'ram:DeleteGroup');
  for (const user of account.Users.values()) {
    if (user.Groups.includes(group.GroupName)) throw deleteConflict('Group.User');
  }
  if (group.Policies.length > 0) throw deleteConflict('Group.Policy');
  account.Groups.delete(group.GroupName);
  return {};
}

function membership(call: ApiCall, action: string) {
  const account = accountOf(call);
  const groupName = required(call.params, 'GroupName');
  const userName = required(call.params, 'UserName');
  call.authorize(action, resource(account, 'group', groupName));
  const group = groupNamed(account, groupName);
  const user = userNamed(account, userName);
  return { user, group };
}

function addUserToGroup(call: ApiCall) {
  const { user, group } = membership(call, 'ram:AddUserToGroup');
  if (user.Groups.includes(group.GroupName)) throw entityAlreadyExists('User.Group');
  user.Groups.push(group.GroupName);
  user.GroupJoinDates = { ...user.GroupJoinDates, [group.GroupName]: call.state.now() };
  return {};
}

function removeUserFromGroup(call: ApiCall) {
  const { user, group } = membership(call, 'ram:RemoveUserFromGroup');
  const index = user.Groups.indexOf(group.GroupName);
  if (index < 0) throw entityNotExist('User.Group');
  user.Groups.splice(index, 1);
  if (user.GroupJoinDates) delete user.GroupJoinDates[group.GroupName];
  return {};
}

function listGroupsForUser(call: ApiCall) {
  const account = accountOf(call);
  const name = required(call.params, 'UserName');
  call.authorize('ram:ListGroupsForUser', resource(account, 'user', name));
  const user = userNamed(account, name);
  const groups = user.Groups.flatMap((groupName) => {
    const group = account.Groups.get(groupName);
    return group ? [{ GroupId: group.GroupId, GroupName: group.GroupName, Comments: group.Comments, JoinDate: formatApiDate(joinDate(user, group)) }] : [];
  });
  return { Groups: { Group: groups } };
}

function listUsersForGroup(call: ApiCall) {
  const { account, group } = namedGroup(call, 'ram:ListUsersForGroup');
  const members = [...account.Users.values()].filter((user) => user.Groups.includes(group.GroupName));
  const page = pageOf(members, call.params, (user) => user.UserName);
  const users = page.items.map((user) => ({
    UserName: user.UserName,
    DisplayName: user.DisplayName,
    JoinDate: formatApiDate(joinDate(user, group)),
  }));
  return { ...page.truncation, Users: { User: users } };
}

export const groupActions: Record<string, ActionHandler> = {
  ListGroups: listGroups,
  CreateGroup: createGroup,
  GetGroup: getGroup,
  UpdateGroup: updateGroup,
  DeleteGroup: deleteGroup,
  AddUserToGroup: addUserToGroup,
  RemoveUserFromGroup: removeUserFromGroup,
  ListGroupsForUser: listGroupsForUser,
  ListUsersForGroup: listUsersForGroup,
};
