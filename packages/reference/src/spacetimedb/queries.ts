import { spacetimedbError } from '@dbwire/server-stubs/spacetimedb';
import { identityFromHex, toUntypedJson } from '@dbwire/spacetimedb-sats';
import type { SpacetimedbCaller } from './auth.js';
import type { SpacetimedbContext } from './context.js';
import type { Database } from './databases.js';
import { DatastoreError, type MutTx, type ReadView } from './datastore/types.js';
import { betweenHooks, hasConnectionHooks, nowMicros, ReducerFailure, randomConnectionId } from './reducers.js';
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
 * A statement that fails is a 400 with its message, and nothing is applied.
 */
export async function runSql(
  context: SpacetimedbContext,
  database: Database,
  live: LiveDatabase,
  caller: SpacetimedbCaller,
  text: string,
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
        total_duration_micros: Math.round((performance.now() - started) * 1000),
        stats: result.stats,
      };
    });
  const { def } = live.module;
  const writes = statements.some((statement) => statement.kind !== 'select') || hasConnectionHooks(def);
  if (!writes) return live.tables.read(context.storage, runAll);
  const invocation = {
    sender: identityFromHex(caller.identity),
    connectionId: randomConnectionId(),
    timestamp: nowMicros(context.now),
  };
  const instance = await context.runtime.instance(live);
  try {
    const { value } = await live.tables.mutate(context.storage, async (tx) =>
      betweenHooks(def, instance, tx, invocation, () => runAll(tx)),
    );
    return value;
  } catch (error) {
    if (error instanceof ReducerFailure) {
      throw spacetimedbError(error.step === 'connect' ? 403 : 500, error.message);
    }
    throw error;
  } finally {
    await context.runtime.flushLogs(live);
  }
}

function sqlOrBadRequest<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof SqlError || error instanceof DatastoreError) throw spacetimedbError(400, error.message);
    throw error;
  }
}
