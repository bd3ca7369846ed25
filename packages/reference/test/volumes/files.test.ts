import { describe, expect, it } from 'vitest';
import { createVolume, startVolumes, type VolumesClient } from './client.js';

function bytesOf(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 31 + 7) % 256;
  return bytes;
}

function form(bytes: Uint8Array, type: string, name: string, fields: Record<string, string> = {}): FormData {
  const data = new FormData();
  data.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>], { type }), name);
  for (const [key, value] of Object.entries(fields)) data.append(key, value);
  return data;
}

/** Whether two byte arrays are equal (deep equality of 600 KiB is slow in the test runner). */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && a.every((byte, i) => byte === b[i]);
}

/** Follows a presigned URL through the same dispatcher, without a token. */
function follow(client: VolumesClient, url: string) {
  return client.withToken(null).get(new URL(url).pathname + new URL(url).search);
}

describe('volumes: uploads and presigned downloads', () => {
  it('stores uploaded bytes across chunks and serves them byte for byte through the presigned URL', async () => {
    const { client } = await startVolumes();
    const { url } = await createVolume(client);
    const bytes = bytesOf(600 * 1024 + 3);
    const upload = await client.post(
      `${url}/entries/reports/2025/q1 report.pdf/upload`,
      form(bytes, 'application/pdf', 'q1.pdf', { tags: '["q1"]', metadata: '{"source":"crm"}', ttl_seconds: '3600' }),
    );
    expect(upload.status).toBe(201);
    expect(upload.body.entry).toMatchObject({
      path: 'reports/2025/q1 report.pdf',
      content_type: 'file',
      content: null,
      mime_type: 'application/pdf',
      size_bytes: bytes.byteLength,
      tags: ['q1'],
      metadata: { source: 'crm' },
      ttl_seconds: 3600,
    });
    const link = await client.get(`${url}/entries/reports/2025/q1 report.pdf/download?expires_in=120`);
    expect(link.status).toBe(200);
    expect(link.body).toMatchObject({ mime_type: 'application/pdf', size_bytes: bytes.byteLength, expires_in: 120 });
    expect(link.body.download_url).toMatch(
      /^http:\/\/volumes\.test\/_blobs\/vol_\w+-ent_\w+\?exp=\d+&sig=[0-9a-f]{64}$/,
    );
    const served = await follow(client, link.body.download_url);
    expect(served.status).toBe(200);
    expect(served.headers['content-type']).toBe('application/pdf');
    expect(served.headers['content-disposition']).toBe(
      `attachment; filename="q1 report.pdf"; filename*=UTF-8''q1%20report.pdf`,
    );
    expect(sameBytes(served.bytes, bytes)).toBe(true);

    // A smaller replacement leaves no stale chunks behind.
    const small = bytesOf(10);
    await client.post(`${url}/entries/reports/2025/q1 report.pdf/upload`, form(small, 'application/pdf', 'q1.pdf'));
    expect((await follow(client, link.body.download_url)).bytes).toEqual(small);
  });

  it('refuses expired and tampered URLs with 403 and a reason, and answers 404 once the entry is gone', async () => {
    const { client, clock } = await startVolumes();
    const { url } = await createVolume(client);
    await client.post(`${url}/entries/a.bin/upload`, form(bytesOf(10), '', 'a.bin'));
    const link = (await client.get(`${url}/entries/a.bin/download?expires_in=60`)).body.download_url as string;
    const tampered = link.replace(/exp=(\d+)/, (_, exp: string) => `exp=${Number(exp) + 1000}`);
    const forged = await follow(client, tampered);
    expect(forged.status).toBe(403);
    expect(forged.body).toMatchObject({ error: 'FORBIDDEN', details: { reason: 'invalid_signature' } });
    // Flip the signature's first hex digit (a fixed replacement is a no-op when it already is that digit).
    const flipped = link.replace(/sig=(.)/, (_, digit: string) => `sig=${digit === '0' ? '1' : '0'}`);
    expect((await follow(client, flipped)).body.details.reason).toBe('invalid_signature');
    clock.advance(59);
    expect((await follow(client, link)).status).toBe(200);
    clock.advance(1);
    const expired = await follow(client, link);
    expect(expired.status).toBe(403);
    expect(expired.body.details.reason).toBe('expired');

    const fresh = (await client.get(`${url}/entries/a.bin/download`)).body.download_url as string;
    await client.delete(`${url}/entries/a.bin`);
    const gone = await follow(client, fresh);
    expect(gone.status).toBe(404);
    expect(gone.body.error).toBe('RESOURCE_NOT_FOUND');
    for (const value of ['59', '604801', 'x']) {
      const bad = await client.get(`${url}/entries/a.bin/download?expires_in=${value}`);
      expect(bad.status).toBe(422);
      expect(bad.body.detail[0].loc).toEqual(['query', 'expires_in']);
    }
  });

  it('serves JSON and text entries too, and sniffs a file type when the part has none', async () => {
    const { client } = await startVolumes({ publicBaseUrl: 'https://files.example.com/' });
    const { url } = await createVolume(client);
    await client.put(`${url}/entries/data/ü.json`, { content: { a: 1 } });
    const link = (await client.get(`${url}/entries/data/%C3%BC.json/download`)).body.download_url as string;
    expect(link.startsWith('https://files.example.com/_blobs/')).toBe(true);
    const served = await follow(client, link);
    expect(served.headers['content-type']).toBe('application/json');
    expect(served.headers['content-disposition']).toBe(`attachment; filename="_.json"; filename*=UTF-8''%C3%BC.json`);
    expect(new TextDecoder().decode(served.bytes)).toBe('{"a":1}');

    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const uploaded = await client.post(`${url}/entries/img/logo/upload`, form(png, '', 'logo'));
    expect(uploaded.body.entry.mime_type).toBe('image/png');
  });

  it('answers 413 over the upload limit and 422 for bad form fields', async () => {
    const { client } = await startVolumes({ uploadLimitBytes: 1000 });
    const { url } = await createVolume(client);
    const big = await client.post(
      `${url}/entries/big.bin/upload`,
      form(bytesOf(1001), 'application/octet-stream', 'b'),
    );
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ error: 'PAYLOAD_TOO_LARGE', details: { limit_bytes: 1000 } });
    expect((await client.get(`${url}/entries/big.bin`)).status).toBe(404);
    const tags = await client.post(`${url}/entries/t.bin/upload`, form(bytesOf(3), 'a/b', 't', { tags: '{"no":1}' }));
    expect(tags.status).toBe(422);
    expect(tags.body.detail[0].loc).toEqual(['body', 'tags']);
    const noFile = new FormData();
    noFile.append('tags', '[]');
    const missing = await client.post(`${url}/entries/t.bin/upload`, noFile);
    expect(missing.status).toBe(422);
    expect(missing.body.detail[0].loc).toEqual(['body', 'file']);
    const reserved = await client.post(`${url}/entries/x/download/upload`, form(bytesOf(3), 'a/b', 't'));
    expect(reserved.body.detail[0].loc).toEqual(['path', 'path']);
  });
});
