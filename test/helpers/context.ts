import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { type Context, type Env, type Signals } from '../../src/cli/context.js';
import { createContext } from '../../src/cli/app.js';
import type { Prompter } from '../../src/cli/prompter.js';

export interface BufferContextOptions {
  /** The whole environment the command sees, besides PATH: nothing is taken from process.env. */
  env?: Env;
  /** stdout and stderr are terminals (stdin only with stdinTTY). */
  tty?: boolean;
  /** stdin is a terminal: prompts read their answers from `stdin`. */
  stdinTTY?: boolean;
  color?: boolean;
  columns?: number;
  now?: () => Date;
  /** HOME; a fresh temporary folder unless given. */
  homedir?: string;
  /** The working directory; HOME unless given. */
  cwd?: string;
  /** What a pipe on stdin holds; stdin ends after it. */
  stdin?: string;
  signal?: AbortSignal;
  signals?: Signals;
  prompter?: Prompter;
}

export interface BufferContext {
  ctx: Context;
  stdout(): string;
  stderr(): string;
}

/** A Context that runs commands in-process, writing to buffers instead of the terminal. */
export function bufferContext(options: BufferContextOptions = {}): BufferContext {
  let stdout = '';
  let stderr = '';
  const homedir = options.homedir ?? mkdtempSync(join(tmpdir(), 'aliaudit-home-'));
  const stdin = new PassThrough();
  stdin.end(options.stdin ?? '');
  const tty = options.tty ?? false;
  const ctx = createContext({
    io: {
      stdout: { write: (chunk: string) => ((stdout += chunk), true) },
      stderr: { write: (chunk: string) => ((stderr += chunk), true) },
      stdin,
      stdoutIsTTY: tty,
      stderrIsTTY: tty,
      stdinIsTTY: options.stdinTTY ?? false,
      color: options.color ?? false,
      columns: options.columns ?? 100,
      inheritable: false,
    },
    env: { PATH: process.env.PATH, ...options.env },
    now: options.now ?? (() => new Date()),
    homedir,
    cwd: options.cwd ?? homedir,
    signal: options.signal,
    signals: options.signals,
    prompter: options.prompter,
  });
  return { ctx, stdout: () => stdout, stderr: () => stderr };
}
