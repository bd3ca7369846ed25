import { createIcebergReference, DEFAULT_WAREHOUSE, type IcebergReferenceOptions } from '@dbwire/reference/iceberg';
import { mountApi, mountNotFound } from '@dbwire/server-stubs/fastify';
import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import type { AppOptions } from '../app-options.js';
import { createFastify } from '../fastify.js';
import { localMetadataFiles } from './metadata-files.js';

export type IcebergAppOptions = AppOptions & {
  iceberg?: Omit<IcebergReferenceOptions, 'storage'>;
};

/**
 * The Iceberg REST catalog on its own fastify instance, writing metadata files for local `file:`
 * locations. CORS is open, as for the other APIs (bearer tokens, no cookies), so browser clients
 * such as iceberg-js can call it; it allows the headers those clients send and exposes the ones
 * they read.
 */
export async function buildIcebergApp(options: IcebergAppOptions): Promise<FastifyInstance> {
  const app = createFastify(options);
  await app.register(cors, {
    origin: true,
    methods: ['GET', 'HEAD', 'POST', 'DELETE'],
    allowedHeaders: [
      'Authorization',
      'Content-Type',
      'Idempotency-Key',
      'X-Iceberg-Access-Delegation',
      'If-None-Match',
    ],
    exposedHeaders: ['ETag', 'Retry-After', 'WWW-Authenticate'],
  });
  const warehouse = options.iceberg?.warehouse ?? DEFAULT_WAREHOUSE;
  const reference = await createIcebergReference({
    storage: options.storage,
    metadataFiles: localMetadataFiles(warehouse),
    ...options.iceberg,
  });
  mountApi(app, reference.binding, {
    validateResponses: options.validateResponses,
    onError: (error) => app.log.error({ err: error }, 'handler failed'),
  });
  mountNotFound(app, reference.binding);
  app.addHook('preClose', async () => reference.close());
  return app;
}
