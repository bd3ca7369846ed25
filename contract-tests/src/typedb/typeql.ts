import { describeIssues, type JsonSchema, SchemaValidators } from '@dbwire/server-stubs';
import { type components, typedbApi } from '@dbwire/server-stubs/typedb';
import { expect } from 'vitest';
import { CREATES_DATABASES, type Needs } from './capabilities.js';
import { type Session, type TypeDBFixture, useTypeDB } from './fixture.js';
import { type ApiResult, expectEmptyOk, expectError, expectJsonOk } from './http.js';

/**
 * Helpers of the TypeQL behaviour suites (`typeql-*.test.ts`): their setup, the quickstart schema
 * and data, query calls, and assertions on TypeDB's query answers (§1.6 of the research note) and
 * on the state a transaction is left in.
 */

export type TransactionType = components['schemas']['TransactionType'];
export type QueryOptions = components['schemas']['QueryOptions'];
export type TransactionOptions = components['schemas']['TransactionOptions'];

/** A query answer, loosely typed: the assertions below check its exact shape. */
export interface QueryAnswer {
  queryType: 'read' | 'write' | 'schema';
  answerType: 'ok' | 'conceptRows' | 'conceptDocuments';
  answers: unknown[] | null;
  query: unknown;
  warning: string | null;
}

/** One row's `data`: variable name (without `$`) to a concept, `null` or a list. */
export type RowData = Record<string, unknown>;

// --------------------------------------------------------------------------------------------
// Suite setup
// --------------------------------------------------------------------------------------------

/** What the TypeQL suites need: databases of their own, on a target that executes TypeQL. */
export const TYPEQL_NEEDS: Needs = { ...CREATES_DATABASES, typeql: true };

/**
 * A TypeQL suite's setup, called once at the top of its file: the TypeDB fixture (`useTypeDB`) and
 * `q()`, query calls as the admin user (the fixture signs in before the first test).
 */
export function useTypeQL(): { typedb: TypeDBFixture; q: () => TypeQL } {
  const typedb = useTypeDB();
  let client: TypeQL | undefined;
  const q = () => {
    client ??= new TypeQL(typedb.admin);
    return client;
  };
  return { typedb, q };
}

// --------------------------------------------------------------------------------------------
// The quickstart: a small social network
// --------------------------------------------------------------------------------------------

/** The social network of the TypeDB quickstart: people with a name key, an age, an email; friendships. */
export const QUICKSTART_SCHEMA = `define
  attribute name, value string;
  attribute age, value integer;
  attribute email, value string;
  entity person, owns name @key, owns age, owns email, plays friendship:friend;
  relation friendship, relates friend @card(0..);`;

/**
 * The quickstart's types as TypeDB's formatter prints them in `/schema` and `/type-schema` (see
 * typeql-schema.test.ts), one entry a type; `schemaText` puts such entries together.
 */
export const QUICKSTART_TYPE_TEXT = {
  name: `attribute name,
 value string;`,
  age: `attribute age,
 value integer;`,
  email: `attribute email,
 value string;`,
  person: `entity person,
  owns age,
  owns email,
  owns name @key,
  plays friendship:friend;`,
  friendship: `relation friendship,
  relates friend @card(0..);`,
} as const;

/** A whole formatted schema: `define`, a blank line, then the types' texts, one after another. */
export function schemaText(...types: readonly string[]): string {
  return ['define', '', ...types].join('\n');
}

/** What `/type-schema` answers after QUICKSTART_SCHEMA (the TypeDB formatter: see typeql-schema.test.ts). */
export const QUICKSTART_SCHEMA_TEXT = schemaText(
  QUICKSTART_TYPE_TEXT.name,
  QUICKSTART_TYPE_TEXT.age,
  QUICKSTART_TYPE_TEXT.email,
  QUICKSTART_TYPE_TEXT.person,
  QUICKSTART_TYPE_TEXT.friendship,
);

export interface Person {
  name: string;
  age: number;
  email?: string;
}

