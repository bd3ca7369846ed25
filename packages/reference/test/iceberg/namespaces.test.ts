import { describe, expect, it } from 'vitest';
import { createNamespace, createTable, startCatalog } from './client.js';

describe('iceberg catalog: config and auth', () => {
  it('answers the config with every prefixed endpoint, the key lifetime, and a prefix for a warehouse name', async () => {
    const { client } = await startCatalog();
    const plain = await client.get('/v1/config');
    expect(plain.status).toBe(200);
    expect(plain.body['idempotency-key-lifetime']).toBe('PT24H');
    expect(plain.body.overrides).toEqual({});
    expect(plain.body.endpoints).toContain('HEAD /v1/{prefix}/namespaces/{namespace}');
    expect(plain.body.endpoints).toContain('POST /v1/{prefix}/transactions/commit');
    expect(plain.body.endpoints).toHaveLength(16);
    expect((await client.get('/v1/config?warehouse=analytics')).body.overrides).toEqual({ prefix: 'analytics' });
    const located = await client.get('/v1/config?warehouse=file:///data/wh');
    expect(located.body).toMatchObject({ overrides: {}, defaults: { warehouse: 'file:///data/wh' } });
  });

  it('answers 401 NotAuthorizedException without a known bearer token; configured tokens replace dev-token', async () => {
    const { client } = await startCatalog({ tokens: { 'secret-1': { principal: 'alice' } } });
    for (const token of [null, 'dev-token']) {
      const reply = await client.withToken(token).get('/v1/namespaces');
      expect(reply.status).toBe(401);
      expect(reply.headers['content-type']).toBe('application/json');
      expect(reply.body.error).toMatchObject({ type: 'NotAuthorizedException', code: 401 });
    }
    expect((await client.withToken('secret-1').get('/v1/namespaces')).status).toBe(200);
    // HEAD answers carry no body, refusals included.
    expect(await client.withToken(null).head('/v1/namespaces/a')).toMatchObject({ status: 401, text: '' });
    expect(await client.withToken('secret-1').head('/v1/namespaces/a%1F')).toMatchObject({ status: 400, text: '' });
  });
});

