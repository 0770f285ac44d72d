/**
 * Policies and their versions: ListPolicies, GetPolicy, CreatePolicy, DeletePolicy, CreatePolicyVersion,
 * GetPolicyVersion, ListPolicyVersions, SetDefaultPolicyVersion, DeletePolicyVersion. System policies are the
 * emulator's built-in ones, read-only with a single version v1; custom ones live in the account.
 */
import { formatApiDate } from '../../api-error.js';
import { SYSTEM_POLICIES } from '../../policy.js';
import type { SystemPolicy } from '../../system-policies.js';
import type { Account, CustomPolicy, PolicyVersion } from '../../state.js';
import type { ActionHandler, ApiCall } from '../service.js';
import { accountOf, attachmentCounts, holdersOf, resource } from './entities.js';
import { deleteConflict, entityAlreadyExists, entityNotExist, invalidParameter, limitExceeded } from './faults.js';
import { pageOf } from './paging.js';
import {
  POLICY_NAME,
  booleanParam,
  checkLength,
  checkName,
  documentParam,
  optional,
  policyTypeParam,
  required,
  requiredPolicyType,
  type PolicyType,
} from './params.js';

const MAX_POLICY_DOCUMENT_LENGTH = 6144;
const MAX_POLICY_VERSIONS = 5;
/** When the built-in policies appear to have been created and last changed. */
const SYSTEM_POLICY_DATE = new Date('2015-04-28T16:00:00Z');
const ROTATE_STRATEGIES = ['None', 'DeleteOldestNonDefaultVersionWhenLimitExceeded'];

/** A System or Custom policy, in the one shape every action reads. */
export interface PolicyEntry {
  PolicyName: string;
  PolicyType: PolicyType;
  Description?: string;
  DefaultVersion: string;
  CreateDate: Date;
  UpdateDate: Date;
  Versions: PolicyVersion[];
  /** Absent for System policies, which cannot be changed. */
  custom?: CustomPolicy;
}

function systemEntry(PolicyName: string, policy: SystemPolicy): PolicyEntry {
  return {
    PolicyName,
    PolicyType: 'System',
    Description: policy.Description,
    DefaultVersion: 'v1',
    CreateDate: SYSTEM_POLICY_DATE,
    UpdateDate: SYSTEM_POLICY_DATE,
    Versions: [{ VersionId: 'v1', PolicyDocument: policy.PolicyDocument, IsDefaultVersion: true, CreateDate: SYSTEM_POLICY_DATE }],
  };
}

const systemEntries = () => [...SYSTEM_POLICIES].map(([name, policy]) => systemEntry(name, policy));

const customEntry = (custom: CustomPolicy): PolicyEntry => ({ ...custom, custom });

/** The policy of that name and type, or EntityNotExist.Policy. System names match exactly, as RAM's do. */
export function policyNamed(account: Account, name: string, type: PolicyType): PolicyEntry {
  if (type === 'System') {
    const system = SYSTEM_POLICIES.get(name);
    if (system) return systemEntry(name, system);
  } else {
    const custom = account.Policies.get(name);
    if (custom) return customEntry(custom);
  }
  throw entityNotExist('Policy');
}

function defaultVersionOf(entry: PolicyEntry): PolicyVersion {
  return entry.Versions.find((v) => v.VersionId === entry.DefaultVersion)!;
}

const versionView = (version: PolicyVersion) => ({
  VersionId: version.VersionId,
  IsDefaultVersion: version.IsDefaultVersion,
  PolicyDocument: JSON.stringify(version.PolicyDocument),
  CreateDate: formatApiDate(version.CreateDate),
});

function policyView(entry: PolicyEntry, attachmentCount: number) {
  return {
    PolicyName: entry.PolicyName,
    PolicyType: entry.PolicyType,
    Description: entry.Description,
    DefaultVersion: entry.DefaultVersion,
    AttachmentCount: attachmentCount,
    CreateDate: formatApiDate(entry.CreateDate),
    UpdateDate: formatApiDate(entry.UpdateDate),
  };
}

