import type { ApiBinding, RouteDefinition } from '@dbwire/server-stubs';
import { createMswFallbackHandler, createMswHandlers } from '@dbwire/server-stubs/msw';
import type { HttpHandler } from 'msw';
import { delegatingBinding, type StaticBinding } from './delegating-binding.js';
import type { MockState } from './mock-state.js';

/** What every API's `create<Api>Mock` returns. */
export interface StatefulMock {
  /** msw request handlers: pass them to `setupServer(...)` (Node) or `setupWorker(...)` (browsers). */
  readonly handlers: HttpHandler[];
  /** The normalised base URL the handlers answer under (no trailing slash). */
  readonly baseUrl: string;
  /** Replaces the state with a fresh reference: the state of a new server. */
  reset(): Promise<void>;
  /** Resolves once the current state is ready (the first request waits for it anyway). */
  ready(): Promise<void>;
}

export interface StatefulMockOptions<Context> extends StaticBinding<Context> {
  /** Names the API in error reports, e.g. `typedb`. */
  label: string;
  baseUrl: string;
  bodyLimit?: number;
  validateResponses?: boolean;
  notFoundFallback?: boolean;
  onError?: (error: unknown, route: RouteDefinition | undefined) => void;
}

/**
 * msw handlers for one API backed by a swappable reference (`state`): the handlers, the
 * unknown-path fallback and the reset/ready controls every API's mock offers.
 */
export function statefulMock<Context>(
  state: MockState<{ binding: ApiBinding<Context>; close(): void | Promise<void> }>,
  options: StatefulMockOptions<Context>,
): StatefulMock {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const binding = delegatingBinding(options, () => state.current());
  const onError =
    options.onError ??
    ((error: unknown, route: RouteDefinition | undefined) =>
      console.error(`[dbwire ${options.label} mock] ${route ? `${route.operationId}: ` : ''}`, error));
  const handlers = createMswHandlers(binding, {
    baseUrl,
    ...(options.bodyLimit !== undefined ? { bodyLimit: options.bodyLimit } : {}),
    validateResponses: options.validateResponses,
    onError,
  });
  if (options.notFoundFallback ?? true) handlers.push(createMswFallbackHandler(binding, { baseUrl }));
  return {
    handlers,
    baseUrl,
    reset: () => state.reset(),
    ready: async () => {
      await state.current();
    },
  };
}
