import { abortReason, unlessAborted, waitInQueue } from '../core/abort.js';
import { ApiError } from '../core/errors.js';
import type { CloudApi } from '../cloud/clients.js';
import type { ScanEvent } from './model.js';
import type { PauseGate } from './pause.js';
import { realTimer, type Timer } from '../core/timer.js';

/**
 * One scheduler for every call of a scan: at most `concurrency` calls in flight, and per API a token bucket that
 * feels for the API's quota: it speeds up while calls succeed and backs off, waiting as long as the server asks, when
 * one is throttled. Retries, timeouts and error mapping are the clients' (src/cloud); this decides when a call starts.
 */
export class Scheduler {
  private active = 0;
  private readonly queue: (() => void)[] = [];
  private readonly buckets = new Map<string, TokenBucket>();
  /** The clock every wait of the scan runs on (a collector's polling too): a fake one in tests. */
  readonly timer: Timer;

  constructor(
    private readonly options: {
      concurrency: number;
      signal?: AbortSignal;
      emit(event: ScanEvent): void;
      /** While paused, no call starts. */
      pause?: PauseGate;
      /** Calls a second an API starts with, before it has shown what it allows. */
      initialRate?: number;
      timer?: Timer;
    },
  ) {
    this.timer = options.timer ?? realTimer;
  }

  /**
   * `api.call(action, params)` once a token of its API and a slot are free; `signal` ends the wait (and the call)
   * early. A call waits for its token without a slot, so a throttled API never holds up the others.
   */
  async call<T = any>(api: CloudApi, action: string, params: Record<string, unknown>, region: string, signal?: AbortSignal): Promise<T> {
    const name = `${api.product.code}:${action}`;
    const stop = anySignal(this.options.signal, signal);
    // The client retries a throttled call a few times; a scan waits longer than that rather than lose the data,
    // each round after the API's pause, at its slowed pace.
    for (let round = 1; ; round++) {
      await this.options.pause?.open(stop);
      await this.bucket(name).take(stop);
      await this.options.pause?.open(stop);
      await this.slot(stop);
      const started = this.timer.ms();
      try {
        const answer = await unlessAborted(api.call<T>(action, params), stop);
        this.bucket(name).succeeded();
        this.options.emit({ type: 'call', api: name, region, ms: this.timer.ms() - started, ok: true });
        return answer;
      } catch (error) {
        const throttled = error instanceof ApiError && error.code.startsWith('Throttling');
        // A refusal (EntityNotExist, NoPermission …) is still an answer at full speed.
        if (error instanceof ApiError && !throttled) this.bucket(name).succeeded();
        if (throttled && round < THROTTLED_ROUNDS) {
          this.throttled(name, error.retryAfterMs ?? 1000);
          continue;
        }
        this.options.emit({ type: 'call', api: name, region, ms: this.timer.ms() - started, ok: false });
        throw error;
      } finally {
        this.release();
      }
    }
  }

  /** An API answered Throttling: slow it down, and start nothing more on it until `retryAfterMs` has passed. */
  throttled(api: string, retryAfterMs = 0): void {
    this.bucket(api).throttled(retryAfterMs);
  }

  private bucket(api: string): TokenBucket {
    let bucket = this.buckets.get(api);
    if (!bucket) this.buckets.set(api, (bucket = new TokenBucket(this.options.initialRate ?? 50, this.timer)));
    return bucket;
  }

  /** Waits for a free slot; a caller that gives up leaves the queue, so no slot is ever lost. */
  private slot(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (this.active < this.options.concurrency) {
      this.active++;
      return Promise.resolve();
    }
    return waitInQueue(this.queue, signal);
  }

  private release(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.active--;
  }
}

const MAX_RATE = 2000;
/** How many times a scan starts a call that keeps being throttled (each start is retried by the client too). */
const THROTTLED_ROUNDS = 8;

/**
 * Feels for an API's quota. Until the first throttling it speeds up by a call a second for every call that succeeds
 * (a slow start that doubles each second); at the first Throttling it learns the quota as the calls that succeeded in
 * the last second, runs just under it, and from then on creeps up by about one call a second per second, so that it
 * rarely meets the limit again and never stays far below it.
 */
class TokenBucket {
  private tokens = 1;
  private last: number;
  private pausedUntil = 0;
  private learning = true;
  /** When the calls of the last second succeeded. */
  private readonly recent: number[] = [];

  constructor(
    private rate: number,
    private readonly timer: Timer,
  ) {
    this.last = timer.ms();
  }

  async take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = this.timer.ms();
      this.tokens = Math.min(Math.max(1, this.rate), this.tokens + ((now - this.last) / 1000) * this.rate);
      this.last = now;
      const wait = Math.max(this.pausedUntil - now, this.tokens >= 1 ? 0 : ((1 - this.tokens) / this.rate) * 1000);
      if (wait <= 0) {
        this.tokens -= 1;
        return;
      }
      await this.timer.sleep(wait, signal);
    }
  }

  succeeded(): void {
    const now = this.timer.ms();
    this.recent.push(now);
    while (this.recent.length > 0 && this.recent[0] < now - 1000) this.recent.shift();
    this.rate = Math.min(MAX_RATE, this.rate + (this.learning ? 1 : 1 / this.rate));
  }

  throttled(retryAfterMs: number): void {
    const now = this.timer.ms();
    while (this.recent.length > 0 && this.recent[0] < now - 1000) this.recent.shift();
    const admitted = this.recent.length;
    this.learning = false;
    this.rate = Math.max(1, admitted > 0 ? Math.min(this.rate, admitted) * 0.97 : this.rate * 0.7);
    this.tokens = Math.min(this.tokens, 0);
    this.pausedUntil = Math.max(this.pausedUntil, now + retryAfterMs);
  }
}

/** A signal that aborts when either does (AbortSignal.any needs Node 20.3; this also accepts undefined). */
function anySignal(a: AbortSignal | undefined, b: AbortSignal | undefined): AbortSignal | undefined {
  if (!a || !b) return a ?? b;
  return AbortSignal.any([a, b]);
}
