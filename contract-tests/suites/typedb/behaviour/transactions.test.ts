import { describe, expect, it } from 'vitest';
import { runScopedName } from '../../../src/target.js';
import { CREATES_DATABASES, CREATES_USERS, describeNeeding } from '../../../src/typedb/capabilities.js';
import { type Session, useTypeDB } from '../../../src/typedb/fixture.js';
import { delay, expectEmptyOk, expectError, expectJsonOk, stillPending, UUID_V4 } from '../../../src/typedb/http.js';

const typedb = useTypeDB();

const tx = (transactionId: string) => ({ params: { path: { transactionId } } });
const commit = (session: Session, id: string) => session.api.POST('/v1/transactions/{transactionId}/commit', tx(id));
const rollback = (session: Session, id: string) =>
  session.api.POST('/v1/transactions/{transactionId}/rollback', tx(id));
const close = (session: Session, id: string) => session.api.POST('/v1/transactions/{transactionId}/close', tx(id));
const query = (session: Session, id: string) =>
  session.api.POST('/v1/transactions/{transactionId}/query', { ...tx(id), body: { query: 'match $x isa entity;' } });
const deleteDatabase = (name: string) =>
  typedb.admin.api.DELETE('/v1/databases/{databaseName}', { params: { path: { databaseName: name } } });

