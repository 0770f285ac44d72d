import { defineCommand } from '../src/cli/command.js';
import type { Context } from '../src/cli/context.js';

/** Whether this terminal can draw the interactive shell: both ends a TTY, and a terminal that can move the cursor. */
export function canDraw(ctx: Context): boolean {
  return ctx.io.stdinIsTTY && ctx.io.stdoutIsTTY && ctx.env.TERM !== 'dumb';
}

export const shellCommand = defineCommand<object, number>({
  command: 'shell',
  describe: 'An interactive session (what aliaudit alone starts): completion, history, use/region; without a terminal, runs the lines of stdin',
  run: async (_argv, ctx) => {
    if (canDraw(ctx)) {
      const { runInkShell } = await import('../src/ui/shell/run.js');
      return runInkShell(ctx);
    }
    const { runScript } = await import('../src/cli/shell/script.js');
    return runScript(ctx);
  },
  exitCode: (code) => code,
});
