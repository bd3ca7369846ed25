import { type RunningServer, startReferenceServer } from '@dbwire/reference-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  commitTransaction,
  createDatabase,
  createTypeDBClient,
  getDatabaseSchema,
  oneShotQuery,
  openTransaction,
  query,
  TypeDBError,
} from '../src/typedb/index.js';

/** The TypeDB quickstart (a small social network), through the SDK against the reference server. */
let server: RunningServer;
let client: Client;
const databaseName = 'social';

beforeAll(async () => {
  server = await startReferenceServer({ ports: { typedb: 0 }, typedb: { passwordIterations: 1000 } });
  client = createTypeDBClient({ baseUrl: server.urls.typedb, username: 'admin', password: 'password' });
  await createDatabase({ client, path: { databaseName } });
});
afterAll(() => server.close());

const oneShot = (transactionType: 'read' | 'write' | 'schema', text: string) =>
  oneShotQuery({ client, body: { databaseName, transactionType, query: text } });

describe('TypeDB quickstart through @dbwire/sdk/typedb', () => {
  it('defines a schema, inserts people and friendships, fetches friends and counts', async () => {
    const defined = await oneShot(
      'schema',
      `define
        attribute name, value string;
        attribute age, value integer;
        entity person, owns name @key, owns age, plays friendship:friend;
        relation friendship, relates friend @card(0..);`,
    );
    expect(defined.data).toEqual({ queryType: 'schema', answerType: 'ok', answers: null, query: null, warning: null });

    const { data: opened } = await openTransaction({ client, body: { databaseName, transactionType: 'write' } });
    const transactionId = opened.transactionId;
    const inserted = await query({
      client,
      path: { transactionId },
      body: {
        query: `insert
          $ann isa person, has name "Ann", has age 31;
          $bob isa person, has name "Bob", has age 27;
          $cid isa person, has name "Cid";
          friendship (friend: $ann, friend: $bob);
          friendship (friend: $ann, friend: $cid);`,
      },
    });
    expect(inserted.data).toMatchObject({ queryType: 'write', answerType: 'conceptRows' });
    await commitTransaction({ client, path: { transactionId } });

    const friends = await oneShot(
      'read',
      `match $ann isa person, has name "Ann"; friendship (friend: $ann, friend: $f); $f has name $n;
       sort $n; fetch { "friend": $n };`,
    );
    expect(friends.data).toMatchObject({
      queryType: 'read',
      answerType: 'conceptDocuments',
      answers: [{ friend: 'Bob' }, { friend: 'Cid' }],
    });

    const counted = await oneShot('read', 'match $p isa person; reduce $count = count;');
    expect(counted.data).toMatchObject({
      answerType: 'conceptRows',
      answers: [{ data: { count: { kind: 'value', value: 3, valueType: 'integer' } } }],
    });

    const { data: schema } = await getDatabaseSchema({ client, path: { databaseName } });
    expect(schema).toContain('entity person,\n  owns age,\n  owns name @key,\n  plays friendship:friend;');
  });

  it('throws a typed error for a query with a syntax error', async () => {
    const failure = await oneShot('read', 'match $p isa;').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TypeDBError);
    expect(failure).toMatchObject({ status: 400, code: 'TQL0' });
  });
});
