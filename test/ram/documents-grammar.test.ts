import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { MAX_DOCUMENT_LENGTH, checkDocumentText, prettyDocument } from '../../src/ram/documents.js';
import { hintOf } from '../helpers/hint.js';

const statement = { Effect: 'Allow', Action: ['ecs:Describe*'], Resource: '*' };
const doc = (value: unknown) => JSON.stringify(value);
const permission = (value: unknown) => checkDocumentText(doc(value), 'permission', '--document');
const trust = (value: unknown) => checkDocumentText(doc(value), 'trust', '--trust-policy');

/** The InputError a check throws, for its message and hint. */
function refusal(check: () => unknown): InputError {
  try {
    check();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected the document to be refused');
}

describe('permission policies', () => {
  it('accepts a good document and answers its compact JSON', () => {
    const text = JSON.stringify({ Version: '1', Statement: [statement] }, null, 4);
    const checked = checkDocumentText(text, 'permission', '--document');
    expect(checked.text).toBe(doc({ Version: '1', Statement: [statement] }));
    expect(checked.document.Statement[0].Action).toEqual(['ecs:Describe*']);
  });

  it('accepts NotAction, Deny and conditions of every documented shape', () => {
    const checked = permission({
      Version: '1',
      Statement: [
        { Effect: 'Deny', NotAction: 'ram:*', Resource: ['acs:ecs:*:*:instance/*'] },
        {
          Effect: 'Allow', Action: '*', Resource: '*',
          Condition: { IpAddress: { 'acs:SourceIp': ['192.0.2.0/24'] }, Bool: { 'acs:MFAPresent': true }, StringEqualsIfExists: { 'acs:x': 'y' } },
        },
      ],
    });
    expect(checked.document.Statement).toHaveLength(2);
  });

  it('strips a byte-order mark, as editors on Windows write one', () => {
    expect(checkDocumentText(`\uFEFF${doc({ Version: '1', Statement: [statement] })}`, 'permission', '--document').text).not.toContain('\uFEFF');
  });

  const cases: [string, unknown, RegExp][] = [
    ['not an object', ['x'], /^--document: the document must be a JSON object, not an array$/],
    ['Version missing', { Statement: [statement] }, /^--document: Version is missing$/],
    ['Version a number', { Version: 1, Statement: [statement] }, /^--document: Version must be the string "1", not 1$/],
    ['an unknown top-level field', { Version: '1', Statement: [statement], Id: 'x' }, /^--document: Id is not a field/],
    ['Statement missing', { Version: '1' }, /^--document: Statement is missing$/],
    ['Statement empty', { Version: '1', Statement: [] }, /^--document: Statement must be a non-empty array, not an empty array$/],
    ['Statement an object', { Version: '1', Statement: statement }, /^--document: Statement must be a non-empty array, not an object$/],
    ['a statement not an object', { Version: '1', Statement: ['x'] }, /^--document: Statement\[0\] must be a JSON object/],
    ['Effect Maybe', { Version: '1', Statement: [{ ...statement, Effect: 'Maybe' }] }, /^--document: Statement\[0\]\.Effect must be Allow or Deny, not "Maybe"$/],
    ['Effect missing', { Version: '1', Statement: [{ Action: '*', Resource: '*' }] }, /^--document: Statement\[0\]\.Effect is missing$/],
    ['a misspelt field', { Version: '1', Statement: [{ ...statement, Resources: '*' }] }, /^--document: Statement\[0\]\.Resources is not a field of a statement$/],
    ['Action missing', { Version: '1', Statement: [{ Effect: 'Allow', Resource: '*' }] }, /^--document: Statement\[0\]\.Action is missing$/],
    ['Action and NotAction', { Version: '1', Statement: [{ ...statement, NotAction: 'x:y' }] }, /^--document: Statement\[0\] has both Action and NotAction$/],
    ['Action a number', { Version: '1', Statement: [{ ...statement, Action: 5 }] }, /^--document: Statement\[0\]\.Action must be a string or a non-empty array of strings, not 5$/],
    ['an Action item not a string', { Version: '1', Statement: [{ ...statement, Action: ['ecs:A', 3] }] }, /^--document: Statement\[0\]\.Action\[1\] must be a non-empty string, not 3$/],
    ['an Action without a service', { Version: '1', Statement: [statement, { ...statement, Action: ['ecs:A', 'DescribeInstances'] }] }, /^--document: Statement\[1\]\.Action\[1\] must be "\*" or "<service>:<Action>"/],
    ['Resource missing', { Version: '1', Statement: [{ Effect: 'Allow', Action: '*' }] }, /^--document: Statement\[0\]\.Resource is missing$/],
    ['Resource empty', { Version: '1', Statement: [{ ...statement, Resource: '' }] }, /^--document: Statement\[0\]\.Resource is empty$/],
    ['Resource an empty array', { Version: '1', Statement: [{ ...statement, Resource: [] }] }, /^--document: Statement\[0\]\.Resource must be a string or a non-empty array of strings, not an empty array$/],
    ['a Principal', { Version: '1', Statement: [{ ...statement, Principal: { RAM: 'x' } }] }, /^--document: Statement\[0\]\.Principal has no place in a permission policy$/],
    ['Condition a string', { Version: '1', Statement: [{ ...statement, Condition: 'x' }] }, /^--document: Statement\[0\]\.Condition must be an object of condition operators, not "x"$/],
    ['an unknown operator', { Version: '1', Statement: [{ ...statement, Condition: { StringEqual: { a: 'b' } } }] }, /^--document: Statement\[0\]\.Condition\.StringEqual is not a condition operator$/],
    ['an operator not an object', { Version: '1', Statement: [{ ...statement, Condition: { StringEquals: 'b' } }] }, /^--document: Statement\[0\]\.Condition\.StringEquals must be a non-empty object of condition keys, not "b"$/],
    ['a condition value an object', { Version: '1', Statement: [{ ...statement, Condition: { StringEquals: { k: { a: 1 } } } }] }, /^--document: Statement\[0\]\.Condition\.StringEquals\.k must be a string, number, boolean/],
  ];
  for (const [name, value, message] of cases) {
    it(`refuses ${name}, naming the path, with a hint`, () => {
      const error = refusal(() => permission(value));
      expect(error.message).toMatch(message);
      expect(hintOf(error)).toBeTruthy();
    });
  }

  it(`refuses more than ${MAX_DOCUMENT_LENGTH.permission} characters of compact JSON, and accepts exactly that many`, () => {
    const sized = (length: number) => {
      const base = doc({ Version: '1', Statement: [{ Effect: 'Allow', Action: '*', Resource: '' }] }).length;
      return { Version: '1', Statement: [{ Effect: 'Allow', Action: '*', Resource: 'r'.repeat(length - base) }] };
    };
    expect(permission(sized(6144)).text).toHaveLength(6144);
    const error = refusal(() => permission(sized(6145)));
    expect(error.message).toBe('--document is 6,145 characters long without spaces; RAM allows at most 6,144 for a permission policy');
  });

  it('counts characters without the indentation, as they are sent', () => {
    const big = { Version: '1', Statement: [{ Effect: 'Allow', Action: '*', Resource: 'r'.repeat(5000) }] };
    expect(() => checkDocumentText(JSON.stringify(big, null, 1000), 'permission', '--document')).not.toThrow();
  });
});

describe('trust policies', () => {
  const assume = { Effect: 'Allow', Action: 'sts:AssumeRole' };

  it('accepts RAM, Service and Federated principals, strings or arrays, and needs no Resource', () => {
    const checked = trust({
      Version: '1',
      Statement: [
        { ...assume, Principal: { RAM: ['acs:ram::1234567890123456:root'], Service: 'ecs.aliyuncs.com' } },
        { ...assume, Principal: { Federated: 'acs:ram::1234567890123456:oidc-provider/p' }, Condition: { StringEquals: { 'oidc:aud': 'sts.aliyuncs.com' } } },
      ],
    });
    expect(checked.document.Statement[0].Principal).toEqual({ RAM: ['acs:ram::1234567890123456:root'], Service: 'ecs.aliyuncs.com' });
  });

  const cases: [string, unknown, RegExp][] = [
    ['no Principal', { Version: '1', Statement: [assume] }, /^--trust-policy: Statement\[0\]\.Principal is missing: a trust policy must say who may assume the role$/],
    ['Principal "*"', { Version: '1', Statement: [{ ...assume, Principal: '*' }] }, /^--trust-policy: Statement\[0\]\.Principal must be an object naming RAM, Service or Federated principals, not "\*"$/],
    ['an empty Principal', { Version: '1', Statement: [{ ...assume, Principal: {} }] }, /^--trust-policy: Statement\[0\]\.Principal must be an object/],
    ['an unknown principal kind', { Version: '1', Statement: [{ ...assume, Principal: { AWS: 'x' } }] }, /^--trust-policy: Statement\[0\]\.Principal\.AWS is not a kind of principal$/],
    ['a principal list with a number', { Version: '1', Statement: [{ ...assume, Principal: { RAM: ['a', 1] } }] }, /^--trust-policy: Statement\[0\]\.Principal\.RAM\[1\] must be a non-empty string, not 1$/],
  ];
  for (const [name, value, message] of cases) {
    it(`refuses ${name}`, () => {
      const error = refusal(() => trust(value));
      expect(error.message).toMatch(message);
      expect(hintOf(error)).toBeTruthy();
    });
  }

  it(`refuses more than ${MAX_DOCUMENT_LENGTH.trust} characters, as RAM does for AssumeRolePolicyDocument`, () => {
    const accounts = Array.from({ length: 80 }, (_, i) => `acs:ram::${String(i).padStart(16, '1')}:root`);
    const error = refusal(() => trust({ Version: '1', Statement: [{ ...assume, Principal: { RAM: accounts } }] }));
    expect(error.message).toMatch(/^--trust-policy is [\d,]+ characters long without spaces; RAM allows at most 2,048 for a trust policy$/);
  });
});

describe('prettyDocument', () => {
  it('indents the JSON string RAM answers, and leaves anything else as it came', () => {
    expect(prettyDocument('{"Version":"1"}')).toBe('{\n  "Version": "1"\n}');
    expect(prettyDocument('not json')).toBe('not json');
    expect(prettyDocument(undefined)).toBe('');
  });
});
