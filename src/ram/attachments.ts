/**
 * Which policies users, groups and roles hold: attaching, detaching and listing them, a policy's type when the user
 * leaves it out, and the safe delete of an entity that others depend on (refused, or with --force undone step by
 * step). Answers are in the API's wire shape.
 */
import { ApiError, fix, type Hint, InputError } from '../core/errors.js';
import { listAll, type RamApi } from './api.js';
import { checkRamName, GROUP_NAME, POLICY_NAME, ROLE_NAME, USER_NAME, type NameRule } from './names.js';

export type PolicyType = 'System' | 'Custom';
export const POLICY_TYPES: readonly PolicyType[] = ['System', 'Custom'];

export type HolderKind = 'user' | 'group' | 'role';
export const HOLDER_KINDS: readonly HolderKind[] = ['user', 'group', 'role'];

/** A user, group or role that policies are attached to. */
export interface Holder {
  kind: HolderKind;
  name: string;
}

/** How RAM names each kind of holder: in action names (AttachPolicyToUser), parameters, and for people. */
export const HOLDER: Record<HolderKind, { code: 'User' | 'Group' | 'Role'; param: string; rule: NameRule; list: string }> = {
  user: { code: 'User', param: 'UserName', rule: USER_NAME, list: 'ram user list' },
  group: { code: 'Group', param: 'GroupName', rule: GROUP_NAME, list: 'ram group list' },
  role: { code: 'Role', param: 'RoleName', rule: ROLE_NAME, list: 'ram role list' },
};

/** An attached policy as ListPoliciesFor{User,Group,Role} answers it. */
export interface AttachedPolicy {
  PolicyName: string;
  PolicyType: PolicyType;
  DefaultVersion?: string;
  Description?: string;
  AttachDate?: string;
}

/** ListEntitiesForPolicy's answer, its lists unwrapped. */
export interface PolicyEntities {
  Users: { UserId?: string; UserName: string; DisplayName?: string; AttachDate?: string }[];
  Groups: { GroupName: string; Comments?: string; AttachDate?: string }[];
  Roles: { RoleId?: string; RoleName: string; Arn?: string; Description?: string; AttachDate?: string }[];
}

/** The one holder named by --user, --group or --role; naming none or several is bad input. */
export function holderOf(flags: Partial<Record<HolderKind, string>>, command: string): Holder {
  const given = HOLDER_KINDS.filter((kind) => flags[kind] !== undefined);
  if (given.length !== 1) {
    const got = given.length === 0 ? 'none was given' : `got ${given.map((k) => `--${k}`).join(' and ')}`;
    throw new InputError(`${command} needs exactly one of --user, --group or --role: ${got}`, `e.g. ${command} --user alice`);
  }
  const kind = given[0];
  return { kind, name: checkRamName(String(flags[kind]), `--${kind}`, HOLDER[kind].rule) };
}

export function checkPolicyName(value: string, field: string): string {
  return checkRamName(value, field, POLICY_NAME);
}

/** A version id as RAM writes it: v1, v2 … */
export function checkVersionId(value: string, field = '--version'): string {
  if (!/^v[1-9]\d*$/.test(value)) throw new InputError(`${field} "${value}" is not a policy version`, fix('versions are named v1, v2 …; list them', 'ram policy versions <name>'));
  return value;
}

/** Re-throws an API refusal with a hint naming the command that helps; other errors pass unchanged. */
export async function explained<T>(call: Promise<T>, hints: Record<string, string | Hint>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    const hint = error instanceof ApiError ? hints[error.code] : undefined;
    if (!hint) throw error;
    const e = error as ApiError;
    throw new ApiError(e.code, e.apiMessage, e.statusCode, e.requestId, e.accessDeniedDetail, hint);
  }
}

/** Hints for a holder that does not exist. */
export function holderHints(holder: Holder): Record<string, Hint> {
  const { code, list } = HOLDER[holder.kind];
  return { [`EntityNotExist.${code}`]: fix(`there is no ${holder.kind} named ${holder.name}; list them`, list) };
}

/**
 * Runs a call that names a policy, with the type the user gave or, if none, as a Custom policy and then as a System
 * one (RAM keeps the two kinds' names apart, so at most one answers). An unknown policy's refusal names the command
 * that lists policies.
 */
export async function withPolicyType<T>(name: string, type: PolicyType | undefined, call: (type: PolicyType) => Promise<T>): Promise<{ type: PolicyType; result: T }> {
  const unknown = (types: string, listType: PolicyType) => ({
    'EntityNotExist.Policy': fix(`there is no ${types} policy named ${name}; list them`, `ram policy list --type ${listType}`),
  });
  if (type) return { type, result: await explained(call(type), unknown(type, type)) };
  try {
    return { type: 'Custom', result: await call('Custom') };
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'EntityNotExist.Policy') throw error;
  }
  return { type: 'System', result: await explained(call('System'), unknown('custom or system', 'Custom')) };
}

/** Attaches a policy; answers the type it was attached as. */
export async function attachPolicy(ram: RamApi, policy: { name: string; type?: PolicyType }, holder: Holder): Promise<PolicyType> {
  const { code, param } = HOLDER[holder.kind];
  const attach = (type: PolicyType) => ram.call(`AttachPolicyTo${code}`, { PolicyName: policy.name, PolicyType: type, [param]: holder.name });
  const { type } = await explained(withPolicyType(policy.name, policy.type, attach), {
    ...holderHints(holder),
    [`EntityAlreadyExists.${code}.Policy`]: fix('it is attached already; see what is', `ram policies --${holder.kind} ${holder.name}`),
  });
  return type;
}

