/**
 * The SDK against the spec: a validating mock built from specs/typedb.yaml (the stub dispatcher,
 * mounted on a local fastify, validating requests and responses) answers each operation's
 * documented examples, and every SDK function must
 *  (a) send a request the spec accepts and decode each documented 2xx example, and
 *  (b) throw `TypeDBError` with the right `status` and `code` for each documented error example.
 *
 * Operations are enumerated from the generated route table, so a new operation without an SDK
 * mapping below fails (at compile time through `SDK_ARGUMENTS`' type, and here at run time).
 */

import * as sdk from '@dbwire/sdk/typedb';
import type { ApiBinding, ApiResponse, AuthenticationResult } from '@dbwire/server-stubs';
import { mountApi } from '@dbwire/server-stubs/fastify';
import { type TypedbOperationId, typedbApi, typedbErrorResponse, typedbErrorShape } from '@dbwire/server-stubs/typedb';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { documentedStatuses, operationOf, responseExamples, typedbSpec } from '../../src/typedb/spec-examples.js';

const TOKEN = 'sdk-contract-token';
const TRANSACTION_ID = '1b4e28ba-2fa1-41d2-883f-0016d3cca427';

/** What a test passes to an SDK function besides `client`: valid path parameters and body. */
type SdkArguments<K extends TypedbOperationId> = Omit<NonNullable<Parameters<(typeof sdk)[K]>[0]>, 'client'>;

/**
 * How to call each operation's SDK function with valid arguments. The mapped type makes a missing
 * operation (or an SDK without a function of that name) a compile error.
 */
const SDK_ARGUMENTS: { [K in TypedbOperationId]: SdkArguments<K> } = {
  health: {},
  healthV1: {},
  version: {},
  signin: { body: { username: 'alice', password: 's3cret-Passw0rd' } },
  getDatabases: {},
  getDatabase: { path: { databaseName: 'social' } },
  createDatabase: { path: { databaseName: 'social' } },
  deleteDatabase: { path: { databaseName: 'social' } },
  getDatabaseSchema: { path: { databaseName: 'social' } },
  getDatabaseTypeSchema: { path: { databaseName: 'social' } },
  getUsers: {},
  getUser: { path: { username: 'alice' } },
  createUser: { path: { username: 'alice' }, body: { password: 's3cret-Passw0rd' } },
  updateUser: { path: { username: 'alice' }, body: { password: 'n3w-Passw0rd' } },
  deleteUser: { path: { username: 'alice' } },
  openTransaction: {
    body: {
      databaseName: 'social',
      transactionType: 'write',
      transactionOptions: { transactionTimeoutMillis: 60_000, schemaLockAcquireTimeoutMillis: 10_000 },
    },
  },
  closeTransaction: { path: { transactionId: TRANSACTION_ID } },
  commitTransaction: { path: { transactionId: TRANSACTION_ID } },
  rollbackTransaction: { path: { transactionId: TRANSACTION_ID } },
  query: {
    path: { transactionId: TRANSACTION_ID },
    body: {
      query: 'match $p isa person, has name $n;',
      queryOptions: { includeInstanceTypes: true, answerCountLimit: 100 },
    },
  },
  oneShotQuery: {
    body: {
      databaseName: 'social',
      transactionType: 'read',
      query: 'match $p isa person; fetch { "name": $p.name };',
      commit: false,
      transactionOptions: { transactionTimeoutMillis: 30_000 },
      queryOptions: { answerCountLimit: 10 },
    },
  },
};

type SdkResult = { data: unknown; response: Response };
type SdkFunction = (options: Record<string, unknown>) => Promise<SdkResult>;

function callSdk(operationId: string, client: sdk.Client): Promise<SdkResult> {
  const fn = (sdk as unknown as Record<string, SdkFunction | undefined>)[operationId];
  const args = (SDK_ARGUMENTS as Record<string, Record<string, unknown> | undefined>)[operationId];
  if (typeof fn !== 'function' || args === undefined) throw new Error(`No SDK mapping for ${operationId}.`);
  return fn({ ...args, client });
}

// --- The validating mock --------------------------------------------------------------------

interface MockContext {
  token: string | undefined;
}

/** What the dispatcher hands a handler once the request passed validation. */
interface HandlerRequestShape {
  params: Record<string, unknown>;
  body: unknown;
  headers: Record<string, string | undefined>;
}

interface Received {
  operationId: string;
  request: HandlerRequestShape;
  context: MockContext;
}

/** Requests that passed authentication and validation, i.e. reached a handler. */
const received: Received[] = [];
/** Responses the dispatcher refused (outside the spec) and handler crashes. */
const problems: unknown[] = [];
/** What the handlers answer in the current test. */
let planned: ApiResponse | undefined;

const handlers = Object.fromEntries(
  Object.keys(typedbApi.routes).map((operationId) => [
    operationId,
    (request: HandlerRequestShape, context: MockContext): ApiResponse => {
      received.push({ operationId, request, context });
      if (!planned) throw new Error(`No response planned for ${operationId}.`);
      return planned;
    },
  ]),
);

