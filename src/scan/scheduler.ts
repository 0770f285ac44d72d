import { abortReason, unlessAborted } from '../core/abort.js';
import { ApiError } from '../core/errors.js';
import type { CloudApi } from '../cloud/clients.js';
import type { ScanEvent } from './model.js';
import type { PauseGate } from './pause.js';
import { realTimer, type Timer } from '../core/timer.js';

/**
 * One scheduler for every call of a scan: at most `concurrency` calls in flight, and per API a token bucket that
 * feels for the API's quota: it speeds up while calls succeed and backs off, waiting as long as the server asks, when
 * one is throttled. Retries, timeouts and error mapping are the clients' (src/cloud); this decides when a call starts.
 *
 * A call takes its API's token at the moment it is sent, never earlier: a token taken while the call then waits for a
 * slot would let the calls of a busy scan reach the server in bursts above the quota, which throttles them and makes
 * the bucket learn a rate lower than the API allows. Waiting calls queue per API, and a free slot goes to the API
 * with the longest line that has a token: the one a scan's end waits for gets its quota's worth of slots even when
 * the slots are scarce, and every API still gets each slot the busier ones have no token for.
 */
export class Scheduler {
  private active = 0;
  /** Per API, the calls waiting for a token and a slot together. */
  private readonly waiting = new Map<string, (() => void)[]>();
  /** The dispatcher's next look for an API whose token has come, if one is due. */
  private wake: { at: number; cancel: AbortController } | undefined;
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
      // A throttled call goes back to the head of its API's line: it has waited longest.
      await this.admit(name, stop, round > 1);
      try {
        await this.options.pause?.open(stop);
      } catch (error) {
        this.release();
        throw error;
      }
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

  /** Waits for a slot and a token of `api` at once; a caller that gives up leaves the line, so no slot is ever lost. */
  private admit(api: string, signal: AbortSignal | undefined, first: boolean): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (this.active < this.options.concurrency && !this.waiting.has(api) && this.bucket(api).tryTake() === 0) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const line = this.waiting.get(api) ?? [];
      this.waiting.set(api, line);
      const admitted = () => {
        signal?.removeEventListener('abort', gaveUp);
        resolve();
      };
      const gaveUp = () => {
        line.splice(line.indexOf(admitted), 1);
        if (line.length === 0 && this.waiting.get(api) === line) this.waiting.delete(api);
        reject(abortReason(signal!));
      };
      signal?.addEventListener('abort', gaveUp, { once: true });
      if (first) line.unshift(admitted);
      else line.push(admitted);
      this.dispatch();
    });
  }

  private release(): void {
    this.active--;
    this.dispatch();
  }

  /** Gives free slots to waiting calls, the longest line first, each only when its API's token is there. */
  private dispatch(): void {
    const lines = [...this.waiting].sort((a, b) => b[1].length - a[1].length);
    for (let served = true; served && this.active < this.options.concurrency; ) {
      served = false;
      for (const [api, line] of lines) {
        if (this.active >= this.options.concurrency) break;
        if (line.length === 0 || this.bucket(api).tryTake() > 0) continue;
        const next = line.shift()!;
        if (line.length === 0) this.waiting.delete(api);
        this.active++;
        served = true;
        next();
      }
    }
    if (this.active >= this.options.concurrency || this.waiting.size === 0) return;
    const soonest = Math.min(...[...this.waiting.keys()].map((api) => this.bucket(api).untilToken()));
    const at = this.timer.ms() + soonest;
    if (this.wake && this.wake.at <= at) return;
    // One look pending at a time: an earlier one replaces a later one. It needs no scan signal: a stopped scan's
    // calls leave their lines by their own, and a look at empty lines does nothing.
    this.wake?.cancel.abort();
    const wake = (this.wake = { at, cancel: new AbortController() });
    this.timer.sleep(soonest, wake.cancel.signal).then(
      () => {
        if (this.wake === wake) this.wake = undefined;
        this.dispatch();
      },
      () => {},
    );
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
  /** When the rate was last cut for a throttling. */
  private lastCut = -Infinity;
  /** When the calls of the last second succeeded. */
  private readonly recent: number[] = [];

  constructor(
    private rate: number,
    private readonly timer: Timer,
  ) {
    this.last = timer.ms();
  }

  /** Takes a token when one is there: answers 0, or else the milliseconds until one will be (nothing is taken). */
  tryTake(): number {
    const wait = this.untilToken();
    if (wait <= 0) this.tokens -= 1;
    return Math.max(0, wait);
  }

  /** Milliseconds until a token is there (0 or less: now). */
  untilToken(): number {
    const now = this.timer.ms();
    this.tokens = Math.min(Math.max(1, this.rate), this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    return Math.max(this.pausedUntil - now, this.tokens >= 1 ? 0 : ((1 - this.tokens) / this.rate) * 1000);
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
    // The calls in flight when the quota ran out come back throttled together, each retried by the client too: they
    // are one lesson, and learning it from each of them would cut the rate by 3 % per call, to a fraction of the quota.
    if (now - this.lastCut >= 1000) {
      const admitted = this.recent.length;
      this.rate = Math.max(1, admitted > 0 ? Math.min(this.rate, admitted) * 0.97 : this.rate * 0.7);
      this.lastCut = now;
    }
    this.learning = false;
    this.tokens = Math.min(this.tokens, 0);
    this.pausedUntil = Math.max(this.pausedUntil, now + retryAfterMs);
  }
}

/** A signal that aborts when either does (AbortSignal.any needs Node 20.3; this also accepts undefined). */
function anySignal(a: AbortSignal | undefined, b: AbortSignal | undefined): AbortSignal | undefined {
  if (!a || !b) return a ?? b;
  return AbortSignal.any([a, b]);
}
