import { createTypeDBReference, type TypeDBReferenceOptions } from '@dbwire/reference/typedb';
import { mountApi, mountNotFound } from '@dbwire/server-stubs/fastify';
import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import type { AppOptions } from '../app-options.js';
import { createFastify } from '../fastify.js';

export type TypeDBAppOptions = AppOptions & { typedb?: Omit<TypeDBReferenceOptions, 'storage'> };

/** The TypeDB API on its own fastify instance: CORS open (as TypeDB), unknown paths an empty 404. */
export async function buildTypeDBApp(options: TypeDBAppOptions): Promise<FastifyInstance> {
  const app = createFastify(options);
  await app.register(cors, { origin: true, methods: ['GET', 'POST', 'PUT', 'DELETE'] });
  const reference = await createTypeDBReference({ storage: options.storage, ...options.typedb });
  mountApi(app, reference.binding, {
    validateResponses: options.validateResponses,
    onError: (error) => app.log.error({ err: error }, 'handler failed'),
  });
  mountNotFound(app, reference.binding);
  app.addHook('onClose', async () => reference.close());
  return app;
}
