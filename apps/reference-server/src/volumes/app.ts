import { createVolumesReference, type VolumesReferenceOptions } from '@dbwire/reference/volumes';
import type { FastifyInstance } from 'fastify';
import { buildApiApp } from '../api-app.js';
import type { AppOptions } from '../app-options.js';

export type VolumesAppOptions = AppOptions & {
  volumes?: Omit<VolumesReferenceOptions, 'storage'>;
};

/**
 * The volumes store on its own fastify instance, serving presigned downloads (`/_blobs/...`) on
 * the same origin. CORS is open, as for the other APIs (bearer tokens, no cookies), so browser apps
 * can call it and follow download URLs; it allows the headers clients send and exposes the ones
 * downloads carry. Uploads up to the store's limit get through; the store answers 413 beyond it.
 */
export function buildVolumesApp(options: VolumesAppOptions): Promise<FastifyInstance> {
  return buildApiApp(options, {
    cors: {
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'X-Execution-Id'],
      exposedHeaders: ['Content-Disposition', 'Content-Length', 'WWW-Authenticate'],
    },
    reference: () => createVolumesReference({ storage: options.storage, ...options.volumes }),
  });
}