describe('iceberg catalog: namespaces', () => {
  it('creates, loads, checks and lists multi-level namespaces joined with %1F', async () => {
    const { client } = await startCatalog();
    const created = await client.post('/v1/namespaces', { namespace: ['accounting'], properties: { owner: 'fin' } });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({ namespace: ['accounting'], properties: { owner: 'fin' } });
    for (const child of ['tax', 'payroll', 'b c']) {
      expect((await client.post('/v1/namespaces', { namespace: ['accounting', child] })).status).toBe(200);
    }
    await client.post('/v1/namespaces', { namespace: ['accounting', 'tax', 'deep'] });

    const loaded = await client.get('/v1/namespaces/accounting%1Fb%20c');
    expect(loaded.body).toEqual({ namespace: ['accounting', 'b c'], properties: {} });
    expect((await client.head('/v1/namespaces/accounting%1Ftax')).status).toBe(204);
    const missing = await client.head('/v1/namespaces/accounting%1Fnope');
    expect(missing).toMatchObject({ status: 404, text: '' });

    const top = await client.get('/v1/namespaces');
    expect(top.body).toEqual({ namespaces: [['accounting']], 'next-page-token': null });
    const children = await client.get('/v1/namespaces?parent=accounting');
    expect(children.body.namespaces).toEqual([
      ['accounting', 'b c'],
      ['accounting', 'payroll'],
      ['accounting', 'tax'],
    ]);
    expect((await client.get('/v1/namespaces?parent=nowhere')).body.error.type).toBe('NoSuchNamespaceException');
  });

  it('pages with opaque tokens in code-point order, and refuses a forged token with 400', async () => {
    const { client } = await startCatalog();
    for (const name of ['d', 'b', 'a', 'c', 'e']) await client.post('/v1/namespaces', { namespace: [name] });
    const seen: string[][] = [];
    let token = '';
    for (let pages = 0; pages < 10; pages++) {
      const page = await client.get(`/v1/namespaces?pageSize=2&pageToken=${encodeURIComponent(token)}`);
      expect(page.status).toBe(200);
      expect(page.body.namespaces.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.namespaces);
      if (page.body['next-page-token'] === null) break;
      token = page.body['next-page-token'];
    }
    expect(seen).toEqual([['a'], ['b'], ['c'], ['d'], ['e']]);
    const forged = await client.get('/v1/namespaces?pageSize=2&pageToken=garbage');
    expect(forged.status).toBe(400);
    expect(forged.body.error.type).toBe('BadRequestException');
  });

  it('refuses empty levels (400), a missing parent (404) and a taken name (409)', async () => {
    const { client } = await startCatalog();
    expect((await client.post('/v1/namespaces', { namespace: [] })).status).toBe(400);
    expect((await client.post('/v1/namespaces', { namespace: ['a', ''] })).status).toBe(400);
    expect((await client.get('/v1/namespaces/a%1F%1Fb')).status).toBe(400);
    const orphan = await client.post('/v1/namespaces', { namespace: ['nope', 'child'] });
    expect(orphan.status).toBe(404);
    expect(orphan.body.error.type).toBe('NoSuchNamespaceException');
    await client.post('/v1/namespaces', { namespace: ['a'] });
    const again = await client.post('/v1/namespaces', { namespace: ['a'] });
    expect(again.status).toBe(409);
    expect(again.body.error.type).toBe('AlreadyExistsException');
  });

  it('drops only empty namespaces: 409 NamespaceNotEmptyException while tables or children remain', async () => {
    const { client } = await startCatalog();
    const ns = await createNamespace(client, ['a', 'b']);
    expect((await client.delete('/v1/namespaces/a')).body.error.type).toBe('NamespaceNotEmptyException');
    await createTable(client, ns, 't');
    const full = await client.delete(`/v1/namespaces/${ns}`);
    expect(full.status).toBe(409);
    expect(full.body.error.type).toBe('NamespaceNotEmptyException');
    expect((await client.delete(`/v1/namespaces/${ns}/tables/t`)).status).toBe(204);
    expect((await client.delete(`/v1/namespaces/${ns}`)).status).toBe(204);
    expect((await client.delete('/v1/namespaces/a')).status).toBe(204);
    expect((await client.delete('/v1/namespaces/a')).body.error.type).toBe('NoSuchNamespaceException');
  });

  it('updates properties: updated, removed and missing keys; a key in both lists is 422', async () => {
    const { client } = await startCatalog();
    await client.post('/v1/namespaces', { namespace: ['a'], properties: { keep: '1', drop: '2' } });
    const changed = await client.post('/v1/namespaces/a/properties', {
      removals: ['drop', 'ghost'],
      updates: { keep: '3', add: '4' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ updated: ['keep', 'add'], removed: ['drop'], missing: ['ghost'] });
    expect((await client.get('/v1/namespaces/a')).body.properties).toEqual({ keep: '3', add: '4' });
    const both = await client.post('/v1/namespaces/a/properties', { removals: ['keep'], updates: { keep: '5' } });
    expect(both.status).toBe(422);
    expect(both.body.error.type).toBe('UnprocessableEntityException');
    expect((await client.post('/v1/namespaces/zz/properties', { updates: {} })).status).toBe(404);
  });

  it('keeps catalogs apart: a prefix names its own catalog, created on first use', async () => {
    const { client } = await startCatalog();
    await client.post('/v1/namespaces', { namespace: ['shared'] });
    expect((await client.get('/v1/analytics/namespaces')).body.namespaces).toEqual([]);
    expect((await client.post('/v1/analytics/namespaces', { namespace: ['shared'] })).status).toBe(200);
    expect((await client.post('/v1/analytics/namespaces', { namespace: ['only-here'] })).status).toBe(200);
    expect((await client.get('/v1/namespaces')).body.namespaces).toEqual([['shared']]);
    expect((await client.head('/v1/analytics/namespaces/only-here')).status).toBe(204);
    expect((await client.head('/v1/namespaces/only-here')).status).toBe(404);
  });
});
