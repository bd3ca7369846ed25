import {
  type AlgebraicValue,
  BsatnWriter,
  encodeProduct,
  encodeValue,
  type ProductValue,
  type RawModuleDefV9,
} from '@dbwire/spacetimedb-sats';
import { testModuleDef } from '@dbwire/test-modules/spacetimedb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { TableSchema, Transaction } from '../../../src/spacetimedb/datastore/index.js';
import { AbiTrap, Errno } from '../../../src/spacetimedb/host/errno.js';
import { FakeGuest } from './guest.js';

// The keyed test module's tables: user {id u64 pk auto_inc, email String unique, name String,
// age u32 btree}, audit {note String}.
const def: RawModuleDefV9 = testModuleDef('keyed');

let guest: FakeGuest;
let tx: Transaction;
let user: TableSchema;

function userRow(id: bigint, email: string, name: string, age: number): Uint8Array {
  return encodeProduct(user.rowType, [id, email, name, age]);
}

/** Inserts through the host call; returns the errno and what was written back. */
function insert(row: Uint8Array, tableId = user.id): { errno: number; written: Uint8Array } {
  const ptr = guest.put(row);
  const len = guest.cell(row.length);
  const errno = guest.call.datastore_insert_bsatn(tableId, ptr, len);
  return { errno, written: guest.bytes(ptr, guest.u32(len)) };
}

function indexId(name: string): number {
  const [ptr, len] = guest.text(name);
  const out = guest.cell();
  expect(guest.call.index_id_from_name(ptr, len, out)).toBe(0);
  return guest.u32(out);
}

/** Reads a whole iterator with a generous buffer and decodes its rows. */
function drain(iter: number): ProductValue[] {
  const buffer = guest.alloc(4096);
  const len = guest.cell(4096);
  expect(guest.call.row_iter_bsatn_advance(iter, buffer, len)).toBe(-1);
  return decodeUsers(guest.bytes(buffer, guest.u32(len)));
}

function decodeUsers(bytes: Uint8Array): ProductValue[] {
  const rows: ProductValue[] = [];
  let rest = bytes;
  while (rest.length > 0) {
    const id = new DataView(rest.buffer, rest.byteOffset).getBigUint64(0, true);
    const row = [...tx.scan(user.id)].find((candidate) => candidate[0] === id);
    if (row === undefined) throw new Error(`no row with id ${id}`);
    const size = encodeProduct(user.rowType, row).length;
    expect(rest.subarray(0, size)).toEqual(encodeProduct(user.rowType, row));
    rows.push(row);
    rest = rest.subarray(size);
  }
  return rows;
}

function bound(kind: 0 | 1 | 2, value?: number): Uint8Array {
  const writer = new BsatnWriter();
  writer.writeU8(kind);
  if (value !== undefined) writer.writeU32(value);
  return writer.finish();
}

function rangeArgs(prefix: Uint8Array, prefixElems: number, start: Uint8Array, end: Uint8Array): number[] {
  return [guest.put(prefix), prefix.length, prefixElems, guest.put(start), start.length, guest.put(end), end.length];
}

function seedUsers(): void {
  for (const [email, name, age] of [
    ['c@x', 'Cy', 40],
    ['a@x', 'Ann', 20],
    ['b@x', 'Bo', 30],
  ] as const) {
    expect(insert(userRow(0n, email, name, age)).errno).toBe(0);
  }
}

beforeEach(() => {
  guest = new FakeGuest(def, 0x0102n);
  tx = guest.begin(def, 'reducer_under_test');
  const table = tx.table('user');
  if (table === undefined) throw new Error('no user table');
  user = table;
});

