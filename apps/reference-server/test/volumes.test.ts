import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startReferenceServer } from '../src/index.js';

let server: RunningServer;
let origin: string;
let clockMs = Date.UTC(2025, 0, 1);

const UPLOAD_LIMIT = 64 * 1024;

beforeAll(async () => {
  server = await startReferenceServer({
    ports: { volumes: 0 },
    validateResponses: true,
    volumes: {
      tokens: {
        admin: { org_id: 'acme', workspace_id: 'research', permissions: ['volumes:admin'] },
        reader: { org_id: 'acme', workspace_id: 'research', permissions: ['volumes:read'] },
        'bot-token': { org_id: 'acme', workspace_id: 'research', permissions: ['volumes:write'], app_id: 'bot' },
        'etl-token': { org_id: 'acme', workspace_id: 'research', permissions: ['volumes:write'], app_id: 'etl' },
        rival: { org_id: 'rival', workspace_id: 'research', permissions: ['volumes:admin'] },
      },
      uploadLimitBytes: UPLOAD_LIMIT,
      now: () => clockMs,
    },
  });
  origin = server.urls.volumes;
});
afterAll(async () => {
  await server.close();
});

const BASE = '/v1/orgs/acme/workspaces/research/volumes';

async function call(method: string, path: string, token: string | null, body?: unknown) {
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (typeof body === 'string') {
    payload = body;
    headers['content-type'] = 'application/json';
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(`${origin}${path}`, { method, headers, body: payload });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

function binary(length: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 131 + 17) % 256;
  return bytes;
}

describe('reference server (volumes store)', () => {
  it('serves volumes and entries over HTTP with tenancy, slashes in paths and the 422 shapes', async () => {
    const created = await call('POST', BASE, 'admin', { name: 'kb', environment_id: 'env_prod' });
    expect(created.status).toBe(201);
    const id = created.body.volume.volume_id as string;
    const url = `${BASE}/${id}`;
    expect((await call('GET', url, null)).status).toBe(401);
    expect((await call('GET', `/v1/orgs/acme/workspaces/research/volumes/${id}`, 'rival')).status).toBe(404);
    expect((await call('GET', `/v1/orgs/rival/workspaces/research/volumes/${id}`, 'rival')).status).toBe(404);
    expect((await call('DELETE', url, 'reader')).body.details.required_permission).toBe('volumes:admin');

    const written = await call('PUT', `${url}/entries/reports/2025/q1.json`, 'admin', { content: { revenue: 12 } });
    expect(written.status).toBe(200);
    expect(written.body.entry.path).toBe('reports/2025/q1.json');
    const read = await call('GET', `${url}/entries/reports%2F2025%2Fq1.json`, 'reader');
    expect(read.body).toMatchObject({ path: 'reports/2025/q1.json', content: { revenue: 12 } });
    const listing = await call('GET', `${url}/list?path=reports`, 'reader');
    expect(listing.body).toMatchObject({ path: 'reports/', directories: ['reports/2025/'], entries: [] });

    // `..%2F` survives the client's URL parser (a bare `..` or `%2E%2E` segment would be resolved away).
    const dotdot = await call('PUT', `${url}/entries/reports/..%2Fsecret`, 'admin', { content_text: 'x' });
    expect(dotdot.status).toBe(422);
    expect(dotdot.body.detail[0]).toMatchObject({ loc: ['path', 'path'], type: 'value_error' });
    const broken = await call('PUT', `${url}/entries/a.json`, 'admin', '{"content":');
    expect(broken.status).toBe(422);
    expect(broken.body.detail[0].type).toBe('json_invalid');
    const missing = await call('POST', BASE, 'admin', { environment_id: 'env_prod' });
    expect(missing.body.detail[0]).toMatchObject({ loc: ['body', 'name'], type: 'missing', msg: 'Field required' });

    const patched = await call('PATCH', url, 'admin', { description: 'quarterly numbers' });
    expect(patched.body.volume.description).toBe('quarterly numbers');
    const page = await call('GET', `${BASE}?environment_id=env_prod`, 'reader');
    expect(page.body).toMatchObject({ total: 1, has_more: false, next_cursor: null });
    expect((await call('DELETE', `${url}/entries/reports/2025/q1.json`, 'admin')).status).toBe(200);
    expect((await call('DELETE', url, 'admin')).body.message).toBe('Volume deleted successfully');
    expect((await call('GET', url, 'admin')).status).toBe(404);
  });

  it('uploads binary bytes and serves them byte-exact through presigned URLs that expire and resist tampering', async () => {
    const { body } = await call('POST', BASE, 'admin', { name: 'files', environment_id: 'env_prod' });
    const url = `${BASE}/${body.volume.volume_id}`;
    const bytes = binary(UPLOAD_LIMIT);
    const form = new FormData();
    form.append('file', new Blob([bytes], { type: 'application/octet-stream' }), 'blob.bin');
    form.append('metadata', '{"origin":"test"}');
    const uploaded = await call('POST', `${url}/entries/raw/données.bin/upload`, 'admin', form);
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.entry).toMatchObject({
      path: 'raw/données.bin',
      content_type: 'file',
      size_bytes: UPLOAD_LIMIT,
    });

    const link = await call('GET', `${url}/entries/raw/donn%C3%A9es.bin/download?expires_in=60`, 'reader');
    expect(link.status).toBe(200);
    const download = link.body.download_url as string;
    expect(download.startsWith(`${origin}/_blobs/`)).toBe(true);
    const fetched = await fetch(download);
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get('content-disposition')).toBe(
      `attachment; filename="donn_es.bin"; filename*=UTF-8''donn%C3%A9es.bin`,
    );
    expect(Number(fetched.headers.get('content-length'))).toBe(UPLOAD_LIMIT);
    expect(Buffer.from(await fetched.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
    expect((await fetch(download, { method: 'POST' })).status).toBe(405);

    const tampered = await fetch(download.replace(/exp=(\d+)/, (_, exp: string) => `exp=${Number(exp) + 3600}`));
    expect(tampered.status).toBe(403);
    expect(((await tampered.json()) as { details: { reason: string } }).details.reason).toBe('invalid_signature');
    clockMs += 61_000;
    const expired = await fetch(download);
    expect(expired.status).toBe(403);
    expect(((await expired.json()) as { details: { reason: string } }).details.reason).toBe('expired');

    const tooBig = new FormData();
    tooBig.append('file', new Blob([binary(UPLOAD_LIMIT + 1)]), 'big.bin');
    const refused = await call('POST', `${url}/entries/raw/big.bin/upload`, 'admin', tooBig);
    expect(refused.status).toBe(413);
    expect(refused.body).toMatchObject({ error: 'PAYLOAD_TOO_LARGE', details: { limit_bytes: UPLOAD_LIMIT } });
    const huge = new FormData();
    huge.append('file', new Blob([binary(4 * UPLOAD_LIMIT)]), 'huge.bin');
    const hugeRefused = await call('POST', `${url}/entries/raw/huge.bin/upload`, 'admin', huge);
    expect(hugeRefused.status).toBe(413);
    expect(hugeRefused.body.error).toBe('PAYLOAD_TOO_LARGE');
  });

  it('leases a partition to one app at a time', async () => {
    const { body } = await call('POST', BASE, 'admin', { name: 'locks', environment_id: 'env_prod' });
    const url = `${BASE}/${body.volume.volume_id}`;
    const first = await call('POST', `${url}/locks`, 'bot-token', {
      partition: 'reports/2025/',
      app_id: 'bot',
      ttl_seconds: 30,
    });
    expect(first.status).toBe(201);
    const second = await call('POST', `${url}/locks`, 'etl-token', { partition: 'reports/2025/', app_id: 'etl' });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ error: 'LOCK_CONFLICT', details: { holder_app_id: 'bot' } });
    clockMs += 30_000;
    const taken = await call('POST', `${url}/locks`, 'etl-token', { partition: 'reports/2025/', app_id: 'etl' });
    expect(taken.status).toBe(201);
    const released = await call(
      'DELETE',
      `${url}/locks/reports%2F2025%2F?lock_id=${taken.body.lock.lock_id}`,
      'etl-token',
    );
    expect(released.status).toBe(200);
  });
});
