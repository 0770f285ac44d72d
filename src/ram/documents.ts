/**
 * RAM policy documents checked on this side of the wire: permission policies (CreatePolicy, CreatePolicyVersion) and
 * trust policies (a role's AssumeRolePolicyDocument). A document that RAM would refuse is refused here first, naming
 * the JSON path of the problem, so the user fixes it without a round trip and nothing is changed.
 */
import { findDeepNesting, findJsonSyntaxProblem, type JsonSyntaxProblem } from '../core/json-syntax.js';
import { InputError } from '../core/errors.js';

/** Permission policies need Resource and may not name a Principal; trust policies need a Principal. */
export type DocumentKind = 'permission' | 'trust';

/** The longest document RAM stores, in characters of its compact JSON. */
export const MAX_DOCUMENT_LENGTH: Record<DocumentKind, number> = { permission: 6144, trust: 2048 };

export type Values = string | string[];
export interface Statement {
  Effect: 'Allow' | 'Deny';
  Action?: Values;
  NotAction?: Values;
  Resource?: Values;
  Principal?: Partial<Record<PrincipalKind, Values>>;
  Condition?: Record<string, Record<string, unknown>>;
}
export interface PolicyDocument {
  Version: '1';
  Statement: Statement[];
}

export type PrincipalKind = 'RAM' | 'Service' | 'Federated';
const PRINCIPAL_KINDS: readonly string[] = ['RAM', 'Service', 'Federated'];
const STATEMENT_FIELDS: readonly string[] = ['Effect', 'Action', 'NotAction', 'Resource', 'Principal', 'Condition'];
const ACTION_SHAPE = /^(\*|[^:\s]+:[^:\s]+)$/;
const CONDITION_OPERATORS = new Set([
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike',
  'StringNotLike', 'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals',
  'NumericGreaterThan', 'NumericGreaterThanEquals', 'DateEquals', 'DateNotEquals', 'DateLessThan',
  'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals', 'Bool', 'IpAddress', 'NotIpAddress',
]);

const SHAPE: Record<DocumentKind, string> = {
  permission: '{"Version": "1", "Statement": [{"Effect": "Allow", "Action": ["ecs:Describe*"], "Resource": ["*"]}]}',
  trust: '{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"RAM": ["acs:ram::<account id>:root"]}}]}',
};

/** A document that passed every check, and the compact JSON sent to RAM (whose length RAM limits). */
export interface CheckedDocument {
  document: PolicyDocument;
  text: string;
}

/**
 * Parses and checks a document given by the user (`field` is the flag it came from, e.g. `--document`). Throws
 * InputError naming the flag and the problem: the line and column of a JSON syntax error, else the JSON path.
 */
export function checkDocumentText(source: string, kind: DocumentKind, field: string): CheckedDocument {
  const text = source.replace(/^\uFEFF/, '');
  const parsed = parseJson(text);
  if ('problem' in parsed) {
    const { line, column, problem } = parsed;
    throw new InputError(
      `${field} is not valid JSON: ${problem} at line ${line}, column ${column}`,
      `fix the JSON there; a ${kind} policy looks like ${SHAPE[kind]}`,
    );
  }
  const document = checkDocument(parsed.value, kind, field);
  const compact = JSON.stringify(document);
  const max = MAX_DOCUMENT_LENGTH[kind];
  if (compact.length > max) {
    throw new InputError(
      `${field} is ${compact.length.toLocaleString('en-US')} characters long without spaces; RAM allows at most ${max.toLocaleString('en-US')} for a ${kind} policy`,
      kind === 'permission'
        ? 'split it into several policies, or shorten Action and Resource lists with wildcards (ecs:Describe*)'
        : 'name fewer principals, or trust the account root and narrow access with policies',
    );
  }
  return { document, text: compact };
}

/** The value of a JSON text, or where and why it is not one (too deep to handle counts too). */
function parseJson(text: string): { value: unknown } | JsonSyntaxProblem {
  const deep = findDeepNesting(text);
  if (deep) return deep;
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return findJsonSyntaxProblem(text) ?? { line: 1, column: 1, problem: (error as Error).message };
  }
}

