import { spacetimedbError } from '@dbwire/server-stubs/spacetimedb';
import { toUntypedJson } from '@dbwire/spacetimedb-sats';
import type { SpacetimedbCaller } from './auth.js';
import type { SpacetimedbContext } from './context.js';
import type { Database } from './databases.js';
import { DatastoreError, type MutTx, type ReadView } from './datastore/types.js';
import { hasConnectionHooks, inConnection, microsSince } from './reducers.js';
import type { LiveDatabase } from './runtime.js';
import { parseSql, runStatement, SqlError, type SqlResult } from './sql/index.js';

export interface StatementAnswer {
  schema: SqlResult['schema'];
  rows: unknown[];
  total_duration_micros: number;
  stats: SqlResult['stats'];
}

/**
 * `POST …/sql`: the `;`-separated statements in order, in one transaction (a write transaction when
 * one changes data or the module has connection hooks, which run around them), one result each.
 * A statement that fails is a 400 with its message, and nothing is applied; a failing hook answers
 * as for a reducer call (`inConnection`). `gone` is the 404 for a database deleted meanwhile.
 */
export async function runSql(
  context: SpacetimedbContext,
  database: Database,
  live: LiveDatabase,
  caller: SpacetimedbCaller,
  text: string,
  gone: () => Error,
): Promise<StatementAnswer[]> {
  const statements = sqlOrBadRequest(() => parseSql(text));
  const isOwner = caller.identity === database.meta.owner;
  const runAll = (view: MutTx | ReadView): StatementAnswer[] =>
    statements.map((statement) => {
      const started = performance.now();
      const result = sqlOrBadRequest(() => runStatement(statement, view, { isOwner, identity: caller.identity }));
      return {
        schema: result.schema,
        rows: result.rows.map((row) => toUntypedJson({ Product: result.schema }, row)),
        total_duration_micros: microsSince(started),
        stats: result.stats,
      };
    });
  const writes = statements.some((statement) => statement.kind !== 'select') || hasConnectionHooks(live.module.def);
  if (!writes) return live.tables.read(context.storage, runAll);
  return inConnection(context, live, caller, gone, (tx) => runAll(tx));
}

function sqlOrBadRequest<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof SqlError || error instanceof DatastoreError) throw spacetimedbError(400, error.message);
    throw error;
  }
}
