/**
 * SQL (spec: `runSql`, and the SQL decisions in info.description): one result per statement with
 * the schema as a SATS product type, untyped rows, `total_duration_micros` and `stats`; the owner
 * sees every table, anyone else only public ones (a private table is 400); DML by anyone but the
 * owner is 400 and changes nothing; `;`-separated statements run in one transaction, each seeing
 * the ones before; a failing statement applies nothing; u64 values beyond 2^53 come back exactly.
 */
import { expect } from 'vitest';
import { itNeeding } from '../../../src/needs.js';
import { useSpacetimedb } from '../../../src/spacetimedb/fixture.js';
import { expectText } from '../../../src/spacetimedb/http.js';

const stdb = useSpacetimedb();
const STATE = { capabilities: ['state-changes'] } as const;

const NO_CHANGES = { rows_inserted: 0, rows_deleted: 0, rows_updated: 0 };

itNeeding(STATE, 'a SELECT answers one result: the schema, untyped rows, a duration and zero stats', async () => {
  const db = await stdb.publish('quickstart');
  const { client } = db.owner;
  for (const name of ['Alice', 'Bob'])
    await client.ok('callReducer', { database: db.identity, reducer: 'add', body: [name] });
  const results = await client.query(db.identity, 'SELECT * FROM person');
  expect(results).toHaveLength(1);
  const [result] = results;
  expect(result?.schema).toEqual({ elements: [{ name: { some: 'name' }, algebraic_type: { String: [] } }] });
  expect(result?.rows.map((row) => row[0]).sort()).toEqual(['Alice', 'Bob']);
  expect(result?.stats).toEqual(NO_CHANGES);
  expect(Number(result?.total_duration_micros)).toBeGreaterThanOrEqual(0);
  const [count] = await client.query(db.identity, 'SELECT COUNT(*) AS n FROM person');
  expect(count?.schema).toEqual({ elements: [{ name: { some: 'n' }, algebraic_type: { U64: [] } }] });
  expect(count?.rows).toEqual([[2]]);
});

itNeeding(
  STATE,
  'private tables: the owner sees them, anyone else (anonymous too) gets 400; public tables are for all',
  async () => {
    const db = await stdb.publish('keyed');
    await db.owner.client.ok('callReducer', {
      database: db.identity,
      reducer: 'create_user',
      body: ['pub@example.com', 'Pub', 3],
    });
    const stranger = await stdb.identity();
    expect(await db.owner.client.rows(db.identity, 'SELECT note FROM audit')).toEqual([['initialised']]);
    for (const client of [stranger.client, stdb.anonymous]) {
      expectText(await client.sql(db.identity, 'SELECT * FROM audit'), 400);
      expectText(await client.sql(db.identity, 'SELECT COUNT(*) AS n FROM audit'), 400);
      expect(await client.rows(db.identity, 'SELECT name FROM user')).toEqual([['Pub']]);
    }
  },
);

itNeeding(
  STATE,
  'DML by anyone but the owner is 400 and changes nothing; the owner’s DML answers its counts',
  async () => {
    const db = await stdb.publish('keyed');
    const stranger = await stdb.identity();
    for (const statement of [
      "INSERT INTO user (id, email, name, age) VALUES (0, 'dml@example.com', 'Dml', 1)",
      'DELETE FROM user',
      "UPDATE user SET name = 'x'",
    ]) {
      expectText(await stranger.client.sql(db.identity, statement), 400);
    }
    expect(await db.owner.client.rows(db.identity, 'SELECT COUNT(*) AS n FROM user')).toEqual([[0]]);
    const [inserted] = await db.owner.client.query(
      db.identity,
      "INSERT INTO user (id, email, name, age) VALUES (7, 'dml@example.com', 'Dml', 1)",
    );
    expect(inserted?.stats).toEqual({ ...NO_CHANGES, rows_inserted: 1 });
    expect(inserted?.rows).toEqual([]);
    const [updated] = await db.owner.client.query(db.identity, "UPDATE user SET name = 'Renamed' WHERE id = 7");
    expect(updated?.stats).toEqual({ ...NO_CHANGES, rows_updated: 1 });
    expect(await db.owner.client.rows(db.identity, 'SELECT name FROM user WHERE id = 7')).toEqual([['Renamed']]);
  },
);

