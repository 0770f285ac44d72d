import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain } from '../helpers/cli.js';
import { startTestEmulator, type RunningEmulator } from '../helpers/emulator.js';
import { cleanEnv } from '../helpers/env.js';
import { ALICE, oidcToken, OIDC_PROVIDER, role, writeConfig } from '../helpers/profiles.js';

/** In a chain, a refusal names the hop that failed, and the hint fixes that hop, in the way its mode needs. */
let emulator: RunningEmulator;
let configPath: string;
let dir: string;

const region = { region_id: 'cn-hangzhou' };
const wrongSecret = { name: 'alice-typo', mode: 'AK', access_key_id: ALICE.id, access_key_secret: 'not-the-secret-at-all', ...region };
const chained = (name: string, source: string, roleName: string) => ({
  name,
  mode: 'ChainableRamRoleArn',
  source_profile: source,
  ram_role_arn: role(roleName),
  ram_session_name: name,
  ...region,
});

beforeAll(async () => {
  emulator = await startTestEmulator();
  dir = mkdtempSync(join(tmpdir(), 'aliaudit-hints-'));
  const printer = join(dir, 'print-keys.mjs');
  writeFileSync(printer, `console.log(JSON.stringify({ mode: 'AK', access_key_id: '${ALICE.id}', access_key_secret: 'printed-but-wrong' }))`);
  const otherSubject = join(dir, 'other-subject-token');
  writeFileSync(otherSubject, oidcToken('system:serviceaccount:kube-system:intruder'));
  ({ configPath } = writeConfig(emulator.url, [
    wrongSecret,
    chained('audit-from-typo', 'alice-typo', 'AuditRole'),
    chained('deploy-skipping-ops', 'hop1', 'DeployRole'),
    { name: 'ext-wrong', mode: 'External', process_command: `${process.execPath} ${printer}`, ...region },
    {
      name: 'rrsa-intruder',
      mode: 'OIDC',
      oidc_provider_arn: OIDC_PROVIDER,
      oidc_token_file: otherSubject,
      ram_role_arn: role('OidcRole'),
      ram_session_name: 'intruder',
      ...region,
    },
  ]));
});
afterAll(() => emulator?.stop());

const whoami = (profile: string) =>
  runMain(['whoami', '--profile', profile, '--endpoint', emulator.url, '--config-path', configPath], { env: cleanEnv() });

describe('hints that point at the right place', () => {
  it('a wrong secret in the source profile names the source, not the profile selected', async () => {
    const result = await whoami('audit-from-typo');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("aliaudit: error: profile 'audit-from-typo' (ChainableRamRoleArn, role AuditRole): SignatureDoesNotMatch");
    expect(result.stderr).toContain("hint: the secret of profile 'alice-typo' is wrong: set it again: aliaudit configure set --profile alice-typo --access-key-secret …");
    expect(result.stderr).not.toContain('not-the-secret-at-all');
  });

  it('the same wrong secret, used directly, names its own profile', async () => {
    const result = await whoami('alice-typo');
    expect(result.stderr).toMatch(/^aliaudit: error: SignatureDoesNotMatch/);
    expect(result.stderr).toContain('aliaudit configure set --profile alice-typo --access-key-secret …');
  });

  it('a role in the middle of a chain that does not trust the hop before it names that hop and its source', async () => {
    const result = await whoami('deploy-skipping-ops');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("error: profile 'deploy-skipping-ops' (ChainableRamRoleArn, role DeployRole): NoPermission");
    expect(result.stderr).toContain("hint: the role's trust policy does not let the identity of profile 'hop1' (the source of 'deploy-skipping-ops') assume it");
  });

  it('an External profile whose command prints wrong keys: fix the command, there is no secret to set', async () => {
    const result = await whoami('ext-wrong');
    expect(result.stderr).toContain("the secret is wrong for the keys printed by the process_command of profile 'ext-wrong': fix that command");
    expect(result.stderr).not.toContain('--access-key-secret');
    expect(result.stderr).not.toContain('printed-but-wrong');
  });

  it('an OIDC subject the trust policy does not allow is a trust-policy condition, not a missing permission', async () => {
    const result = await whoami('rrsa-intruder');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("profile 'rrsa-intruder' (OIDC, role OidcRole): NoPermission");
    expect(result.stderr).toContain("hint: the role's trust policy does not accept this token: its oidc:sub");
    expect(result.stderr).not.toContain('attach');
  });

  it('an expired static STS token is replaced, not refreshed by running again', async () => {
    // Its own emulator: the clock only moves forward.
    const later = await startTestEmulator();
    const issued = await runMain(
      ['sts', 'assume-role', '--profile', 'alice', '--role-arn', role('AuditRole'), '--duration-seconds', '900', '--format', 'json',
        '--endpoint', later.url, '--config-path', configPath],
      { env: cleanEnv() },
    );
    const keys = JSON.parse(issued.stdout).Credentials;
    const set = await runMain(
      ['configure', 'set', '--profile', 'tmp', '--mode', 'StsToken', '--access-key-id', keys.AccessKeyId, '--access-key-secret', keys.AccessKeySecret,
        '--sts-token', keys.SecurityToken, '--region', 'cn-hangzhou', '--config-path', configPath],
      { env: cleanEnv() },
    );
    expect(set.code).toBe(0);
    await fetch(`${later.url}/_emulator/clock?advance=1000`, { method: 'POST' });
    try {
      const result = await runMain(['whoami', '--profile', 'tmp', '--endpoint', later.url, '--config-path', configPath], { env: cleanEnv() });
      expect(result.stderr).toContain('InvalidSecurityToken.Expired');
      expect(result.stderr).toContain("hint: the STS token of profile 'tmp' has expired, and running again will not renew it");
      expect(result.stderr).toContain('aliaudit configure set --profile tmp --access-key-id … --access-key-secret … --sts-token …');
      expect(result.stderr).not.toContain(keys.SecurityToken);
    } finally {
      await later.stop();
    }
  });
});
