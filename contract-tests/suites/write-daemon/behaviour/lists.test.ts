/**
 * GET /namespaces and GET /namespaces/status: ordered by namespace_id ascending, filters combined
 * with AND (deleted namespaces left out first unless include_deleted=true), `limit` 1..200 (default
 * 20), `next_page_token` on every page but the last (null there). Page tokens are opaque, signed
 * and bound to the operation and the filters: a tampered one, one from another operation, or one
 * sent with other filters is 400 INVALID_PAGE_TOKEN; `limit` may change between pages.
 *
 * Each test lists by a tenant of its own, so the pages hold only its namespaces.
 */
import { expect, it } from 'vitest';
import { describeNeeding } from '../../../src/needs.js';
import { type NamespaceOptions, useWriteDaemon } from '../../../src/write-daemon/fixture.js';
import type { Namespace, NamespaceStatus } from '../../../src/write-daemon/http.js';

const wd = useWriteDaemon();

type Query = Record<string, string | number | boolean | undefined>;

async function page(query: Query) {
  return (await wd.api.ok('list_namespaces_endpoint', { query })).body;
}

/** Every page of a list, following next_page_token. */
async function all(query: Query, limit?: number): Promise<Namespace[]> {
  const found: Namespace[] = [];
  let token: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const body = await page({ ...query, limit, page_token: token ?? undefined });
    found.push(...body.namespaces);
    token = body.next_page_token;
    if (token === null) return found;
  }
  throw new Error('more than 100 pages');
}

async function tenantWith(count: number, options: (index: number) => NamespaceOptions = () => ({})) {
  const tenant = wd.tenantId();
  const made: Namespace[] = [];
  for (let index = 0; index < count; index++) made.push(await wd.namespace({ tenant_id: tenant, ...options(index) }));
  return { tenant, ids: made.map((ns) => ns.namespace_id).sort((a, b) => a - b), made };
}

/** Flips a character of the token's last segment (the signature). */
function tamper(token: string): string {
  const index = token.length - 2;
  const flipped = token[index] === 'A' ? 'B' : 'A';
  return `${token.slice(0, index)}${flipped}${token.slice(index + 1)}`;
}

