/**
 * Subscription consistency under concurrency: four clients (two v2, one v1 BSATN subscribed from
 * the start, one v1 JSON subscribing in the middle) watch the keyed module's `user` table while 60
 * create_user/delete_user calls run at once, over both v2 sockets and over HTTP. Each client's
 * snapshot plus its updates, replayed in arrival order, must equal a final `SELECT` over HTTP;
 * every insert and delete is seen exactly once (a delete only of a row the client has, an insert
 * only of one it has not); and every client sees the transactions in one order (those subscribed
 * from the start the same sequence, the late one a suffix of it), as commit order requires.
 */
import type {
  ProductValue,
  V1BsatnServerMessage,
  V1JsonServerMessage,
  V2ServerMessage,
} from '@dbwire/spacetimedb-sats';
import { expect } from 'vitest';
import { itNeeding } from '../../../src/needs.js';
import type { Published } from '../../../src/spacetimedb/fixture.js';
import { delay } from '../../../src/spacetimedb/socket.js';
import {
  type RowChanges,
  requestId,
  USER_TABLE,
  useSubscriptions,
  v1Changes,
  v2Changes,
  v2Rows,
} from '../../../src/spacetimedb/subscriptions.js';
import { nextOf, type Socket } from '../../../src/spacetimedb/wire.js';

const subs = useSubscriptions();
const { keyed } = subs;
const STATE = { capabilities: ['state-changes'] } as const;
const QUERY = 'SELECT * FROM user';
const CREATES_PER_WORKER = 10;
const DELETES_PER_WORKER = 5;
const WORKERS = 4;
const CALLS = WORKERS * (CREATES_PER_WORKER + DELETES_PER_WORKER);
const CONVERGE_TIMEOUT_MS = 10_000;

type AnySocket = Socket<'v2.bsatn.spacetimedb'> | Socket<'v1.bsatn.spacetimedb'> | Socket<'v1.json.spacetimedb'>;

/** What one client saw: its snapshot, then one entry per transaction, in arrival order. */
interface Seen {
  snapshot: ProductValue[] | undefined;
  transactions: RowChanges[];
}

/** Reads a client's history: the snapshot of its subscription and every transaction it was sent. */
function seenBy(socket: AnySocket): Seen {
  const seen: Seen = { snapshot: undefined, transactions: [] };
  for (const message of socket.history as Array<V2ServerMessage | V1BsatnServerMessage | V1JsonServerMessage>) {
    if (socket.protocol === 'v2.bsatn.spacetimedb') {
      const v2 = message as V2ServerMessage;
      if ('SubscribeApplied' in v2) seen.snapshot = v2Rows(keyed, v2.SubscribeApplied.rows);
      if ('TransactionUpdate' in v2) seen.transactions.push(v2Changes(keyed, v2.TransactionUpdate));
      if ('ReducerResult' in v2 && 'Ok' in v2.ReducerResult.result)
        seen.transactions.push(v2Changes(keyed, v2.ReducerResult.result.Ok.transaction_update));
    } else {
      const v1 = message as V1BsatnServerMessage | V1JsonServerMessage;
      if ('SubscribeMultiApplied' in v1) seen.snapshot = v1Changes(keyed, v1.SubscribeMultiApplied.update).inserts;
      if ('TransactionUpdate' in v1 && 'Committed' in v1.TransactionUpdate.status)
        seen.transactions.push(v1Changes(keyed, v1.TransactionUpdate.status.Committed));
    }
  }
  return seen;
}

const idOf = (row: ProductValue) => String(row[0]);

/** A transaction's identity across clients: what it inserted and deleted, by user id. */
function signature(changes: RowChanges): string {
  const ids = (rows: ProductValue[]) => rows.map(idOf).sort().join(',');
  return `+${ids(changes.inserts)} -${ids(changes.deletes)}`;
}

/**
 * Replays `seen`: deletes must name rows the client holds (exactly), inserts rows it does not.
 * The final rows by id, and the problems found.
 */
