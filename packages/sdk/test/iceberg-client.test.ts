import { parseJson } from '@dbwire/json';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AlreadyExistsError,
  ApiConnectionError,
  CommitFailedError,
  CommitStateUnknownError,
  connectIcebergClient,
  createIcebergClient,
  type IcebergClientOptions,
  IcebergError,
  NamespaceNotEmptyError,
  NoSuchNamespaceError,
  NoSuchTableError,
  NotAuthorizedError,
  NotFoundError,
  ServerError,
  SlowDownError,
  UnprocessableEntityError,
} from '../src/iceberg/index.js';
import { collect, rejection } from './helpers.js';
import { type HttpDouble, type Received, type Route, startHttpDouble } from './http-double.js';

/**
 * The Iceberg client's mechanics against a scripted HTTP server: paths, idempotency keys, retries,
 * the error classes, int64 exactness and paging. These need answers the reference catalog gives
 * only on demand of a test (a 502 after a commit, a reset connection, a 63-bit snapshot id chosen
 * by the test); `iceberg-reference.test.ts` runs the client against the real catalog.
 */

const TOKEN = 'secret';
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** Retries in these tests wait 1 ms: the server asks for it. */
const QUICK = { 'retry-after-ms': '1' };

let double: HttpDouble | undefined;
afterEach(async () => {
  await double?.close();
  double = undefined;
});

async function serve(route: Route, options: Partial<IcebergClientOptions> = {}) {
  double = await startHttpDouble(route);
  const catalog = createIcebergClient({ baseUrl: double.url, token: TOKEN, ...options });
  return { server: double, catalog };
}

/** An Iceberg error answer, as JSON (the double would otherwise label it a problem). */
function icebergError(
  status: number,
  type: string,
  message = `${type} happened`,
  headers: Record<string, string> = {},
) {
  return {
    status,
    body: { error: { message, type, code: status } },
    headers: { 'content-type': 'application/json', ...headers },
  };
}

const key = (request: Received) => request.headers['idempotency-key'];

/** A v2 table's metadata with one snapshot, as the server writes it (raw JSON text, int64 exact). */
function tableJson(snapshotId: string, location = 'file:///w/db/t/metadata/00001-a.metadata.json'): string {
  return `{"metadata-location":"${location}","metadata":{"format-version":2,"table-uuid":"9c12d441-03fe-4693-9a96-a0705ddf69c1",\
"location":"file:///w/db/t","last-sequence-number":1,"last-updated-ms":1767229200000,"last-column-id":1,"current-schema-id":0,\
"schemas":[{"type":"struct","schema-id":0,"fields":[{"id":1,"name":"id","type":"long","required":true}]}],\
"default-spec-id":0,"partition-specs":[{"spec-id":0,"fields":[]}],"last-partition-id":999,"default-sort-order-id":0,\
"sort-orders":[{"order-id":0,"fields":[]}],"properties":{},"current-snapshot-id":${snapshotId},\
"refs":{"main":{"type":"branch","snapshot-id":${snapshotId}}},\
"snapshots":[{"snapshot-id":${snapshotId},"sequence-number":1,"timestamp-ms":1767229200000,"manifest-list":"file:///w/db/t/metadata/snap.avro","summary":{"operation":"append"},"schema-id":0}],\
"snapshot-log":[{"snapshot-id":${snapshotId},"timestamp-ms":1767229200000}],"metadata-log":[]}}`;
}

