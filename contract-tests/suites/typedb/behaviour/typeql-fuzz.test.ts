/**
 * Property-based: whatever the query text, `POST /v1/query` answers — a 2xx query answer, or a
 * 4xx the spec documents for the operation with TypeDB's `{code, message}` body — and never a 5xx
 * or no answer at all. Queries are random strings, random token soups, and one to three random
 * edits of valid queries (deleted, duplicated or truncated slices, inserted tokens, swapped
 * keywords, odd literals, deep nesting), sent as read and write one-shots against a database with
 * the quickstart schema and data. Seeded (`DBWIRE_SEED`), about 150 queries, under 20 seconds.
 */
import { typedbApi } from '@dbwire/server-stubs/typedb';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { generationSettings, operationSeed } from '../../../src/generic/settings.js';
import { describeNeeding } from '../../../src/typedb/capabilities.js';
import { type ApiResult, delay, targetUrl } from '../../../src/typedb/http.js';
import { ERROR_CODE, expectAnswer, TYPEQL_NEEDS, useTypeQL } from '../../../src/typedb/typeql.js';

const { typedb, q } = useTypeQL();

const RUNS = 150;
/** The property's time budget; a slower server fails the test rather than passing on fewer runs. */
const BUDGET_MS = 20_000;
/** One request gets this long before it counts as a hang. */
const REQUEST_TIMEOUT_MS = 5_000;

/** Valid queries of the quickstart: reads, writes, and a schema query (TSV8 as a read or write). */
const VALID = [
  'match $p isa person;',
  'match $p isa person, has name $n;',
  'match $p isa person, has name "Alice"; fetch { "name": $p.name, "all": { $p.* } };',
  'match $p isa person, has age $a; $a > 25; sort $a desc; limit 2;',
  'match $p isa person, has name $n; sort $n; offset 1; limit 2; select $n;',
  'match $p isa person; reduce $n = count;',
  'match $p isa person, has age $a; reduce $s = sum($a), $m = mean($a);',
  'match $f isa friendship, links (friend: $x, friend: $y); select $x;',
  'match $p isa person; fetch { "name": $p.name, "friends": [ match $f isa friendship, links (friend: $p, friend: $q); fetch { "n": $q.name }; ] };',
  'match $t relates $r;',
  'match entity $t;',
  'match attribute $t; fetch { "type": $t };',
  'insert $p isa person, has name "Zed", has age 40, has email "zed@example.com";',
  'match $p isa person, has name "Bob"; update $p has age 26;',
  'match $p isa person, has name "Dan"; delete $p;',
  'match $p isa person, has name "Alice", has email $e; delete has $e of $p;',
  'match $a isa person, has name "Alice"; insert $f isa friendship, links (friend: $a);',
  'define entity robot, owns name;',
];

