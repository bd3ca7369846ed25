import { MemoryEngine, type StorageEngine, type WriteTransaction } from '@dbwire/storage';
import { invalidModules, loadTestModule, testModuleDef } from '@dbwire/test-modules/spacetimedb';
import { describe, expect, it } from 'vitest';
import { type SpacetimeClient, startSpacetimedb } from './client.js';

/** A storage engine whose writes fail while `failing(key)` says so (a storage error part-way through a transaction). */
class FlakyStorage implements StorageEngine {
  readonly name = 'flaky';
  failing: (key: string) => boolean = () => false;
  constructor(private readonly inner: StorageEngine = new MemoryEngine()) {}

  transact<T>(work: (tx: WriteTransaction) => Promise<T>): Promise<T> {
    return this.inner.transact((tx) =>
      work({
        get: (key) => tx.get(key),
        scan: (options) => tx.scan(options),
        delete: (key) => tx.delete(key),
        put: async (key, value) => {
          if (this.failing(key)) throw new Error(`storage failed writing ${key}`);
          await tx.put(key, value);
        },
      }),
    );
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/** Everything stored for a database except its log, which a failing `init` adds to. */
async function storedState(storage: StorageEngine, identity: string) {
  const entries = await storage.transact((tx) => tx.scan({ prefix: `spacetimedb/db/${identity}/` }));
  return entries.filter((entry) => !/\/(logs\/|log-state$)/.test(entry.key));
}

/** The tables the schema of `app` lists. */
async function tableNames(client: SpacetimeClient): Promise<string[]> {
  const schema = await client.get('/v1/database/app/schema?version=9');
  return schema.body.tables.map((table: { name: string }) => table.name);
}

/** What a client sees of the `keyed` database `app`: its module hash, users and audit rows. */
async function keyedState(client: SpacetimeClient) {
  const info = await client.get('/v1/database/app');
  const users = await client.sql('app', 'SELECT name, age FROM user');
  const audit = await client.sql('app', 'SELECT * FROM audit');
  return { program: info.body.initial_program, users: users.body[0]?.rows, audit: audit.body[0]?.rows };
}

describe('SpacetimeDB databases: publish, schema, names, delete', () => {
  it('publishes a module without a name, as an anonymous caller who becomes the owner', async () => {
    const { anonymous } = await startSpacetimedb();
    const published = await anonymous.publish('/v1/database', await loadTestModule('quickstart'));
    expect(published.status).toBe(200);
    const identity = published.body.Success.database_identity as string;
    expect(published.body).toEqual({ Success: { domain: null, database_identity: identity, op: 'created' } });
    const owner = published.headers['spacetime-identity'];
    const info = await anonymous.get(`/v1/database/${identity}`);
    expect(info.body).toMatchObject({ database_identity: identity, owner_identity: owner, host_type: 'wasm' });
    expect(info.body.initial_program).toMatch(/^[0-9a-f]{64}$/);
    const schema = await anonymous.get(`/v1/database/${identity}/schema?version=9`);
    expect(schema.status).toBe(200);
    expect(schema.body).toEqual(testModuleDef('quickstart'));
    expect((await anonymous.get(`/v1/database/${identity}/schema?version=10`)).status).toBe(400);
    const text = await anonymous.get(`/v1/database/${identity}/identity`);
    expect(text).toMatchObject({ status: 200, text: identity });
  });

  it('publishes to a name (POST and PUT alike) and lets only the owner republish', async () => {
    const { newUser } = await startSpacetimedb();
    const alice = await newUser();
    const bob = await newUser();
    const bytes = await loadTestModule('quickstart');
    const created = await alice.client.request('POST', '/v1/database/chat', {
      body: bytes,
      contentType: 'application/wasm',
    });
    expect(created.body.Success).toMatchObject({ domain: 'chat', op: 'created' });
    const identity = created.body.Success.database_identity;
    const updated = await alice.client.publish('/v1/database/chat', bytes);
    expect(updated.body).toEqual({ Success: { domain: 'chat', database_identity: identity, op: 'updated' } });
    const refused = await bob.client.publish('/v1/database/chat', bytes);
    expect(refused).toMatchObject({ status: 401, body: { PermissionDenied: { name: 'chat' } } });
    const byIdentity = await bob.client.publish(`/v1/database/${identity}`, bytes);
    expect(byIdentity.body).toEqual({ PermissionDenied: { name: identity } });
    expect((await alice.client.get('/v1/database/chat/names')).body).toEqual({ names: ['chat'] });
    // An identity that has no database is created with that identity.
    const fresh = `c200${'12'.repeat(30)}`;
    const atIdentity = await bob.client.publish(`/v1/database/${fresh}`, bytes);
    expect(atIdentity.body).toEqual({ Success: { domain: null, database_identity: fresh, op: 'created' } });
  });

  it('refuses modules it cannot run with 500 and creates nothing; host_type=Js is 400', async () => {
    const { anonymous } = await startSpacetimedb();
    const invalid = await invalidModules();
    for (const [name, bytes] of Object.entries(invalid)) {
      const reply = await anonymous.publish(`/v1/database/bad-${name.toLowerCase()}`, bytes);
      expect(reply.status, name).toBe(500);
      expect(reply.text, name).not.toBe('');
      expect((await anonymous.get(`/v1/database/bad-${name.toLowerCase()}`)).status, name).toBe(404);
    }
    const js = await anonymous.publish('/v1/database', await loadTestModule('quickstart'), '?host_type=Js');
    expect(js.status).toBe(400);
  });

  it('keeps data on a compatible republish, refuses an incompatible one, and empties the tables with clear=true', async () => {
    const { newUser } = await startSpacetimedb();
    const { client } = await newUser();
    const quickstart = await loadTestModule('quickstart');
    const keyed = await loadTestModule('keyed');
    await client.publish('/v1/database/app', keyed);
    expect((await client.call('app', 'create_user', ['a@x.io', 'Ann', 30])).status).toBe(200);
    expect((await client.publish('/v1/database/app', keyed)).status).toBe(200);
    const users = await client.sql('app', 'SELECT name FROM user');
    expect(users.body[0].rows).toEqual([['Ann']]);

    // quickstart drops the `user` table: incompatible, and nothing changes.
    const incompatible = await client.publish('/v1/database/app', quickstart);
    expect(incompatible.status).toBe(400);
    expect(incompatible.text).toContain('clear=true');
    expect((await client.sql('app', 'SELECT name FROM user')).body[0].rows).toEqual([['Ann']]);

    const cleared = await client.publish('/v1/database/app', keyed, '?clear=true');
    expect(cleared.body.Success.op).toBe('updated');
    expect((await client.sql('app', 'SELECT name FROM user')).body[0].rows).toEqual([]);
    // init ran again: one audit row.
    expect((await client.sql('app', 'SELECT * FROM audit')).body[0].rows).toHaveLength(1);

    const replaced = await client.publish('/v1/database/app', quickstart, '?clear=true');
    expect(replaced.status).toBe(200);
    expect((await client.get('/v1/database/app/schema?version=9')).body).toEqual(testModuleDef('quickstart'));
  });

  it('a republish whose init fails changes nothing: old module, old schema, old rows, and calls keep working', async () => {
    const { newUser, storage } = await startSpacetimedb();
    const { client } = await newUser();
    const published = await client.publish('/v1/database/app', await loadTestModule('keyed'));
    const identity = published.body.Success.database_identity;
    expect((await client.call('app', 'create_user', ['a@x.io', 'Ann', 30])).status).toBe(200);
    const before = await keyedState(client);
    expect(before.users).toEqual([['Ann', 30]]);
    const stored = await storedState(storage, identity);

    const { initFails } = await invalidModules();
    const failed = await client.publish('/v1/database/app', initFails, '?clear=true');
    expect(failed.status).toBe(500);
    expect(failed.text).toContain('init failed');

    expect(await storedState(storage, identity)).toEqual(stored);
    expect(await keyedState(client)).toEqual(before);
    expect(await tableNames(client)).toEqual(['user', 'audit']);
    expect((await client.call('app', 'create_user', ['b@x.io', 'Bob', 40])).status).toBe(200);
    expect((await client.sql('app', 'SELECT name FROM user WHERE age = 40')).body[0].rows).toEqual([['Bob']]);
    // A host started afresh over the same storage (another process) sees the same.
    const { anonymous } = await startSpacetimedb({ storage });
    expect((await anonymous.get('/v1/database/app')).body.initial_program).toBe(before.program);
  });

  it('a republish whose storage transaction fails part-way changes nothing, with or without clear', async () => {
    const storage = new FlakyStorage();
    const { newUser } = await startSpacetimedb({ storage });
    const { client } = await newUser();
    const keyed = await loadTestModule('keyed');
    const published = await client.publish('/v1/database/app', keyed);
    const identity = published.body.Success.database_identity;
    await client.call('app', 'create_user', ['a@x.io', 'Ann', 30]);
    const before = await keyedState(client);
    const stored = await storedState(storage, identity);

    // The datastore's schema fingerprint is written last, after the module, its record and init's rows.
    storage.failing = (key) => key === `spacetimedb/db/${identity}/schema`;
    for (const [module, query] of [
      [keyed, ''],
      [keyed, '?clear=true'],
      [await loadTestModule('quickstart'), '?clear=true'],
    ] as const) {
      expect((await client.publish('/v1/database/app', module, query)).status, query).toBe(500);
      expect(await storedState(storage, identity), query).toEqual(stored);
    }
    storage.failing = () => false;
    expect(await keyedState(client)).toEqual(before);
    expect((await client.call('app', 'rename_user', [1, 'Anne'])).status).toBe(200);
    expect((await client.sql('app', 'SELECT name FROM user')).body[0].rows).toEqual([['Anne']]);
  });

  it('two republishes at once, in one process or two, end in one consistent state', async () => {
    const storage = new MemoryEngine();
    const first = await startSpacetimedb({ storage });
    const second = await startSpacetimedb({ storage });
    const owner = await first.newUser();
    const { client } = owner;
    const elsewhere = client.withToken(client.token);
    const modules = { keyed: await loadTestModule('keyed'), quickstart: await loadTestModule('quickstart') };
    const hashes: Record<string, keyof typeof modules> = {};
    for (const name of ['keyed', 'quickstart'] as const) {
      await client.publish(`/v1/database/hash-${name}`, modules[name]);
      hashes[(await client.get(`/v1/database/hash-${name}`)).body.initial_program] = name;
    }
    await client.publish('/v1/database/app', modules.keyed);
    await client.call('app', 'create_user', ['a@x.io', 'Ann', 30]);
    // The second process runs the database too (its tables cached).
    const secondClient = second.anonymous.withToken(client.token);
    expect((await secondClient.sql('app', 'SELECT name FROM user')).body[0].rows).toEqual([['Ann']]);

    for (const [left, right] of [
      [client, elsewhere],
      [client, secondClient],
    ] as const) {
      const replies = await Promise.all([
        left.publish('/v1/database/app', modules.quickstart, '?clear=true'),
        right.publish('/v1/database/app', modules.keyed, '?clear=true'),
      ]);
      expect(replies.map((reply) => reply.status)).toEqual([200, 200]);
      const program = (await client.get('/v1/database/app')).body.initial_program;
      const running = hashes[program];
      if (running === undefined) throw new Error(`unknown module ${program}`);
      for (const viewer of [
        client,
        secondClient,
        (await startSpacetimedb({ storage })).anonymous.withToken(client.token),
      ]) {
        expect((await viewer.get('/v1/database/app')).body.initial_program).toBe(program);
        expect(await tableNames(viewer)).toEqual(testModuleDef(running).tables.map((table) => table.name));
        const table = running === 'keyed' ? 'user' : 'person';
        const rows = await viewer.sql('app', `SELECT * FROM ${table}`);
        expect(rows.status).toBe(200);
        expect(rows.body[0].rows).toEqual([]);
      }
      const call = running === 'keyed' ? ['create_user', ['c@x.io', 'Cy', 3]] : ['add', ['Cy']];
      expect((await secondClient.call('app', call[0] as string, call[1])).status).toBe(200);
      expect(
        (await client.sql('app', `SELECT * FROM ${running === 'keyed' ? 'user' : 'person'}`)).body[0].rows,
      ).toHaveLength(1);
    }
  });

  it('binds names: owner only, JSON refusals for other people’s databases, PUT replaces them all', async () => {
    const { newUser } = await startSpacetimedb();
    const alice = await newUser();
    const bob = await newUser();
    const bytes = await loadTestModule('quickstart');
    await alice.client.publish('/v1/database/first', bytes);
    await alice.client.publish('/v1/database/second', bytes);
    await bob.client.publish('/v1/database/bobs', bytes);
    const addName = (client: typeof alice.client, database: string, name: string) =>
      client.post(`/v1/database/${database}/names`, { body: name, contentType: 'text/plain' });

    const added = await addName(alice.client, 'first', 'alias');
    expect(added.status).toBe(200);
    const identity = added.body.Success.database_result;
    expect(added.body).toEqual({
      Success: { domain: 'alias', database_result: identity, database_identity: identity },
    });
    expect((await addName(alice.client, 'first', 'alias')).status).toBe(200);
    expect((await alice.client.get('/v1/database/alias/names')).body).toEqual({ names: ['first', 'alias'] });
    expect(await addName(bob.client, 'first', 'mine')).toMatchObject({
      status: 401,
      body: { PermissionDenied: { domain: 'mine' } },
    });
    expect((await addName(alice.client, 'first', 'bobs')).status).toBe(401);
    const taken = await addName(alice.client, 'first', 'second');
    expect(taken.status).toBe(400);
    expect(taken.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect((await addName(alice.client, 'first', 'Bad--Name')).status).toBe(400);
    // The CLI sends the name without a Content-Type.
    expect((await alice.client.post('/v1/database/first/names', { body: 'plain', contentType: null })).status).toBe(
      200,
    );

    const setNames = (client: typeof alice.client, names: unknown) =>
      client.put('/v1/database/first/names', { body: names });
    expect(await setNames(bob.client, ['x'])).toMatchObject({
      status: 401,
      body: { NotYourDatabase: { database: identity } },
    });
    expect(await setNames(alice.client, ['bobs'])).toMatchObject({ status: 401, body: { PermissionDenied: null } });
    expect((await setNames(alice.client, ['second'])).body).toHaveProperty('OtherError');
    expect((await setNames(alice.client, ['Bad--Name'])).status).toBe(400);
    expect(await setNames(alice.client, ['one', 'two', 'one'])).toMatchObject({ status: 200, body: { Success: null } });
    expect((await alice.client.get(`/v1/database/${identity}/names`)).body).toEqual({ names: ['one', 'two'] });
    expect((await alice.client.get('/v1/database/first')).status).toBe(404);
    expect((await alice.client.get('/v1/database/one')).body.database_identity).toBe(identity);
  });

  it('deletes a database for its owner only, freeing its names; a missing identity is 200 too', async () => {
    const { newUser, storage } = await startSpacetimedb();
    const alice = await newUser();
    const bob = await newUser();
    const published = await alice.client.publish('/v1/database/doomed', await loadTestModule('keyed'));
    const identity = published.body.Success.database_identity;
    await alice.client.call('doomed', 'create_user', ['a@x.io', 'Ann', 30]);
    const refused = await bob.client.delete('/v1/database/doomed');
    expect(refused.status).toBe(403);
    expect(refused.text).toBe(
      `${bob.identity} is not authorized to perform action on database ${identity}: delete database`,
    );
    const deleted = await alice.client.delete('/v1/database/doomed');
    expect(deleted).toMatchObject({ status: 200, text: '' });
    expect((await alice.client.get(`/v1/database/${identity}`)).status).toBe(404);
    expect((await alice.client.delete('/v1/database/doomed')).status).toBe(404);
    expect((await alice.client.delete(`/v1/database/${identity}`)).status).toBe(200);
    const left = await storage.transact((tx) => tx.scan({ prefix: `spacetimedb/db/${identity}/` }));
    expect(left).toEqual([]);
    // The name is free again.
    expect((await bob.client.publish('/v1/database/doomed', await loadTestModule('quickstart'))).body.Success.op).toBe(
      'created',
    );
  });

  it('keeps a deleted identity for its former owner: anyone else publishing to it is refused', async () => {
    const { newUser } = await startSpacetimedb();
    const alice = await newUser();
    const bob = await newUser();
    const bytes = await loadTestModule('quickstart');
    const identity = (await alice.client.publish('/v1/database', bytes)).body.Success.database_identity;
    expect((await alice.client.delete(`/v1/database/${identity}`)).status).toBe(200);
    const takeover = await bob.client.publish(`/v1/database/${identity}`, bytes);
    expect(takeover).toMatchObject({ status: 401, body: { PermissionDenied: { name: identity } } });
    expect((await bob.client.get(`/v1/database/${identity}`)).status).toBe(404);
    const again = await alice.client.publish(`/v1/database/${identity}`, bytes);
    expect(again.body.Success).toMatchObject({ database_identity: identity, op: 'created' });
    expect((await bob.client.get(`/v1/database/${identity}`)).body.owner_identity).toBe(alice.identity);
    // An identity that never had a database is anyone's to create.
    const fresh = `c200${'7'.repeat(60)}`;
    expect((await bob.client.publish(`/v1/database/${fresh}`, bytes)).body.Success.op).toBe('created');
  });

  it('refuses database names over 64 characters with 400', async () => {
    const { newUser, errors } = await startSpacetimedb();
    const alice = await newUser();
    const bytes = await loadTestModule('quickstart');
    const longest = 'n'.repeat(64);
    expect((await alice.client.publish(`/v1/database/${longest}`, bytes)).status).toBe(200);
    for (const length of [65, 66, 6_000]) {
      const name = 'n'.repeat(length);
      const published = await alice.client.publish(`/v1/database/${name}`, bytes);
      expect(published.status).toBe(400);
      expect((await alice.client.get(`/v1/database/${name}`)).status).toBe(length > 66 ? 400 : 404);
      const added = await alice.client.post(`/v1/database/${longest}/names`, { body: name, contentType: 'text/plain' });
      expect(added.status).toBe(400);
      const set = await alice.client.put(`/v1/database/${longest}/names`, { body: [name] });
      expect(set.status).toBe(400);
    }
    const published = await alice.client.publish(`/v1/database/${'b'.repeat(65)}`, bytes);
    expect(published.text).toContain('at most 64 characters');
    expect((await alice.client.get(`/v1/database/${longest}/names`)).body.names).toEqual([longest]);
    expect(errors).toEqual([]);
  });

  it('answers 413 for a module over 32 MiB, with the caller’s identity headers', async () => {
    const { newUser } = await startSpacetimedb();
    const alice = await newUser();
    const reply = await alice.client.publish('/v1/database', new Uint8Array(32 * 1024 * 1024 + 1));
    expect(reply.status).toBe(413);
    expect(reply.headers['spacetime-identity']).toBe(alice.identity);
    expect(reply.headers['spacetime-identity-token']).toBe(alice.client.token);
  });
});
