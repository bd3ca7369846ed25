// The TypeDB 3.x HTTP API: `@dbwire/sdk/typedb`.

export {
  ApiConnectionError,
  ApiError,
  type ApiErrorInit,
  ApiTimeoutError,
  ApiUserAbortError,
} from '../core/errors.js';
export type { Fetcher } from '../core/fetch.js';
export { createTypeDBClient, type TypeDBClientOptions } from './client.js';
export { TypeDBError } from './errors.js';
export type { Client } from './generated/client/index.js';
// Every operation function (`getDatabases`, `query`...) and every request and response type.
export * from './generated/index.js';
