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

/** Two servers over one storage engine, with the `social` database and its schema. */
async function twoServers() {
  const storage = new MemoryEngine();
  const a = await startServer(storage);
  const b = await startServer(storage);
  expect((await a.createDatabase()).status).toBe(200);
  expect(
    (
      await a.query(
        'schema',
        'define attribute name, value string; attribute email, value string; entity person, owns name @key, owns email;',
      )
    ).status,
  ).toBe(200);
  return { a, b, storage };
}

const STC2 = expect.objectContaining({ code: 'STC2' });

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

  describe('commits', () => {
    it('what one server commits, a transaction opened on the other sees', async () => {
      const { a, b } = await twoServers();
      expect(await b.names()).toEqual([]);
      expect((await a.query('write', 'insert $p isa person, has name "Ann";')).status).toBe(200);
      expect(await b.names()).toEqual(['Ann']);
      const transaction = await b.open('read');
      expect((await a.query('write', 'insert $p isa person, has name "Bob";')).status).toBe(200);
      // A read transaction keeps its snapshot; a new one sees the latest commit.
      expect(
        await b.run(transaction, 'match $p isa person, has name $n; sort $n; fetch { "name": $n };'),
      ).toMatchObject({ status: 200, body: { answers: [{ name: 'Ann' }] } });
      expect(await b.names()).toEqual(['Ann', 'Bob']);
    });

    it('concurrent inserts on both servers all land (no lost update, no shared iids)', async () => {
      const { a, b } = await twoServers();
      const onA = await a.open('write');
      const onB = await b.open('write');
      expect((await a.run(onA, 'insert $p isa person, has name "Ann"; $q isa person, has name "Amy";')).status).toBe(
        200,
      );
      expect((await b.run(onB, 'insert $p isa person, has name "Bob"; $q isa person, has name "Ben";')).status).toBe(
        200,
      );
      const commits = await Promise.all([a.commit(onA), b.commit(onB)]);
      expect(commits.map((answer) => answer.status)).toEqual([200, 200]);
      for (const server of [a, b]) expect(await server.names()).toEqual(['Amy', 'Ann', 'Ben', 'Bob']);

      const iids = await b.query('read', 'match $p isa person; select $p;');
      const rows = (iids.body as { answers: Array<{ data: { p: { iid: string } } }> }).answers;
      expect(new Set(rows.map((row) => row.data.p.iid)).size).toBe(4);
      // Later commits on either server build on all of it.
      expect((await b.query('write', 'match $p isa person, has name "Amy"; delete $p;')).status).toBe(200);
      expect((await a.query('write', 'insert $p isa person, has name "Cat";')).status).toBe(200);
      for (const server of [a, b]) expect(await server.names()).toEqual(['Ann', 'Ben', 'Bob', 'Cat']);
    });

    it('of the same @key value on both servers: exactly one wins, the other gets STC2', async () => {
      const { a, b } = await twoServers();
      const onA = await a.open('write');
      const onB = await b.open('write');
      expect((await a.run(onA, 'insert $p isa person, has name "Zed";')).status).toBe(200);
      expect((await b.run(onB, 'insert $p isa person, has name "Zed", has email "z@b";')).status).toBe(200);
      const commits = await Promise.all([a.commit(onA), b.commit(onB)]);
      expect(commits.map((answer) => answer.status).sort()).toEqual([200, 400]);
      expect(commits.find((answer) => answer.status === 400)?.body).toEqual(STC2);
      for (const server of [a, b]) expect(await server.names()).toEqual(['Zed']);
    });

    it('a delete on one server and a `has` added to the same instance on the other conflict (STC2)', async () => {
      const { a, b } = await twoServers();
      expect((await a.query('write', 'insert $p isa person, has name "Ann";')).status).toBe(200);
      const deleting = await a.open('write');
      const adding = await b.open('write');
      expect((await a.run(deleting, 'match $p isa person, has name "Ann"; delete $p;')).status).toBe(200);
      expect((await b.run(adding, 'match $p isa person, has name "Ann"; insert $p has email "ann@x";')).status).toBe(
        200,
      );
      expect(await a.commit(deleting)).toMatchObject({ status: 200 });
      expect(await b.commit(adding)).toMatchObject({ status: 400, body: STC2 });
      for (const server of [a, b]) {
        expect(await server.names()).toEqual([]);
        expect(await server.query('read', 'match $e isa email; select $e;')).toMatchObject({
          status: 200,
          body: { answers: [] },
        });
      }
    });

    it('a schema change on one server is what new transactions on the other see', async () => {
      const { a, b } = await twoServers();
      expect(await b.schema()).toMatchObject({ status: 200, body: expect.not.stringContaining('nickname') });
      expect((await a.query('schema', 'define attribute nickname, value string; person owns nickname;')).status).toBe(
        200,
      );
      expect(await b.schema()).toMatchObject({ status: 200, body: expect.stringContaining('owns nickname') });
      expect(await b.query('write', 'insert $p isa person, has name "Ann", has nickname "An";')).toMatchObject({
        status: 200,
      });
      expect(await a.query('read', 'match $p has nickname $n; fetch { "n": $n };')).toMatchObject({
        status: 200,
        body: { answers: [{ n: 'An' }] },
      });
    });

    it('a schema commit after any commit on another server since it began conflicts, and so does a write after a schema commit', async () => {
      const { a, b } = await twoServers();
      const schema = await b.open('schema');
      expect((await b.run(schema, 'define attribute nickname, value string;')).status).toBe(200);
      expect((await a.query('write', 'insert $p isa person, has name "Ann";')).status).toBe(200);
      expect(await b.commit(schema)).toMatchObject({ status: 400, body: STC2 });
      expect(await a.schema()).toMatchObject({ body: expect.not.stringContaining('nickname') });

      const write = await b.open('write');
      expect((await b.run(write, 'insert $p isa person, has name "Bob";')).status).toBe(200);
      expect((await a.query('schema', 'undefine owns email from person;')).status).toBe(200);
      expect(await b.commit(write)).toMatchObject({ status: 400, body: STC2 });
      expect(await b.names()).toEqual(['Ann']);
    });

    it('a transaction that began before many commits elsewhere (beyond the log) conflicts; its server catches up', async () => {
      const { a, b } = await twoServers();
      expect(await b.names()).toEqual([]);
      const old = await b.open('write');
      expect((await b.run(old, 'insert $p isa person, has name "Old";')).status).toBe(200);
      for (let i = 0; i < 120; i++) {
        expect(
          (await a.query('write', `insert $p isa person, has name "p${String(i).padStart(3, '0')}";`)).status,
        ).toBe(200);
      }
      expect(await b.commit(old)).toMatchObject({ status: 400, body: STC2 });
      const names = await b.names();
      expect(names).toHaveLength(120);
      expect(names.at(-1)).toBe('p119');
    });
  });

  describe('databases', () => {
    it('one deleted and created again on one server shows none of its old data on the other', async () => {
      const { a, b } = await twoServers();
      expect((await a.query('write', 'insert $p isa person, has name "Ann";')).status).toBe(200);
      expect(await b.names()).toEqual(['Ann']);
      const stale = await b.open('write');
      expect((await b.run(stale, 'insert $p isa person, has name "Bob";')).status).toBe(200);

      expect(await a.deleteDatabase()).toMatchObject({ status: 200 });
      expect(await b.schema()).toMatchObject({ status: 404, body: { code: 'SRV3' } });
      expect(await a.createDatabase()).toMatchObject({ status: 200 });
      expect(await b.schema()).toEqual({ status: 200, body: 'define' });
      // A transaction that began on the deleted database cannot commit into the new one.
      expect(await b.commit(stale)).toMatchObject({ status: 400, body: STC2 });
      expect((await a.query('schema', 'define attribute name, value string; entity person, owns name;')).status).toBe(
        200,
      );
      expect(await b.names()).toEqual([]);
      expect((await b.query('write', 'insert $p isa person, has name "Cat";')).status).toBe(200);
      expect(await a.names()).toEqual(['Cat']);
    });

    it('opening a transaction on a database deleted by the other server is 404 TSV1', async () => {
      const { a, b } = await twoServers();
      expect(await b.names()).toEqual([]);
      expect(await a.deleteDatabase()).toMatchObject({ status: 200 });
      expect(
        await b.call('openTransaction', { token: b.token, body: { databaseName: 'social', transactionType: 'read' } }),
      ).toMatchObject({ status: 404, body: { code: 'TSV1' } });
    });
  });

  it('a transaction is only known to the server that opened it (404 TSV12 on the other)', async () => {
    const { a, b } = await twoServers();
    const transaction = await a.open('read');
    expect(await b.run(transaction, 'match $p isa person;')).toMatchObject({ status: 404, body: { code: 'TSV12' } });
    expect(await a.run(transaction, 'match $p isa person;')).toMatchObject({ status: 200 });
  });
});
