import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { History, memoryHistoryStore } from '../../../src/cli/shell/history.js';
import { ShellSession } from '../../../src/cli/shell/session.js';
import { ShellApp } from '../../../src/ui/shell/app.js';
import { bufferContext } from '../../helpers/context.js';
import { cleanEnv } from '../../helpers/env.js';

const tick = async () => {
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setTimeout(resolve, 0));
};

/** The shell in ink-testing-library, with `home/config.json` and every call sent to `endpoint`. */
export function startShellApp(home: string, endpoint: string) {
  const { ctx } = bufferContext({ env: cleanEnv({ HOME: home }), homedir: home, tty: true });
  const session = new ShellSession(ctx.derive({ selection: { configPath: join(home, 'config.json'), endpoint } }));
  const app = render(<ShellApp session={session} history={{ current: new History(memoryHistoryStore()) }} color={false} onExit={() => {}} />);
  session.start();
  const frames = () => app.frames.join('\n').replace(/\u001b\[[0-9;]*m/g, '');
  const frame = () => app.lastFrame() ?? '';
  const until = async (test: () => boolean, what: string, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!test()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the screen:\n${frame()}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const typeLine = async (text: string) => {
    await tick();
    app.stdin.write(text);
    await tick();
    app.stdin.write('\r');
    await tick();
  };
  return { app, session, frame, frames, until, typeLine };
}

