import { describe, expect, it } from 'vitest';
import { runScopedName } from '../../../src/target.js';
import { CREATES_DATABASES, CREATES_USERS, describeNeeding } from '../../../src/typedb/capabilities.js';
import { useTypeDB } from '../../../src/typedb/fixture.js';
import { expectEmptyOk, expectError, expectJsonOk } from '../../../src/typedb/http.js';

const typedb = useTypeDB();

const path = (databaseName: string) => ({ params: { path: { databaseName } } });

async function listedNames(): Promise<string[]> {
  const body = expectJsonOk(await typedb.admin.api.GET('/v1/databases'));
  for (const entry of body.databases) expect(entry).toEqual({ name: expect.any(String) });
  return body.databases.map((entry) => entry.name);
}

async function expectMissing(name: string): Promise<void> {
  expectError(await typedb.admin.api.GET('/v1/databases/{databaseName}', path(name)), 404, 'HSR4');
  expect(await listedNames()).not.toContain(name);
}

describeNeeding(CREATES_DATABASES, 'create', () => {
  it('answers 200 with an empty body; the database is then readable and listed', async () => {
    const name = runScopedName('create');
    typedb.trackDatabase(name);
    expectEmptyOk(await typedb.admin.api.POST('/v1/databases/{databaseName}', path(name)));
    expect(expectJsonOk(await typedb.admin.api.GET('/v1/databases/{databaseName}', path(name)))).toEqual({ name });
    expect(await listedNames()).toContain(name);
  });

  it('is idempotent: creating an existing database answers 200 and changes nothing', async () => {
    const name = await typedb.database('twice');
    expectEmptyOk(await typedb.admin.api.POST('/v1/databases/{databaseName}', path(name)));
    expect((await listedNames()).filter((listed) => listed === name)).toHaveLength(1);
  });

  // `[_\p{XID_Start}][-\p{XID_Continue}]*`: digits, `-` and `.` cannot start a name, and `.`,
  // spaces and symbols cannot appear in one.
  it.each([
    ['a dot', 'bad.name'],
    ['a leading digit', '1abc'],
    ['a leading dash', '-abc'],
    ['a space', 'a b'],
    ['an emoji', 'db🙂'],
  ])('answers 400 DBC1 for a name with %s (%s) and creates nothing', async (_what, stem) => {
    const name = `${stem}${runScopedName('x').replaceAll('-', '_')}`;
    typedb.trackDatabase(name);
    expectError(await typedb.admin.api.POST('/v1/databases/{databaseName}', path(name)), 400, 'DBC1');
    await expectMissing(name);
  });

  it('accepts names with Unicode letters, digits, _ and - after the first character', async () => {
    const name = `Ünïcode_db-1${runScopedName('x').replaceAll('-', '_')}`;
    typedb.trackDatabase(name);
    expectEmptyOk(await typedb.admin.api.POST('/v1/databases/{databaseName}', path(name)));
    expect(expectJsonOk(await typedb.admin.api.GET('/v1/databases/{databaseName}', path(name)))).toEqual({ name });
  });

  it('answers 400 DBC2 for a reserved name starting with _', async () => {
    const name = `_${runScopedName('x').replaceAll('-', '_')}`;
    expectError(await typedb.admin.api.POST('/v1/databases/{databaseName}', path(name)), 400, 'DBC2');
    await expectMissing(name);
  });
});

describeNeeding(CREATES_USERS, 'access', () => {
  it('is open to every user (databases have no ACLs)', async () => {
    const user = await typedb.user('dbuser');
    const name = runScopedName('byuser');
    typedb.trackDatabase(name);
    expectEmptyOk(await user.api.POST('/v1/databases/{databaseName}', path(name)));
    expect(expectJsonOk(await user.api.GET('/v1/databases/{databaseName}', path(name)))).toEqual({ name });
  });
});

const SCHEMA_ROUTES = [
  ['schema', '/v1/databases/{databaseName}/schema'],
  ['type-schema', '/v1/databases/{databaseName}/type-schema'],
] as const;

describe('a missing database', () => {
  it('get answers 404 HSR4', async () => {
    expectError(await typedb.admin.api.GET('/v1/databases/{databaseName}', path(runScopedName('nodb'))), 404, 'HSR4');
  });

  it('delete answers 400 DBD1', async () => {
    expectError(
      await typedb.admin.api.DELETE('/v1/databases/{databaseName}', path(runScopedName('nodb'))),
      400,
      'DBD1',
    );
  });

  it.each(SCHEMA_ROUTES)('%s answers 404 SRV3', async (_name, route) => {
    expectError(await typedb.admin.api.GET(route, { ...path(runScopedName('nodb')), parseAs: 'text' }), 404, 'SRV3');
  });
});

describeNeeding(CREATES_DATABASES, 'delete', () => {
  it('answers 200 with an empty body; the database is then gone', async () => {
    const name = await typedb.database('delete');
    expectEmptyOk(await typedb.admin.api.DELETE('/v1/databases/{databaseName}', path(name)));
    await expectMissing(name);
  });

  it('answers 400 DBD2 while a transaction is open, and succeeds once it is closed', async () => {
    const name = await typedb.database('inuse');
    const transactionId = await typedb.open(typedb.admin, name, 'read');
    expectError(await typedb.admin.api.DELETE('/v1/databases/{databaseName}', path(name)), 400, 'DBD2');
    expect(expectJsonOk(await typedb.admin.api.GET('/v1/databases/{databaseName}', path(name)))).toEqual({ name });

    expectEmptyOk(
      await typedb.admin.api.POST('/v1/transactions/{transactionId}/close', { params: { path: { transactionId } } }),
    );
    expectEmptyOk(await typedb.admin.api.DELETE('/v1/databases/{databaseName}', path(name)));
    await expectMissing(name);
  });

  it('answers 400 DBD5 for a reserved name starting with _', async () => {
    expectError(await typedb.admin.api.DELETE('/v1/databases/{databaseName}', path('_system')), 400, 'DBD5');
  });

  it('lets a database be created again after deletion', async () => {
    const name = await typedb.database('again');
    expectEmptyOk(await typedb.admin.api.DELETE('/v1/databases/{databaseName}', path(name)));
    expectEmptyOk(await typedb.admin.api.POST('/v1/databases/{databaseName}', path(name)));
    expect(await listedNames()).toContain(name);
  });
});

describeNeeding(CREATES_DATABASES, 'schema of a database without one', () => {
  it.each(SCHEMA_ROUTES)('%s answers 200 text/plain exactly `define`', async (_name, route) => {
    const name = await typedb.database('schema');
    const result = await typedb.admin.api.GET(route, { ...path(name), parseAs: 'text' });
    expect({ status: result.response.status, body: result.data }).toEqual({ status: 200, body: 'define' });
    expect(result.response.headers.get('content-type')).toMatch(/^text\/plain/);
  });
});
