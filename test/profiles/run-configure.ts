import type { Env } from '../../src/core/env.js';
import { main } from '../../src/cli/main.js';
import { bufferContext } from '../helpers/context.js';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `aliaudit configure …` in-process through the real entry point, with buffers. */
export async function runConfigure(args: string[], options: { env?: Env; cwd?: string; tty?: boolean; stdin?: string } = {}): Promise<Run> {
  const { ctx, stdout, stderr } = bufferContext({ ...options, columns: 200 });
  const code = await main(['configure', ...args], ctx);
  return { code, stdout: stdout(), stderr: stderr() };
}
