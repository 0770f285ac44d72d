import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { bufferContext } from './context.js';

export const repoRoot = join(import.meta.dirname, '..', '..');
export const cliPath = join(repoRoot, 'bin', 'aliaudit.js');

export interface RunResult {
  code: number | null;
  signal?: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** The whole environment (use cleanEnv()); HOME in it is the home folder. */
  env: Record<string, string | undefined>;
  /** What stdin holds. */
  input?: string;
  cwd?: string;
  /** stdout, stderr and stdin are terminals (answers to prompts come from `input`). */
  tty?: boolean;
}

/** Runs one command line through main() in this process, with buffers for its streams, as the shell will. */
export async function runMain(args: string[], options: RunOptions): Promise<RunResult> {
  const { ctx, stdout, stderr } = bufferContext({
    env: options.env,
    homedir: options.env.HOME,
    cwd: options.cwd ?? repoRoot,
    stdin: options.input,
    tty: options.tty,
    stdinTTY: options.tty,
  });
  const code = await main(args, ctx);
  return { code, stdout: stdout(), stderr: stderr() };
}

/** Runs the built CLI as a child process, as a user would: for the launcher, start-up, signals and exec. */
export function runCli(args: string[], options: ProcessOptions): Promise<RunResult> {
  return runProcess(process.execPath, [cliPath, ...args], options);
}

export interface ProcessOptions {
  env: Record<string, string | undefined>;
  input?: string;
  cwd?: string;
  timeoutMs?: number;
}

/*
 * Any program as a child process, never synchronously: the emulator the child talks to runs in this process, and
 * a synchronous spawn would stop it from answering.
 */
export function runProcess(file: string, args: string[], options: ProcessOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: options.env, cwd: options.cwd ?? repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}
