import { createTypeDBReference, type TypeDBCaller } from '@dbwire/reference/typedb';
import { createWriteDaemonReference, type WriteDaemonCaller } from '@dbwire/reference/write-daemon';
import {
  type AnyHandler,
  type ApiBinding,
  type ApiResponse,
  HttpResponseError,
  type RouteDefinition,
} from '@dbwire/server-stubs';
import { mountApi, mountNotFound } from '@dbwire/server-stubs/fastify';
import { MemoryEngine } from '@dbwire/storage';
import Fastify from 'fastify';

export type TypeDBBinding = ApiBinding<TypeDBCaller>;
export type WriteDaemonBinding = ApiBinding<WriteDaemonCaller>;
/** Turns a correct binding into a faulty one. Faults live here, in test code only. */
export type Fault<Caller = TypeDBCaller> = (binding: ApiBinding<Caller>) => ApiBinding<Caller>;

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The TypeDB reference wrapped by `faults`, on fastify at 127.0.0.1 and a free port, with response
 * validation off (so the faults reach the wire, as they would from a real server).
 */
export async function startFaultyServer(...faults: Fault[]): Promise<RunningServer> {
  const storage = new MemoryEngine();
  const reference = await createTypeDBReference({ storage, passwordIterations: 1000 });
  return serve(
    faults.reduce((current, fault) => fault(current), reference.binding),
    async () => {
      reference.close();
      await storage.close();
    },
  );
}

/** The same for the write-daemon reference (default token `dev-token`), with its options. */
export async function startFaultyWriteDaemon(
  options: { quota?: { requestsPerSecond: number; burst: number } | false },
  ...faults: Array<Fault<WriteDaemonCaller>>
): Promise<RunningServer> {
  const storage = new MemoryEngine();
  const reference = await createWriteDaemonReference({ storage, ...options });
  return serve(
    faults.reduce((current, fault) => fault(current), reference.binding),
    async () => {
      await reference.close();
      await storage.close();
    },
  );
}

export async function serve<Caller>(
  binding: ApiBinding<Caller>,
  dispose: () => Promise<void>,
  options: { bodyLimit?: number } = {},
): Promise<RunningServer> {
  const app = Fastify({ logger: false, forceCloseConnections: true });
  mountApi(app, binding, { validateResponses: false, ...options });
  mountNotFound(app, binding);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      await dispose();
    },
  };
}

/** Replaces one handler; `original` is the reference's. */
export function overrideHandler<Caller = TypeDBCaller>(
  operationId: string,
  replacement: (original: AnyHandler<Caller>) => AnyHandler<Caller>,
): Fault<Caller> {
  return (binding) => {
    const handlers = binding.handlers as Record<string, AnyHandler<Caller>>;
    const original = handlers[operationId];
    if (!original) throw new Error(`No handler ${operationId}`);
    return { ...binding, handlers: { ...handlers, [operationId]: replacement(original) } };
  };
}

/** Replaces one route definition (e.g. to drop request validation). */
export function overrideRoute<Caller = TypeDBCaller>(
  operationId: string,
  change: (route: RouteDefinition) => RouteDefinition,
): Fault<Caller> {
  return (binding) => {
    const route = binding.routes[operationId];
    if (!route) throw new Error(`No route ${operationId}`);
    return { ...binding, routes: { ...binding.routes, [operationId]: change(route) } };
  };
}

/** The status and code a handler answered with, also when it threw an HTTP error. */
export async function outcome(run: () => unknown): Promise<{ status: number; body?: unknown; error?: unknown }> {
  try {
    return (await run()) as { status: number; body?: unknown };
  } catch (error) {
    if (error instanceof HttpResponseError) return { status: error.response.status, body: error.response.body, error };
    throw error;
  }
}

