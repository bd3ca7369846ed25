import { describe, expect, it } from 'vitest';
import { runScopedName } from '../../../src/target.js';
import { CREATES_DATABASES, CREATES_USERS, describeNeeding } from '../../../src/typedb/capabilities.js';
import { type Session, useTypeDB } from '../../../src/typedb/fixture.js';
import { expectEmptyOk, expectError, expectJsonOk, expectRawError, targetUrl } from '../../../src/typedb/http.js';

const typedb = useTypeDB();

const tx = (transactionId: string) => ({ params: { path: { transactionId } } });
const query = (session: Session, id: string, text: string, queryOptions?: { answerCountLimit?: number }) =>
  session.api.POST('/v1/transactions/{transactionId}/query', {
    ...tx(id),
    body: { query: text, ...(queryOptions ? { queryOptions } : {}) },
  });
const commit = (session: Session, id: string) => session.api.POST('/v1/transactions/{transactionId}/commit', tx(id));
const rollback = (session: Session, id: string) =>
  session.api.POST('/v1/transactions/{transactionId}/rollback', tx(id));

describe('checks made before a query runs, without a database', () => {
  it('answers 404 TSV12 for an unknown transaction', async () => {
    expectError(await query(typedb.admin, crypto.randomUUID(), 'match $x isa entity;'), 404, 'TSV12');
  });

  it('answers 404 TSV1 for a one-shot query on a missing database', async () => {
    expectError(
      await typedb.admin.api.POST('/v1/query', {
        body: { databaseName: runScopedName('nodb'), transactionType: 'read', query: 'match $x isa entity;' },
      }),
      404,
      'TSV1',
    );
  });

  it('answers 400 HSR2 for a one-shot query without `transactionType` (the body is checked first)', async () => {
    const response = await fetch(targetUrl('/v1/query'), {
      method: 'POST',
      headers: { Authorization: `Bearer ${typedb.admin.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ databaseName: runScopedName('nodb'), query: 'match $x isa entity;' }),
    });
    await expectRawError(response, 400, 'HSR2');
  });
});

describeNeeding(CREATES_DATABASES, 'checks made before a query runs', () => {
  it('answers 404 TSV12 for a committed transaction', async () => {
    const database = await typedb.database('q-committed');
    const id = await typedb.open(typedb.admin, database, 'write');
    expectEmptyOk(await commit(typedb.admin, id));
    expectError(await query(typedb.admin, id, 'match $x isa entity;'), 404, 'TSV12');
  });

  it('answers 400 HSR2 for a body without `query`, and the transaction stays open', async () => {
    const database = await typedb.database('q-nobody');
    const id = await typedb.open(typedb.admin, database, 'write');
    const response = await fetch(targetUrl(`/v1/transactions/${id}/query`), {
      method: 'POST',
      headers: { Authorization: `Bearer ${typedb.admin.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ queryOptions: { answerCountLimit: 1 } }),
    });
    await expectRawError(response, 400, 'HSR2');
    expectEmptyOk(await rollback(typedb.admin, id));
  });
});

describeNeeding(CREATES_USERS, 'checks made before a query runs, with users', () => {
  it("answers 403 SRV2 on another user's transaction, which stays open", async () => {
    const database = await typedb.database('q-owned');
    const owner = await typedb.user('q-owner');
    const intruder = await typedb.user('q-intruder');
    const id = await typedb.open(owner, database, 'write');
    expectError(await query(intruder, id, 'match $x isa entity;'), 403, 'SRV2');
    expectEmptyOk(await rollback(owner, id));
  });
});