/** A grammar problem at a JSON path inside the document. */
class Problem extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
    readonly hint: string,
  ) {
    super(`${path} ${problem}`);
  }
}

/** Checks an already-parsed document; throws InputError `<field>: <path> <problem>`. */
export function checkDocument(value: unknown, kind: DocumentKind, field: string): PolicyDocument {
  try {
    return documentOf(value, kind);
  } catch (error) {
    if (!(error instanceof Problem)) throw error;
    throw new InputError(`${field}: ${error.path} ${error.problem}`, error.hint);
  }
}

function documentOf(value: unknown, kind: DocumentKind): PolicyDocument {
  if (!isObject(value)) {
    throw new Problem('the document', `must be a JSON object, not ${describe(value)}`, `a ${kind} policy looks like ${SHAPE[kind]}`);
  }
  for (const key of Object.keys(value)) {
    if (key !== 'Version' && key !== 'Statement') {
      throw new Problem(key, 'is not a field of a policy document', 'a document has only "Version" and "Statement"');
    }
  }
  if (value.Version === undefined) throw new Problem('Version', 'is missing', 'add "Version": "1"');
  if (value.Version !== '1') {
    throw new Problem('Version', `must be the string "1", not ${describe(value.Version)}`, 'set "Version": "1"');
  }
  const statements = value.Statement;
  if (!Array.isArray(statements) || statements.length === 0) {
    const problem = statements === undefined ? 'is missing' : `must be a non-empty array, not ${describe(statements)}`;
    throw new Problem('Statement', problem, `write the statements as an array: ${SHAPE[kind]}`);
  }
  return { Version: '1', Statement: statements.map((s, i) => statementOf(s, kind, `Statement[${i}]`)) };
}

function statementOf(value: unknown, kind: DocumentKind, path: string): Statement {
  if (!isObject(value)) {
    throw new Problem(path, `must be a JSON object, not ${describe(value)}`, `a statement looks like ${SHAPE[kind]}`);
  }
  for (const key of Object.keys(value)) {
    if (!STATEMENT_FIELDS.includes(key)) {
      throw new Problem(`${path}.${key}`, 'is not a field of a statement', `a statement has ${STATEMENT_FIELDS.join(', ')}`);
    }
  }
  const statement: Partial<Statement> = {};
  if (value.Effect !== 'Allow' && value.Effect !== 'Deny') {
    const problem = value.Effect === undefined ? 'is missing' : `must be Allow or Deny, not ${describe(value.Effect)}`;
    throw new Problem(`${path}.Effect`, problem, 'use "Effect": "Allow" or "Effect": "Deny"');
  }
  statement.Effect = value.Effect;

  if (value.Action !== undefined && value.NotAction !== undefined) {
    throw new Problem(path, 'has both Action and NotAction', 'keep one of them');
  }
  const actionKey = value.NotAction !== undefined ? 'NotAction' : 'Action';
  if (value[actionKey] === undefined) {
    const example = kind === 'trust' ? '"Action": "sts:AssumeRole"' : '"Action": ["ecs:DescribeInstances"]';
    throw new Problem(`${path}.Action`, 'is missing', `add ${example}`);
  }
  const actions = valuesAt(value[actionKey], `${path}.${actionKey}`);
  forEachValue(actions, `${path}.${actionKey}`, (action, at) => {
    if (!ACTION_SHAPE.test(action)) {
      throw new Problem(at, `must be "*" or "<service>:<Action>", not ${describe(action)}`, 'e.g. "ecs:DescribeInstances" or "oss:Get*"');
    }
  });
  statement[actionKey] = actions;

  if (value.Resource !== undefined) statement.Resource = valuesAt(value.Resource, `${path}.Resource`);
  else if (kind === 'permission') {
    throw new Problem(`${path}.Resource`, 'is missing', 'add "Resource": "*" or the ARNs it applies to, e.g. "acs:ecs:*:*:instance/*"');
  }

  if (value.Principal !== undefined) {
    if (kind === 'permission') {
      throw new Problem(`${path}.Principal`, 'has no place in a permission policy', 'remove it: principals belong in a role\'s trust policy');
    }
    statement.Principal = principalOf(value.Principal, `${path}.Principal`);
  } else if (kind === 'trust') {
    throw new Problem(
      `${path}.Principal`,
      'is missing: a trust policy must say who may assume the role',
      'add "Principal": {"RAM": ["acs:ram::<account id>:root"]}, {"Service": ["ecs.aliyuncs.com"]} or {"Federated": ["<OIDC provider ARN>"]}',
    );
  }

  if (value.Condition !== undefined) statement.Condition = conditionOf(value.Condition, `${path}.Condition`);
  return statement as Statement;
}

