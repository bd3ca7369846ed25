/**
 * Reducer calls (spec: `callReducer`): arguments as a JSON array or an object, 200 with no body and
 * the energy and duration headers; wrong arguments 400, an unknown reducer 404, a lifecycle reducer
 * 400, no `Content-Type` 400 and another one 415 (nothing runs). A reducer that returns an error or
 * traps answers 530 with its message and **nothing it did is kept**; the database keeps working.
 */
import { MESSAGES } from '@dbwire/test-modules/spacetimedb';
import { expect } from 'vitest';
import { itNeeding } from '../../../src/needs.js';
import { type Published, useSpacetimedb } from '../../../src/spacetimedb/fixture.js';
import { describeReply, expectText } from '../../../src/spacetimedb/http.js';

const stdb = useSpacetimedb();
const STATE = { capabilities: ['state-changes'] } as const;

async function usersWithEmail(db: Published, email: string): Promise<unknown[][]> {
  return db.owner.client.rows(db.identity, `SELECT name, age FROM user WHERE email = '${email}'`);
}

itNeeding(
  STATE,
  'arguments as a JSON array or an object: 200, no body, energy and duration headers, the row stored',
  async () => {
    const db = await stdb.publish('keyed');
    const { client } = db.owner;
    const byArray = await client.ok('callReducer', {
      database: db.identity,
      reducer: 'create_user',
      body: ['array@example.com', 'Array', 31],
    });
    expect(byArray.text).toBe('');
    expect(byArray.headers['spacetime-energy-used']).toMatch(/^[0-9]+$/);
    expect(byArray.headers['spacetime-execution-duration-micros']).toMatch(/^[0-9]+$/);
    expect(byArray.headers['spacetime-identity']).toBe(db.owner.identity);
    await client.ok('callReducer', {
      database: db.name as string,
      reducer: 'create_user',
      body: { age: 32, name: 'Object', email: 'object@example.com' },
    });
    expect(await usersWithEmail(db, 'array@example.com')).toEqual([['Array', 31]]);
    expect(await usersWithEmail(db, 'object@example.com')).toEqual([['Object', 32]]);
    // Anyone may call a reducer, an anonymous caller too.
    await stdb.anonymous.ok('callReducer', {
      database: db.identity,
      reducer: 'create_user',
      body: ['anon@example.com', 'Anon', 1],
    });
    expect(await usersWithEmail(db, 'anon@example.com')).toEqual([['Anon', 1]]);
  },
);

itNeeding(STATE, 'wrong arguments are 400 and nothing runs', async () => {
  const db = await stdb.publish('keyed');
  const call = (body: unknown) =>
    db.owner.client.call('callReducer', { database: db.identity, reducer: 'create_user', body });
  for (const body of [
    ['only@example.com'],
    ['too@example.com', 'Many', 1, 2],
    ['type@example.com', 'Type', 'not a number'],
    ['range@example.com', 'Range', -1],
    { email: 'missing@example.com', name: 'Missing' },
    'not arguments',
  ]) {
    expectText(await call(body), 400);
  }
  expect(await db.owner.client.rows(db.identity, 'SELECT COUNT(*) AS n FROM user')).toEqual([[0]]);
});

itNeeding(STATE, 'an unknown reducer is 404, a lifecycle reducer 400', async () => {
  const db = await stdb.publish('quickstart');
  const { client } = db.owner;
  expectText(await client.call('callReducer', { database: db.identity, reducer: 'no_such_reducer', body: [] }), 404);
  for (const reducer of ['init', 'identity_connected', 'identity_disconnected']) {
    expectText(await client.call('callReducer', { database: db.identity, reducer, body: [] }), 400);
  }
});

itNeeding(STATE, 'no Content-Type is 400, another Content-Type 415, and the reducer does not run', async () => {
  const db = await stdb.publish('quickstart');
  const { client } = db.owner;
  const raw = (contentType: string | null) =>
    client.call('callReducer', {
      database: db.identity,
      reducer: 'add',
      body: { raw: '["Typed"]', contentType },
    });
  expectText(await raw(null), 400);
  expectText(await raw('text/plain'), 415);
  expect(await client.rows(db.identity, 'SELECT * FROM person')).toEqual([]);
});

itNeeding(STATE, 'a reducer that returns an error: 530 with its message, and its insert is rolled back', async () => {
  const db = await stdb.publish('keyed');
  const reply = await db.owner.client.call('callReducer', {
    database: db.identity,
    reducer: 'add_then_fail',
    body: ['fail@example.com', 'Fail'],
  });
  expect(expectText(reply, 530)).toContain(MESSAGES.addThenFail);
  expect(await usersWithEmail(db, 'fail@example.com'), 'a failed reducer must leave no row').toEqual([]);
});

itNeeding(STATE, 'a reducer that traps: 530, its insert is rolled back, and the database still works', async () => {
  const db = await stdb.publish('keyed');
  const { client } = db.owner;
  const trapped = await client.call('callReducer', {
    database: db.identity,
    reducer: 'add_then_trap',
    body: ['trap@example.com', 'Trap'],
  });
  expectText(trapped, 530);
  expect(await usersWithEmail(db, 'trap@example.com'), 'a trapped reducer must leave no row').toEqual([]);
  await client.ok('callReducer', {
    database: db.identity,
    reducer: 'create_user',
    body: ['trap@example.com', 'After', 5],
  });
  expect(await usersWithEmail(db, 'trap@example.com')).toEqual([['After', 5]]);
});

itNeeding(STATE, 'a unique violation inside a reducer is its error: 530, the first row unchanged', async () => {
  const db = await stdb.publish('keyed');
  const { client } = db.owner;
  await client.ok('callReducer', {
    database: db.identity,
    reducer: 'create_user',
    body: ['same@example.com', 'First', 1],
  });
  const second = await client.call('callReducer', {
    database: db.identity,
    reducer: 'create_user',
    body: ['same@example.com', 'Second', 2],
  });
  expect(second.status, describeReply(second)).toBe(530);
  expect(await usersWithEmail(db, 'same@example.com')).toEqual([['First', 1]]);
});
