import { describe, expect, it } from 'vitest';
import {
  ApiConnectionError,
  ApiError,
  ApiTimeoutError,
  ApiUserAbortError,
  closeTransaction,
  commitTransaction,
  createDatabase,
  createTypeDBClient,
  deleteDatabase,
  getDatabase,
  getDatabaseSchema,
  getDatabases,
  oneShotQuery,
  type TypeDBClientOptions,
  TypeDBError,
  version,
} from '../src/typedb/index.js';
import {
  connectionRefused,
  delay,
  empty,
  fakeFetch,
  type Handler,
  hang,
  json,
  type SeenRequest,
  text,
} from './fake-fetch.js';

const BASE = 'http://typedb.test:8000';
const CREDENTIALS = { username: 'admin', password: 'password' };
const TX = '0b5e7d0e-8a57-4c43-9a4b-2f3bdb0b0c11';

/**
 * A TypeDB server double: sign-in hands out `token-1`, `token-2`... (refusing other credentials
 * with 401 AUT1); other operations need a token that `accepts` (by default, any it issued) and
 * are answered by `routes`.
 */
function typedb(
  routes: (request: SeenRequest) => Response | Promise<Response>,
  options: { accepts?: (token: string) => boolean; signinDelayMs?: number } = {},
) {
  const issued: string[] = [];
  const accepts = options.accepts ?? ((token: string) => issued.includes(token));
  const handler: Handler = async (request) => {
    if (request.path === '/v1/signin') {
      if (options.signinDelayMs) await delay(options.signinDelayMs);
      const { username, password } = JSON.parse(request.body) as Record<string, string>;
      if (username !== CREDENTIALS.username || password !== CREDENTIALS.password) {
        return json(401, { code: 'AUT1', message: '[AUT1] Invalid credential supplied.' });
      }
      const token = `token-${issued.length + 1}`;
      issued.push(token);
      return json(200, { token });
    }
    if (request.path === '/v1/version') return json(200, { distribution: 'TypeDB', version: '3.4.0' });
    const token = request.headers.get('Authorization')?.replace(/^Bearer /, '');
    if (!token) return json(401, { code: 'AUT2', message: '[AUT2] Missing token.' });
    if (!accepts(token)) return json(401, { code: 'AUT3', message: '[AUT3] Invalid token.' });
    return routes(request);
  };
  const server = fakeFetch(handler);
  const client = (overrides: Partial<TypeDBClientOptions> = {}) =>
    createTypeDBClient({ baseUrl: BASE, ...CREDENTIALS, fetch: server.fetch, ...overrides });
  return { ...server, client, signins: () => server.calls('POST', '/v1/signin').length };
}

const databases = () => json(200, { databases: [{ name: 'social' }, { name: 'shop' }] });

