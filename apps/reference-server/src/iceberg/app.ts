import { createIcebergReference, DEFAULT_WAREHOUSE, type IcebergReferenceOptions } from '@dbwire/reference/iceberg';
import type { FastifyInstance } from 'fastify';
import { buildApiApp } from '../api-app.js';
import type { AppOptions } from '../app-options.js';
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
export function buildIcebergApp(options: IcebergAppOptions): Promise<FastifyInstance> {
  const warehouse = options.iceberg?.warehouse ?? DEFAULT_WAREHOUSE;
  return buildApiApp(options, {
    cors: {
      methods: ['GET', 'HEAD', 'POST', 'DELETE'],
      allowedHeaders: [
        'Authorization',
        'Content-Type',
        'Idempotency-Key',
        'X-Iceberg-Access-Delegation',
        'If-None-Match',
      ],
      exposedHeaders: ['ETag', 'Retry-After', 'WWW-Authenticate'],
    },
    reference: () =>
      createIcebergReference({
        storage: options.storage,
        metadataFiles: localMetadataFiles(warehouse),
        ...options.iceberg,
      }),
  });
}