describe('paths', () => {
  it('encodes each namespace level, joins the levels with %1F, and never encodes twice', async () => {
    const { server, catalog } = await serve(() => ({
      status: 200,
      body: { namespace: ['a b', 'c%d', 'x/y'], properties: {} },
    }));
    await catalog.loadNamespaceMetadata(['a b', 'c%d', 'x/y']);
    await catalog.loadTable(['accounting', 'tax'], 'paid/2026');
    expect(server.received.map((r) => r.path)).toEqual([
      '/v1/namespaces/a%20b%1Fc%25d%1Fx%2Fy',
      '/v1/namespaces/accounting%1Ftax/tables/paid%2F2026',
    ]);
  });

  it('puts the prefix in every path but /v1/config', async () => {
    const { server, catalog } = await serve(
      (request) =>
        request.path.endsWith('/config')
          ? { status: 200, body: { defaults: {}, overrides: {} } }
          : { status: request.method === 'POST' ? 204 : 200, body: { namespaces: [] } },
      { prefix: 'analytics' },
    );
    await catalog.getConfig();
    await catalog.listNamespaces({ parent: ['accounting', 'tax'] });
    await catalog.renameTable({
      source: { namespace: ['a'], name: 't' },
      destination: { namespace: ['b'], name: 't' },
    });
    await catalog.commitTransaction({ 'table-changes': [] });
    expect(server.received.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /v1/config',
      'GET /v1/analytics/namespaces',
      'POST /v1/analytics/tables/rename',
      'POST /v1/analytics/transactions/commit',
    ]);
    expect(server.received[1]?.query.get('parent')).toBe('accounting\u001ftax');
  });

  it('rejects namespaces that have no path form before sending anything', async () => {
    const { server, catalog } = await serve(() => ({ status: 200, body: {} }));
    await expect(catalog.loadNamespaceMetadata([])).rejects.toThrow(TypeError);
    await expect(catalog.namespaceExists(['a\u001fb'])).rejects.toThrow(/unit separator/);
    expect(server.received).toHaveLength(0);
  });

  it('sends the bearer token', async () => {
    const { server, catalog } = await serve(() => ({ status: 200, body: { namespaces: [] } }));
    await catalog.listNamespaces();
    expect(server.received[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });
});

describe('idempotency keys', () => {
  it('gives every mutation a new UUIDv7 and reads none', async () => {
    const { server, catalog } = await serve((request) =>
      request.method === 'GET'
        ? { status: 200, body: { namespace: ['a'], properties: {} } }
        : request.method === 'DELETE'
          ? { status: 204 }
          : { status: 200, body: { namespace: ['a'], properties: {} } },
    );
    await catalog.createNamespace({ namespace: ['a'] });
    await catalog.createNamespace({ namespace: ['b'] });
    await catalog.loadNamespaceMetadata(['a']);
    await catalog.dropNamespace(['a']);
    const [first, second, load, drop] = server.received;
    expect(key(first as Received)).toMatch(UUID_V7);
    expect(key(second as Received)).toMatch(UUID_V7);
    expect(key(first as Received)).not.toBe(key(second as Received));
    expect(key(load as Received)).toBeUndefined();
    expect(key(drop as Received)).toMatch(UUID_V7);
  });

  it('sends the same key on every retry of one call, and the caller’s key when given', async () => {
    let attempt = 0;
    const { server, catalog } = await serve(() =>
      ++attempt < 3 ? icebergError(503, 'SlowDownException', 'busy', QUICK) : { status: 204 },
    );
    await catalog.dropTable(['db'], 't', { purgeRequested: true });
    const keys = server.received.map(key);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(server.received[0]?.query.get('purgeRequested')).toBe('true');

    await catalog.dropTable(['db'], 't', { idempotencyKey: '01890a5d-ac96-774b-bcce-b302099a8057' });
    expect(key(server.received[3] as Received)).toBe('01890a5d-ac96-774b-bcce-b302099a8057');
  });
});

describe('commits and retries', () => {
  /**
   * `updateTable` on a server that applies a commit, then answers the first `failures` attempts
   * with `status` as a gateway would (the outcome unknown to the client). A repeat with a key it
   * has applied is answered from its record, not applied again.
   */
  function gateway(failures: number, status: number) {
    const applied = new Map<string, string>();
    let attempts = 0;
    const route: Route = (request) => {
      attempts++;
      const k = key(request) as string | undefined;
      let answer = k === undefined ? undefined : applied.get(k);
      if (answer === undefined) {
        answer = tableJson(String(applied.size + 1));
        if (k !== undefined) applied.set(k, answer);
      }
      if (attempts <= failures)
        return {
          status,
          body: `<html>${status} from the gateway</html>`,
          headers: { 'content-type': 'text/html', ...QUICK },
        };
      return { status: 200, body: answer };
    };
    return { route, applied };
  }

  it('resends a commit answered 500/502/504 with the same key, and the server applies it once', async () => {
    for (const status of [500, 502, 504]) {
      const { route, applied } = gateway(2, status);
      const { server, catalog } = await serve(route);
      const committed = await catalog.updateTable(['db'], 't', { requirements: [], updates: [] });
      expect(server.received).toHaveLength(3);
      expect(new Set(server.received.map(key)).size).toBe(1);
      expect(applied.size).toBe(1);
      expect(committed['metadata-location']).toMatch(/metadata\.json$/);
      await double?.close();
      double = undefined;
    }
  });

  it('throws CommitStateUnknownError, with the key, when retries are off or run out', async () => {
    const { route } = gateway(10, 502);
    const { server, catalog } = await serve(route, { maxRetries: 0 });
    const error = await rejection(catalog.updateTable(['db'], 't', { requirements: [], updates: [] }));
    expect(error).toBeInstanceOf(CommitStateUnknownError);
    const unknown = error as CommitStateUnknownError;
    expect(unknown.status).toBe(502);
    expect(unknown.message).toContain('502 from the gateway');
    expect(unknown.idempotencyKey).toMatch(UUID_V7);
    expect(unknown.idempotencyKey).toBe(key(server.received[0] as Received));
    expect(server.received).toHaveLength(1);

    // Resending with that key later is the safe way to learn the outcome.
    const retried = createIcebergClient({ baseUrl: server.url, token: TOKEN, maxRetries: 1 });
    const exhausted = await rejection(
      retried.commitTransaction({ 'table-changes': [] }, { idempotencyKey: unknown.idempotencyKey }),
    );
    expect(exhausted).toBeInstanceOf(CommitStateUnknownError);
    expect(server.received.slice(1).map(key)).toEqual([unknown.idempotencyKey, unknown.idempotencyKey]);
  });

  it('reads 503 on a commit as an unknown state once retries run out, and as SlowDown elsewhere', async () => {
    const { catalog } = await serve(() => icebergError(503, 'SlowDownException', 'busy', QUICK), { maxRetries: 1 });
    expect(await rejection(catalog.commitTransaction({ 'table-changes': [] }))).toBeInstanceOf(CommitStateUnknownError);
    const elsewhere = await rejection(catalog.createNamespace({ namespace: ['a'] }));
    expect(elsewhere).toBeInstanceOf(SlowDownError);
    expect((elsewhere as SlowDownError).retryAfterMs).toBe(1);
  });

  it('never retries a 409: the commit failed and nothing was written', async () => {
    const { server, catalog } = await serve(() =>
      icebergError(409, 'CommitFailedException', 'Requirement failed: branch main has changed'),
    );
    const error = await rejection(
      catalog.updateTable(['db'], 't', {
        requirements: [{ type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': 1 }],
        updates: [],
      }),
    );
    expect(error).toBeInstanceOf(CommitFailedError);
    expect((error as CommitFailedError).type).toBe('CommitFailedException');
    expect((error as CommitFailedError).message).toBe(
      'CommitFailedException: Requirement failed: branch main has changed',
    );
    expect(server.received).toHaveLength(1);
  });

  it('reads any 409 on a commit as CommitFailed, whatever its type', async () => {
    const { catalog } = await serve(() => icebergError(409, 'AlreadyExistsException', 'Table already exists: db.t'));
    expect(await rejection(catalog.commitTransaction({ 'table-changes': [] }))).toBeInstanceOf(CommitFailedError);
    expect(await rejection(catalog.createNamespace({ namespace: ['db'] }))).toBeInstanceOf(AlreadyExistsError);
  });

  it('retries 429 and connection failures, honouring Retry-After', async () => {
    let attempt = 0;
    const { server, catalog } = await serve(() => {
      attempt++;
      if (attempt === 1) return 'reset';
      if (attempt === 2) return icebergError(429, 'TooManyRequests', 'slow down', { 'retry-after': '0' });
      return { status: 200, body: { namespaces: [['a']] } };
    });
    expect(await catalog.listNamespaces()).toEqual({ namespaces: [['a']] });
    expect(server.received).toHaveLength(3);
  });

  it('gives up on a connection that keeps failing with ApiConnectionError', async () => {
    const { catalog } = await serve(() => 'reset', { maxRetries: 1 });
    expect(await rejection(catalog.tableExists(['db'], 't'))).toBeInstanceOf(ApiConnectionError);
  });
});

describe('errors', () => {
  it('picks the class from error.type and keeps status, type, message and the raw response', async () => {
    const { catalog } = await serve((request) => {
      if (request.path.endsWith('/tables/t'))
        return icebergError(404, 'NoSuchTableException', 'Table does not exist: db.t');
      if (request.path.endsWith('/properties')) return icebergError(422, 'UnprocessableEntityException');
      if (request.method === 'DELETE') return icebergError(409, 'NamespaceNotEmptyException');
      return icebergError(404, 'NoSuchNamespaceException', 'Namespace does not exist: db');
    });
    const table = await rejection(catalog.loadTable(['db'], 't'));
    expect(table).toBeInstanceOf(NoSuchTableError);
    expect(table).toBeInstanceOf(NotFoundError);
    expect(table).toBeInstanceOf(IcebergError);
    expect(table).toMatchObject({
      status: 404,
      type: 'NoSuchTableException',
      message: 'NoSuchTableException: Table does not exist: db.t',
      error: { message: 'Table does not exist: db.t', type: 'NoSuchTableException', code: 404 },
      body: { error: { message: 'Table does not exist: db.t', type: 'NoSuchTableException', code: 404 } },
    });
    expect((table as IcebergError).response.status).toBe(404);
    expect(await rejection(catalog.loadNamespaceMetadata(['db']))).toBeInstanceOf(NoSuchNamespaceError);
    expect(await rejection(catalog.updateProperties(['db'], { removals: ['a'] }))).toBeInstanceOf(
      UnprocessableEntityError,
    );
    expect(await rejection(catalog.dropNamespace(['db']))).toBeInstanceOf(NamespaceNotEmptyError);
  });

  it('still gives a useful error for a body that is not JSON', async () => {
    const { catalog } = await serve(
      () => ({ status: 502, body: '<html><body>Bad gateway</body></html>', headers: { 'content-type': 'text/html' } }),
      { maxRetries: 0 },
    );
    const error = await rejection(catalog.loadNamespaceMetadata(['db']));
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 502, type: '', error: undefined });
    expect((error as Error).message).toBe('HTTP 502 Bad Gateway: <html><body>Bad gateway</body></html>');
  });

  it('answers HEAD with booleans: 204 true, 404 false, anything else throws', async () => {
    const { catalog } = await serve((request) => {
      if (request.headers.authorization !== `Bearer ${TOKEN}`) return { status: 401 };
      return request.path.includes('missing') ? { status: 404 } : { status: 204 };
    });
    expect(await catalog.namespaceExists(['db'])).toBe(true);
    expect(await catalog.namespaceExists(['missing'])).toBe(false);
    expect(await catalog.tableExists(['db'], 't')).toBe(true);
    expect(await catalog.tableExists(['db'], 'missing')).toBe(false);
    const anonymous = createIcebergClient({ baseUrl: (double as HttpDouble).url });
    const error = await rejection(anonymous.tableExists(['db'], 't'));
    expect(error).toBeInstanceOf(NotAuthorizedError);
    expect(error).toMatchObject({ status: 401, message: 'HTTP 401 Unauthorized' });
  });
});

describe('int64', () => {
  it('keeps a snapshot id of 2^63-1 exact through loadTable and a commit', async () => {
    const { server, catalog } = await serve((request) =>
      request.method === 'GET'
        ? { status: 200, body: tableJson('9223372036854775807'), headers: { etag: '"v1"' } }
        : { status: 200, body: tableJson('9223372036854775807', 'file:///w/db/t/metadata/00002-b.metadata.json') },
    );
    const table = await catalog.loadTable(['db'], 't');
    const id = table.metadata['current-snapshot-id'];
    expect(id).toBe(9223372036854775807n);
    expect(table.metadata.snapshots?.[0]?.['snapshot-id']).toBe(9223372036854775807n);
    // Integers that fit a double stay numbers.
    expect(table.metadata['last-updated-ms']).toBe(1767229200000);
    expect(table.etag).toBe('"v1"');

    const committed = await catalog.updateTable(['db'], 't', {
      requirements: [{ type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': id ?? null }],
      updates: [{ action: 'set-snapshot-ref', 'ref-name': 'main', type: 'branch', 'snapshot-id': id ?? -1 }],
    });
    const sent = server.received[1]?.body ?? '';
    expect(sent.match(/"snapshot-id":9223372036854775807\b/g)).toHaveLength(2);
    expect(parseJson(sent)).toEqual({
      requirements: [{ type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': 9223372036854775807n }],
      updates: [
        { action: 'set-snapshot-ref', 'ref-name': 'main', type: 'branch', 'snapshot-id': 9223372036854775807n },
      ],
    });
    expect(committed.metadata.refs?.main?.['snapshot-id']).toBe(9223372036854775807n);
  });
});

describe('loadTable with an etag', () => {
  it('answers NotModified while the tag matches, and the table once it changed', async () => {
    let version = 1;
    const { server, catalog } = await serve((request) => {
      const tag = `"v${version}"`;
      if (request.headers['if-none-match'] === tag) return { status: 304, headers: { etag: tag } };
      return { status: 200, body: tableJson(String(version)), headers: { etag: tag } };
    });
    const first = await catalog.loadTable(['db'], 't', { snapshots: 'refs' });
    expect(first).toMatchObject({ notModified: false, etag: '"v1"' });
    expect(server.received[0]?.query.get('snapshots')).toBe('refs');

    const again = await catalog.loadTable(['db'], 't', { etag: first.etag as string });
    expect(again).toEqual({ notModified: true, etag: '"v1"' });
    expect(server.received[1]?.headers['if-none-match']).toBe('"v1"');

    version = 2;
    const changed = await catalog.loadTable(['db'], 't', { etag: '"v1"' });
    expect(changed.notModified).toBe(false);
    if (!changed.notModified) expect(changed.metadata['current-snapshot-id']).toBe(2);
  });
});

describe('pagination', () => {
  /** A server paging `items` two at a time with integer-offset tokens, as the Java server does. */
  function paging<T>(items: T[], field: 'namespaces' | 'identifiers'): Route {
    return (request) => {
      const token = request.query.get('pageToken');
      if (token === null) return { status: 200, body: { [field]: items } };
      const start = token === '' ? 0 : Number(token);
      const size = Number(request.query.get('pageSize') ?? 2);
      const next = start + size < items.length ? String(start + size) : null;
      return { status: 200, body: { [field]: items.slice(start, start + size), 'next-page-token': next } };
    };
  }

  it('lists every namespace below a parent, page by page, starting with an empty token', async () => {
    const all = [
      ['a', 'x'],
      ['a', 'y'],
      ['a', 'z'],
      ['a', 'zz'],
      ['a', 'zzz'],
    ];
    const { server, catalog } = await serve(paging(all, 'namespaces'));
    expect(await collect(catalog.listAllNamespaces({ parent: ['a'], pageSize: 2 }))).toEqual(all);
    expect(server.received.map((r) => r.query.get('pageToken'))).toEqual(['', '2', '4']);
    expect(server.received.every((r) => r.query.get('parent') === 'a')).toBe(true);
  });

  it('lists every table of a namespace', async () => {
    const all = [1, 2, 3].map((n) => ({ namespace: ['db'], name: `t${n}` }));
    const { server, catalog } = await serve(paging(all, 'identifiers'));
    expect(await collect(catalog.listAllTables(['db']))).toEqual(all);
    expect(server.received.map((r) => r.path)).toEqual(['/v1/namespaces/db/tables', '/v1/namespaces/db/tables']);
  });

  it('stops with an error when a server sends back the token it was given', async () => {
    const { catalog } = await serve(() => ({ status: 200, body: { namespaces: [['a']], 'next-page-token': '7' } }));
    const seen: unknown[] = [];
    await expect(async () => {
      for await (const namespace of catalog.listAllNamespaces()) seen.push(namespace);
    }).rejects.toThrow(/page token/);
    expect(seen).toEqual([['a'], ['a']]);
  });
});

describe('connectIcebergClient', () => {
  it('asks /v1/config about the warehouse and uses the prefix it answers', async () => {
    const { server } = await serve((request) =>
      request.path === '/v1/config'
        ? {
            status: 200,
            body: { defaults: { prefix: 'fallback' }, overrides: { prefix: request.query.get('warehouse') } },
          }
        : { status: 200, body: { namespaces: [] } },
    );
    const catalog = await connectIcebergClient({ baseUrl: server.url, token: TOKEN, warehouse: 'analytics' });
    expect(catalog.prefix).toBe('analytics');
    expect(catalog.config.overrides).toEqual({ prefix: 'analytics' });
    await catalog.listNamespaces();
    expect(server.received.map((r) => `${r.path}?${r.query}`)).toEqual([
      '/v1/config?warehouse=analytics',
      '/v1/analytics/namespaces?',
    ]);
  });

  it('falls back to the client’s prefix, then defaults.prefix, then no prefix', async () => {
    let config: Record<string, unknown> = { defaults: { prefix: 'fallback' }, overrides: {} };
    const { server } = await serve(() => ({ status: 200, body: config }));
    expect((await connectIcebergClient({ baseUrl: server.url, prefix: 'mine' })).prefix).toBe('mine');
    expect((await connectIcebergClient({ baseUrl: server.url })).prefix).toBe('fallback');
    config = { defaults: {}, overrides: {} };
    expect((await connectIcebergClient({ baseUrl: server.url })).prefix).toBeUndefined();
  });
});
