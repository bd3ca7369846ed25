import { DEFAULT_BODY_LIMIT } from '@dbwire/server-stubs';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AppOptions } from './app-options.js';

export function createFastify(options: AppOptions): FastifyInstance {
  return Fastify({
    logger: options.logger ?? false,
    bodyLimit: DEFAULT_BODY_LIMIT,
    // Keep-alive sockets would otherwise hold `close()` open until clients hang up.
    forceCloseConnections: true,
    return503OnClosing: true,
  });
}
