/**
 * Names (spec: Names, and the names decisions in info.description): only `[a-z0-9]` with single
 * inner hyphens, never an identity (400 text); `POST …/names` adds one (200, also when the
 * database has it already), `PUT …/names` replaces them all (duplicates collapse, `[]` removes
 * every one); only the owner names a database (401 `PermissionDenied` / `NotYourDatabase`); a name
 * of someone else's database is 401 `PermissionDenied`, one of another database of the caller 400.
 * Nothing changes on a refusal.
 */
import { describe, expect } from 'vitest';
import { itNeeding } from '../../../src/needs.js';
import { type Published, runScopedDatabaseName, useSpacetimedb } from '../../../src/spacetimedb/fixture.js';
import { expectJsonRefusal, expectText, type SpacetimedbClient } from '../../../src/spacetimedb/http.js';

const stdb = useSpacetimedb();
const STATE = { capabilities: ['state-changes'] } as const;

const INVALID_NAMES = ['Upper', 'a--b', '-lead', 'trail-', 'under_score', 'dot.name', 'sp ace', 'c200'.padEnd(64, 'a')];

function addName(client: SpacetimedbClient, database: string, name: string) {
  return client.call('addDatabaseName', { database, body: { raw: name, contentType: 'text/plain' } });
}

async function namesOf(db: Published): Promise<string[]> {
  return ((await stdb.anonymous.ok('getDatabaseNames', { database: db.identity })).body as { names: string[] }).names;
}

describe('validation', () => {
  itNeeding(STATE, 'invalid names are 400 text on POST and PUT, and nothing changes', async () => {
    const db = await stdb.publish('quickstart');
    const { client } = db.owner;
    for (const name of INVALID_NAMES) {
      expectText(await addName(client, db.identity, name), 400);
      expectText(await client.call('setDatabaseNames', { database: db.identity, body: [name] }), 400);
    }
    expectText(await client.call('setDatabaseNames', { database: db.identity, body: { names: ['x'] } }), 400);
    expect(await namesOf(db)).toEqual([db.name]);
  });

  itNeeding(STATE, 'a path that is neither a name nor an identity is 400 on every database route', async () => {
    for (const database of ['Not_A_Name', 'a--b', '-lead', `0X${'AB'.repeat(32)}`]) {
      expectText(await stdb.anonymous.call('getDatabase', { database, conform: false }), 400);
      expectText(await stdb.anonymous.call('getDatabaseNames', { database, conform: false }), 400);
    }
  });
});

itNeeding(STATE, 'POST adds a name (idempotently): the database answers to it, listed in the order added', async () => {
  const db = await stdb.publish('quickstart');
  const extra = runScopedDatabaseName('alias');
  const reply = await addName(db.owner.client, db.identity, extra);
  expect(reply.status).toBe(200);
  expect(reply.body).toEqual({
    Success: { domain: extra, database_result: db.identity, database_identity: db.identity },
  });
  expect(await namesOf(db)).toEqual([db.name, extra]);
  expect((await stdb.anonymous.ok('getDatabaseIdentity', { database: extra })).text).toBe(db.identity);
  expect((await addName(db.owner.client, db.name as string, extra)).status).toBe(200);
  expect(await namesOf(db)).toEqual([db.name, extra]);
});

itNeeding(
  STATE,
  'PUT replaces every name (duplicates collapse); the old names are free; [] removes them all',
  async () => {
    const db = await stdb.publish('quickstart');
    const [first, second] = [runScopedDatabaseName('first'), runScopedDatabaseName('second')];
    const reply = await db.owner.client.ok('setDatabaseNames', { database: db.identity, body: [first, second, first] });
    expect(reply.body).toEqual({ Success: null });
    expect(await namesOf(db)).toEqual([first, second]);
    expectText(await stdb.anonymous.call('getDatabaseIdentity', { database: db.name as string }), 404);
    expect((await stdb.anonymous.ok('getDatabaseIdentity', { database: second })).text).toBe(db.identity);
    await db.owner.client.ok('setDatabaseNames', { database: db.identity, body: [] });
    expect(await namesOf(db)).toEqual([]);
    expectText(await stdb.anonymous.call('getDatabaseIdentity', { database: first }), 404);
  },
);

itNeeding(STATE, 'only the owner names a database: POST 401 PermissionDenied, PUT 401 NotYourDatabase', async () => {
  const db = await stdb.publish('quickstart');
  const intruder = await stdb.identity();
  const wanted = runScopedDatabaseName('stolen');
  expect(expectJsonRefusal(await addName(intruder.client, db.identity, wanted), 401, 'PermissionDenied')).toEqual({
    domain: wanted,
  });
  const denied = expectJsonRefusal(
    await intruder.client.call('setDatabaseNames', { database: db.identity, body: [wanted] }),
    401,
    'NotYourDatabase',
  );
  expect(denied).toEqual({ database: db.identity });
  expectJsonRefusal(await addName(stdb.anonymous, db.identity, wanted), 401, 'PermissionDenied');
  expect(await namesOf(db)).toEqual([db.name]);
  expectText(await stdb.anonymous.call('getDatabaseIdentity', { database: wanted }), 404);
});

itNeeding(
  STATE,
  'a taken name: someone else’s is 401 PermissionDenied, another of the caller’s databases 400',
  async () => {
    const mine = await stdb.publish('quickstart');
    const alsoMine = await stdb.publish('quickstart');
    const theirs = await stdb.publish('quickstart', { owner: await stdb.identity() });
    const { client } = mine.owner;
    expectJsonRefusal(await addName(client, mine.identity, theirs.name as string), 401, 'PermissionDenied');
    expect(
      expectJsonRefusal(
        await client.call('setDatabaseNames', { database: mine.identity, body: [theirs.name as string] }),
        401,
        'PermissionDenied',
      ),
    ).toBeNull();
    expectText(await addName(client, mine.identity, alsoMine.name as string), 400);
    const other = expectJsonRefusal(
      await client.call('setDatabaseNames', { database: mine.identity, body: [alsoMine.name as string] }),
      400,
      'OtherError',
    );
    expect(typeof other).toBe('string');
    expect(await namesOf(mine)).toEqual([mine.name]);
    expect(await namesOf(alsoMine)).toEqual([alsoMine.name]);
    expect(await namesOf(theirs)).toEqual([theirs.name]);
  },
);
