/**
 * The little a SQL engine needs from a Postgres connection: run a statement, and run statements in
 * one transaction. PGlite and `pg` each get a small adapter to this, so the key-value logic in
 * ./engine.ts is written once for both.
 */
export type SqlRow = Record<string, unknown>;

export type SqlQuery = (text: string, params?: readonly unknown[]) => Promise<SqlRow[]>;

export type TransactionMode = 'check' | 'commit';

/**
 * How a concurrent server (Postgres over `pg`) begins each mode, in one round trip. Sequential
 * scans are turned off in commits because SERIALIZABLE locks what a query reads: a sequential scan
 * of a small table locks the whole table, making every concurrent commit a (false) conflict, while
 * an index scan locks only the pages of the keys read.
 */
export const BEGIN_STATEMENTS: Record<TransactionMode, string> = {
  check: 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
  commit: 'BEGIN ISOLATION LEVEL SERIALIZABLE; SET LOCAL enable_seqscan = off',
};

export interface SqlDriver {
  /** Runs one statement outside any explicit transaction. */
  query: SqlQuery;
  /**
   * Runs `work` between BEGIN and COMMIT (ROLLBACK when it throws), on one connection, in the
   * given mode: `check` is a read-only REPEATABLE READ transaction, `commit` a SERIALIZABLE one
   * whose reads must take fine-grained (index) predicate locks. A driver whose database runs one
   * transaction at a time (PGlite) already gives both, and may open a plain transaction.
   */
  transaction<T>(mode: TransactionMode, work: (query: SqlQuery) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Postgres's SQLSTATEs for "try again": serialization failure and deadlock. */
export function isRetryableSqlError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40001' || code === '40P01';
}
