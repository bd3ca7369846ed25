import { createWriteDaemonReference, type WriteDaemonReferenceOptions } from '@dbwire/reference/write-daemon';
import type { FastifyInstance } from 'fastify';
import { buildApiApp } from '../api-app.js';
import type { AppOptions } from '../app-options.js';

export type WriteDaemonAppOptions = AppOptions & { writeDaemon?: Omit<WriteDaemonReferenceOptions, 'storage'> };

/** The spec's limit: a body over 1 MiB answers 400 `INVALID_REQUEST`. */
const BODY_LIMIT = 1024 * 1024;

/**
 * The write daemon on its own fastify instance. CORS is open, as for TypeDB: the API is called
 * with bearer tokens (no cookies), so any origin may call it, and browser dashboards and the
 * frontend developers the mocks serve can reach it directly. The headers clients need to read
 * (idempotency replays, rate limits, auth challenges) are exposed.
 */
export function buildWriteDaemonApp(options: WriteDaemonAppOptions): Promise<FastifyInstance> {
  return buildApiApp(options, {
    cors: {
      methods: ['GET', 'POST', 'PATCH', 'DELETE'],
      exposedHeaders: ['X-Asset-Idempotency', 'Retry-After', 'WWW-Authenticate'],
    },
    reference: () => createWriteDaemonReference({ storage: options.storage, ...options.writeDaemon }),
    bodyLimit: BODY_LIMIT,
  });
}