const TOKENS = [
  ...['match', 'insert', 'delete', 'update', 'put', 'fetch', 'define', 'undefine', 'redefine', 'select', 'sort'],
  ...['offset', 'limit', 'reduce', 'count', 'sum', 'mean', 'groupby', 'distinct', 'isa', 'isa!', 'has', 'links'],
  ...['of', 'sub', 'owns', 'plays', 'relates', 'entity', 'relation', 'attribute', 'value', 'label', 'asc', 'desc'],
  ...['not', 'or', 'try', 'let', 'like', 'contains', 'iid', 'with', 'fun', 'return', 'first', 'struct', 'end'],
  ...[';', ',', '.', ':', '{', '}', '(', ')', '[', ']', '=', '==', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/'],
  ...['$', '$x', '$_', '$p', '$n', '$p.*', '$p.name', '@key', '@card(0..)', '@card(2..1)', '@abstract', '#', '\\'],
  ...['"', "'", '"x"', '""', '"\\u0000"', '"é"', '"🦀"', '"\\"', 'true', 'false', '0', '-1', '1.5', '-0.0'],
  ...['99999999999999999999999999', '1e400', '12.5dec', '2024-02-30', '2024-01-01T25:00:00', 'P', 'P1Y2M', 'PT'],
  ...['2024-01-01T00:00:00 Nowhere/Zone', 'person', 'friendship', 'friend', 'name', 'age', 'email'],
  ...['friendship:friend', 'nonexistent', 'person:name', 'é', '🦀', '\u0000', '\n', '\t', ' '],
];

const KEYWORDS = ['match', 'insert', 'delete', 'update', 'fetch', 'isa', 'has', 'links', 'reduce', 'sort', 'limit'];

type Edit =
  | { kind: 'delete'; from: number; to: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'duplicate'; from: number; to: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'keyword'; from: string; to: string }
  | { kind: 'literal'; text: string }
  | { kind: 'number'; text: string }
  | { kind: 'nest'; at: number; open: string; depth: number };

const fraction = fc.double({ min: 0, max: 1, noNaN: true });
const token = fc.oneof(fc.constantFrom(...TOKENS), fc.string({ unit: 'grapheme', maxLength: 12 }));

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), from: fraction, to: fraction }),
  fc.record({ kind: fc.constant('insert' as const), at: fraction, text: token }),
  fc.record({ kind: fc.constant('duplicate' as const), from: fraction, to: fraction }),
  fc.record({ kind: fc.constant('truncate' as const), at: fraction }),
  fc.record({ kind: fc.constant('keyword' as const), from: fc.constantFrom(...KEYWORDS), to: token }),
  fc.record({ kind: fc.constant('literal' as const), text: fc.string({ unit: 'binary', maxLength: 40 }) }),
  fc.record({
    kind: fc.constant('number' as const),
    text: fc.oneof(
      fc.constantFrom('99999999999999999999', '-9223372036854775809', '1e999', 'NaN', '0x10', '1_000', '00'),
      fc.integer().map(String),
      fc.double().map(String),
    ),
  }),
  fc.record({
    kind: fc.constant('nest' as const),
    at: fraction,
    open: fc.constantFrom('{', '(', '[', 'not {', '{ $x isa person; } or {', 'try {'),
    depth: fc.integer({ min: 1, max: 3_000 }),
  }),
);

const index = (text: string, at: number) => Math.min(text.length, Math.floor(at * (text.length + 1)));

function applyEdit(text: string, change: Edit): string {
  switch (change.kind) {
    case 'delete':
    case 'duplicate': {
      const [from, to] = [index(text, change.from), index(text, change.to)].sort((a, b) => a - b) as [number, number];
      return change.kind === 'delete'
        ? text.slice(0, from) + text.slice(to)
        : text.slice(0, to) + text.slice(from, to) + text.slice(to);
    }
    case 'insert': {
      const at = index(text, change.at);
      return `${text.slice(0, at)} ${change.text} ${text.slice(at)}`;
    }
    case 'truncate':
      return text.slice(0, index(text, change.at));
    case 'keyword':
      return text.replace(new RegExp(`\\b${change.from}\\b`), change.to);
    case 'literal':
      return text.replace(/"[^"]*"/, JSON.stringify(change.text));
    case 'number':
      return /\d+/.test(text) ? text.replace(/\d+/, change.text) : `${text} limit ${change.text};`;
    case 'nest': {
      const at = index(text, change.at);
      return text.slice(0, at) + `${change.open} `.repeat(change.depth) + text.slice(at);
    }
  }
}

const queryText: fc.Arbitrary<string> = fc.oneof(
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 120 }) },
  { weight: 1, arbitrary: fc.array(token, { maxLength: 30 }).map((tokens) => tokens.join(' ')) },
  { weight: 1, arbitrary: fc.constantFrom(...VALID) },
  {
    weight: 5,
    arbitrary: fc
      .tuple(fc.constantFrom(...VALID), fc.array(edit, { minLength: 1, maxLength: 3 }))
      .map(([base, edits]) => edits.reduce(applyEdit, base)),
  },
);

const request = fc.record({
  query: queryText,
  transactionType: fc.constantFrom('read' as const, 'write' as const),
  commit: fc.constantFrom(undefined, true, false),
  answerCountLimit: fc.constantFrom(undefined, 0, 1, 5),
});

type Request = typeof request extends fc.Arbitrary<infer T> ? T : never;

/** The 4xx statuses the spec documents for `POST /v1/query`. */
const DOCUMENTED_4XX = Object.keys(typedbApi.routes.oneShotQuery.responses)
  .map(Number)
  .filter((status) => status >= 400 && status < 500);

