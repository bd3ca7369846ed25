import { parseJson, stringifyJson } from '@dbwire/json';
import {
  decodeProduct,
  encodeProduct,
  identityFromHex,
  type ProductType,
  reducerArgsFromJson,
  toUntypedJson,
} from '@dbwire/spacetimedb-sats';
import {
  decodeV1BsatnClientMessage,
  decodeV1JsonClientMessage,
  encodeV1BsatnServerMessage,
  encodeV1JsonServerMessage,
  type V1Bsatn,
  type V1BsatnServerMessage,
  type V1CallReducer,
  type V1ClientMessage,
  type V1DatabaseUpdate,
  type V1Format,
  type V1Json,
  type V1JsonServerMessage,
  type V1ReducerCallInfo,
  type V1ServerMessage,
  type V1TableUpdate,
  type V1UpdateStatus,
} from '@dbwire/spacetimedb-sats/protocol';
import type { CommitEvent, CommitOrigin, Row, TableSchema } from '../datastore/index.js';
import { nowMicros } from '../reducers.js';
import { encodedOnce, type QueryDelta, type SharedQuery } from './hub.js';
import { bsatnDelta, bsatnRows, proceduresUnsupported } from './protocol-v2.js';
import type { CallAnswer, ProtocolHandler, QueryRows, Session, SubscriptionUpdate } from './session.js';

/** v1 `CallReducer` flag: the caller is not told of its own call as the caller (see `V1Protocol.commit`). */
const NO_SUCCESS_NOTIFY = 1;

const LEGACY_KEY = 'legacy';

const decoder = new TextDecoder();

/**
 * How one v1 format (BSATN or JSON) carries rows, values and query updates. Everything else about
 * v1 is one implementation (`V1Protocol`).
 */
interface V1Encoding<F extends V1Format> {
  decode(data: Uint8Array): V1ClientMessage<F>;
  encode(message: V1ServerMessage<F>): Uint8Array | string;
  rows(table: TableSchema, rows: readonly Row[]): F['list'];
  /** One query's delta this commit (shared queries cache the encoding for every session). */
  delta(shared: SharedQuery, delta: QueryDelta): F['queryUpdate'];
  /** A query update from rows (subscribe and unsubscribe answers). */
  update(table: TableSchema, inserts: readonly Row[], deletes: readonly Row[]): F['queryUpdate'];
  /** Reducer arguments as the client sent them, to BSATN; throws with a message for the client. */
  args(params: ProductType, args: F['single'], session: Session): Uint8Array;
  /** BSATN reducer arguments as this format shows them in `reducer_call`. */
  showArgs(params: ProductType | undefined, args: Uint8Array, session: Session): F['single'];
  messageId(id: Uint8Array): Uint8Array;
}

const BSATN: V1Encoding<V1Bsatn> = {
  decode: decodeV1BsatnClientMessage,
  encode: (message) => encodeV1BsatnServerMessage(message),
  rows: bsatnRows,
  delta: (shared, delta) => ({ Uncompressed: bsatnDelta(shared, delta) }),
  update: (table, inserts, deletes) => ({
    Uncompressed: { deletes: bsatnRows(table, deletes), inserts: bsatnRows(table, inserts) },
  }),
  args: (params, args, session) => {
    decodeProduct(params, args, session.live.module.def.typespace);
    return args;
  },
  showArgs: (_params, args) => args,
  messageId: (id) => id,
};

const JSON_FORMAT: V1Encoding<V1Json> = {
  decode: (data) => decodeV1JsonClientMessage(decoder.decode(data)),
  encode: (message) => encodeV1JsonServerMessage(message),
  rows: jsonRows,
  delta: (shared, delta) =>
    encodedOnce(shared, 'json', () => ({
      deletes: jsonRows(shared.query.table, delta.deletes),
      inserts: jsonRows(shared.query.table, delta.inserts),
    })),
  update: (table, inserts, deletes) => ({ deletes: jsonRows(table, deletes), inserts: jsonRows(table, inserts) }),
  args: (params, args, session) => {
    const { typespace } = session.live.module.def;
    // SATS-JSON arguments, as `/call` takes them: an array in order or an object by name.
    return encodeProduct(params, reducerArgsFromJson(params, parseJson(args), typespace), typespace);
  },
  showArgs: (params, args, session) => {
    if (params === undefined || args.length === 0) return '[]';
    const { typespace } = session.live.module.def;
    return stringifyJson(toUntypedJson({ Product: params }, decodeProduct(params, args, typespace), typespace));
  },
  messageId: (id) => id,
};

