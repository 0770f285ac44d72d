import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, runCli } from '../helpers/cli.js';
import { startTestEmulator, type RunningEmulator } from '../helpers/emulator.js';
import { cleanEnv } from '../helpers/env.js';
import { ALICE, writeConfig } from '../helpers/profiles.js';
import { inTerminal } from '../helpers/tmux.js';

/*
 * Every process these tests start carries a mark of the test's own in its environment (aliaudit, the guard, the
 * command and whatever it forks, setsid or not), so /proc says which of them still run: the question is whether any
 * process holding the credentials outlives aliaudit. /proc is Linux's, as on CI.
 */
const MARK = 'EXEC_TREE_TEST_MARK';

interface Running {
  pid: number;
  args: string[];
  env: string[];
  ppid: number;
  pgid: number;
  session: number;
}

function marked(mark: string): Running[] {
  const needle = `${MARK}=${mark}`;
  const found: Running[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const env = readFileSync(`/proc/${name}/environ`, 'utf8').split('\0');
      if (!env.includes(needle)) continue;
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z' || fields[0] === 'X') continue;
      const args = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').slice(0, -1);
      found.push({ pid: Number(name), args, env, ppid: Number(fields[1]), pgid: Number(fields[2]), session: Number(fields[3]) });
    } catch {
      // gone, or not ours
    }
  }
  return found;
}

