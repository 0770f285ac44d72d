import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, runCli } from '../helpers/cli.js';
import { startTestEmulator, type RunningEmulator } from '../helpers/emulator.js';
import { cleanEnv } from '../helpers/env.js';
import { ALICE, writeConfig } from '../helpers/profiles.js';

let emulator: RunningEmulator;
let configPath: string;

beforeAll(async () => {
  emulator = await startTestEmulator();
  ({ configPath } = writeConfig(emulator.url));
});
afterAll(() => emulator?.stop());

const globals = () => ['--endpoint', emulator.url, '--config-path', configPath];

const printEnv = `
const pick = (prefix) => Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith(prefix)));
process.stdout.write(JSON.stringify({ ...pick('ALIBABA'), ...pick('ALICLOUD'), ...pick('ALIAUDIT') }));
`;

describe('aliaudit exec', () => {
  it('gives the child the session\'s credentials and none of the parent\'s', async () => {
    const result = await runCli(['exec', '--profile', 'audit', ...globals(), '--', process.execPath, '-e', printEnv], {
      env: cleanEnv({
        ALICLOUD_ACCESS_KEY: 'LTAIplanted',
        ALICLOUD_SECRET_KEY: 'planted-secret',
        ALIBABA_CLOUD_PROFILE: 'planted',
        ALIBABACLOUD_PROFILE: 'planted',
        ALIBABA_CLOUD_SECURITY_TOKEN: 'planted-token',
      }),
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const env = JSON.parse(result.stdout);
    expect(env.ALIBABA_CLOUD_ACCESS_KEY_ID).toMatch(/^STS\./);
    expect(env.ALICLOUD_ACCESS_KEY).toBe(env.ALIBABA_CLOUD_ACCESS_KEY_ID);
    expect(env.ALICLOUD_SECRET_KEY).toBe(env.ALIBABA_CLOUD_ACCESS_KEY_SECRET);
    expect(env.ALIBABA_CLOUD_SECURITY_TOKEN).not.toBe('planted-token');
    expect(env.ALICLOUD_SECURITY_TOKEN).toBe(env.ALIBABA_CLOUD_SECURITY_TOKEN);
    expect(env.ALIBABA_CLOUD_REGION_ID).toBe('cn-hangzhou');
    expect(env.ALICLOUD_REGION).toBe('cn-hangzhou');
    expect(Date.parse(env.ALIBABA_CLOUD_SECURITY_TOKEN_EXPIRATION)).toBeGreaterThan(Date.now());
    expect(env.ALIAUDIT_EXEC_PROFILE).toBe('audit');
    expect(env).not.toHaveProperty('ALIBABA_CLOUD_PROFILE');
    expect(env).not.toHaveProperty('ALIBABACLOUD_PROFILE');
    expect(JSON.stringify(env)).not.toContain('planted');
  });

  it('keeps the child\'s arguments as typed', async () => {
    const result = await runCli(
      ['exec', '--profile', 'alice', ...globals(), '--', process.execPath, '-e', 'console.log(JSON.stringify(process.argv.slice(1)))', '007', '0x10', '--flag'],
      { env: cleanEnv() },
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(['007', '0x10', '--flag']);
  });

  it('returns the child\'s exit code', async () => {
    const result = await runCli(['exec', '--profile', 'alice', ...globals(), '--', process.execPath, '-e', 'process.exit(7)'], {
      env: cleanEnv(),
    });
    expect(result.code).toBe(7);
  });

  it('refuses to nest', async () => {
    const result = await runCli(['exec', '--profile', 'alice', ...globals(), '--', process.execPath, '-e', 'process.exit(0)'], {
      env: cleanEnv({ ALIAUDIT_EXEC_PROFILE: 'audit' }),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('aliaudit exec is already running (profile audit); exit that shell first');
  });

  it('starts $SHELL when no command is given', async () => {
    const result = await runCli(['exec', '--profile', 'alice', ...globals()], {
      env: cleanEnv({ SHELL: '/bin/sh' }),
      input: 'echo "$ALIAUDIT_EXEC_PROFILE $ALIBABA_CLOUD_ACCESS_KEY_ID"; exit 3\n',
    });
    expect(result.stdout.trim()).toBe(`alice ${ALICE.id}`);
    expect(result.code).toBe(3);
  });

  it('a command that does not exist: exit 127 and a clear message', async () => {
    const result = await runCli(['exec', '--profile', 'alice', ...globals(), '--', 'no-such-command-aliaudit'], {
      env: cleanEnv(),
    });
    expect(result.code).toBe(127);
    expect(result.stderr).toContain('command not found: no-such-command-aliaudit');
  });

  it('forwards SIGTERM to the child and returns what the child chose', async () => {
    const child = spawn(
      process.execPath,
      [cliPath, 'exec', '--profile', 'alice', ...globals(), '--', process.execPath, '-e',
        'process.on("SIGTERM", () => process.exit(42)); console.log("ready"); setInterval(() => {}, 1000)'],
      { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    await new Promise<void>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => chunk.includes('ready') && resolve());
      child.on('exit', () => reject(new Error(`exec ended early: ${stderr}`)));
    });
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(42);
  });

  it('a child killed by a signal gives 128 + its number', async () => {
    const result = await runCli(
      ['exec', '--profile', 'alice', ...globals(), '--', process.execPath, '-e', 'process.kill(process.pid, "SIGKILL")'],
      { env: cleanEnv() },
    );
    expect(result.code).toBe(128 + 9);
  });
});

describe('no child outlives aliaudit exec with credentials in its environment', () => {
  /** Starts `aliaudit exec` with a child that reports its pid and waits; answers both pids. */
  async function started(childScript: string) {
    const exec = spawn(process.execPath, [cliPath, 'exec', '--profile', 'alice', ...globals(), '--', process.execPath, '-e', childScript], {
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const childPid = await new Promise<number>((resolve, reject) => {
      let out = '';
      exec.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        const match = /pid (\d+)/.exec(out);
        if (match) resolve(Number(match[1]));
      });
      exec.on('exit', () => reject(new Error(`exec ended early: ${out}`)));
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      exec.on('exit', (code, signal) => resolve({ code, signal })),
    );
    return { exec, childPid, exited };
  }

  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  async function gone(pid: number): Promise<boolean> {
    for (let i = 0; i < 100 && alive(pid); i++) await new Promise((resolve) => setTimeout(resolve, 30));
    return !alive(pid);
  }

  it('kill -9 of aliaudit (which nothing can catch) still ends the child', async () => {
    const { exec, childPid, exited } = await started('console.log("pid " + process.pid); setInterval(() => {}, 1000)');
    exec.kill('SIGKILL');
    expect((await exited).signal).toBe('SIGKILL');
    expect(await gone(childPid)).toBe(true);
  });

  it.each(['SIGTERM', 'SIGHUP', 'SIGQUIT'] as const)('%s to aliaudit reaches the child, whichever way aliaudit ends', async (signal) => {
    const { exec, childPid, exited } = await started(
      `console.log("pid " + process.pid); process.on(${JSON.stringify(signal)}, () => { console.log("got it"); process.exit(9); }); setInterval(() => {}, 1000)`,
    );
    exec.kill(signal);
    await exited;
    expect(await gone(childPid)).toBe(true);
  });
});