/** Detaches a policy; answers the type it was attached as. */
export async function detachPolicy(ram: RamApi, policy: { name: string; type?: PolicyType }, holder: Holder): Promise<PolicyType> {
  const { code, param } = HOLDER[holder.kind];
  const detach = (type: PolicyType) => ram.call(`DetachPolicyFrom${code}`, { PolicyName: policy.name, PolicyType: type, [param]: holder.name });
  const { type } = await explained(withPolicyType(policy.name, policy.type, detach), {
    ...holderHints(holder),
    [`EntityNotExist.${code}.Policy`]: fix(`${policy.name} is not attached to ${holder.kind} ${holder.name}; see what is`, `ram policies --${holder.kind} ${holder.name}`),
  });
  return type;
}

/** The policies attached directly to a user, group or role. */
export async function policiesFor(ram: RamApi, holder: Holder): Promise<AttachedPolicy[]> {
  const { code, param } = HOLDER[holder.kind];
  const body = await explained(ram.call(`ListPoliciesFor${code}`, { [param]: holder.name }), holderHints(holder));
  return body.Policies?.Policy ?? [];
}

/** The users, groups and roles a policy is attached to, and the policy's type. */
export async function entitiesFor(ram: RamApi, name: string, type?: PolicyType): Promise<{ type: PolicyType; entities: PolicyEntities }> {
  const { type: found, result } = await withPolicyType(name, type, (t) => ram.call('ListEntitiesForPolicy', { PolicyName: name, PolicyType: t }));
  return {
    type: found,
    entities: { Users: result.Users?.User ?? [], Groups: result.Groups?.Group ?? [], Roles: result.Roles?.Role ?? [] },
  };
}

/** The members of a group, across every page. */
export function membersOf(ram: RamApi, group: string): Promise<{ UserName: string; DisplayName?: string; JoinDate?: string }[]> {
  return explained(
    listAll(ram, 'ListUsersForGroup', { GroupName: group }, (body) => body.Users?.User),
    holderHints({ kind: 'group', name: group }),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Safe deletes

/** Something that keeps an entity from being deleted, and how to undo it. */
export interface Dependent {
  /** Singular noun for the kind of dependent, e.g. "attached policy", "member". */
  kind: string;
  name: string;
  /** What was done, for the step list: "Detached policy X (System) from role R." */
  removed: string;
  remove(): Promise<void>;
}

/** Detaching each of a holder's policies, as dependents of its deletion. */
export function attachedPolicyDependents(ram: RamApi, holder: Holder, policies: AttachedPolicy[]): Dependent[] {
  return policies.map((policy) => ({
    kind: 'attached policy',
    name: policy.PolicyName,
    removed: `Detached policy ${policy.PolicyName} (${policy.PolicyType}) from ${holder.kind} ${holder.name}.`,
    remove: async () => {
      await detachPolicy(ram, { name: policy.PolicyName, type: policy.PolicyType }, holder);
    },
  }));
}

/** What keeps an entity from being deleted. */
export interface Blockers {
  dependents: Dependent[];
  /** How to name the dependents for people, when summary()'s count-per-kind wording does not fit. */
  held?: string;
}

export interface SafeDelete extends Blockers {
  /** What is deleted, for people: "role AuditRole". */
  entity: string;
  force: boolean;
  /** How to remove the dependents by hand, for the hint when --force is not given. */
  byHand: string;
  /** Asks before changing anything (the CLI's confirm). */
  confirm(action: string): Promise<void>;
  /** Reports each dependent removed. */
  onStep(done: string): void;
  remove(): Promise<void>;
}

/**
 * Deletes an entity RAM would refuse to delete while others depend on it: without force, refuses before any change
 * (bad input, as `user delete` does) and lists what blocks it; with force, asks once, then removes each dependent
 * (reporting it) and the entity.
 */
export async function safeDelete(plan: SafeDelete): Promise<void> {
  const { entity, dependents } = plan;
  const held = dependents.length > 0 ? (plan.held ?? summary(dependents)) : '';
  if (held && !plan.force) {
    throw new InputError(
      `${entity} cannot be deleted while it has ${held}`,
      `remove ${dependents.length === 1 ? 'it' : 'them'} first (${plan.byHand}), or pass --force to remove ${dependents.length === 1 ? 'it' : 'them'} and delete ${entity}`,
    );
  }
  await plan.confirm(held ? `Delete ${entity} and remove its ${held}` : `Delete ${entity}`);
  await removeEach(dependents, plan.onStep);
  await plan.remove();
}

/** Removes the dependents in turn, reporting each once it is done; the first failure stops the rest. */
export async function removeEach(dependents: Dependent[], onStep: (done: string) => void): Promise<void> {
  for (const dependent of dependents) {
    await dependent.remove();
    onStep(dependent.removed);
  }
}

/** "2 members (alice, bob) and 1 attached policy (ReadOnlyAccess)". */
export function summary(dependents: Dependent[]): string {
  const kinds = [...new Set(dependents.map((d) => d.kind))];
  const parts = kinds.map((kind) => {
    const names = dependents.filter((d) => d.kind === kind).map((d) => d.name);
    return `${names.length} ${names.length === 1 ? kind : plural(kind)} (${names.join(', ')})`;
  });
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts[0];
}

function plural(noun: string): string {
  return /[^aeiou]y$/.test(noun) ? `${noun.slice(0, -1)}ies` : `${noun}s`;
}
