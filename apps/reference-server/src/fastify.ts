import { DEFAULT_BODY_LIMIT } from '@dbwire/server-stubs';
import { frameworkErrorOptions } from '@dbwire/server-stubs/fastify';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AppOptions } from './app-options.js';

export function createFastify(options: AppOptions): FastifyInstance {
  return Fastify({
    logger: options.logger ?? false,
    bodyLimit: DEFAULT_BODY_LIMIT,
    // Keep-alive sockets would otherwise hold `close()` open until clients hang up.
    forceCloseConnections: true,
    return503OnClosing: true,
    // fastify's default (100 characters) would refuse long names before any API sees them, in
    // fastify's own error shape: multi-level Iceberg namespaces, volumes entry paths (up to 1024
    // characters, percent-encoded up to three times as long). The APIs check lengths themselves.
    routerOptions: { maxParamLength: 8192 },
    // What fastify and Node refuse before a route runs (a path that is not valid percent-encoding,
    // a parameter or header section beyond the limits) is answered in the error shape of the API
    // the app's `mountNotFound` names, not in fastify's JSON.
    ...frameworkErrorOptions(),
  });
}
