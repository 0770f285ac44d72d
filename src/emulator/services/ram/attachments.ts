/**
 * Which policies users, groups and roles hold: AttachPolicyTo*, DetachPolicyFrom*, ListPoliciesFor*,
 * ListEntitiesForPolicy. The policy evaluator reads the same lists, so an attachment or a detachment governs the
 * very next call.
 */
import { formatApiDate } from '../../api-error.js';
import type { Account, PolicyRef } from '../../state.js';
import type { ActionHandler, ApiCall } from '../service.js';
import { accountOf, groupNamed, holdersOf, resource, roleNamed, userNamed } from './entities.js';
import { entityAlreadyExists, entityNotExist } from './faults.js';
import { required, requiredPolicyType } from './params.js';
import { policyNamed } from './policies.js';

/** One kind of policy holder: its parameter, its resource kind and how RAM names it in error codes. */
interface HolderKind {
  param: 'UserName' | 'GroupName' | 'RoleName';
  resource: 'user' | 'group' | 'role';
  code: 'User' | 'Group' | 'Role';
  policiesOf(account: Account, name: string): PolicyRef[];
}

const USER: HolderKind = { param: 'UserName', resource: 'user', code: 'User', policiesOf: (a, n) => userNamed(a, n).Policies };
const GROUP: HolderKind = { param: 'GroupName', resource: 'group', code: 'Group', policiesOf: (a, n) => groupNamed(a, n).Policies };
const ROLE: HolderKind = { param: 'RoleName', resource: 'role', code: 'Role', policiesOf: (a, n) => roleNamed(a, n).Policies };

/** The policy named by PolicyName/PolicyType and the holder's policy list, both checked to exist. */
function attachment(call: ApiCall, action: string, kind: HolderKind) {
  const account = accountOf(call);
  const policyName = required(call.params, 'PolicyName');
  const policyType = requiredPolicyType(call.params);
  const holderName = required(call.params, kind.param);
  call.authorize(action, resource(account, 'policy', policyName));
  call.authorize(action, resource(account, kind.resource, holderName));
  const policy = policyNamed(account, policyName, policyType);
  const refs = kind.policiesOf(account, holderName);
  const index = refs.findIndex((ref) => ref.PolicyType === policy.PolicyType && ref.PolicyName === policy.PolicyName);
  return { policy, refs, index };
}

function attach(kind: HolderKind): ActionHandler {
  return (call) => {
    const { policy, refs, index } = attachment(call, `ram:AttachPolicyTo${kind.code}`, kind);
    if (index >= 0) throw entityAlreadyExists(`${kind.code}.Policy`);
    refs.push({ PolicyName: policy.PolicyName, PolicyType: policy.PolicyType, AttachDate: call.state.now() });
    return {};
  };
}

function detach(kind: HolderKind): ActionHandler {
  return (call) => {
    const { refs, index } = attachment(call, `ram:DetachPolicyFrom${kind.code}`, kind);
    if (index < 0) throw entityNotExist(`${kind.code}.Policy`);
    refs.splice(index, 1);
    return {};
  };
}

function listPoliciesFor(kind: HolderKind): ActionHandler {
  return (call) => {
    const account = accountOf(call);
    const name = required(call.params, kind.param);
    call.authorize(`ram:ListPoliciesFor${kind.code}`, resource(account, kind.resource, name));
    // DeletePolicy refuses attached policies, so every reference names a policy that exists.
    const policies = kind.policiesOf(account, name).map((ref) => {
      const entry = policyNamed(account, ref.PolicyName, ref.PolicyType);
      return {
        PolicyName: entry.PolicyName,
        PolicyType: entry.PolicyType,
        DefaultVersion: entry.DefaultVersion,
        Description: entry.Description,
        AttachDate: ref.AttachDate && formatApiDate(ref.AttachDate),
      };
    });
    return { Policies: { Policy: policies } };
  };
}

function listEntitiesForPolicy(call: ApiCall) {
  const account = accountOf(call);
  const name = required(call.params, 'PolicyName');
  const type = requiredPolicyType(call.params);
  call.authorize('ram:ListEntitiesForPolicy', resource(account, 'policy', name));
  const policy = policyNamed(account, name, type);
  const users = [];
  const groups = [];
  const roles = [];
  for (const holder of holdersOf(account, policy.PolicyName, policy.PolicyType)) {
    const AttachDate = holder.ref.AttachDate && formatApiDate(holder.ref.AttachDate);
    if (holder.kind === 'user') {
      const { UserId, UserName, DisplayName } = holder.user;
      users.push({ UserId, UserName, DisplayName, AttachDate });
    } else if (holder.kind === 'group') {
      const { GroupName, Comments } = holder.group;
      groups.push({ GroupName, Comments, AttachDate });
    } else {
      const { RoleId, RoleName, Arn, Description } = holder.role;
      roles.push({ RoleId, RoleName, Arn, Description, AttachDate });
    }
  }
  return { Users: { User: users }, Groups: { Group: groups }, Roles: { Role: roles } };
}

export const attachmentActions: Record<string, ActionHandler> = {
  AttachPolicyToUser: attach(USER),
  AttachPolicyToGroup: attach(GROUP),
  AttachPolicyToRole: attach(ROLE),
  DetachPolicyFromUser: detach(USER),
  DetachPolicyFromGroup: detach(GROUP),
  DetachPolicyFromRole: detach(ROLE),
  ListPoliciesForUser: listPoliciesFor(USER),
  ListPoliciesForGroup: listPoliciesFor(GROUP),
  ListPoliciesForRole: listPoliciesFor(ROLE),
  ListEntitiesForPolicy: listEntitiesForPolicy,
};
