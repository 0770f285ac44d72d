import { spawn } from 'node:child_process';
import { constants as osConstants } from 'node:os';
import { AliauditError } from '../core/errors.js';
import type { Context, TrappedSignal } from './context.js';

const FORWARDED_SIGNALS: readonly TrappedSignal[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Runs a command (no shell) with the given environment and resolves with its exit code; a death by signal gives
 * 128 + the signal number, as shells report it. When the context's streams are the process's own, the child shares
 * the terminal and the signals aliaudit gets are passed on to it; otherwise (tests, the shell) its output goes to the
 * context's streams. Once it ends, whatever it left running has been stopped (under the guard).
 */
export function runChild(ctx: Context, file: string, args: string[], env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const inherit = ctx.io.inheritable;
    const stdio = inherit ? (['inherit', 'inherit', 'inherit'] as const) : (['ignore', 'pipe', 'pipe'] as const);
    // Under the launcher (on the command line and in its shell) the child runs under its guard, so that neither it nor
    // anything it starts outlives aliaudit, even one killed by SIGKILL (bin/exec-guard.js).
    const guard = ctx.execGuard;
    const child = guard
      ? spawn(process.execPath, [guard, file, ...args], { env, cwd: ctx.cwd, stdio: [...stdio, 'pipe'] })
      : spawn(file, args, { env, cwd: ctx.cwd, stdio: [...stdio] });
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => ctx.io.stdout.write(chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => ctx.io.stderr.write(chunk));
    let guardReport = '';
    (child.stdio[3] as NodeJS.ReadableStream | undefined)?.on('data', (chunk) => (guardReport += String(chunk)));
    const forward = (signal: TrappedSignal) => {
      // Ctrl-C on a terminal already reached the child (same foreground process group): a second SIGINT would
      // make programs such as terraform abandon their graceful stop.
      if (signal === 'SIGINT' && ctx.io.stdinIsTTY) return;
      child.kill(signal);
    };
    const untraps = FORWARDED_SIGNALS.map((signal) => ctx.signals.trap(signal, forward));
    // A command cancelled in the shell (where Ctrl-C is a key, not a signal) takes its child with it.
    const cancel = () => child.kill('SIGTERM');
    ctx.signal.addEventListener('abort', cancel, { once: true });
    const stopForwarding = () => {
      untraps.forEach((untrap) => untrap());
      ctx.signal.removeEventListener('abort', cancel);
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      stopForwarding();
      reject(spawnFailure(file, error));
    });
    child.on('close', (code, signal) => {
      stopForwarding();
      const spawnError = guardReport ? (JSON.parse(guardReport) as { spawnError?: string }).spawnError : undefined;
      if (spawnError) return reject(spawnFailure(file, Object.assign(new Error(spawnError), { code: spawnError })));
      resolve(code ?? 128 + (signal ? (osConstants.signals[signal] ?? 0) : 0));
    });
  });
}

function spawnFailure(file: string, error: NodeJS.ErrnoException): Error {
  if (error.code === 'ENOENT') {
    return new AliauditError(`command not found: ${file}`, 127, 'check the name and your PATH; put the command after --');
  }
  if (error.code === 'EACCES') {
    return new AliauditError(`cannot run ${file}: permission denied`, 126, 'check that the file is executable');
  }
  return new AliauditError(`cannot run ${file}: ${error.message}`, 126);
}