itNeeding(STATE, 'several statements run in one transaction, in order, one result each', async () => {
  const db = await stdb.publish('quickstart');
  const results = await db.owner.client.query(
    db.identity,
    "INSERT INTO person (name) VALUES ('One'); SELECT COUNT(*) AS n FROM person;; INSERT INTO person (name) VALUES ('a;b'); SELECT name FROM person WHERE name = 'a;b';",
  );
  expect(results).toHaveLength(4);
  expect(results[0]?.stats.rows_inserted).toBe(1);
  expect(results[1]?.rows).toEqual([[1]]);
  expect(results[3]?.rows).toEqual([['a;b']]);
  // confirmed is accepted and changes nothing.
  const confirmed = await db.owner.client.call('runSql', {
    database: db.identity,
    query: { confirmed: true },
    body: { raw: 'SELECT COUNT(*) AS n FROM person', contentType: 'text/plain' },
  });
  expect(confirmed.status).toBe(200);
  expect(confirmed.body).toMatchObject([{ rows: [[2]] }]);
});

itNeeding(STATE, 'a failing statement is 400 and nothing of the batch is applied', async () => {
  const db = await stdb.publish('quickstart');
  const { client } = db.owner;
  expectText(
    await client.sql(db.identity, "INSERT INTO person (name) VALUES ('Lost'); SELECT * FROM no_such_table"),
    400,
  );
  expectText(await client.sql(db.identity, 'DELETE FROM person; SELECT nope FROM person'), 400);
  expect(await client.rows(db.identity, 'SELECT * FROM person')).toEqual([]);
  expectText(await client.sql(db.identity, 'SELEKT 1'), 400);
});

itNeeding(
  STATE,
  'u64 values beyond 2^53 are stored, compared and answered exactly (SQL and reducer arguments)',
  async () => {
    const db = await stdb.publish('keyed');
    const { client } = db.owner;
    const big = 2n ** 53n + 1n;
    await client.query(
      db.identity,
      `INSERT INTO user (id, email, name, age) VALUES (${big}, 'big@example.com', 'Big', 9)`,
    );
    expect(await client.rows(db.identity, "SELECT id FROM user WHERE email = 'big@example.com'")).toEqual([[big]]);
    expect(await client.rows(db.identity, `SELECT name FROM user WHERE id = ${big}`)).toEqual([['Big']]);
    expect(await client.rows(db.identity, `SELECT name FROM user WHERE id = ${big - 1n}`)).toEqual([]);
    // The same id as a reducer argument, written as an exact JSON integer.
    await client.ok('callReducer', { database: db.identity, reducer: 'rename_user', body: [big, 'Bigger'] });
    expect(await client.rows(db.identity, `SELECT name FROM user WHERE id = ${big}`)).toEqual([['Bigger']]);
    // dbwire decision: 64-bit arguments may also be strings of decimal digits (clients without lossless JSON).
    await client.ok('callReducer', {
      database: db.identity,
      reducer: 'rename_user',
      body: [big.toString(), 'Biggest'],
    });
    expect(await client.rows(db.identity, `SELECT name FROM user WHERE id = ${big}`)).toEqual([['Biggest']]);
    const max = 2n ** 64n - 1n;
    await client.query(
      db.identity,
      `INSERT INTO user (id, email, name, age) VALUES (${max}, 'max@example.com', 'Max', 9)`,
    );
    expect(await client.rows(db.identity, "SELECT id FROM user WHERE email = 'max@example.com'")).toEqual([[max]]);
  },
);
