/**
 * The shell without a terminal (`echo whoami | aliaudit`, `aliaudit shell < script`), or on a terminal that cannot
 * draw (TERM=dumb): lines are read from stdin and run one after another, output straight to stdout and stderr. Blank
 * lines and `#` comments are skipped. The exit code is that of the last line that failed (0 when none did).
 */
import { createInterface } from 'node:readline';
import type { Context } from '../context.js';
import { ShellSession } from './session.js';

export async function runScript(ctx: Context): Promise<number> {
  const session = new ShellSession(ctx);
  const { io } = ctx;
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity, terminal: false });
  const ask = () => io.stdinIsTTY && io.stderr.write(`${session.prompt()} `);
  let failed = 0;
  try {
    ask();
    for await (const line of lines) {
      if (ctx.signal.aborted) return 130;
      if (line.trim() === '' || line.trimStart().startsWith('#')) {
        ask();
        continue;
      }
      const result = await session.run(line, io, ctx.signal);
      if (result.exitCode !== 0) failed = result.exitCode;
      if (result.exit || ctx.signal.aborted) break;
      ask();
    }
  } finally {
    lines.close();
    session.dispose();
  }
  return ctx.signal.aborted ? 130 : failed;
}
