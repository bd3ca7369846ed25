/**
 * TypeQL through the real TypeScript client, `typedb-driver-http@3.5.5`, against the reference
 * server: define, insert, match, fetch, reduce, delete, commit, one-shot queries, and an isolation
 * conflict between two concurrent transactions. The driver returns `{ ok }` or `{ err, status }`,
 * reads bodies only when `Content-Length` is present (a chunked answer would arrive as `ok: null`)
 * and types the answer's `warning` as `comment` (a driver lag, harmless): every body it hands back
 * is compared in full here.
 *
 * While the reference server has no TypeQL engine wired (queries answer 400 SRV1), the suite is
 * skipped and says so in its name.
 */
import { type ApiResponse, type DriverParams, type QueryResponse, TypeDBHttpDriver } from 'typedb-driver-http';
import { afterAll, describe, expect, it } from 'vitest';
import { startReferenceServer } from '../src/index.js';

const server = await startReferenceServer({
  host: '127.0.0.1',
  ports: { typedb: 0 },
  logger: false,
  // Any response outside the spec becomes a 500, which the driver would throw on.
  validateResponses: true,
  typedb: { passwordIterations: 1000 },
});
afterAll(() => server.close());

const driver = new TypeDBHttpDriver({
  username: 'admin',
  password: 'password',
  addresses: [server.urls.typedb],
} as DriverParams);

/** Whether the server executes TypeQL, or still answers every query 400 SRV1 (not implemented). */
async function engineWired(): Promise<boolean> {
  await driver.createDatabase('probe');
  const answer = await driver.oneShotQuery('match entity $t;', false, 'probe', 'read');
  await driver.deleteDatabase('probe');
  return !('err' in answer && answer.err.code === 'SRV1');
}
const wired = await engineWired();

const SCHEMA = `define
  attribute name, value string;
  attribute age, value integer;
  attribute email, value string;
  entity person, owns name @key, owns age, owns email, plays friendship:friend;
  relation friendship, relates friend @card(0..);`;

/** TypeDB's formatter output for SCHEMA (see contract-tests typeql-schema.test.ts). */
const SCHEMA_TEXT = `define

attribute name,
 value string;
attribute age,
 value integer;
attribute email,
 value string;
entity person,
  owns age,
  owns email,
  owns name @key,
  plays friendship:friend;
relation friendship,
  relates friend @card(0..);`;

const DATA = `insert
  $alice isa person, has name "Alice", has age 30, has email "alice@example.com";
  $bob isa person, has name "Bob", has age 25;
  $carol isa person, has name "Carol", has age 35;
  $dan isa person, has name "Dan", has age 25;
  $f1 isa friendship, links (friend: $alice, friend: $bob);
  $f2 isa friendship, links (friend: $alice, friend: $carol);
  $f3 isa friendship, links (friend: $bob, friend: $dan);`;

const ENTITY_IID = /^0x1e[0-9a-f]{20}$/;
const RELATION_IID = /^0x1f[0-9a-f]{20}$/;
const ATTRIBUTE_IID = /^0x20[0-9a-f]+$/;

const entity = (label: string) => ({
  kind: 'entity',
  iid: expect.stringMatching(ENTITY_IID),
  type: { kind: 'entityType', label },
});
const relation = (label: string) => ({
  kind: 'relation',
  iid: expect.stringMatching(RELATION_IID),
  type: { kind: 'relationType', label },
});
const attribute = (label: string, valueType: string, value: unknown) => ({
  kind: 'attribute',
  iid: expect.stringMatching(ATTRIBUTE_IID),
  value,
  valueType,
  type: { kind: 'attributeType', label, valueType },
});
const count = (n: number) => ({ kind: 'value', value: n, valueType: 'integer' });

/** `{ err, status }` with this status and root-cause code. */
const refused = (status: number, code: string) => ({ status, err: expect.objectContaining({ code }) });

/** The `ok` body of a driver answer, failing on `err`. */
function ok<T>(answer: ApiResponse<T>): T {
  if ('err' in answer) throw new Error(`expected ok, got ${answer.status} ${JSON.stringify(answer.err)}`);
  return answer.ok;
}

/** The rows' `data` of a conceptRows answer, checking the five keys of the response. */
function rows(
  answer: ApiResponse<QueryResponse>,
  queryType: 'read' | 'write' = 'read',
): Array<Record<string, unknown>> {
  const body = ok(answer) as unknown as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual(['answerType', 'answers', 'query', 'queryType', 'warning']);
  expect(body).toMatchObject({ queryType, answerType: 'conceptRows', warning: null });
  return (body.answers as Array<{ data: Record<string, unknown> }>).map((row) => row.data);
}

