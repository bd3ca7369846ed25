import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MOCK_APIS, specPath } from '../src/apis.js';
import { answers, type CliProcess, startCli } from './cli-process.js';

/**
 * `dbwire mock volumes` with Prism, started as users start it, checked over real HTTP. The
 * expectations record what Prism 5.14.2 does on specs/volumes.yaml, including where it differs from
 * a volumes server (the README lists those gaps).
 */
let mock: CliProcess;
const TENANT = '/v1/orgs/org_acme/workspaces/ws_research/volumes';
const auth = { Authorization: 'Bearer any-token-at-all' };

const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  fetch(`${mock.url}${path}`, {
    method,
    headers: {
      ...auth,
      ...(body === undefined || body instanceof FormData ? {} : { 'Content-Type': 'application/json' }),
      ...headers,
    },
    body:
      body === undefined
        ? undefined
        : body instanceof FormData || typeof body === 'string'
          ? body
          : JSON.stringify(body),
  });

const violations = (response: Response) =>
  (JSON.parse(response.headers.get('sl-violations') ?? '[]') as Array<{ message: string }>).map((v) => v.message);

/** The spec's first 422 example, which Prism answers to every refused request. */
const MISSING_NAME = { detail: [{ type: 'missing', loc: ['body', 'name'], msg: 'Field required', input: {} }] };

function upload(fields: Record<string, string>, file = true): FormData {
  const form = new FormData();
  if (file) form.append('file', new Blob(['%PDF-1.7'], { type: 'application/pdf' }), 'q1.pdf');
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return form;
}

beforeAll(async () => {
  mock = await startCli(['mock', 'volumes', '--port', '0', '--log-level', 'warn'], 70_000);
}, 80_000);

afterAll(async () => {
  if (!mock) return;
  expect(await mock.stop()).toBe(0);
  expect(await answers(`${mock.url}${TENANT}`)).toBe(false);
}, 30_000);