describe('createTypeDBClient: auth', () => {
  it('signs in lazily and sends the token as a bearer', async () => {
    const server = typedb(databases);
    const client = server.client();
    expect(server.seen).toHaveLength(0);

    const { data } = await getDatabases({ client });

    expect(data.databases.map((d) => d.name)).toEqual(['social', 'shop']);
    expect(server.signins()).toBe(1);
    expect(JSON.parse(server.calls('POST', '/v1/signin')[0]?.body ?? '')).toEqual(CREDENTIALS);
    expect(server.calls('POST', '/v1/signin')[0]?.headers.get('Authorization')).toBeNull();
    expect(server.calls('GET', '/v1/databases')[0]?.headers.get('Authorization')).toBe('Bearer token-1');
  });

  it('signs in once for three concurrent calls, and reuses the token afterwards', async () => {
    const server = typedb(databases, { signinDelayMs: 20 });
    const client = server.client();

    const results = await Promise.all([getDatabases({ client }), getDatabases({ client }), getDatabases({ client })]);
    await getDatabases({ client });

    expect(results.map((r) => r.data.databases.length)).toEqual([2, 2, 2]);
    expect(server.signins()).toBe(1);
    const tokens = server.calls('GET', '/v1/databases').map((r) => r.headers.get('Authorization'));
    expect(tokens).toEqual(Array(4).fill('Bearer token-1'));
  });

  it('signs in again on a 401 and resends the request once, body included', async () => {
    const server = typedb(() => json(200, { queryType: 'write', answerType: 'ok' }), {
      accepts: (token) => token !== 'token-1', // the first token has expired by the time it is used
    });
    const client = server.client();

    const { response } = await oneShotQuery({
      client,
      body: { databaseName: 'social', transactionType: 'write', query: 'insert $p isa person;' },
    });

    expect(response.status).toBe(200);
    expect(server.signins()).toBe(2);
    const queries = server.calls('POST', '/v1/query');
    expect(queries.map((r) => r.headers.get('Authorization'))).toEqual(['Bearer token-1', 'Bearer token-2']);
    expect(queries[1]?.body).toBe(queries[0]?.body);
    expect(JSON.parse(queries[1]?.body ?? '')).toMatchObject({ query: 'insert $p isa person;' });
  });

  it('re-signs in once for concurrent calls whose token was rejected', async () => {
    const server = typedb(databases, { accepts: (token) => token.startsWith('token-'), signinDelayMs: 20 });
    const client = server.client({ token: 'revoked' });

    await Promise.all([getDatabases({ client }), getDatabases({ client }), getDatabases({ client })]);

    expect(server.signins()).toBe(1);
    expect(server.calls('GET', '/v1/databases')).toHaveLength(6);
  });

  it('surfaces a second 401 as TypeDBError(401) without trying again', async () => {
    const server = typedb(databases, { accepts: () => false });
    const client = server.client();

    const error = await getDatabases({ client }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TypeDBError);
    expect(error).toMatchObject({ status: 401, code: 'AUT3', message: '[AUT3] Invalid token.' });
    expect(server.signins()).toBe(2);
    expect(server.calls('GET', '/v1/databases')).toHaveLength(2);
  });

  it("answers with the server's sign-in refusal when the credentials are wrong", async () => {
    const server = typedb(databases);
    const client = server.client({ password: 'wrong' });

    const errors = await Promise.all(
      [1, 2].map(() => getDatabases({ client }).catch((e: unknown) => e as TypeDBError)),
    );

    for (const error of errors) {
      expect(error).toBeInstanceOf(TypeDBError);
      expect(error).toMatchObject({ status: 401, code: 'AUT1' });
    }
    expect(server.signins()).toBe(1);
    expect(server.calls('GET', '/v1/databases')).toHaveLength(0);
    // The next call tries again: a refusal is not cached.
    await getDatabases({ client }).catch(() => undefined);
    expect(server.signins()).toBe(2);
  });

  it('uses a fixed token as it is, and never signs in with one alone', async () => {
    const server = typedb(databases, { accepts: (token) => token === 'issued-elsewhere' });
    const good = createTypeDBClient({ baseUrl: BASE, token: 'issued-elsewhere', fetch: server.fetch });
    const bad = createTypeDBClient({ baseUrl: BASE, token: 'expired', fetch: server.fetch });

    await getDatabases({ client: good });
    await expect(getDatabases({ client: bad })).rejects.toMatchObject({ status: 401, code: 'AUT3' });

    expect(server.signins()).toBe(0);
    expect(server.calls('GET', '/v1/databases').map((r) => r.headers.get('Authorization'))).toEqual([
      'Bearer issued-elsewhere',
      'Bearer expired',
    ]);
  });

  it('calls the public operations without signing in or sending a token', async () => {
    const server = typedb(databases);
    const { data } = await version({ client: server.client() });
    expect(data.version).toBe('3.4.0');
    expect(server.signins()).toBe(0);
    expect(server.seen[0]?.headers.get('Authorization')).toBeNull();
  });

  it('never sends the token to another server', async () => {
    const server = typedb(databases);
    const client = server.client();
    await getDatabases({ client, baseUrl: 'http://elsewhere.test' }).catch(() => undefined);
    expect(server.seen.map((r) => [r.url, r.headers.get('Authorization')])).toEqual([
      ['http://elsewhere.test/v1/databases', null],
    ]);
  });

  it('rejects a username without a password', () => {
    expect(() => createTypeDBClient({ baseUrl: BASE, username: 'admin' })).toThrow(TypeError);
  });
});

describe('createTypeDBClient: responses and errors', () => {
  it('throws TypeDBError with status, code, message and body for a JSON error', async () => {
    const body = { code: 'DBE1', message: '[DBE1] Database not found: missing.' };
    const server = typedb(() => json(404, body));

    const error = await getDatabase({ client: server.client(), path: { databaseName: 'missing' } }).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(TypeDBError);
    expect(error).toBeInstanceOf(ApiError);
    const typed = error as TypeDBError;
    expect(typed.status).toBe(404);
    expect(typed.code).toBe('DBE1');
    expect(typed.message).toBe('[DBE1] Database not found: missing.');
    expect(typed.body).toEqual(body);
    expect(typed.response.status).toBe(404);
    expect(typed.request.url).toBe(`${BASE}/v1/databases/missing`);
  });

  it('keeps a non-TypeDB error body as text, with an empty code', async () => {
    const server = typedb(() => text(502, 'upstream unavailable'));

    const error = await getDatabases({ client: server.client({ maxRetries: 0 }) }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TypeDBError);
    expect(error).toMatchObject({ status: 502, code: '', body: 'upstream unavailable' });
    expect((error as TypeDBError).message).toContain('502');
  });

  it('returns the schema as text', async () => {
    const schema = 'define\n  entity person, owns name;\n  attribute name, value string;';
    const server = typedb(() => text(200, schema));
    const { data } = await getDatabaseSchema({ client: server.client(), path: { databaseName: 'social' } });
    expect(data).toBe(schema);
  });

  it('resolves empty 200 bodies with null data', async () => {
    const server = typedb(() => empty(200));
    const client = server.client();

    const created = await createDatabase({ client, path: { databaseName: 'social' } });
    const closed = await closeTransaction({ client, path: { transactionId: TX } });
    const deleted = await deleteDatabase({ client, path: { databaseName: 'social' } });

    expect([created, closed, deleted].map((r) => r.response.status)).toEqual([200, 200, 200]);
    expect([created, closed, deleted].map((r) => r.data)).toEqual([null, null, null]);
  });

  it('sends the configured headers with every request, sign-in included', async () => {
    const server = typedb(databases);
    await getDatabases({ client: server.client({ headers: { 'X-Trace': 'abc' } }) });
    expect(server.seen.map((r) => r.headers.get('X-Trace'))).toEqual(['abc', 'abc']);
  });
});

