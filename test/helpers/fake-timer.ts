import { abortReason } from '../../src/core/abort.js';
import type { Timer } from '../../src/core/timer.js';

interface Sleeper {
  at: number;
  wake(): void;
}

/**
 * A Timer whose time moves only when the test says: `advance(ms)` by hand, or, with `auto`, straight to the next
 * wake-up whenever everything that runs is asleep (virtual time, as a simulation keeps it). So a test of waits,
 * rates and deadlines checks what happened at which moment, exactly, and never measures the wall clock.
 *
 * `auto` moves on once no promise callback is left to run (after a setImmediate): code that awaits real I/O between
 * its sleeps still works, but another sleeper may wake meanwhile, so keep auto for tests where that does not matter.
 */
export class FakeTimer implements Timer {
  private current = 0;
  private readonly sleepers: Sleeper[] = [];
  private ticking = false;
  /** Waiters for the next sleep() call (see `asleep`). */
  private readonly onSleep: (() => void)[] = [];

  /** `epoch`: the time of day at ms() = 0 (the real one by default, so file times compare sensibly). */
  constructor(
    private running = false,
    private readonly epoch = Date.now(),
  ) {}

  /** Whether time jumps to the next wake-up by itself; turning it on wakes whoever is due next. */
  get auto(): boolean {
    return this.running;
  }

  set auto(on: boolean) {
    this.running = on;
    if (on && this.sleepers.length > 0) this.tick();
  }

  now(): Date {
    return new Date(this.epoch + this.current);
  }

  ms(): number {
    return this.current;
  }

  /** How many waits are pending. */
  get sleeping(): number {
    return this.sleepers.length;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise((resolve, reject) => {
      const sleeper: Sleeper = {
        // As setTimeout does: a wait is at least 1 ms, so a wait of a rounding error still moves time on.
        at: this.current + Math.max(1, ms),
        wake: () => {
          signal?.removeEventListener('abort', stop);
          resolve();
        },
      };
      const stop = () => {
        this.sleepers.splice(this.sleepers.indexOf(sleeper), 1);
        reject(abortReason(signal!));
      };
      signal?.addEventListener('abort', stop, { once: true });
      this.sleepers.push(sleeper);
      for (const told of this.onSleep.splice(0)) told();
      if (this.running) this.tick();
    });
  }

  /** Resolves once something is asleep on this timer (at once if something is). */
  asleep(): Promise<void> {
    if (this.sleepers.length > 0) return Promise.resolve();
    return new Promise((resolve) => this.onSleep.push(resolve));
  }

  /** Moves time on by `ms`, waking each sleeper at its moment, in order, and letting it run before the next. */
  async advance(ms: number): Promise<void> {
    const until = this.current + ms;
    for (;;) {
      const next = this.earliest();
      if (!next || next.at > until) break;
      this.wake(next);
      await settle();
    }
    this.current = until;
  }

  /** Moves time to the next wake-up, if anything sleeps, and lets the woken run. */
  async next(): Promise<void> {
    const next = this.earliest();
    if (next) await this.advance(next.at - this.current);
  }

  /**
   * Until `work` settles: each time something is asleep, `step()` (the test's own events, by `ms()`; awaited when it
   * returns a promise), then time jumps
   * to the next wake-up. Unlike `auto`, time never jumps while the work is busy with real I/O and nobody sleeps.
   */
  async drive<T>(work: Promise<T>, step: () => unknown = () => {}): Promise<T> {
    let settled = false;
    const done = work.finally(() => (settled = true));
    done.catch(() => {});
    for (;;) {
      await Promise.race([this.asleep(), done.then(() => {}, () => {})]);
      if (settled) return work;
      await step();
      await this.next();
    }
  }

  /** Lets every promise callback that is ready run, without moving time. */
  settle(): Promise<void> {
    return settle();
  }

  private earliest(): Sleeper | undefined {
    let first: Sleeper | undefined;
    for (const sleeper of this.sleepers) if (!first || sleeper.at < first.at) first = sleeper;
    return first;
  }

  private wake(sleeper: Sleeper): void {
    this.sleepers.splice(this.sleepers.indexOf(sleeper), 1);
    this.current = Math.max(this.current, sleeper.at);
    sleeper.wake();
  }

  /** In auto mode: once nothing else is ready to run, jump to the next wake-up. */
  private tick(): void {
    if (this.ticking) return;
    this.ticking = true;
    setImmediate(() => {
      this.ticking = false;
      if (!this.running) return;
      const next = this.earliest();
      if (!next) return;
      // Everyone due at that moment wakes together.
      for (const sleeper of this.sleepers.filter((s) => s.at === next.at)) this.wake(sleeper);
      if (this.sleepers.length > 0) this.tick();
    });
  }
}

/** A few turns of the event loop: every promise callback that was ready, and what those made ready, has run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * Real time that a test can jump forward: sleeps are real timers, and `jump(ms)` moves the clock on by `ms`, waking
 * every sleeper whose moment has come. For code that does real I/O (a scan against an emulator), where a fake clock
 * would have to guess when everything is asleep, but one long wait (a deadline) is to be passed at once.
 */
export class JumpingTimer implements Timer {
  private offset = 0;
  private readonly sleepers = new Set<{ at: number; wake(): void }>();

  now(): Date {
    return new Date(Date.now() + this.offset);
  }

  ms(): number {
    return performance.now() + this.offset;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise((resolve, reject) => {
      const sleeper = {
        at: this.ms() + ms,
        wake: () => {
          clearTimeout(timeout);
          this.sleepers.delete(sleeper);
          signal?.removeEventListener('abort', stop);
          resolve();
        },
      };
      const stop = () => {
        clearTimeout(timeout);
        this.sleepers.delete(sleeper);
        reject(abortReason(signal!));
      };
      const timeout = setTimeout(sleeper.wake, ms);
      signal?.addEventListener('abort', stop, { once: true });
      this.sleepers.add(sleeper);
    });
  }

  /** Moves the clock on by `ms` and wakes whoever was due by then. */
  jump(ms: number): void {
    this.offset += ms;
    const now = this.ms();
    for (const sleeper of [...this.sleepers]) if (sleeper.at <= now) sleeper.wake();
  }
}