/** Polls until `test` answers something truthy; fails saying what it waited for. */
async function until<T>(test: () => T | undefined | false, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = test();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

let emulator: RunningEmulator;
let configPath: string;
const marks: string[] = [];

beforeAll(async () => {
  emulator = await startTestEmulator();
  ({ configPath } = writeConfig(emulator.url));
});
afterAll(() => emulator?.stop());
// Whatever a failing test left running goes with it.
afterEach(() => {
  for (const mark of marks.splice(0)) {
    for (const { pid } of marked(mark)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  }
});

function newMark(): string {
  const mark = randomUUID();
  marks.push(mark);
  return mark;
}

const execArgs = (script: string) => ['exec', '--profile', 'alice', '--endpoint', emulator.url, '--config-path', configPath, '--', 'sh', '-c', script];

/** Starts `aliaudit exec -- sh -c script` and waits until a process of its tree runs `sleep <seconds>`. */
async function started(script: string, ...sleeps: string[]) {
  const mark = newMark();
  const exec = spawn(process.execPath, [cliPath, ...execArgs(script)], { env: cleanEnv({ [MARK]: mark }), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  exec.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    exec.on('exit', (code, signal) => resolve({ code, signal })),
  );
  let ended = false;
  void exited.then(() => (ended = true));
  const running = await until(() => {
    if (ended) throw new Error(`exec ended early: ${stderr}`);
    const all = marked(mark);
    const each = sleeps.map((seconds) => all.find((p) => p.args[0]?.endsWith('sleep') && p.args[1] === seconds));
    return each.every(Boolean) && (each as Running[]);
  }, `sleep ${sleeps.join(', ')} to run`);
  return { exec, exited, mark, running };
}

describe('nothing the command started outlives aliaudit exec', () => {
  it('kill -9 of aliaudit: the grandchild the command started in the background (credentials and all) ends too', async () => {
    const { exec, exited, mark, running } = await started('sleep 201 & wait', '201');
    // The grandchild holds the credentials: this is what must not outlive aliaudit.
    expect(running[0].env).toContain(`ALIBABA_CLOUD_ACCESS_KEY_ID=${ALICE.id}`);
    exec.kill('SIGKILL');
    expect((await exited).signal).toBe('SIGKILL');
    await until(() => marked(mark).length === 0, 'every process of the tree to end');
    expect(marked(mark)).toEqual([]);
  });

  it('kill -9 of aliaudit: a command that ignores SIGTERM, and its grandchild, end all the same (SIGKILL after a grace period)', async () => {
    // Ignored signals stay ignored across fork and exec: neither sh nor sleep ends on SIGTERM.
    const { exec, mark } = await started('trap "" TERM; sleep 202 & wait', '202');
    exec.kill('SIGKILL');
    await until(() => marked(mark).length === 0, 'every process of the tree to end');
    expect(marked(mark)).toEqual([]);
  });

  it('SIGTERM to aliaudit: a command that traps it and exits leaves no grandchild behind, and exec returns its code', async () => {
    const { exec, exited, mark } = await started('trap "exit 5" TERM; sleep 203 & wait', '203');
    exec.kill('SIGTERM');
    expect((await exited).code).toBe(5);
    await until(() => marked(mark).length === 0, 'every process of the tree to end');
    expect(marked(mark)).toEqual([]);
  });

  it('kill -9 of aliaudit: a process that left the tree and the session (double fork, setsid) ends too', async () => {
    // The subshell starts setsid and exits at once: sleep 204 is an orphan in a session of its own.
    const { exec, mark, running } = await started('(setsid sleep 204 &); sleep 205 & wait', '204', '205');
    const [escaped, stayed] = running;
    expect(escaped.session).not.toBe(stayed.session);
    await until(() => {
      const all = marked(mark);
      const orphan = all.find((p) => p.pid === escaped.pid);
      return orphan && !all.some((p) => p.pid === orphan.ppid);
    }, 'sleep 204 to be orphaned (its subshell gone)');
    exec.kill('SIGKILL');
    await until(() => marked(mark).length === 0, 'every process of the tree to end');
    expect(marked(mark)).toEqual([]);
  });

  it('a command that ends and leaves a process running: it is stopped, and exec returns the command\'s code', async () => {
    const mark = newMark();
    // The background sleep holds exec's stdout open: runCli returns only once it is gone.
    const result = await runCli(execArgs('sleep 206 & exit 4'), { env: cleanEnv({ [MARK]: mark }) });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(4);
    expect(marked(mark)).toEqual([]);
  });
});

describe('at a terminal, the command keeps it', () => {
  it('an interactive shell under exec reads the terminal, Ctrl-C stops what it runs, and kill -9 of aliaudit ends its jobs', async () => {
    const mark = newMark();
    // The mark is aliaudit's alone, not the terminal's (tmux's own processes would carry it too).
    const command = ['env', `${MARK}=${mark}`, process.execPath, cliPath, ...execArgs('PS1="ready> " exec sh -i')];
    const terminal = await inTerminal(command, { env: cleanEnv() });
    const running = (seconds: string) => marked(mark).find((p) => p.args[0]?.endsWith('sleep') && p.args[1] === seconds);
    try {
      await terminal.waitFor((s) => s.includes('ready>'), 'the prompt');
      // A process outside the terminal's foreground group would be stopped (SIGTTIN) by this read.
      await terminal.keys('read answer; echo "got:$answer"', 'Enter');
      await terminal.keys('hello', 'Enter');
      await terminal.waitFor((s) => s.includes('got:hello'), 'the shell to read the terminal');
      await terminal.keys('sleep 207', 'Enter');
      await until(() => running('207'), 'sleep 207 to run');
      await terminal.keys('C-c');
      await until(() => !running('207'), 'Ctrl-C to stop sleep 207');
      // A background job of an interactive shell runs in a process group of its own.
      await terminal.keys('sleep 208 &', 'Enter');
      const job = await until(() => running('208'), 'sleep 208 to run');
      const aliaudit = marked(mark).find((p) => p.args.includes(cliPath));
      expect(aliaudit).toBeDefined();
      expect(job.pgid).not.toBe(aliaudit!.pgid);
      process.kill(aliaudit!.pid, 'SIGKILL');
      await until(() => marked(mark).length === 0, 'every process of the tree to end');
      expect(marked(mark)).toEqual([]);
    } finally {
      await terminal.close();
    }
  });
});

describe('exec in the aliaudit shell', () => {
  it('its output shows, Ctrl-C cancels it with its tree, and kill -9 of the shell ends the command and its grandchild', async () => {
    const mark = newMark();
    const command = ['env', `${MARK}=${mark}`, process.execPath, cliPath, '--endpoint', emulator.url, '--config-path', configPath];
    const terminal = await inTerminal(command, { env: cleanEnv() });
    const running = (seconds: string) => marked(mark).find((p) => p.args[0]?.endsWith('sleep') && p.args[1] === seconds);
    try {
      await terminal.waitFor((s) => s.includes('›'), 'the prompt');
      await terminal.keys(`exec -p alice -- sh -c 'echo "as:$ALIAUDIT_EXEC_PROFILE"; sleep 210 & wait'`, 'Enter');
      await terminal.waitFor((s) => s.includes('as:alice'), 'the command\'s output');
      await until(() => running('210'), 'sleep 210 to run');
      await terminal.keys('C-c');
      await until(() => !running('210'), 'Ctrl-C to stop sleep 210');
      await terminal.keys(`exec -p alice -- sh -c 'sleep 209 & wait'`, 'Enter');
      await until(() => running('209'), 'sleep 209 to run');
      const aliaudit = marked(mark).find((p) => p.args.includes(cliPath));
      process.kill(aliaudit!.pid, 'SIGKILL');
      await until(() => marked(mark).length === 0, 'every process of the tree to end');
      expect(marked(mark)).toEqual([]);
    } finally {
      await terminal.close();
    }
  });
});
