// The API-independent layer every dbwire client is built on.
export { abortable, sleep, userAbortError } from './abort.js';
export { ApiConnectionError, ApiError, type ApiErrorInit, ApiTimeoutError, ApiUserAbortError } from './errors.js';
export { discardBody, type Fetcher, type FetchFn, platformFetch, toRequest } from './fetch.js';
export { newIdempotencyKey } from './idempotency.js';
export { isRepeatable, type RetryOptions, retryAfterMs, retryDelayMs, withRetries } from './retry.js';
