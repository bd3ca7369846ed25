/**
 * Deleting a database (spec: `deleteDatabase`): owner only (403 text), 200 with no body; the
 * database is gone by name and identity (404), its names are free for anyone to publish to (a new
 * database, another identity); an unknown name is 404, an identity without a database 200.
 */
import { loadTestModule } from '@dbwire/test-modules/spacetimedb';
import { expect } from 'vitest';
import { itNeeding } from '../../../src/needs.js';
import { runScopedDatabaseName, useSpacetimedb } from '../../../src/spacetimedb/fixture.js';
import { describeReply, expectText, type PublishResult } from '../../../src/spacetimedb/http.js';

const stdb = useSpacetimedb();
const STATE = { capabilities: ['state-changes'] } as const;

itNeeding(STATE, 'only the owner may delete: anyone else gets 403 text and the database stays', async () => {
  const db = await stdb.publish('quickstart');
  const intruder = await stdb.identity();
  const message = expectText(await intruder.client.call('deleteDatabase', { database: db.identity }), 403);
  expect(message).toContain('delete database');
  expectText(await stdb.anonymous.call('deleteDatabase', { database: db.name as string }), 403);
  await stdb.anonymous.ok('getDatabase', { database: db.identity });
});

itNeeding(
  STATE,
  'the owner’s delete answers 200 with no body; the database is 404 after and its name is free',
  async () => {
    const db = await stdb.publish('quickstart');
    const name = db.name as string;
    const deleted = await db.owner.client.ok('deleteDatabase', { database: name });
    expect(deleted.text).toBe('');
    expectText(await stdb.anonymous.call('getDatabase', { database: name }), 404);
    expectText(await stdb.anonymous.call('getDatabase', { database: db.identity }), 404);
    expectText(await stdb.anonymous.call('getDatabaseNames', { database: db.identity }), 404);
    expectText(await db.owner.client.call('callReducer', { database: db.identity, reducer: 'add', body: ['x'] }), 404);

    const newcomer = await stdb.identity();
    const again = await newcomer.client.publish(await loadTestModule('quickstart'), { database: name });
    expect(again.status, describeReply(again)).toBe(200);
    const result = (again.body as PublishResult).Success;
    stdb.track(result.database_identity, newcomer);
    expect(result.op).toBe('created');
    expect(result.database_identity, 'a deleted identity is never reused').not.toBe(db.identity);
  },
);

itNeeding(STATE, 'an unknown name is 404; an identity without a database is 200', async () => {
  const owner = await stdb.owner();
  expectText(await owner.client.call('deleteDatabase', { database: runScopedDatabaseName('never') }), 404);
  const gone = await owner.client.ok('deleteDatabase', { database: `c200${'0f'.repeat(30)}` });
  expect(gone.text).toBe('');
});
