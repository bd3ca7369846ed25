import { createWriteDaemonReference, type WriteDaemonReferenceOptions } from '@dbwire/reference/write-daemon';
import { mountApi, mountNotFound } from '@dbwire/server-stubs/fastify';
import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import type { AppOptions } from '../app-options.js';
import { createFastify } from '../fastify.js';

export type WriteDaemonAppOptions = AppOptions & { writeDaemon?: Omit<WriteDaemonReferenceOptions, 'storage'> };

/** The spec's limit: a body over 1 MiB answers 400 `INVALID_REQUEST`. */
const BODY_LIMIT = 1024 * 1024;

/**
 * The write daemon on its own fastify instance. CORS is open, as for TypeDB: the API is called
 * with bearer tokens (no cookies), so any origin may call it, and browser dashboards and the
 * frontend developers the mocks serve can reach it directly. The headers clients need to read
 * (idempotency replays, rate limits, auth challenges) are exposed.
 */
export async function buildWriteDaemonApp(options: WriteDaemonAppOptions): Promise<FastifyInstance> {
  const app = createFastify(options);
  await app.register(cors, {
    origin: true,
    methods: ['GET', 'POST', 'PATCH', 'DELETE'],
    exposedHeaders: ['X-Asset-Idempotency', 'Retry-After', 'WWW-Authenticate'],
  });
  const reference = await createWriteDaemonReference({ storage: options.storage, ...options.writeDaemon });
  mountApi(app, reference.binding, {
    bodyLimit: BODY_LIMIT,
    validateResponses: options.validateResponses,
    onError: (error) => app.log.error({ err: error }, 'handler failed'),
  });
  mountNotFound(app, reference.binding);
  app.addHook('preClose', async () => reference.close());
  return app;
}
