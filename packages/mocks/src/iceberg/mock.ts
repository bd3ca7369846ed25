import { createIcebergReference, type IcebergReference, type IcebergReferenceOptions } from '@dbwire/reference/iceberg';
import type { RouteDefinition } from '@dbwire/server-stubs';
import { icebergApi, icebergErrorShape } from '@dbwire/server-stubs/iceberg';
import { MemoryEngine } from '@dbwire/storage';
import { MockState } from '../shared/mock-state.js';
import { type StatefulMock, statefulMock } from '../shared/stateful-mock.js';

/** The reference options a mock passes through (everything but the storage, which it owns). */
export type IcebergMockReferenceOptions = Omit<IcebergReferenceOptions, 'storage'>;

export interface IcebergMockOptions {
  /** Where the mocked catalog lives (origin and optional path prefix). @default 'http://localhost:8181' */
  baseUrl?: string;
  /** Check every response against the spec; one outside it becomes a 500 and is reported to `onError`. */
  validateResponses?: boolean;
  /**
   * Answer requests to unknown paths below `baseUrl` as the catalog does (a 404 Iceberg error)
   * instead of letting msw treat them as unhandled.
   * @default true
   */
  notFoundFallback?: boolean;
  /** Told about handler crashes and (with `validateResponses`) undocumented responses. @default console.error */
  onError?: (error: unknown, route: RouteDefinition | undefined) => void;
  /**
   * Further reference options: `tokens` (default: `dev-token` for principal `dev`), `warehouse`
   * (where table locations point; nothing is written there, a mock has no metadata files), a clock
   * (`now`), `uuid`...
   */
  reference?: IcebergMockReferenceOptions;
}

export interface IcebergMock extends StatefulMock {
  /** Drops every catalog, namespace, table and idempotency record: the state of a fresh catalog. */
  reset(): Promise<void>;
}

export const DEFAULT_BASE_URL = 'http://localhost:8181';

/**
 * A stateful Iceberg REST catalog for msw, backed by the reference catalog on an in-memory engine:
 * namespaces, tables, commits, atomic transactions, idempotency keys, ETags and the errors behave
 * as on `dbwire serve`, at `/v1/...` and `/v1/{prefix}/...`. Snapshot ids beyond 2^53 survive, as
 * there (request bodies are read with `parseJson`, answers written with `stringifyJson`). Runs in
 * browsers and Node alike (Web Crypto, no Node modules).
 */
export function createIcebergMock(options: IcebergMockOptions = {}): IcebergMock {
  const state = new MockState<IcebergReference>(() =>
    createIcebergReference({ ...options.reference, storage: new MemoryEngine() }),
  );
  return statefulMock(state, {
    label: 'iceberg',
    api: icebergApi,
    errors: icebergErrorShape,
    publicContext: { principal: undefined },
    largeIntegers: 'bigint',
    baseUrl: options.baseUrl ?? DEFAULT_BASE_URL,
    validateResponses: options.validateResponses,
    notFoundFallback: options.notFoundFallback,
    onError: options.onError,
  });
}