describeNeeding({ capabilities: ['state-changes'] }, 'list namespaces', () => {
  it("pages through a tenant's namespaces in namespace_id order; the last page has next_page_token null", async () => {
    const { tenant, ids } = await tenantWith(5);
    const first = await page({ tenant_id: tenant, limit: 2 });
    expect(first.namespaces.map((ns) => ns.namespace_id)).toEqual(ids.slice(0, 2));
    expect(first.next_page_token).toEqual(expect.any(String));
    const second = await page({ tenant_id: tenant, limit: 2, page_token: first.next_page_token as string });
    expect(second.namespaces.map((ns) => ns.namespace_id)).toEqual(ids.slice(2, 4));
    // limit may change between pages.
    const last = await page({ tenant_id: tenant, limit: 10, page_token: second.next_page_token as string });
    expect(last.namespaces.map((ns) => ns.namespace_id)).toEqual(ids.slice(4));
    expect(last.next_page_token).toBeNull();
    expect((await all({ tenant_id: tenant }, 1)).map((ns) => ns.namespace_id)).toEqual(ids);
  });

  it('limit defaults to 20', async () => {
    const { tenant, ids } = await tenantWith(21);
    const first = await page({ tenant_id: tenant });
    expect(first.namespaces.map((ns) => ns.namespace_id)).toEqual(ids.slice(0, 20));
    expect(first.next_page_token).toEqual(expect.any(String));
  }, 60_000);

  it('a page holding exactly the rest is the last one', async () => {
    const { tenant } = await tenantWith(2);
    const body = await page({ tenant_id: tenant, limit: 2 });
    expect(body.namespaces).toHaveLength(2);
    // Either null here, or an empty last page next: never a token to nothing but empty pages.
    if (body.next_page_token !== null) {
      const rest = await page({ tenant_id: tenant, limit: 2, page_token: body.next_page_token });
      expect(rest).toEqual({ namespaces: [], next_page_token: null });
    }
  });

  it('a tenant with no namespaces is an empty page', async () => {
    expect(await page({ tenant_id: wd.tenantId() })).toEqual({ namespaces: [], next_page_token: null });
  });

  it('deleted namespaces are left out unless include_deleted=true (so lifecycle=deleted alone finds nothing)', async () => {
    const { tenant, made } = await tenantWith(3);
    const [kept, gone] = made as [Namespace, Namespace, Namespace];
    await wd.api.ok('delete_namespace_endpoint', { path: { namespace_id: gone.namespace_id } });
    const live = (await all({ tenant_id: tenant })).map((ns) => ns.namespace_id);
    expect(live).toHaveLength(2);
    expect(live).not.toContain(gone.namespace_id);
    expect(live).toContain(kept.namespace_id);
    expect((await all({ tenant_id: tenant, include_deleted: true })).map((ns) => ns.namespace_id)).toContain(
      gone.namespace_id,
    );
    expect(await all({ tenant_id: tenant, lifecycle: 'deleted' })).toEqual([]);
    expect(
      (await all({ tenant_id: tenant, lifecycle: 'deleted', include_deleted: true })).map((ns) => ns.namespace_id),
    ).toEqual([gone.namespace_id]);
  });

  it('filters combine with AND: policy_class, lifecycle, write_mode, draining, frozen, owner_principal_id', async () => {
    const { tenant, made } = await tenantWith(4, (index) => ({
      policy_class: index % 2 === 0 ? 'prod' : 'scratch',
      owner_principal_id: index < 2 ? 'user:a' : 'user:b',
    }));
    const [n0, n1, n2, n3] = made as [Namespace, Namespace, Namespace, Namespace];
    await wd.lifecycle(n1.namespace_id, 'provisioned');
    await wd.lifecycle(n2.namespace_id, 'provisioned');
    await wd.operationalState(n2.namespace_id, { write_mode: 'read_only', draining: true });
    await wd.operationalState(n3.namespace_id, { frozen: true });
    const ids = async (query: Query) =>
      (await all({ tenant_id: tenant, ...query })).map((ns) => ns.namespace_id).sort((a, b) => a - b);
    const sortIds = (...list: Namespace[]) => list.map((ns) => ns.namespace_id).sort((a, b) => a - b);
    expect(await ids({ policy_class: 'prod' })).toEqual(sortIds(n0, n2));
    expect(await ids({ lifecycle: 'provisioned' })).toEqual(sortIds(n1, n2));
    expect(await ids({ lifecycle: 'provisioned', policy_class: 'prod' })).toEqual(sortIds(n2));
    expect(await ids({ write_mode: 'read_only' })).toEqual(sortIds(n2));
    expect(await ids({ write_mode: 'read_write' })).toEqual(sortIds(n0, n1, n3));
    expect(await ids({ draining: true })).toEqual(sortIds(n2));
    expect(await ids({ frozen: true })).toEqual(sortIds(n3));
    expect(await ids({ frozen: false, draining: false })).toEqual(sortIds(n0, n1));
    expect(await ids({ owner_principal_id: 'user:b' })).toEqual(sortIds(n2, n3));
    expect(await ids({ owner_principal_id: 'user:b', policy_class: 'scratch' })).toEqual(sortIds(n3));
  });

  it('page tokens: tampered, or sent with other filters, or to another operation: 400 INVALID_PAGE_TOKEN', async () => {
    const { tenant } = await tenantWith(3);
    const { next_page_token: token } = await page({ tenant_id: tenant, limit: 1 });
    expect(token).toEqual(expect.any(String));
    const t = token as string;
    const problem = (query: Query) => wd.api.problem('list_namespaces_endpoint', { query }, 400, 'INVALID_PAGE_TOKEN');
    await problem({ tenant_id: tenant, limit: 1, page_token: tamper(t) });
    await problem({ tenant_id: tenant, limit: 1, page_token: `${t}x` });
    await problem({ tenant_id: wd.tenantId(), limit: 1, page_token: t });
    await problem({ limit: 1, page_token: t });
    await problem({ tenant_id: tenant, policy_class: 'prod', limit: 1, page_token: t });
    await problem({ tenant_id: tenant, include_deleted: true, limit: 1, page_token: t });
    await wd.api.problem('namespace_status_list_endpoint', { query: { page_token: t } }, 400, 'INVALID_PAGE_TOKEN');
    await wd.api.problem(
      'list_namespace_changes_endpoint',
      { query: { since_updated_at_ms: 0, tenant_id: tenant, page_token: t } },
      400,
      'INVALID_PAGE_TOKEN',
    );
    await problem({ tenant_id: tenant, page_token: 'bm90LWEtdG9rZW4' });
    // The untouched token still works with its filters.
    expect((await page({ tenant_id: tenant, limit: 1, page_token: t })).namespaces).toHaveLength(1);
  });

  it.each([[0], [201], ['ten']])('limit %s answers 400 INVALID_REQUEST', async (limit) => {
    await wd.api.problem('list_namespaces_endpoint', { query: { limit } }, 400, 'INVALID_REQUEST');
  });
});

describeNeeding({ capabilities: ['state-changes'] }, 'status list', () => {
  it('lists every namespace that is not deleted, by namespace_id, each as GET /status shows it', async () => {
    const a = await wd.provisioned();
    const b = await wd.namespace();
    const gone = await wd.namespace({ lifecycle: 'deleted' });
    const statuses: NamespaceStatus[] = [];
    let token: string | null = null;
    for (let pages = 0; pages < 1000; pages++) {
      const reply: { body: { statuses: NamespaceStatus[]; next_page_token: string | null } } = await wd.api.ok(
        'namespace_status_list_endpoint',
        {
          query: { limit: 200, page_token: token ?? undefined },
        },
      );
      statuses.push(...reply.body.statuses);
      token = reply.body.next_page_token;
      if (token === null) break;
    }
    const ids = statuses.map((status) => status.namespace_id);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).not.toContain(gone.namespace_id);
    for (const ns of [a, b]) {
      expect(statuses.find((status) => status.namespace_id === ns.namespace_id)).toEqual(
        await wd.status(ns.namespace_id),
      );
    }
    expect(statuses.every((status) => status.lifecycle !== 'deleted')).toBe(true);
  }, 60_000);

  it('pages with limit and a token; a tampered token is 400 INVALID_PAGE_TOKEN', async () => {
    await wd.namespace();
    await wd.namespace();
    const first = (await wd.api.ok('namespace_status_list_endpoint', { query: { limit: 1 } })).body;
    expect(first.statuses).toHaveLength(1);
    expect(first.next_page_token).toEqual(expect.any(String));
    const second = (
      await wd.api.ok('namespace_status_list_endpoint', {
        query: { limit: 1, page_token: first.next_page_token as string },
      })
    ).body;
    expect(second.statuses[0]?.namespace_id).toBeGreaterThan(first.statuses[0]?.namespace_id as number);
    await wd.api.problem(
      'namespace_status_list_endpoint',
      { query: { page_token: tamper(first.next_page_token as string) } },
      400,
      'INVALID_PAGE_TOKEN',
    );
  });
});
