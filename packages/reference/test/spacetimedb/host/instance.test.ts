import { type AlgebraicType, encodeProduct, type ProductValue, type RawModuleDefV9 } from '@dbwire/spacetimedb-sats';
import { describe, expect, it } from 'vitest';
import { CommittedTables, Transaction, tableSchemas } from '../../../src/spacetimedb/datastore/index.js';
import { AbiTrap } from '../../../src/spacetimedb/host/errno.js';
import {
  type CompiledModule,
  compileModule,
  FATAL_ERROR_MESSAGE,
  type ModuleLogLine,
} from '../../../src/spacetimedb/host/index.js';
import type { WasmModuleInstance } from '../../../src/spacetimedb/host/instance.js';
import { describeFunction, SINK_WRITE_IMPORT, wat } from './wat.js';

const none = { none: [] as [] };
const field = (name: string, type: AlgebraicType) => ({ name: { some: name }, algebraic_type: type });
const table = (name: string, ref: number): RawModuleDefV9['tables'][number] => ({
  name,
  product_type_ref: ref,
  primary_key: [],
  indexes: [],
  constraints: [],
  sequences: [],
  schedule: none,
  table_type: { User: [] },
  table_access: { Public: [] },
});
const reducer = (name: string, params: ReturnType<typeof field>[] = []) => ({
  name,
  params: { elements: params },
  lifecycle: none,
});

const TEXT = field('text', { String: [] });
const DEF: RawModuleDefV9 = {
  typespace: {
    types: [
      { Product: { elements: [TEXT] } },
      {
        Product: {
          elements: [field('sender', { U256: [] }), field('connection', { U128: [] }), field('at', { I64: [] })],
        },
      },
    ],
  },
  tables: [table('note', 0), table('caller', 1)],
  reducers: [
    reducer('add_note', [TEXT]),
    reducer('fail'),
    reducer('trap'),
    reducer('weird_code'),
    reducer('log'),
    reducer('record_caller'),
    reducer('bad_pointer'),
    reducer('grow_then_add', [TEXT]),
  ],
  types: [],
  misc_exports: [],
  row_level_security: [],
};

