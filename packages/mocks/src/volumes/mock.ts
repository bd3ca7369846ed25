import {
  createVolumesReference,
  uploadBodyLimit,
  type VolumesCaller,
  type VolumesReference,
  type VolumesReferenceOptions,
} from '@dbwire/reference/volumes';
import type { RouteDefinition } from '@dbwire/server-stubs';
import { volumesApi, volumesErrorShape } from '@dbwire/server-stubs/volumes';
import { MemoryEngine } from '@dbwire/storage';
import { MockState } from '../shared/mock-state.js';
import { type StatefulMock, statefulMock } from '../shared/stateful-mock.js';

/** The reference options a mock passes through (everything but the storage, which it owns). */
export type VolumesMockReferenceOptions = Omit<VolumesReferenceOptions, 'storage'>;

export interface VolumesMockOptions {
  /**
   * Where the mocked server lives (origin and optional path prefix). Presigned download URLs point
   * here too (`<baseUrl>/_blobs/...`), so the mock serves the files it hands out.
   * @default 'http://localhost:8300'
   */
  baseUrl?: string;
  /** Check every response against the spec; one outside it becomes a 500 and is reported to `onError`. */
  validateResponses?: boolean;
  /**
   * Answer requests to unknown paths below `baseUrl` as the server does (a 404 envelope) instead of
   * letting msw treat them as unhandled.
   * @default true
   */
  notFoundFallback?: boolean;
  /** Told about handler crashes and (with `validateResponses`) undocumented responses. @default console.error */
  onError?: (error: unknown, route: RouteDefinition | undefined) => void;
  /**
   * Further reference options: `tokens` (default: `dev-token`, organization `dev-org`, workspace
   * `dev-workspace`, every permission), size limits (`entryLimitBytes`, `uploadLimitBytes`),
   * `schemas`, a clock (`now`)...
   */
  reference?: VolumesMockReferenceOptions;
}

export interface VolumesMock extends StatefulMock {
  /** Drops every volume, mount, entry, file, index and lock: the state of a fresh server. */
  reset(): Promise<void>;
}

export const DEFAULT_BASE_URL = 'http://localhost:8300';

/**
 * A stateful volumes server for msw, backed by the reference store on an in-memory engine: tokens
 * and permissions, volumes, mounts, entries with TTL, uploads, presigned downloads (served by the
 * same handlers, at `<baseUrl>/_blobs/...`), search, locks and reindex behave as on `dbwire serve`.
 * Runs in browsers and Node alike (Web Crypto, no Node modules).
 */
export function createVolumesMock(options: VolumesMockOptions = {}): VolumesMock {
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  const reference: VolumesMockReferenceOptions = { publicBaseUrl: baseUrl, ...options.reference };
  const state = new MockState<VolumesReference>(() =>
    createVolumesReference({ ...reference, storage: new MemoryEngine() }),
  );
  return statefulMock(state, {
    label: 'volumes',
    api: volumesApi,
    errors: volumesErrorShape,
    // Only the presigned blob route is public; its handler reads no caller.
    publicContext: undefined as unknown as VolumesCaller,
    baseUrl,
    // An upload at the store's limit, with its form around it, gets through; the store answers 413 beyond.
    bodyLimit: uploadBodyLimit(reference),
    validateResponses: options.validateResponses,
    notFoundFallback: options.notFoundFallback,
    onError: options.onError,
  });
}
