import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseJson, stringifyJson } from '@dbwire/json';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startReferenceServer } from '../src/index.js';

let server: RunningServer;
let base: string;
let warehouseDir: string;

beforeAll(async () => {
  warehouseDir = await mkdtemp(join(tmpdir(), 'dbwire-iceberg-'));
  server = await startReferenceServer({
    ports: { typedb: 0, 'write-daemon': 0, iceberg: 0 },
    validateResponses: true,
    iceberg: { warehouse: pathToFileURL(warehouseDir).href },
  });
  base = server.urls.iceberg;
});
afterAll(async () => {
  await server.close();
  await rm(warehouseDir, { recursive: true, force: true });
});

const headers = { authorization: 'Bearer dev-token', 'content-type': 'application/json' };
const post = (path: string, body: unknown, extra: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { ...headers, ...extra }, body: stringifyJson(body) });

describe('reference server (Iceberg REST catalog)', () => {
  it('serves %1F namespaces, HEAD, tables with metadata files in a file: warehouse, ETag and 304', async () => {
    expect((await post('/v1/namespaces', { namespace: ['sales'] })).status).toBe(200);
    expect((await post('/v1/namespaces', { namespace: ['sales', 'eu west'] })).status).toBe(200);
    const ns = 'sales%1Feu%20west';
    const exists = await fetch(`${base}/v1/namespaces/${ns}`, { method: 'HEAD', headers });
    expect(exists.status).toBe(204);
    const missing = await fetch(`${base}/v1/namespaces/sales%1Fnope`, { method: 'HEAD', headers });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('');
    const children = await fetch(`${base}/v1/namespaces?parent=sales`, { headers });
    expect(await children.json()).toEqual({ namespaces: [['sales', 'eu west']], 'next-page-token': null });

    const created = await post(`/v1/namespaces/${ns}/tables`, {
      name: 'orders',
      schema: { type: 'struct', 'schema-id': 0, fields: [{ id: 1, name: 'id', type: 'long', required: true }] },
    });
    expect(created.status).toBe(200);
    const table = (await created.json()) as { 'metadata-location': string; metadata: { location: string } };
    expect(table.metadata.location).toBe(`${pathToFileURL(warehouseDir).href}/sales/eu%20west/orders`);
    const metadataDir = join(warehouseDir, 'sales', 'eu west', 'orders', 'metadata');
    const written = await readdir(metadataDir);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^00000-[0-9a-f-]{36}\.metadata\.json$/);
    expect(table['metadata-location'].endsWith(written[0] as string)).toBe(true);

    const loaded = await fetch(`${base}/v1/namespaces/${ns}/tables/orders`, { headers });
    const etag = loaded.headers.get('etag') as string;
    expect(etag).toBeTruthy();
    const cached = await fetch(`${base}/v1/namespaces/${ns}/tables/orders`, {
      headers: { ...headers, 'if-none-match': etag },
    });
    expect(cached.status).toBe(304);
    expect(await cached.text()).toBe('');
  });

  it('keeps snapshot ids beyond 2^53 exact over HTTP and in the metadata file', async () => {
    await post('/v1/namespaces', { namespace: ['big'] });
    await post('/v1/namespaces/big/tables', {
      name: 't',
      schema: { type: 'struct', 'schema-id': 0, fields: [{ id: 1, name: 'id', type: 'long', required: true }] },
    });
    const snapshotId = 8_765_432_109_876_543_210n;
    const commit = await post('/v1/namespaces/big/tables/t', {
      requirements: [{ type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': null }],
      updates: [
        {
          action: 'add-snapshot',
          snapshot: {
            'snapshot-id': snapshotId,
            'sequence-number': 1,
            'timestamp-ms': 1767229200000,
            'manifest-list': 'file:///tmp/snap.avro',
            summary: { operation: 'append' },
          },
        },
        { action: 'set-snapshot-ref', 'ref-name': 'main', type: 'branch', 'snapshot-id': snapshotId },
      ],
    });
    expect(commit.status).toBe(200);
    const text = await commit.text();
    const body = parseJson(text) as { 'metadata-location': string; metadata: Record<string, unknown> };
    expect(body.metadata['current-snapshot-id']).toBe(snapshotId);
    expect(body['metadata-location']).toMatch(/\/metadata\/00001-/);
    const file = await readFile(new URL(body['metadata-location']), 'utf8');
    expect(file).toContain(`"current-snapshot-id":${snapshotId}`);
    const loaded = await fetch(`${base}/v1/namespaces/big/tables/t`, { headers });
    expect(await loaded.text()).toContain(`"snapshot-id":${snapshotId}`);
  });

  it('registers a table from a metadata file on disk, and a purging drop deletes the table directory', async () => {
    await post('/v1/namespaces', { namespace: ['reg'] });
    const created = await post('/v1/namespaces/reg/tables', {
      name: 'src',
      schema: { type: 'struct', 'schema-id': 0, fields: [{ id: 1, name: 'id', type: 'long', required: true }] },
    });
    const source = (await created.json()) as { 'metadata-location': string; metadata: { 'table-uuid': string } };
    const registered = await post('/v1/namespaces/reg/register', {
      name: 'copy',
      'metadata-location': source['metadata-location'],
    });
    expect(registered.status).toBe(200);
    expect(((await registered.json()) as typeof source).metadata['table-uuid']).toBe(source.metadata['table-uuid']);

    const tableDir = join(warehouseDir, 'reg', 'src');
    expect(await readdir(tableDir)).toEqual(['metadata']);
    const dropped = await fetch(`${base}/v1/namespaces/reg/tables/src?purgeRequested=true`, {
      method: 'DELETE',
      headers,
    });
    expect(dropped.status).toBe(204);
    await expect(readdir(tableDir)).rejects.toThrow(/ENOENT/);
    // The registered copy still names the purged file: loading it says the file is gone.
    const orphan = await fetch(`${base}/v1/namespaces/reg/tables/copy`, { headers });
    expect(orphan.status).toBe(404);
    expect(((await orphan.json()) as { error: { type: string } }).error.type).toBe('NotFoundException');
  });

  it('never writes, reads or deletes files outside the warehouse, whatever location a client names', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'dbwire-outside-'));
    try {
      await writeFile(join(outside, 'keep.txt'), 'precious');
      await post('/v1/namespaces', { namespace: ['escape'] });
      const schema = { type: 'struct', 'schema-id': 0, fields: [{ id: 1, name: 'id', type: 'long', required: true }] };
      const created = await post('/v1/namespaces/escape/tables', {
        name: 't',
        schema,
        location: pathToFileURL(outside).href,
      });
      expect(created.status).toBe(400);
      expect(((await created.json()) as { error: { type: string; message: string } }).error).toMatchObject({
        type: 'BadRequestException',
        message: expect.stringContaining('outside the warehouse'),
      });
      const sneaky = `${pathToFileURL(warehouseDir).href}/../${outside.split('/').pop()}/t`;
      expect((await post('/v1/namespaces/escape/tables', { name: 't', schema, location: sneaky })).status).toBe(400);
      const registered = await post('/v1/namespaces/escape/register', {
        name: 'r',
        'metadata-location': pathToFileURL(join(outside, 'keep.txt')).href,
      });
      expect(registered.status).toBe(400);
      expect(await readdir(outside)).toEqual(['keep.txt']);
      expect(await readFile(join(outside, 'keep.txt'), 'utf8')).toBe('precious');
      expect((await fetch(`${base}/v1/namespaces/escape/tables/t`, { method: 'HEAD', headers })).status).toBe(404);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it("takes long namespace names in the path, beyond fastify's default parameter limit", async () => {
    const level = 'n'.repeat(400);
    expect((await post('/v1/namespaces', { namespace: ['long'] })).status).toBe(200);
    expect((await post('/v1/namespaces', { namespace: ['long', level] })).status).toBe(200);
    const loaded = await fetch(`${base}/v1/namespaces/long%1F${level}`, { headers });
    expect(loaded.status).toBe(200);
    expect(((await loaded.json()) as { namespace: string[] }).namespace).toEqual(['long', level]);
  });

  it('answers CORS preflights with the Iceberg headers and exposes ETag', async () => {
    const preflight = await fetch(`${base}/v1/namespaces/a/tables/t`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,idempotency-key,x-iceberg-access-delegation',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const allowed = (preflight.headers.get('access-control-allow-headers') ?? '').toLowerCase();
    for (const header of [
      'authorization',
      'content-type',
      'idempotency-key',
      'x-iceberg-access-delegation',
      'if-none-match',
    ]) {
      expect(allowed).toContain(header);
    }
    expect(preflight.headers.get('access-control-allow-methods')).toContain('HEAD');
    const simple = await fetch(`${base}/v1/config`, { headers: { ...headers, origin: 'http://localhost:5173' } });
    expect((simple.headers.get('access-control-expose-headers') ?? '').toLowerCase()).toContain('etag');
  });

  it('answers errors as application/json Iceberg errors, 401 without a token and 400 for malformed bodies', async () => {
    const unauthorized = await fetch(`${base}/v1/namespaces`);
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await unauthorized.json()).toMatchObject({ error: { type: 'NotAuthorizedException', code: 401 } });
    const malformed = await fetch(`${base}/v1/namespaces`, { method: 'POST', headers, body: '{"namespace":' });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toMatch(/^application\/json/);
    const badKey = await post('/v1/namespaces', { namespace: ['k'] }, { 'idempotency-key': 'not-a-uuid' });
    expect(badKey.status).toBe(400);
    expect((await badKey.json()).error.type).toBe('BadRequestException');
  });
});