function replay(seen: Seen): { rows: Map<string, string>; problems: string[] } {
  const rows = new Map<string, string>();
  const problems: string[] = [];
  for (const row of seen.snapshot ?? []) rows.set(idOf(row), keyed.rowKey(USER_TABLE, row));
  seen.transactions.forEach((changes, index) => {
    for (const row of changes.deletes) {
      if (rows.get(idOf(row)) !== keyed.rowKey(USER_TABLE, row))
        problems.push(`transaction ${index} deletes user ${idOf(row)}, which the client does not hold as such`);
      rows.delete(idOf(row));
    }
    for (const row of changes.inserts) {
      if (rows.has(idOf(row))) problems.push(`transaction ${index} inserts user ${idOf(row)} a second time`);
      rows.set(idOf(row), keyed.rowKey(USER_TABLE, row));
    }
  });
  return { rows, problems };
}

async function subscribeV2(socket: Socket<'v2.bsatn.spacetimedb'>): Promise<void> {
  const request = requestId();
  socket.send({ Subscribe: { request_id: request, query_set_id: { id: 1 }, query_strings: [QUERY] } });
  await nextOf(socket, 'SubscribeApplied', (applied) => applied.request_id === request);
}

async function subscribeV1(socket: Socket<'v1.bsatn.spacetimedb'> | Socket<'v1.json.spacetimedb'>): Promise<void> {
  const request = requestId();
  const message = { SubscribeMulti: { query_strings: [QUERY], request_id: request, query_id: { id: 1 } } };
  (socket as Socket<'v1.bsatn.spacetimedb'>).send(message);
  await nextOf(
    socket as Socket<'v1.bsatn.spacetimedb'>,
    'SubscribeMultiApplied',
    (applied) => applied.request_id === request,
  );
}

/** One worker's calls: creates, then deletes of some of its own users, through `call`. */
async function worker(
  name: string,
  create: (email: string) => Promise<string>,
  remove: (id: string) => Promise<void>,
  afterEach: (done: number) => void,
): Promise<void> {
  const ids: string[] = [];
  for (let index = 0; index < CREATES_PER_WORKER; index += 1) {
    ids.push(await create(`${name}-${index}@example.com`));
    afterEach(ids.length);
  }
  for (const id of ids.slice(0, DELETES_PER_WORKER)) {
    await remove(id);
    afterEach(-1);
  }
}

function socketWorker(socket: Socket<'v2.bsatn.spacetimedb'>, name: string, tick: (n: number) => void) {
  const call = async (reducer: string, args: Parameters<typeof keyed.argsBsatn>[1]) => {
    const request = requestId();
    socket.send({ CallReducer: { request_id: request, flags: 0, reducer, args: keyed.argsBsatn(reducer, args) } });
    const result = await nextOf(socket, 'ReducerResult', (answer) => answer.request_id === request);
    if (!('Ok' in result.result)) throw new Error(`${name}: ${reducer} answered ${Object.keys(result.result)[0]}`);
    return v2Changes(keyed, result.result.Ok.transaction_update);
  };
  return worker(
    name,
    async (email) => {
      const changes = await call('create_user', [email, name, 30]);
      const row = changes.inserts.find((candidate) => candidate[1] === email);
      if (!row) throw new Error(`${name}: the caller's update lacks its insert of ${email}`);
      return idOf(row);
    },
    async (id) => {
      await call('delete_user', [BigInt(id)]);
    },
    tick,
  );
}

function httpWorker(db: Published, name: string, tick: (n: number) => void) {
  const { client } = db.owner;
  return worker(
    name,
    async (email) => {
      await client.ok('callReducer', { database: db.identity, reducer: 'create_user', body: [email, name, 40] });
      const [row] = await client.rows(db.identity, `SELECT id FROM user WHERE email = '${email}'`);
      return String(row?.[0]);
    },
    async (id) => {
      await client.ok('callReducer', { database: db.identity, reducer: 'delete_user', body: [BigInt(id)] });
    },
    tick,
  );
}

/** What `socket` has seen once `enough` says so (or at the deadline: the assertions then say what is missing). */
async function converged(socket: AnySocket, enough: (seen: Seen) => boolean): Promise<Seen> {
  const deadline = Date.now() + CONVERGE_TIMEOUT_MS;
  let seen = seenBy(socket);
  while (!enough(seen) && Date.now() < deadline) {
    await delay(25);
    seen = seenBy(socket);
  }
  return seen;
}

