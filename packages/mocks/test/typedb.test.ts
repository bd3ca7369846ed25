import {
  closeTransaction,
  createDatabase,
  createTypeDBClient,
  createUser,
  deleteDatabase,
  getDatabase,
  getDatabases,
  getUsers,
  openTransaction,
  TypeDBError,
  version,
} from '@dbwire/sdk/typedb';
import { describe, expect, it } from 'vitest';
import { createTypeDBMock } from '../src/typedb/index.js';
import { rejection, serveMock } from './helpers.js';

const baseUrl = 'http://typedb.mock.test:8000';
const { mock, server } = serveMock((onError) => createTypeDBMock({ baseUrl, validateResponses: true, onError }));

const admin = () => createTypeDBClient({ baseUrl, username: 'admin', password: 'password', maxRetries: 0 });

describe('createTypeDBMock through the SDK', () => {
  it('serves public operations without signing in', async () => {
    const { data } = await version({ client: createTypeDBClient({ baseUrl }) });
    expect(data).toEqual({ distribution: 'dbwire', version: '3.5.5' });
  });

  it('signs in and creates, lists, reads and deletes databases', async () => {
    const client = admin();
    expect((await getDatabases({ client })).data).toEqual({ databases: [] });

    await createDatabase({ client, path: { databaseName: 'social' } });
    await createDatabase({ client, path: { databaseName: 'library' } });
    // Creating an existing database is idempotent, as on TypeDB.
    const again = await createDatabase({ client, path: { databaseName: 'social' } });
    expect(again.response.status).toBe(200);

    const listed = (await getDatabases({ client })).data?.databases.map((db) => db.name);
    expect(listed?.sort()).toEqual(['library', 'social']);
    expect((await getDatabase({ client, path: { databaseName: 'social' } })).data).toEqual({ name: 'social' });

    const deleted = await deleteDatabase({ client, path: { databaseName: 'library' } });
    expect(deleted.response.status).toBe(200);
    expect(deleted.response.headers.get('content-length')).toBe('0');
    expect((await getDatabases({ client })).data).toEqual({ databases: [{ name: 'social' }] });
  });

  it('answers errors with TypeDB codes, decoded as TypeDBError', async () => {
    const client = admin();
    const missing = await rejection(deleteDatabase({ client, path: { databaseName: 'nope' } }));
    expect(missing).toBeInstanceOf(TypeDBError);
    expect(missing).toMatchObject({ status: 400, code: 'DBD1' });

    const reserved = await rejection(createDatabase({ client, path: { databaseName: '_system' } }));
    expect(reserved).toMatchObject({ status: 400, code: 'DBC2' });

    const notFound = await rejection(getDatabase({ client, path: { databaseName: 'nope' } }));
    expect(notFound).toMatchObject({ status: 404, code: 'HSR4' });
  });

  it('rejects wrong credentials with 401 AUT1', async () => {
    const client = createTypeDBClient({ baseUrl, username: 'admin', password: 'wrong', maxRetries: 0 });
    const error = await rejection(getDatabases({ client }));
    expect(error).toBeInstanceOf(TypeDBError);
    expect(error).toMatchObject({ status: 401, code: 'AUT1' });
  });

  it('enforces permissions and keeps users', async () => {
    const client = admin();
    await createUser({ client, path: { username: 'alice' }, body: { password: 'alice-pw' } });
    expect((await getUsers({ client })).data?.users.map((user) => user.username).sort()).toEqual(['admin', 'alice']);

    const alice = createTypeDBClient({ baseUrl, username: 'alice', password: 'alice-pw', maxRetries: 0 });
    expect(await rejection(getUsers({ client: alice }))).toMatchObject({ status: 403, code: 'SRV2' });
  });

  it('keeps transactions and refuses to delete a database in use', async () => {
    const client = admin();
    await createDatabase({ client, path: { databaseName: 'busy' } });
    const { data } = await openTransaction({ client, body: { databaseName: 'busy', transactionType: 'write' } });
    const transactionId = data?.transactionId as string;
    expect(transactionId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

    expect(await rejection(deleteDatabase({ client, path: { databaseName: 'busy' } }))).toMatchObject({
      status: 400,
      code: 'DBD2',
    });
    await closeTransaction({ client, path: { transactionId } });
    await deleteDatabase({ client, path: { databaseName: 'busy' } });
  });

  it('validates requests against the spec', async () => {
    const response = await fetch(`${baseUrl}/v1/signin`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'HSR2' });
  });

  it('answers unknown paths below the base URL with an empty 404', async () => {
    const response = await fetch(`${baseUrl}/v2/nothing`);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('');
  });

  describe('reset', () => {
    it('gives a clean state, and a client signs in again by itself', async () => {
      const client = admin();
      await createDatabase({ client, path: { databaseName: 'before' } });
      await createUser({ client, path: { username: 'bob' }, body: { password: 'bob-pw' } });

      await mock.reset();

      // The cached token died with the old state: the SDK gets 401 AUT3, signs in again, retries.
      expect((await getDatabases({ client })).data).toEqual({ databases: [] });
      expect((await getUsers({ client })).data).toEqual({ users: [{ username: 'admin' }] });
    });

    it('isolates tests from each other (nothing left from the previous test)', async () => {
      expect((await getDatabases({ client: admin() })).data).toEqual({ databases: [] });
    });

    it('keeps two mocks independent', async () => {
      const otherUrl = 'http://other.mock.test';
      const other = createTypeDBMock({ baseUrl: otherUrl, adminPassword: 'other-pw' });
      server.use(...other.handlers);
      const client = createTypeDBClient({ baseUrl: otherUrl, username: 'admin', password: 'other-pw' });
      await createDatabase({ client, path: { databaseName: 'elsewhere' } });
      expect((await getDatabases({ client })).data).toEqual({ databases: [{ name: 'elsewhere' }] });
      expect((await getDatabases({ client: admin() })).data).toEqual({ databases: [] });
      server.resetHandlers();
    });
  });
});