/** A module whose reducers each exercise one outcome (ids as in DEF.reducers). */
const BEHAVIOURS = `(module
  ${SINK_WRITE_IMPORT}
  (import "spacetime_10.0" "bytes_source_read" (func $source_read (param i32 i32 i32) (result i32)))
  (import "spacetime_10.0" "table_id_from_name" (func $table_id (param i32 i32 i32) (result i32)))
  (import "spacetime_10.0" "datastore_insert_bsatn" (func $insert (param i32 i32 i32) (result i32)))
  (import "spacetime_10.0" "console_log" (func $log (param i32 i32 i32 i32 i32 i32 i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 0x100) "note")
  (data (i32.const 0x110) "caller")
  (data (i32.const 0x120) "boom")
  (data (i32.const 0x130) "hi from wasm")
  (data (i32.const 0x140) "insert failed")
  ${describeFunction(DEF)}
  ;; Reads the whole args source to $dest; returns its length.
  (func $args (param $src i32) (param $dest i32) (result i32)
    (local $total i32) (local $rc i32)
    (if (i32.eqz (local.get $src)) (then (return (i32.const 0))))
    (loop $more
      (i32.store (i32.const 0x10) (i32.sub (i32.const 0x1000) (local.get $total)))
      (local.set $rc (call $source_read (local.get $src) (i32.add (local.get $dest) (local.get $total)) (i32.const 0x10)))
      (local.set $total (i32.add (local.get $total) (i32.load (i32.const 0x10))))
      (br_if $more (i32.eqz (local.get $rc))))
    (local.get $total))
  (func $fail (param $sink i32) (param $ptr i32) (param $len i32) (result i32)
    (i32.store (i32.const 0x10) (local.get $len))
    (drop (call $sink_write (local.get $sink) (local.get $ptr) (i32.const 0x10)))
    (i32.const 1))
  ;; Inserts row[..len] into the named table; returns the errno.
  (func $insert_into (param $name i32) (param $name_len i32) (param $row i32) (param $len i32) (result i32)
    (local $rc i32)
    (local.set $rc (call $table_id (local.get $name) (local.get $name_len) (i32.const 0x20)))
    (if (local.get $rc) (then (return (local.get $rc))))
    (i32.store (i32.const 0x10) (local.get $len))
    (call $insert (i32.load (i32.const 0x20)) (local.get $row) (i32.const 0x10)))
  (func (export "__call_reducer__")
    (param $id i32) (param $s0 i64) (param $s1 i64) (param $s2 i64) (param $s3 i64)
    (param $c0 i64) (param $c1 i64) (param $ts i64) (param $src i32) (param $sink i32) (result i32)
    (local $len i32)
    (if (i32.eq (local.get $id) (i32.const 0)) (then
      (local.set $len (call $args (local.get $src) (i32.const 0x2000)))
      (if (call $insert_into (i32.const 0x100) (i32.const 4) (i32.const 0x2000) (local.get $len))
        (then (return (call $fail (local.get $sink) (i32.const 0x140) (i32.const 13)))))
      (return (i32.const 0))))
    (if (i32.eq (local.get $id) (i32.const 1))
      (then (return (call $fail (local.get $sink) (i32.const 0x120) (i32.const 4)))))
    (if (i32.eq (local.get $id) (i32.const 2)) (then unreachable))
    (if (i32.eq (local.get $id) (i32.const 3)) (then (return (i32.const 7))))
    (if (i32.eq (local.get $id) (i32.const 4)) (then
      (call $log (i32.const 2) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const -1)
        (i32.const 0x130) (i32.const 12))
      (return (i32.const 0))))
    (if (i32.eq (local.get $id) (i32.const 5)) (then
      (i64.store (i32.const 0x3000) (local.get $s0)) (i64.store (i32.const 0x3008) (local.get $s1))
      (i64.store (i32.const 0x3010) (local.get $s2)) (i64.store (i32.const 0x3018) (local.get $s3))
      (i64.store (i32.const 0x3020) (local.get $c0)) (i64.store (i32.const 0x3028) (local.get $c1))
      (i64.store (i32.const 0x3030) (local.get $ts))
      (if (call $insert_into (i32.const 0x110) (i32.const 6) (i32.const 0x3000) (i32.const 56))
        (then (return (call $fail (local.get $sink) (i32.const 0x140) (i32.const 13)))))
      (return (i32.const 0))))
    (if (i32.eq (local.get $id) (i32.const 6)) (then
      (drop (call $table_id (i32.const 0) (i32.const 4) (i32.const 0x20)))
      (return (i32.const 0))))
    (if (i32.eq (local.get $id) (i32.const 7)) (then
      ;; The arguments land in the pages just grown, past the memory the instance started with.
      (drop (memory.grow (i32.const 2)))
      (local.set $len (call $args (local.get $src) (i32.const 0x20000)))
      (if (call $insert_into (i32.const 0x100) (i32.const 4) (i32.const 0x20000) (local.get $len))
        (then (return (call $fail (local.get $sink) (i32.const 0x140) (i32.const 13)))))
      (return (i32.const 0))))
    (i32.const 0)))`;

let compiled: Promise<CompiledModule> | undefined;

