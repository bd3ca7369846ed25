import { describe, expect, it } from 'vitest';
import { createNamespace, startDaemon } from './client.js';

const NS = '/v1/write/namespaces';

describe('write daemon: authentication and probes', () => {
  it('answers 401 with WWW-Authenticate and auth_reason before anything else', async () => {
    const { client } = await startDaemon();
    const missing = await client.withToken(null).get(`${NS}/42`);
    expect(missing.status).toBe(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer');
    expect(missing.body).toMatchObject({ code: 'UNAUTHORIZED', auth_reason: 'missing_token', retryable: false });
    const malformed = await client.get(`${NS}/abc`, { authorization: 'Basic xyz' });
    expect(malformed.body).toMatchObject({ status: 401, auth_reason: 'malformed_token' });
    const unknown = await client.withToken('nope').post(`${NS}`, { not: 'even valid' });
    expect(unknown.status).toBe(401);
    expect(unknown.body.auth_reason).toBe('invalid_token');
    expect(unknown.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
  });

  it('refuses an expired token with expired_token', async () => {
    let now = 1000;
    const { client } = await startDaemon({
      tokens: { t1: { principal: 'user:a', expiresAtMs: 2000 } },
      now: () => now,
    });
    expect((await client.withToken('t1').get(NS)).status).toBe(200);
    now = 2000;
    expect((await client.withToken('t1').get(NS)).body.auth_reason).toBe('expired_token');
    // Configured tokens replace the development token.
    expect((await client.get(NS)).body.auth_reason).toBe('invalid_token');
  });

  it('serves the probes without a token; readyz checks the storage engine; close ends liveness', async () => {
    const { client, reference } = await startDaemon();
    const anonymous = client.withToken(null);
    expect((await anonymous.get('/v1/write/health')).body).toMatchObject({ status: 'healthy', api_version: '0.1.0' });
    expect((await anonymous.get('/v1/write/livez')).body).toMatchObject({ status: 'ok' });
    expect((await anonymous.get('/v1/write/startupz')).status).toBe(200);
    expect((await anonymous.get('/v1/write/readyz')).body).toEqual({
      status: 'ready',
      checks: [
        { name: 'startup', ok: true },
        { name: 'storage', ok: true },
      ],
    });
    await reference.close();
    expect((await anonymous.get('/v1/write/livez')).body).toMatchObject({ status: 503, code: 'NOT_LIVE' });
    const ready = await anonymous.get('/v1/write/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.status).toBe('not_ready');
  });

  it('reports a storage engine that fails: health 503 UNHEALTHY, readyz 503 with the reason', async () => {
    const { client, storage } = await startDaemon();
    storage.transact = async () => {
      throw new Error('connection refused');
    };
    const health = await client.get('/v1/write/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ code: 'UNHEALTHY', retryable: true });
    const ready = await client.get('/v1/write/readyz');
    expect(ready.body.checks[1]).toEqual({ name: 'storage', ok: false, detail: 'connection refused' });
  });

  it('limits each tenant with 429, Retry-After and retry_after_ms', async () => {
    const now = 0;
    const { client } = await startDaemon({ quota: { requestsPerSecond: 2, burst: 2 }, now: () => now });
    expect((await client.post(NS, { namespace_id: 1, label: 'a', tenant_id: 7 })).status).toBe(200);
    expect((await client.get(`${NS}/1`)).status).toBe(200);
    const limited = await client.get(`${NS}/1/status`);
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('1');
    expect(limited.body).toMatchObject({ code: 'QUOTA_EXCEEDED', retryable: true, retry_after_ms: 500 });
    // Another tenant has its own bucket; probes are never limited.
    expect((await client.post(NS, { namespace_id: 2, label: 'b', tenant_id: 8 })).status).toBe(200);
    expect((await client.get('/v1/write/livez')).status).toBe(200);
  });

  it('answers 429 before validating: an over-quota request with a bad body gets 429, not 400', async () => {
    const now = 0;
    const { client } = await startDaemon({ quota: { requestsPerSecond: 1, burst: 1 }, now: () => now });
    expect((await client.post(NS, { namespace_id: 3, label: 'c', tenant_id: 9 })).status).toBe(200);
    const limited = await client.post(`${NS}/3/commit`, { operations: 'not a list', unknown: true });
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ code: 'QUOTA_EXCEEDED', instance: `${NS}/3/commit` });
  });
});

describe('write daemon: namespaces', () => {
  it('creates with defaults, and answers created:false with the stored namespace for a taken id', async () => {
    const { client } = await startDaemon({ now: () => 1_700_000_000_000 });
    const created = await client.post(NS, { namespace_id: 42, label: 'warehouse', tenant_id: 7 });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({
      created: true,
      namespace: {
        namespace_id: 42,
        label: 'warehouse',
        tenant_id: 7,
        owner_principal_id: 'dev',
        policy_class: 'scratch',
        lifecycle: 'created',
        operational_state: {
          write_mode: 'read_write',
          draining: false,
          frozen: false,
          reason: null,
          changed_at_ms: 1_700_000_000_000,
        },
        placement: { region: null, cell: null, writer_node: null, labels: {} },
        lineage: null,
        labels: {},
        revision: 1,
        created_at_ms: 1_700_000_000_000,
        updated_at_ms: 1_700_000_000_000,
        deleted_at_ms: null,
      },
    });
    const again = await client.post(NS, { namespace_id: 42, label: 'other', tenant_id: 9 });
    expect(again.body).toEqual({ created: false, namespace: created.body.namespace });
    expect((await client.get(`${NS}/42`)).body.namespace.label).toBe('warehouse');
  });

  it('validates ids and bodies: 400 INVALID_NAMESPACE_ID, INVALID_REQUEST for unknown fields; 404 for a missing namespace', async () => {
    const { client } = await startDaemon();
    expect((await client.get(`${NS}/abc`)).body.code).toBe('INVALID_NAMESPACE_ID');
    expect((await client.get(`${NS}/0`)).body.code).toBe('INVALID_NAMESPACE_ID');
    expect((await client.get(`${NS}/9007199254740992`)).body.code).toBe('INVALID_NAMESPACE_ID');
    expect((await client.post(NS, { namespace_id: 0, label: 'x', tenant_id: 1 })).body.code).toBe(
      'INVALID_NAMESPACE_ID',
    );
    const unknownField = await client.post(NS, { namespace_id: 1, label: 'x', tenant_id: 1, lable: 'y' });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.code).toBe('INVALID_REQUEST');
    expect((await client.post(NS, '{not json')).body.code).toBe('INVALID_REQUEST');
    const missing = await client.get(`${NS}/5`, { 'x-correlation-id': 'req-1' });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({
      code: 'NAMESPACE_NOT_FOUND',
      instance: '/v1/write/namespaces/5',
      client_correlation_id: 'req-1',
    });
  });

  it('walks the lifecycle table: allowed moves bump revision by 1, no-ops do not, the rest are 412', async () => {
    const { client } = await startDaemon();
    const table = {
      created: { created: 'noop', provisioned: 'yes', disabled: 'no', deleted: 'yes' },
      provisioned: { created: 'no', provisioned: 'noop', disabled: 'yes', deleted: 'no' },
      disabled: { created: 'no', provisioned: 'yes', disabled: 'noop', deleted: 'yes' },
      deleted: { created: 'no', provisioned: 'no', disabled: 'no', deleted: 'noop' },
    } as const;
    const path: Record<string, string[]> = {
      created: [],
      provisioned: ['provisioned'],
      disabled: ['provisioned', 'disabled'],
      deleted: ['deleted'],
    };
    let id = 100;
    for (const [from, row] of Object.entries(table)) {
      for (const [to, expected] of Object.entries(row)) {
        id++;
        await client.post(NS, { namespace_id: id, label: 'x', tenant_id: 1 });
        for (const step of path[from] ?? []) {
          expect((await client.post(`${NS}/${id}/lifecycle`, { target_state: step, reason: 'setup' })).status).toBe(
            200,
          );
        }
        const before = (await client.get(`${NS}/${id}`)).body.namespace;
        const moved = await client.post(`${NS}/${id}/lifecycle`, { target_state: to, reason: 'test' });
        const label = `${from} -> ${to}`;
        if (expected === 'yes') {
          expect(moved.status, label).toBe(200);
          expect(moved.body.previous_revision, label).toBe(before.revision);
          expect(moved.body.namespace.revision, label).toBe(before.revision + 1);
          expect(moved.body.namespace.lifecycle, label).toBe(to);
        } else if (expected === 'noop') {
          expect(moved.status, label).toBe(200);
          expect(moved.body.namespace, label).toEqual(before);
          expect(moved.body.previous_revision, label).toBe(before.revision);
        } else {
          expect(moved.status, label).toBe(412);
          expect(moved.body.code, label).toBe(
            from === 'deleted' ? 'NAMESPACE_DELETED' : 'LIFECYCLE_TRANSITION_NOT_ALLOWED',
          );
          expect((await client.get(`${NS}/${id}`)).body.namespace, label).toEqual(before);
        }
      }
    }
  });

  it('answers each 412: revision mismatch, frozen, deleted, delete while provisioned', async () => {
    const { client } = await startDaemon();
    await createNamespace(client, 1);
    const stale = await client.patch(`${NS}/1`, { expected_revision: 1, label: 'x' });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ code: 'REVISION_MISMATCH', expected_revision: 1, current_revision: 2 });
    const staleDelete = await client.delete(`${NS}/1?expected_revision=1`);
    expect(staleDelete.body).toMatchObject({ code: 'REVISION_MISMATCH', current_revision: 2 });

    const provisionedDelete = await client.delete(`${NS}/1`);
    expect(provisionedDelete.status).toBe(412);
    expect(provisionedDelete.body.code).toBe('LIFECYCLE_TRANSITION_NOT_ALLOWED');

    const frozen = await client.post(`${NS}/1/operational_state`, { frozen: true, reason: 'incident' });
    expect(frozen.body.namespace).toMatchObject({
      revision: 3,
      operational_state: { frozen: true, reason: 'incident' },
    });
    expect((await client.patch(`${NS}/1`, { label: 'y' })).body.code).toBe('NAMESPACE_FROZEN');
    expect((await client.post(`${NS}/1/placement`, { placement: { region: 'eu' } })).body.code).toBe(
      'NAMESPACE_FROZEN',
    );
    expect((await client.post(`${NS}/1/lifecycle`, { target_state: 'provisioned', reason: 'x' })).status).toBe(200); // no-op
    // Disabling is allowed on a frozen namespace, and so is unfreezing.
    expect(
      (await client.post(`${NS}/1/lifecycle`, { target_state: 'disabled', reason: 'x' })).body.namespace.revision,
    ).toBe(4);
    expect(
      (await client.post(`${NS}/1/operational_state`, { frozen: false, reason: 'ok' })).body.namespace.revision,
    ).toBe(5);

    const deleted = await client.delete(`${NS}/1?reason=done`);
    expect(deleted.body.namespace).toMatchObject({ lifecycle: 'deleted', revision: 6 });
    expect(deleted.body.namespace.deleted_at_ms).toEqual(expect.any(Number));
    expect((await client.delete(`${NS}/1`)).body).toMatchObject({ previous_revision: 6, namespace: { revision: 6 } });
    expect((await client.patch(`${NS}/1`, { label: 'z' })).body.code).toBe('NAMESPACE_DELETED');
    expect((await client.post(`${NS}/1/operational_state`, { draining: true, reason: 'x' })).body.code).toBe(
      'NAMESPACE_DELETED',
    );
    expect((await client.post(`${NS}/1/placement`, { placement: { region: 'us' } })).body.code).toBe(
      'NAMESPACE_DELETED',
    );
    // Still served by id.
    expect((await client.get(`${NS}/1`)).body.namespace.lifecycle).toBe('deleted');
  });

  it('PATCH sets present fields only, replaces labels, and an empty or equal patch changes nothing', async () => {
    const { client } = await startDaemon();
    await client.post(NS, { namespace_id: 3, label: 'a', tenant_id: 1, labels: { team: 'x', env: 'dev' } });
    const patched = await client.patch(`${NS}/3`, { label: 'b', labels: { team: 'y' }, policy_class: 'prod' });
    expect(patched.body).toMatchObject({
      previous_revision: 1,
      namespace: { label: 'b', labels: { team: 'y' }, policy_class: 'prod', tenant_id: 1, revision: 2 },
    });
    expect((await client.patch(`${NS}/3`, {})).body).toMatchObject({
      previous_revision: 2,
      namespace: { revision: 2 },
    });
    expect((await client.patch(`${NS}/3`, { label: 'b' })).body.namespace.revision).toBe(2);
    expect((await client.patch(`${NS}/3`, { tenant_id: 5 })).body.code).toBe('INVALID_REQUEST');
  });

  it('operational state needs a flag, sets only the given ones, and reports writability in status', async () => {
    const { client } = await startDaemon();
    await createNamespace(client, 4);
    const none = await client.post(`${NS}/4/operational_state`, { reason: 'nothing' });
    expect(none.status).toBe(400);
    expect(none.body.code).toBe('INVALID_REQUEST');
    await client.post(`${NS}/4/operational_state`, { write_mode: 'read_only', reason: 'export' });
    const both = await client.post(`${NS}/4/operational_state`, { draining: true, reason: 'move' });
    expect(both.body.namespace.operational_state).toMatchObject({
      write_mode: 'read_only',
      draining: true,
      frozen: false,
    });
    const status = await client.get(`${NS}/4/status`);
    expect(status.body).toMatchObject({
      namespace_id: 4,
      tenant_id: 7,
      writable: false,
      not_writable_reasons: ['read_only', 'draining'],
      world_seq: 0,
      last_commit_id: null,
      last_commit_time_ms: null,
      revision: 4,
    });
    const same = await client.post(`${NS}/4/operational_state`, { draining: true, reason: 'move' });
    expect(same.body.namespace.revision).toBe(4);
  });

  it('placement replaces the whole placement; an equal one is a no-op', async () => {
    const { client } = await startDaemon();
    await createNamespace(client, 5, { placement: { region: 'eu', cell: 'a' } });
    const moved = await client.post(`${NS}/5/placement`, { placement: { writer_node: 'w3', labels: { tier: 'ssd' } } });
    expect(moved.body.namespace.placement).toEqual({
      region: null,
      cell: null,
      writer_node: 'w3',
      labels: { tier: 'ssd' },
    });
    expect(moved.body.namespace.revision).toBe(3);
    const again = await client.post(`${NS}/5/placement`, { placement: { writer_node: 'w3', labels: { tier: 'ssd' } } });
    expect(again.body.namespace.revision).toBe(3);
    expect((await client.post(`${NS}/5/placement`, { placement: { rack: 1 } })).body.code).toBe('INVALID_REQUEST');
  });
});

