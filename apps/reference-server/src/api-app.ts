import type { ApiBinding } from '@dbwire/server-stubs';
import { mountApi, mountNotFound } from '@dbwire/server-stubs/fastify';
import cors, { type FastifyCorsOptions } from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import type { AppOptions } from './app-options.js';
import { createFastify } from './fastify.js';

/** What an API's reference gives its app: the binding to mount, its body limit, and what to close. */
export interface ServedReference {
  // biome-ignore lint/suspicious/noExplicitAny: each API's binding has its own context type.
  binding: ApiBinding<any>;
  /** The largest request body the API must get (its own limit; it answers 413 beyond). */
  bodyLimit?: number;
  close(): Promise<void> | void;
}

/**
 * One API on its own fastify instance: CORS open to every origin (the APIs take bearer tokens,
 * no cookies) with the API's methods and headers, its routes, its not-found answer, and the
 * reference closed when the app closes. `reference` is made once the app exists, so it can log
 * to it; handler crashes are logged too.
 */
export async function buildApiApp(
  options: AppOptions,
  api: {
    cors: Omit<FastifyCorsOptions, 'origin'>;
    reference: (app: FastifyInstance) => Promise<ServedReference>;
    /** The body limit when the reference names none (default: fastify.ts's). */
    bodyLimit?: number;
  },
): Promise<FastifyInstance> {
  const app = createFastify(options);
  await app.register(cors, { origin: true, ...api.cors });
  const reference = await api.reference(app);
  mountApi(app, reference.binding, {
    validateResponses: options.validateResponses,
    bodyLimit: reference.bodyLimit ?? api.bodyLimit,
    onError: (error) => app.log.error({ err: error }, 'handler failed'),
  });
  mountNotFound(app, reference.binding);
  app.addHook('preClose', async () => reference.close());
  return app;
}