function namedPolicy(call: ApiCall, action: string, type: PolicyType) {
  const account = accountOf(call);
  const name = required(call.params, 'PolicyName');
  call.authorize(action, resource(account, 'policy', name));
  return { account, entry: policyNamed(account, name, type) };
}

/** Only custom policies change; naming a system one as such finds nothing to change. */
function namedCustomPolicy(call: ApiCall, action: string): { account: Account; policy: CustomPolicy } {
  const { account, entry } = namedPolicy(call, action, 'Custom');
  return { account, policy: entry.custom! };
}

function versionIn(entry: PolicyEntry, versionId: string): PolicyVersion {
  if (!/^v\d+$/.test(versionId)) {
    throw invalidParameter('VersionId.Format', 'The format of the parameter - "VersionId" is incorrect.');
  }
  const version = entry.Versions.find((v) => v.VersionId === versionId);
  if (!version) throw entityNotExist('Policy.Version');
  return version;
}

function listPolicies(call: ApiCall) {
  const account = accountOf(call);
  const type = policyTypeParam(call.params);
  call.authorize('ram:ListPolicies', resource(account));
  const entries = [
    ...(type === 'Custom' ? [] : systemEntries()),
    ...(type === 'System' ? [] : [...account.Policies.values()].map(customEntry)),
  ];
  const counts = attachmentCounts(account);
  // System policies first, as the console lists them, each kind by name.
  const page = pageOf(entries, call.params, (p) => `${p.PolicyType === 'System' ? 0 : 1}:${p.PolicyName}`);
  const policies = page.items.map((p) => policyView(p, counts.get(`${p.PolicyType}:${p.PolicyName}`) ?? 0));
  return { ...page.truncation, Policies: { Policy: policies } };
}

function getPolicy(call: ApiCall) {
  const type = requiredPolicyType(call.params);
  const { account, entry } = namedPolicy(call, 'ram:GetPolicy', type);
  const version = defaultVersionOf(entry);
  const count = holdersOf(account, entry.PolicyName, entry.PolicyType).length;
  return {
    Policy: { ...policyView(entry, count), PolicyDocument: JSON.stringify(version.PolicyDocument) },
    DefaultPolicyVersion: versionView(version),
  };
}

function createPolicy(call: ApiCall) {
  const { params } = call;
  const account = accountOf(call);
  const name = required(params, 'PolicyName');
  call.authorize('ram:CreatePolicy', resource(account, 'policy', name));
  checkName('PolicyName', name, POLICY_NAME, 128);
  const document = documentParam(params, 'PolicyDocument', 'permission', MAX_POLICY_DOCUMENT_LENGTH);
  const description = checkLength('Description', optional(params, 'Description'), 1024);
  if (account.Policies.has(name) || SYSTEM_POLICIES.has(name)) throw entityAlreadyExists('Policy');
  const now = call.state.now();
  const policy: CustomPolicy = {
    PolicyName: name,
    PolicyType: 'Custom',
    Description: description,
    CreateDate: now,
    UpdateDate: now,
    DefaultVersion: 'v1',
    Versions: [{ VersionId: 'v1', PolicyDocument: document, IsDefaultVersion: true, CreateDate: now }],
  };
  account.Policies.set(name, policy);
  const { PolicyName, PolicyType, Description, DefaultVersion, CreateDate } = policyView(customEntry(policy), 0);
  return { Policy: { PolicyName, PolicyType, Description, DefaultVersion, CreateDate } };
}

