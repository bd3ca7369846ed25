import type { StorageEngine } from '@dbwire/storage';
import type { FastifyServerOptions } from 'fastify';

/** What every API's app needs from the server around it. */
export interface AppOptions {
  storage: StorageEngine;
  /** fastify/pino logger settings; `false` for none. */
  logger?: FastifyServerOptions['logger'];
  /** Validate every response against the spec (test mode). */
  validateResponses?: boolean;
}
