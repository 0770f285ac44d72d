import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain, runProcess } from '../helpers/cli.js';
import { startTestEmulator, type RunningEmulator } from '../helpers/emulator.js';
import { cleanEnv } from '../helpers/env.js';
import { startTrapServer, type TrapServer } from '../helpers/trap.js';
import { ACCOUNT, ALICE, OIDC_PROVIDER, oidcToken, role, writeConfig } from '../helpers/profiles.js';

let emulator: RunningEmulator;
let configPath: string;
let dir: string;

beforeAll(async () => {
  emulator = await startTestEmulator();
  ({ configPath, dir } = writeConfig(emulator.url));
});
afterAll(() => emulator?.stop());

function aliaudit(args: string[], endpoint = emulator.url) {
  return runMain([...args, '--endpoint', endpoint, '--config-path', configPath], { env: cleanEnv() });
}

const assumeAudit = (...extra: string[]) =>
  aliaudit(['sts', 'assume-role', '--profile', 'alice', '--role-arn', role('AuditRole'), ...extra]);

describe('aliaudit sts assume-role', () => {
  it('json (default): the API\'s own shape', async () => {
    const result = await assumeAudit('--role-session-name', 'json-test');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const response = JSON.parse(result.stdout);
    expect(response).toMatchObject({
      RequestId: expect.any(String),
      AssumedRoleUser: { Arn: `acs:ram::${ACCOUNT}:role/AuditRole/json-test`, AssumedRoleId: expect.any(String) },
      Credentials: {
        AccessKeyId: expect.stringMatching(/^STS\./),
        AccessKeySecret: expect.any(String),
        SecurityToken: expect.any(String),
        Expiration: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      },
    });
  });

  it('defaults the session name to aliaudit-<user>-<unix seconds>', async () => {
    const result = await runMain(
      ['sts', 'assume-role', '--profile', 'alice', '--role-arn', role('AuditRole'), '--endpoint', emulator.url, '--config-path', configPath],
      { env: cleanEnv({ USER: 'dana' }) },
    );
    expect(result.code).toBe(0);
    const arn: string = JSON.parse(result.stdout).AssumedRoleUser.Arn;
    const match = /\/aliaudit-dana-(\d+)$/.exec(arn);
    expect(match, arn).not.toBeNull();
    expect(Math.abs(Number(match![1]) - Date.now() / 1000)).toBeLessThan(120);
  });

  it('env: lines bash can eval', async () => {
    const result = await assumeAudit('--format', 'env');
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const seen = (
      await runProcess(
        'bash',
        ['-c', 'eval "$(cat)"; echo "$ALIBABA_CLOUD_ACCESS_KEY_ID|$ALICLOUD_ACCESS_KEY|$ALIBABA_CLOUD_REGION_ID|$ALIBABA_CLOUD_SECURITY_TOKEN_EXPIRATION"'],
        { input: result.stdout, env: cleanEnv() },
      )
    ).stdout.trim();
    const [id, terraformId, region, expiration] = seen.split('|');
    expect(id).toMatch(/^STS\./);
    expect(terraformId).toBe(id);
    expect(region).toBe('cn-hangzhou');
    expect(Date.parse(expiration)).toBeGreaterThan(Date.now());
  });

  it('env: works through eval "$(aliaudit …)" as documented', async () => {
    const command = [process.execPath, join(import.meta.dirname, '..', '..', 'bin', 'aliaudit.js'), 'sts', 'assume-role',
      '--profile', 'alice', '--role-arn', role('AuditRole'), '--format', 'env', '--endpoint', emulator.url,
      '--config-path', configPath].join(' ');
    const seen = await runProcess('bash', ['-c', `eval "$(${command})"; echo $ALIBABA_CLOUD_ACCESS_KEY_ID`], { env: cleanEnv() });
    expect(seen.stdout.trim()).toMatch(/^STS\.\S+$/);
  });

  it('dotenv, fish and powershell: one assignment per variable', async () => {
    const [dotenv, fish, powershell] = await Promise.all(
      ['dotenv', 'fish', 'powershell'].map((format) => assumeAudit('--format', format)),
    );
    for (const result of [dotenv, fish, powershell]) expect(result.code).toBe(0);
    expect(dotenv.stdout).toMatch(/^ALIBABA_CLOUD_ACCESS_KEY_ID=STS\.\S+$/m);
    expect(dotenv.stdout).toMatch(/^ALICLOUD_REGION=cn-hangzhou$/m);
    expect(fish.stdout).toMatch(/^set -gx ALIBABA_CLOUD_SECURITY_TOKEN '.+';$/m);
    expect(powershell.stdout).toMatch(/^\$Env:ALICLOUD_SECRET_KEY = '.+'$/m);
  });

  it('external: the aliyun CLI process_command JSON, exact keys', async () => {
    const result = await assumeAudit('--format', 'external');
    expect(result.code).toBe(0);
    const answer = JSON.parse(result.stdout);
    expect(Object.keys(answer)).toEqual(['mode', 'access_key_id', 'access_key_secret', 'sts_token', 'expiration']);
    expect(answer.mode).toBe('StsToken');
    expect(answer.access_key_id).toMatch(/^STS\./);
    expect(answer.expiration).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('--policy from @file narrows the session and is accepted', async () => {
    const policyFile = join(dir, 'policy.json');
    writeFileSync(policyFile, JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'ram:Get*', Resource: '*' }] }));
    const result = await assumeAudit('--policy', `@${policyFile}`, '--duration-seconds', '900');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('refused by RAM: the real code, request id, exit 1', async () => {
    const result = await aliaudit(['sts', 'assume-role', '--profile', 'bob', '--role-arn', role('AuditRole')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/error: NoPermission: /);
    expect(result.stderr).toMatch(/request id: \S+/);
  });

  it('refused by the trust policy without --external-id; accepted with it', async () => {
    const args = ['sts', 'assume-role', '--profile', 'alice', '--role-arn', role('PartnerRole')];
    const refused = await aliaudit(args);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/error: [A-Za-z.]+: /);
    expect(refused.stderr).toMatch(/request id: \S+/);
    const accepted = await aliaudit([...args, '--external-id', 'abcd1234']);
    expect(accepted.stderr).toBe('');
    expect(accepted.code).toBe(0);
  });
});