/** Each row's untyped SATS-JSON text (products as arrays), as `/sql` writes rows. */
function jsonRows(table: TableSchema, rows: readonly Row[]): string[] {
  return rows.map((row) => stringifyJson(toUntypedJson({ Product: table.rowType }, row)));
}

/**
 * Protocols `v1.bsatn.spacetimedb` and `v1.json.spacetimedb`: the legacy `Subscribe` (replaces the
 * connection's legacy set), `SubscribeSingle`/`SubscribeMulti` and their unsubscribes, one-off
 * queries, and reducer calls answered by a `TransactionUpdate` with the caller's info (to the caller
 * unless `NoSuccessNotify`, and to every other session whose subscribed rows changed, as
 * `TransactionUpdateLight` to those that connected with `light=true`).
 */
export class V1Protocol implements ProtocolHandler {
  readonly binary: boolean;
  private readonly encoding: V1Encoding<V1Format>;
  /** Flags of this session's calls in flight, by request id. */
  private readonly callFlags = new Map<number, number>();

  constructor(
    private readonly session: Session,
    format: 'bsatn' | 'json',
    /** `light=true`: other sessions' commits come as `TransactionUpdateLight`. */
    private readonly light = false,
  ) {
    this.binary = format === 'bsatn';
    this.encoding = (format === 'bsatn' ? BSATN : JSON_FORMAT) as unknown as V1Encoding<V1Format>;
  }

  greet(): void {
    const { caller, connectionId } = this.session;
    this.send({
      IdentityToken: {
        identity: { __identity__: identityFromHex(caller.identity) },
        token: caller.token,
        connection_id: { __connection_id__: connectionId },
      },
    });
  }

  async receive(data: Uint8Array): Promise<void> {
    const message = this.encoding.decode(data);
    const { session, encoding } = this;
    if ('CallReducer' in message) {
      await this.callReducer(message.CallReducer);
    } else if ('Subscribe' in message) {
      const { request_id, query_strings } = message.Subscribe;
      await session.subscribe(LEGACY_KEY, 0, query_strings, true, (result) => {
        if ('error' in result) return this.subscriptionError(request_id, undefined, result.error, result.micros);
        this.send({
          InitialSubscription: {
            database_update: this.databaseUpdate(result.rows),
            request_id,
            total_host_execution_duration: { __time_duration_micros__: BigInt(result.micros) },
          },
        });
      });
    } else if ('SubscribeSingle' in message) {
      const { query, request_id, query_id } = message.SubscribeSingle;
      await session.subscribe(`single:${query_id.id}`, query_id.id, [query], false, (result) => {
        if ('error' in result) return this.subscriptionError(request_id, query_id.id, result.error, result.micros);
        // One query subscribed, so one entry of rows.
        const [rows] = result.rows;
        if (rows === undefined) throw new Error('SubscribeSingle: the subscription answered no rows entry');
        this.send({
          SubscribeApplied: {
            request_id,
            total_host_execution_duration_micros: BigInt(result.micros),
            query_id,
            rows: { table_id: rows.table.id, table_name: rows.table.name, table_rows: this.tableUpdate(rows) },
          },
        });
      });
    } else if ('SubscribeMulti' in message) {
      const { query_strings, request_id, query_id } = message.SubscribeMulti;
      await session.subscribe(`multi:${query_id.id}`, query_id.id, query_strings, false, (result) => {
        if ('error' in result) return this.subscriptionError(request_id, query_id.id, result.error, result.micros);
        this.send({
          SubscribeMultiApplied: {
            request_id,
            total_host_execution_duration_micros: BigInt(result.micros),
            query_id,
            update: this.databaseUpdate(result.rows),
          },
        });
      });
    } else if ('Unsubscribe' in message) {
      const { request_id, query_id } = message.Unsubscribe;
      await session.unsubscribe(`single:${query_id.id}`, (result) => {
        const [rows] = result?.rows ?? [];
        if (result === undefined || rows === undefined) {
          return this.subscriptionError(request_id, query_id.id, `No subscription with query id ${query_id.id}`, 0);
        }
        this.send({
          UnsubscribeApplied: {
            request_id,
            total_host_execution_duration_micros: BigInt(result.micros),
            query_id,
            rows: { table_id: rows.table.id, table_name: rows.table.name, table_rows: this.tableUpdate(rows, true) },
          },
        });
      });
    } else if ('UnsubscribeMulti' in message) {
      const { request_id, query_id } = message.UnsubscribeMulti;
      await session.unsubscribe(`multi:${query_id.id}`, (result) => {
        if (result === undefined) {
          return this.subscriptionError(request_id, query_id.id, `No subscription with query id ${query_id.id}`, 0);
        }
        this.send({
          UnsubscribeMultiApplied: {
            request_id,
            total_host_execution_duration_micros: BigInt(result.micros),
            query_id,
            update: this.databaseUpdate(result.rows, true),
          },
        });
      });
    } else if ('OneOffQuery' in message) {
      const { message_id, query_string } = message.OneOffQuery;
      await session.oneOff(query_string, (result) => {
        const failed = 'error' in result;
        this.send({
          OneOffQueryResponse: {
            message_id: encoding.messageId(message_id),
            error: failed ? { some: result.error } : { none: [] },
            tables: failed
              ? []
              : [{ table_name: result.rows.table.name, rows: encoding.rows(result.rows.table, result.rows.rows) }],
            total_host_execution_duration: { __time_duration_micros__: BigInt(result.micros) },
          },
        });
      });
    } else {
      const { request_id } = message.CallProcedure;
      this.send({ ProcedureResult: proceduresUnsupported(request_id, this.session.context.now) });
    }
  }

