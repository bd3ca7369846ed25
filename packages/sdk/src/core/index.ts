// The API-independent layer every dbwire client is built on.
export { abortable, sleep, userAbortError } from './abort.js';
export {
  ApiConnectionError,
  ApiError,
  type ApiErrorInit,
  ApiTimeoutError,
  ApiUserAbortError,
  describeResponse,
  type ErrorClasses,
  errorClassFor,
} from './errors.js';
export { discardBody, type Fetcher, type FetchFn, platformFetch, toRequest } from './fetch.js';
export { newIdempotencyKey } from './idempotency.js';
export {
  DEFAULT_MAX_RETRIES,
  isRepeatable,
  type RetryOptions,
  retryAfterMs,
  retryDelayMs,
  withRetries,
} from './retry.js';
export {
  type BearerToken,
  clientConfig,
  retryingFetch,
  type TransportOptions,
  type TransportRetryPolicy,
  throwingApiErrors,
  trimBaseUrl,
} from './transport.js';