describe('names to ids', () => {
  it('finds tables and indexes by name, and answers NO_SUCH_TABLE / NO_SUCH_INDEX otherwise', () => {
    const out = guest.cell();
    const [userPtr, userLen] = guest.text('user');
    expect(guest.call.table_id_from_name(userPtr, userLen, out)).toBe(0);
    expect(guest.u32(out)).toBe(user.id);
    const [nope, nopeLen] = guest.text('nope');
    expect(guest.call.table_id_from_name(nope, nopeLen, out)).toBe(Errno.NO_SUCH_TABLE);
    expect(guest.call.index_id_from_name(nope, nopeLen, out)).toBe(Errno.NO_SUCH_INDEX);
    expect(indexId('user_email_idx_btree')).toBe(user.indexes.find((index) => index.columns[0] === 1)?.id);
  });

  it('traps on a NULL pointer, memory out of bounds and invalid UTF-8', () => {
    const out = guest.cell();
    expect(() => guest.call.table_id_from_name(0, 4, out)).toThrow(AbiTrap);
    expect(() => guest.call.table_id_from_name(guest.memory.buffer.byteLength - 2, 4, out)).toThrow(AbiTrap);
    const bad = guest.put(new Uint8Array([0xff, 0xfe]));
    expect(() => guest.call.table_id_from_name(bad, 2, out)).toThrow(/invalid utf8/);
  });

  it('answers NOT_IN_TRANSACTION outside a reducer call', () => {
    guest.env.call = undefined;
    const [ptr, len] = guest.text('user');
    expect(guest.call.table_id_from_name(ptr, len, guest.cell())).toBe(Errno.NOT_IN_TRANSACTION);
    expect(guest.call.datastore_table_row_count(user.id, guest.cell())).toBe(Errno.NOT_IN_TRANSACTION);
  });
});

describe('datastore_insert_bsatn', () => {
  it('inserts the row and writes back the generated sequence values', () => {
    const first = insert(userRow(0n, 'a@x', 'Ann', 20));
    expect(first.errno).toBe(0);
    expect(first.written).toEqual(encodeValue({ U64: [] }, 1n));
    const second = insert(userRow(0n, 'b@x', 'Bo', 30));
    expect(second.written).toEqual(encodeValue({ U64: [] }, 2n));
    expect([...tx.scan(user.id)].map((row) => row[0]).sort()).toEqual([1n, 2n]);
  });

  it('writes back nothing when the row brings its own id', () => {
    const explicit = insert(userRow(50n, 'z@x', 'Zed', 9));
    expect(explicit).toEqual({ errno: 0, written: new Uint8Array(0) });
    expect([...tx.scan(user.id)]).toEqual([[50n, 'z@x', 'Zed', 9]]);
  });

  it('answers UNIQUE_ALREADY_EXISTS, NO_SUCH_TABLE and BSATN_DECODE_ERROR', () => {
    expect(insert(userRow(0n, 'a@x', 'Ann', 20)).errno).toBe(0);
    expect(insert(userRow(0n, 'a@x', 'Other', 21)).errno).toBe(Errno.UNIQUE_ALREADY_EXISTS);
    expect(insert(userRow(0n, 'b@x', 'Bo', 1), 9999).errno).toBe(Errno.NO_SUCH_TABLE);
    expect(insert(userRow(0n, 'c@x', 'Cy', 1).subarray(0, 12)).errno).toBe(Errno.BSATN_DECODE_ERROR);
    expect(tx.rowCount(user.id)).toBe(1);
  });

  it('counts rows as a u64', () => {
    seedUsers();
    const out = guest.cell();
    expect(guest.call.datastore_table_row_count(user.id, out)).toBe(0);
    expect(guest.u64(out)).toBe(3n);
  });
});

describe('row iterators', () => {
  it('answers BUFFER_TOO_SMALL with the size needed, then hands out whole rows as they fit', () => {
    seedUsers();
    const iterCell = guest.cell();
    expect(guest.call.datastore_table_scan_bsatn(user.id, iterCell)).toBe(0);
    const iter = guest.u32(iterCell);
    const buffer = guest.alloc(4096);
    const len = guest.cell(4);
    expect(guest.call.row_iter_bsatn_advance(iter, buffer, len)).toBe(Errno.BUFFER_TOO_SMALL);
    const needed = guest.u32(len);
    expect(needed).toBeGreaterThan(4);

    guest.memory.grow(1); // the guest may grow its memory between calls
    new DataView(guest.memory.buffer).setUint32(len, needed, true);
    expect(guest.call.row_iter_bsatn_advance(iter, buffer, len)).toBe(0);
    const first = decodeUsers(guest.bytes(buffer, guest.u32(len)));
    expect(first).toHaveLength(1);

    const rest = drain(iter);
    expect([...first, ...rest].map((row) => row[1]).sort()).toEqual(['a@x', 'b@x', 'c@x']);
    // An exhausted iterator is freed.
    expect(guest.call.row_iter_bsatn_advance(iter, buffer, guest.cell(4096))).toBe(Errno.NO_SUCH_ITER);
    expect(guest.call.row_iter_bsatn_close(iter)).toBe(Errno.NO_SUCH_ITER);
  });

  it('closes an iterator once, and an empty scan is exhausted at once', () => {
    const iterCell = guest.cell();
    expect(guest.call.datastore_table_scan_bsatn(user.id, iterCell)).toBe(0);
    const buffer = guest.alloc(8);
    const len = guest.cell(8);
    expect(guest.call.row_iter_bsatn_advance(guest.u32(iterCell), buffer, len)).toBe(-1);
    expect(guest.u32(len)).toBe(0);

    expect(guest.call.datastore_table_scan_bsatn(user.id, iterCell)).toBe(0);
    expect(guest.call.row_iter_bsatn_close(guest.u32(iterCell))).toBe(0);
    expect(guest.call.row_iter_bsatn_close(guest.u32(iterCell))).toBe(Errno.NO_SUCH_ITER);
    expect(guest.call.datastore_table_scan_bsatn(4242, iterCell)).toBe(Errno.NO_SUCH_TABLE);
  });
});