  commit(event: CommitEvent, updates: readonly SubscriptionUpdate[], own: boolean): void {
    const changes = updates.flatMap((update) => update.changes);
    const database: V1DatabaseUpdate<V1Format> = { tables: this.tablesOf(changes) };
    const origin = event.origin;
    if (own && origin?.requestId !== undefined) {
      const flags = this.callFlags.get(origin.requestId) ?? 0;
      this.callFlags.delete(origin.requestId);
      // NoSuccessNotify makes the product forget the caller: it hears of its call as any other
      // client would (below), only when its subscribed rows changed.
      if ((flags & NO_SUCCESS_NOTIFY) === 0) {
        this.send({ TransactionUpdate: this.transactionUpdate(origin, { Committed: database }) });
        return;
      }
    }
    if (changes.length === 0) return;
    if (this.light) {
      this.send({ TransactionUpdateLight: { request_id: origin?.requestId ?? 0, update: database } });
      return;
    }
    this.send({ TransactionUpdate: this.transactionUpdate(origin, { Committed: database }) });
  }

  private async callReducer(call: V1CallReducer<V1Format>): Promise<void> {
    const { session } = this;
    const { request_id } = call;
    const fail = (message: string) => this.answer(call, { kind: 'failed', message, trapped: true, durationMicros: 0 });
    const reducer = session.reducer(call.reducer);
    if ('error' in reducer) return fail(reducer.error);
    let args: Uint8Array;
    try {
      args = this.encoding.args(reducer.params, call.args, session);
    } catch (error) {
      return fail(`invalid arguments for reducer ${call.reducer}: ${(error as Error).message}`);
    }
    this.callFlags.set(request_id, call.flags);
    await session.call(reducer.id, args, request_id, (outcome) => {
      this.callFlags.delete(request_id);
      this.answer({ ...call, args }, outcome);
    });
  }

  /**
   * The answer to a call no commit answered: `Failed` with the message, or an empty `Committed`;
   * nothing under NoSuccessNotify (the product then treats the caller as any other client, and
   * other clients hear nothing of a call that changed none of their rows).
   */
  private answer(call: { reducer: string; request_id: number; flags: number; args: unknown }, outcome: CallAnswer) {
    if ((call.flags & NO_SUCCESS_NOTIFY) !== 0) return;
    const status: V1UpdateStatus<V1Format> =
      outcome.kind === 'unchanged'
        ? { Committed: { tables: [] } }
        : { Failed: outcome.kind === 'gone' ? 'the database was deleted' : outcome.message };
    const reducer = this.session.reducer(call.reducer);
    const args = call.args instanceof Uint8Array ? call.args : new Uint8Array();
    const origin: CommitOrigin = {
      callerIdentity: this.session.caller.identity,
      connectionId: this.session.connectionId,
      reducer: { name: call.reducer, id: 'id' in reducer ? reducer.id : 0, args },
      timestampMicros: nowMicros(this.session.context.now),
      durationMicros: 'durationMicros' in outcome ? outcome.durationMicros : 0,
      requestId: call.request_id,
    };
    this.send({ TransactionUpdate: this.transactionUpdate(origin, status) });
  }

