/**
 * The reference server driven by the real TypeScript client, `typedb-driver-http@3.5.5` (the
 * published TypeDB HTTP driver). The driver returns `{ ok }` or `{ err, status }` rather than
 * throwing, reads bodies only when `Content-Length` is present, signs in lazily, and on a 401 signs
 * in once more and retries: every value it hands back is checked here, not only the absence of
 * errors.
 */
import { type DriverParams, TypeDBHttpDriver } from 'typedb-driver-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startReferenceServer } from '../src/index.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let server: RunningServer;
let url: string;
let admin: TypeDBHttpDriver;

const driver = (username: string, password: string, params: Partial<DriverParams> = {}) =>
  new TypeDBHttpDriver({ username, password, addresses: [url], ...params } as DriverParams);

/** `{ err, status }` with this status and root-cause code. */
const refused = (status: number, code: string) => ({ status, err: expect.objectContaining({ code }) });

beforeAll(async () => {
  server = await startReferenceServer({
    host: '127.0.0.1',
    ports: { typedb: 0 },
    logger: false,
    // Any response outside the spec becomes a 500, which the driver would throw on.
    validateResponses: true,
    typedb: { passwordIterations: 1000 },
  });
  url = server.urls.typedb;
  admin = driver('admin', 'password');
});

afterAll(async () => {
  await server?.close();
});