itNeeding(
  STATE,
  `${CALLS} concurrent calls: every client's snapshot plus updates equals the final SELECT, each change seen once, in one order`,
  async () => {
    const db = await subs.stdb.publish('keyed');
    const other = await subs.stdb.identity();
    const a = await subs.connect(db, 'v2.bsatn.spacetimedb', { label: 'A (v2, owner)' });
    const b = await subs.connect(db, 'v2.bsatn.spacetimedb', { as: other, label: 'B (v2)' });
    const c = await subs.connect(db, 'v1.bsatn.spacetimedb', { as: other, label: 'C (v1 BSATN)' });
    await Promise.all([subscribeV2(a), subscribeV2(b), subscribeV1(c)]);

    // D subscribes once a quarter of the calls are done, while the rest run.
    let done = 0;
    let lateJoin: Promise<Socket<'v1.json.spacetimedb'>> | undefined;
    const tick = () => {
      done += 1;
      if (done === CALLS / 4 && !lateJoin) {
        lateJoin = subs.connect(db, 'v1.json.spacetimedb', { label: 'D (v1 JSON, late)' }).then(async (socket) => {
          await subscribeV1(socket);
          return socket;
        });
      }
    };
    await Promise.all([
      socketWorker(a, 'a', tick),
      socketWorker(b, 'b', tick),
      httpWorker(db, 'h1', tick),
      httpWorker(db, 'h2', tick),
    ]);
    const d = await (lateJoin as Promise<Socket<'v1.json.spacetimedb'>>);
    const finalRows = await db.owner.client.rows(db.identity, 'SELECT * FROM user');
    const expected = new Map(
      finalRows.map((json) => {
        const row = keyed.rowFromJson(USER_TABLE, json);
        return [idOf(row), keyed.rowKey(USER_TABLE, row)] as const;
      }),
    );
    expect(expected.size).toBe(WORKERS * (CREATES_PER_WORKER - DELETES_PER_WORKER));

    const fromStart = await Promise.all(
      [a, b, c].map((socket) => converged(socket, (seen) => seen.transactions.length >= CALLS)),
    );
    const reference = fromStart[0]?.transactions.map(signature) ?? [];
    for (const [index, socket] of [a, b, c].entries()) {
      const seen = fromStart[index] as Seen;
      expect(socket.problems, socket.label).toEqual([]);
      expect(seen.snapshot, `${socket.label}: snapshot`).toEqual([]);
      expect(seen.transactions, `${socket.label}: one update per call`).toHaveLength(CALLS);
      const { rows, problems } = replay(seen);
      expect(problems, socket.label).toEqual([]);
      expect(rows, `${socket.label}: replayed rows = final SELECT`).toEqual(expected);
      expect(seen.transactions.map(signature), `${socket.label}: the same order as ${a.label}`).toEqual(reference);
    }

    // The late client: a snapshot, then exactly the transactions after it, in the same order.
    const sameRows = (seen: Seen) => {
      const { rows } = replay(seen);
      return rows.size === expected.size && [...rows].every(([id, row]) => expected.get(id) === row);
    };
    const lateSeen = await converged(d, sameRows);
    expect(lateSeen.snapshot, `${d.label} got a snapshot`).toBeDefined();
    const { rows, problems } = replay(lateSeen);
    expect(problems, d.label).toEqual([]);
    expect(rows, `${d.label}: snapshot + later updates = final SELECT`).toEqual(expected);
    const suffix = lateSeen.transactions.map(signature);
    expect(suffix, `${d.label}: a suffix of ${a.label}'s order`).toEqual(
      reference.slice(reference.length - suffix.length),
    );
    // Its snapshot is the state after the transactions it did not get.
    const before = replay({
      snapshot: [],
      transactions: fromStart[0]?.transactions.slice(0, CALLS - suffix.length) ?? [],
    });
    expect(replay({ snapshot: lateSeen.snapshot, transactions: [] }).rows).toEqual(before.rows);
  },
  60_000,
);
