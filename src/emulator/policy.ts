/**
 * RAM policy grammar and evaluation: who may call which action on which resource, and whom a role trusts.
 */
import type { EmulatorState, PolicyDocument, PolicyStatement, Principal, Role } from './state.js';
import { SYSTEM_POLICIES } from './system-policies.js';

export { SYSTEM_POLICIES } from './system-policies.js';

// ---------------------------------------------------------------------------------------------------------------
// Grammar

/** A policy document that does not follow the RAM grammar; `path` is JSON-path style within the document. */
export class PolicyGrammarError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(path ? `${path} ${problem}` : problem);
    this.name = new.target.name;
  }
}

/** A policy document longer than allowed (the API's InvalidParameter.PolicySize). */
export class PolicySizeError extends PolicyGrammarError {}

/** Permission policies need Resource and may not name a Principal; trust policies need a Principal. */
export type PolicyKind = 'permission' | 'trust';

const CONDITION_OPERATORS = new Set([
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike',
  'StringNotLike', 'IpAddress', 'NotIpAddress', 'Bool', 'DateEquals', 'DateNotEquals', 'DateLessThan',
  'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals', 'NumericEquals', 'NumericNotEquals',
  'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals',
]);
const PRINCIPAL_KINDS = new Set(['RAM', 'Service', 'Federated']);
const STATEMENT_FIELDS = new Set(['Effect', 'Action', 'NotAction', 'Resource', 'Principal', 'Condition']);
const ACTION_SHAPE = /^(\*|[^:\s]+:[^:\s]+)$/;

