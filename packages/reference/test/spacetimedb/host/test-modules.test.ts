import { encodeProduct, type ProductValue } from '@dbwire/spacetimedb-sats';
import {
  invalidModuleDef,
  invalidModules,
  loadTestModule,
  MESSAGES,
  reducerId,
  type TestModuleName,
  testModuleDef,
} from '@dbwire/test-modules/spacetimedb';
import { describe, expect, it } from 'vitest';
import { CommittedTables, Transaction, tableSchemas } from '../../../src/spacetimedb/datastore/index.js';
import { compileModule, FATAL_ERROR_MESSAGE, type ModuleLogLine } from '../../../src/spacetimedb/host/index.js';

const DATABASE_IDENTITY = 0xc200_1234_5678_9abc_def0_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_00ffn;

/**
 * The published test modules run end to end through the host: publish (compile and describe),
 * then reducer calls, each in its own transaction that is committed when the call succeeds and
 * dropped otherwise (as the HTTP layer does).
 */
async function publish(name: TestModuleName) {
  const module = await compileModule(await loadTestModule(name));
  const logs: ModuleLogLine[] = [];
  const instance = await module.instantiate({ databaseIdentity: DATABASE_IDENTITY, log: (line) => logs.push(line) });
  const committed = new CommittedTables(tableSchemas(module.def));
  const call = (reducer: string, args: ProductValue = []) => {
    const id = reducerId(name, reducer);
    const params = module.def.reducers[id]?.params ?? { elements: [] };
    const tx = new Transaction(committed);
    const outcome = instance.callReducer(tx, {
      reducerId: id,
      sender: 42n,
      connectionId: 0n,
      timestamp: 1_700_000_000_000_000n,
      args: encodeProduct(params, args),
    });
    if (outcome.ok) committed.apply(tx.pendingWrites(), tx.pendingSequences());
    return outcome;
  };
  const rows = (table: string) => {
    const tx = new Transaction(committed);
    return [...tx.scan(tx.table(table)?.id ?? -1)];
  };
  const messages = () => logs.splice(0).map((line) => line.message);
  return { module, instance, call, rows, logs, messages };
}

describe('the quickstart module', () => {
  it('describes itself, stores people and greets them', async () => {
    const { module, call, rows, messages } = await publish('quickstart');
    expect(module.def).toEqual(testModuleDef('quickstart'));
    expect(call('init').ok).toBe(true);
    expect(call('add', ['Ann']).ok).toBe(true);
    expect(call('add', ['Bo']).ok).toBe(true);
    expect(
      rows('person')
        .map((row) => row[0])
        .sort(),
    ).toEqual(['Ann', 'Bo']);
    expect(call('say_hello').ok).toBe(true);
    const greetings = messages();
    expect(greetings.slice(0, 2).sort()).toEqual(['Hello, Ann!', 'Hello, Bo!']);
    expect(greetings[2]).toBe(MESSAGES.helloWorld);
  });
});

describe('the keyed module', () => {
  it('inserts with generated ids, finds, renames and deletes through its indexes', async () => {
    const { call, rows, messages, logs } = await publish('keyed');
    expect(call('init').ok).toBe(true);
    expect(rows('audit')).toEqual([[MESSAGES.initialised]]);

    expect(call('create_user', ['a@x', 'Ann', 20]).ok).toBe(true);
    expect(call('create_user', ['b@x', 'Bo', 30]).ok).toBe(true);
    expect(call('create_user', ['c@x', 'Cy', 40]).ok).toBe(true);
    expect(messages()).toEqual(['created user 1', 'created user 2', 'created user 3']);
    expect(rows('user').sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([
      [1n, 'a@x', 'Ann', 20],
      [2n, 'b@x', 'Bo', 30],
      [3n, 'c@x', 'Cy', 40],
    ]);

    const taken = call('create_user', ['a@x', 'Again', 1]);
    expect(taken).toMatchObject({ ok: false, trapped: false, message: expect.stringContaining('errno 12') });

    expect(call('count_users').ok).toBe(true);
    expect(call('find_by_email', ['b@x']).ok).toBe(true);
    expect(call('find_by_email', ['nobody@x']).ok).toBe(true);
    expect(messages()).toEqual(['3 users', 'Bo', MESSAGES.notFound]);

    expect(call('rename_user', [2n, 'Bob']).ok).toBe(true);
    expect(rows('user').find((row) => row[0] === 2n)).toEqual([2n, 'b@x', 'Bob', 30]);
    expect(call('rename_user', [99n, 'Nobody'])).toMatchObject({ ok: false, message: MESSAGES.noSuchUser });

    // The scan buffer starts smaller than a row: the module grows it after BUFFER_TOO_SMALL.
    expect(call('log_users').ok).toBe(true);
    expect(messages().sort()).toEqual(['Ann', 'Bob', 'Cy']);

    expect(call('delete_younger_than', [30]).ok).toBe(true);
    expect(messages()).toEqual(['deleted 1 users']);
    expect(call('delete_user', [3n]).ok).toBe(true);
    expect(call('delete_user', [3n])).toMatchObject({ ok: false, message: MESSAGES.noSuchUser });
    expect(rows('user')).toEqual([[2n, 'b@x', 'Bob', 30]]);
    expect(logs.every((line) => line.function !== undefined)).toBe(true);
  });

  it('fails or traps after an insert, which the caller then rolls back', async () => {
    const { instance, call, rows } = await publish('keyed');
    expect(call('add_then_fail', ['f@x', 'F'])).toMatchObject({
      ok: false,
      trapped: false,
      message: MESSAGES.addThenFail,
    });
    expect(rows('user')).toEqual([]);
    expect(call('add_then_trap', ['t@x', 'T'])).toMatchObject({
      ok: false,
      trapped: true,
      message: FATAL_ERROR_MESSAGE,
    });
    expect(instance.poisoned).toBe(true);
    expect(rows('user')).toEqual([]);
  });

  it('logs the database identity as 64 hex digits', async () => {
    const { call, messages } = await publish('keyed');
    expect(call('log_identity').ok).toBe(true);
    expect(messages()).toEqual([DATABASE_IDENTITY.toString(16).padStart(64, '0')]);
  });
});

describe('the invalid modules', () => {
  it('publishes initFails, whose init then fails with its message', async () => {
    const { initFails } = await invalidModules();
    const module = await compileModule(initFails);
    expect(module.def).toEqual(invalidModuleDef('initFails'));
    const instance = await module.instantiate({ databaseIdentity: 1n, log: () => {} });
    const tx = new Transaction(new CommittedTables(tableSchemas(module.def)));
    const call = { sender: 1n, connectionId: 0n, timestamp: 0n, args: new Uint8Array(0) };
    expect(instance.callReducer(tx, { ...call, reducerId: 0 })).toMatchObject({
      ok: false,
      message: MESSAGES.initFailed,
    });
    // An id the definition does not have still reaches the module, which refuses it.
    expect(instance.callReducer(tx, { ...call, reducerId: 9 })).toMatchObject({
      ok: false,
      message: MESSAGES.noSuchReducer,
    });
  });
});
