import {
  createSpacetimedbClient,
  ForbiddenError,
  NotFoundError,
  ReducerFailedError,
  rowsAsObjects,
} from '@dbwire/sdk/spacetimedb';
import { loadTestModule, MESSAGES } from '@dbwire/test-modules/spacetimedb';
import { describe, expect, it } from 'vitest';
import { createSpacetimedbMock } from '../src/spacetimedb/index.js';
import { rejection, serveMock } from './helpers.js';

/**
 * The SpacetimeDB mock through the SDK and `fetch` only (msw answers the fetches): publishing runs
 * the test module's WebAssembly, reducer calls change its tables, SQL sees the rows, and the
 * anonymous identity the SDK keeps owns what it published. Every response is checked against the spec.
 */
const baseUrl = 'http://stdb.mock.test:3000';
serveMock((onError) => createSpacetimedbMock({ baseUrl, validateResponses: true, onError }));
const connect = () => createSpacetimedbClient({ baseUrl, maxRetries: 0 });

describe('the SpacetimeDB mock', () => {
  it('publishes quickstart, calls add, and SQL sees the row', async () => {
    const stdb = connect();
    const published = await stdb.publishDatabase('quickstart', await loadTestModule('quickstart'));
    expect(published).toMatchObject({ domain: 'quickstart', op: 'created' });
    expect(stdb.identity).toMatch(/^c200[0-9a-f]{60}$/);
    expect(stdb.token).toBeDefined();

    await stdb.callReducer('quickstart', 'add', ['Alice']);
    await stdb.callReducer('quickstart', 'add', { name: 'Bob' });
    const [people] = await stdb.sql('quickstart', 'SELECT * FROM person');
    expect(rowsAsObjects(people ?? { schema: { elements: [] }, rows: [] })).toEqual([
      { name: 'Alice' },
      { name: 'Bob' },
    ]);

    await stdb.callReducer('quickstart', 'say_hello');
    const messages = (await stdb.logs('quickstart')).map((line) => line.message);
    expect(messages).toEqual(expect.arrayContaining(['Hello, Alice!', 'Hello, Bob!', MESSAGES.helloWorld]));

    const info = await stdb.getDatabase('quickstart');
    expect(info).toMatchObject({ database_identity: published.database_identity, owner_identity: stdb.identity });
    expect(await stdb.getIdentity('quickstart')).toBe(published.database_identity);
    expect(await stdb.getNames(published.database_identity)).toEqual(['quickstart']);
    const schema = await stdb.getSchema('quickstart');
    expect(schema.tables.map((table) => table.name)).toEqual(['person']);
  });

  it('keeps what an anonymous publisher owns to itself', async () => {
    const owner = connect();
    await owner.publishDatabase('chat', await loadTestModule('quickstart'));
    const stranger = connect();
    expect(await rejection(stranger.deleteDatabase('chat'))).toBeInstanceOf(ForbiddenError);
    expect(stranger.identity).not.toBe(owner.identity);
    await owner.deleteDatabase('chat');
    expect(await rejection(owner.getDatabase('chat'))).toBeInstanceOf(NotFoundError);
  });

  it('answers 530 for a reducer that fails, and keeps nothing it did', async () => {
    const stdb = connect();
    await stdb.publishDatabase('keyed', await loadTestModule('keyed'));
    await stdb.callReducer('keyed', 'create_user', ['ada@example.com', 'Ada', 36]);
    const failed = await rejection(stdb.callReducer('keyed', 'add_then_fail', ['bob@example.com', 'Bob']));
    expect(failed).toBeInstanceOf(ReducerFailedError);
    expect(failed).toMatchObject({ status: 530, message: expect.stringContaining(MESSAGES.addThenFail) });
    const [users] = await stdb.sql('keyed', 'SELECT email FROM user');
    expect(users?.rows).toEqual([['ada@example.com']]);
  });

  it('keeps a u64 beyond 2^53 exact, from SQL INSERT to the rows the SDK reads', async () => {
    const stdb = connect();
    await stdb.publishDatabase('keyed', await loadTestModule('keyed'));
    const [inserted] = await stdb.sql(
      'keyed',
      "INSERT INTO user (id, email, name, age) VALUES (18446744073709551615, 'max@example.com', 'Max', 1)",
    );
    expect(inserted?.stats).toMatchObject({ rows_inserted: 1 });
    const [users] = await stdb.sql('keyed', "SELECT id, name FROM user WHERE email = 'max@example.com'");
    expect(rowsAsObjects(users ?? { schema: { elements: [] }, rows: [] })).toEqual([
      { id: 18446744073709551615n, name: 'Max' },
    ]);
  });
});
