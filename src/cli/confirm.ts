import { createInterface } from 'node:readline';
import type { Context } from './context.js';
import { InputError, UserError } from './errors.js';

/**
 * Asks before a destructive change. `--yes` skips the question; without a terminal to ask on, the change is refused
 * with the flag that allows it, so a script never blocks or destroys by accident.
 */
export async function confirm(ctx: Context, action: string, options: { yes?: boolean }): Promise<void> {
  if (options.yes) return;
  if (!ctx.io.stdinIsTTY) {
    throw new InputError(`${action}: needs confirmation, and there is no terminal to ask on`, 'pass --yes to confirm');
  }
  const answer = await ask(ctx, `${action}? [y/N] `);
  if (!/^y(es)?$/i.test(answer.trim())) throw new UserError('Cancelled: nothing was changed.');
}

function ask(ctx: Context, question: string): Promise<string> {
  return new Promise((resolve) => {
    const prompt = createInterface({ input: ctx.io.stdin, output: ctx.io.stderr as NodeJS.WritableStream, terminal: false });
    ctx.io.stderr.write(question);
    let answered = false;
    prompt.once('line', (line) => {
      answered = true;
      prompt.close();
      resolve(line);
    });
    prompt.once('close', () => {
      if (!answered) resolve('');
    });
  });
}
