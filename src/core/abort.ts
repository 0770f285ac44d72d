import { AliauditError, InterruptedError } from './errors.js';

/** Why a command stopped: the reason it was aborted with when that is ours, else a plain interruption. */
export function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof AliauditError ? signal.reason : new InterruptedError();
}

/** An AbortSignal's own error (a DOMException named AbortError), as thrown by throwIfAborted. */
export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/**
 * Waits for `work` unless `signal` aborts first, then rejects at once with the reason. The work itself is not
 * stopped (the SDK's transport takes no signal): its result, if it comes, is dropped.
 */
export function unlessAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) {
    work.catch(() => {});
    return Promise.reject(abortReason(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(abortReason(signal));
    signal.addEventListener('abort', abort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

/** Resolves when the signal aborts (at once if it has). */
export function aborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

/** Waits until whoever owns `queue` calls this wait's entry in it; an abort takes the entry out and rejects. */
export function waitInQueue(queue: (() => void)[], signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  return new Promise((resolve, reject) => {
    const wake = () => {
      signal?.removeEventListener('abort', gaveUp);
      resolve();
    };
    const gaveUp = () => {
      queue.splice(queue.indexOf(wake), 1);
      reject(abortReason(signal!));
    };
    signal?.addEventListener('abort', gaveUp, { once: true });
    queue.push(wake);
  });
}
