/**
 * The retry policy for Alibaba Cloud API calls: which failures are worth another attempt, how long to wait, and when
 * to give up. Stands alone (node built-ins only) so every client can wrap its calls in withRetry.
 */

export interface RetryPolicy {
  /** Total attempts, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  /** Cap on one wait; a server's retry-after above it is clamped to it. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({ maxAttempts: 4, baseDelayMs: 200, maxDelayMs: 20_000 });

export type RetryReason = 'throttled' | 'unavailable' | 'server-error' | 'connection-reset' | 'timeout';

export interface RetryEvent {
  /** e.g. 'ram:ListUsers' */
  action: string;
  /** The attempt that just failed, 1-based. */
  attempt: number;
  /** The wait before the next attempt. */
  delayMs: number;
  reason: RetryReason;
  /** The API error code or errno code, when there is one. */
  code?: string;
  /** What the server asked for, if it did. */
  retryAfterMs?: number;
}

export interface CallObserver {
  retry?(event: RetryEvent): void;
}

export interface RetryOptions {
  action: string;
  idempotent: boolean;
  policy?: RetryPolicy;
  signal?: AbortSignal;
  observer?: CallObserver;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/*
 * Throttling and unavailability mean the request was not processed, so any call may be repeated. After the other
 * failures the outcome is unknown: a write may have happened, so only idempotent calls are repeated.
 */
const ALWAYS_RETRIED: ReadonlySet<RetryReason> = new Set(['throttled', 'unavailable']);

/** Errors the SDK (ThrottlingError, ClientError, ServerError) or aliaudit (ApiError) makes of an API answer. */
const API_ANSWER_NAMES: ReadonlySet<string> = new Set(['ThrottlingError', 'ClientError', 'ServerError', 'ApiError']);

/*
 * ECONNREFUSED, ENOTFOUND and the like are absent on purpose: a wrong endpoint or host fails fast. httpx (under
 * @darabonba/typescript) reports both its read and its connect timeouts as RequestTimeoutError, without a code.
 */
const TRANSPORT_REASONS: ReadonlyMap<string, RetryReason> = new Map([
  ['ECONNRESET', 'connection-reset'],
  ['EPIPE', 'connection-reset'],
  ['ETIMEDOUT', 'timeout'],
]);

/** Why an error may be retried, or undefined when it must not be. */
export function retryReason(error: unknown, idempotent: boolean): RetryReason | undefined {
  const reason = failureKind(error);
  if (reason === undefined) return undefined;
  return idempotent || ALWAYS_RETRIED.has(reason) ? reason : undefined;
}

/** The reason an error would be retried for an idempotent call; undefined when it is never retried. */
function failureKind(error: unknown): RetryReason | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { name?: unknown; code?: unknown; statusCode?: unknown; message?: unknown };
  if (isApiAnswer(e)) return apiAnswerKind(e.code, e.statusCode);
  const transport = typeof e.code === 'string' ? TRANSPORT_REASONS.get(e.code) : undefined;
  if (transport !== undefined) return transport;
  if (e.name === 'RequestTimeoutError') return 'timeout';
  if (typeof e.message === 'string' && e.message.includes('socket hang up')) return 'connection-reset';
  return undefined;
}

function isApiAnswer(e: {
  name?: unknown;
  code?: unknown;
  statusCode?: unknown;
}): e is { name: string; code: string; statusCode: number } {
  return (
    typeof e.name === 'string' &&
    API_ANSWER_NAMES.has(e.name) &&
    typeof e.code === 'string' &&
    typeof e.statusCode === 'number'
  );
}

function apiAnswerKind(code: string, status: number): RetryReason | undefined {
  if (code.includes('Throttling') || status === 429) return 'throttled';
  if (code === 'ServiceUnavailable' || code.startsWith('ServiceUnavailable.') || status === 503) return 'unavailable';
  if (status >= 500) return 'server-error';
  return undefined;
}

/** Milliseconds the server asked us to wait (x-acs-retry-after), if it did. */
function serverRetryAfter(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { retryAfter?: unknown; retryAfterMs?: unknown };
  const value = e.retryAfterMs ?? e.retryAfter;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code !== '' ? code : undefined;
}

const IDEMPOTENT_ACTION = /^(?:(?:Get|List|Describe|Query|Check)[A-Z]|AssumeRole|GenerateCredentialReport$)/;

/**
 * True for actions that can be repeated safely after an unknown outcome (Get*, List*, Describe*, Query*, Check*,
 * AssumeRole*, GenerateCredentialReport). Takes the bare action name ('ListUsers').
 */
export function isIdempotent(action: string): boolean {
  return IDEMPOTENT_ACTION.test(action);
}

/**
 * The wait before attempt `attempt + 1` after attempt `attempt` failed: exponential with "equal jitter", half of
 * min(max, base * 2^(attempt-1)) plus a random part up to the other half, so each wait is at least as long as any
 * earlier one could have been (until the cap) and concurrent callers spread out. `random` returns [0,1).
 */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const half = ceiling / 2;
  return Math.floor(half + random() * half);
}

/**
 * Runs `call` until it succeeds, fails in a way that must not be retried, or has failed policy.maxAttempts times in
 * one way (throttled, or a fault); then its last error is thrown unchanged. The two are counted apart: a call that a
 * busy API throttled three times still has its retries when a connection then resets. An abort of `signal` rejects
 * at once with signal.reason.
 */
export async function withRetry<T>(call: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const sleep = options.sleep ?? abortableSleep;
  const failed = { throttled: 0, fault: 0 };
  for (let attempt = 1; ; attempt++) {
    // Also covers an injected sleep that ignores the signal.
    options.signal?.throwIfAborted();
    try {
      return await call(attempt);
    } catch (error) {
      const reason = retryReason(error, options.idempotent);
      if (reason === undefined) throw error;
      const times = ++failed[reason === 'throttled' ? 'throttled' : 'fault'];
      if (times >= policy.maxAttempts) throw error;
      options.signal?.throwIfAborted();
      const event = retryEvent(error, reason, attempt, policy, options);
      options.observer?.retry?.(event);
      await sleep(event.delayMs, options.signal);
    }
  }
}

function retryEvent(
  error: unknown,
  reason: RetryReason,
  attempt: number,
  policy: RetryPolicy,
  options: RetryOptions,
): RetryEvent {
  const retryAfterMs = serverRetryAfter(error);
  const delayMs =
    retryAfterMs === undefined
      ? backoffDelay(policy, attempt, options.random)
      : Math.min(retryAfterMs, policy.maxDelayMs);
  const event: RetryEvent = { action: options.action, attempt, delayMs, reason };
  const code = errorCode(error);
  if (code !== undefined) event.code = code;
  if (retryAfterMs !== undefined) event.retryAfterMs = retryAfterMs;
  return event;
}

/** setTimeout as a promise that rejects with signal.reason on abort, clearing its timer so nothing stays pending. */
function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
