import { ApiUserAbortError } from './errors.js';

/** The error a caller sees when its own signal stopped the request. */
export function userAbortError(signal: AbortSignal): ApiUserAbortError {
  return new ApiUserAbortError(undefined, { cause: signal.reason });
}

/**
 * Waits for `promise`, but rejects with `ApiUserAbortError` as soon as `signal` aborts. The
 * awaited work itself keeps running, which is what a shared operation (one sign-in awaited by
 * many requests) needs: one caller giving up must not cancel it for the others.
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(userAbortError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(userAbortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** `setTimeout` as a promise that an abort cuts short (with `ApiUserAbortError`). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const done = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return abortable(done, signal).finally(() => clearTimeout(timer));
}
