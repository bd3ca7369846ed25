import {
  createWriteDaemonReference,
  type WriteDaemonReference,
  type WriteDaemonReferenceOptions,
} from '@dbwire/reference/write-daemon';
import type { RouteDefinition } from '@dbwire/server-stubs';
import { createMswFallbackHandler, createMswHandlers } from '@dbwire/server-stubs/msw';
import { writeDaemonApi, writeDaemonErrorShape } from '@dbwire/server-stubs/write-daemon';
import { MemoryEngine } from '@dbwire/storage';
import type { HttpHandler } from 'msw';
import { delegatingBinding } from '../shared/delegating-binding.js';
import { MockState } from '../shared/mock-state.js';

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

export interface WriteDaemonMock {
  /** msw request handlers: pass them to `setupServer(...)` (Node) or `setupWorker(...)` (browsers). */
  readonly handlers: HttpHandler[];
  /** The normalised base URL the handlers answer under (no trailing slash). */
  readonly baseUrl: string;
  /** Drops every namespace, commit and idempotency record: the state of a fresh daemon. */
  reset(): Promise<void>;
  /** Resolves once the current state is ready (the first request waits for it anyway). */
  ready(): Promise<void>;
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
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  const state = new MockState<WriteDaemonReference>(() =>
    createWriteDaemonReference({ ...options.reference, storage: new MemoryEngine() }),
  );
  const binding = delegatingBinding(
    { api: writeDaemonApi, errors: writeDaemonErrorShape, publicContext: { principal: undefined } },
    () => state.current(),
  );
  const onError = options.onError ?? reportError;
  const handlers = createMswHandlers(binding, {
    baseUrl,
    bodyLimit: BODY_LIMIT,
    validateResponses: options.validateResponses,
    onError,
  });
  if (options.notFoundFallback ?? true) {
    handlers.push(createMswFallbackHandler(binding, { baseUrl }));
  }
  return {
    handlers,
    baseUrl,
    reset: () => state.reset(),
    ready: async () => {
      await state.current();
    },
  };
}

function reportError(error: unknown, route: RouteDefinition | undefined): void {
  console.error(`[dbwire write-daemon mock] ${route ? `${route.operationId}: ` : ''}`, error);
}
