import { Dispatcher } from '@dbwire/server-stubs';
import { typedbApi } from '@dbwire/server-stubs/typedb';
import { MemoryEngine } from '@dbwire/storage';
import { afterEach, describe, expect, it } from 'vitest';
import { createTypeDBReference, type TypeDBReference } from '../src/typedb/index.js';

/**
 * Several server processes sharing one storage engine (as `dbwire serve` processes sharing one
 * Postgres database): here, two reference instances over one memory engine, each driven through
 * the dispatcher as HTTP requests are (authentication, validation, status and body).
 */
type Operation = keyof typeof typedbApi.routes;
type TransactionType = 'read' | 'write' | 'schema';

interface Answer {
  status: number;
  body: unknown;
}

const references: TypeDBReference[] = [];
afterEach(() => {
  for (const reference of references.splice(0)) reference.close();
});

async function startServer(storage: MemoryEngine) {
  const reference = await createTypeDBReference({ storage, passwordIterations: 1000 });
  references.push(reference);
  const dispatcher = new Dispatcher(reference.binding, { validateResponses: true });

  const call = async (
    operation: Operation,
    request: { params?: Record<string, string>; body?: unknown; token?: string } = {},
  ): Promise<Answer> => {
    const headers: Record<string, string | undefined> = { 'content-type': 'application/json' };
    if (request.token) headers.authorization = `Bearer ${request.token}`;
    const body = request.body === undefined ? undefined : new TextEncoder().encode(JSON.stringify(request.body));
    const response = await dispatcher.dispatch(typedbApi.routes[operation], {
      params: request.params ?? {},
      query: {},
      headers,
      body,
    });
    const text = typeof response.body === 'string' ? response.body : undefined;
    const json = response.headers['content-type']?.startsWith('application/json');
    return { status: response.status, body: text !== undefined && json ? JSON.parse(text) : text };
  };

  const signIn = async (username = 'admin', password = 'password') => {
    const answer = await call('signin', { body: { username, password } });
    expect(answer.status).toBe(200);
    return (answer.body as { token: string }).token;
  };
  const token = await signIn();

  const server = {
    call,
    signIn,
    token,
    /** A one-shot query as admin on the `social` database (committed unless it is a read). */
    query: (transactionType: TransactionType, query: string, databaseName = 'social') =>
      call('oneShotQuery', { token, body: { databaseName, transactionType, query } }),
    /** Opens a transaction as admin; returns its id. */
    open: async (transactionType: TransactionType, databaseName = 'social') => {
      const answer = await call('openTransaction', { token, body: { databaseName, transactionType } });
      expect(answer.status).toBe(200);
      return (answer.body as { transactionId: string }).transactionId;
    },
    run: (transactionId: string, query: string) => call('query', { token, params: { transactionId }, body: { query } }),
    commit: (transactionId: string) => call('commitTransaction', { token, params: { transactionId } }),
    createDatabase: (databaseName = 'social') => call('createDatabase', { token, params: { databaseName } }),
    deleteDatabase: (databaseName = 'social') => call('deleteDatabase', { token, params: { databaseName } }),
    schema: (databaseName = 'social') => call('getDatabaseSchema', { token, params: { databaseName } }),
    /** The names of every person, sorted, as a read on this server sees them. */
    names: async (databaseName = 'social') => {
      const answer = await server.query(
        'read',
        'match $p isa person, has name $n; sort $n; fetch { "name": $n };',
        databaseName,
      );
      expect(answer.status).toBe(200);
      return (answer.body as { answers: Array<{ name: string }> }).answers.map((answer) => answer.name);
    },
  };
  return server;
}

describe('TypeDB servers sharing one storage engine', () => {
  describe('tokens', () => {
    it('a token signed in on one server works on the other', async () => {
      const storage = new MemoryEngine();
      const a = await startServer(storage);
      const b = await startServer(storage);
      const token = await a.signIn();
      expect(await b.call('getDatabases', { token })).toEqual({ status: 200, body: { databases: [] } });
      expect(await b.call('getDatabases', { token: `${token}x` })).toMatchObject({
        status: 401,
        body: { code: 'AUT3' },
      });
    });

    it('a password change or a user deletion on one server revokes the tokens on every server', async () => {
      const storage = new MemoryEngine();
      const a = await startServer(storage);
      const b = await startServer(storage);
      expect(
        await a.call('createUser', { token: a.token, params: { username: 'ann' }, body: { password: 'one' } }),
      ).toMatchObject({ status: 200 });
      const first = await a.signIn('ann', 'one');
      const other = await b.signIn('ann', 'one');
      expect(await b.call('getUser', { token: first, params: { username: 'ann' } })).toMatchObject({ status: 200 });

      expect(
        await b.call('updateUser', { token: b.token, params: { username: 'ann' }, body: { password: 'two' } }),
      ).toMatchObject({ status: 200 });
      for (const server of [a, b]) {
        for (const token of [first, other]) {
          expect(await server.call('getUser', { token, params: { username: 'ann' } })).toMatchObject({
            status: 401,
            body: { code: 'AUT3' },
          });
        }
      }
      expect(await a.call('signin', { body: { username: 'ann', password: 'one' } })).toMatchObject({ status: 401 });

      const second = await a.signIn('ann', 'two');
      expect(await b.call('getUser', { token: second, params: { username: 'ann' } })).toMatchObject({ status: 200 });
      expect(await a.call('deleteUser', { token: a.token, params: { username: 'ann' } })).toMatchObject({
        status: 200,
      });
      expect(await b.call('getUser', { token: second, params: { username: 'ann' } })).toMatchObject({
        status: 401,
        body: { code: 'AUT3' },
      });
      // The other users' tokens are untouched.
      expect(await b.call('getDatabases', { token: a.token })).toMatchObject({ status: 200 });
    });

    it('outlive a restart, unlike TypeDB (they are on the storage engine)', async () => {
      const storage = new MemoryEngine();
      const first = await startServer(storage);
      references.pop()?.close();
      const restarted = await startServer(storage);
      expect(await restarted.call('getDatabases', { token: first.token })).toMatchObject({ status: 200 });
    });
  });
});
