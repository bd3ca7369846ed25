import { afterEach, describe, expect, it } from 'vitest';
import {
  changeFeed,
  createWriteDaemonClient,
  listAllNamespaceStatuses,
  listAllNamespaces,
  type NamespaceChange,
  pollChanges,
} from '../src/write-daemon/index.js';
import { collect } from './helpers.js';
import { type HttpDouble, type Received, startHttpDouble } from './http-double.js';

/**
 * The iterators against a paging double that behaves as the spec says: items in order, `limit`
 * per page, an opaque token bound to the filters it was issued for (400 otherwise).
 */
let double: HttpDouble | undefined;
afterEach(async () => {
  await double?.close();
  double = undefined;
});

interface Row {
  namespace_id: number;
  tenant_id: number;
  revision: number;
  updated_at_ms: number;
}

/** Pages `rows` (filtered by `tenant_id` when given) with tokens `<filters>|<offset>`. */
function page(request: Received, rows: Row[]) {
  const limit = Number(request.query.get('limit') ?? 20);
  const filters = [...request.query].filter(([name]) => name !== 'page_token' && name !== 'limit').join('&');
  const token = request.query.get('page_token');
  const [tokenFilters, offsetText] = token === null ? [filters, '0'] : token.split('|');
  if (tokenFilters !== filters) return undefined;
  const tenant = request.query.get('tenant_id');
  const matching = rows.filter((row) => tenant === null || String(row.tenant_id) === tenant);
  const offset = Number(offsetText);
  const items = matching.slice(offset, offset + limit);
  const next = offset + limit < matching.length ? `${filters}|${offset + limit}` : null;
  return { items, next };
}

const invalidToken = {
  status: 400,
  body: {
    type: 'urn:assetcore:error:INVALID_PAGE_TOKEN',
    title: 't',
    status: 400,
    detail: 'd',
    code: 'INVALID_PAGE_TOKEN',
    retryable: false,
  },
};

const namespaces: Row[] = Array.from({ length: 7 }, (_, i) => ({
  namespace_id: i + 1,
  tenant_id: (i % 2) + 1,
  revision: 1,
  updated_at_ms: 1000 + i,
}));

async function serveRows(rows: () => Row[]) {
  double = await startHttpDouble((request) => {
    const paged = page(request, rows());
    if (!paged) return invalidToken;
    if (request.path === '/v1/write/namespaces')
      return { status: 200, body: { namespaces: paged.items, next_page_token: paged.next } };
    if (request.path === '/v1/write/namespaces/status')
      return { status: 200, body: { statuses: paged.items, next_page_token: paged.next } };
    if (request.path === '/v1/write/namespaces/changes') {
      const since = Number(request.query.get('since_updated_at_ms'));
      const changed = page(
        request,
        rows()
          .filter((row) => row.updated_at_ms >= since)
          .sort((a, b) => a.updated_at_ms - b.updated_at_ms || a.namespace_id - b.namespace_id),
      );
      if (!changed) return invalidToken;
      const changes = changed.items.map((row) => ({ ...row, change_kind: 'updated', namespace: row }));
      return {
        status: 200,
        body: { changes, next_page_token: changed.next, watermark_ms: changes.at(-1)?.updated_at_ms ?? since },
      };
    }
    return { status: 404, body: {} };
  });
  return { server: double, client: createWriteDaemonClient({ baseUrl: double.url, token: 't', maxRetries: 0 }) };
}

describe('listAllNamespaces and listAllNamespaceStatuses', () => {
  it('walks every page with the same filters', async () => {
    const { server, client } = await serveRows(() => namespaces);
    const listed = await collect(listAllNamespaces(client, { tenant_id: 1, limit: 2 }));

    expect(listed.map((n) => n.namespace_id)).toEqual([1, 3, 5, 7]);
    expect(server.received).toHaveLength(2);
    expect(server.received.every((r) => r.query.get('tenant_id') === '1')).toBe(true);
  });

  it('fetches pages only as the loop asks for them', async () => {
    const { server, client } = await serveRows(() => namespaces);
    for await (const namespace of listAllNamespaceStatuses(client, { limit: 3 })) {
      if (namespace.namespace_id === 2) break;
    }
    expect(server.received).toHaveLength(1);
  });
});

describe('changeFeed and pollChanges', () => {
  it('gives one pass as pages, the last carrying the watermark to poll from', async () => {
    const { client } = await serveRows(() => namespaces);
    const pages = await collect(changeFeed(client, { since_updated_at_ms: 1002, limit: 2, include_deleted: true }));

    expect(pages.map((p) => p.changes.map((c) => c.namespace_id))).toEqual([[3, 4], [5, 6], [7]]);
    expect(pages.at(-1)).toMatchObject({ next_page_token: null, watermark_ms: 1006 });
  });

  it('polls pass after pass from the watermark, yielding each (namespace, revision) once', async () => {
    const rows = namespaces.slice(0, 3).map((row) => ({ ...row }));
    const { server, client } = await serveRows(() => rows);
    const controller = new AbortController();
    const seen: NamespaceChange[] = [];
    for await (const change of pollChanges(
      client,
      { since_updated_at_ms: 0, limit: 2 },
      { intervalMs: 10, signal: controller.signal },
    )) {
      seen.push(change);
      if (seen.length === 3) {
        // A change after the first pass: a new revision, one millisecond later.
        Object.assign(rows[0] as Row, { revision: 2, updated_at_ms: 1003 });
      }
      if (seen.length === 4) controller.abort();
    }

    expect(seen.map((c) => [c.namespace_id, c.revision])).toEqual([
      [1, 1],
      [2, 1],
      [3, 1],
      [1, 2],
    ]);
    // The second pass started at the first one's watermark (namespace 3's millisecond).
    const since = server.received.map((r) => r.query.get('since_updated_at_ms'));
    expect(since.slice(0, 3)).toEqual(['0', '0', '1002']);
  });
});
