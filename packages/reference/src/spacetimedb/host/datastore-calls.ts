import type { IndexSchema, MutTx, Row, TableSchema } from '../datastore/types.js';
import type { InstanceEnv } from './env.js';
import { AbiTrap, Errno, errnoOf, HostCallError } from './errno.js';
import { decodePoint, decodeRange, decodeRow, decodeRows, encodeColumns, encodeRow, type RangeQuery } from './rows.js';

/**
 * The datastore host functions (`spacetime_10.0` .. `10.5`), over the transaction of the call in
 * progress. Facts from the real host (crates/core/src/host/wasmtime/wasm_instance_env.rs,
 * instance_env.rs):
 * - every call returns a u16 errno (0 = ok) and writes its `out` pointer only on success;
 * - a NULL or out-of-bounds pointer traps, a bad BSATN argument answers BSATN_DECODE_ERROR;
 * - a scan serialises every matching row when it starts; the iterator hands out that snapshot;
 * - `prefix_elems` must fit a u16 (a ColId), else the call traps; the prefix is not read when it is 0;
 * - insert and update write back, over the row buffer, the BSATN of the values the sequences
 *   generated (columns whose value was the zero "sequence trigger"), in column order, and set
 *   `row_len` to its length (0 when nothing was generated).
 * Wasm passes u32 arguments as signed i32 numbers: `>>> 0` reads them back as unsigned.
 */
