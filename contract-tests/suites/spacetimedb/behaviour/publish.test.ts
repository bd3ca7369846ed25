/**
 * Publishing (spec: Databases, and the publish decisions in info.description): a new database
 * belongs to its publisher (an anonymous one too, through the minted token), is described by the
 * seed's flat `DatabaseInfo` with the Keccak-256 hash of the module; a compatible republish keeps
 * the data (POST and PUT alike); `clear=true` empties every table and runs `init` again; an
 * incompatible module is 400 and changes nothing; invalid modules are 500 and create (or change)
 * nothing; another identity republishing, with or without `clear`, is 401 `PermissionDenied`.
 */
import { invalidModules, loadTestModule } from '@dbwire/test-modules/spacetimedb';
import { expect } from 'vitest';
import { itNeeding } from '../../../src/needs.js';
import { runScopedDatabaseName, useSpacetimedb } from '../../../src/spacetimedb/fixture.js';
import {
  type DatabaseInfo,
  describeReply,
  expectJsonRefusal,
  expectText,
  type PublishResult,
  type SpacetimedbClient,
} from '../../../src/spacetimedb/http.js';
import { moduleHash } from '../../../src/spacetimedb/identity.js';

const stdb = useSpacetimedb();
const STATE = { capabilities: ['state-changes'] } as const;

async function countRows(client: SpacetimedbClient, database: string, table: string): Promise<number> {
  const [row] = await client.rows(database, `SELECT COUNT(*) AS n FROM ${table}`);
  return Number(row?.[0]);
}

itNeeding(
  STATE,
  'a publish to a new name creates a database owned by the publisher, described in the seed’s flat form',
  async () => {
    const owner = await stdb.owner();
    const bytes = await loadTestModule('quickstart');
    const name = runScopedDatabaseName('publish');
    const reply = await owner.client.ok('publishDatabase', {
      database: name,
      body: { bytes, contentType: 'application/wasm' },
    });
    const result = (reply.body as PublishResult).Success;
    stdb.track(result.database_identity, owner);
    expect(result).toMatchObject({ domain: name, op: 'created' });
    expect(result.database_identity).toMatch(/^c200[0-9a-f]{60}$/);
    expect(reply.headers['spacetime-identity']).toBe(owner.identity);

    const info = (await stdb.anonymous.ok('getDatabase', { database: name })).body as DatabaseInfo;
    expect(info).toEqual({
      database_identity: result.database_identity,
      owner_identity: owner.identity,
      host_type: 'wasm',
      initial_program: moduleHash(bytes),
    });
    const byIdentity = await stdb.anonymous.ok('getDatabase', { database: `0x${result.database_identity}` });
    expect(byIdentity.body).toEqual(info);
    expect((await stdb.anonymous.ok('getDatabaseIdentity', { database: name })).text).toBe(result.database_identity);
    expect((await stdb.anonymous.ok('getDatabaseNames', { database: name })).body).toEqual({ names: [name] });
  },
);

itNeeding(
  STATE,
  'POST /v1/database creates a database without a name; an anonymous publisher owns it through the minted token',
  async () => {
    const bytes = await loadTestModule('quickstart');
    const reply = await stdb.anonymous.ok('publishNewDatabase', { body: { bytes, contentType: null } });
    const result = (reply.body as PublishResult).Success;
    const identity = reply.headers['spacetime-identity'] as string;
    const token = reply.headers['spacetime-identity-token'] as string;
    const owner = { identity, token, client: stdb.anonymous.as(token) };
    stdb.track(result.database_identity, owner);
    expect(result).toMatchObject({ domain: null, op: 'created' });
    expect((await stdb.anonymous.ok('getDatabaseNames', { database: result.database_identity })).body).toEqual({
      names: [],
    });
    const info = (await stdb.anonymous.ok('getDatabase', { database: result.database_identity })).body as DatabaseInfo;
    expect(info.owner_identity).toBe(identity);
    // The minted token is the owner's: it may read the logs and republish.
    await owner.client.ok('getDatabaseLogs', { database: result.database_identity });
    const again = await owner.client.publish(bytes, { database: result.database_identity });
    expect(again.status, describeReply(again)).toBe(200);
    expect((again.body as PublishResult).Success.op).toBe('updated');
  },
);

itNeeding(STATE, 'a compatible republish (POST and PUT, by name and by identity) keeps the data', async () => {
  const db = await stdb.publish('keyed');
  const { client } = db.owner;
  await client.ok('callReducer', {
    database: db.identity,
    reducer: 'create_user',
    body: ['kept@example.com', 'Kept', 40],
  });
  const bytes = await loadTestModule('keyed');
  for (const [database, method] of [
    [db.name as string, 'POST'],
    [db.identity, 'PUT'],
  ] as const) {
    const reply = await client.publish(bytes, { database, method });
    expect(reply.status, describeReply(reply)).toBe(200);
    expect((reply.body as PublishResult).Success).toMatchObject({ database_identity: db.identity, op: 'updated' });
  }
  expect(await client.rows(db.identity, "SELECT name FROM user WHERE email = 'kept@example.com'")).toEqual([['Kept']]);
  expect(await countRows(client, db.identity, 'audit')).toBe(1);
});

