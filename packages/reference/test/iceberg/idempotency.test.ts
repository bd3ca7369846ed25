import { describe, expect, it } from 'vitest';
import { appendChange, createNamespace, createTable, SCHEMA, startCatalog } from './client.js';

const KEY = '0190f3a2-7c41-7d2e-9b1a-3f5c8e2d4a61';
const OTHER_KEY = '0190f3a2-7c41-7d2e-9b1a-3f5c8e2d4a62';
const keyed = (key = KEY) => ({ 'idempotency-key': key });

describe('iceberg catalog: Idempotency-Key', () => {
  it('replays a finalized commit instead of applying it again', async () => {
    const { client } = await startCatalog();
    const ns = await createNamespace(client, ['db']);
    await createTable(client, ns, 't');
    const first = await client.post(`/v1/namespaces/${ns}/tables/t`, appendChange(null, 11n, 1), keyed());
    expect(first.status).toBe(200);
    const retry = await client.post(`/v1/namespaces/${ns}/tables/t`, appendChange(null, 11n, 1), keyed());
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.etag).toBe(first.headers.etag);
    const loaded = await client.get(`/v1/namespaces/${ns}/tables/t`);
    expect(loaded.body['metadata-location']).toBe(first.body['metadata-location']);
    // Without the key, the same request is a new commit, and its requirement no longer holds.
    expect((await client.post(`/v1/namespaces/${ns}/tables/t`, appendChange(null, 11n, 1))).status).toBe(409);
  });

  it('replays terminal 4xx answers too: a create that found the name taken stays 409', async () => {
    const { client } = await startCatalog();
    await client.post('/v1/namespaces', { namespace: ['db'] });
    const taken = await client.post('/v1/namespaces', { namespace: ['db'] }, keyed());
    expect(taken.status).toBe(409);
    await client.delete('/v1/namespaces/db');
    const replayed = await client.post('/v1/namespaces', { namespace: ['db'] }, keyed());
    expect(replayed.status).toBe(409);
    expect(replayed.body).toEqual(taken.body);
    expect((await client.head('/v1/namespaces/db')).status).toBe(404);
  });

  it('answers 422 when a key is reused with another body, operation or resource', async () => {
    const { client } = await startCatalog();
    expect((await client.post('/v1/namespaces', { namespace: ['a'] }, keyed())).status).toBe(200);
    const otherBody = await client.post('/v1/namespaces', { namespace: ['b'] }, keyed());
    expect(otherBody.status).toBe(422);
    expect(otherBody.body.error.type).toBe('UnprocessableEntityException');
    expect(otherBody.body.error.message).toContain('different body');
    const otherOperation = await client.delete('/v1/namespaces/a', keyed());
    expect(otherOperation.status).toBe(422);
    expect(otherOperation.body.error.message).toContain('createNamespace');
    const otherCatalog = await client.post('/v1/analytics/namespaces', { namespace: ['a'] }, keyed());
    expect(otherCatalog.status).toBe(422);
    expect((await client.head('/v1/namespaces/b')).status).toBe(404);
    expect((await client.head('/v1/analytics/namespaces/a')).status).toBe(404);
  });

  it('lets concurrent duplicates wait for the first and replay it: one effect, equal answers', async () => {
    const { client } = await startCatalog();
    const ns = await createNamespace(client, ['db']);
    const replies = await Promise.all(
      [1, 2, 3].map(() => client.post(`/v1/namespaces/${ns}/tables`, { name: 't', schema: SCHEMA }, keyed())),
    );
    expect(replies.map((reply) => reply.status)).toEqual([200, 200, 200]);
    expect(new Set(replies.map((reply) => reply.body.metadata['table-uuid'])).size).toBe(1);
    expect((await client.get(`/v1/namespaces/${ns}/tables`)).body.identifiers).toHaveLength(1);
  });

  it('forgets keys after the lifetime, and binds transactions/commit and drops with their parameters', async () => {
    let now = 1_767_229_200_000;
    const { client, storage } = await startCatalog({
      now: () => now,
      idempotencyLifetimeMs: 60_000,
    });
    const records = () => storage.transact((tx) => tx.scan({ prefix: 'iceberg-idempotency/' }));
    const ns = await createNamespace(client, ['db']);
    await createTable(client, ns, 't');
    expect((await client.get('/v1/config')).body['idempotency-key-lifetime']).toBe('PT60S');
    const change = {
      'table-changes': [{ identifier: { namespace: ['db'], name: 't' }, ...appendChange(null, 11n, 1) }],
    };
    expect((await client.post('/v1/transactions/commit', change, keyed())).status).toBe(204);
    expect((await client.post('/v1/transactions/commit', change, keyed())).status).toBe(204);
    expect(await records()).toHaveLength(1);
    now += 61_000;
    // Expired: the same request runs again, and its requirement fails now.
    expect((await client.post('/v1/transactions/commit', change, keyed())).status).toBe(409);
    // The sweep after it removed nothing live: the key's new record remains.
    expect(await records()).toHaveLength(1);
    now += 61_000;
    await client.post('/v1/namespaces', { namespace: ['other'] }, keyed(OTHER_KEY));
    // A minute later the next keyed request swept the expired record of KEY.
    expect((await records()).map((entry) => entry.key)).toEqual([`iceberg-idempotency/${OTHER_KEY}`]);
    now += 61_000;

    const purge = await client.delete(`/v1/namespaces/${ns}/tables/t?purgeRequested=true`, keyed(OTHER_KEY));
    expect(purge.status).toBe(204);
    expect((await client.delete(`/v1/namespaces/${ns}/tables/t`, keyed(OTHER_KEY))).status).toBe(422);
    expect((await client.delete(`/v1/namespaces/${ns}/tables/t?purgeRequested=true`, keyed(OTHER_KEY))).status).toBe(
      204,
    );
  });
});
