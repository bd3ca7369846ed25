// The Apache Iceberg REST catalog: `@dbwire/sdk/iceberg`.

export { int64Equal } from '@dbwire/json';
export {
  ApiConnectionError,
  ApiError,
  type ApiErrorInit,
  ApiTimeoutError,
  ApiUserAbortError,
} from '../core/errors.js';
export type { Fetcher } from '../core/fetch.js';
export { newIdempotencyKey } from '../core/idempotency.js';
export {
  type CallOptions,
  type CommittedTable,
  createIcebergClient,
  type DelegationOptions,
  type IcebergClient,
  type IcebergClientOptions,
  type LoadedTable,
  type LoadTableOptions,
  type MutationOptions,
  type NotModified,
} from './client.js';
export { type ConnectOptions, connectIcebergClient } from './connect.js';
export {
  AlreadyExistsError,
  BadRequestError,
  CommitFailedError,
  CommitStateUnknownError,
  ForbiddenError,
  IcebergError,
  NamespaceNotEmptyError,
  NoSuchNamespaceError,
  NoSuchTableError,
  NoSuchWarehouseError,
  NotAuthorizedError,
  NotFoundError,
  ServerError,
  SlowDownError,
  UnprocessableEntityError,
  UnsupportedOperationError,
} from './errors.js';
export type { Client } from './generated/client/index.js';
// Every generated operation function (`loadTable`, `loadTableWithPrefix`...) and every request and
// response type. The functions parse with `JSON.parse`; the `IcebergClient` methods keep int64 exact.
export * from './generated/index.js';
export { encodeNamespace, namespaceParam } from './namespace.js';
export { createIcebergTransport, type IcebergTransportOptions, withIdempotencyKey } from './transport.js';

/** An Iceberg int64 (snapshot ids, sequence numbers, timestamps) as the SDK reads it: a `bigint` beyond 2^53. */
export type Int64 = number | bigint;