itNeeding(STATE, 'clear=true empties every table and runs init again', async () => {
  const db = await stdb.publish('keyed');
  const { client } = db.owner;
  await client.ok('callReducer', {
    database: db.identity,
    reducer: 'create_user',
    body: ['gone@example.com', 'Gone', 1],
  });
  expect(await countRows(client, db.identity, 'user')).toBe(1);
  const reply = await client.publish(await loadTestModule('keyed'), { database: db.identity, query: { clear: true } });
  expect(reply.status, describeReply(reply)).toBe(200);
  expect(await countRows(client, db.identity, 'user')).toBe(0);
  // init inserts one audit row: after clear there is exactly one again (emptied, then init ran).
  expect(await client.rows(db.identity, 'SELECT note FROM audit')).toEqual([['initialised']]);
});

itNeeding(
  STATE,
  'an incompatible module is 400 and leaves module and data unchanged (clear=true then replaces it)',
  async () => {
    const db = await stdb.publish('keyed');
    const { client } = db.owner;
    await client.ok('callReducer', {
      database: db.identity,
      reducer: 'create_user',
      body: ['stay@example.com', 'Stay', 2],
    });
    const before = (await client.ok('getDatabase', { database: db.identity })).body as DatabaseInfo;
    const quickstart = await loadTestModule('quickstart');
    expectText(await client.publish(quickstart, { database: db.identity }), 400);
    expect((await client.ok('getDatabase', { database: db.identity })).body).toEqual(before);
    expect(await client.rows(db.identity, 'SELECT name FROM user')).toEqual([['Stay']]);
    const cleared = await client.publish(quickstart, { database: db.identity, query: { clear: true } });
    expect(cleared.status, describeReply(cleared)).toBe(200);
    const after = (await client.ok('getDatabase', { database: db.identity })).body as DatabaseInfo;
    expect(after.initial_program).toBe(moduleHash(quickstart));
    expect(await countRows(client, db.identity, 'person')).toBe(0);
  },
);

itNeeding(STATE, 'invalid modules are 500 and create nothing, nor change an existing database', async () => {
  const owner = await stdb.owner();
  const db = await stdb.publish('quickstart');
  const before = (await owner.client.ok('getDatabase', { database: db.identity })).body;
  for (const [which, bytes] of Object.entries(await invalidModules())) {
    const name = runScopedDatabaseName('invalid');
    const created = await owner.client.publish(bytes, { database: name });
    if (created.status === 200) stdb.track((created.body as PublishResult).Success.database_identity, owner);
    expectText(created, 500);
    expectText(await stdb.anonymous.call('getDatabaseIdentity', { database: name }), 404);
    if (which === 'initFails') continue; // init runs only on a first publish
    expectText(await owner.client.publish(bytes, { database: db.identity }), 500);
    expect((await owner.client.ok('getDatabase', { database: db.identity })).body, which).toEqual(before);
  }
});

itNeeding(
  STATE,
  'another identity republishing (by name or identity, with or without clear) is 401 PermissionDenied and changes nothing',
  async () => {
    const db = await stdb.publish('quickstart');
    await db.owner.client.ok('callReducer', { database: db.identity, reducer: 'add', body: ['Owned'] });
    const intruder = await stdb.identity();
    const bytes = await loadTestModule('quickstart');
    for (const [database, query] of [
      [db.name as string, {}],
      [db.identity, {}],
      [db.identity, { clear: true }],
    ] as const) {
      const denied = expectJsonRefusal(
        await intruder.client.publish(bytes, { database, query }),
        401,
        'PermissionDenied',
      );
      expect(denied).toEqual({ name: database });
    }
    const anonymous = await stdb.anonymous.publish(bytes, { database: db.identity });
    expectJsonRefusal(anonymous, 401, 'PermissionDenied');
    expect(await db.owner.client.rows(db.identity, 'SELECT name FROM person')).toEqual([['Owned']]);
    const info = (await stdb.anonymous.ok('getDatabase', { database: db.identity })).body as DatabaseInfo;
    expect(info.owner_identity).toBe(db.owner.identity);
  },
);

itNeeding(STATE, 'host_type=Js is 400 and creates nothing', async () => {
  const owner = await stdb.owner();
  const name = runScopedDatabaseName('js');
  expectText(
    await owner.client.publish(await loadTestModule('quickstart'), { database: name, query: { host_type: 'Js' } }),
    400,
  );
  expectText(await stdb.anonymous.call('getDatabaseIdentity', { database: name }), 404);
});
