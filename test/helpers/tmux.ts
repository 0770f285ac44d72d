import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { inject } from 'vitest';
import { TMUX } from '../system-setup.js';

const run = promisify(execFile);

/**
 * A program in a real pseudo-terminal of `columns`×`rows`, in a tmux server of its own: keys in, the screen out, as a
 * user over SSH would see it. tmux comes from test/system-setup.ts; without it the test fails saying how to get it.
 */
export async function inTerminal(command: string[], options: { env: Record<string, string>; columns?: number; rows?: number; record?: string }) {
  const state = inject('tmux') ?? { path: TMUX, ...(existsSync(TMUX) ? {} : { problem: `${TMUX} is missing (test/system-setup.ts did not run)` }) };
  if (state.problem) throw new Error(`this test needs tmux: ${state.problem}`);
  const socket = `aliaudit-test-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const tmux = (...args: string[]) => run(state.path, ['-L', socket, ...args], { env: options.env });
  const quoted = command.map((word) => `'${word.replace(/'/g, `'\\''`)}'`).join(' ');
  // The pane stays after the program ends, so its last screen and exit status can still be read. When every byte the
  // program writes is to be recorded, it starts once the recording has.
  const start = options.record ? 'sleep 0.3; ' : '';
  await tmux('new-session', '-d', '-x', String(options.columns ?? 80), '-y', String(options.rows ?? 24), `${start}${quoted}; echo "[exited $?]"; sleep 600`);
  if (options.record) await tmux('pipe-pane', '-O', `cat > '${options.record.replace(/'/g, `'\\''`)}'`);
  const screen = async () => (await tmux('capture-pane', '-p')).stdout;
  return {
    screen,
    /** The screen and up to `lines` of the scrollback above it, lines the terminal wrapped joined again. */
    scrollback: async (lines = 1000) => (await tmux('capture-pane', '-p', '-J', '-S', `-${lines}`)).stdout,
    /** Keys as tmux names them: text, 'Enter', 'Up', 'C-c', 'Tab', 'Escape'. */
    keys: async (...keys: string[]) => void (await tmux('send-keys', ...keys)),
    async waitFor(test: (screen: string) => boolean, what: string, timeoutMs = 15_000): Promise<string> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const text = await screen();
        if (test(text)) return text;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the screen:\n${text}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    close: async () => void (await tmux('kill-server').catch(() => undefined)),
  };
}
