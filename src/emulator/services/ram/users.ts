/**
 * RAM users: ListUsers, GetUser, CreateUser, UpdateUser, DeleteUser.
 */
import { formatApiDate } from '../../api-error.js';
import type { User } from '../../state.js';
import type { ActionHandler, ApiCall } from '../service.js';
import { accountOf, findNamed, newIds, rekey, resource, userNamed } from './entities.js';
import { deleteConflict, entityAlreadyExists } from './faults.js';
import { pageOf } from './paging.js';
import { EMAIL, MOBILE_PHONE, USER_NAME, checkFormat, checkLength, checkName, optional, required } from './params.js';

function userView(user: User) {
  return {
    UserId: user.UserId,
    UserName: user.UserName,
    DisplayName: user.DisplayName,
    Email: user.Email,
    MobilePhone: user.MobilePhone,
    Comments: user.Comments,
    CreateDate: formatApiDate(user.CreateDate),
    UpdateDate: formatApiDate(user.UpdateDate),
  };
}

const checkUserName = (field: string, value: string) => checkName(field, value, USER_NAME, 64);

function listUsers(call: ApiCall) {
  const account = accountOf(call);
  call.authorize('ram:ListUsers', resource(account));
  const page = pageOf(account.Users.values(), call.params, (user) => user.UserName);
  return { ...page.truncation, Users: { User: page.items.map(userView) } };
}

function getUser(call: ApiCall) {
  const account = accountOf(call);
  const name = required(call.params, 'UserName');
  call.authorize('ram:GetUser', resource(account, 'user', name));
  const user = userNamed(account, name);
  return { User: { ...userView(user), LastLoginDate: user.LastLoginDate && formatApiDate(user.LastLoginDate) } };
}

function createUser(call: ApiCall) {
  const { params, state } = call;
  const account = accountOf(call);
  const name = required(params, 'UserName');
  call.authorize('ram:CreateUser', resource(account, 'user', name));
  checkUserName('UserName', name);
  const displayName = checkLength('DisplayName', optional(params, 'DisplayName'), 128);
  const email = checkFormat('Email', optional(params, 'Email'), EMAIL);
  const mobilePhone = checkFormat('MobilePhone', optional(params, 'MobilePhone'), MOBILE_PHONE);
  const comments = checkLength('Comments', optional(params, 'Comments'), 128);
  if (findNamed(account.Users, name)) throw entityAlreadyExists('User');
  const now = state.now();
  const user: User = {
    UserId: newIds.userId(),
    UserName: name,
    DisplayName: displayName ?? name,
    Email: email,
    MobilePhone: mobilePhone,
    Comments: comments,
    CreateDate: now,
    UpdateDate: now,
    AccessKeys: [],
    Policies: [],
    Groups: [],
  };
  account.Users.set(name, user);
  return { User: userView(user) };
}

function updateUser(call: ApiCall) {
  const { params, state } = call;
  const account = accountOf(call);
  const name = required(params, 'UserName');
  call.authorize('ram:UpdateUser', resource(account, 'user', name));
  const newName = optional(params, 'NewUserName');
  if (newName !== undefined) checkUserName('NewUserName', newName);
  const displayName = checkLength('NewDisplayName', optional(params, 'NewDisplayName'), 128);
  const email = checkFormat('NewEmail', optional(params, 'NewEmail'), EMAIL);
  const mobilePhone = checkFormat('NewMobilePhone', optional(params, 'NewMobilePhone'), MOBILE_PHONE);
  const comments = checkLength('NewComments', optional(params, 'NewComments'), 128);
  const user = userNamed(account, name);
  if (newName !== undefined && newName !== user.UserName) {
    const taken = findNamed(account.Users, newName);
    if (taken && taken !== user) throw entityAlreadyExists('User');
    const oldName = user.UserName;
    user.UserName = newName;
    rekey(account.Users, oldName, newName, user);
  }
  if (displayName !== undefined) user.DisplayName = displayName;
  if (email !== undefined) user.Email = email;
  if (mobilePhone !== undefined) user.MobilePhone = mobilePhone;
  if (comments !== undefined) user.Comments = comments;
  user.UpdateDate = state.now();
  return { User: userView(user) };
}

/** RAM refuses to delete a user that still has anything attached; clients remove each first. */
function deleteUser(call: ApiCall) {
  const account = accountOf(call);
  const name = required(call.params, 'UserName');
  call.authorize('ram:DeleteUser', resource(account, 'user', name));
  const user = userNamed(account, name);
  if (user.Groups.length > 0) throw deleteConflict('User.Group');
  if (user.AccessKeys.length > 0) throw deleteConflict('User.AccessKey');
  if (user.LoginProfile) throw deleteConflict('User.LoginProfile');
  if (user.MFADevice) throw deleteConflict('User.MFADevice');
  if (user.Policies.length > 0) throw deleteConflict('User.Policy');
  account.Users.delete(user.UserName);
  return {};
}

export const userActions: Record<string, ActionHandler> = {
  ListUsers: listUsers,
  GetUser: getUser,
  CreateUser: createUser,
  UpdateUser: updateUser,
  DeleteUser: deleteUser,
};
