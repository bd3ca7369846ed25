import { type AlgebraicType, type AlgebraicValue, IDENTITY_TYPE } from '@dbwire/spacetimedb-sats';
import {
  type ChangeSet,
  CommittedTables,
  type IndexSchema,
  type MutTx,
  type ReadView,
  type Row,
  type TableSchema,
  Transaction,
} from '../../../src/spacetimedb/datastore/index.js';
import { rowKey } from '../../../src/spacetimedb/datastore/keys.js';
import {
  compileSubscription,
  type QueryAccess,
  type SubscriptionQuery,
} from '../../../src/spacetimedb/subscriptions/query.js';

/** Tables for the subscription query tests, built directly as `TableSchema`s. */

export const OWNER_HEX = `c200${'ab'.repeat(30)}`;
export const ALICE_HEX = `c200${'01'.repeat(30)}`;
export const OWNER: QueryAccess = { isOwner: true, identity: OWNER_HEX };
export const ALICE: QueryAccess = { isOwner: false, identity: ALICE_HEX };
export const identity = (hex: string): AlgebraicValue => [BigInt(`0x${hex}`)];

export const PERSON = 4096;
export const PET = 4097;
export const LOOSE = 4098;
export const TAGGED = 4099;

interface TableOptions {
  /** Indexes as column lists; the first, when `primaryKey`, is the unique primary key index. */
  indexes?: number[][];
  primaryKey?: boolean;
  isPublic?: boolean;
  hasRowLevelSecurity?: boolean;
}

let nextIndexId = 5000;

function tableSchema(id: number, name: string, columns: [string, AlgebraicType][], options: TableOptions = {}) {
  const indexes: IndexSchema[] = (options.indexes ?? []).map((indexColumns, position) => ({
    id: nextIndexId++,
    tableId: id,
    name: `${name}_${indexColumns.map((column) => columns[column]?.[0]).join('_')}_idx_btree`,
    columns: indexColumns,
    unique: options.primaryKey === true && position === 0,
    algorithm: 'btree',
  }));
  const primary = options.primaryKey === true ? indexes[0]?.columns : undefined;
  const schema: TableSchema = {
    id,
    name,
    columns: columns.map(([columnName, type], position) => ({ position, name: columnName, type })),
    rowType: { elements: columns.map(([columnName, type]) => ({ name: { some: columnName }, algebraic_type: type })) },
    primaryKey: primary ?? [],
    indexes,
    uniqueColumns: primary === undefined ? [] : [primary],
    sequences: [],
    isPublic: options.isPublic ?? true,
    hasRowLevelSecurity: options.hasRowLevelSecurity ?? false,
  };
  return schema;
}

/**
 * - person(id pk, name, owner: Identity, team: U32), indexed on id;
 * - pet(id pk, person_id, species), indexed on id and person_id;
 * - loose(id, person_id): no index at all;
 * - tagged(id pk, tag, person_id), indexed on id and (tag, person_id);
 * - secret (private) and guarded (row-level security).
 */
export function schemas(): TableSchema[] {
  nextIndexId = 5000;
  const u64 = { U64: [] } as AlgebraicType;
  return [
    tableSchema(
      PERSON,
      'person',
      [
        ['id', u64],
        ['name', { String: [] }],
        ['owner', IDENTITY_TYPE],
        ['team', { U32: [] }],
      ],
      { indexes: [[0]], primaryKey: true },
    ),
    tableSchema(
      PET,
      'pet',
      [
        ['id', u64],
        ['person_id', u64],
        ['species', { String: [] }],
      ],
      { indexes: [[0], [1]], primaryKey: true },
    ),
    tableSchema(LOOSE, 'loose', [
      ['id', u64],
      ['person_id', u64],
    ]),
    tableSchema(
      TAGGED,
      'tagged',
      [
        ['id', u64],
        ['tag', { String: [] }],
        ['person_id', u64],
      ],
      { indexes: [[0], [1, 2]], primaryKey: true },
    ),
    tableSchema(4100, 'secret', [['id', u64]], { isPublic: false }),
    tableSchema(4101, 'guarded', [['id', u64]], { hasRowLevelSecurity: true }),
  ];
}

/** A database in memory: the committed tables, changed one commit at a time. */
export class TestDatabase {
  readonly committed = new CommittedTables(schemas());

  /** A read-only view of the committed state (a transaction that writes nothing). */
  view(): ReadView {
    return new Transaction(this.committed);
  }

  /** Runs `work` in a transaction and commits it; returns its net changes. */
  commit(work: (tx: MutTx) => void): ChangeSet {
    const tx = new Transaction(this.committed);
    work(tx);
    const changes = tx.changes();
    this.committed.apply(tx.pendingWrites(), tx.pendingSequences());
    return changes;
  }

  compile(sql: string, access: QueryAccess = OWNER): SubscriptionQuery {
    return compileSubscription(sql, this.view(), access);
  }
}

/** `person(id, name, owner, team)`. */
export const person = (id: number, name: string, owner = ALICE_HEX, team = 1): Row => [
  BigInt(id),
  name,
  identity(owner),
  team,
];
export const pet = (id: number, personId: number, species: string): Row => [BigInt(id), BigInt(personId), species];
export const loose = (id: number, personId: number): Row => [BigInt(id), BigInt(personId)];
export const tagged = (id: number, tag: string, personId: number): Row => [BigInt(id), tag, BigInt(personId)];

/** Rows as a sorted list of keys, to compare results as sets. */
export function keysOf(table: TableSchema, rows: readonly Row[]): string[] {
  return rows.map((row) => rowKey(table, row)).sort();
}

/** The message `compileSubscription` refuses `sql` with. */
export function refusal(db: TestDatabase, sql: string, access: QueryAccess = OWNER): string {
  try {
    db.compile(sql, access);
  } catch (error) {
    if (error instanceof Error && error.name === 'SubscriptionQueryError') return error.message;
    throw error;
  }
  throw new Error(`no refusal for: ${sql}`);
}
