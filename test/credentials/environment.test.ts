import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { environmentAccessKeys, planEnvironment } from '../../src/credentials/environment.js';
import { testContext } from './helpers.js';

describe('environmentAccessKeys', () => {
  it('is undefined with no variables', () => {
    expect(environmentAccessKeys({})).toBeUndefined();
  });

  it('prefers ALIBABA_CLOUD_ over ALIBABACLOUD_ over ALICLOUD_ names', () => {
    const all = {
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'a-id',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'a-secret',
      ALIBABACLOUD_ACCESS_KEY_ID: 'b-id',
      ALIBABACLOUD_ACCESS_KEY_SECRET: 'b-secret',
      ALICLOUD_ACCESS_KEY_ID: 'c-id',
      ALICLOUD_ACCESS_KEY_SECRET: 'c-secret',
      ALICLOUD_ACCESS_KEY: 'd-id',
      ALICLOUD_SECRET_KEY: 'd-secret',
    };
    expect(environmentAccessKeys(all)).toEqual({
      credentials: { accessKeyId: 'a-id', accessKeySecret: 'a-secret' },
      variable: 'ALIBABA_CLOUD_ACCESS_KEY_ID',
    });
    const { ALIBABA_CLOUD_ACCESS_KEY_ID: _a, ALIBABA_CLOUD_ACCESS_KEY_SECRET: _b, ...rest } = all;
    expect(environmentAccessKeys(rest)?.variable).toBe('ALIBABACLOUD_ACCESS_KEY_ID');
    const { ALIBABACLOUD_ACCESS_KEY_ID: _c, ALIBABACLOUD_ACCESS_KEY_SECRET: _d, ...alicloud } = rest;
    expect(environmentAccessKeys(alicloud)?.credentials.accessKeyId).toBe('c-id');
    expect(environmentAccessKeys({ ALICLOUD_ACCESS_KEY: 'd-id', ALICLOUD_SECRET_KEY: 'd-secret', ALICLOUD_SECURITY_TOKEN: 'tok' })).toEqual({
      credentials: { accessKeyId: 'd-id', accessKeySecret: 'd-secret', securityToken: 'tok' },
      variable: 'ALICLOUD_ACCESS_KEY',
    });
  });

  it('takes the token of the same family, and its expiration when given', () => {
    const keys = environmentAccessKeys({
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'STS.id',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 's',
      ALIBABA_CLOUD_SECURITY_TOKEN: 't',
      ALIBABA_CLOUD_SECURITY_TOKEN_EXPIRATION: '2030-01-01T00:00:00Z',
      ALICLOUD_SECURITY_TOKEN: 'other',
    });
    expect(keys?.credentials).toEqual({
      accessKeyId: 'STS.id',
      accessKeySecret: 's',
      securityToken: 't',
      expiration: new Date('2030-01-01T00:00:00Z'),
    });
  });

  it('refuses half a pair, naming both variables', () => {
    expect(() => environmentAccessKeys({ ALIBABA_CLOUD_ACCESS_KEY_ID: 'id' })).toThrow(
      'ALIBABA_CLOUD_ACCESS_KEY_ID is set but ALIBABA_CLOUD_ACCESS_KEY_SECRET is not',
    );
    expect(() => environmentAccessKeys({ ALICLOUD_SECRET_KEY: 's' })).toThrow(InputError);
  });

  it('ignores empty values', () => {
    expect(environmentAccessKeys({ ALIBABA_CLOUD_ACCESS_KEY_ID: '', ALIBABA_CLOUD_ACCESS_KEY_SECRET: ' ' })).toBeUndefined();
  });
});

describe('planEnvironment', () => {
  const plan = (env: Record<string, string>) => planEnvironment({ runtime: testContext(env), region: 'cn-hangzhou' });

  it('has one Environment hop for keys', () => {
    const steps = plan({ ALICLOUD_ACCESS_KEY: 'id', ALICLOUD_SECRET_KEY: 's' });
    expect(steps?.map((s) => s.hop)).toEqual([{ mode: 'Environment', detail: 'ALICLOUD_ACCESS_KEY' }]);
  });

  it('falls back to the OIDC variables, ALIBABACLOUD_ names too, and keys win over them', () => {
    const oidc = {
      ALIBABACLOUD_ROLE_ARN: 'acs:ram::1234567890123456:role/OidcRole',
      ALIBABACLOUD_OIDC_PROVIDER_ARN: 'acs:ram::1234567890123456:oidc-provider/ack-rrsa',
      ALIBABACLOUD_OIDC_TOKEN_FILE: '/var/run/token',
    };
    expect(plan(oidc)?.map((s) => s.hop)).toEqual([{ profile: undefined, mode: 'OIDC', detail: oidc.ALIBABACLOUD_ROLE_ARN }]);
    expect(plan({ ...oidc, ALIBABA_CLOUD_ACCESS_KEY_ID: 'id', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 's' })?.[0].hop.mode).toBe('Environment');
  });

  it('names what is missing from incomplete OIDC variables', () => {
    expect(() => plan({ ALIBABA_CLOUD_OIDC_TOKEN_FILE: '/t' })).toThrow(
      'OIDC credentials from the environment need ALIBABA_CLOUD_ROLE_ARN and ALIBABA_CLOUD_OIDC_PROVIDER_ARN too',
    );
  });

  it('checks the OIDC values before any call', () => {
    expect(() =>
      plan({
        ALIBABA_CLOUD_ROLE_ARN: 'OidcRole',
        ALIBABA_CLOUD_OIDC_PROVIDER_ARN: 'acs:ram::1234567890123456:oidc-provider/ack-rrsa',
        ALIBABA_CLOUD_OIDC_TOKEN_FILE: '/t',
      }),
    ).toThrow(/^ALIBABA_CLOUD_ROLE_ARN "OidcRole" is not a role ARN/);
  });

  it('is undefined when nothing is set', () => {
    expect(plan({})).toBeUndefined();
  });
});