export const faults = {
  /** Deleting a database that does not exist answers 500 instead of 400 DBD1. */
  deleteMissingDatabaseIs500: overrideHandler('deleteDatabase', (original) => async (request, caller) => {
    const result = await outcome(() => original(request, caller));
    if (result.status === 400 && (result.body as { code?: string }).code === 'DBD1') {
      return { status: 500, body: { code: 'HSR1', message: '[HSR1] Internal error: database vanished' } };
    }
    if (result.error) throw result.error;
    return result;
  }),

  /** Every token is accepted, also none at all. */
  authenticationIgnored: ((binding) => ({
    ...binding,
    authenticate: async () => ({ context: { username: 'admin' } }),
  })) satisfies Fault,

  /** The databases list loses its items' required `name` (they say `label` instead). */
  databasesWithoutName: overrideHandler('getDatabases', (original) => async (request, caller) => {
    const result = (await original(request, caller)) as {
      status: number;
      body: { databases: Array<{ name: string }> };
    };
    return { ...result, body: { databases: result.body.databases.map(({ name }) => ({ label: name })) } };
  }),

  /** Getting a missing database answers 410, a status the spec does not document for it. */
  missingDatabaseIsGone: overrideHandler('getDatabase', (original) => async (request, caller) => {
    const result = await outcome(() => original(request, caller));
    if (result.status === 404) return { status: 410, body: { code: 'HSR4', message: '[HSR4] Gone.' } };
    if (result.error) throw result.error;
    return result;
  }),

  /** The version comes as text/plain, not the documented application/json. */
  versionAsText: overrideHandler('version', (original) => async (request, caller) => {
    const result = (await original(request, caller)) as { status: number; body: unknown };
    return { ...result, body: JSON.stringify(result.body), contentType: 'text/plain' };
  }),

  /** createUser takes any JSON body (no schema check) and makes up a password when there is none. */
  createUserUnvalidated: ((binding) =>
    [
      overrideRoute('createUser', (route) => ({
        ...route,
        requestBody: { required: true, content: { 'application/json': {} } },
      })),
      overrideHandler('createUser', (original) => (request, caller) => {
        const password = (request.body as { password?: unknown } | null)?.password;
        return original(
          { ...request, body: { password: typeof password === 'string' ? password : 'made-up' } },
          caller,
        );
      }),
    ].reduce((current, fault) => fault(current), binding)) satisfies Fault,
};

/** Every problem a handler answers, and every refusal before one, as `application/json`. */
function problemsAsJson(binding: WriteDaemonBinding): WriteDaemonBinding {
  const asJson = (response: ApiResponse): ApiResponse =>
    response.contentType === 'application/problem+json' ? { ...response, contentType: 'application/json' } : response;
  const handlers: Record<string, AnyHandler<WriteDaemonCaller>> = {};
  for (const [operationId, handler] of Object.entries(
    binding.handlers as Record<string, AnyHandler<WriteDaemonCaller>>,
  )) {
    handlers[operationId] = async (request, caller) => {
      try {
        return asJson((await handler(request, caller)) as ApiResponse);
      } catch (error) {
        if (error instanceof HttpResponseError) throw new HttpResponseError(asJson(error.response));
        throw error;
      }
    };
  }
  const errors = binding.errors;
  return {
    ...binding,
    handlers,
    authenticate: async (...args: Parameters<WriteDaemonBinding['authenticate']>) => {
      const result = await binding.authenticate(...args);
      return 'response' in result ? { response: asJson(result.response) } : result;
    },
    errors: {
      requestFailed: (failure, route) => asJson(errors.requestFailed(failure, route)),
      notImplemented: (route) => asJson(errors.notImplemented(route)),
      internalError: (error, route) => asJson(errors.internalError(error, route)),
      notFound: (method, path) => asJson(errors.notFound(method, path)),
    },
  };
}

export const writeDaemonFaults = {
  /** Problems come as application/json, not the documented application/problem+json. */
  problemsAsJson: problemsAsJson satisfies Fault<WriteDaemonCaller>,

  /**
   * An operational state change is applied twice (the second time with another reason), so the
   * revision goes up by 2: every answer is well-formed, only the behaviour is wrong.
   */
  operationalStateBumpsTwice: overrideHandler<WriteDaemonCaller>(
    'namespace_operational_state_endpoint',
    (original) => async (request, caller) => {
      const first = (await original(request, caller)) as { status: number; body: { previous_revision: number } };
      const body = request.body as { reason: string };
      const second = (await original({ ...request, body: { ...body, reason: `${body.reason} (again)` } }, caller)) as {
        status: number;
        body: { previous_revision: number };
      };
      return { ...second, body: { ...second.body, previous_revision: first.body.previous_revision } };
    },
  ),
};