  private transactionUpdate(origin: CommitOrigin | undefined, status: V1UpdateStatus<V1Format>) {
    const { def } = this.session.live.module;
    const reducer = origin?.reducer;
    const params = reducer === undefined ? undefined : def.reducers[reducer.id]?.params;
    const reducerCall: V1ReducerCallInfo<V1Format> = {
      reducer_name: reducer?.name ?? '',
      reducer_id: reducer?.id ?? 0,
      args: this.encoding.showArgs(params, reducer?.args ?? new Uint8Array(), this.session),
      request_id: origin?.requestId ?? 0,
    };
    return {
      status,
      timestamp: {
        __timestamp_micros_since_unix_epoch__: origin?.timestampMicros ?? nowMicros(this.session.context.now),
      },
      caller_identity: { __identity__: origin === undefined ? 0n : identityFromHex(origin.callerIdentity) },
      caller_connection_id: { __connection_id__: origin?.connectionId ?? 0n },
      reducer_call: reducerCall,
      energy_quanta_used: { quanta: 0n },
      total_host_execution_duration: { __time_duration_micros__: BigInt(Math.round(origin?.durationMicros ?? 0)) },
    };
  }

  /** A commit's changes as a DatabaseUpdate: one TableUpdate per table, one query update per query. */
  private tablesOf(changes: readonly { shared: SharedQuery; delta: QueryDelta }[]): V1TableUpdate<V1Format>[] {
    const tables = new Map<number, V1TableUpdate<V1Format>>();
    for (const { shared, delta } of changes) {
      const table = shared.query.table;
      let update = tables.get(table.id);
      if (update === undefined) {
        update = { table_id: table.id, table_name: table.name, num_rows: 0n, updates: [] };
        tables.set(table.id, update);
      }
      update.num_rows += BigInt(delta.inserts.length + delta.deletes.length);
      update.updates.push(this.encoding.delta(shared, delta));
    }
    return [...tables.values()];
  }

  /** Rows of queries (subscribed, or dropped when `dropped`) as a DatabaseUpdate. */
  private databaseUpdate(rows: readonly QueryRows[], dropped = false): V1DatabaseUpdate<V1Format> {
    const tables = new Map<number, V1TableUpdate<V1Format>>();
    for (const entry of rows) {
      // Tables without rows are left out, as in a commit's update.
      if (entry.rows.length === 0) continue;
      const update = this.tableUpdate(entry, dropped);
      const known = tables.get(entry.table.id);
      if (known === undefined) tables.set(entry.table.id, update);
      else {
        known.num_rows += update.num_rows;
        known.updates.push(...update.updates);
      }
    }
    return { tables: [...tables.values()] };
  }

  private tableUpdate({ table, rows }: QueryRows, dropped = false): V1TableUpdate<V1Format> {
    const update = dropped ? this.encoding.update(table, [], rows) : this.encoding.update(table, rows, []);
    return { table_id: table.id, table_name: table.name, num_rows: BigInt(rows.length), updates: [update] };
  }

  private subscriptionError(requestId: number, queryId: number | undefined, error: string, micros: number): void {
    this.send({
      SubscriptionError: {
        total_host_execution_duration_micros: BigInt(micros),
        request_id: { some: requestId },
        query_id: queryId === undefined ? { none: [] } : { some: queryId },
        table_id: { none: [] },
        error,
      },
    });
  }

  private send(message: V1ServerMessage<V1Format>): void {
    const encoded = this.binary
      ? this.encoding.encode(message as V1BsatnServerMessage)
      : this.encoding.encode(message as V1JsonServerMessage);
    this.session.outbound.send(encoded);
  }
}