describeNeeding(CREATES_DATABASES, 'open', () => {
  it.each(['read', 'write', 'schema'] as const)(
    'opens a %s transaction: 200 {transactionId: UUID v4}',
    async (type) => {
      const database = await typedb.database('open');
      const body = expectJsonOk(
        await typedb.admin.api.POST('/v1/transactions/open', {
          body: { databaseName: database, transactionType: type },
        }),
      );
      expect(body).toEqual({ transactionId: expect.stringMatching(UUID_V4) });
      typedb.trackTransaction(typedb.admin.api, body.transactionId);
      expectEmptyOk(await close(typedb.admin, body.transactionId));
    },
  );

  it('gives each transaction its own id', async () => {
    const database = await typedb.database('ids');
    const ids = [
      await typedb.open(typedb.admin, database, 'read'),
      await typedb.open(typedb.admin, database, 'read'),
      await typedb.open(typedb.admin, database, 'write'),
      await typedb.open(typedb.admin, database, 'write'),
    ];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('accepts null options as the defaults', async () => {
    const database = await typedb.database('nulls');
    await typedb.open(typedb.admin, database, 'write', {
      transactionTimeoutMillis: null,
      schemaLockAcquireTimeoutMillis: null,
    });
  });
});

describeNeeding(CREATES_DATABASES, 'commit', () => {
  it('commits a write transaction (200, empty body) and closes it: committing again answers 404 TSV12', async () => {
    const database = await typedb.database('commit');
    const id = await typedb.open(typedb.admin, database, 'write');
    expectEmptyOk(await commit(typedb.admin, id));
    expectError(await commit(typedb.admin, id), 404, 'TSV12');
    expectError(await rollback(typedb.admin, id), 404, 'TSV12');
  });

  it('commits a schema transaction', async () => {
    const database = await typedb.database('commit-schema');
    const id = await typedb.open(typedb.admin, database, 'schema');
    expectEmptyOk(await commit(typedb.admin, id));
    expectError(await commit(typedb.admin, id), 404, 'TSV12');
  });

  it('answers 400 TSV2 for a read transaction and closes it (then 404 TSV12)', async () => {
    const database = await typedb.database('commit-read');
    const id = await typedb.open(typedb.admin, database, 'read');
    expectError(await commit(typedb.admin, id), 400, 'TSV2');
    expectError(await commit(typedb.admin, id), 404, 'TSV12');
    expectEmptyOk(await deleteDatabase(database));
  });
});

describeNeeding(CREATES_DATABASES, 'rollback', () => {
  it('keeps a write transaction open (200, empty body): a commit afterwards answers 200', async () => {
    const database = await typedb.database('rollback');
    const id = await typedb.open(typedb.admin, database, 'write');
    expectEmptyOk(await rollback(typedb.admin, id));
    expectEmptyOk(await rollback(typedb.admin, id));
    expectEmptyOk(await commit(typedb.admin, id));
  });

  it('answers 400 TSV3 for a read transaction and closes it (then 404 TSV12)', async () => {
    const database = await typedb.database('rollback-read');
    const id = await typedb.open(typedb.admin, database, 'read');
    expectError(await rollback(typedb.admin, id), 400, 'TSV3');
    expectError(await rollback(typedb.admin, id), 404, 'TSV12');
    expectEmptyOk(await deleteDatabase(database));
  });
});

describeNeeding(CREATES_DATABASES, 'close', () => {
  it('closes (200, empty body); closing again and closing an unknown id also answer 200', async () => {
    const database = await typedb.database('close');
    const id = await typedb.open(typedb.admin, database, 'write');
    expectEmptyOk(await close(typedb.admin, id));
    expectError(await commit(typedb.admin, id), 404, 'TSV12');
    expectEmptyOk(await close(typedb.admin, id));
    expectEmptyOk(await close(typedb.admin, crypto.randomUUID()));
    expectEmptyOk(await deleteDatabase(database));
  });
});

describe('without a database or a transaction', () => {
  it('open answers 404 TSV1 on a missing database', async () => {
    expectError(
      await typedb.admin.api.POST('/v1/transactions/open', {
        body: { databaseName: runScopedName('nodb'), transactionType: 'write' },
      }),
      404,
      'TSV1',
    );
  });

  it.each([
    ['commit', commit],
    ['rollback', rollback],
    ['query', query],
  ] as const)('%s answers 404 TSV12 for an unknown transaction', async (_name, operation) => {
    expectError(await operation(typedb.admin, crypto.randomUUID()), 404, 'TSV12');
  });

  it('close answers 200 with an empty body for an unknown transaction', async () => {
    expectEmptyOk(await close(typedb.admin, crypto.randomUUID()));
  });

  it.each([
    ['commit', commit],
    ['rollback', rollback],
    ['close', close],
    ['query', query],
  ] as const)('%s answers 400 HSR7 for an id that is not a UUID', async (_name, operation) => {
    expectError(await operation(typedb.admin, 'not-a-uuid'), 400, 'HSR7');
  });

  it('checks the id before the body (HSR7, not HSR2)', async () => {
    const result = await typedb.admin.api.POST('/v1/transactions/{transactionId}/query', {
      ...tx('not-a-uuid'),
      body: {} as { query: string },
    });
    expectError(result, 400, 'HSR7');
  });
});

describeNeeding(CREATES_DATABASES, 'transaction ids', () => {
  // UUIDs are case-insensitive on input (RFC 9562 §4), and TypeDB parses the id as a UUID.
  it('accepts the id in upper case as the same transaction', async () => {
    const database = await typedb.database('upper');
    const id = await typedb.open(typedb.admin, database, 'write');
    expectEmptyOk(await rollback(typedb.admin, id.toUpperCase()));
    expectEmptyOk(await commit(typedb.admin, id.toUpperCase()));
    expectError(await commit(typedb.admin, id), 404, 'TSV12');
  });
});

describeNeeding(CREATES_USERS, "another user's transaction", () => {
  it.each([
    ['commit', commit],
    ['rollback', rollback],
    ['query', query],
    ['close', close],
  ] as const)('%s answers 403 SRV2 and leaves the transaction to its owner', async (_name, operation) => {
    const database = await typedb.database('owned');
    const owner = await typedb.user('owner');
    const intruder = await typedb.user('intruder');
    const id = await typedb.open(owner, database, 'write');
    expectError(await operation(intruder, id), 403, 'SRV2');
    // Admin is no exception: only the owner may use a transaction.
    expectError(await operation(typedb.admin, id), 403, 'SRV2');
    expectEmptyOk(await rollback(owner, id));
    expectEmptyOk(await commit(owner, id));
  });
});

describeNeeding(CREATES_DATABASES, 'lifetime', () => {
  it('closes a transaction at transactionTimeoutMillis: later calls answer 404 TSV12', async () => {
    const database = await typedb.database('timeout');
    const id = await typedb.open(typedb.admin, database, 'write', { transactionTimeoutMillis: 300 });
    await delay(500);
    expectError(await commit(typedb.admin, id), 404, 'TSV12');
    // Its lock is released and the database is no longer in use.
    const schema = await typedb.open(typedb.admin, database, 'schema', { schemaLockAcquireTimeoutMillis: 100 });
    expectEmptyOk(await close(typedb.admin, schema));
    expectEmptyOk(await deleteDatabase(database));
  });

  it('counts the lifetime from open, not from the last use', async () => {
    const database = await typedb.database('lifetime');
    const id = await typedb.open(typedb.admin, database, 'write', { transactionTimeoutMillis: 600 });
    await delay(150);
    expectEmptyOk(await rollback(typedb.admin, id));
    await delay(550);
    expectError(await rollback(typedb.admin, id), 404, 'TSV12');
  });
});

describeNeeding(CREATES_USERS, "a user's transactions", () => {
  it("are closed when the user's password changes (commit then answers 404 TSV12)", async () => {
    const database = await typedb.database('pwchange');
    const user = await typedb.user('pwchange');
    const write = await typedb.open(user, database, 'write');
    const read = await typedb.open(user, database, 'read');
    const password = runScopedName('newpw');
    expectEmptyOk(
      await typedb.admin.api.PUT('/v1/users/{username}', {
        params: { path: { username: user.username } },
        body: { password },
      }),
    );
    const again = await typedb.session(user.username, password);
    expectError(await commit(again, write), 404, 'TSV12');
    expectError(await rollback(again, read), 404, 'TSV12');
    expectEmptyOk(await deleteDatabase(database));
  });

  it('are closed when the user is deleted', async () => {
    const database = await typedb.database('userdel');
    const user = await typedb.user('userdel');
    await typedb.open(user, database, 'write');
    expectEmptyOk(
      await typedb.admin.api.DELETE('/v1/users/{username}', { params: { path: { username: user.username } } }),
    );
    // Nothing holds the database any more.
    expectEmptyOk(await deleteDatabase(database));
  });
});

describeNeeding(CREATES_DATABASES, 'schema lock', () => {
  it('answers 400 TXN1 when a second schema transaction waits longer than schemaLockAcquireTimeoutMillis', async () => {
    const database = await typedb.database('lock-schema');
    const first = await typedb.open(typedb.admin, database, 'schema');
    const started = performance.now();
    const result = await typedb.admin.api.POST('/v1/transactions/open', {
      body: {
        databaseName: database,
        transactionType: 'schema',
        transactionOptions: { schemaLockAcquireTimeoutMillis: 200 },
      },
    });
    const elapsed = performance.now() - started;
    expectError(result, 400, 'TXN1');
    expect(elapsed).toBeGreaterThanOrEqual(195);
    // The holder is unaffected, and once it is done the lock is free.
    expectEmptyOk(await commit(typedb.admin, first));
    await typedb.open(typedb.admin, database, 'schema', { schemaLockAcquireTimeoutMillis: 200 });
  });

  it('makes a schema transaction wait for open write transactions (400 TXN1 on timeout)', async () => {
    const database = await typedb.database('lock-write');
    await typedb.open(typedb.admin, database, 'write');
    expectError(
      await typedb.admin.api.POST('/v1/transactions/open', {
        body: {
          databaseName: database,
          transactionType: 'schema',
          transactionOptions: { schemaLockAcquireTimeoutMillis: 200 },
        },
      }),
      400,
      'TXN1',
    );
  });

  it('makes a write open wait for a schema transaction and succeed when it closes', async () => {
    const database = await typedb.database('lock-wait');
    const schema = await typedb.open(typedb.admin, database, 'schema');
    const pending = typedb.open(typedb.admin, database, 'write', { schemaLockAcquireTimeoutMillis: 5000 });
    expect(await stillPending(pending, 150)).toBe(true);
    expectEmptyOk(await close(typedb.admin, schema));
    await expect(pending).resolves.toMatch(UUID_V4);
  });

  it('serves waiters first come, first served: a write queued behind a waiting schema transaction waits for it', async () => {
    const database = await typedb.database('lock-fifo');
    const write1 = await typedb.open(typedb.admin, database, 'write');
    const schema = typedb.open(typedb.admin, database, 'schema', { schemaLockAcquireTimeoutMillis: 5000 });
    expect(await stillPending(schema, 100)).toBe(true);
    // Writes could share the lock with write1, but the queued schema transaction comes first.
    const write2 = typedb.open(typedb.admin, database, 'write', { schemaLockAcquireTimeoutMillis: 5000 });
    expect(await stillPending(write2, 100)).toBe(true);

    expectEmptyOk(await commit(typedb.admin, write1));
    const schemaId = await schema;
    expect(await stillPending(write2, 100)).toBe(true);
    expectEmptyOk(await commit(typedb.admin, schemaId));
    await expect(write2).resolves.toMatch(UUID_V4);
  });

  it('never makes reads wait: a read opens while a schema transaction holds the lock', async () => {
    const database = await typedb.database('lock-read');
    await typedb.open(typedb.admin, database, 'schema');
    const read = typedb.open(typedb.admin, database, 'read', { schemaLockAcquireTimeoutMillis: 5000 });
    expect(await stillPending(read, 1000)).toBe(false);
    await expect(read).resolves.toMatch(UUID_V4);
  });

  it('lets write transactions run side by side', async () => {
    const database = await typedb.database('lock-writes');
    const first = await typedb.open(typedb.admin, database, 'write');
    const second = await typedb.open(typedb.admin, database, 'write', { schemaLockAcquireTimeoutMillis: 200 });
    expectEmptyOk(await commit(typedb.admin, second));
    expectEmptyOk(await commit(typedb.admin, first));
  });
});