async function send(database: string, sent: Request): Promise<ApiResult & { text: string }> {
  const body = {
    databaseName: database,
    transactionType: sent.transactionType,
    query: sent.query,
    ...(sent.commit === undefined ? {} : { commit: sent.commit }),
    ...(sent.answerCountLimit === undefined ? {} : { queryOptions: { answerCountLimit: sent.answerCountLimit } }),
  };
  let response: Response;
  let text: string;
  try {
    response = await fetch(targetUrl('/v1/query'), {
      method: 'POST',
      headers: { Authorization: `Bearer ${typedb.admin.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    text = await response.text();
  } catch (error) {
    throw new Error(
      `no answer within ${REQUEST_TIMEOUT_MS} ms (${error instanceof Error ? error.message : error}) to ${JSON.stringify(body)}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const ok = response.status >= 200 && response.status < 300;
  return { response, data: ok ? json : undefined, error: ok ? undefined : json, text };
}

/** Deletes the database, retrying briefly while a transaction is still closing (400 DBD2). */
async function expectDeletable(database: string): Promise<void> {
  const started = Date.now();
  for (;;) {
    const result = await typedb.admin.api.DELETE('/v1/databases/{databaseName}', {
      params: { path: { databaseName: database } },
    });
    const status = result.response.status;
    if (status === 200 || Date.now() - started > 2_000 || (result.error as { code?: string })?.code !== 'DBD2') {
      expect({ status, error: result.error }, 'no one-shot query leaves a transaction open').toEqual({
        status: 200,
        error: undefined,
      });
      return;
    }
    await delay(50);
  }
}

describeNeeding(TYPEQL_NEEDS, 'any query text (property-based)', () => {
  it(
    'answers a query answer or a documented 4xx {code, message}: never a 5xx, never a hang',
    async ({ annotate }) => {
      const database = await q().quickstart(typedb, 'tf-fuzz');
      const seed = operationSeed(generationSettings().seed, 'typeql-fuzz');
      const statuses = new Map<number, number>();
      const started = Date.now();

      await fc.assert(
        fc.asyncProperty(request, async (sent) => {
          const result = await send(database, sent);
          const { status } = result.response;
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          const context = `${status} ${result.text.slice(0, 500)}\nfor ${JSON.stringify(sent)}`;
          expect(status, `never a server error: ${context}`).toBeLessThan(500);
          if (status < 300) {
            expect([200, 206], context).toContain(status);
            expectAnswer(result, status as 200 | 206);
            return;
          }
          expect(DOCUMENTED_4XX, `a documented status: ${context}`).toContain(status);
          expect(result.response.headers.get('content-type') ?? '', context).toMatch(/^application\/json/);
          expect(result.error, `{code, message}: ${context}`).toEqual({
            code: expect.stringMatching(ERROR_CODE),
            message: expect.any(String),
          });
          const { code, message } = result.error as { code: string; message: string };
          expect(message, `the message chain starts with the root code: ${context}`).toContain(`[${code}]`);
        }),
        { seed, numRuns: RUNS, interruptAfterTimeLimit: BUDGET_MS, markInterruptAsFailure: true },
      );

      const elapsed = Date.now() - started;
      const histogram = [...statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}: ${n}`);
      await annotate(`seed ${seed}, ${RUNS} queries in ${elapsed} ms; statuses ${histogram.join(', ')}`);
      expect(elapsed, 'the property stays within its time budget').toBeLessThan(BUDGET_MS);
      const answered = [...statuses].filter(([status]) => status < 300).reduce((sum, [, n]) => sum + n, 0);
      expect(answered, `some queries were answered (statuses: ${JSON.stringify([...statuses])})`).toBeGreaterThan(0);
      expect(statuses.get(400) ?? 0, 'some queries were refused').toBeGreaterThan(0);

      // The server still answers, and no one-shot left a transaction open behind it.
      expect(await q().rows(database, 'match entity $t;')).toEqual([{ t: { kind: 'entityType', label: 'person' } }]);
      await expectDeletable(database);
    },
    BUDGET_MS + 15_000,
  );
});
