import type { RouteDefinition } from '@dbwire/server-stubs';
import { typedbApi, typedbErrorShape } from '@dbwire/server-stubs/typedb';
import { type StatefulMock, statefulMock } from '../shared/stateful-mock.js';
import { type TypeDBMockReferenceOptions, typedbMockState } from './state.js';

export interface TypeDBMockOptions {
  /** Where the mocked server lives (origin and optional path prefix). @default 'http://localhost:8000' */
  baseUrl?: string;
  /** The `admin` user's password. @default 'password' (TypeDB's default) */
  adminPassword?: string;
  /**
   * PBKDF2 iterations for password hashes. Low by default: a mock needs no brute-force resistance,
   * and sign-in and user creation stay fast.
   * @default 1000
   */
  passwordIterations?: number;
  /** Check every response against the spec; one outside it becomes a 500 and is reported to `onError`. */
  validateResponses?: boolean;
  /**
   * Answer requests to unknown paths below `baseUrl` as TypeDB does (an empty 404) instead of letting
   * msw treat them as unhandled.
   * @default true
   */
  notFoundFallback?: boolean;
  /** Told about handler crashes and (with `validateResponses`) undocumented responses. @default console.error */
  onError?: (error: unknown, route: RouteDefinition | undefined) => void;
  /** Further reference options: token lifetime, the reported version, a clock. */
  reference?: Omit<TypeDBMockReferenceOptions, 'adminPassword' | 'passwordIterations'>;
}

export interface TypeDBMock extends StatefulMock {
  /**
   * Drops every database, user, transaction and token: the state of a fresh server (only `admin`).
   * Clients holding a token get 401 `AUT3` on their next request, as after a server restart (the SDK
   * and the TypeDB driver sign in again by themselves).
   */
  reset(): Promise<void>;
}

export const DEFAULT_BASE_URL = 'http://localhost:8000';

/**
 * A stateful TypeDB HTTP API for msw, backed by the reference server's logic on an in-memory
 * engine: sign-in, databases, users and transactions behave as on `dbwire serve`, with TypeDB's
 * status codes and error codes. Runs in browsers and Node alike (Web Crypto, no Node modules).
 */
export function createTypeDBMock(options: TypeDBMockOptions = {}): TypeDBMock {
  const state = typedbMockState({
    ...options.reference,
    adminPassword: options.adminPassword,
    passwordIterations: options.passwordIterations ?? 1000,
  });
  return statefulMock(state, {
    label: 'typedb',
    api: typedbApi,
    errors: typedbErrorShape,
    publicContext: { username: undefined },
    baseUrl: options.baseUrl ?? DEFAULT_BASE_URL,
    validateResponses: options.validateResponses,
    notFoundFallback: options.notFoundFallback,
    onError: options.onError,
  });
}
