/**
 * The little a SQL engine needs from a Postgres connection: run a statement, and run statements in
 * one transaction. PGlite and `pg` each get a small adapter to this, so the key-value logic in
 * ./engine.ts is written once for both.
 */
export type SqlRow = Record<string, unknown>;

export type SqlQuery = (text: string, params?: readonly unknown[]) => Promise<SqlRow[]>;

export interface SqlDriver {
  /** Runs one statement outside any explicit transaction. */
  query: SqlQuery;
  /** Runs `work` between BEGIN and COMMIT (ROLLBACK when it throws), on one connection. */
  transaction<T>(work: (query: SqlQuery) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Postgres's SQLSTATEs for "try again": serialization failure and deadlock. */
export function isRetryableSqlError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40001' || code === '40P01';
}
