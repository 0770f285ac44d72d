import { describe, expect, it } from 'vitest';
import { EXEC_PROFILE_VARIABLE, INHERITED_CREDENTIAL_VARIABLES, execEnvironment } from '../../src/credentials/exec-env.js';
import { EXPIRATION_VARIABLE } from '../../src/credentials/export.js';
import type { Credentials } from '../../src/credentials/types.js';

const credentials: Credentials = {
  accessKeyId: 'STS.injected',
  accessKeySecret: 'injected-secret',
  securityToken: 'injected-token',
  expiration: new Date('2026-11-22T10:00:00Z'),
};

const planted = {
  PATH: '/usr/bin',
  HOME: '/home/u',
  ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIstale',
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'stale',
  ALIBABA_CLOUD_SECURITY_TOKEN: 'stale-token',
  ALIBABA_CLOUD_PROFILE: 'other',
  ALIBABACLOUD_PROFILE: 'other',
  ALIBABACLOUD_ACCESS_KEY_ID: 'LTAIstale',
  ALICLOUD_PROFILE: 'other',
  ALICLOUD_ACCESS_KEY: 'LTAIstale',
  ALICLOUD_ACCESS_KEY_ID: 'LTAIstale',
  ALICLOUD_ASSUME_ROLE_ARN: 'acs:ram::1:role/x',
  ALIBABA_CLOUD_ROLE_ARN: 'acs:ram::1:role/x',
  ALIBABA_CLOUD_OIDC_TOKEN_FILE: '/tmp/token',
  ALIBABA_CLOUD_CREDENTIALS_URI: 'http://127.0.0.1/creds',
  alibaba_cloud_profile: 'lower-case spelling (Windows names are case-insensitive)',
  ALIBABA_CLOUD_STS_ENDPOINT: 'sts-vpc.cn-hangzhou.aliyuncs.com',
};

describe('execEnvironment', () => {
  const env = execEnvironment(planted, credentials, 'cn-shanghai', 'audit');

  it('removes every inherited credential and profile variable', () => {
    for (const name of [
      'ALIBABA_CLOUD_PROFILE',
      'ALIBABACLOUD_PROFILE',
      'ALIBABACLOUD_ACCESS_KEY_ID',
      'ALICLOUD_PROFILE',
      'ALICLOUD_ACCESS_KEY_ID',
      'ALICLOUD_ASSUME_ROLE_ARN',
      'ALIBABA_CLOUD_ROLE_ARN',
      'ALIBABA_CLOUD_OIDC_TOKEN_FILE',
      'ALIBABA_CLOUD_CREDENTIALS_URI',
      'alibaba_cloud_profile',
    ]) {
      expect(env, name).not.toHaveProperty(name);
    }
  });

  it('injects both families, the region, the expiry and the profile marker', () => {
    expect(env).toMatchObject({
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'STS.injected',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'injected-secret',
      ALIBABA_CLOUD_SECURITY_TOKEN: 'injected-token',
      ALIBABA_CLOUD_REGION_ID: 'cn-shanghai',
      ALICLOUD_ACCESS_KEY: 'STS.injected',
      ALICLOUD_SECRET_KEY: 'injected-secret',
      ALICLOUD_SECURITY_TOKEN: 'injected-token',
      ALICLOUD_REGION: 'cn-shanghai',
      [EXPIRATION_VARIABLE]: '2026-11-22T10:00:00Z',
      [EXEC_PROFILE_VARIABLE]: 'audit',
    });
  });

  it('keeps everything else, including settings that are not credentials', () => {
    expect(env.PATH).toBe('/usr/bin');
    expect(env.HOME).toBe('/home/u');
    expect(env.ALIBABA_CLOUD_STS_ENDPOINT).toBe('sts-vpc.cn-hangzhou.aliyuncs.com');
  });

  it('does not leave a stale token behind when the session has long-term keys', () => {
    const longTerm = execEnvironment(planted, { accessKeyId: 'LTAIx', accessKeySecret: 's' }, 'cn-hangzhou', 'p');
    expect(longTerm).not.toHaveProperty('ALIBABA_CLOUD_SECURITY_TOKEN');
    expect(longTerm).not.toHaveProperty(EXPIRATION_VARIABLE);
  });

  it('lists each name once, all upper case', () => {
    expect(new Set(INHERITED_CREDENTIAL_VARIABLES).size).toBe(INHERITED_CREDENTIAL_VARIABLES.length);
    for (const name of INHERITED_CREDENTIAL_VARIABLES) expect(name).toBe(name.toUpperCase());
  });
});
