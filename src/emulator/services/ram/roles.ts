/**
 * RAM roles: ListRoles, GetRole, CreateRole, UpdateRole, DeleteRole. A role created here can be assumed through
 * STS on the next call, and deleting one ends its sessions (the authenticator looks the role up on every call).
 */
import { formatApiDate } from '../../api-error.js';
import { roleArn } from '../../ids.js';
import type { Role } from '../../state.js';
import type { ActionHandler, ApiCall } from '../service.js';
import { accountOf, findNamed, newIds, resource, roleNamed } from './entities.js';
import { deleteConflict, entityAlreadyExists } from './faults.js';
import { pageOf } from './paging.js';
import { ROLE_NAME, checkLength, checkName, documentParam, integerParam, optional, required } from './params.js';

const MAX_TRUST_POLICY_LENGTH = 2048;
const MIN_SESSION = 3600;
const MAX_SESSION = 43200;

function roleSummary(role: Role) {
  return {
    RoleId: role.RoleId,
    RoleName: role.RoleName,
    Arn: role.Arn,
    Description: role.Description,
    MaxSessionDuration: role.MaxSessionDuration,
    CreateDate: formatApiDate(role.CreateDate),
    UpdateDate: formatApiDate(role.UpdateDate),
  };
}

const roleView = (role: Role) => ({ ...roleSummary(role), AssumeRolePolicyDocument: JSON.stringify(role.AssumeRolePolicyDocument) });

function namedRole(call: ApiCall, action: string) {
  const account = accountOf(call);
  const name = required(call.params, 'RoleName');
  call.authorize(action, resource(account, 'role', name));
  return { account, role: roleNamed(account, name) };
}

function listRoles(call: ApiCall) {
  const account = accountOf(call);
  call.authorize('ram:ListRoles', resource(account));
  const page = pageOf(account.Roles.values(), call.params, (role) => role.RoleName);
  return { ...page.truncation, Roles: { Role: page.items.map(roleSummary) } };
}

function getRole(call: ApiCall) {
  return { Role: roleView(namedRole(call, 'ram:GetRole').role) };
}

function createRole(call: ApiCall) {
  const { params } = call;
  const account = accountOf(call);
  const name = required(params, 'RoleName');
  call.authorize('ram:CreateRole', resource(account, 'role', name));
  checkName('RoleName', name, ROLE_NAME, 64);
  const trust = documentParam(params, 'AssumeRolePolicyDocument', 'trust', MAX_TRUST_POLICY_LENGTH);
  const description = checkLength('Description', optional(params, 'Description'), 1024);
  const maxSessionDuration = integerParam(params, 'MaxSessionDuration', MIN_SESSION, MAX_SESSION) ?? MIN_SESSION;
  if (findNamed(account.Roles, name)) throw entityAlreadyExists('Role');
  const now = call.state.now();
  const role: Role = {
    RoleId: newIds.roleId(),
    RoleName: name,
    Arn: roleArn(account.AccountId, name),
    Description: description,
    MaxSessionDuration: maxSessionDuration,
    AssumeRolePolicyDocument: trust,
    CreateDate: now,
    UpdateDate: now,
    Policies: [],
  };
  account.Roles.set(name, role);
  return { Role: roleView(role) };
}

function updateRole(call: ApiCall) {
  const { params } = call;
  const { role } = namedRole(call, 'ram:UpdateRole');
  const trust = optional(params, 'NewAssumeRolePolicyDocument') === undefined
    ? undefined
    : documentParam(params, 'NewAssumeRolePolicyDocument', 'trust', MAX_TRUST_POLICY_LENGTH);
  const maxSessionDuration = integerParam(params, 'NewMaxSessionDuration', MIN_SESSION, MAX_SESSION);
  const description = checkLength('NewDescription', optional(params, 'NewDescription'), 1024);
  if (trust) role.AssumeRolePolicyDocument = trust;
  if (maxSessionDuration !== undefined) role.MaxSessionDuration = maxSessionDuration;
  if (description !== undefined) role.Description = description;
  role.UpdateDate = call.state.now();
  return { Role: roleView(role) };
}

function deleteRole(call: ApiCall) {
  const { account, role } = namedRole(call, 'ram:DeleteRole');
  if (role.Policies.length > 0) throw deleteConflict('Role.Policy');
  account.Roles.delete(role.RoleName);
  return {};
}

export const roleActions: Record<string, ActionHandler> = {
  ListRoles: listRoles,
  GetRole: getRole,
  CreateRole: createRole,
  UpdateRole: updateRole,
  DeleteRole: deleteRole,
};
