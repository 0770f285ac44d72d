/** RAM roles: list, read with their attached policies, create, update and delete. Answers in the API's wire shape. */
import { fix } from '../core/errors.js';
import { listAll, type RamApi } from './api.js';
import {
  type AttachedPolicy,
  type Dependent,
  attachedPolicyDependents,
  explained,
  holderHints,
  policiesFor,
} from './attachments.js';

export interface Role {
  RoleId?: string;
  RoleName: string;
  Arn?: string;
  Description?: string;
  MaxSessionDuration?: number;
  AssumeRolePolicyDocument?: string;
  CreateDate?: string;
  UpdateDate?: string;
}

const notFound = (name: string) => holderHints({ kind: 'role', name });

export function listRoles(ram: RamApi): Promise<Role[]> {
  return listAll(ram, 'ListRoles', {}, (body) => body.Roles?.Role);
}

/** A role and the policies attached to it. */
/** A role with the policies attached to it. */
export interface RoleDetails {
  Role: Role;
  Policies: AttachedPolicy[];
}

export async function getRole(ram: RamApi, name: string): Promise<RoleDetails> {
  const body = await explained(ram.call('GetRole', { RoleName: name }), notFound(name));
  return { Role: body.Role, Policies: await policiesFor(ram, { kind: 'role', name }) };
}

export interface NewRole {
  RoleName: string;
  /** Compact JSON, already checked (see trust.ts). */
  AssumeRolePolicyDocument: string;
  Description?: string;
  MaxSessionDuration?: number;
}

export async function createRole(ram: RamApi, role: NewRole): Promise<Role> {
  const body = await explained(ram.call('CreateRole', { ...role }), {
    'EntityAlreadyExists.Role': fix(`a role named ${role.RoleName} exists already; change it`, `ram role update ${role.RoleName}`),
  });
  return body.Role;
}

export interface RoleChanges {
  NewAssumeRolePolicyDocument?: string;
  NewDescription?: string;
  NewMaxSessionDuration?: number;
}

export async function updateRole(ram: RamApi, name: string, changes: RoleChanges): Promise<Role> {
  const body = await explained(ram.call('UpdateRole', { RoleName: name, ...changes }), notFound(name));
  return body.Role;
}

/** What keeps a role from being deleted: its attached policies, each detachable. */
export async function roleDependents(ram: RamApi, name: string): Promise<Dependent[]> {
  const holder = { kind: 'role', name } as const;
  return attachedPolicyDependents(ram, holder, await policiesFor(ram, holder));
}

export async function deleteRole(ram: RamApi, name: string): Promise<void> {
  await explained(ram.call('DeleteRole', { RoleName: name }), {
    ...notFound(name),
    'DeleteConflict.Role.Policy': fix('policies are attached to it; detach them first', `ram role delete ${name} --force`),
  });
}