function documents(answer: ApiResponse<QueryResponse>): unknown[] {
  const body = ok(answer);
  expect(body).toEqual({
    queryType: 'read',
    answerType: 'conceptDocuments',
    answers: expect.any(Array),
    query: null,
    warning: null,
  });
  return (body as { answers: unknown[] }).answers;
}

async function open(database: string, type: 'read' | 'write' | 'schema'): Promise<string> {
  return ok(await driver.openTransaction(database, type)).transactionId;
}

const names = (data: Array<Record<string, unknown>>) => data.map((row) => (row.n as { value: string }).value).sort();

describe.skipIf(!wired)(
  `typedb-driver-http 3.5.5 runs TypeQL${wired ? '' : ' [TypeQL engine not wired: 400 SRV1]'}`,
  () => {
    it('defines a schema, inserts, matches, fetches, reduces, deletes and commits', async () => {
      expect(await driver.createDatabase('social')).toEqual({ ok: null });

      // define in a schema transaction: an `ok` answer, then commit (200, no body → ok: null).
      const schema = await open('social', 'schema');
      expect(await driver.query(schema, SCHEMA)).toEqual({
        ok: { queryType: 'schema', answerType: 'ok', answers: null, query: null, warning: null },
      });
      expect(await driver.commitTransaction(schema)).toEqual({ ok: null });
      expect(await driver.getDatabaseTypeSchema('social')).toEqual({ ok: SCHEMA_TEXT });
      expect(await driver.getDatabaseSchema('social')).toEqual({ ok: SCHEMA_TEXT });

      // insert in a write transaction: one row with every named variable.
      const write = await open('social', 'write');
      expect(rows(await driver.query(write, DATA), 'write')).toEqual([
        {
          alice: entity('person'),
          bob: entity('person'),
          carol: entity('person'),
          dan: entity('person'),
          f1: relation('friendship'),
          f2: relation('friendship'),
          f3: relation('friendship'),
        },
      ]);
      expect(await driver.commitTransaction(write)).toEqual({ ok: null });

      // match, fetch and reduce in a read transaction.
      const read = await open('social', 'read');
      expect(rows(await driver.query(read, 'match $p isa person, has name "Alice", has age $a;'))).toEqual([
        { p: entity('person'), a: attribute('age', 'integer', 30) },
      ]);
      expect(names(rows(await driver.query(read, 'match $p isa person, has name $n;')))).toEqual([
        'Alice',
        'Bob',
        'Carol',
        'Dan',
      ]);
      const friends = documents(
        await driver.query(
          read,
          'match $p isa person, has name "Alice"; $f isa friendship, links (friend: $p, friend: $q); fetch { "name": $q.name, "age": $q.age };',
        ),
      );
      expect([...friends].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual([
        { name: 'Bob', age: 25 },
        { name: 'Carol', age: 35 },
      ]);
      expect(rows(await driver.query(read, 'match $p isa person; reduce $n = count;'))).toEqual([{ n: count(4) }]);
      expect(
        rows(
          await driver.query(read, 'match $p isa person, has age $a; reduce $n = count;', {
            includeInstanceTypes: false,
          }),
        ),
      ).toEqual([{ n: count(4) }]);
      expect(await driver.closeTransaction(read)).toEqual({ ok: null });

      // delete, commit, and read the result with one-shot queries.
      const remove = await open('social', 'write');
      expect(rows(await driver.query(remove, 'match $p isa person, has name "Dan"; delete $p;'), 'write')).toEqual([
        {},
      ]);
      expect(await driver.commitTransaction(remove)).toEqual({ ok: null });
      expect(
        rows(await driver.oneShotQuery('match $p isa person; reduce $n = count;', false, 'social', 'read')),
      ).toEqual([{ n: count(3) }]);

      // A one-shot write commits; answerCountLimit cuts the answers (206, which the driver treats as ok).
      expect(
        rows(await driver.oneShotQuery('insert $p isa person, has name "Eve";', true, 'social', 'write'), 'write'),
      ).toEqual([{ p: entity('person') }]);
      const limited = ok(
        await driver.oneShotQuery('match $p isa person;', false, 'social', 'read', undefined, { answerCountLimit: 1 }),
      );
      expect(limited).toMatchObject({
        queryType: 'read',
        answerType: 'conceptRows',
        warning: expect.stringMatching(/limit \(1\) exceeded/),
      });
      expect((limited as { answers: Array<{ data: unknown }> }).answers.map((row) => row.data)).toEqual([
        { p: entity('person') },
      ]);
      expect(
        names(rows(await driver.oneShotQuery('match $p isa person, has name $n;', false, 'social', 'read'))),
      ).toEqual(['Alice', 'Bob', 'Carol', 'Eve']);

      expect(await driver.deleteDatabase('social')).toEqual({ ok: null });
    });

    it('reports query errors with TypeDB status and codes, and the transaction state they leave', async () => {
      await driver.createDatabase('errors');
      ok(await driver.oneShotQuery(SCHEMA, true, 'errors', 'schema'));

      const read = await open('errors', 'read');
      expect(await driver.query(read, 'match $p isa;')).toEqual(refused(400, 'TQL0'));
      expect(await driver.query(read, 'insert $p isa person, has name "Eve";')).toEqual(refused(400, 'TSV9'));
      expect(await driver.query(read, 'define entity robot;')).toEqual(refused(400, 'TSV8'));
      // Still open after all three.
      expect(rows(await driver.query(read, 'match $p isa person;'))).toEqual([]);
      expect(await driver.closeTransaction(read)).toEqual({ ok: null });

      // A failing write query closes the transaction.
      const write = await open('errors', 'write');
      expect(await driver.query(write, 'insert $x isa spaceship;')).toEqual(refused(400, 'INF2'));
      expect(await driver.commitTransaction(write)).toEqual(refused(404, 'TSV12'));

      // A missing @key fails the commit, which closes the transaction.
      const keyless = await open('errors', 'write');
      expect(rows(await driver.query(keyless, 'insert $p isa person, has age 40;'), 'write')).toEqual([
        { p: entity('person') },
      ]);
      expect(await driver.commitTransaction(keyless)).toEqual(refused(400, 'CNT5'));
      expect(await driver.commitTransaction(keyless)).toEqual(refused(404, 'TSV12'));

      expect(await driver.oneShotQuery('insert $p isa person, has name "Eve";', true, 'errors', 'read')).toEqual(
        refused(400, 'TSV9'),
      );
      expect(await driver.deleteDatabase('errors')).toEqual({ ok: null });
    });

    it('fails the second of two conflicting commits with 400 STC2', async () => {
      await driver.createDatabase('conflict');
      ok(await driver.oneShotQuery(SCHEMA, true, 'conflict', 'schema'));
      ok(await driver.oneShotQuery(DATA, true, 'conflict', 'write'));

      // One transaction deletes Dan; a concurrent one gives Dan an email (which relies on Dan existing).
      const deleter = await open('conflict', 'write');
      const adder = await open('conflict', 'write');
      expect(rows(await driver.query(deleter, 'match $p isa person, has name "Dan"; delete $p;'), 'write')).toEqual([
        {},
      ]);
      expect(
        rows(
          await driver.query(adder, 'match $p isa person, has name "Dan"; insert $p has email "dan@example.com";'),
          'write',
        ),
      ).toEqual([{ p: entity('person') }]);
      expect(await driver.commitTransaction(deleter)).toEqual({ ok: null });
      expect(await driver.commitTransaction(adder)).toEqual(refused(400, 'STC2'));
      // The failed commit closed the transaction.
      expect(await driver.rollbackTransaction(adder)).toEqual(refused(404, 'TSV12'));

      // Two transactions inserting the same @key value: the later commit conflicts too.
      const first = await open('conflict', 'write');
      const second = await open('conflict', 'write');
      ok(await driver.query(first, 'insert $p isa person, has name "Eve", has age 40;'));
      ok(await driver.query(second, 'insert $p isa person, has name "Eve", has age 41;'));
      expect(await driver.commitTransaction(first)).toEqual({ ok: null });
      expect(await driver.commitTransaction(second)).toEqual(refused(400, 'STC2'));

      // Independent inserts commit side by side.
      const left = await open('conflict', 'write');
      const right = await open('conflict', 'write');
      ok(await driver.query(left, 'insert $p isa person, has name "Fay";'));
      ok(await driver.query(right, 'insert $p isa person, has name "Gus";'));
      expect(await driver.commitTransaction(right)).toEqual({ ok: null });
      expect(await driver.commitTransaction(left)).toEqual({ ok: null });

      expect(
        names(rows(await driver.oneShotQuery('match $p isa person, has name $n;', false, 'conflict', 'read'))),
      ).toEqual(['Alice', 'Bob', 'Carol', 'Eve', 'Fay', 'Gus']);
      expect(await driver.deleteDatabase('conflict')).toEqual({ ok: null });
    });
  },
);
