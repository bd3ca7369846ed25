/**
 * The change feed: every namespace whose metadata last changed at or after `since_updated_at_ms`
 * (inclusive), one record per namespace with its current snapshot, ordered by (updated_at_ms,
 * namespace_id); `watermark_ms` is the last record's updated_at_ms (or `since` when empty); deleted
 * namespaces only with include_deleted=true; commits do not appear.
 *
 * Each test filters by a tenant of its own.
 */
import { expect, it } from 'vitest';
import { describeNeeding } from '../../../src/needs.js';
import { ops, useWriteDaemon } from '../../../src/write-daemon/fixture.js';
import type { Schemas } from '../../../src/write-daemon/http.js';

const wd = useWriteDaemon();

type Change = Schemas['NamespaceChange'];
type Query = Record<string, string | number | boolean | undefined>;

async function feed(query: Query) {
  return (await wd.api.ok('list_namespace_changes_endpoint', { query })).body;
}

async function allChanges(query: Query, limit?: number): Promise<Change[]> {
  const found: Change[] = [];
  let token: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const body = await feed({ ...query, limit, page_token: token ?? undefined });
    found.push(...body.changes);
    token = body.next_page_token;
    if (token === null) return found;
  }
  throw new Error('more than 100 pages');
}

function expectOrdered(changes: Change[]): void {
  const keys = changes.map((change) => [change.updated_at_ms, change.namespace_id] as const);
  const sorted = [...keys].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  expect(keys).toEqual(sorted);
}

