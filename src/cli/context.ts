import type { Readable } from 'node:stream';

export interface OutputStream {
  write(chunk: string): unknown;
}

/** Where a command reads and writes, and what kind of terminal it is talking to. */
export interface IO {
  stdout: OutputStream;
  stderr: OutputStream;
  stdin: Readable;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  stdinIsTTY: boolean;
  /** Colour allowed on stderr/stdout (false with NO_COLOR, --no-color, TERM=dumb or no TTY). */
  color: boolean;
  columns: number;
}

export type Env = Record<string, string | undefined>;

/** Everything a command needs from the outside world, so it runs in-process in tests with buffers. */
export interface Context {
  io: IO;
  env: Env;
  now(): Date;
  homedir: string;
  cwd: string;
  /** Set by bin/ when the process should forward signals and exit codes (exec). */
  isMainProcess: boolean;
  /** A command that must end with a particular code (exec returns its child's) sets it here. */
  exitCode?: number;
}

export function colorAllowed(env: Env, isTTY: boolean, flag?: boolean): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  if (env.TERM === 'dumb') return false;
  return isTTY;
}

export function processContext(): Context {
  const { stdout, stderr, stdin, env } = process;
  // A reader that stops early (`aliaudit … | head`) is not an error: stop quietly, as Unix tools do.
  for (const stream of [stdout, stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    });
  }
  return {
    io: {
      stdout,
      stderr,
      stdin,
      stdoutIsTTY: Boolean(stdout.isTTY),
      stderrIsTTY: Boolean(stderr.isTTY),
      stdinIsTTY: Boolean(stdin.isTTY),
      color: colorAllowed(env, Boolean(stderr.isTTY)),
      columns: stdout.columns || 100,
    },
    env,
    now: () => new Date(),
    homedir: env.HOME || env.USERPROFILE || '',
    cwd: process.cwd(),
    isMainProcess: true,
  };
}