describe('typedb-driver-http 3.5.5 against the reference server', () => {
  describe('server', () => {
    it('version: the distribution and the API version', async () => {
      expect(await admin.version()).toEqual({ ok: { distribution: 'dbwire', version: '3.5.5' } });
    });

    it('health: 204 comes back as ok with no body', async () => {
      expect(await admin.health()).toEqual({ ok: null });
    });

    it('signs in implicitly on the first call, and reports wrong credentials as AUT1', async () => {
      expect(await driver('admin', 'password').getDatabases()).toHaveProperty('ok');
      expect(await driver('admin', 'wrong').getDatabases()).toEqual(refused(401, 'AUT1'));
      expect(await driver('nobody', 'password').getDatabases()).toEqual(refused(401, 'AUT1'));
    });

    it('signs in even before the public operations (a driver quirk, not the server)', async () => {
      // The driver sends its token on every call, so version() and health() need a sign-in first.
      expect(await driver('admin', 'wrong').version()).toEqual(refused(401, 'AUT1'));
      expect(await driver('admin', 'wrong').health()).toEqual(refused(401, 'AUT1'));
    });
  });

  describe('databases', () => {
    it('creates, lists, reads and deletes databases', async () => {
      expect(await admin.getDatabases()).toEqual({ ok: { databases: [] } });

      // 200 with Content-Length: 0, which the driver turns into `ok: null`.
      expect(await admin.createDatabase('social')).toEqual({ ok: null });
      expect(await admin.createDatabase('library')).toEqual({ ok: null });
      // Creating an existing database changes nothing, as on TypeDB.
      expect(await admin.createDatabase('social')).toEqual({ ok: null });

      const listed = await admin.getDatabases();
      expect('ok' in listed && listed.ok.databases.map((db) => db.name).sort()).toEqual(['library', 'social']);
      expect(await admin.getDatabase('social')).toEqual({ ok: { name: 'social' } });

      expect(await admin.deleteDatabase('library')).toEqual({ ok: null });
      expect(await admin.getDatabases()).toEqual({ ok: { databases: [{ name: 'social' }] } });
      expect(await admin.deleteDatabase('social')).toEqual({ ok: null });
      expect(await admin.getDatabases()).toEqual({ ok: { databases: [] } });
    });

    it('returns the schema of a database without one as the text `define`', async () => {
      await admin.createDatabase('schemas');
      expect(await admin.getDatabaseSchema('schemas')).toEqual({ ok: 'define' });
      expect(await admin.getDatabaseTypeSchema('schemas')).toEqual({ ok: 'define' });
      await admin.deleteDatabase('schemas');
    });

    it('reports database errors with TypeDB status and codes', async () => {
      expect(await admin.getDatabase('missing')).toEqual(refused(404, 'HSR4'));
      expect(await admin.getDatabaseSchema('missing')).toEqual(refused(404, 'SRV3'));
      expect(await admin.getDatabaseTypeSchema('missing')).toEqual(refused(404, 'SRV3'));
      expect(await admin.deleteDatabase('missing')).toEqual(refused(400, 'DBD1'));
      expect(await admin.createDatabase('_system')).toEqual(refused(400, 'DBC2'));
      expect(await admin.createDatabase('bad.name')).toEqual(refused(400, 'DBC1'));
    });

    it('encodes database names in paths', async () => {
      // `é` is a valid name character (XID); the driver percent-encodes it.
      expect(await admin.createDatabase('café')).toEqual({ ok: null });
      expect(await admin.getDatabase('café')).toEqual({ ok: { name: 'café' } });
      expect(await admin.deleteDatabase('café')).toEqual({ ok: null });
    });
  });

  describe('users', () => {
    it('creates, lists, reads, updates and deletes users', async () => {
      expect(await admin.getUsers()).toEqual({ ok: { users: [{ username: 'admin' }] } });
      expect(await admin.createUser('alice', 'alice-pw')).toEqual({ ok: null });

      const users = await admin.getUsers();
      expect('ok' in users && users.ok.users.map((user) => user.username).sort()).toEqual(['admin', 'alice']);
      expect(await admin.getUser('alice')).toEqual({ ok: { username: 'alice' } });
      expect(await admin.getCurrentUser()).toEqual({ ok: { username: 'admin' } });

      const alice = driver('alice', 'alice-pw');
      expect(await alice.getCurrentUser()).toEqual({ ok: { username: 'alice' } });
      // Only admin lists users, and a user reads only themself.
      expect(await alice.getUsers()).toEqual(refused(403, 'SRV2'));
      expect(await alice.getUser('admin')).toEqual(refused(403, 'SRV2'));

      // A password change revokes alice's token: her driver gets 401, signs in again with the old
      // password and fails with AUT1, which it returns.
      expect(await admin.updateUser('alice', 'alice-pw-2')).toEqual({ ok: null });
      expect(await alice.getCurrentUser()).toEqual(refused(401, 'AUT1'));
      expect(await driver('alice', 'alice-pw-2').getCurrentUser()).toEqual({ ok: { username: 'alice' } });

      expect(await admin.deleteUser('alice')).toEqual({ ok: null });
      expect(await admin.getUser('alice')).toEqual(refused(404, 'SRV4'));
      expect(await admin.getUsers()).toEqual({ ok: { users: [{ username: 'admin' }] } });
    });

    it('reports user errors with TypeDB status and codes', async () => {
      expect(await admin.createUser('bob', 'pw')).toEqual({ ok: null });
      expect(await admin.createUser('bob', 'pw')).toEqual(refused(400, 'USC2'));
      expect(await admin.updateUser('nobody', 'pw')).toEqual(refused(404, 'USU4'));
      expect(await admin.deleteUser('nobody')).toEqual(refused(404, 'USD3'));
      expect(await admin.deleteUser('admin')).toEqual(refused(400, 'USD1'));
      expect(await driver('bob', 'pw').createUser('carol', 'pw')).toEqual(refused(403, 'SRV2'));
      expect(await admin.deleteUser('bob')).toEqual({ ok: null });
    });

    it('signs in again by itself after its token was revoked', async () => {
      const own = driver('admin', 'password');
      expect(await own.getUsers()).toHaveProperty('ok');
      // Setting admin's password (to the same value) revokes every admin token, own's included.
      expect(await admin.updateUser('admin', 'password')).toEqual({ ok: null });
      expect(await own.getUsers()).toEqual({ ok: { users: [{ username: 'admin' }] } });
    });
  });

  describe('transactions', () => {
    beforeAll(async () => {
      await admin.createDatabase('tx');
    });
    afterAll(async () => {
      await admin.deleteDatabase('tx');
    });

    /** Opens a transaction and returns its id, checking the answer's shape. */
    async function open(
      type: 'read' | 'write' | 'schema',
      options?: Parameters<TypeDBHttpDriver['openTransaction']>[2],
    ) {
      const opened = await admin.openTransaction('tx', type, options);
      expect(opened).toEqual({ ok: { transactionId: expect.stringMatching(UUID_V4) } });
      return (opened as Extract<typeof opened, { ok: unknown }>).ok.transactionId;
    }

    it('opens a write transaction, rolls back, commits; the id is then gone', async () => {
      const id = await open('write', { transactionTimeoutMillis: 60_000, schemaLockAcquireTimeoutMillis: 1_000 });
      expect(await admin.rollbackTransaction(id)).toEqual({ ok: null });
      // Rollback keeps the transaction open; commit closes it.
      expect(await admin.commitTransaction(id)).toEqual({ ok: null });
      expect(await admin.commitTransaction(id)).toEqual(refused(404, 'TSV12'));
      expect(await admin.rollbackTransaction(id)).toEqual(refused(404, 'TSV12'));
    });

    it('closes transactions, idempotently', async () => {
      const id = await open('schema');
      expect(await admin.closeTransaction(id)).toEqual({ ok: null });
      expect(await admin.closeTransaction(id)).toEqual({ ok: null });
      expect(await admin.commitTransaction(id)).toEqual(refused(404, 'TSV12'));
    });

    it('refuses to commit or roll back a read transaction, and closes it', async () => {
      const committed = await open('read');
      expect(await admin.commitTransaction(committed)).toEqual(refused(400, 'TSV2'));
      expect(await admin.commitTransaction(committed)).toEqual(refused(404, 'TSV12'));

      const rolledBack = await open('read');
      expect(await admin.rollbackTransaction(rolledBack)).toEqual(refused(400, 'TSV3'));
      expect(await admin.closeTransaction(rolledBack)).toEqual({ ok: null });
    });

    it('keeps a database with an open transaction from being deleted', async () => {
      const id = await open('write');
      expect(await admin.deleteDatabase('tx')).toEqual(refused(400, 'DBD2'));
      expect(await admin.closeTransaction(id)).toEqual({ ok: null });
    });

    it('reports a missing database at open as 404 TSV1, and a non-UUID id as 400 HSR7', async () => {
      expect(await admin.openTransaction('missing', 'read')).toEqual(refused(404, 'TSV1'));
      expect(await admin.commitTransaction('not-a-uuid')).toEqual(refused(400, 'HSR7'));
    });

    it('lets only the owner use a transaction', async () => {
      await admin.createUser('dave', 'pw');
      const id = await open('write');
      expect(await driver('dave', 'pw').commitTransaction(id)).toEqual(refused(403, 'SRV2'));
      expect(await admin.closeTransaction(id)).toEqual({ ok: null });
      await admin.deleteUser('dave');
    });
  });
});
