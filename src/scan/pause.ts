import { waitInQueue } from '../core/abort.js';
import { realTimer, type Timer } from '../core/timer.js';

/**
 * Pauses a scan from outside (the dashboard's p): while paused no new call starts, calls in flight finish, and the
 * time spent paused does not count against a region's deadline.
 */
export class PauseGate {
  private pausedAt: number | undefined;
  private pausedTotal = 0;
  private readonly waiters: (() => void)[] = [];

  constructor(private readonly timer: Pick<Timer, 'ms'> = realTimer) {}

  get paused(): boolean {
    return this.pausedAt !== undefined;
  }

  /** How many calls wait for the resume. */
  get waiting(): number {
    return this.waiters.length;
  }

  pause(): void {
    this.pausedAt ??= this.timer.ms();
  }

  resume(): void {
    if (this.pausedAt === undefined) return;
    this.pausedTotal += this.timer.ms() - this.pausedAt;
    this.pausedAt = undefined;
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Milliseconds spent paused since the gate was made, the pause going on included. */
  pausedMs(): number {
    return this.pausedTotal + (this.pausedAt === undefined ? 0 : this.timer.ms() - this.pausedAt);
  }

  /** Resolves at once unless paused, else on resume; `signal` ends the wait. */
  open(signal?: AbortSignal): Promise<void> {
    return this.pausedAt === undefined ? Promise.resolve() : waitInQueue(this.waiters, signal);
  }
}
