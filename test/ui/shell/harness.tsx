import { join } from 'node:path';
import { render } from 'ink-testing-library';
import type { Selection } from '../../../src/cli/context.js';
import { History, memoryHistoryStore } from '../../../src/cli/shell/history.js';
import { ShellSession, type ShellOptions } from '../../../src/cli/shell/session.js';
import { ShellApp } from '../../../src/ui/shell/app.js';
import { bufferContext } from '../../helpers/context.js';
import { cleanEnv } from '../../helpers/env.js';
import { InputProbe, waitFor, writeKeys } from '../ink-input.js';

export interface ShellAppOptions extends ShellOptions {
  /** What the session runs as: profile, region, endpoint, config.json. */
  selection?: Selection;
  /** The terminal's width (ink-testing-library's own is 100). */
  columns?: number;
  /** History lines already kept, oldest first. */
  history?: string[];
  env?: Record<string, string>;
  home?: string;
  notice?: string;
}

/**
 * The shell in ink-testing-library. Every wait is for a condition with a deadline: a key is written once the shell
 * listens and counts as typed once Ink has handed it over; what a line prints is waited for with `until`.
 */
export function startShell(options: ShellAppOptions = {}) {
  const { ctx } = bufferContext({ env: cleanEnv({ ...(options.home ? { HOME: options.home } : {}), ...options.env }), homedir: options.home, tty: true });
  const session = new ShellSession(ctx.derive({ selection: options.selection ?? {} }), options);
  const history = { current: new History(memoryHistoryStore(options.history ?? [])) };
  const probe = new InputProbe();
  let exited: number | undefined;
  const element = (notice?: string) => (
    <>
      <probe.View />
      <ShellApp session={session} history={history} color={false} onExit={(code) => (exited = code)} notice={notice} />
    </>
  );
  const app = render(element(options.notice));
  if (options.columns) {
    Object.defineProperty(app.stdout, 'columns', { value: options.columns, configurable: true });
    app.stdout.emit('resize');
  }
  session.start();
  const frame = () => app.lastFrame() ?? '';
  /** Every frame drawn so far, colour taken out: what scrolled up into <Static> included. */
  const frames = () => app.frames.join('\n').replace(/\u001b\[[0-9;]*m/g, '');
  const until = (test: () => boolean, what: string, timeoutMs = 20_000) => waitFor(test, () => `${what}; the screen:\n${frame()}`, timeoutMs);
  const press = async (keys: string) => {
    // The shell listens from its first effect on; a key written before would be lost.
    await until(() => probe.listening() > 0, 'the shell to listen for keys');
    await writeKeys(app, probe, keys);
  };
  const typeLine = async (text: string) => {
    await press(text);
    await press('\r');
  };
  const stop = () => {
    app.unmount();
    session.dispose();
  };
  return {
    app,
    session,
    history,
    frame,
    frames,
    until,
    press,
    typeLine,
    stop,
    /** How many components read keys: the shell alone is 1, with the wizard open 2. */
    listening: () => probe.listening(),
    exited: () => exited,
    /** Tells the user something once, as the launcher does when the history file was replaced. */
    notify: (notice: string) => app.rerender(element(notice)),
  };
}

export type ShellHarness = ReturnType<typeof startShell>;

/** The shell with `home/config.json` and every call sent to `endpoint`. */
export function startShellApp(home: string, endpoint: string, options: ShellAppOptions = {}) {
  return startShell({ ...options, home, selection: { configPath: join(home, 'config.json'), endpoint, ...options.selection } });
}
