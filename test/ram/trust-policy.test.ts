import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { checkMaxSessionDuration, hasTrust, trustPolicyOf } from '../../src/ram/trust.js';
import { hintOf } from '../helpers/hint.js';

const ACCOUNT = '1234567890123456';
const PROVIDER = `acs:ram::${ACCOUNT}:oidc-provider/ack-rrsa`;
const assume = { Effect: 'Allow', Action: 'sts:AssumeRole' };

describe('trust policies from the shortcuts', () => {
  it('--trusted-account: the account root as a RAM principal', () => {
    const trust = trustPolicyOf({ accounts: [ACCOUNT] })!;
    expect(trust.document).toEqual({ Version: '1', Statement: [{ ...assume, Principal: { RAM: [`acs:ram::${ACCOUNT}:root`] } }] });
    expect(JSON.parse(trust.text)).toEqual(trust.document);
  });

  it('several accounts and services, repeated ones once', () => {
    const trust = trustPolicyOf({ accounts: [ACCOUNT, '6543210987654321', ACCOUNT], services: ['ecs.aliyuncs.com', 'fc.aliyuncs.com'] })!;
    expect(trust.document.Statement).toEqual([
      { ...assume, Principal: { RAM: [`acs:ram::${ACCOUNT}:root`, 'acs:ram::6543210987654321:root'] } },
      { ...assume, Principal: { Service: ['ecs.aliyuncs.com', 'fc.aliyuncs.com'] } },
    ]);
  });

  it('--trusted-oidc-provider: Federated, with no condition unless an audience is given', () => {
    expect(trustPolicyOf({ oidcProviders: [PROVIDER] })!.document.Statement).toEqual([{ ...assume, Principal: { Federated: [PROVIDER] } }]);
    expect(trustPolicyOf({ oidcProviders: [PROVIDER], oidcAudiences: ['sts.aliyuncs.com'] })!.document.Statement).toEqual([
      { ...assume, Principal: { Federated: [PROVIDER] }, Condition: { StringEquals: { 'oidc:aud': 'sts.aliyuncs.com' } } },
    ]);
    const two = trustPolicyOf({ oidcProviders: [PROVIDER], oidcAudiences: ['a', 'b'] })!;
    expect(two.document.Statement[0].Condition).toEqual({ StringEquals: { 'oidc:aud': ['a', 'b'] } });
  });

  it('nothing given: no trust policy, and hasTrust says so', () => {
    expect(trustPolicyOf({})).toBeUndefined();
    expect(hasTrust({})).toBe(false);
    expect(hasTrust({ accounts: [] })).toBe(false);
    expect(hasTrust({ services: ['ecs.aliyuncs.com'] })).toBe(true);
    expect(hasTrust({ trustPolicy: '{}' })).toBe(true);
  });

  it('--trust-policy is checked as a trust document and sent compact', () => {
    const text = JSON.stringify({ Version: '1', Statement: [{ ...assume, Principal: { Service: 'ecs.aliyuncs.com' } }] }, null, 2);
    expect(trustPolicyOf({ trustPolicy: text })!.text).toBe(JSON.stringify(JSON.parse(text)));
    expect(() => trustPolicyOf({ trustPolicy: JSON.stringify({ Version: '1', Statement: [assume] }) })).toThrow(
      /^--trust-policy: Statement\[0\]\.Principal is missing/,
    );
  });
});

describe('bad trust input', () => {
  const cases: [string, Parameters<typeof trustPolicyOf>[0], RegExp][] = [
    ['a short account id', { accounts: ['12'] }, /^--trusted-account "12" is not an Alibaba Cloud account id$/],
    ['an account ARN', { accounts: [`acs:ram::${ACCOUNT}:root`] }, /^--trusted-account "acs:ram::1234567890123456:root" is not an Alibaba Cloud account id$/],
    ['a service without its domain', { services: ['ecs'] }, /^--trusted-service "ecs" is not a cloud service name$/],
    ['a provider that is a role ARN', { oidcProviders: [`acs:ram::${ACCOUNT}:role/x`] }, /^--trusted-oidc-provider ".*" is not an OIDC provider ARN$/],
    ['an audience with no provider', { accounts: [ACCOUNT], oidcAudiences: ['x'] }, /^--oidc-audience needs --trusted-oidc-provider$/],
    ['an empty audience', { oidcProviders: [PROVIDER], oidcAudiences: [' '] }, /^--oidc-audience is empty$/],
    ['a whole policy and a shortcut', { trustPolicy: '{}', accounts: [ACCOUNT] }, /^--trust-policy cannot be combined with/],
  ];
  for (const [name, input, message] of cases) {
    it(`${name}: bad input naming the flag, with a hint`, () => {
      let thrown: unknown;
      try {
        trustPolicyOf(input);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(InputError);
      expect((thrown as InputError).message).toMatch(message);
      expect(hintOf(thrown)).toBeTruthy();
    });
  }

  it('too many principals for RAM\'s 2,048 characters', () => {
    const accounts = Array.from({ length: 70 }, (_, i) => String(1e15 + i));
    expect(() => trustPolicyOf({ accounts })).toThrow(/make a trust policy of \d+ characters; RAM allows at most 2048/);
  });
});

describe('checkMaxSessionDuration', () => {
  it('takes whole seconds from 3600 to 43200', () => {
    expect(checkMaxSessionDuration(undefined)).toBeUndefined();
    expect(checkMaxSessionDuration(3600)).toBe(3600);
    expect(checkMaxSessionDuration(43200)).toBe(43200);
  });

  it('refuses anything else, naming the flag', () => {
    expect(() => checkMaxSessionDuration(3599)).toThrow('--max-session-duration 3599 is out of range');
    expect(() => checkMaxSessionDuration(43201)).toThrow('--max-session-duration 43201 is out of range');
    expect(() => checkMaxSessionDuration(3600.5)).toThrow('out of range');
    expect(() => checkMaxSessionDuration(Number.NaN)).toThrow('--max-session-duration is not a number');
  });
});