export function parsePolicyDocument(text: string, options: { maxLength?: number; kind?: PolicyKind } = {}): PolicyDocument {
  if (options.maxLength !== undefined && text.length > options.maxLength) {
    throw new PolicySizeError('', `policy document is longer than ${options.maxLength} characters`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new PolicyGrammarError('', `policy document is not valid JSON (${(err as Error).message})`);
  }
  return checkPolicyDocument(value, options.kind ?? 'permission');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

/** Validates an already-parsed document and returns it in the state's shape. */
export function checkPolicyDocument(value: unknown, kind: PolicyKind, path = ''): PolicyDocument {
  if (!isObject(value)) throw new PolicyGrammarError(path, 'must be a JSON object');
  for (const key of Object.keys(value)) {
    if (key !== 'Version' && key !== 'Statement') throw new PolicyGrammarError(join(path, key), 'unknown field');
  }
  if (value.Version !== '1') throw new PolicyGrammarError(join(path, 'Version'), 'must be "1"');
  const statements = value.Statement;
  if (!Array.isArray(statements) || statements.length === 0) {
    throw new PolicyGrammarError(join(path, 'Statement'), 'must be a non-empty array');
  }
  return { Version: '1', Statement: statements.map((s, i) => checkStatement(s, kind, join(join(path, 'Statement'), i))) };
}

function checkStatement(value: unknown, kind: PolicyKind, path: string): PolicyStatement {
  if (!isObject(value)) throw new PolicyGrammarError(path, 'must be a JSON object');
  for (const key of Object.keys(value)) {
    if (!STATEMENT_FIELDS.has(key)) throw new PolicyGrammarError(join(path, key), 'unknown field');
  }
  if (value.Effect !== 'Allow' && value.Effect !== 'Deny') {
    throw new PolicyGrammarError(join(path, 'Effect'), 'must be Allow or Deny');
  }
  const statement: PolicyStatement = { Effect: value.Effect };
  if (value.Action !== undefined && value.NotAction !== undefined) {
    throw new PolicyGrammarError(path, 'must not have both Action and NotAction');
  }
  const actionKey = value.NotAction !== undefined ? 'NotAction' : 'Action';
  if (value[actionKey] === undefined) throw new PolicyGrammarError(join(path, 'Action'), 'is required');
  const actions = stringOrStrings(value[actionKey], join(path, actionKey));
  toList(actions).forEach((action, i) => {
    if (!ACTION_SHAPE.test(action)) {
      const at = Array.isArray(actions) ? join(join(path, actionKey), i) : join(path, actionKey);
      throw new PolicyGrammarError(at, 'must be "*" or "<product>:<Action>"');
    }
  });
  statement[actionKey] = actions;

  if (value.Resource !== undefined) statement.Resource = stringOrStrings(value.Resource, join(path, 'Resource'));
  else if (kind === 'permission') throw new PolicyGrammarError(join(path, 'Resource'), 'is required');

  if (value.Principal !== undefined) {
    if (kind === 'permission') throw new PolicyGrammarError(join(path, 'Principal'), 'is not allowed in a permission policy');
    statement.Principal = checkPrincipal(value.Principal, join(path, 'Principal'));
  } else if (kind === 'trust') {
    throw new PolicyGrammarError(join(path, 'Principal'), 'is required in a trust policy');
  }

  if (value.Condition !== undefined) statement.Condition = checkCondition(value.Condition, join(path, 'Condition'));
  return statement;
}

function stringOrStrings(value: unknown, path: string): string | string[] {
  if (typeof value === 'string') {
    if (value === '') throw new PolicyGrammarError(path, 'must not be empty');
    return value;
  }
  if (!Array.isArray(value) || value.length === 0) {
    throw new PolicyGrammarError(path, 'must be a string or a non-empty array of strings');
  }
  value.forEach((item, i) => {
    if (typeof item !== 'string' || item === '') throw new PolicyGrammarError(join(path, i), 'must be a non-empty string');
  });
  return value as string[];
}

function checkPrincipal(value: unknown, path: string): Record<string, string | string[]> | '*' {
  if (value === '*') return '*';
  if (!isObject(value) || Object.keys(value).length === 0) {
    throw new PolicyGrammarError(path, 'must be "*" or an object with RAM, Service or Federated');
  }
  const principal: Record<string, string | string[]> = {};
  for (const [key, entries] of Object.entries(value)) {
    if (!PRINCIPAL_KINDS.has(key)) throw new PolicyGrammarError(join(path, key), 'unknown principal kind (RAM, Service or Federated)');
    principal[key] = stringOrStrings(entries, join(path, key));
  }
  return principal;
}

function checkCondition(value: unknown, path: string): NonNullable<PolicyStatement['Condition']> {
  if (!isObject(value)) throw new PolicyGrammarError(path, 'must be an object of condition operators');
  const condition: NonNullable<PolicyStatement['Condition']> = {};
  for (const [operator, entries] of Object.entries(value)) {
    const at = join(path, operator);
    if (!CONDITION_OPERATORS.has(operator.replace(/IfExists$/, ''))) throw new PolicyGrammarError(at, 'unknown condition operator');
    if (!isObject(entries) || Object.keys(entries).length === 0) {
      throw new PolicyGrammarError(at, 'must be a non-empty object of condition keys');
    }
    for (const [key, values] of Object.entries(entries)) {
      const scalar = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
      const ok = scalar(values) || (Array.isArray(values) && values.length > 0 && values.every(scalar));
      if (!ok) throw new PolicyGrammarError(join(at, key), 'must be a string, number, boolean or a non-empty array of them');
    }
    condition[operator] = entries as Record<string, string | string[] | boolean | number>;
  }
  return condition;
}

// ---------------------------------------------------------------------------------------------------------------
// Matching

const patterns = new Map<string, RegExp>();

/** `*` and `?` wildcards; actions compare case-insensitively, resources and condition values exactly. */
function wildcard(pattern: string, ignoreCase: boolean): RegExp {
  const cacheKey = `${ignoreCase ? 'i' : 's'}${pattern}`;
  let re = patterns.get(cacheKey);
  if (!re) {
    const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    re = new RegExp(`^${body}$`, ignoreCase ? 'is' : 's');
    patterns.set(cacheKey, re);
  }
  return re;
}

function toList<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function actionMatches(statement: PolicyStatement, action: string): boolean {
  if (statement.NotAction !== undefined) return !toList(statement.NotAction).some((p) => wildcard(p, true).test(action));
  return toList(statement.Action).some((p) => wildcard(p, true).test(action));
}

function resourceMatches(statement: PolicyStatement, resource: string): boolean {
  return toList(statement.Resource).some((p) => wildcard(p, false).test(resource));
}

// ---------------------------------------------------------------------------------------------------------------
// Conditions

/** Condition keys known for a request, lower-cased, each with one or more values. */
type ConditionContext = Map<string, string[]>;

function parseIpv4(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text.replace(/^::ffff:/i, ''));
  if (!m) return undefined;
  const octets = m.slice(1).map(Number);
  if (octets.some((o) => o > 255)) return undefined;
  return ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
}

function inCidr(ip: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const address = parseIpv4(ip);
  const network = parseIpv4(base);
  const bits = bitsText === undefined ? 32 : /^\d{1,2}$/.test(bitsText) ? Number(bitsText) : NaN;
  if (address === undefined || network === undefined || !(bits >= 0 && bits <= 32)) return false;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return ((address & mask) >>> 0) === ((network & mask) >>> 0);
}

function timeOf(text: string): number {
  return /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text);
}

