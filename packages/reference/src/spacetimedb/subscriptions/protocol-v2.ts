import { decodeProduct, encodeProduct, encodeValue, identityFromHex } from '@dbwire/spacetimedb-sats';
import {
  type BsatnRowList,
  decodeV2ClientMessage,
  encodeRowList,
  encodeV2ServerMessage,
  type V2CallReducer,
  type V2QueryRows,
  type V2QuerySetUpdate,
  type V2ServerMessage,
  type V2TableUpdate,
} from '@dbwire/spacetimedb-sats/protocol';
import type { CommitEvent, Row, TableSchema } from '../datastore/index.js';
import { nowMicros } from '../reducers.js';
import { encodedOnce, type SharedQuery } from './hub.js';
import type { CallAnswer, ProtocolHandler, QueryRows, Session, SubscriptionUpdate } from './session.js';

/**
 * What the server answers a `CallProcedure` with, in v1 and v2 alike (their `ProcedureResult`s
 * share this layout): dbwire hosts no procedures.
 */
export function proceduresUnsupported(request_id: number, now: () => number) {
  return {
    status: { InternalError: 'procedures are not supported by this server' },
    timestamp: { __timestamp_micros_since_unix_epoch__: nowMicros(now) },
    total_host_execution_duration: { __time_duration_micros__: 0n },
    request_id,
  };
}

const EMPTY = new Uint8Array();

/** A successful call with no return value and no change to the caller's query sets, as the product sends it. */
const EMPTY_OK = { Ok: { ret_value: EMPTY, transaction_update: { query_sets: [] } } };

/** The BSATN rows of a table, packed as a `BsatnRowList`. */
export function bsatnRows(table: TableSchema, rows: readonly Row[]): BsatnRowList {
  return encodeRowList(rows.map((row) => encodeProduct(table.rowType, row)));
}

/** A shared query's delta this commit as BSATN row lists, encoded once for every session that shares the query. */
export function bsatnDelta(
  shared: SharedQuery,
  delta: { inserts: readonly Row[]; deletes: readonly Row[] },
): { inserts: BsatnRowList; deletes: BsatnRowList } {
  const table = shared.query.table;
  return encodedOnce(shared, 'bsatn', () => ({
    inserts: bsatnRows(table, delta.inserts),
    deletes: bsatnRows(table, delta.deletes),
  }));
}

/**
 * Protocol `v2.bsatn.spacetimedb`: query sets (Subscribe/Unsubscribe by `query_set_id`), one-off
 * queries, reducer calls answered by `ReducerResult` (with the caller's own query sets' changes)
 * while every other session whose rows changed gets a `TransactionUpdate`.
 */
export class V2Protocol implements ProtocolHandler {
  readonly binary = true;

  constructor(private readonly session: Session) {}

  greet(): void {
    const { caller, connectionId } = this.session;
    this.send({
      InitialConnection: {
        identity: { __identity__: identityFromHex(caller.identity) },
        connection_id: { __connection_id__: connectionId },
        token: caller.token,
      },
    });
  }

  async receive(data: Uint8Array): Promise<void> {
    const message = decodeV2ClientMessage(data);
    const { session } = this;
    if ('Subscribe' in message) {
      const { request_id, query_set_id, query_strings } = message.Subscribe;
      await session.subscribe(`set:${query_set_id.id}`, query_set_id.id, query_strings, false, (result) => {
        if ('error' in result) {
          this.send({ SubscriptionError: { request_id: { some: request_id }, query_set_id, error: result.error } });
        } else {
          this.send({ SubscribeApplied: { request_id, query_set_id, rows: queryRows(result.rows) } });
        }
      });
    } else if ('Unsubscribe' in message) {
      const { request_id, query_set_id, flags } = message.Unsubscribe;
      await session.unsubscribe(`set:${query_set_id.id}`, (result) => {
        if (result === undefined) {
          const error = `No subscription with query set id ${query_set_id.id} on this connection`;
          this.send({ SubscriptionError: { request_id: { some: request_id }, query_set_id, error } });
          return;
        }
        const rows = 'SendDroppedRows' in flags ? { some: queryRows(result.rows) } : { none: [] as [] };
        this.send({ UnsubscribeApplied: { request_id, query_set_id, rows } });
      });
    } else if ('OneOffQuery' in message) {
      const { request_id, query_string } = message.OneOffQuery;
      await session.oneOff(query_string, (result) => {
        const answer = 'error' in result ? { err: result.error } : { ok: queryRows([result.rows]) };
        this.send({ OneOffQueryResult: { request_id, result: answer } });
      });
    } else if ('CallReducer' in message) {
      await this.callReducer(message.CallReducer);
    } else {
      const { request_id } = message.CallProcedure;
      this.send({ ProcedureResult: proceduresUnsupported(request_id, this.session.context.now) });
    }
  }

