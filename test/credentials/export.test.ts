import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  EXPIRATION_VARIABLE,
  apiTimestamp,
  credentialVariables,
  externalProcessCredentials,
  quoteDotenv,
  quoteFish,
  quotePosix,
  quotePowerShell,
  renderCredentials,
} from '../../src/credentials/export.js';
import type { Credentials } from '../../src/credentials/types.js';

const sts: Credentials = {
  accessKeyId: 'STS.NUgYrLnoC37mZZCNnAbez2',
  accessKeySecret: "it's-a-secret",
  securityToken: 'CAIS+token/with=chars',
  expiration: new Date('2026-11-22T10:03:00.000Z'),
};
const longTerm: Credentials = { accessKeyId: 'LTAIalice001', accessKeySecret: 'alice-secret' };

describe('credential variables', () => {
  it('sets both the Alibaba Cloud and the Terraform names, the region and the expiry', () => {
    const vars = Object.fromEntries(credentialVariables(sts, 'cn-shanghai'));
    expect(vars).toEqual({
      ALIBABA_CLOUD_ACCESS_KEY_ID: sts.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: sts.accessKeySecret,
      ALIBABA_CLOUD_SECURITY_TOKEN: sts.securityToken,
      ALIBABA_CLOUD_REGION_ID: 'cn-shanghai',
      ALIBABA_CLOUD_IGNORE_PROFILE: 'TRUE',
      ALICLOUD_ACCESS_KEY: sts.accessKeyId,
      ALICLOUD_SECRET_KEY: sts.accessKeySecret,
      ALICLOUD_SECURITY_TOKEN: sts.securityToken,
      ALICLOUD_REGION: 'cn-shanghai',
      [EXPIRATION_VARIABLE]: '2026-11-22T10:03:00Z',
    });
  });

  it('leaves out the token and expiry for long-term keys', () => {
    const names = credentialVariables(longTerm, 'cn-hangzhou').map(([name]) => name);
    expect(names).not.toContain('ALIBABA_CLOUD_SECURITY_TOKEN');
    expect(names).not.toContain('ALICLOUD_SECURITY_TOKEN');
    expect(names).not.toContain(EXPIRATION_VARIABLE);
  });

  it('writes timestamps without milliseconds', () => {
    expect(apiTimestamp(new Date('2026-01-02T15:04:05.678Z'))).toBe('2026-01-02T15:04:05Z');
  });
});

describe('quoting', () => {
  const nasty = `a'b"c$d\\e \`f\` $(rm -rf /)`;

  it('POSIX single quotes survive a real shell', () => {
    expect(quotePosix("it's")).toBe(`'it'\\''s'`);
    const echoed = execFileSync('sh', ['-c', `printf %s ${quotePosix(nasty)}`], { encoding: 'utf8' });
    expect(echoed).toBe(nasty);
  });

  it('fish escapes backslashes and single quotes inside single quotes', () => {
    expect(quoteFish("it's \\ ok")).toBe(`'it\\'s \\\\ ok'`);
  });

  it('PowerShell doubles single quotes, typographic ones included', () => {
    expect(quotePowerShell("it's")).toBe(`'it''s'`);
    expect(quotePowerShell('it\u2019s')).toBe(`'it\u2019\u2019s'`);
  });

  it('dotenv leaves safe values bare and double-quotes the rest', () => {
    expect(quoteDotenv('CAIS+token/with=chars')).toBe('CAIS+token/with=chars');
    expect(quoteDotenv(`it's $HOME "x"\\`)).toBe(`"it's \\$HOME \\"x\\"\\\\"`);
    expect(quoteDotenv('two\nlines')).toBe('"two\\nlines"');
  });
});

describe('renderCredentials', () => {
  it('env: export lines a shell can eval', () => {
    const text = renderCredentials('env', sts, 'cn-hangzhou');
    expect(text).toContain(`export ALIBABA_CLOUD_ACCESS_KEY_SECRET='it'\\''s-a-secret'\n`);
    expect(text).toContain(`export ${EXPIRATION_VARIABLE}='2026-11-22T10:03:00Z'\n`);
    const script = `${text}printf '%s|%s|%s' "$ALIBABA_CLOUD_ACCESS_KEY_SECRET" "$ALICLOUD_SECRET_KEY" "$ALICLOUD_REGION"`;
    expect(execFileSync('sh', ['-c', script], { encoding: 'utf8' })).toBe("it's-a-secret|it's-a-secret|cn-hangzhou");
  });

  it('dotenv: NAME=value lines', () => {
    const lines = renderCredentials('dotenv', sts, 'cn-hangzhou').trimEnd().split('\n');
    expect(lines).toContain('ALIBABA_CLOUD_ACCESS_KEY_ID=STS.NUgYrLnoC37mZZCNnAbez2');
    expect(lines).toContain(`ALIBABA_CLOUD_ACCESS_KEY_SECRET="it's-a-secret"`);
    expect(lines.every((line) => /^[A-Z_]+=/.test(line))).toBe(true);
  });

  it('fish: set -gx lines', () => {
    const text = renderCredentials('fish', sts, 'cn-hangzhou');
    expect(text).toContain(`set -gx ALIBABA_CLOUD_ACCESS_KEY_SECRET 'it\\'s-a-secret';\n`);
    expect(text).toContain(`set -gx ALICLOUD_SECURITY_TOKEN 'CAIS+token/with=chars';\n`);
  });

  it('powershell: $Env: assignments', () => {
    const text = renderCredentials('powershell', sts, 'cn-hangzhou');
    expect(text).toContain(`$Env:ALIBABA_CLOUD_ACCESS_KEY_SECRET = 'it''s-a-secret'\n`);
    expect(text).toContain(`$Env:ALICLOUD_REGION = 'cn-hangzhou'\n`);
  });

  it('external: the aliyun CLI External-mode JSON with exactly its keys', () => {
    const parsed = JSON.parse(renderCredentials('external', sts, 'cn-hangzhou'));
    expect(Object.keys(parsed)).toEqual(['mode', 'access_key_id', 'access_key_secret', 'sts_token', 'expiration']);
    expect(parsed).toEqual({
      mode: 'StsToken',
      access_key_id: sts.accessKeyId,
      access_key_secret: sts.accessKeySecret,
      sts_token: sts.securityToken,
      expiration: '2026-11-22T10:03:00Z',
    });
  });

  it('external: long-term keys answer mode AK', () => {
    expect(externalProcessCredentials(longTerm)).toEqual({
      mode: 'AK',
      access_key_id: 'LTAIalice001',
      access_key_secret: 'alice-secret',
    });
  });
});
