import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { runMain } from '../helpers/cli.js';
import { bufferContext } from '../helpers/context.js';
import { startTestEmulator, type RunningEmulator } from '../helpers/emulator.js';
import { cleanEnv } from '../helpers/env.js';
import { ACCOUNT, ALICE, BOB, role, writeConfig } from '../helpers/profiles.js';

let emulator: RunningEmulator;
let configPath: string;
let dir: string;

beforeAll(async () => {
  emulator = await startTestEmulator();
  ({ configPath, dir } = writeConfig(emulator.url));
});
afterAll(() => emulator?.stop());

function aliaudit(args: string[], env: Record<string, string> = {}) {
  return runMain([...args, '--endpoint', emulator.url, '--config-path', configPath], { env: cleanEnv(env) });
}

async function whoamiJson(profile: string | undefined, env: Record<string, string> = {}) {
  const result = await aliaudit(['whoami', '--output', 'json', ...(profile ? ['--profile', profile] : [])], env);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.stdout).not.toContain(ALICE.secret);
  return JSON.parse(result.stdout);
}

describe('aliaudit whoami', () => {
  it('AK profile: the RAM user, in a table when asked for', async () => {
    const result = await aliaudit(['whoami', '--profile', 'alice', '--output', 'table']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`acs:ram::${ACCOUNT}:user/alice`);
    expect(result.stdout).toContain(ACCOUNT);
    expect(result.stdout).toContain('RAMUser');
    expect(result.stdout).toMatch(/^1\talice\tAK\t/m);
    expect(result.stdout).not.toContain(ALICE.secret);
  });

  it('piped, json by default; csv is one row with the chain', async () => {
    const piped = await aliaudit(['whoami', '--profile', 'audit']);
    expect(JSON.parse(piped.stdout).identity.Arn).toContain('assumed-role/AuditRole/');
    const csv = await aliaudit(['whoami', '--profile', 'audit', '--output', 'csv']);
    const [header, row, end] = csv.stdout.split('\r\n');
    expect(header).toBe('AccountId,Arn,IdentityType,PrincipalId,Profile,Region,Chain');
    expect(row).toMatch(new RegExp(`^${ACCOUNT},acs:ram::${ACCOUNT}:assumed-role/AuditRole/audit-session,AssumedRoleUser,[^,]+,audit,cn-hangzhou,audit:AK → audit:RamRoleArn$`));
    expect(end).toBe('');
  });

  it('--output json: identity, chain, profile and region', async () => {
    const out = await whoamiJson('alice');
    expect(Object.keys(out).sort()).toEqual(['chain', 'identity', 'profile', 'region', 'source']);
    expect(out.source).toBe('--profile');
    expect(out.identity).toMatchObject({
      AccountId: ACCOUNT,
      Arn: `acs:ram::${ACCOUNT}:user/alice`,
      IdentityType: 'RAMUser',
    });
    expect(typeof out.identity.PrincipalId).toBe('string');
    expect(typeof out.identity.RequestId).toBe('string');
    expect(out.profile).toBe('alice');
    expect(out.region).toBe('cn-hangzhou');
    expect(out.chain).toHaveLength(1);
    expect(out.chain[0]).toMatchObject({ profile: 'alice', mode: 'AK', expiration: null });
    expect(Object.keys(out.chain[0]).sort()).toEqual(['detail', 'expiration', 'mode', 'profile']);
  });

  it('RamRoleArn: alice assumes AuditRole', async () => {
    const out = await whoamiJson('audit');
    expect(out.identity.Arn).toBe(`acs:ram::${ACCOUNT}:assumed-role/AuditRole/audit-session`);
    expect(out.identity.IdentityType).toBe('AssumedRoleUser');
    const last = out.chain.at(-1);
    expect(last.profile).toBe('audit');
    expect(last.mode).toBe('RamRoleArn');
    expect(last.detail).toContain('AuditRole');
    expect(Date.parse(last.expiration)).toBeGreaterThan(Date.now());
    expect(last.expiration).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('ChainableRamRoleArn, three deep: every hop printed in order', async () => {
    const out = await whoamiJson('hop3');
    expect(out.identity.Arn).toBe(`acs:ram::${ACCOUNT}:assumed-role/DeployRole/hop3`);
    expect(out.chain.map((hop: { profile: string }) => hop.profile)).toEqual(['alice', 'hop1', 'hop2', 'hop3']);
    expect(out.chain.slice(1).map((hop: { detail: string }) => hop.detail)).toEqual([
      role('AuditRole'),
      role('OpsRole'),
      role('DeployRole'),
    ].map((arn) => expect.stringContaining(arn)));

    const table = await aliaudit(['whoami', '--profile', 'hop3', '-o', 'table']);
    expect(table.code).toBe(0);
    const steps = table.stdout.split('\n').filter((line) => /^\d\t/.test(line));
    expect(steps.map((line) => line.split('\t')[1])).toEqual(['alice', 'hop1', 'hop2', 'hop3']);
    expect(steps[3]).toMatch(/expires in (\d+m|\d+h\d\dm) \(\d\d:\d\d:\d\dZ\)/);
  });

  it('AK → RamRoleArn → ChainableRamRoleArn → ChainableRamRoleArn: each mode in its place', async () => {
    const out = await whoamiJson('deploy-via-audit');
    expect(out.identity.Arn).toBe(`acs:ram::${ACCOUNT}:assumed-role/DeployRole/deploy`);
    expect(out.chain.map((hop: { mode: string }) => hop.mode)).toEqual(['AK', 'RamRoleArn', 'ChainableRamRoleArn', 'ChainableRamRoleArn']);
    expect(out.chain.map((hop: { profile: string }) => hop.profile)).toEqual(['audit', 'audit', 'ops-via-audit', 'deploy-via-audit']);
  });

  it('OIDC profile: the token file exchanged for OidcRole', async () => {
    const out = await whoamiJson('rrsa');
    expect(out.identity.Arn).toBe(`acs:ram::${ACCOUNT}:assumed-role/OidcRole/rrsa-session`);
    expect(out.chain.at(-1).mode).toBe('OIDC');
  });

  it('EcsRamRole: the instance role from the metadata service', async () => {
    const out = await whoamiJson('bastion', { ALIAUDIT_IMDS_ENDPOINT: emulator.url });
    expect(out.identity.Arn).toMatch(new RegExp(`^acs:ram::${ACCOUNT}:assumed-role/EcsScanRole/`));
    expect(out.chain.at(-1).mode).toBe('EcsRamRole');
  });

  it('CredentialsURI: the role the URI serves', async () => {
    const out = await whoamiJson('ci');
    expect(out.identity.Arn).toMatch(new RegExp(`^acs:ram::${ACCOUNT}:assumed-role/CiRole/`));
    expect(out.chain.at(-1).mode).toBe('CredentialsURI');
  });

  it('External: a process_command running aliaudit sts assume-role --format external', async () => {
    const out = await whoamiJson('external');
    expect(out.identity.Arn).toBe(`acs:ram::${ACCOUNT}:assumed-role/AuditRole/via-external`);
    expect(out.chain.at(-1).mode).toBe('External');
  });

  it('StsToken: a profile holding credentials assume-role printed', async () => {
    const issued = await aliaudit([
      'sts', 'assume-role', '--profile', 'alice', '--role-arn', role('AuditRole'), '--role-session-name', 'pasted',
    ]);
    expect(issued.code).toBe(0);
    const { Credentials: keys } = JSON.parse(issued.stdout);
    const stsConfig = join(dir, 'sts-config.json');
    writeFileSync(
      stsConfig,
      JSON.stringify({
        current: 'pasted',
        profiles: [
          {
            name: 'pasted',
            mode: 'StsToken',
            access_key_id: keys.AccessKeyId,
            access_key_secret: keys.AccessKeySecret,
            sts_token: keys.SecurityToken,
            region_id: 'cn-shanghai',
          },
        ],
        meta_path: '',
      }),
    );
    const result = await runMain(['whoami', '--output', 'json', '--endpoint', emulator.url, '--config-path', stsConfig], {
      env: cleanEnv(),
    });
    expect(result.stderr).toBe('');
    const out = JSON.parse(result.stdout);
    expect(out.identity.Arn).toBe(`acs:ram::${ACCOUNT}:assumed-role/AuditRole/pasted`);
    expect(out.profile).toBe('pasted');
    expect(out.region).toBe('cn-shanghai');
    expect(out.chain.at(-1).mode).toBe('StsToken');
  });

  it('environment credentials with no profile at all', async () => {
    const result = await runMain(
      ['whoami', '--output', 'json', '--endpoint', emulator.url, '--config-path', join(dir, 'absent.json')],
      {
        env: cleanEnv({
          ALIBABA_CLOUD_ACCESS_KEY_ID: ALICE.id,
          ALIBABA_CLOUD_ACCESS_KEY_SECRET: ALICE.secret,
          ALIBABA_CLOUD_REGION_ID: 'ap-southeast-1',
        }),
      },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout);
    expect(out.identity.Arn).toBe(`acs:ram::${ACCOUNT}:user/alice`);
    expect(out.region).toBe('ap-southeast-1');
    expect(out.chain).toHaveLength(1);
    expect(out.chain[0].profile).toBeNull();
    expect(out.source).toBe('environment (ALIBABA_CLOUD_ACCESS_KEY_ID)');
  });

  it('sts get-caller-identity prints the API\'s JSON', async () => {
    const result = await aliaudit(['sts', 'get-caller-identity', '--profile', 'hop1']);
    expect(result.code).toBe(0);
    const identity = JSON.parse(result.stdout);
    expect(identity).toMatchObject({
      AccountId: ACCOUNT,
      Arn: `acs:ram::${ACCOUNT}:assumed-role/AuditRole/hop1`,
      IdentityType: 'AssumedRoleUser',
    });
    expect(identity.RequestId).toEqual(expect.any(String));
    expect(result.stdout).toContain('\n  "AccountId"');
  });
});

describe('credentials in the environment when a profile is selected', () => {
  const keys = { ALIBABA_CLOUD_ACCESS_KEY_ID: BOB.id, ALIBABA_CLOUD_ACCESS_KEY_SECRET: BOB.secret };
  const notice = () =>
    `warning: ALIBABA_CLOUD_ACCESS_KEY_ID is set, but profile 'alice' (the current profile in ${configPath}) is used, as the aliyun CLI does; ` +
    `to use the variables, set ALIBABA_CLOUD_IGNORE_PROFILE=TRUE, or select no profile (no current profile in ${configPath})`;

  it('the current profile wins, as in the aliyun CLI: said once on stderr, with the two ways to use the variables; whoami names the source', async () => {
    const { ctx, stdout, stderr } = bufferContext({ env: cleanEnv(keys), tty: true, columns: 200 });
    // Two command lines in one process (the shell): said once.
    for (let i = 0; i < 2; i++) expect(await main(['whoami', '--endpoint', emulator.url, '--config-path', configPath], ctx)).toBe(0);
    expect(stderr()).toBe(`${notice()}\n`);
    expect(stdout()).toContain(`acs:ram::${ACCOUNT}:user/alice`);
    expect(stdout()).toMatch(new RegExp(`^source +the current profile in ${configPath}; ALIBABA_CLOUD_ACCESS_KEY_ID is set, not used$`, 'm'));
  });

  it('ALIBABA_CLOUD_IGNORE_PROFILE=TRUE uses the variables, and a profile asked for by name is no surprise: nothing is said', async () => {
    const ignoring = await aliaudit(['whoami', '--output', 'json'], { ...keys, ALIBABA_CLOUD_IGNORE_PROFILE: 'TRUE' });
    expect(ignoring.stderr).toBe('');
    const out = JSON.parse(ignoring.stdout);
    expect(out.identity.Arn).toBe(`acs:ram::${ACCOUNT}:user/bob`);
    expect(out.source).toBe('environment (ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_IGNORE_PROFILE=TRUE)');
    const named = await aliaudit(['whoami', '--profile', 'alice', '--output', 'json'], keys);
    expect(named.stderr).toBe('');
    expect(JSON.parse(named.stdout).source).toBe('--profile; ALIBABA_CLOUD_ACCESS_KEY_ID is set, not used');
  });

  it('a profile chosen by ALIBABA_CLOUD_PROFILE names the variable, and a scan says it too', async () => {
    const result = await aliaudit(['whoami', '--output', 'json'], { ...keys, ALIBABA_CLOUD_PROFILE: 'bob' });
    expect(result.stderr).toContain("warning: ALIBABA_CLOUD_ACCESS_KEY_ID is set, but profile 'bob' (selected by ALIBABA_CLOUD_PROFILE) is used");
    expect(result.stderr).toContain('or select no profile (ALIBABA_CLOUD_PROFILE unset and no current profile)');
    expect(JSON.parse(result.stdout).source).toBe('ALIBABA_CLOUD_PROFILE; ALIBABA_CLOUD_ACCESS_KEY_ID is set, not used');
  });
});
