import { sleep as timerSleep, userAbortError } from './abort.js';
import { ApiConnectionError, ApiTimeoutError } from './errors.js';
import { discardBody, type Fetcher, type FetchFn, toRequest } from './fetch.js';

/**
 * Retries with the policy of the Stainless-generated SDKs (OpenAI, Anthropic...): a few quick
 * retries with exponential backoff and jitter, only for failures that are likely transient and
 * only for requests the server may safely receive twice.
 */
export interface RetryOptions {
  /** Retries after the first attempt. @default 2 */
  maxRetries?: number;
  /**
   * Milliseconds each attempt may wait for the response headers. Reading the body is not limited:
   * once the server answered, the caller's own `signal` is the way to give up. @default 60_000
   */
  timeoutMs?: number;
  /**
   * Marks further requests as safe to repeat, for APIs that document an unsafe-looking method
   * (say a POST) as idempotent. Requests with a safe method or an `Idempotency-Key` header are
   * always repeatable.
   */
  isIdempotent?: (request: Request) => boolean;
  /** Waits between attempts; injectable for tests. Should reject when `signal` aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** A number in [0, 1), for the jitter; injectable for tests. @default Math.random */
  random?: () => number;
}

/** Statuses that say "try again later" rather than "this request is wrong". */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);
/** Methods HTTP defines as idempotent (RFC 9110 §9.2.2); POST and PATCH are not. */
const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

/** Retries after the first attempt when the caller does not say. */
export const DEFAULT_MAX_RETRIES = 2;
const INITIAL_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;
/** Up to this fraction is taken off each delay, so that many clients do not retry in lockstep. */
const JITTER = 0.25;
/** A server asking for a longer pause is not worth blocking the caller for; retry after this. */
const MAX_RETRY_AFTER_MS = 60_000;

/** Whether sending `request` twice has the same effect as sending it once. */
export function isRepeatable(request: Request, isIdempotent?: (request: Request) => boolean): boolean {
  return (
    IDEMPOTENT_METHODS.has(request.method.toUpperCase()) ||
    request.headers.has('Idempotency-Key') ||
    (isIdempotent?.(request) ?? false)
  );
}

/**
 * The pause the server asked for in `retry-after-ms` (a non-standard header some APIs send for
 * sub-second precision) or `Retry-After` (seconds, or an HTTP date), clamped to [0, 60 s].
 */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  const clamp = (ms: number) => Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
  const precise = headers.get('retry-after-ms');
  if (precise !== null && precise.trim() !== '' && Number.isFinite(Number(precise))) return clamp(Number(precise));
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return clamp(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : clamp(date - now);
}

/** The pause before retry number `retry` (0 for the first): what the server asked, or backoff. */
export function retryDelayMs(retry: number, headers: Headers | undefined, random: () => number): number {
  const asked = headers && retryAfterMs(headers);
  if (asked !== undefined) return asked;
  return Math.min(INITIAL_DELAY_MS * 2 ** retry, MAX_DELAY_MS) * (1 - random() * JITTER);
}

/**
 * Wraps `fetch` with timeouts and retries. The result is a drop-in `fetch`.
 *
 * Failures surface as `ApiConnectionError` (no response), `ApiTimeoutError` (no response in
 * time) or `ApiUserAbortError` (the request's own signal aborted: never retried). When retries run
 * out on a retryable status, that last response is returned as it is: deciding that a status is an
 * error is the caller's business.
 */
export function withRetries(fetch: Fetcher, options: RetryOptions = {}): FetchFn {
  const {
    maxRetries = DEFAULT_MAX_RETRIES,
    timeoutMs = 60_000,
    isIdempotent,
    sleep = timerSleep,
    random = Math.random,
  } = options;

  return async (input, init) => {
    const request = toRequest(input, init);
    const allowedRetries = isRepeatable(request, isIdempotent) ? maxRetries : 0;

    for (let retry = 0; ; retry++) {
      let response: Response;
      try {
        response = await attempt(fetch, request, timeoutMs);
      } catch (error) {
        // Connection failures and timeouts are worth another try; a caller's abort is final.
        if (!(error instanceof ApiConnectionError) || retry >= allowedRetries) throw error;
        await pause(sleep, retryDelayMs(retry, undefined, random), request.signal);
        continue;
      }
      if (!RETRYABLE_STATUSES.has(response.status) || retry >= allowedRetries) return response;
      const delay = retryDelayMs(retry, response.headers, random);
      discardBody(response);
      await pause(sleep, delay, request.signal);
    }
  };
}

/**
 * One attempt, on a clone of `request` (a body can be sent only once, and the original must stay
 * intact for the next attempt), aborted when the caller's signal aborts or the timeout expires.
 *
 * One controller fed by a listener and a timer, rather than `AbortSignal.any` with
 * `AbortSignal.timeout`: the timer can be cleared once headers arrive (an uncancellable timeout
 * would go on to abort the body download of a slow-but-answered request with a bare DOMException,
 * outside the typed errors), and the pending timer keeps this attempt reachable, whereas signals
 * derived with `AbortSignal.any` or `new Request(..., { signal })` are only weakly linked to their
 * source in Node and can be collected while a fetch that holds nothing else is pending.
 */
async function attempt(fetch: Fetcher, request: Request, timeoutMs: number): Promise<Response> {
  const caller = request.signal;
  if (caller.aborted) throw userAbortError(caller);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new ApiTimeoutError(`Request timed out after ${timeoutMs} ms.`));
  }, timeoutMs);
  const forwardAbort = () => controller.abort(caller.reason);
  caller.addEventListener('abort', forwardAbort, { once: true });
  try {
    return await untilAborted(fetch(new Request(request.clone(), { signal: controller.signal })), controller.signal);
  } catch (error) {
    // Which signal fired tells the three failures apart; the fetch error itself does not.
    if (caller.aborted) throw userAbortError(caller);
    if (timedOut) throw new ApiTimeoutError(`Request timed out after ${timeoutMs} ms.`, { cause: error });
    throw new ApiConnectionError(undefined, { cause: error });
  } finally {
    clearTimeout(timer);
    caller.removeEventListener('abort', forwardAbort);
  }
}

/**
 * Settles with `sent`, or rejects as soon as `signal` aborts even if the fetch ignores its signal
 * (some fetch implementations and test doubles do). A response arriving after that is released.
 */
function untilAborted(sent: Promise<Response>, signal: AbortSignal): Promise<Response> {
  return new Promise<Response>((resolve, reject) => {
    let settled = false;
    const onAbort = () => {
      if (settled) return;
      reject(signal.reason);
      sent.then(discardBody, () => {});
    };
    signal.addEventListener('abort', onAbort, { once: true });
    sent.then(
      (response) => {
        settled = true;
        signal.removeEventListener('abort', onAbort);
        resolve(response);
      },
      (error: unknown) => {
        settled = true;
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** Sleeps between attempts; an abort meanwhile ends the request, whatever `sleep` did about it. */
async function pause(
  sleep: (ms: number, signal: AbortSignal) => Promise<void>,
  ms: number,
  signal: AbortSignal,
): Promise<void> {
  try {
    await sleep(ms, signal);
  } catch (error) {
    if (signal.aborted) throw userAbortError(signal);
    throw error;
  }
  if (signal.aborted) throw userAbortError(signal);
}