describe('dbwire mock volumes (Prism)', () => {
  it('listens on 4013 by default, on specs/volumes.yaml', () => {
    expect(MOCK_APIS.volumes.port).toBe(4013);
    expect(specPath('volumes')).toMatch(/specs[/\\]volumes\.yaml$/);
  });

  it('needs a bearer token: 401 with the AUTHENTICATION_FAILED envelope, but the blob route is public', async () => {
    for (const headers of [{}, { Authorization: 'Basic YTpi' }] as Record<string, string>[]) {
      const response = await fetch(`${mock.url}${TENANT}`, { headers });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: 'AUTHENTICATION_FAILED', status_code: 401 });
    }
    const blob = await fetch(`${mock.url}/_blobs/blob_9f2c4e1a7b3d?exp=1767229200&sig=00`);
    expect(blob.status).toBe(200);
  });

  it('answers the spec’s examples with their documented success statuses', async () => {
    const created = await send('POST', TENANT, { name: 'kb', environment_id: 'env_dev' });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({
      message: 'Volume created successfully',
      volume: { volume_id: expect.stringMatching(/^vol_/), indexing_mode: 'auto', chunking_strategy: 'recursive' },
    });
    const written = await send('PUT', `${TENANT}/vol_1/entries/faq%2Frefunds.json`, { content: { a: 1 } });
    expect(written.status).toBe(200);
    expect(await written.json()).toMatchObject({
      message: 'Entry written successfully',
      entry: { path: 'faq/refunds.json' },
    });
    const uploaded = await send('POST', `${TENANT}/vol_1/entries/docs%2Fq1.pdf/upload`, upload({ tags: '["q1"]' }));
    expect(uploaded.status).toBe(201);
    const reindex = await send('POST', `${TENANT}/vol_1/reindex`);
    expect(reindex.status).toBe(202);
    expect(await reindex.text()).toBe('null');
    const released = await send('DELETE', `${TENANT}/vol_1/locks/reports%2F2025%2F?lock_id=lck_1`);
    expect(await released.json()).toEqual({ message: 'Lock released successfully' });
    const deleted = await send('DELETE', `${TENANT}/vol_1`);
    expect(await deleted.json()).toEqual({ message: 'Volume deleted successfully' });
    const searched = await send('POST', `${TENANT}/search-all?app_id=app_support_bot`, { query: 'refunds' });
    expect(await searched.json()).toMatchObject({ total: 1, results: [{ path: 'faq/refunds.json', chunk_index: 0 }] });
  });

  it('validates parameters and bodies: required fields, ranges, enums, multipart fields', async () => {
    const missing = await send('POST', TENANT, { name: 'kb' });
    expect(missing.status).toBe(422);
    expect(violations(missing)).toEqual(["Request body must have required property 'environment_id'"]);

    const limit = await send('GET', `${TENANT}?limit=500`);
    expect(limit.status).toBe(422);
    expect(violations(limit)).toEqual(['Request query parameter limit must be <= 200']);

    const expiresIn = await send('GET', `${TENANT}/vol_1/entries/a/download?expires_in=30`);
    expect(violations(expiresIn)).toEqual(['Request query parameter expires_in must be >= 60']);

    const lockId = await send('DELETE', `${TENANT}/vol_1/locks/p`);
    expect(violations(lockId)).toEqual(["Request query must have required property 'lock_id'"]);

    const ttl = await send('POST', `${TENANT}/vol_1/locks`, { partition: 'p', app_id: 'a', ttl_seconds: 1 });
    expect(violations(ttl)).toEqual(['Request body property ttl_seconds must be >= 5']);

    const access = await send('POST', `${TENANT}/vol_1/mounts`, { app_id: 'a', access_level: 'admin' });
    expect(violations(access)[0]).toMatch(
      /^Request body property access_level must be equal to one of the allowed values/,
    );

    const query = await send('POST', `${TENANT}/vol_1/search`, { query: '' });
    expect(violations(query)).toEqual(['Request body property query must NOT have fewer than 1 characters']);

    const noFile = await send('POST', `${TENANT}/vol_1/entries/a/upload`, upload({ tags: '[]' }, false));
    expect(violations(noFile)).toEqual(["Request body must have required property 'file'"]);
    const badTtl = await send('POST', `${TENANT}/vol_1/entries/a/upload`, upload({ ttl_seconds: 'soon' }));
    expect(violations(badTtl)).toEqual(['Request body property ttl_seconds must be integer']);
    const asJson = await send('POST', `${TENANT}/vol_1/entries/a/upload`, { file: 'x' });
    expect(violations(asJson)).toEqual(['Supported content types: multipart/form-data']);

    const blobKey = await fetch(`${mock.url}/_blobs/a.b?exp=1&sig=x`);
    expect(blobKey.status).toBe(422);
    const unsigned = await fetch(`${mock.url}/_blobs/blob_1`);
    expect(violations(unsigned)).toEqual([
      "Request query must have required property 'exp'",
      "Request query must have required property 'sig'",
    ]);
  });

  it('gives any documented error on demand: 403, 409 LOCK_CONFLICT, 413, 500, and 201 for a new lock', async () => {
    const forbidden = await send('GET', `${TENANT}/vol_1`, undefined, { Prefer: 'code=403' });
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({
      error: 'FORBIDDEN',
      details: { required_permission: 'volumes:write' },
    });
    const locked = await send('POST', `${TENANT}/vol_1/locks`, { partition: 'p', app_id: 'a' }, { Prefer: 'code=409' });
    expect(await locked.json()).toMatchObject({ error: 'LOCK_CONFLICT', details: { holder_app_id: 'app_indexer' } });
    const tooLarge = await send('PUT', `${TENANT}/vol_1/entries/a`, { content_text: 'x' }, { Prefer: 'code=413' });
    expect(await tooLarge.json()).toMatchObject({ error: 'PAYLOAD_TOO_LARGE', details: { limit_bytes: 1048576 } });
    const failed = await send('GET', `${TENANT}/vol_1`, undefined, { Prefer: 'code=500' });
    expect(failed.status).toBe(500);
    const fresh = await send('POST', `${TENANT}/vol_1/locks`, { partition: 'p', app_id: 'a' }, { Prefer: 'code=201' });
    expect(fresh.status).toBe(201);
  });

  describe('where Prism differs from a volumes server (documented in the README)', () => {
    it('routes an entry path with slashes only when they are sent as %2F', async () => {
      const encoded = await send('GET', `${TENANT}/vol_1/entries/reports%2F2025%2Fq1.json`);
      expect(encoded.status).toBe(200);
      const plain = await send('GET', `${TENANT}/vol_1/entries/reports/2025/q1.json`);
      expect(plain.status).toBe(404);
      expect(plain.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const lock = await send('DELETE', `${TENANT}/vol_1/locks/reports/2025/?lock_id=l`);
      expect(lock.status).toBe(404);
    });

    it('answers every refused request with the first 422 example, whatever is wrong', async () => {
      const limit = await send('GET', `${TENANT}?limit=500`);
      expect(await limit.json()).toEqual(MISSING_NAME);
      const lockId = await send('DELETE', `${TENANT}/vol_1/locks/p`);
      expect(await lockId.json()).toEqual(MISSING_NAME);
    });

    it('answers malformed JSON with its own 400, not FastAPI’s 422 json_invalid', async () => {
      const response = await send('POST', TENANT, '{"name": ');
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: { code: 'invalid_json', message: 'Invalid JSON' } });
    });

    it('accepts what only the server checks: both or neither content field, path attacks, tags that are not JSON', async () => {
      expect((await send('PUT', `${TENANT}/vol_1/entries/a`, {})).status).toBe(200);
      expect((await send('PUT', `${TENANT}/vol_1/entries/a`, { content: {}, content_text: 'x' })).status).toBe(200);
      expect((await send('PUT', `${TENANT}/vol_1/entries/..%2Fsecrets`, { content_text: 'x' })).status).toBe(200);
      expect((await send('PUT', `${TENANT}/vol_1/entries/a%2Fdownload`, { content_text: 'x' })).status).toBe(200);
      const tags = await send('POST', `${TENANT}/vol_1/entries/a/upload`, upload({ tags: 'not json' }));
      expect(tags.status).toBe(201);
    });

    it('keeps no state: the example entry whatever was written, the example volume whatever was created', async () => {
      await send('PUT', `${TENANT}/vol_1/entries/notes%2Fmine.txt`, { content_text: 'mine' });
      const read = await send('GET', `${TENANT}/vol_1/entries/notes%2Fmine.txt`);
      expect(await read.json()).toMatchObject({ path: 'faq/refunds.json', content_text: null });
      const got = await send('GET', `${TENANT}/vol_never_created`);
      expect(got.status).toBe(200);
      expect(await got.json()).toMatchObject({ volume_id: 'vol_01JH4Z9K2M3N4P5Q6R7S8T9V0W' });
    });

    it('answers a renewal (200) to every lock request', async () => {
      const lock = await send('POST', `${TENANT}/vol_1/locks`, { partition: 'p', app_id: 'a' });
      expect(lock.status).toBe(200);
    });

    it('answers the same single last page to listVolumes, whatever the cursor', async () => {
      // The spec's examples make it a last page (has_more false, next_cursor null), so a client
      // following cursors stops; without them Prism would fill in has_more true and the cursor "string".
      for (const query of ['', '?cursor=anything']) {
        const page = await send('GET', `${TENANT}${query}`);
        expect(await page.json()).toMatchObject({ total: 1, has_more: false, next_cursor: null, volumes: [{}] });
      }
    });

    it('hands out a download URL for the reference server (port 8300), and serves the placeholder "string" at /_blobs', async () => {
      const link = await send('GET', `${TENANT}/vol_1/entries/contracts%2Facme.pdf/download`);
      const { download_url } = (await link.json()) as { download_url: string };
      expect(download_url).toMatch(/^http:\/\/127\.0\.0\.1:8300\/_blobs\/blob_9f2c4e1a7b3d\?exp=\d+&sig=[0-9a-f]{64}$/);
      // Prism's own /_blobs answers any signature, expired or not, with the schema's placeholder.
      const blob = await fetch(`${mock.url}/_blobs/blob_9f2c4e1a7b3d?exp=1&sig=forged`);
      expect(blob.status).toBe(200);
      expect(blob.headers.get('content-type')).toBe('text/plain');
      expect(blob.headers.get('content-disposition')).toBe('attachment; filename="q1.pdf"');
      expect(await blob.text()).toBe('string');
    });
  });
});