  commit(event: CommitEvent, updates: readonly SubscriptionUpdate[], own: boolean): void {
    const querySets = updates.map(querySetUpdate);
    if (own) {
      const origin = event.origin;
      const result = { Ok: { ret_value: EMPTY, transaction_update: { query_sets: querySets } } };
      this.send({
        ReducerResult: {
          request_id: origin?.requestId ?? 0,
          timestamp: {
            __timestamp_micros_since_unix_epoch__: origin?.timestampMicros ?? nowMicros(this.session.context.now),
          },
          result,
        },
      });
    } else if (querySets.length > 0) {
      this.send({ TransactionUpdate: { query_sets: querySets } });
    }
  }

  private async callReducer(call: V2CallReducer): Promise<void> {
    const { request_id } = call;
    const answer = (outcome: CallAnswer) => {
      this.send({
        ReducerResult: {
          request_id,
          timestamp: { __timestamp_micros_since_unix_epoch__: nowMicros(this.session.context.now) },
          result: reducerOutcome(outcome),
        },
      });
    };
    const reducer = this.session.reducer(call.reducer);
    if ('error' in reducer) {
      answer({ kind: 'failed', message: reducer.error, trapped: true, durationMicros: 0 });
      return;
    }
    try {
      decodeProduct(reducer.params, call.args, this.session.live.module.def.typespace);
    } catch (error) {
      const message = `invalid arguments for reducer ${call.reducer}: ${(error as Error).message}`;
      answer({ kind: 'failed', message, trapped: true, durationMicros: 0 });
      return;
    }
    await this.session.call(reducer.id, call.args, request_id, answer);
  }

  private send(message: V2ServerMessage): void {
    this.session.outbound.send(encodeV2ServerMessage(message));
  }
}

/** Rows per query, as `QueryRows` (one entry per query; two queries of one table give two entries). */
function queryRows(rows: readonly QueryRows[]): V2QueryRows {
  return { tables: rows.map(({ table, rows: list }) => ({ table: table.name, rows: bsatnRows(table, list) })) };
}

function querySetUpdate(update: SubscriptionUpdate): V2QuerySetUpdate {
  const tables = new Map<string, V2TableUpdate>();
  for (const { shared, delta } of update.changes) {
    const name = shared.query.table.name;
    let table = tables.get(name);
    if (table === undefined) {
      table = { table_name: name, rows: [] };
      tables.set(name, table);
    }
    table.rows.push({ PersistentTable: bsatnDelta(shared, delta) });
  }
  return { query_set_id: { id: update.subscription.id }, tables: [...tables.values()] };
}

/**
 * A call that no commit answered: a reducer's refusal is `Err` with its message as a BSATN string
 * (a `Result<(), String>` reducer's error value); a trap, an unknown reducer or bad arguments are
 * `InternalError`; a call that committed nothing is an `Ok` without query sets (the product never
 * sends `OkEmpty`).
 */
function reducerOutcome(outcome: CallAnswer) {
  switch (outcome.kind) {
    case 'unchanged':
      return EMPTY_OK;
    case 'failed':
      return outcome.trapped
        ? { InternalError: outcome.message }
        : { Err: encodeValue({ String: [] }, outcome.message) };
    case 'gone':
      return { InternalError: 'the database was deleted' };
  }
}