export function datastoreCalls(env: InstanceEnv) {
  const tableById = (tx: MutTx, tableId: number): TableSchema => {
    const table = tx.table(tableId >>> 0);
    if (table === undefined) throw new HostCallError(Errno.NO_SUCH_TABLE, `no table with id ${tableId >>> 0}`);
    return table;
  };
  const indexById = (tx: MutTx, indexId: number): { index: IndexSchema; table: TableSchema } => {
    const index = tx.index(indexId >>> 0);
    const table = index === undefined ? undefined : tx.table(index.tableId);
    if (index === undefined || table === undefined) {
      throw new HostCallError(Errno.NO_SUCH_INDEX, `no index with id ${indexId >>> 0}`);
    }
    return { index, table };
  };
  const openIterator = (table: TableSchema, rows: Iterable<Row>): number =>
    env.iterators.insert({ rows: Array.from(rows, (row) => encodeRow(table, row, env.typespace)), next: 0 });

  /** What a scan or a delete does with the rows an index selected: its u32 result. */
  type RowsAction = (tx: MutTx, table: TableSchema, rows: Row[]) => number;
  const scanRows: RowsAction = (_tx, table, rows) => openIterator(table, rows);
  const deleteRows: RowsAction = (tx, table, rows) =>
    rows.reduce((count, row) => (tx.delete(table.id, row) ? count + 1 : count), 0);

  /** The host call that selects an index range (`datastore_*_by_index_scan_range_bsatn`) and then does `act`. */
  const byRange =
    (act: RowsAction) =>
    (
      indexId: number,
      prefixPtr: number,
      prefixLen: number,
      prefixElems: number,
      startPtr: number,
      startLen: number,
      endPtr: number,
      endLen: number,
      outPtr: number,
    ): number =>
      errnoOf(() => {
        const elems = prefixElems >>> 0;
        if (elems > 0xffff) throw new AbiTrap('ABI violation, a `ColId` must be a `u16`');
        const tx = env.tx;
        const { index, table } = indexById(tx, indexId);
        const memory = env.memory;
        const prefix = elems === 0 ? new Uint8Array(0) : memory.read(prefixPtr, prefixLen);
        const start = memory.read(startPtr, startLen);
        const end = memory.read(endPtr, endLen);
        const query = decodeRange(table, index, prefix, elems, start, end, env.typespace);
        let rows: Row[];
        if (index.algorithm === 'hash') {
          // A hash index cannot seek a range: only a range that is one point of all its columns works.
          const point = asPoint(query, index, start, end);
          if (point === undefined)
            throw new HostCallError(Errno.WRONG_INDEX_ALGO, `index ${index.name} does not support range scans`);
          rows = tx.indexPoint(index.id, point);
        } else {
          rows = tx.indexRange(index.id, query.prefix, query.start, query.end);
        }
        memory.writeU32(outPtr, act(tx, table, rows));
      });

  /** The host call that selects an index point (`datastore_*_by_index_scan_point_bsatn`) and then does `act`. */
  const byPoint =
    (act: RowsAction) =>
    (indexId: number, pointPtr: number, pointLen: number, outPtr: number): number =>
      errnoOf(() => {
        const tx = env.tx;
        const { index, table } = indexById(tx, indexId);
        const point = decodePoint(table, index, env.memory.read(pointPtr, pointLen), env.typespace);
        env.memory.writeU32(outPtr, act(tx, table, tx.indexPoint(index.id, point)));
      });

  /** Inserts or updates the row in `row_ptr[..*row_len_ptr]`, then writes back the generated values. */
  const writeRow = (
    tableId: number,
    rowPtr: number,
    rowLenPtr: number,
    store: (tx: MutTx, table: TableSchema, row: Row) => Row,
  ) => {
    const tx = env.tx;
    const table = tableById(tx, tableId);
    const memory = env.memory;
    const row = decodeRow(table, memory.read(rowPtr, memory.readU32(rowLenPtr)), env.typespace);
    const triggered = table.sequences.map((sequence) => sequence.column).filter((column) => isZero(row[column]));
    triggered.sort((a, b) => a - b);
    const stored = store(tx, table, row);
    const generated = encodeColumns(table, stored, triggered, env.typespace);
    memory.write(rowPtr, generated);
    memory.writeU32(rowLenPtr, generated.length);
  };

  return {
    table_id_from_name(namePtr: number, nameLen: number, outPtr: number): number {
      return errnoOf(() => {
        const name = env.memory.string(namePtr, nameLen);
        const table = env.tx.table(name);
        if (table === undefined) throw new HostCallError(Errno.NO_SUCH_TABLE, `no table named ${name}`);
        env.memory.writeU32(outPtr, table.id);
      });
    },

    index_id_from_name(namePtr: number, nameLen: number, outPtr: number): number {
      return errnoOf(() => {
        const name = env.memory.string(namePtr, nameLen);
        const index = env.tx.index(name);
        if (index === undefined) throw new HostCallError(Errno.NO_SUCH_INDEX, `no index named ${name}`);
        env.memory.writeU32(outPtr, index.id);
      });
    },

    datastore_table_row_count(tableId: number, outPtr: number): number {
      return errnoOf(() => {
        const tx = env.tx;
        const table = tableById(tx, tableId);
        env.memory.writeU64(outPtr, BigInt(tx.rowCount(table.id)));
      });
    },

    datastore_table_scan_bsatn(tableId: number, outPtr: number): number {
      return errnoOf(() => {
        const tx = env.tx;
        const table = tableById(tx, tableId);
        env.memory.writeU32(outPtr, openIterator(table, tx.scan(table.id)));
      });
    },

    datastore_index_scan_range_bsatn: byRange(scanRows),
    datastore_index_scan_point_bsatn: byPoint(scanRows),
    datastore_delete_by_index_scan_range_bsatn: byRange(deleteRows),
    datastore_delete_by_index_scan_point_bsatn: byPoint(deleteRows),

    datastore_delete_all_by_eq_bsatn(tableId: number, relPtr: number, relLen: number, outPtr: number): number {
      return errnoOf(() => {
        const tx = env.tx;
        const table = tableById(tx, tableId);
        const rows = decodeRows(table, env.memory.read(relPtr, relLen), env.typespace);
        env.memory.writeU32(outPtr, deleteRows(tx, table, rows));
      });
    },

    datastore_clear(tableId: number, outPtr: number): number {
      return errnoOf(() => {
        const tx = env.tx;
        const table = tableById(tx, tableId);
        env.memory.writeU64(outPtr, BigInt(tx.clear(table.id)));
      });
    },

    /**
     * Copies as many whole rows as fit. 0: rows remain; -1: the iterator is exhausted and freed;
     * BUFFER_TOO_SMALL (with the next row's size written) when not even one fits. The real host
     * packs rows into chunks of several rows and reports a chunk's size; this host's chunks are
     * single rows, so the size asked for is never larger than the real host's.
     */
    row_iter_bsatn_advance(iter: number, bufPtr: number, bufLenPtr: number): number {
      const iterator = env.iterators.get(iter >>> 0);
      if (iterator === undefined) return Errno.NO_SUCH_ITER;
      const memory = env.memory;
      const capacity = memory.readU32(bufLenPtr);
      const buffer = memory.slice(bufPtr, capacity);
      let written = 0;
      for (let row = iterator.rows[iterator.next]; row !== undefined; row = iterator.rows[iterator.next]) {
        if (written + row.length > capacity) break;
        buffer.set(row, written);
        written += row.length;
        iterator.next++;
      }
      const pending = iterator.rows[iterator.next];
      if (written === 0 && pending !== undefined) {
        memory.writeU32(bufLenPtr, pending.length);
        return Errno.BUFFER_TOO_SMALL;
      }
      memory.writeU32(bufLenPtr, written);
      if (pending !== undefined) return 0;
      env.iterators.take(iter >>> 0);
      return -1;
    },

    row_iter_bsatn_close(iter: number): number {
      return env.iterators.take(iter >>> 0) === undefined ? Errno.NO_SUCH_ITER : 0;
    },

    datastore_insert_bsatn(tableId: number, rowPtr: number, rowLenPtr: number): number {
      return errnoOf(() => writeRow(tableId, rowPtr, rowLenPtr, (tx, table, row) => tx.insert(table.id, row)));
    },

    /** Replaces the row found through the unique index `index_id` (the projection of the new row on its columns). */
    datastore_update_bsatn(tableId: number, indexId: number, rowPtr: number, rowLenPtr: number): number {
      return errnoOf(() =>
        writeRow(tableId, rowPtr, rowLenPtr, (tx, table, row) => {
          const { index } = indexById(tx, indexId);
          if (index.tableId !== table.id) {
            throw new HostCallError(Errno.NO_SUCH_INDEX, `index ${index.name} is not an index of ${table.name}`);
          }
          if (!index.unique) throw new HostCallError(Errno.INDEX_NOT_UNIQUE, `index ${index.name} is not unique`);
          return tx.update(table.id, index.id, row);
        }),
      );
    },
  };
}

/** A hash-index "range" that names one point: every column fixed, the last by equal included bounds. */
function asPoint(query: RangeQuery, index: IndexSchema, start: Uint8Array, end: Uint8Array) {
  if (query.prefix.length !== index.columns.length - 1) return undefined;
  if (query.start.kind !== 'included' || query.end.kind !== 'included') return undefined;
  if (start.length !== end.length || !start.every((byte, i) => byte === end[i])) return undefined;
  return [...query.prefix, query.start.value];
}

/** A sequence column's value that asks for a generated one: zero of its integer type. */
function isZero(value: unknown): boolean {
  return value === 0 || value === 0n;
}
