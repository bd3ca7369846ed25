// Asset Core's write daemon (`/v1/write`): `@dbwire/sdk/write-daemon`.

export {
  ApiConnectionError,
  ApiError,
  type ApiErrorInit,
  ApiTimeoutError,
  ApiUserAbortError,
} from '../core/errors.js';
export type { Fetcher } from '../core/fetch.js';
export { createWriteDaemonClient, type WriteDaemonClientOptions } from './client.js';
export { isProblem, isProblemDetails, WriteDaemonError, type WriteDaemonProblemError } from './errors.js';
export type { Client } from './generated/client/index.js';
// Every operation function (`commitEndpoint`, `listNamespacesEndpoint`...) and every request and response type.
export * from './generated/index.js';
export { newIdempotencyKey, withIdempotencyKey } from './idempotency.js';
export {
  type ChangeFeedQuery,
  changeFeed,
  listAllNamespaceStatuses,
  listAllNamespaces,
  type PageOptions,
  type PollChangesOptions,
  pollChanges,
} from './pagination.js';