function compare(actual: number, expected: number, relation: string): boolean {
  if (Number.isNaN(actual) || Number.isNaN(expected)) return false;
  switch (relation) {
    case 'Equals': return actual === expected;
    case 'LessThan': return actual < expected;
    case 'LessThanEquals': return actual <= expected;
    case 'GreaterThan': return actual > expected;
    case 'GreaterThanEquals': return actual >= expected;
    default: return false;
  }
}

/** Whether any actual value satisfies the (positive form of the) operator against any expected value. */
function anyMatch(operator: string, actual: string[], expected: string[]): boolean {
  const pairs = (test: (a: string, e: string) => boolean) => actual.some((a) => expected.some((e) => test(a, e)));
  if (operator === 'StringEquals') return pairs((a, e) => a === e);
  if (operator === 'StringEqualsIgnoreCase') return pairs((a, e) => a.toLowerCase() === e.toLowerCase());
  if (operator === 'StringLike') return pairs((a, e) => wildcard(e, false).test(a));
  if (operator === 'IpAddress') return pairs((a, e) => inCidr(a, e));
  if (operator === 'Bool') return pairs((a, e) => a.toLowerCase() === e.toLowerCase());
  if (operator.startsWith('Date')) return pairs((a, e) => compare(timeOf(a), timeOf(e), operator.slice(4)));
  if (operator.startsWith('Numeric')) {
    return pairs((a, e) => a.trim() !== '' && e.trim() !== '' && compare(Number(a), Number(e), operator.slice(7)));
  }
  return false;
}

const NEGATIONS: Record<string, string> = {
  StringNotEquals: 'StringEquals',
  StringNotEqualsIgnoreCase: 'StringEqualsIgnoreCase',
  StringNotLike: 'StringLike',
  NotIpAddress: 'IpAddress',
  DateNotEquals: 'DateEquals',
  NumericNotEquals: 'NumericEquals',
};