describeNeeding({ capabilities: ['state-changes'] }, 'change feed', () => {
  it('one record per namespace with its current snapshot, ordered by (updated_at_ms, namespace_id)', async () => {
    const tenant = wd.tenantId();
    const a = await wd.namespace({ tenant_id: tenant });
    const b = await wd.namespace({ tenant_id: tenant });
    const c = await wd.namespace({ tenant_id: tenant });
    const updated = (
      await wd.api.ok('update_namespace_endpoint', { path: { namespace_id: a.namespace_id }, body: { label: 'a2' } })
    ).body.namespace;
    const again = (
      await wd.api.ok('update_namespace_endpoint', { path: { namespace_id: a.namespace_id }, body: { label: 'a3' } })
    ).body.namespace;
    const changes = await allChanges({ since_updated_at_ms: 0, tenant_id: tenant });
    expectOrdered(changes);
    expect(changes.map((change) => change.namespace_id).sort()).toEqual([a, b, c].map((ns) => ns.namespace_id).sort());
    const forA = changes.find((change) => change.namespace_id === a.namespace_id) as Change;
    expect(forA).toEqual({
      change_kind: 'updated',
      namespace_id: a.namespace_id,
      revision: again.revision,
      updated_at_ms: again.updated_at_ms,
      namespace: again,
    });
    expect(updated.revision).toBe(a.revision + 1);
    for (const ns of [b, c]) {
      expect(changes.find((change) => change.namespace_id === ns.namespace_id)).toEqual({
        change_kind: 'created',
        namespace_id: ns.namespace_id,
        revision: 1,
        updated_at_ms: ns.updated_at_ms,
        namespace: ns,
      });
    }
  });

  it("since is inclusive; the watermark is the last record's updated_at_ms, or since on an empty page", async () => {
    const tenant = wd.tenantId();
    const a = await wd.namespace({ tenant_id: tenant });
    const body = await feed({ since_updated_at_ms: a.updated_at_ms, tenant_id: tenant });
    expect(body.changes.map((change) => change.namespace_id)).toEqual([a.namespace_id]);
    expect(body.next_page_token).toBeNull();
    expect(body.watermark_ms).toBe(a.updated_at_ms);
    // Polling again at the watermark returns the record again (de-duplicate on namespace_id, revision).
    expect(
      (await feed({ since_updated_at_ms: body.watermark_ms, tenant_id: tenant })).changes.map((c) => [
        c.namespace_id,
        c.revision,
      ]),
    ).toEqual([[a.namespace_id, a.revision]]);
    const later = a.updated_at_ms + 1;
    expect(await feed({ since_updated_at_ms: later, tenant_id: tenant })).toEqual({
      changes: [],
      next_page_token: null,
      watermark_ms: later,
    });
  });

  it('commits do not change metadata and do not appear', async () => {
    const tenant = wd.tenantId();
    const ns = await wd.provisioned({ tenant_id: tenant });
    const since = ns.updated_at_ms + 1;
    await new Promise((resolve) => setTimeout(resolve, 5));
    await wd.commit(ns.namespace_id, [ops.registerClass('gold'), ops.balance('v')]);
    expect((await feed({ since_updated_at_ms: since, tenant_id: tenant })).changes).toEqual([]);
    expect((await wd.get(ns.namespace_id)).updated_at_ms).toBe(ns.updated_at_ms);
  });

  it('deleted namespaces appear (change_kind deleted) only with include_deleted=true', async () => {
    const tenant = wd.tenantId();
    const kept = await wd.namespace({ tenant_id: tenant });
    const gone = await wd.namespace({ tenant_id: tenant, lifecycle: 'deleted' });
    const without = await allChanges({ since_updated_at_ms: 0, tenant_id: tenant });
    expect(without.map((change) => change.namespace_id)).toEqual([kept.namespace_id]);
    const withDeleted = await allChanges({ since_updated_at_ms: 0, tenant_id: tenant, include_deleted: true });
    expectOrdered(withDeleted);
    expect(withDeleted.find((change) => change.namespace_id === gone.namespace_id)).toEqual({
      change_kind: 'deleted',
      namespace_id: gone.namespace_id,
      revision: gone.revision,
      updated_at_ms: gone.updated_at_ms,
      namespace: gone,
    });
  });

  it('the filters apply to the current snapshot', async () => {
    const tenant = wd.tenantId();
    const a = await wd.namespace({ tenant_id: tenant });
    const b = await wd.namespace({ tenant_id: tenant });
    await wd.lifecycle(b.namespace_id, 'provisioned');
    const provisioned = await allChanges({ since_updated_at_ms: 0, tenant_id: tenant, lifecycle: 'provisioned' });
    expect(provisioned.map((change) => change.namespace_id)).toEqual([b.namespace_id]);
    const created = await allChanges({ since_updated_at_ms: 0, tenant_id: tenant, lifecycle: 'created' });
    expect(created.map((change) => change.namespace_id)).toEqual([a.namespace_id]);
  });

  it('pages with limit and next_page_token; a token with another since or other filters is 400 INVALID_PAGE_TOKEN', async () => {
    const tenant = wd.tenantId();
    const made = [
      await wd.namespace({ tenant_id: tenant }),
      await wd.namespace({ tenant_id: tenant }),
      await wd.namespace({ tenant_id: tenant }),
    ];
    const first = await feed({ since_updated_at_ms: 0, tenant_id: tenant, limit: 2 });
    expect(first.changes).toHaveLength(2);
    expect(first.next_page_token).toEqual(expect.any(String));
    expect(first.watermark_ms).toBe(first.changes[1]?.updated_at_ms);
    const token = first.next_page_token as string;
    const rest = await feed({ since_updated_at_ms: 0, tenant_id: tenant, limit: 2, page_token: token });
    const all = [...first.changes, ...rest.changes];
    expectOrdered(all);
    expect(all.map((change) => change.namespace_id).sort()).toEqual(made.map((ns) => ns.namespace_id).sort());
    const problem = (query: Query) =>
      wd.api.problem('list_namespace_changes_endpoint', { query }, 400, 'INVALID_PAGE_TOKEN');
    await problem({ since_updated_at_ms: 1, tenant_id: tenant, page_token: token });
    await problem({ since_updated_at_ms: 0, tenant_id: wd.tenantId(), page_token: token });
    await problem({ since_updated_at_ms: 0, tenant_id: tenant, include_deleted: true, page_token: token });
    await wd.api.problem(
      'list_namespaces_endpoint',
      { query: { tenant_id: tenant, page_token: token } },
      400,
      'INVALID_PAGE_TOKEN',
    );
  });

  it('since_updated_at_ms is required: 400 INVALID_REQUEST without it', async () => {
    await wd.api.problem('list_namespace_changes_endpoint', { query: {} }, 400, 'INVALID_REQUEST');
  });
});