describe('write daemon: lists, status list and the change feed', () => {
  it('lists in id order with every filter, hiding deleted unless include_deleted', async () => {
    const { client } = await startDaemon();
    await createNamespace(client, 3, { tenant_id: 1, policy_class: 'prod', owner_principal_id: 'user:a' });
    await createNamespace(client, 1, { tenant_id: 2 }, false);
    await createNamespace(client, 2, { tenant_id: 1 });
    await client.post(`${NS}/2/operational_state`, {
      write_mode: 'read_only',
      draining: true,
      frozen: true,
      reason: 'x',
    });
    await client.post(NS, { namespace_id: 4, label: 'gone', tenant_id: 1 });
    await client.delete(`${NS}/4`);
    const ids = async (query: string) =>
      (await client.get(`${NS}?${query}`)).body.namespaces.map((n: { namespace_id: number }) => n.namespace_id);
    expect(await ids('')).toEqual([1, 2, 3]);
    expect(await ids('include_deleted=true')).toEqual([1, 2, 3, 4]);
    expect(await ids('lifecycle=deleted')).toEqual([]);
    expect(await ids('lifecycle=deleted&include_deleted=true')).toEqual([4]);
    expect(await ids('tenant_id=1')).toEqual([2, 3]);
    expect(await ids('owner_principal_id=user:a')).toEqual([3]);
    expect(await ids('policy_class=prod')).toEqual([3]);
    expect(await ids('lifecycle=created')).toEqual([1]);
    expect(await ids('write_mode=read_only')).toEqual([2]);
    expect(await ids('draining=true')).toEqual([2]);
    expect(await ids('frozen=false&tenant_id=1')).toEqual([3]);
    expect((await client.get(`${NS}?limit=0`)).body.code).toBe('INVALID_REQUEST');
    expect((await client.get(`${NS}?limit=201`)).body.code).toBe('INVALID_REQUEST');
  });

  it('pages with signed tokens bound to the operation and filters', async () => {
    const { client, storage } = await startDaemon();
    for (let id = 1; id <= 5; id++) await createNamespace(client, id, { tenant_id: id % 2 === 0 ? 2 : 1 }, false);
    const first = await client.get(`${NS}?limit=2`);
    expect(first.body.namespaces.map((n: { namespace_id: number }) => n.namespace_id)).toEqual([1, 2]);
    const token = first.body.next_page_token as string;
    expect(token).toMatch(/^[A-Za-z0-9_.-]+$/);
    const second = await client.get(`${NS}?limit=3&page_token=${token}`);
    expect(second.body.namespaces.map((n: { namespace_id: number }) => n.namespace_id)).toEqual([3, 4, 5]);
    expect(second.body.next_page_token).toBeNull();

    // Other filters, a tampered signature or payload, another operation's token: 400 INVALID_PAGE_TOKEN.
    expect((await client.get(`${NS}?limit=2&tenant_id=1&page_token=${token}`)).body.code).toBe('INVALID_PAGE_TOKEN');
    const [payload, signature] = token.split('.') as [string, string];
    const flipped = `${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    expect((await client.get(`${NS}?page_token=${flipped}`)).body.code).toBe('INVALID_PAGE_TOKEN');
    expect((await client.get(`${NS}?page_token=${payload.slice(1)}.${signature}`)).body.code).toBe(
      'INVALID_PAGE_TOKEN',
    );
    expect((await client.get(`${NS}?page_token=garbage`)).body.code).toBe('INVALID_PAGE_TOKEN');
    expect((await client.get(`${NS}/status?page_token=${token}`)).body.code).toBe('INVALID_PAGE_TOKEN');

    // Filtered pages, and a token that works on a second server over the same storage.
    const odd = await client.get(`${NS}?limit=1&tenant_id=1`);
    const restarted = await startDaemon({ storage });
    const rest = await restarted.client.get(`${NS}?limit=5&tenant_id=1&page_token=${odd.body.next_page_token}`);
    expect(rest.body.namespaces.map((n: { namespace_id: number }) => n.namespace_id)).toEqual([3, 5]);
  });

  it('lists statuses of namespaces that are not deleted, paged', async () => {
    const { client } = await startDaemon();
    await createNamespace(client, 1);
    await createNamespace(client, 2, {}, false);
    await client.post(NS, { namespace_id: 3, label: 'x', tenant_id: 1 });
    await client.delete(`${NS}/3`);
    const page = await client.get(`${NS}/status?limit=1`);
    expect(page.body.statuses).toEqual([
      expect.objectContaining({ namespace_id: 1, writable: true, not_writable_reasons: [] }),
    ]);
    const next = await client.get(`${NS}/status?page_token=${page.body.next_page_token}`);
    expect(next.body.statuses).toEqual([
      expect.objectContaining({ namespace_id: 2, writable: false, not_writable_reasons: ['lifecycle_created'] }),
    ]);
    expect(next.body.next_page_token).toBeNull();
  });

  it('orders the change feed by (updated_at_ms, namespace_id), one record per namespace, with watermark', async () => {
    let now = 1000;
    const { client } = await startDaemon({ now: () => now });
    await client.post(NS, { namespace_id: 9, label: 'a', tenant_id: 1 });
    await client.post(NS, { namespace_id: 3, label: 'b', tenant_id: 1 });
    await client.post(NS, { namespace_id: 5, label: 'c', tenant_id: 2 });
    now = 2000;
    // Several changes within one millisecond, to several namespaces.
    await client.patch(`${NS}/9`, { label: 'a2' });
    await client.patch(`${NS}/9`, { label: 'a3' });
    await client.patch(`${NS}/3`, { label: 'b2' });
    now = 3000;
    await client.delete(`${NS}/5`);

    const all = await client.get(`${NS}/changes?since_updated_at_ms=0&include_deleted=true`);
    expect(
      all.body.changes.map(
        (c: { namespace_id: number; updated_at_ms: number; change_kind: string; revision: number }) => [
          c.namespace_id,
          c.updated_at_ms,
          c.change_kind,
          c.revision,
        ],
      ),
    ).toEqual([
      [3, 2000, 'updated', 2],
      [9, 2000, 'updated', 3],
      [5, 3000, 'deleted', 2],
    ]);
    expect(all.body.changes[1].namespace.label).toBe('a3');
    expect(all.body).toMatchObject({ next_page_token: null, watermark_ms: 3000 });

    const visible = await client.get(`${NS}/changes?since_updated_at_ms=0`);
    expect(visible.body.changes.map((c: { namespace_id: number }) => c.namespace_id)).toEqual([3, 9]);

    const paged = await client.get(`${NS}/changes?since_updated_at_ms=2000&include_deleted=true&limit=1`);
    expect(paged.body.changes[0].namespace_id).toBe(3);
    expect(paged.body.watermark_ms).toBe(2000);
    const token = paged.body.next_page_token;
    const next = await client.get(
      `${NS}/changes?since_updated_at_ms=2000&include_deleted=true&limit=5&page_token=${token}`,
    );
    expect(next.body.changes.map((c: { namespace_id: number }) => c.namespace_id)).toEqual([9, 5]);
    expect(
      (await client.get(`${NS}/changes?since_updated_at_ms=1999&include_deleted=true&page_token=${token}`)).body.code,
    ).toBe('INVALID_PAGE_TOKEN');
    const empty = await client.get(`${NS}/changes?since_updated_at_ms=5000`);
    expect(empty.body).toEqual({ changes: [], next_page_token: null, watermark_ms: 5000 });
    expect((await client.get(`${NS}/changes`)).body.code).toBe('INVALID_REQUEST');

    now = 4000;
    await client.post(NS, { namespace_id: 1, label: 'new', tenant_id: 1 });
    const poll = await client.get(`${NS}/changes?since_updated_at_ms=3000&tenant_id=1`);
    expect(poll.body.changes).toEqual([
      expect.objectContaining({ namespace_id: 1, change_kind: 'created', revision: 1 }),
    ]);
  });
});
