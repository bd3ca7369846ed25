import {
  createWriteDaemonReference,
  type WriteDaemonReference,
  type WriteDaemonReferenceOptions,
} from '@dbwire/reference/write-daemon';
import type { RouteDefinition } from '@dbwire/server-stubs';
import { writeDaemonApi, writeDaemonErrorShape } from '@dbwire/server-stubs/write-daemon';
import { MemoryEngine } from '@dbwire/storage';
import { MockState } from '../shared/mock-state.js';
import { type StatefulMock, statefulMock } from '../shared/stateful-mock.js';

/** The reference options a mock passes through (everything but the storage, which it owns). */
export type WriteDaemonMockReferenceOptions = Omit<WriteDaemonReferenceOptions, 'storage'>;

export interface WriteDaemonMockOptions {
  /** Where the mocked daemon lives (origin and optional path prefix). @default 'http://localhost:8400' */
  baseUrl?: string;
  /** Check every response against the spec; one outside it becomes a 500 and is reported to `onError`. */
  validateResponses?: boolean;
  /**
   * Answer requests to unknown paths below `baseUrl` as the daemon does (a 404 problem) instead of
   * letting msw treat them as unhandled.
   * @default true
   */
  notFoundFallback?: boolean;
  /** Told about handler crashes and (with `validateResponses`) undocumented responses. @default console.error */
  onError?: (error: unknown, route: RouteDefinition | undefined) => void;
  /**
   * Further reference options: `tokens` (default: `dev-token` for principal `dev`), `quota`
   * (`false` turns rate limiting off), a clock (`now`)...
   */
  reference?: WriteDaemonMockReferenceOptions;
}

export interface WriteDaemonMock extends StatefulMock {
  /** Drops every namespace, commit and idempotency record: the state of a fresh daemon. */
  reset(): Promise<void>;
}

export const DEFAULT_BASE_URL = 'http://localhost:8400';

/** The spec's limit: a body over 1 MiB answers 400 `INVALID_REQUEST`, as on `dbwire serve`. */
const BODY_LIMIT = 1024 * 1024;

/**
 * A stateful write daemon for msw, backed by the reference logic on an in-memory engine:
 * namespaces, their control plane, lists, the change feed and the problems behave as on
 * `dbwire serve`. Runs in browsers and Node alike (Web Crypto, no Node modules).
 */
export function createWriteDaemonMock(options: WriteDaemonMockOptions = {}): WriteDaemonMock {
  const state = new MockState<WriteDaemonReference>(() =>
    createWriteDaemonReference({ ...options.reference, storage: new MemoryEngine() }),
  );
  return statefulMock(state, {
    label: 'write-daemon',
    api: writeDaemonApi,
    errors: writeDaemonErrorShape,
    publicContext: { principal: undefined },
    baseUrl: options.baseUrl ?? DEFAULT_BASE_URL,
    bodyLimit: BODY_LIMIT,
    validateResponses: options.validateResponses,
    notFoundFallback: options.notFoundFallback,
    onError: options.onError,
  });
}
