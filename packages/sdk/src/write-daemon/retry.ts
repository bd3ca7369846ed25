import { sleep as timerSleep } from '../core/abort.js';
import { discardBody, type Fetcher, type FetchFn, toRequest } from '../core/fetch.js';
import { retryDelayMs } from '../core/retry.js';
import { isProblemDetails } from './errors.js';
import { carriesIdempotencyKey } from './idempotency.js';

/**
 * The write daemon's additions to the core retry policy (`withRetries`), as fetch layers around it.
 */

/**
 * Problems carry the wait they ask for in `retry_after_ms` (the 429's `Retry-After` header only
 * has whole seconds, a 500 or 503 may have no header at all). This layer, placed under
 * `withRetries`, copies it into a `retry-after-ms` header, which the core policy honours.
 */
export function withProblemRetryAfter(fetch: Fetcher): FetchFn {
  return async (input, init) => {
    const response = await fetch(toRequest(input, init));
    if (!mayBeRetried(response.status) || response.headers.has('retry-after-ms') || !isProblemResponse(response)) {
      return response;
    }
    const text = await response.text();
    const headers = new Headers(response.headers);
    const problem = parseProblem(text);
    if (problem?.retry_after_ms !== undefined) headers.set('retry-after-ms', String(problem.retry_after_ms));
    return new Response(text, { status: response.status, statusText: response.statusText, headers });
  };
}

export interface InProgressRetryOptions {
  /** Resends after the first answer. */
  maxRetries: number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  random?: () => number;
}

/**
 * 409 `IDEMPOTENCY_KEY_IN_PROGRESS` means "the first request with this key is still being
 * applied": typically our own earlier attempt, which timed out on our side while the daemon kept
 * working. The core policy never retries a 409, so this layer, placed above `withRetries`, waits
 * the problem's `retry_after_ms` and resends the same keyed request; once the first one finishes,
 * the daemon replays its stored answer. Only keyed requests are resent, up to `maxRetries` times.
 */
export function withInProgressRetries(fetch: FetchFn, options: InProgressRetryOptions): FetchFn {
  const { maxRetries, sleep = timerSleep, random = Math.random } = options;
  return async (input, init) => {
    const request = toRequest(input, init);
    for (let retry = 0; ; retry++) {
      // The same Request each time: the layers below copy it per attempt and keep it intact.
      const response = await fetch(request);
      if (response.status !== 409 || retry >= maxRetries || !carriesIdempotencyKey(request)) return response;
      const problem = parseProblem(await response.clone().text());
      if (problem?.code !== 'IDEMPOTENCY_KEY_IN_PROGRESS') return response;
      discardBody(response);
      const asked = new Headers();
      if (problem.retry_after_ms !== undefined) asked.set('retry-after-ms', String(problem.retry_after_ms));
      await sleep(retryDelayMs(retry, asked, random), request.signal);
    }
  };
}

/** The statuses the core policy retries (others keep their original, untouched response). */
function mayBeRetried(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

function isProblemResponse(response: Response): boolean {
  return /^application\/problem\+json\b/i.test(response.headers.get('content-type') ?? '');
}

function parseProblem(text: string) {
  try {
    const body: unknown = JSON.parse(text);
    return isProblemDetails(body) ? body : undefined;
  } catch {
    return undefined;
  }
}