/** Refused while attached anywhere or (unless CascadingDelete) while older versions remain. */
function deletePolicy(call: ApiCall) {
  const cascading = booleanParam(call.params, 'CascadingDelete') ?? false;
  const { account, policy } = namedCustomPolicy(call, 'ram:DeletePolicy');
  const holders = holdersOf(account, policy.PolicyName, 'Custom');
  if (holders.some((h) => h.kind === 'user')) throw deleteConflict('Policy.User');
  if (holders.some((h) => h.kind === 'group')) throw deleteConflict('Policy.Group');
  if (holders.some((h) => h.kind === 'role')) throw deleteConflict('Policy.Role');
  if (!cascading && policy.Versions.length > 1) throw deleteConflict('Policy.Version');
  account.Policies.delete(policy.PolicyName);
  return {};
}

function setDefault(policy: CustomPolicy, version: PolicyVersion, now: Date): void {
  for (const v of policy.Versions) v.IsDefaultVersion = v === version;
  policy.DefaultVersion = version.VersionId;
  policy.UpdateDate = now;
}

function createPolicyVersion(call: ApiCall) {
  const { params } = call;
  const document = documentParam(params, 'PolicyDocument', 'permission', MAX_POLICY_DOCUMENT_LENGTH);
  const setAsDefault = booleanParam(params, 'SetAsDefault') ?? false;
  const rotate = optional(params, 'RotateStrategy') ?? 'None';
  if (!ROTATE_STRATEGIES.includes(rotate)) {
    throw invalidParameter('RotateStrategy', `The parameter - "RotateStrategy" must be one of ${ROTATE_STRATEGIES.join(', ')}.`);
  }
  const { policy } = namedCustomPolicy(call, 'ram:CreatePolicyVersion');
  if (policy.Versions.length >= MAX_POLICY_VERSIONS) {
    const oldest = policy.Versions.find((v) => !v.IsDefaultVersion);
    if (rotate === 'None' || !oldest) throw limitExceeded('Policy.Version');
    policy.Versions.splice(policy.Versions.indexOf(oldest), 1);
  }
  const now = call.state.now();
  const next = Math.max(0, ...policy.Versions.map((v) => Number(v.VersionId.slice(1)))) + 1;
  const version: PolicyVersion = { VersionId: `v${next}`, PolicyDocument: document, IsDefaultVersion: false, CreateDate: now };
  policy.Versions.push(version);
  if (setAsDefault) setDefault(policy, version, now);
  return { PolicyVersion: versionView(version) };
}

function getPolicyVersion(call: ApiCall) {
  const type = requiredPolicyType(call.params);
  const versionId = required(call.params, 'VersionId');
  const { entry } = namedPolicy(call, 'ram:GetPolicyVersion', type);
  return { PolicyVersion: versionView(versionIn(entry, versionId)) };
}

function listPolicyVersions(call: ApiCall) {
  const type = requiredPolicyType(call.params);
  const { entry } = namedPolicy(call, 'ram:ListPolicyVersions', type);
  return { PolicyVersions: { PolicyVersion: entry.Versions.map(versionView) } };
}

function setDefaultPolicyVersion(call: ApiCall) {
  const versionId = required(call.params, 'VersionId');
  const { policy } = namedCustomPolicy(call, 'ram:SetDefaultPolicyVersion');
  setDefault(policy, versionIn(customEntry(policy), versionId), call.state.now());
  return {};
}

function deletePolicyVersion(call: ApiCall) {
  const versionId = required(call.params, 'VersionId');
  const { policy } = namedCustomPolicy(call, 'ram:DeletePolicyVersion');
  const version = versionIn(customEntry(policy), versionId);
  if (version.IsDefaultVersion) throw deleteConflict('Policy.Version.Default');
  policy.Versions.splice(policy.Versions.indexOf(version), 1);
  return {};
}

export const policyActions: Record<string, ActionHandler> = {
  ListPolicies: listPolicies,
  GetPolicy: getPolicy,
  CreatePolicy: createPolicy,
  DeletePolicy: deletePolicy,
  CreatePolicyVersion: createPolicyVersion,
  GetPolicyVersion: getPolicyVersion,
  ListPolicyVersions: listPolicyVersions,
  SetDefaultPolicyVersion: setDefaultPolicyVersion,
  DeletePolicyVersion: deletePolicyVersion,
};
