// SpacetimeDB (`/v1/database`, `/v1/identity`): `@dbwire/sdk/spacetimedb`.

export {
  ApiConnectionError,
  ApiError,
  type ApiErrorInit,
  ApiTimeoutError,
  ApiUserAbortError,
} from '../core/errors.js';
export type { Fetcher } from '../core/fetch.js';
export {
  type CallOptions,
  createSpacetimedbClient,
  type LogsOptions,
  type NameAdded,
  type Published,
  type PublishOptions,
  type ReducerCalled,
  type SpacetimedbClient,
  type SpacetimedbClientOptions,
} from './client.js';
export {
  BadRequestError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionDeniedError,
  ReducerFailedError,
  ServerError,
  SpacetimedbError,
  toSpacetimedbError,
  UnauthorizedError,
} from './errors.js';
export type { Client } from './generated/client/index.js';
// Every generated operation function (`runSql`, `callReducer`...) and every request and response
// type. The functions parse with `JSON.parse`; the `SpacetimedbClient` methods keep u64/i128 exact.
export * from './generated/index.js';
export { IDENTITY_HEADER, IDENTITY_TOKEN_HEADER, IdentityKeeper, tokenIdentity } from './identity.js';
export {
  LiveConnection,
  type LiveConnectOptions,
  type LiveEvent,
  type LiveEventListeners,
  type LiveEventName,
  type LiveQueryResult,
  type LiveRow,
  type LiveSubscription,
  type LiveTableUpdate,
  type LiveTransaction,
} from './live.js';
export {
  type LiveCloseInfo,
  LiveConnectionError,
  LiveError,
  LiveProtocolError,
  LiveQueryError,
  LiveReducerError,
  LiveSubscriptionError,
} from './live-errors.js';
export type { WebSocketConstructor, WebSocketLike } from './live-socket.js';
export { type ModuleSource, moduleBlob } from './module.js';
export { columnNames, rowsAsObjects, type SqlObjectRow, type SqlResult } from './sql.js';
export {
  createSpacetimedbTransport,
  type SpacetimedbTransport,
  type SpacetimedbTransportOptions,
} from './transport.js';