/** Every operator and every key must hold (AND); the values listed for one key are alternatives (OR). */
function conditionsHold(condition: PolicyStatement['Condition'], context: ConditionContext): boolean {
  for (const [rawOperator, entries] of Object.entries(condition ?? {})) {
    const ifExists = rawOperator.endsWith('IfExists');
    const operator = ifExists ? rawOperator.slice(0, -'IfExists'.length) : rawOperator;
    if (!CONDITION_OPERATORS.has(operator)) return false;
    for (const [key, values] of Object.entries(entries)) {
      const actual = context.get(key.toLowerCase());
      if (actual === undefined) {
        if (ifExists) continue;
        return false;
      }
      const expected = toList(values).map(String);
      const positive = NEGATIONS[operator];
      const holds = positive ? !anyMatch(positive, actual, expected) : anyMatch(operator, actual, expected);
      if (!holds) return false;
    }
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------------------
// Identity policies

export interface RequestContext {
  sourceIp: string;
  secureTransport: boolean;
  mfaPresent: boolean;
  currentTime: Date;
}

export type Decision = { allowed: true } | { allowed: false; explicitDeny: boolean; reason: string };

export function principalArn(principal: Principal): string {
  const account = principal.account.AccountId;
  switch (principal.kind) {
    case 'root': return `acs:ram::${account}:root`;
    case 'user': return `acs:ram::${account}:user/${principal.user.UserName}`;
    case 'assumed-role': return `acs:ram::${account}:assumed-role/${principal.role.RoleName}/${principal.session.sessionName}`;
  }
}

interface NamedPolicy {
  /** Where the policy comes from, for decisions' reasons: `System policy AdministratorAccess`. */
  source: string;
  document: PolicyDocument;
}

function namedPoliciesOf(principal: Principal): NamedPolicy[] {
  const { account } = principal;
  const refs =
    principal.kind === 'user'
      ? [
          ...principal.user.Policies,
          ...principal.user.Groups.flatMap((name) => account.Groups.get(name)?.Policies ?? []),
        ]
      : principal.kind === 'assumed-role'
        ? principal.role.Policies
        : [];
  const named: NamedPolicy[] = [];
  for (const ref of refs) {
    if (ref.PolicyType === 'System') {
      const policy = SYSTEM_POLICIES.get(ref.PolicyName);
      if (policy) named.push({ source: `System policy ${ref.PolicyName}`, document: policy.PolicyDocument });
    } else {
      const policy = account.Policies.get(ref.PolicyName);
      const version = policy?.Versions.find((v) => v.VersionId === policy.DefaultVersion);
      if (version) named.push({ source: `Custom policy ${ref.PolicyName}`, document: version.PolicyDocument });
    }
  }
  return named;
}

/** The permission policies that apply to a principal: its own, its groups' (users) or its role's (sessions). */
export function policiesOf(_state: EmulatorState, principal: Principal): PolicyDocument[] {
  return namedPoliciesOf(principal).map((p) => p.document);
}

function statementApplies(statement: PolicyStatement, action: string, resource: string, context: ConditionContext): boolean {
  return (
    actionMatches(statement, action) &&
    resourceMatches(statement, resource) &&
    conditionsHold(statement.Condition, context)
  );
}

function findStatement(document: PolicyDocument, effect: 'Allow' | 'Deny', action: string, resource: string, context: ConditionContext): boolean {
  return document.Statement.some((s) => s.Effect === effect && statementApplies(s, action, resource, context));
}

function requestContext(request: RequestContext): ConditionContext {
  return new Map([
    ['acs:sourceip', [request.sourceIp]],
    ['acs:securetransport', [String(request.secureTransport)]],
    ['acs:mfapresent', [String(request.mfaPresent)]],
    ['acs:currenttime', [request.currentTime.toISOString()]],
  ]);
}

export function authorize(state: EmulatorState, principal: Principal, action: string, resource: string, request: RequestContext): Decision {
  if (principal.kind === 'root') return { allowed: true };
  const context = requestContext(request);
  const policies = namedPoliciesOf(principal);
  const sessionPolicy = principal.kind === 'assumed-role' ? principal.session.policy : undefined;
  const denied = (explicitDeny: boolean, reason: string): Decision => ({ allowed: false, explicitDeny, reason });

  for (const policy of policies) {
    if (findStatement(policy.document, 'Deny', action, resource, context)) {
      return denied(true, `explicit deny in ${policy.source} for ${action} on ${resource}`);
    }
  }
  if (sessionPolicy && findStatement(sessionPolicy, 'Deny', action, resource, context)) {
    return denied(true, `explicit deny in the session policy for ${action} on ${resource}`);
  }
  if (!policies.some((p) => findStatement(p.document, 'Allow', action, resource, context))) {
    return denied(false, `no policy of ${principalArn(principal)} allows ${action} on ${resource}`);
  }
  if (sessionPolicy && !findStatement(sessionPolicy, 'Allow', action, resource, context)) {
    return denied(false, `the session policy of ${principalArn(principal)} does not allow ${action} on ${resource}`);
  }
  return { allowed: true };
}

// ---------------------------------------------------------------------------------------------------------------
// Trust policies

export type TrustCaller =
  | { kind: 'principal'; principal: Principal }
  | { kind: 'service'; service: string }
  | { kind: 'oidc'; providerArn: string; claims: { iss: string; sub: string; aud: string | string[] } };

/** The RAM principal names a trust policy may use for this caller; an account's root ARN covers all of it. */
function trustNames(principal: Principal): string[] {
  const account = principal.account.AccountId;
  const root = `acs:ram::${account}:root`;
  switch (principal.kind) {
    case 'root': return [root, account];
    case 'user': return [`acs:ram::${account}:user/${principal.user.UserName}`, root, account];
    case 'assumed-role': return [principal.role.Arn, root, account];
  }
}

function principalMatches(principal: PolicyStatement['Principal'], caller: TrustCaller): boolean {
  if (principal === undefined) return false;
  if (principal === '*') return true;
  const listed = (kind: string) => toList(principal[kind]);
  switch (caller.kind) {
    case 'principal': {
      const names = trustNames(caller.principal);
      return listed('RAM').some((entry) => entry === '*' || names.includes(entry));
    }
    case 'service':
      return listed('Service').some((entry) => entry === '*' || entry.toLowerCase() === caller.service.toLowerCase());
    case 'oidc':
      return listed('Federated').some((entry) => entry === '*' || entry === caller.providerArn);
  }
}

/** Whether the role's trust policy lets this caller assume it; `conditions` are request keys such as sts:ExternalId. */
export function trustAllows(role: Role, caller: TrustCaller, conditions: Record<string, string>): boolean {
  const context: ConditionContext = new Map(Object.entries(conditions).map(([k, v]) => [k.toLowerCase(), [v]]));
  if (caller.kind === 'oidc') {
    context.set('oidc:iss', [caller.claims.iss]);
    context.set('oidc:sub', [caller.claims.sub]);
    context.set('oidc:aud', toList(caller.claims.aud));
  }
  let allowed = false;
  for (const statement of role.AssumeRolePolicyDocument.Statement) {
    if (!actionMatches(statement, 'sts:AssumeRole')) continue;
    if (!principalMatches(statement.Principal, caller)) continue;
    if (!conditionsHold(statement.Condition, context)) continue;
    if (statement.Effect === 'Deny') return false;
    allowed = true;
  }
  return allowed;
}
