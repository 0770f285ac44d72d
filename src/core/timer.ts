import { abortReason } from './abort.js';
import type { Clock } from './env.js';

/**
 * The time code that waits sees: the time of day, a count of milliseconds that never jumps, and a wait. The scheduler,
 * the pause gate, the lock and the collectors take one, so a test hands them all the same fake and moves it on by
 * hand instead of waiting and measuring wall time.
 */
export interface Timer extends Clock {
  /** Milliseconds on a clock that never jumps (performance.now()): for durations, rates and deadlines. */
  ms(): number;
  /** Resolves after `ms` milliseconds; rejects with the interruption when `signal` aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realTimer: Timer = {
  now: () => new Date(),
  ms: () => performance.now(),
  sleep(ms, signal) {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(abortReason(signal));
      const stop = () => {
        clearTimeout(timer);
        reject(abortReason(signal!));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', stop);
        resolve();
      }, ms);
      signal?.addEventListener('abort', stop, { once: true });
    });
  },
};
