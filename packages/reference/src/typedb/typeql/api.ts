/**
 * The contract between the TypeQL engine (this folder) and the TypeDB reference handlers
 * (../reference.ts, ../queries.ts). The handlers own transactions, locks, persistence and HTTP;
 * the engine owns the language: parsing, the schema and data model, execution, answers.
 */
import type { Query } from './ast.js';

export type QueryType = 'read' | 'write' | 'schema';

export interface QueryOptions {
  /** Fill `type` on entity/relation/attribute concepts in rows (default true); else send `null`. */
  includeInstanceTypes: boolean;
  /** Return at most this many answers; writes are still fully applied. */
  answerCountLimit: number;
}

export interface QueryAnswer {
  queryType: QueryType;
  answerType: 'ok' | 'conceptRows' | 'conceptDocuments';
  /** `null` for `ok`; rows as `{ data, involvedBlocks: null }`; documents as plain JSON objects. */
  answers: unknown[] | null;
  /** True when more answers existed than `answerCountLimit` (the HTTP layer answers 206 + warning). */
  truncated: boolean;
}

/**
 * One database's committed state: schema and data. Immutable: a commit produces a new snapshot,
 * so transactions that opened earlier keep reading theirs.
 */
export interface DatabaseSnapshot {
  /** The number of commits applied to this database (the same in every process sharing its storage). */
  readonly version: number;
}

/** What a committed transaction changed, for conflict checks, merging and persistence. */
export interface ChangeSet {
  readonly schemaChanged: boolean;
  /** iids of instances this transaction deleted. */
  readonly deleted: ReadonlySet<string>;
  /**
   * iids this transaction relied on: instances it added `has` or `links` to, or updated; a
   * concurrent commit deleting one of them conflicts (and vice versa).
   */
  readonly relied: ReadonlySet<string>;
  /** Exclusive locks taken (`@key`/`@unique` values per owner type): two commits taking one conflict. */
  readonly exclusive: ReadonlySet<string>;
  /** True when nothing changed (commit is then a no-op). */
  readonly empty: boolean;
  /**
   * Storage records to write (`value` JSON-serialisable) or delete (`undefined`), keyed by a path
   * relative to the database (`schema`, `thing/<iid>`, ...). Applied in one storage transaction.
   */
  readonly records: ReadonlyMap<string, unknown>;
}

/** The engine entry points the handlers use. */
export interface TypeQLEngine {
  /** Parses one query; throws `TypeQLError` (phase `parse`, code `TQL0`) on a syntax error. */
  parse(text: string): Query;
  /** A new, empty database. */
  emptyDatabase(): DatabaseSnapshot;
  /**
   * Rebuilds a snapshot from the records earlier change sets wrote (at server start, or when a
   * process catching up finds the commits it missed no longer logged); `version` is the number of
   * commits they amount to.
   */
  loadDatabase(records: Iterable<readonly [string, unknown]>, version: number): DatabaseSnapshot;
  /** The `/schema` text (types then functions) or, with `typesOnly`, the `/type-schema` text. */
  formatSchema(snapshot: DatabaseSnapshot, typesOnly: boolean): string;
  /** What kind of query this is (`schema` for define/undefine/redefine, `write` if it writes). */
  queryType(query: Query): QueryType;
  /** A transaction's working state over `snapshot`. */
  begin(snapshot: DatabaseSnapshot): TransactionState;
  /** `base` (the latest committed snapshot) with `changes` applied; a new snapshot. */
  apply(base: DatabaseSnapshot, changes: ChangeSet): DatabaseSnapshot;
  /**
   * `base` with a change set another process committed right after it, given as its `records`
   * (`null` deletes, as JSON carries `undefined`); a new snapshot, one version on.
   */
  applyRecords(base: DatabaseSnapshot, records: Iterable<readonly [string, unknown]>): DatabaseSnapshot;
}

export interface TransactionState {
  /** Runs a query against the snapshot plus this transaction's own writes. Throws `TypeQLError`. */
  execute(query: Query, options: QueryOptions): QueryAnswer;
  /** Drops this transaction's writes (back to the snapshot it began on). */
  rollback(): void;
  /** Commit-time validation (`@key`, `@card`, abstract types...): throws `TypeQLError` (phase `commit`). */
  validate(): void;
  /** What this transaction changed so far. */
  changes(): ChangeSet;
}