/** Alice–Bob, Alice–Carol and Bob–Dan are friends. Bob and Dan share an age (one attribute, two owners). */
export const PEOPLE: readonly Person[] = [
  { name: 'Alice', age: 30, email: 'alice@example.com' },
  { name: 'Bob', age: 25, email: 'bob@example.com' },
  { name: 'Carol', age: 35 },
  { name: 'Dan', age: 25 },
];

export const FRIENDS: Readonly<Record<string, readonly string[]>> = {
  Alice: ['Bob', 'Carol'],
  Bob: ['Alice', 'Dan'],
  Carol: ['Alice'],
  Dan: ['Bob'],
};

/** One insert of all people and friendships; its single row binds `alice bob carol dan f1 f2 f3`. */
export const QUICKSTART_DATA = `insert
  $alice isa person, has name "Alice", has age 30, has email "alice@example.com";
  $bob isa person, has name "Bob", has age 25, has email "bob@example.com";
  $carol isa person, has name "Carol", has age 35;
  $dan isa person, has name "Dan", has age 25;
  $f1 isa friendship, links (friend: $alice, friend: $bob);
  $f2 isa friendship, links (friend: $alice, friend: $carol);
  $f3 isa friendship, links (friend: $bob, friend: $dan);`;

/** A TypeQL string literal (quotes and backslashes escaped). */
export function literal(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

// --------------------------------------------------------------------------------------------
// Encodings
// --------------------------------------------------------------------------------------------

/** Entity and relation iids: prefix byte, 2-byte type id, 8-byte instance id, lower-case hex. */
export const ENTITY_IID = /^0x1e[0-9a-f]{20}$/;
export const RELATION_IID = /^0x1f[0-9a-f]{20}$/;
/** Attribute iids: prefix byte 0x20, then the type id and the value's encoding (variable length). */
export const ATTRIBUTE_IID = /^0x20[0-9a-f]+$/;

/** The root-cause code of any TypeDB error: a three-letter component and a number. */
export const ERROR_CODE = /^[A-Z]{3}\d+$/;

// --------------------------------------------------------------------------------------------
// Calls
// --------------------------------------------------------------------------------------------

const tx = (transactionId: string) => ({ params: { path: { transactionId } } });

export interface OneShot {
  commit?: boolean | null;
  queryOptions?: QueryOptions;
  transactionOptions?: TransactionOptions;
}

/** Query calls for one signed-in session. Every call returns the raw result, unasserted. */
export class TypeQL {
  constructor(readonly session: Session) {}

  query(transactionId: string, query: string, queryOptions?: QueryOptions): Promise<ApiResult> {
    return this.session.api.POST('/v1/transactions/{transactionId}/query', {
      ...tx(transactionId),
      body: { query, ...(queryOptions ? { queryOptions } : {}) },
    });
  }

  oneShot(databaseName: string, transactionType: TransactionType, query: string, options: OneShot = {}) {
    return this.session.api.POST('/v1/query', {
      body: { databaseName, transactionType, query, ...options },
    }) as Promise<ApiResult>;
  }

  commit(transactionId: string): Promise<ApiResult> {
    return this.session.api.POST('/v1/transactions/{transactionId}/commit', tx(transactionId));
  }

  rollback(transactionId: string): Promise<ApiResult> {
    return this.session.api.POST('/v1/transactions/{transactionId}/rollback', tx(transactionId));
  }

  close(transactionId: string): Promise<ApiResult> {
    return this.session.api.POST('/v1/transactions/{transactionId}/close', tx(transactionId));
  }

  async schema(databaseName: string, typesOnly = false): Promise<{ status: number; text: string; type: string }> {
    const path = typesOnly ? '/v1/databases/{databaseName}/type-schema' : '/v1/databases/{databaseName}/schema';
    const result = await this.session.api.GET(path, { params: { path: { databaseName } }, parseAs: 'text' });
    return {
      status: result.response.status,
      text: typeof result.data === 'string' ? result.data : JSON.stringify(result.error),
      type: result.response.headers.get('content-type') ?? '',
    };
  }

  // ---- one-shot shortcuts that assert success --------------------------------------------

  /** Defines `schema` through a committed one-shot schema query. */
  async define(databaseName: string, schema: string): Promise<void> {
    expectOkAnswer(await this.oneShot(databaseName, 'schema', schema));
  }

  /** Runs a committed one-shot write query; returns its rows' data. */
  async write(databaseName: string, query: string): Promise<RowData[]> {
    return expectRows(await this.oneShot(databaseName, 'write', query), 'write');
  }

  /** Runs a one-shot read query; returns its rows' data. */
  async rows(databaseName: string, query: string, queryOptions?: QueryOptions): Promise<RowData[]> {
    return expectRows(await this.oneShot(databaseName, 'read', query, { queryOptions }), 'read');
  }

  /** Runs a one-shot read query ending in fetch; returns its documents. */
  async documents(databaseName: string, query: string): Promise<unknown[]> {
    return expectDocuments(await this.oneShot(databaseName, 'read', query), 'read');
  }

  /** `match <pattern> reduce $count = count;` through a one-shot read: the count (`$count` must be free). */
  async count(databaseName: string, pattern: string): Promise<number> {
    const rows = await this.rows(databaseName, `match ${pattern} reduce $count = count;`);
    expect(rows).toEqual([{ count: { kind: 'value', value: expect.any(Number), valueType: 'integer' } }]);
    return (rows[0] as { count: { value: number } }).count.value;
  }

  /** The names of all people (sorted), through a one-shot read. */
  async personNames(databaseName: string): Promise<string[]> {
    const rows = await this.rows(databaseName, 'match $p isa person, has name $n;');
    return rows.map((row) => attributeValue(row.n)).sort() as string[];
  }

  /** The names of the people a transaction sees (sorted). */
  async personNamesIn(transactionId: string): Promise<string[]> {
    const rows = expectRows(await this.query(transactionId, 'match $p isa person, has name $n;'));
    return rows.map((row) => attributeValue(row.n)).sort() as string[];
  }

  /** A database with the quickstart schema (and, unless `data` is false, the quickstart data). */
  async quickstart(fixture: TypeDBFixture, stem: string, data = true): Promise<string> {
    const database = await fixture.database(stem);
    await this.define(database, QUICKSTART_SCHEMA);
    if (data) await this.write(database, QUICKSTART_DATA);
    return database;
  }

  // ---- transaction state probes ------------------------------------------------------------

  /**
   * The transaction is still open: a harmless read query (the entity types) answers 200. Used after
   * an error to tell "left open" from "closed" without changing anything.
   */
  async expectOpen(transactionId: string): Promise<void> {
    const result = await this.query(transactionId, 'match entity $t;');
    expect(
      { status: result.response.status, error: result.error },
      `transaction ${transactionId} should still be open`,
    ).toEqual({ status: 200, error: undefined });
  }

  /** The transaction is closed: any call on it answers 404 TSV12 (a query, then commit). */
  async expectClosed(transactionId: string): Promise<void> {
    expectError(await this.query(transactionId, 'match entity $t;'), 404, 'TSV12');
    expectError(await this.commit(transactionId), 404, 'TSV12');
  }

  /** Commits, expecting success (200, empty body). */
  async commitOk(transactionId: string): Promise<void> {
    expectEmptyOk(await this.commit(transactionId));
  }
}

/** The value of an attribute concept in a row. */
export function attributeValue(concept: unknown): unknown {
  expect(concept).toMatchObject({ kind: 'attribute' });
  return (concept as { value: unknown }).value;
}

// --------------------------------------------------------------------------------------------
// Answer assertions
// --------------------------------------------------------------------------------------------

const validators = new SchemaValidators(typedbApi.schemas);
const QUERY_RESPONSE: JsonSchema = { $ref: `${typedbApi.schemas.$id}#/$defs/QueryResponse` };

/**
 * A query answer with this status: JSON, exactly the five keys (explicit `null`s included), valid
 * against the spec's `QueryResponse`, and a `warning` exactly when the status is 206.
 */
export function expectAnswer(result: ApiResult, status: 200 | 206 = 200): QueryAnswer {
  const body = expectJsonOk(result, status) as QueryAnswer;
  expect(Object.keys(body).sort(), 'the five keys of a query answer').toEqual([
    'answerType',
    'answers',
    'query',
    'queryType',
    'warning',
  ]);
  const issues = validators.body(QUERY_RESPONSE)(body);
  expect(describeIssues(issues), 'the answer validates against QueryResponse').toBe('');
  if (status === 200) expect(body.warning).toBeNull();
  else expect(body.warning).toEqual(expect.any(String));
  return body;
}

/** A schema query's answer: `ok`, everything else `null`. */
export function expectOkAnswer(result: ApiResult): void {
  expect(expectAnswer(result)).toEqual({
    queryType: 'schema',
    answerType: 'ok',
    answers: null,
    query: null,
    warning: null,
  });
}

/**
 * A `conceptRows` answer of this query type; returns each row's `data`. Rows carry exactly `data`
 * and `involvedBlocks` (`null`, or block indices when the server sends the query structure).
 */
export function expectRows(
  result: ApiResult,
  queryType: QueryAnswer['queryType'] = 'read',
  status: 200 | 206 = 200,
): RowData[] {
  const body = expectAnswer(result, status);
  expect({ queryType: body.queryType, answerType: body.answerType }).toEqual({
    queryType,
    answerType: 'conceptRows',
  });
  const answers = body.answers as Array<Record<string, unknown>>;
  for (const row of answers) {
    expect(Object.keys(row).sort()).toEqual(['data', 'involvedBlocks']);
    expect(row.involvedBlocks === null || Array.isArray(row.involvedBlocks)).toBe(true);
  }
  return answers.map((row) => row.data as RowData);
}

/** A `conceptDocuments` answer of this query type; returns the documents. `query` is always null. */
export function expectDocuments(
  result: ApiResult,
  queryType: QueryAnswer['queryType'] = 'read',
  status: 200 | 206 = 200,
): unknown[] {
  const body = expectAnswer(result, status);
  expect({ queryType: body.queryType, answerType: body.answerType, query: body.query }).toEqual({
    queryType,
    answerType: 'conceptDocuments',
    query: null,
  });
  return body.answers as unknown[];
}

/** The 206 warning: "… results limit (N) exceeded …" (TypeDB: `QueryAnswerWarning`). */
export function limitWarning(limit: number): RegExp {
  return new RegExp(`limit \\(${limit}\\) exceeded`);
}

/**
 * A failed query: status, root-cause code, and (optionally) codes that must appear further down the
 * chain (`[TSV10]` for a failed schema query, `[DVL8]` for a missing key...).
 */
export function expectQueryError(result: ApiResult, status: number, code: string, chain: string[] = []): void {
  expectError(result, status, code);
  const message = (result.error as { message: string }).message;
  for (const level of chain) expect(message, `the error chain names ${level}`).toContain(`[${level}]`);
}

// --------------------------------------------------------------------------------------------
// Concept matchers (toEqual patterns)
// --------------------------------------------------------------------------------------------

export const entity = (label: string) => ({
  kind: 'entity',
  iid: expect.stringMatching(ENTITY_IID),
  type: { kind: 'entityType', label },
});

export const relation = (label: string) => ({
  kind: 'relation',
  iid: expect.stringMatching(RELATION_IID),
  type: { kind: 'relationType', label },
});

export const attribute = (label: string, valueType: string, value: unknown) => ({
  kind: 'attribute',
  iid: expect.stringMatching(ATTRIBUTE_IID),
  value,
  valueType,
  type: { kind: 'attributeType', label, valueType },
});

export const value = (valueType: string, v: unknown) => ({ kind: 'value', value: v, valueType });