describe('index scans', () => {
  it('finds a row by a point of a unique index, and nothing for an unknown point', () => {
    seedUsers();
    const email = indexId('user_email_idx_btree');
    const iterCell = guest.cell();
    const point = encodeValue({ String: [] }, 'b@x');
    expect(guest.call.datastore_index_scan_point_bsatn(email, guest.put(point), point.length, iterCell)).toBe(0);
    expect(drain(guest.u32(iterCell)).map((row) => row[2])).toEqual(['Bo']);
    const missing = encodeValue({ String: [] }, 'nobody');
    expect(guest.call.datastore_index_scan_point_bsatn(email, guest.put(missing), missing.length, iterCell)).toBe(0);
    expect(drain(guest.u32(iterCell))).toEqual([]);
    expect(guest.call.datastore_index_scan_point_bsatn(999, guest.put(point), point.length, iterCell)).toBe(
      Errno.NO_SUCH_INDEX,
    );
    const short = guest.put(new Uint8Array([9, 0]));
    expect(guest.call.datastore_index_scan_point_bsatn(email, short, 2, iterCell)).toBe(Errno.BSATN_DECODE_ERROR);
  });

  it('scans a range in index order, with included, excluded and unbounded ends', () => {
    seedUsers();
    const age = indexId('user_age_idx_btree');
    const iterCell = guest.cell();
    const scan = (start: Uint8Array, end: Uint8Array) => {
      const args = rangeArgs(new Uint8Array(0), 0, start, end);
      expect(guest.call.datastore_index_scan_range_bsatn(age, ...args, iterCell)).toBe(0);
      return drain(guest.u32(iterCell)).map((row) => row[3] as AlgebraicValue);
    };
    expect(scan(bound(2), bound(2))).toEqual([20, 30, 40]);
    expect(scan(bound(0, 25), bound(2))).toEqual([30, 40]);
    expect(scan(bound(1, 30), bound(2))).toEqual([40]);
    expect(scan(bound(0, 20), bound(1, 40))).toEqual([20, 30]);
    expect(scan(bound(0, 30), bound(0, 30))).toEqual([30]);
    // The deprecated name is the same call.
    const args = rangeArgs(new Uint8Array(0), 0, bound(0, 40), bound(2));
    expect(guest.call.datastore_btree_scan_bsatn(age, ...args, iterCell)).toBe(0);
    expect(drain(guest.u32(iterCell)).map((row) => row[3])).toEqual([40]);
  });

  it('refuses a prefix as long as the index, a bad bound tag, and a prefix count beyond u16', () => {
    const age = indexId('user_age_idx_btree');
    const out = guest.cell();
    const tooLong = rangeArgs(encodeValue({ U32: [] }, 1), 1, bound(2), bound(2));
    expect(guest.call.datastore_index_scan_range_bsatn(age, ...tooLong, out)).toBe(Errno.BSATN_DECODE_ERROR);
    const badTag = rangeArgs(new Uint8Array(0), 0, new Uint8Array([7]), bound(2));
    expect(guest.call.datastore_index_scan_range_bsatn(age, ...badTag, out)).toBe(Errno.BSATN_DECODE_ERROR);
    const huge = rangeArgs(new Uint8Array(0), 0x1_0000, bound(2), bound(2));
    expect(() => guest.call.datastore_index_scan_range_bsatn(age, ...huge, out)).toThrow(AbiTrap);
  });
});

