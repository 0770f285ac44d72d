/**
 * RAM policies and their versions: list, read a document, create, add a version, choose the default, delete.
 * A name without a type is looked up as a Custom policy, then as a System one (see withPolicyType).
 */
import { fix } from '../core/errors.js';
import { listAll, type RamApi } from './api.js';
import {
  type Dependent,
  type HolderKind,
  type PolicyType,
  detachPolicy,
  entitiesFor,
  explained,
  withPolicyType,
} from './attachments.js';

export interface Policy {
  PolicyName: string;
  PolicyType: PolicyType;
  Description?: string;
  DefaultVersion?: string;
  AttachmentCount?: number;
  CreateDate?: string;
  UpdateDate?: string;
  PolicyDocument?: string;
}

export interface PolicyVersion {
  VersionId: string;
  IsDefaultVersion: boolean;
  PolicyDocument?: string;
  CreateDate?: string;
}

const MAX_VERSIONS = 5;

export function listPolicies(ram: RamApi, type?: PolicyType): Promise<Policy[]> {
  return listAll(ram, 'ListPolicies', type ? { PolicyType: type } : {}, (body) => body.Policies?.Policy);
}

const versionHints = (name: string) => ({
  'EntityNotExist.Policy.Version': fix(`${name} has no such version; list them`, `ram policy versions ${name}`),
});

/** A policy and one of its versions: the default one unless `version` names another. */
/** A policy and one version of its document (the default unless another is asked for). */
export interface PolicyDetails {
  Policy: Policy;
  PolicyVersion: PolicyVersion;
}

export async function getPolicy(
  ram: RamApi,
  name: string,
  options: { type?: PolicyType; version?: string } = {},
): Promise<PolicyDetails> {
  const { type, result } = await withPolicyType(name, options.type, (t) => ram.call('GetPolicy', { PolicyName: name, PolicyType: t }));
  if (!options.version || options.version === result.DefaultPolicyVersion?.VersionId) {
    return { Policy: result.Policy, PolicyVersion: result.DefaultPolicyVersion };
  }
  const body = await explained(
    ram.call('GetPolicyVersion', { PolicyName: name, PolicyType: type, VersionId: options.version }),
    versionHints(name),
  );
  return { Policy: result.Policy, PolicyVersion: body.PolicyVersion };
}

export async function listPolicyVersions(ram: RamApi, name: string, type?: PolicyType): Promise<PolicyVersion[]> {
  const { result } = await withPolicyType(name, type, (t) => ram.call('ListPolicyVersions', { PolicyName: name, PolicyType: t }));
  return result.PolicyVersions?.PolicyVersion ?? [];
}

const customOnly = (name: string) => ({
  'EntityNotExist.Policy': fix(`there is no custom policy named ${name} (system policies cannot be changed); list them`, 'ram policy list --type Custom'),
});

export async function createPolicy(ram: RamApi, policy: { PolicyName: string; PolicyDocument: string; Description?: string }): Promise<Policy> {
  const body = await explained(ram.call('CreatePolicy', { ...policy }), {
    'EntityAlreadyExists.Policy': fix(`a policy named ${policy.PolicyName} exists already; add a version`, `ram policy update ${policy.PolicyName} --document …`),
  });
  return body.Policy;
}

/** A new version of a custom policy; `rotate` drops the oldest non-default version when all five are taken. */
export async function createPolicyVersion(
  ram: RamApi,
  name: string,
  version: { PolicyDocument: string; setAsDefault: boolean; rotate: boolean },
): Promise<PolicyVersion> {
  const body = await explained(
    ram.call('CreatePolicyVersion', {
      PolicyName: name,
      PolicyDocument: version.PolicyDocument,
      SetAsDefault: version.setAsDefault,
      RotateStrategy: version.rotate ? 'DeleteOldestNonDefaultVersionWhenLimitExceeded' : 'None',
    }),
    {
      ...customOnly(name),
      'LimitExceeded.Policy.Version': `${name} has ${MAX_VERSIONS} versions, the most RAM keeps: pass --rotate to drop the oldest non-default one`,
    },
  );
  return body.PolicyVersion;
}

export async function setDefaultPolicyVersion(ram: RamApi, name: string, version: string): Promise<void> {
  await explained(ram.call('SetDefaultPolicyVersion', { PolicyName: name, VersionId: version }), {
    ...customOnly(name),
    ...versionHints(name),
  });
}

/** What keeps a custom policy from being deleted: each user, group and role it is attached to. */
export async function policyDependents(ram: RamApi, name: string): Promise<Dependent[]> {
  const { entities } = await explained(entitiesFor(ram, name, 'Custom'), customOnly(name));
  const holders: { kind: HolderKind; name: string }[] = [
    ...entities.Users.map((u) => ({ kind: 'user' as const, name: u.UserName })),
    ...entities.Groups.map((g) => ({ kind: 'group' as const, name: g.GroupName })),
    ...entities.Roles.map((r) => ({ kind: 'role' as const, name: r.RoleName })),
  ];
  return holders.map((holder) => ({
    kind: `${holder.kind} attachment`,
    name: holder.name,
    removed: `Detached policy ${name} (Custom) from ${holder.kind} ${holder.name}.`,
    remove: async () => {
      await detachPolicy(ram, { name, type: 'Custom' }, holder);
    },
  }));
}

/** Deletes a custom policy with all its versions (RAM's CascadingDelete): the user named the policy, not a version. */
export async function deletePolicy(ram: RamApi, name: string): Promise<void> {
  await explained(ram.call('DeletePolicy', { PolicyName: name, CascadingDelete: true }), {
    ...customOnly(name),
    'DeleteConflict.Policy.User': fix('it is attached to users; detach it first', `ram policy delete ${name} --force`),
    'DeleteConflict.Policy.Group': fix('it is attached to groups; detach it first', `ram policy delete ${name} --force`),
    'DeleteConflict.Policy.Role': fix('it is attached to roles; detach it first', `ram policy delete ${name} --force`),
  });
}
