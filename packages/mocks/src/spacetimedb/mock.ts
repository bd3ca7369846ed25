import {
  createSpacetimedbReference,
  MODULE_LIMIT_BYTES,
  type SpacetimedbCaller,
  type SpacetimedbReference,
  type SpacetimedbReferenceOptions,
  spacetimedbResponseHeaders,
} from '@dbwire/reference/spacetimedb';
import type { RouteDefinition } from '@dbwire/server-stubs';
import { spacetimedbApi, spacetimedbErrorShape } from '@dbwire/server-stubs/spacetimedb';
import { MemoryEngine } from '@dbwire/storage';
import { MockState } from '../shared/mock-state.js';
import { type StatefulMock, statefulMock } from '../shared/stateful-mock.js';

/** The reference options a mock passes through (everything but the storage, which it owns). */
export type SpacetimedbMockReferenceOptions = Omit<SpacetimedbReferenceOptions, 'storage'>;

export interface SpacetimedbMockOptions {
  /** Where the mocked host lives (origin and optional path prefix). @default 'http://localhost:3000' */
  baseUrl?: string;
  /** Check every response against the spec; one outside it becomes a 500 and is reported to `onError`. */
  validateResponses?: boolean;
  /**
   * Answer requests to unknown paths below `baseUrl` as the server does (a plain-text 404) instead
   * of letting msw treat them as unhandled.
   * @default true
   */
  notFoundFallback?: boolean;
  /** Told about handler crashes and (with `validateResponses`) undocumented responses. @default console.error */
  onError?: (error: unknown, route: RouteDefinition | undefined) => void;
  /** Further reference options: a clock (`now`), to expire websocket tokens in tests. */
  reference?: SpacetimedbMockReferenceOptions;
}

export type SpacetimedbMock = StatefulMock;

/** SpacetimeDB's conventional port, which `dbwire serve` uses too. */
export const DEFAULT_BASE_URL = 'http://localhost:3000';

/**
 * A stateful SpacetimeDB host for msw, backed by the reference host on an in-memory engine:
 * publishing runs the module's WebAssembly (its tables are created and `init` runs), reducer calls
 * run in transactions, SQL sees their rows, and identities, tokens, owners, names, schemas and logs
 * behave as on `dbwire serve`. Runs in browsers and Node alike (WebAssembly, Web Crypto, no Node
 * modules). `reset()` drops every database and identity key: the state of a fresh host.
 */
export function createSpacetimedbMock(options: SpacetimedbMockOptions = {}): SpacetimedbMock {
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  const state = new MockState<SpacetimedbReference>(() =>
    createSpacetimedbReference({ ...options.reference, storage: new MemoryEngine() }),
  );
  return statefulMock(state, {
    label: 'spacetimedb',
    api: spacetimedbApi,
    errors: spacetimedbErrorShape,
    // The two public routes (createIdentity, getIdentityPublicKey) read no caller.
    publicContext: undefined as SpacetimedbCaller | undefined,
    // The caller's identity headers on every /v1/database answer, as the reference server sends them.
    responseHeaders: spacetimedbResponseHeaders,
    // u64 and wider integers in reducer arguments travel digit for digit, as on the reference server.
    largeIntegers: 'bigint',
    baseUrl,
    // A module at the limit gets through; the host answers 413 beyond.
    bodyLimit: MODULE_LIMIT_BYTES,
    validateResponses: options.validateResponses,
    notFoundFallback: options.notFoundFallback,
    onError: options.onError,
  });
}