describe('updates and deletes', () => {
  it('updates the row a unique index finds, and refuses a missing row or a non-unique index', () => {
    seedUsers();
    const id = indexId('user_id_idx_btree');
    const [ann] = [...tx.scan(user.id)].filter((row) => row[1] === 'a@x') as [ProductValue];
    const update = (indexId: number, row: Uint8Array) => {
      const ptr = guest.put(row);
      const len = guest.cell(row.length);
      return { errno: guest.call.datastore_update_bsatn(user.id, indexId, ptr, len), len: guest.u32(len) };
    };
    expect(update(id, userRow(ann[0] as bigint, 'a@x', 'Anna', 21))).toEqual({ errno: 0, len: 0 });
    expect([...tx.scan(user.id)].filter((row) => row[1] === 'a@x')).toEqual([[ann[0], 'a@x', 'Anna', 21]]);
    expect(update(id, userRow(77n, 'q@x', 'Q', 1)).errno).toBe(Errno.NO_SUCH_ROW);
    expect(update(indexId('user_age_idx_btree'), userRow(ann[0] as bigint, 'a@x', 'A', 21)).errno).toBe(
      Errno.INDEX_NOT_UNIQUE,
    );
    expect(update(4242, userRow(ann[0] as bigint, 'a@x', 'A', 21)).errno).toBe(Errno.NO_SUCH_INDEX);
    expect(tx.rowCount(user.id)).toBe(3);
  });

  it('deletes by range, by point, by equal rows, and clears', () => {
    seedUsers();
    const out = guest.cell();
    const age = indexId('user_age_idx_btree');
    const younger = rangeArgs(new Uint8Array(0), 0, bound(2), bound(1, 30));
    expect(guest.call.datastore_delete_by_index_scan_range_bsatn(age, ...younger, out)).toBe(0);
    expect(guest.u32(out)).toBe(1);
    expect([...tx.scan(user.id)].map((row) => row[3]).sort()).toEqual([30, 40]);

    const point = encodeValue({ String: [] }, 'b@x');
    const email = indexId('user_email_idx_btree');
    expect(guest.call.datastore_delete_by_index_scan_point_bsatn(email, guest.put(point), point.length, out)).toBe(0);
    expect(guest.u32(out)).toBe(1);

    const [cy] = [...tx.scan(user.id)] as [ProductValue];
    const relation = new BsatnWriter();
    relation.writeArrayLength(2);
    const rows = [encodeProduct(user.rowType, cy), userRow(999n, 'n@x', 'N', 1)];
    const bytes = new Uint8Array([...relation.finish(), ...rows.flatMap((row) => [...row])]);
    expect(guest.call.datastore_delete_all_by_eq_bsatn(user.id, guest.put(bytes), bytes.length, out)).toBe(0);
    expect(guest.u32(out)).toBe(1);
    expect(tx.rowCount(user.id)).toBe(0);

    seedUsers();
    expect(guest.call.datastore_clear(user.id, out)).toBe(0);
    expect(guest.u64(out)).toBe(3n);
    expect(tx.rowCount(user.id)).toBe(0);
    expect(guest.call.datastore_clear(31337, out)).toBe(Errno.NO_SUCH_TABLE);
  });
});

