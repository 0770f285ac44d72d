import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliPath, repoRoot, runCli, runProcess } from '../helpers/cli.js';
import { cleanEnv } from '../helpers/env.js';
import { startTestEmulator, type RunningEmulator } from '../helpers/emulator.js';

// Profiles are shared with the aliyun CLI's ecosystem: what aliaudit writes, the official credentials SDK reads and
// signs with; what that SDK rewrites, aliaudit keeps working with.
const ACCOUNT = '1234567890123456';
let emulator: RunningEmulator;
let env: Record<string, string>;
const configFile = () => join(env.HOME, '.aliyun', 'config.json');

beforeAll(async () => {
  emulator = await startTestEmulator();
  env = cleanEnv({ ALIAUDIT_ENDPOINT: emulator.url });
});
afterAll(() => emulator?.stop());

const aliaudit = (args: string[]) => runCli(args, { env });

async function officialSdkIdentity(profile: string): Promise<any> {
  const run = await runProcess(process.execPath, [join(repoRoot, 'test/helpers/sdk-caller-identity.mjs')], {
    env: { ...env, ALIBABA_CLOUD_PROFILE: profile, ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true', EMULATOR_HOST: emulator.host },
  });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout);
}

describe('profiles work in both tools', () => {
  it('an AK profile aliaudit wrote signs requests made by the official credentials SDK', async () => {
    const set = await aliaudit([
      'configure', 'set', '--profile', 'alice', '--mode', 'AK', '--access-key-id', 'LTAIalice001',
      '--access-key-secret', 'alice-secret-0001-do-not-share', '--region', 'cn-hangzhou',
    ]);
    expect(set.code).toBe(0);
    expect((await officialSdkIdentity('alice')).Arn).toBe(`acs:ram::${ACCOUNT}:user/alice`);
  });

  it('an External profile running `aliaudit sts assume-role --format external` is resolved by the official SDK', async () => {
    const command = [
      process.execPath, cliPath, 'sts', 'assume-role', '--role-arn', `acs:ram::${ACCOUNT}:role/AuditRole`,
      '--role-session-name', 'via-sdk', '--format', 'external', '--profile', 'alice', '--endpoint', emulator.url,
    ].join(' ');
    const set = await aliaudit(['configure', 'set', '--profile', 'ext', '--mode', 'External', '--process-command', command, '--region', 'cn-hangzhou']);
    expect(set.code).toBe(0);
    expect((await officialSdkIdentity('ext')).Arn).toBe(`acs:ram::${ACCOUNT}:assumed-role/AuditRole/via-sdk`);
  });

  it('after the SDK rewrote the file its own way, aliaudit still reads it and keeps every profile', async () => {
    // The credentials SDK rewrites config.json with 4-space indentation when an External profile refreshes.
    const rewritten = readFileSync(configFile(), 'utf8');
    expect(rewritten).toMatch(/^ {4}"profiles"/m);
    const before = JSON.parse(rewritten);
    const sdkKeys = before.profiles.find((p: { name: string }) => p.name === 'ext');
    expect(sdkKeys.sts_token).toBeTruthy();
    const list = await aliaudit(['configure', 'list', '--output', 'json']);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).profiles.map((p: { name: string }) => p.name)).toEqual(before.profiles.map((p: { name: string }) => p.name));
    const whoami = await aliaudit(['whoami', '--profile', 'ext', '--output', 'json']);
    expect(whoami.code).toBe(0);
    expect(JSON.parse(whoami.stdout).identity.Arn).toBe(`acs:ram::${ACCOUNT}:assumed-role/AuditRole/via-sdk`);

    expect((await aliaudit(['configure', 'set', '--profile', 'alice', '--region', 'cn-shanghai'])).code).toBe(0);
    const after = JSON.parse(readFileSync(configFile(), 'utf8'));
    expect(after.profiles.find((p: { name: string }) => p.name === 'ext')).toEqual(sdkKeys);
    const shown = await aliaudit(['configure', 'get', '--profile', 'ext']);
    expect(shown.stdout).not.toContain(sdkKeys.sts_token);
    expect(shown.stdout).not.toContain(sdkKeys.access_key_secret);
  });
});
