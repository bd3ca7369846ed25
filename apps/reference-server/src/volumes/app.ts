import { createVolumesReference, type VolumesReferenceOptions } from '@dbwire/reference/volumes';
import { mountApi, mountNotFound } from '@dbwire/server-stubs/fastify';
import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import type { AppOptions } from '../app-options.js';
import { createFastify } from '../fastify.js';

export type VolumesAppOptions = AppOptions & {
  volumes?: Omit<VolumesReferenceOptions, 'storage'>;
};

/**
 * The volumes store on its own fastify instance, serving presigned downloads (`/_blobs/...`) on
 * the same origin. CORS is open, as for the other APIs (bearer tokens, no cookies), so browser apps
 * can call it and follow download URLs; it allows the headers clients send and exposes the ones
 * downloads carry.
 */
export async function buildVolumesApp(options: VolumesAppOptions): Promise<FastifyInstance> {
  const app = createFastify(options);
  await app.register(cors, {
    origin: true,
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'X-Execution-Id'],
    exposedHeaders: ['Content-Disposition', 'Content-Length', 'WWW-Authenticate'],
  });
  const reference = await createVolumesReference({ storage: options.storage, ...options.volumes });
  mountApi(app, reference.binding, {
    validateResponses: options.validateResponses,
    // Uploads up to the store's limit get through; the store answers 413 beyond it.
    bodyLimit: reference.bodyLimit,
    onError: (error) => app.log.error({ err: error }, 'handler failed'),
  });
  mountNotFound(app, reference.binding);
  app.addHook('preClose', async () => reference.close());
  return app;
}