const binding: ApiBinding<MockContext> = {
  id: typedbApi.id,
  schemas: typedbApi.schemas,
  routes: typedbApi.routes,
  handlers,
  errors: typedbErrorShape,
  // Any bearer token will do: the mock checks the SDK sends one, not which.
  async authenticate({ headers }): Promise<AuthenticationResult<MockContext>> {
    const match = /^Bearer (\S+)$/.exec(headers.authorization ?? '');
    if (match) return { context: { token: match[1] } };
    return {
      response: typedbErrorResponse(401, [
        ['AUT2', 'Missing token (expected as the authorization bearer).'],
        ['HSR9', 'Authentication error.'],
      ]),
    };
  },
  publicContext: { token: undefined },
};

let app: FastifyInstance;
let baseUrl: string;

beforeAll(async () => {
  app = Fastify({ forceCloseConnections: true });
  mountApi(app, binding, { validateResponses: true, onError: (error) => problems.push(error) });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('The mock did not get a TCP port.');
  baseUrl = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  await app?.close();
});

beforeEach(() => {
  received.length = 0;
  problems.length = 0;
  planned = undefined;
});

afterEach(() => {
  // A documented example the mock could not send (or a handler crash) is a spec problem to see.
  expect(problems).toEqual([]);
});

function client(): sdk.Client {
  return sdk.createTypeDBClient({ baseUrl, token: TOKEN });
}

/** The single request that reached the handler, checked against what the SDK was given. */
function expectReachedHandler(operationId: TypedbOperationId): void {
  const route = typedbApi.routes[operationId];
  const args = SDK_ARGUMENTS[operationId] as { path?: Record<string, string>; body?: unknown };
  expect(received.map((entry) => entry.operationId)).toEqual([operationId]);
  const [entry] = received as [Received];
  expect(entry.request.params).toEqual(args.path ?? {});
  if (route.requestBody !== null) expect(entry.request.body).toEqual(args.body);
  if (route.security.length > 0) expect(entry.context.token).toBe(TOKEN);
  // The SDK never hands the token to public operations (sign-in, health, version).
  else expect(entry.request.headers.authorization).toBeUndefined();
}

// --- The spec's operations ----------------------------------------------------------------

const routes = Object.values(typedbApi.routes);

describe('coverage', () => {
  it('maps every operation of the spec to an SDK function', () => {
    const specOperations: string[] = [];
    for (const [path, item] of Object.entries(typedbSpec().paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(item)) {
        if (method === 'parameters') continue;
        specOperations.push(String(operationOf(path, method).operationId));
      }
    }
    expect(Object.keys(typedbApi.routes).sort()).toEqual(specOperations.sort());
    expect(Object.keys(SDK_ARGUMENTS).sort()).toEqual(Object.keys(typedbApi.routes).sort());
    for (const operationId of Object.keys(typedbApi.routes)) {
      expect(typeof (sdk as Record<string, unknown>)[operationId], operationId).toBe('function');
    }
  });

  it.each(routes.map((route) => [route.operationId, route] as const))(
    '%s documents the statuses the route table knows, each with an example',
    (_operationId, route) => {
      expect(documentedStatuses(route.path, route.method).sort()).toEqual(Object.keys(route.responses).sort());
      for (const status of Object.keys(route.responses)) {
        const examples = responseExamples(route.path, route.method, status);
        expect(examples.length, `${route.method} ${route.path} ${status}`).toBeGreaterThan(0);
      }
    },
  );
});

const successCases = routes.flatMap((route) =>
  Object.keys(route.responses)
    .filter((status) => status.startsWith('2'))
    .flatMap((status) =>
      responseExamples(route.path, route.method, status).map(
        (example) => [route.operationId as TypedbOperationId, Number(status), example] as const,
      ),
    ),
);

describe('successes: the SDK sends a valid request and decodes the documented example', () => {
  it.each(
    successCases.map(([op, status, example]) => [`${op} → ${status} ${example.name}`, op, status, example] as const),
  )('%s', async (_title, operationId, status, example) => {
    planned =
      example.mediaType === undefined ? { status } : { status, body: example.value, contentType: example.mediaType };
    const result = await callSdk(operationId, client());

    expectReachedHandler(operationId);
    expect(result.response.status).toBe(status);
    if (example.mediaType === undefined) {
      // "200, no body" (and health's 204): the SDK resolves with null data.
      expect(result.data).toBeNull();
    } else if (example.mediaType.startsWith('text/')) {
      expect(result.data).toBe(example.value);
    } else {
      expect(result.data).toEqual(example.value);
    }
  });
});

const errorCases = routes.flatMap((route) =>
  Object.keys(route.responses)
    .filter((status) => Number(status) >= 400)
    .flatMap((status) =>
      responseExamples(route.path, route.method, status).map(
        (example) => [route.operationId as TypedbOperationId, Number(status), example] as const,
      ),
    ),
);

describe('errors: the SDK throws TypeDBError with the documented status and code', () => {
  it.each(
    errorCases.map(([op, status, example]) => [`${op} → ${status} ${example.name}`, op, status, example] as const),
  )('%s', async (_title, operationId, status, example) => {
    const body = example.value as { code: string; message: string };
    planned = { status, body };
    const error = await callSdk(operationId, client()).then(
      (result) => result,
      (thrown: unknown) => thrown,
    );

    expect(error).toBeInstanceOf(sdk.TypeDBError);
    expect(error).toMatchObject({ status, code: body.code, message: body.message, body });
    // Reached the handler exactly once: valid, and not retried.
    expectReachedHandler(operationId);
  });
});
