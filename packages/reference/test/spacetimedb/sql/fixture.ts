import {
  type AlgebraicType,
  type AlgebraicValue,
  CONNECTION_ID_TYPE,
  IDENTITY_TYPE,
  TIMESTAMP_TYPE,
} from '@dbwire/spacetimedb-sats';
import {
  CommittedTables,
  type IndexSchema,
  type TableSchema,
  Transaction,
} from '../../../src/spacetimedb/datastore/index.js';
import { parseSql, runStatement, type SqlCaller, type SqlResult } from '../../../src/spacetimedb/sql/index.js';

/** Tables for the SQL tests, built directly as `TableSchema`s (ids from 4096, like the datastore's). */

export const OWNER_HEX = `c200${'ab'.repeat(30)}`;
export const ALICE_HEX = `c200${'01'.repeat(30)}`;
export const OWNER: SqlCaller = { isOwner: true, identity: OWNER_HEX };
export const ALICE: SqlCaller = { isOwner: false, identity: ALICE_HEX };

export const identity = (hex: string): AlgebraicValue => [BigInt(`0x${hex}`)];

let nextIndexId = 4096;

interface TableOptions {
  /** Single-column indexes: [column, unique]. */
  indexes?: [number, boolean][];
  primaryKey?: number;
  autoInc?: number;
  isPublic?: boolean;
  hasRowLevelSecurity?: boolean;
}

function tableSchema(
  id: number,
  name: string,
  columns: [string, AlgebraicType][],
  options: TableOptions = {},
): TableSchema {
  const indexes: IndexSchema[] = (options.indexes ?? []).map(([column, unique]) => ({
    id: nextIndexId++,
    tableId: id,
    name: `${name}_${columns[column]?.[0]}_idx_btree`,
    columns: [column],
    unique,
    algorithm: 'btree',
  }));
  return {
    id,
    name,
    columns: columns.map(([columnName, type], position) => ({ position, name: columnName, type })),
    rowType: { elements: columns.map(([columnName, type]) => ({ name: { some: columnName }, algebraic_type: type })) },
    primaryKey: options.primaryKey === undefined ? [] : [options.primaryKey],
    indexes,
    uniqueColumns: indexes.filter((index) => index.unique).map((index) => index.columns),
    sequences:
      options.autoInc === undefined
        ? []
        : [{ column: options.autoInc, start: 1n, min: 1n, max: (1n << 63n) - 1n, increment: 1n }],
    isPublic: options.isPublic ?? true,
    hasRowLevelSecurity: options.hasRowLevelSecurity ?? false,
  };
}

export function schemas(): TableSchema[] {
  nextIndexId = 4096;
  return [
    tableSchema(
      4096,
      'person',
      [
        ['id', { U64: [] }],
        ['name', { String: [] }],
        ['age', { I64: [] }],
        ['active', { Bool: [] }],
        ['owner', IDENTITY_TYPE],
      ],
      { indexes: [[0, true]], primaryKey: 0, autoInc: 0 },
    ),
    tableSchema(
      4097,
      'pet',
      [
        ['id', { U64: [] }],
        ['person_id', { U64: [] }],
        ['species', { String: [] }],
      ],
      {
        indexes: [
          [0, true],
          [1, false],
        ],
        primaryKey: 0,
      },
    ),
    tableSchema(
      4098,
      'misc',
      [
        ['small', { U8: [] }],
        ['tiny', { I8: [] }],
        ['big', { U256: [] }],
        ['data', { Array: { U8: [] } }],
        ['score', { F64: [] }],
        ['tags', { Array: { String: [] } }],
      ],
      { indexes: [[0, true]] },
    ),
    tableSchema(4099, 'secret', [['id', { U64: [] }]], { isPublic: false }),
    tableSchema(4100, 'guarded', [['id', { U64: [] }]], { hasRowLevelSecurity: true }),
    tableSchema(4101, 'event', [
      ['id', { U64: [] }],
      ['at', TIMESTAMP_TYPE],
      ['connection', CONNECTION_ID_TYPE],
    ]),
  ];
}

/** A transaction over the fixture tables, seeded with people, pets and a few misc rows. */
export function seededTransaction(): Transaction {
  const tx = new Transaction(new CommittedTables(schemas()));
  const people: [string, bigint, boolean, string][] = [
    ['Alice', 30n, true, ALICE_HEX],
    ['Bob', 25n, false, OWNER_HEX],
    ['Carol', 35n, true, OWNER_HEX],
    ['Dave', 25n, true, ALICE_HEX],
  ];
  for (const [name, age, active, owner] of people) tx.insert(4096, [0n, name, age, active, identity(owner)]);
  const pets: [bigint, bigint, string][] = [
    [10n, 1n, 'cat'],
    [11n, 1n, 'dog'],
    [12n, 3n, 'cat'],
    [13n, 9n, 'fish'],
  ];
  for (const pet of pets) tx.insert(4097, pet);
  tx.insert(4098, [1, -1, 5n, new Uint8Array([0xca, 0xfe]), 1.5, ['a']]);
  tx.insert(4098, [200, 100, (1n << 255n) + 7n, new Uint8Array([]), -2.25, []]);
  tx.insert(4099, [1n]);
  tx.insert(4100, [1n]);
  // 2025-01-02T03:04:05.123456Z and a second later.
  tx.insert(4101, [1n, [1735787045123456n], [0x0123456789abcdef0123456789abcdefn]]);
  tx.insert(4101, [2n, [1735787046123456n], [1n]]);
  return tx;
}

/** Runs every statement of `text` in order on `tx`; one result per statement. */
export function runSql(tx: Transaction, text: string, caller: SqlCaller = OWNER): SqlResult[] {
  return parseSql(text).map((statement) => runStatement(statement, tx, caller));
}

/** Runs one statement and returns its rows. */
export function rows(tx: Transaction, text: string, caller: SqlCaller = OWNER): AlgebraicValue[][] {
  const [result] = runSql(tx, text, caller);
  if (result === undefined) throw new Error('no result');
  return result.rows;
}

/** The SqlError message a statement fails with. */
export function sqlError(tx: Transaction, text: string, caller: SqlCaller = OWNER): string {
  try {
    runSql(tx, text, caller);
  } catch (error) {
    if (!(error instanceof Error) || error.name !== 'SqlError') throw error;
    return error.message;
  }
  throw new Error(`no error from: ${text}`);
}

/** The output column names of a result. */
export function columnNames(result: SqlResult): (string | undefined)[] {
  return result.schema.elements.map((element) => ('some' in element.name ? element.name.some : undefined));
}
