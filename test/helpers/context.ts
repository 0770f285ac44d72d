import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { Context, Env } from '../../src/cli/context.js';

export interface BufferContextOptions {
  /** The whole environment the command sees, besides PATH: nothing is taken from process.env. */
  env?: Env;
  /** stdout and stderr are terminals (stdin never is). */
  tty?: boolean;
  color?: boolean;
  columns?: number;
  now?: () => Date;
  /** HOME; a fresh temporary folder unless given. */
  homedir?: string;
  /** The working directory; HOME unless given. */
  cwd?: string;
  /** What a pipe on stdin holds; stdin ends after it. */
  stdin?: string;
}

export interface BufferContext {
  ctx: Context;
  stdout(): string;
  stderr(): string;
}

/** A Context that runs a command in-process, writing to buffers instead of the terminal. */
export function bufferContext(options: BufferContextOptions = {}): BufferContext {
  let stdout = '';
  let stderr = '';
  const homedir = options.homedir ?? mkdtempSync(join(tmpdir(), 'aliaudit-home-'));
  const stdin = new PassThrough();
  stdin.end(options.stdin ?? '');
  const tty = options.tty ?? false;
  const ctx: Context = {
    io: {
      stdout: { write: (chunk: string) => ((stdout += chunk), true) },
      stderr: { write: (chunk: string) => ((stderr += chunk), true) },
      stdin,
      stdoutIsTTY: tty,
      stderrIsTTY: tty,
      stdinIsTTY: false,
      color: options.color ?? false,
      columns: options.columns ?? 100,
    },
    env: { PATH: process.env.PATH, ...options.env },
    now: options.now ?? (() => new Date()),
    homedir,
    cwd: options.cwd ?? homedir,
    isMainProcess: false,
  };
  return { ctx, stdout: () => stdout, stderr: () => stderr };
}
