import type {
  BsatnRowList,
  ProductValue,
  V1Bsatn,
  V1DatabaseUpdate,
  V1Json,
  V2QueryRows,
  V2TransactionUpdate,
} from '@dbwire/spacetimedb-sats';
import { afterEach } from 'vitest';
import { type Identity, type Published, type SpacetimedbFixture, useSpacetimedb } from './fixture.js';
import { ModuleTypes } from './rows.js';
import type { Subprotocol, SubscriptionSocket } from './socket.js';
import { connect, type Socket } from './wire.js';

/**
 * What a subscribe suite needs: the SpacetimeDB fixture (identities, published test modules), the
 * keyed module's types, sockets opened as an identity and closed after each test, and the rows of
 * each protocol's updates read into one form (`RowChanges` of positional rows).
 */

/** The table every subscribe suite watches: the keyed module's public `user {id, email, name, age}`. */
export const USER_TABLE = 'user';

/** Inserted and deleted rows of one table (positional values). */
export interface RowChanges {
  inserts: ProductValue[];
  deletes: ProductValue[];
}

export interface SubscriptionsFixture {
  stdb: SpacetimedbFixture;
  keyed: ModuleTypes;
  /** Opens a socket to `db` speaking `protocol`, as `as` (bearer; default the database's owner). */
  connect<P extends Subprotocol>(
    db: Published,
    protocol: P,
    options?: { as?: Identity | null; compression?: string; query?: Record<string, string>; label?: string },
  ): Promise<Socket<P>>;
  /** Keeps a socket the test opened itself, to close after the test. */
  track<S extends SubscriptionSocket<unknown, never>>(socket: S): S;
}

export function useSubscriptions(): SubscriptionsFixture {
  const stdb = useSpacetimedb();
  const keyed = ModuleTypes.of('keyed');
  const open: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((socket) => socket.close()));
  });
  return {
    stdb,
    keyed,
    async connect(db, protocol, options = {}) {
      const identity = options.as === undefined ? db.owner : options.as;
      const socket = await connect(stdb.baseUrl, db.identity, protocol, {
        bearer: identity?.token,
        query: { compression: options.compression ?? 'None', ...options.query },
        label: options.label,
      });
      open.push(socket);
      return socket;
    },
    track(socket) {
      open.push(socket);
      return socket;
    },
  };
}

/** The rows of `table` in v2 query rows (a SubscribeApplied's, a OneOffQueryResult's). */
export function v2Rows(types: ModuleTypes, rows: V2QueryRows, table = USER_TABLE): ProductValue[] {
  return rows.tables.filter((entry) => entry.table === table).flatMap((entry) => types.unpack(table, entry.rows));
}

/** The changes to `table` in a v2 transaction update (every query set). */
export function v2Changes(types: ModuleTypes, update: V2TransactionUpdate, table = USER_TABLE): RowChanges {
  const changes: RowChanges = { inserts: [], deletes: [] };
  for (const querySet of update.query_sets) {
    for (const entry of querySet.tables) {
      if (entry.table_name !== table) continue;
      for (const rows of entry.rows) {
        if (!('PersistentTable' in rows)) continue;
        changes.inserts.push(...types.unpack(table, rows.PersistentTable.inserts));
        changes.deletes.push(...types.unpack(table, rows.PersistentTable.deletes));
      }
    }
  }
  return changes;
}

/** The changes to `table` in a v1 database update, BSATN or JSON (compressed query updates refused: the suites ask for none). */
export function v1Changes(
  types: ModuleTypes,
  update: V1DatabaseUpdate<V1Bsatn> | V1DatabaseUpdate<V1Json>,
  table = USER_TABLE,
): RowChanges {
  const changes: RowChanges = { inserts: [], deletes: [] };
  for (const entry of update.tables) {
    if (entry.table_name !== table) continue;
    for (const queryUpdate of entry.updates as unknown[]) {
      const { inserts, deletes } = v1QueryUpdate(queryUpdate);
      changes.inserts.push(...v1List(types, table, inserts));
      changes.deletes.push(...v1List(types, table, deletes));
    }
  }
  return changes;
}

function v1QueryUpdate(update: unknown): { inserts: BsatnRowList | string[]; deletes: BsatnRowList | string[] } {
  const record = update as Record<string, unknown>;
  if ('Uncompressed' in record) return record.Uncompressed as { inserts: BsatnRowList; deletes: BsatnRowList };
  if ('Brotli' in record || 'Gzip' in record) throw new Error('a compressed query update, though compression=None');
  return record as { inserts: string[]; deletes: string[] };
}

/** The rows of a v1 row list: BSATN packed rows, or JSON texts. */
export function v1List(types: ModuleTypes, table: string, list: BsatnRowList | string[]): ProductValue[] {
  return Array.isArray(list) ? list.map((text) => types.rowFromJson(table, text)) : types.unpack(table, list);
}

/** Row keys (comparable text), sorted: for equality of row sets. */
export function rowKeys(types: ModuleTypes, rows: ProductValue[], table = USER_TABLE): string[] {
  return rows.map((row) => types.rowKey(table, row)).sort();
}

/** A user row's fields: [id, email, name, age]. */
export function userEmail(row: ProductValue): string {
  return row[1] as string;
}

/** A fresh request id per call, so answers can be matched to their requests. */
let lastRequestId = 0;
export function requestId(): number {
  lastRequestId = (lastRequestId + 1) % 0xffff_ffff;
  return lastRequestId;
}