describe('createTypeDBClient: retries, timeouts and aborts', () => {
  /** A transient failure that asks for a 1 ms pause, so tests need not wait for the backoff. */
  const unavailable = () => json(503, { code: 'SRV1', message: 'busy' }, { 'retry-after-ms': '1' });

  it('retries a GET on 503', async () => {
    let calls = 0;
    const server = typedb(() => (++calls < 3 ? unavailable() : databases()));
    const { data } = await getDatabases({ client: server.client() });
    expect(data.databases).toHaveLength(2);
    expect(server.calls('GET', '/v1/databases')).toHaveLength(3);
  });

  it('retries closing a transaction, which is idempotent', async () => {
    let calls = 0;
    const server = typedb(() => (++calls < 2 ? unavailable() : empty(200)));
    await closeTransaction({ client: server.client(), path: { transactionId: TX } });
    expect(server.calls('POST', `/v1/transactions/${TX}/close`)).toHaveLength(2);
  });

  it('does not retry a commit', async () => {
    const server = typedb(unavailable);
    const error = await commitTransaction({ client: server.client(), path: { transactionId: TX } }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ status: 503, code: 'SRV1' });
    expect(server.calls('POST', `/v1/transactions/${TX}/commit`)).toHaveLength(1);
  });

  it('retries a sign-in that failed for a transient reason', async () => {
    let signinCalls = 0;
    const server = fakeFetch((request) => {
      if (request.path === '/v1/signin') return ++signinCalls < 2 ? unavailable() : json(200, { token: 't' });
      return databases();
    });
    const client = createTypeDBClient({ baseUrl: BASE, ...CREDENTIALS, fetch: server.fetch });
    await getDatabases({ client });
    expect(server.calls('POST', '/v1/signin')).toHaveLength(2);
  });

  it('throws ApiConnectionError when the server cannot be reached', async () => {
    const server = fakeFetch(connectionRefused);
    const client = createTypeDBClient({ baseUrl: BASE, token: 't', fetch: server.fetch });
    const error = await commitTransaction({ client, path: { transactionId: TX } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiConnectionError);
    expect(server.seen).toHaveLength(1);
  });

  it('throws ApiTimeoutError when the server does not answer in time', async () => {
    const server = fakeFetch(hang);
    const client = createTypeDBClient({ baseUrl: BASE, token: 't', fetch: server.fetch, timeoutMs: 20, maxRetries: 0 });
    await expect(getDatabases({ client })).rejects.toBeInstanceOf(ApiTimeoutError);
    expect(server.seen).toHaveLength(1);
  });

  it('throws ApiUserAbortError when the caller aborts, without retrying', async () => {
    const server = fakeFetch(hang);
    const client = createTypeDBClient({ baseUrl: BASE, token: 't', fetch: server.fetch });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 10);
    await expect(getDatabases({ client, signal: controller.signal })).rejects.toBeInstanceOf(ApiUserAbortError);
    expect(server.seen).toHaveLength(1);
  });

  it('lets a caller stop waiting for a sign-in without failing the others', async () => {
    const server = typedb(databases, { signinDelayMs: 30 });
    const client = server.client();
    const controller = new AbortController();
    const aborted = getDatabases({ client, signal: controller.signal }).catch((e: unknown) => e);
    const other = getDatabases({ client });
    setTimeout(() => controller.abort(), 5);

    expect(await aborted).toBeInstanceOf(ApiUserAbortError);
    expect((await other).data.databases).toHaveLength(2);
    expect(server.signins()).toBe(1);
    expect(server.calls('GET', '/v1/databases')).toHaveLength(1);
  });
});