describe('bytes sources and sinks', () => {
  it('reads a source in pieces, answers -1 with the last piece, then forgets it', () => {
    const source = guest.env.sources.create(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    const buffer = guest.alloc(16);
    const len = guest.cell();
    const read = (capacity: number) => {
      new DataView(guest.memory.buffer).setUint32(len, capacity, true);
      return guest.call.bytes_source_read(source, buffer, len);
    };
    const remaining = guest.cell();
    expect(guest.call.bytes_source_remaining_length(source, remaining)).toBe(0);
    expect(guest.u32(remaining)).toBe(10);
    expect(read(4)).toBe(0);
    expect(guest.bytes(buffer, guest.u32(len))).toEqual(new Uint8Array([1, 2, 3, 4]));
    expect(guest.call.bytes_source_remaining_length(source, remaining)).toBe(0);
    expect(guest.u32(remaining)).toBe(6);
    expect(read(6)).toBe(-1);
    expect(guest.bytes(buffer, guest.u32(len))).toEqual(new Uint8Array([5, 6, 7, 8, 9, 10]));
    expect(read(6)).toBe(Errno.NO_SUCH_BYTES);
    expect(guest.call.bytes_source_remaining_length(source, remaining)).toBe(Errno.NO_SUCH_BYTES);
    expect(guest.env.sources.create(new Uint8Array(0))).toBe(0);
  });

  it('collects what is written to a sink', () => {
    const sink = guest.env.sinks.create();
    const [hello, helloLen] = guest.text('hello ');
    const [world, worldLen] = guest.text('world');
    expect(guest.call.bytes_sink_write(sink, hello, guest.cell(helloLen))).toBe(0);
    expect(guest.call.bytes_sink_write(sink, world, guest.cell(worldLen))).toBe(0);
    expect(new TextDecoder().decode(guest.env.sinks.take(sink))).toBe('hello world');
    expect(guest.call.bytes_sink_write(sink, hello, guest.cell(helloLen))).toBe(Errno.NO_SUCH_BYTES);
  });
});

describe('console, identity and JWT', () => {
  it('logs lines with their level, source location and the reducer, and never traps', () => {
    const [target, targetLen] = guest.text('my_module::lib');
    const [file, fileLen] = guest.text('src/lib.rs');
    const [message, messageLen] = guest.text('hello');
    guest.call.console_log(2, target, targetLen, file, fileLen, 42, message, messageLen);
    guest.call.console_log(101, 0, 0, 0, 0, 0xffff_ffff, message, messageLen);
    guest.call.console_log(57, 0, 0, 0, 0, 1, message, messageLen);
    guest.call.console_log(0, 0, 0, 0, 0, 1, 0, 5); // a NULL message: dropped
    guest.env.call = undefined;
    guest.call.console_log(1, 0, 0, 0, 0, 0xffff_ffff, message, messageLen);
    const fields = guest.logs.map(({ ts, ...rest }) => {
      expect(Math.abs(ts - Date.now() * 1000)).toBeLessThan(60_000_000);
      return rest;
    });
    expect(fields).toEqual([
      {
        level: 'Info',
        target: 'my_module::lib',
        filename: 'src/lib.rs',
        line_number: 42,
        function: 'reducer_under_test',
        message: 'hello',
      },
      { level: 'Panic', function: 'reducer_under_test', message: 'hello' },
      { level: 'Debug', line_number: 1, function: 'reducer_under_test', message: 'hello' },
      { level: 'Warn', message: 'hello' },
    ]);
    expect(Object.keys(guest.logs[0] ?? {})).toEqual([
      'level',
      'ts',
      'target',
      'filename',
      'line_number',
      'function',
      'message',
    ]);
  });

  it('logs a timer span at Info as the real host words it', () => {
    const [name, nameLen] = guest.text('load');
    const timer = guest.call.console_timer_start(name, nameLen);
    expect(guest.call.console_timer_end(timer)).toBe(0);
    expect(guest.call.console_timer_end(timer)).toBe(Errno.NO_SUCH_CONSOLE_TIMER);
    expect(guest.logs).toHaveLength(1);
    expect(guest.logs[0]?.level).toBe('Info');
    expect(guest.logs[0]?.message).toMatch(/^Timing span "load": \d+(\.\d+)?(ns|µs|ms|s)$/);
  });

  it('writes the database identity as 32 little-endian bytes', () => {
    const out = guest.alloc(32);
    guest.call.identity(out);
    const expected = new Uint8Array(32);
    expected[0] = 0x02;
    expected[1] = 0x01;
    expect(guest.bytes(out, 32)).toEqual(expected);
  });

  it('has no JWT for any connection (source 0), but only inside a transaction', () => {
    const connection = guest.put(new Uint8Array(16).fill(7));
    const out = guest.cell(99);
    expect(guest.call.get_jwt(connection, out)).toBe(0);
    expect(guest.u32(out)).toBe(0);
    guest.env.call = undefined;
    expect(guest.call.get_jwt(connection, out)).toBe(Errno.NOT_IN_TRANSACTION);
  });

  it('drops volatile_nonatomic_schedule_immediate with a warning', () => {
    const [name, nameLen] = guest.text('tick');
    const args = guest.put(new Uint8Array([1]));
    guest.call.volatile_nonatomic_schedule_immediate(name, nameLen, args, 1);
    expect(guest.logs.map((line) => [line.level, line.message])).toEqual([
      ['Warn', expect.stringContaining('volatile_nonatomic_schedule_immediate("tick") is not supported')],
    ]);
  });
});
