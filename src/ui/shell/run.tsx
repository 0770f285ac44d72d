import { render } from 'ink';
import type { Context } from '../../cli/context.js';
import { confHistoryStore, History, memoryHistoryStore } from '../../cli/shell/history.js';
import { ShellSession } from '../../cli/shell/session.js';
import { ShellApp } from './app.js';

/**
 * The interactive shell on this terminal, until `exit`, Ctrl-D, or a SIGTERM/SIGHUP (the context's signal). History
 * loads after the first frame, so the prompt takes keys at once; what went wrong with it is said once, in the shell.
 */
export async function runInkShell(ctx: Context): Promise<number> {
  const session = new ShellSession(ctx);
  const history = { current: new History(memoryHistoryStore()) };
  const stdout = ctx.io.stdout as unknown as NodeJS.WriteStream;
  // A pseudo-terminal nobody sized (script, some CI runners) reports 0×0, and Ink would wrap every character.
  if (!stdout.columns) stdout.columns = 80;
  if (!stdout.rows) stdout.rows = 24;
  let done: (code: number) => void = () => {};
  const exited = new Promise<number>((resolve) => (done = resolve));
  const shell = (notice?: string) => <ShellApp session={session} history={history} color={ctx.io.color} onExit={(code) => done(code)} notice={notice} />;
  const instance = render(shell(), {
    stdout,
    stdin: ctx.io.stdin as unknown as NodeJS.ReadStream,
    stderr: ctx.io.stderr as unknown as NodeJS.WriteStream,
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: 30,
  });
  session.start();
  const stop = () => done(130);
  ctx.signal.addEventListener('abort', stop, { once: true });
  confHistoryStore(ctx.env, ctx.homedir).then(
    (store) => {
      history.current = new History(store);
      if (store.notice) instance.rerender(shell(store.notice));
    },
    (error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      instance.rerender(shell(`the shell's history could not be read, so this session's lines are not kept: ${reason}`));
    },
  );
  try {
    return await exited;
  } finally {
    ctx.signal.removeEventListener('abort', stop);
    instance.unmount();
    await instance.waitUntilExit().catch(() => undefined);
    session.dispose();
  }
}