async function behaviours() {
  compiled ??= wat(BEHAVIOURS).then(compileModule);
  const module = await compiled;
  const logs: ModuleLogLine[] = [];
  const instance = (await module.instantiate({
    databaseIdentity: 7n,
    log: (line) => logs.push(line),
  })) as WasmModuleInstance;
  const tx = new Transaction(new CommittedTables(tableSchemas(module.def)));
  const call = (
    name: string,
    args: ProductValue = [],
    extra: { sender?: bigint; connectionId?: bigint; timestamp?: bigint } = {},
  ) => {
    const reducerId = DEF.reducers.findIndex((candidate) => candidate.name === name);
    const params = DEF.reducers[reducerId]?.params ?? { elements: [] };
    return instance.callReducer(tx, {
      reducerId,
      sender: extra.sender ?? 1n,
      connectionId: extra.connectionId ?? 0n,
      timestamp: extra.timestamp ?? 1_700_000_000_000_000n,
      args: encodeProduct(params, args),
    });
  };
  const rows = (tableName: string) => [...tx.scan(tx.table(tableName)?.id ?? -1)];
  return { instance, tx, logs, call, rows };
}

describe('ModuleInstance.callReducer', () => {
  it('runs a reducer that reads its arguments and inserts a row into the transaction', async () => {
    const { call, rows } = await behaviours();
    const outcome = call('add_note', ['hello']);
    expect(outcome).toEqual({ ok: true, durationMicros: expect.any(Number) });
    expect(outcome.durationMicros).toBeGreaterThanOrEqual(0);
    expect(rows('note')).toEqual([['hello']]);
  });

  it('passes the sender and connection id as little-endian u64 limbs, and the timestamp', async () => {
    const { call, rows } = await behaviours();
    const sender = (1n << 255n) + (0xabcdefn << 64n) + 5n;
    const connectionId = (1n << 127n) + 3n;
    expect(call('record_caller', [], { sender, connectionId, timestamp: 1_234_567n }).ok).toBe(true);
    expect(rows('caller')).toEqual([[sender, connectionId, 1_234_567n]]);
  });

  it("reports the reducer's error message without poisoning the instance", async () => {
    const { instance, call, rows } = await behaviours();
    expect(call('fail')).toEqual({ ok: false, message: 'boom', trapped: false, durationMicros: expect.any(Number) });
    expect(instance.poisoned).toBe(false);
    expect(call('add_note', ['after']).ok).toBe(true);
    expect(rows('note')).toEqual([['after']]);
  });

  it('reports another return code as the real host does: a fatal error, the instance kept', async () => {
    const { instance, call } = await behaviours();
    expect(call('weird_code')).toMatchObject({ ok: false, message: FATAL_ERROR_MESSAGE, trapped: false });
    expect(instance.poisoned).toBe(false);
  });

  it('reports a trap, poisons the instance and refuses further calls', async () => {
    const { instance, call } = await behaviours();
    expect(call('trap')).toMatchObject({ ok: false, message: FATAL_ERROR_MESSAGE, trapped: true });
    expect(instance.poisoned).toBe(true);
    expect(instance.lastTrapCause).toBeInstanceOf(WebAssembly.RuntimeError);
    expect(() => call('add_note', ['x'])).toThrow(/trapped earlier/);
  });

  it('traps when a host function is misused (a NULL pointer)', async () => {
    const { instance, call } = await behaviours();
    expect(call('bad_pointer')).toMatchObject({ ok: false, trapped: true });
    expect(instance.lastTrapCause).toBeInstanceOf(AbiTrap);
  });

  it('logs with the reducer as the function', async () => {
    const { call, logs } = await behaviours();
    expect(call('log').ok).toBe(true);
    expect(logs).toEqual([{ level: 'Info', ts: expect.any(Number), function: 'log', message: 'hi from wasm' }]);
  });

  it('follows the memory when the module grows it during a call', async () => {
    const { call, rows } = await behaviours();
    expect(call('grow_then_add', ['high']).ok).toBe(true);
    expect(call('add_note', ['low']).ok).toBe(true);
    expect(
      rows('note')
        .map((row) => row[0])
        .sort(),
    ).toEqual(['high', 'low']);
  });

  it('gives each instance its own state', async () => {
    const first = await behaviours();
    const second = await behaviours();
    first.call('trap');
    expect(first.instance.poisoned).toBe(true);
    expect(second.call('add_note', ['fine']).ok).toBe(true);
  });
});