describeNeeding({ ...CREATES_DATABASES, typeql: true }, 'with TypeQL', () => {
  const SCHEMA = 'define entity person, owns name; attribute name, value string;';

  /** A database with the person/name schema, defined and committed through a one-shot query. */
  async function databaseWithSchema(stem: string): Promise<string> {
    const database = await typedb.database(stem);
    const body = expectJsonOk(
      await typedb.admin.api.POST('/v1/query', {
        body: { databaseName: database, transactionType: 'schema', query: SCHEMA },
      }),
    );
    expect(body).toEqual({ queryType: 'schema', answerType: 'ok', answers: null, query: null, warning: null });
    return database;
  }

  it('runs define in a schema transaction (ok answer) and commits it', async () => {
    const database = await typedb.database('q-define');
    const id = await typedb.open(typedb.admin, database, 'schema');
    const body = expectJsonOk(await query(typedb.admin, id, SCHEMA));
    expect(body).toEqual({ queryType: 'schema', answerType: 'ok', answers: null, query: null, warning: null });
    expectEmptyOk(await commit(typedb.admin, id));
    const schema = await typedb.admin.api.GET('/v1/databases/{databaseName}/schema', {
      params: { path: { databaseName: database } },
      parseAs: 'text',
    });
    expect(schema.response.status).toBe(200);
    expect(schema.data).toMatch(/^define\n\n[\s\S]*entity person/);
  });

  it('answers 400 TQL0 for a syntax error and keeps the transaction open', async () => {
    const database = await typedb.database('q-syntax');
    const id = await typedb.open(typedb.admin, database, 'write');
    expectError(await query(typedb.admin, id, 'match $p isa;'), 400, 'TQL0');
    expectEmptyOk(await rollback(typedb.admin, id));
  });

  it('answers 400 TSV8 for a schema query in a write transaction, which stays open', async () => {
    const database = await typedb.database('q-tsv8');
    const id = await typedb.open(typedb.admin, database, 'write');
    expectError(await query(typedb.admin, id, SCHEMA), 400, 'TSV8');
    expectEmptyOk(await rollback(typedb.admin, id));
  });

  it('answers 400 TSV9 for a write query in a read transaction, which stays open', async () => {
    const database = await databaseWithSchema('q-tsv9');
    const id = await typedb.open(typedb.admin, database, 'read');
    expectError(await query(typedb.admin, id, 'insert $p isa person, has name "Ann";'), 400, 'TSV9');
    expectError(await commit(typedb.admin, id), 400, 'TSV2');
  });

  it('inserts, then reads rows, counts and fetches documents', async () => {
    const database = await databaseWithSchema('q-rows');
    const write = await typedb.open(typedb.admin, database, 'write');
    const inserted = expectJsonOk(await query(typedb.admin, write, 'insert $p isa person, has name "Ann";'));
    expect(inserted).toMatchObject({ queryType: 'write', answerType: 'conceptRows' });
    expectEmptyOk(await commit(typedb.admin, write));

    const read = await typedb.open(typedb.admin, database, 'read');
    const rows = expectJsonOk(await query(typedb.admin, read, 'match $p isa person, has name $n;'));
    expect(rows).toMatchObject({
      queryType: 'read',
      answerType: 'conceptRows',
      warning: null,
      answers: [
        {
          data: {
            p: { kind: 'entity', iid: expect.stringMatching(/^0x1e/), type: { kind: 'entityType', label: 'person' } },
            n: { kind: 'attribute', value: 'Ann', valueType: 'string' },
          },
        },
      ],
    });
    const count = expectJsonOk(await query(typedb.admin, read, 'match $p isa person; reduce $c = count;'));
    expect(count).toMatchObject({ answers: [{ data: { c: { kind: 'value', value: 1, valueType: 'integer' } } }] });
    const documents = expectJsonOk(await query(typedb.admin, read, 'match $p isa person; fetch { "name": $p.name };'));
    expect(documents).toEqual({
      queryType: 'read',
      answerType: 'conceptDocuments',
      answers: [{ name: 'Ann' }],
      query: null,
      warning: null,
    });
  });

  it('answers 206 with a warning when more answers exist than answerCountLimit', async () => {
    const database = await databaseWithSchema('q-limit');
    expectJsonOk(
      await typedb.admin.api.POST('/v1/query', {
        body: {
          databaseName: database,
          transactionType: 'write',
          query: 'insert $a isa person, has name "Ann"; $b isa person, has name "Bob";',
        },
      }),
    );
    const read = await typedb.open(typedb.admin, database, 'read');
    const result = await query(typedb.admin, read, 'match $p isa person;', { answerCountLimit: 1 });
    expect(expectJsonOk(result, 206)).toMatchObject({ answers: [expect.anything()], warning: expect.any(String) });
  });
});
