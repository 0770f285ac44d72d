import type { EventEmitter } from 'node:events';
import { useStdin } from 'ink';
import { useEffect } from 'react';
// React's own task queue (Ink's renderer schedules its renders and effects there); a dependency of react-reconciler.
// @ts-expect-error the scheduler package ships no types
import { unstable_IdlePriority, unstable_scheduleCallback } from 'scheduler';

/**
 * What Ink has handed over of the keys written to its stdin, and how many components listen for them: the harnesses
 * wait for these (a key is read, the wizard listens) instead of for a number of event-loop turns, which a loaded
 * machine stretches. A key written before anything listens is lost, and a lone Esc is held until the next turn.
 */
export class InputProbe {
  /** Every input event Ink emitted, joined: it grows by exactly what was written, once Ink has read it. */
  delivered = '';
  private events: EventEmitter | undefined;

  /** Components listening for keys (useKeys, useInput): the probe and Ink's own (focus moves on Tab) left out. */
  listening(): number {
    return this.events ? Math.max(0, this.events.listenerCount('input') - 2) : 0;
  }

  /** Render it beside the component under test, inside the same Ink app. */
  readonly View = () => {
    const { internal_eventEmitter: events } = useStdin();
    useEffect(() => {
      this.events = events;
      const onInput = (input: string) => void (this.delivered += input);
      events.on('input', onInput);
      return () => void events.off('input', onInput);
    }, [events]);
    return null;
  };
}

/** Waits until `test` holds, checking every few milliseconds, and fails after `timeoutMs` saying what it waited for. */
export async function waitFor(test: () => boolean, what: () => string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** One task at idle priority: it runs after every task React's scheduler holds when it is queued. */
function idleTask(): Promise<void> {
  return new Promise((resolve) => unstable_scheduleCallback(unstable_IdlePriority, () => resolve()));
}

/**
 * Resolves once React has done all the work the keys caused: a state change outside React's own events is rendered
 * in a task of React's scheduler, not at once, and an effect it runs may ask for one more render, queued only after
 * the task that ran it. So: idle tasks, one after another, until one goes by with nothing drawn (`drawn` counts the
 * frames written).
 */
export async function reactSettled(drawn: () => number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const before = drawn();
    await idleTask();
    if (drawn() === before) return;
    if (Date.now() > deadline) throw new Error(`React never settled: it drew ${drawn()} frames in ${timeoutMs} ms`);
  }
}

/**
 * Writes `keys`, waits until Ink has handed every one of them to the components (a lone Esc a turn later), then
 * until React has drawn what they did.
 */
export async function writeKeys(app: { stdin: { write(data: string): void }; frames: string[] }, probe: InputProbe, keys: string): Promise<void> {
  const screen = () => app.frames.at(-1) ?? '';
  const target = probe.delivered.length + keys.length;
  app.stdin.write(keys);
  await waitFor(
    () => probe.delivered.length >= target,
    () => `Ink to read ${JSON.stringify(keys)} (${probe.listening()} listening); the screen:\n${screen()}`,
  );
  await reactSettled(() => app.frames.length);
}
