import { createSpacetimedbReference, type SpacetimedbReferenceOptions } from '@dbwire/reference/spacetimedb';
import type { FastifyInstance } from 'fastify';
import { buildApiApp } from '../api-app.js';
import type { AppOptions } from '../app-options.js';

export type SpacetimedbAppOptions = AppOptions & {
  spacetimedb?: Omit<SpacetimedbReferenceOptions, 'storage'>;
};

/**
 * The SpacetimeDB host on its own fastify instance. CORS is open, as for the other APIs (tokens
 * travel in `Authorization` or `?token=`, no cookies), and exposes the identity and call headers
 * browser clients read. Modules up to the host's limit get through; it answers 413 beyond.
 */
export function buildSpacetimedbApp(options: SpacetimedbAppOptions): Promise<FastifyInstance> {
  return buildApiApp(options, {
    cors: {
      methods: ['GET', 'POST', 'PUT', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type'],
      exposedHeaders: [
        'spacetime-identity',
        'spacetime-identity-token',
        'spacetime-energy-used',
        'spacetime-execution-duration-micros',
      ],
    },
    reference: (app) =>
      createSpacetimedbReference({
        storage: options.storage,
        // Module traps: clients only get the product's bare "fatal error" text, the operator the cause.
        onError: (error) => app.log.error({ err: error }, 'spacetimedb module failed'),
        ...options.spacetimedb,
      }),
  });
}