function principalOf(value: unknown, path: string): Statement['Principal'] {
  const hint = 'write it as {"RAM": [...]}, {"Service": [...]} or {"Federated": [...]}';
  if (!isObject(value) || Object.keys(value).length === 0) {
    throw new Problem(path, `must be an object naming RAM, Service or Federated principals, not ${describe(value)}`, hint);
  }
  const principal: Partial<Record<PrincipalKind, Values>> = {};
  for (const [key, entries] of Object.entries(value)) {
    if (!PRINCIPAL_KINDS.includes(key)) throw new Problem(`${path}.${key}`, 'is not a kind of principal', hint);
    principal[key as PrincipalKind] = valuesAt(entries, `${path}.${key}`);
  }
  return principal;
}

function conditionOf(value: unknown, path: string): Statement['Condition'] {
  const hint = 'write it as {"<operator>": {"<key>": "<value>"}}, e.g. {"IpAddress": {"acs:SourceIp": ["192.0.2.0/24"]}}';
  if (!isObject(value)) throw new Problem(path, `must be an object of condition operators, not ${describe(value)}`, hint);
  const condition: Record<string, Record<string, unknown>> = {};
  for (const [operator, entries] of Object.entries(value)) {
    const at = `${path}.${operator}`;
    if (!CONDITION_OPERATORS.has(operator.replace(/IfExists$/, ''))) {
      throw new Problem(at, 'is not a condition operator', 'use StringEquals, StringLike, IpAddress, Bool, DateLessThan, NumericEquals …');
    }
    if (!isObject(entries) || Object.keys(entries).length === 0) {
      throw new Problem(at, `must be a non-empty object of condition keys, not ${describe(entries)}`, hint);
    }
    for (const [key, values] of Object.entries(entries)) {
      const ok = isScalar(values) || (Array.isArray(values) && values.length > 0 && values.every(isScalar));
      if (!ok) throw new Problem(`${at}.${key}`, `must be a string, number, boolean or a non-empty array of them, not ${describe(values)}`, hint);
    }
    condition[operator] = entries;
  }
  return condition;
}

/** Action, Resource and principal lists: a string or a non-empty array of non-empty strings. */
function valuesAt(value: unknown, path: string): Values {
  const hint = 'write one value as a string, several as an array of strings';
  if (typeof value === 'string') {
    if (value === '') throw new Problem(path, 'is empty', hint);
    return value;
  }
  if (!Array.isArray(value) || value.length === 0) {
    throw new Problem(path, `must be a string or a non-empty array of strings, not ${describe(value)}`, hint);
  }
  value.forEach((item, i) => {
    if (typeof item !== 'string' || item === '') throw new Problem(`${path}[${i}]`, `must be a non-empty string, not ${describe(item)}`, hint);
  });
  return value as string[];
}

function forEachValue(values: Values, path: string, check: (value: string, path: string) => void): void {
  if (typeof values === 'string') check(values, path);
  else values.forEach((value, i) => check(value, `${path}[${i}]`));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** A value as a user would recognise it in their document, kept short. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : 'an array';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

/** A document as RAM returns it (a JSON string), indented for reading; anything that is not JSON as it came. */
export function prettyDocument(text: string | undefined): string {
  if (!text) return '';
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
