import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, demoWorld } from '../../src/emulator/worlds/demo.js';
import { cliPath, runCli } from '../helpers/cli.js';
import { startTestEmulator } from '../helpers/emulator.js';
import { cleanEnv } from '../helpers/env.js';
import { ALICE, role } from '../helpers/profiles.js';
import { startSilentServer } from '../helpers/trap.js';

/** The launcher owns the process: signals, broken pipes and exit codes. */
describe('bin/aliaudit.js', () => {
  it('Ctrl-C (SIGINT) interrupts a one-liner waiting on the network: exit 130 at once, nothing printed', async () => {
    const silent = await startSilentServer();
    const env = cleanEnv({ ALIBABA_CLOUD_ACCESS_KEY_ID: ALICE.id, ALIBABA_CLOUD_ACCESS_KEY_SECRET: ALICE.secret });
    try {
      const child = spawn(process.execPath, [cliPath, 'whoami', '--endpoint', silent.url], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      // Wait until the request is in flight: unanswered, it would outlast the test (four attempts of 10 s), so an exit
      // at all is one at the interruption.
      await silent.requested();
      child.kill('SIGINT');
      const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      expect(code).toBe(130);
      expect(output).toBe('');
    } finally {
      await silent.close();
    }
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)('%s during a scan: the files hold what was found, marked incomplete, and the exit code is %i', async (signal, exitCode) => {
    const dir = mkdtempSync(join(tmpdir(), 'aliaudit-launcher-'));
    const world = join(dir, 'demo.json');
    writeFileSync(world, JSON.stringify(demoWorld()));
    const emulator = await startTestEmulator(world, { latencyMs: 200 });
    const env = cleanEnv({ HOME: dir, ALIBABA_CLOUD_ACCESS_KEY_ID: DEMO_CREDENTIALS.accessKeyId, ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEMO_CREDENTIALS.accessKeySecret });
    try {
      const args = ['scan', '--endpoint', emulator.url, '--output-directory', dir, '--output-filename', 'partial', '--output-formats', 'json-ocsf', '--progress', 'plain'];
      const child = spawn(process.execPath, [cliPath, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      while (!stderr.includes(': started')) await new Promise((resolve) => setTimeout(resolve, 10));
      child.kill(signal);
      expect(await exited).toBe(exitCode);
      expect(stderr).toMatch(/^The scan is incomplete:\n {2}stopped before it finished \(interrupted\)/m);
      expect(stderr).toContain('wrote');
      // The summary's exit code is the process's.
      expect(stderr).toMatch(new RegExp(`, incomplete; exit ${exitCode}$`, 'm'));
      expect(Array.isArray(JSON.parse(readFileSync(join(dir, 'partial.ocsf.json'), 'utf8')))).toBe(true);
    } finally {
      await emulator.stop();
    }
  });

  it('a reader that stops early (| head) ends it quietly with exit 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aliaudit-launcher-'));
    const configPath = join(dir, 'config.json');
    const profiles = Array.from({ length: 3000 }, (_, i) => ({ name: `p${i}`, mode: 'EcsRamRole', region_id: 'cn-hangzhou' }));
    writeFileSync(configPath, JSON.stringify({ current: 'p0', profiles }));
    const child = spawn(process.execPath, [cliPath, 'configure', 'list', '-o', 'json', '--config-path', configPath], {
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

describe('DEBUG=* never puts a secret on stderr', () => {
  it('the SDK transport\'s debug logger (request headers, response bodies) stays silent', async () => {
    const emulator = await startTestEmulator();
    try {
      const env = cleanEnv({ DEBUG: '*', ALIBABA_CLOUD_ACCESS_KEY_ID: ALICE.id, ALIBABA_CLOUD_ACCESS_KEY_SECRET: ALICE.secret });
      const result = await runCli(['sts', 'assume-role', '--role-arn', role('AuditRole'), '--format', 'json', '--endpoint', emulator.url], { env });
      expect(result.code).toBe(0);
      const token = JSON.parse(result.stdout).Credentials.SecurityToken;
      expect(token).toBeTruthy();
      expect(result.stderr).toBe('');
      const whoami = await runCli(['whoami', '--endpoint', emulator.url], { env });
      expect(whoami.code).toBe(0);
      expect(whoami.stderr).toBe('');
    } finally {
      await emulator.stop();
    }
  });
});