describe('aliaudit sts assume-role-with-oidc', () => {
  it('needs no profile: region and endpoint from the flags', async () => {
    const tokenFile = join(dir, 'token-for-cli');
    writeFileSync(tokenFile, `${oidcToken('system:serviceaccount:default:deployer')}\n`);
    const result = await runMain(
      ['sts', 'assume-role-with-oidc', '--role-arn', role('OidcRole'), '--oidc-provider-arn', OIDC_PROVIDER,
        '--oidc-token-file', tokenFile, '--role-session-name', 'pod', '--region', 'cn-hangzhou',
        '--endpoint', emulator.url, '--config-path', join(dir, 'absent.json')],
      { env: cleanEnv() },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const response = JSON.parse(result.stdout);
    expect(response.AssumedRoleUser.Arn).toBe(`acs:ram::${ACCOUNT}:role/OidcRole/pod`);
    expect(response.Credentials.AccessKeyId).toMatch(/^STS\./);
  });

  it('takes the region from the environment and prints any format', async () => {
    const tokenFile = join(dir, 'token-env');
    writeFileSync(tokenFile, oidcToken());
    const result = await runMain(
      ['sts', 'assume-role-with-oidc', '--role-arn', role('OidcRole'), '--oidc-provider-arn', OIDC_PROVIDER,
        '--oidc-token-file', tokenFile, '--format', 'dotenv', '--endpoint', emulator.url, '--config-path', join(dir, 'absent.json')],
      { env: cleanEnv({ ALIBABA_CLOUD_REGION_ID: 'cn-shanghai' }) },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ALIBABA_CLOUD_REGION_ID=cn-shanghai$/m);
    expect(result.stdout).toMatch(/^ALIBABA_CLOUD_ACCESS_KEY_ID=STS\./m);
  });

  it('a missing token file is bad input naming it', async () => {
    const result = await aliaudit(['sts', 'assume-role-with-oidc', '--role-arn', role('OidcRole'),
      '--oidc-provider-arn', OIDC_PROVIDER, '--oidc-token-file', join(dir, 'no-token'), '--region', 'cn-hangzhou']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--oidc-token-file');
    expect(result.stderr).toContain('no-token');
  });
});

describe('bad input is refused locally, before any call', () => {
  let trap: TrapServer;
  beforeAll(async () => {
    trap = await startTrapServer();
  });
  afterAll(() => trap.close());

  const cases: [string, string[], RegExp][] = [
    ['a role ARN that is not one', ['--role-arn', 'arn:aws:iam::1:role/x'], /--role-arn "arn:aws:iam::1:role\/x" is not a role ARN/],
    ['a one-letter session name', ['--role-arn', role('AuditRole'), '--role-session-name', 'a'], /--role-session-name "a" is not a valid session name/],
    ['a 60-second duration', ['--role-arn', role('AuditRole'), '--duration-seconds', '60'], /--duration-seconds 60 is out of range/],
    ['a policy that is not JSON', ['--role-arn', role('AuditRole'), '--policy', '{not json'], /--policy is not valid JSON/],
    ['a policy file that does not exist', ['--role-arn', role('AuditRole'), '--policy', '@missing-policy.json'], /--policy: file missing-policy\.json does not exist/],
    ['an external id with spaces', ['--role-arn', role('AuditRole'), '--external-id', 'a b'], /--external-id is not a valid external id/],
  ];

  for (const [name, flags, message] of cases) {
    it(`${name}: exit 2, a clear message, no request`, async () => {
      const before = trap.requests();
      const result = await aliaudit(['sts', 'assume-role', '--profile', 'alice', ...flags], trap.url);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toContain('hint:');
      expect(result.stderr).not.toContain(ALICE.secret);
      expect(trap.requests()).toBe(before);
    });
  }

  it('the trap server does count requests (so the checks above can fail)', async () => {
    const before = trap.requests();
    const result = await aliaudit(['sts', 'assume-role', '--profile', 'alice', '--role-arn', role('AuditRole')], trap.url);
    expect(result.code).toBe(1);
    expect(trap.requests()).toBeGreaterThan(before);
  });
});
