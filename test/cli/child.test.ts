import { describe, expect, it } from 'vitest';
import { runChild } from '../../src/cli/child.js';
import type { Signals, TrappedSignal } from '../../src/cli/context.js';
import { bufferContext } from '../helpers/context.js';

/** Signals a test can send, as the launcher would pass them on. */
function fakeSignals() {
  const traps = new Map<TrappedSignal, Set<(signal: TrappedSignal) => void>>();
  const signals: Signals = {
    trap(signal, handler) {
      if (!traps.has(signal)) traps.set(signal, new Set());
      traps.get(signal)!.add(handler);
      return () => traps.get(signal)!.delete(handler);
    },
  };
  return { signals, send: (signal: TrappedSignal) => traps.get(signal)?.forEach((handler) => handler(signal)), trapped: () => [...traps.values()].reduce((n, set) => n + set.size, 0) };
}

const node = (script: string): [string, string[]] => [process.execPath, ['-e', script]];

describe('runChild', () => {
  it('passes the environment, streams the output and returns the exit code', async () => {
    const run = bufferContext();
    const code = await runChild(run.ctx, ...node('process.stdout.write(process.env.X); console.error("e"); process.exit(7)'), { X: 'seen' });
    expect(code).toBe(7);
    expect(run.stdout()).toBe('seen');
    expect(run.stderr()).toBe('e\n');
  });

  it('reports a death by signal as 128 + the signal number', async () => {
    const run = bufferContext();
    expect(await runChild(run.ctx, ...node('process.kill(process.pid, "SIGTERM")'), {})).toBe(128 + 15);
  });

  it('fails with 127 when the command does not exist', async () => {
    const run = bufferContext();
    await expect(runChild(run.ctx, 'no-such-command-aliaudit', [], { PATH: '/usr/bin' })).rejects.toMatchObject({
      exitCode: 127,
      message: 'command not found: no-such-command-aliaudit',
    });
  });

  it('passes a signal aliaudit gets on to the child, and stops trapping when the child is gone', async () => {
    const fake = fakeSignals();
    const run = bufferContext({ signals: fake.signals });
    const child = runChild(run.ctx, ...node('process.on("SIGTERM", () => process.exit(42)); console.log("ready"); setInterval(() => {}, 1000)'), {});
    await waitFor(() => run.stdout().includes('ready'));
    expect(fake.trapped()).toBe(3);
    fake.send('SIGTERM');
    expect(await child).toBe(42);
    expect(fake.trapped()).toBe(0);
  });

  it('a cancelled command takes its child with it', async () => {
    const controller = new AbortController();
    const run = bufferContext({ signal: controller.signal });
    const child = runChild(run.ctx, ...node('console.log("ready"); setInterval(() => {}, 1000)'), {});
    await waitFor(() => run.stdout().includes('ready'));
    controller.abort();
    expect(await child).toBe(128 + 15);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  expect(condition()).toBe(true);
}
