import { PassThrough } from 'node:stream';
import yargs from 'yargs';
import type { Context, Env } from '../../src/cli/context.js';
import { AliauditError, UsageError } from '../../src/cli/errors.js';
import { configureCommand } from '../../commands/configure/index.js';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
  error?: AliauditError;
}

/**
 * Runs `aliaudit configure …` in-process with buffers: the configure command alone under the same global options
 * and error path as src/cli/parser.ts, so these tests do not depend on the other verbs.
 */
export async function runConfigure(args: string[], options: { env?: Env; cwd?: string; tty?: boolean } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const ctx: Context = {
    io: {
      stdout: { write: (chunk: string) => (stdout += chunk) },
      stderr: { write: (chunk: string) => (stderr += chunk) },
      stdin: new PassThrough(),
      stdoutIsTTY: options.tty ?? false,
      stderrIsTTY: false,
      stdinIsTTY: false,
      color: false,
      columns: 200,
    },
    env: options.env ?? {},
    now: () => new Date(),
    homedir: process.env.HOME!,
    cwd: options.cwd ?? process.cwd(),
    isMainProcess: false,
  };
  try {
    await yargs()
      .option('profile', { alias: 'p', type: 'string', global: true })
      .option('region', { type: 'string', global: true })
      .option('config-path', { type: 'string', global: true })
      .command(configureCommand as any)
      .strict()
      .demandCommand(1)
      .exitProcess(false)
      .fail((message, error) => {
        if (error) throw error;
        throw new UsageError(message);
      })
      .parseAsync(['configure', ...args], { ctx });
  } catch (error) {
    if (!(error instanceof AliauditError)) throw error;
    return { code: error.exitCode, stdout, stderr: `${stderr}${error.message}\n${error.hint ?? ''}`, error };
  }
  return { code: 0, stdout, stderr };
}
