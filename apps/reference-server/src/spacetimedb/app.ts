import { createSpacetimedbReference, type SpacetimedbReferenceOptions } from '@dbwire/reference/spacetimedb';
import { mountApi, mountNotFound } from '@dbwire/server-stubs/fastify';
import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import type { AppOptions } from '../app-options.js';
import { createFastify } from '../fastify.js';

export type SpacetimedbAppOptions = AppOptions & {
  spacetimedb?: Omit<SpacetimedbReferenceOptions, 'storage'>;
};

/**
 * The SpacetimeDB host on its own fastify instance. CORS is open, as for the other APIs (tokens
 * travel in `Authorization` or `?token=`, no cookies), and exposes the identity and call headers
 * browser clients read.
 */
export async function buildSpacetimedbApp(options: SpacetimedbAppOptions): Promise<FastifyInstance> {
  const app = createFastify(options);
  await app.register(cors, {
    origin: true,
    methods: ['GET', 'POST', 'PUT', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type'],
    exposedHeaders: [
      'spacetime-identity',
      'spacetime-identity-token',
      'spacetime-energy-used',
      'spacetime-execution-duration-micros',
    ],
  });
  const reference = await createSpacetimedbReference({
    storage: options.storage,
    // Module traps: clients only get the product's bare "fatal error" text, the operator the cause.
    onError: (error) => app.log.error({ err: error }, 'spacetimedb module failed'),
    ...options.spacetimedb,
  });
  mountApi(app, reference.binding, {
    validateResponses: options.validateResponses,
    // Modules up to the host's limit get through; it answers 413 beyond.
    bodyLimit: reference.bodyLimit,
    onError: (error) => app.log.error({ err: error }, 'handler failed'),
  });
  mountNotFound(app, reference.binding);
  app.addHook('preClose', async () => reference.close());
  return app;
}
