/**
 * Files and presigned downloads (spec: Downloads, `downloadBlob`): an upload stores the bytes
 * exactly; `getDownloadUrl` hands out a URL that serves them to a plain GET without a token, with
 * the entry's type, `Content-Disposition: attachment` and the length; the URL stops working when it
 * expires (403 `expired`) and whenever any part of it is changed (403 `invalid_signature`); it is
 * not revoked by a later write (it serves the current content) but answers 404 once the entry is
 * gone. `expires_in` is bounded (60..604800, else 422).
 */
import { expect } from 'vitest';
import { advanceServerClock } from '../../../src/volumes/clock.js';
import { useVolumes } from '../../../src/volumes/fixture.js';
import { type EntryDownloadResponse, followDownloadUrl, type OkBody } from '../../../src/volumes/http.js';
import { itWith } from '../../../src/volumes/needs.js';

const vols = useVolumes();

/** Every byte value, over and over, to `size` bytes (so no encoding or newline handling survives unnoticed). */
function everyByte(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 7 + (i >> 8)) & 0xff;
  // All 256 values for sure, at the start.
  for (let i = 0; i < 256; i++) bytes[i] = i;
  return bytes;
}

async function uploaded(volume: string, path: string, bytes: Uint8Array, type = 'application/octet-stream') {
  const reply = await vols.api.upload(volume, path, bytes, { type });
  expect(reply.status, reply.text).toBe(201);
  return (reply.body as OkBody<'uploadFileEntry'>).entry;
}

async function downloadUrl(volume: string, path: string, expiresIn?: number): Promise<EntryDownloadResponse> {
  const { body } = await vols.api.ok('getDownloadUrl', {
    volume,
    path,
    query: expiresIn === undefined ? {} : { expires_in: expiresIn },
  });
  return body;
}

/** The URL with one query parameter changed (or added). */
function withParameter(url: string, name: string, value: string): string {
  const changed = new URL(url);
  changed.searchParams.set(name, value);
  return changed.toString();
}

/** The signature parameter of a presigned URL: dbwire's `sig`, else the last parameter. */
function signatureParameter(url: string): [string, string] {
  const params = [...new URL(url).searchParams];
  const found = params.find(([name]) => name === 'sig') ?? params.at(-1);
  if (!found) throw new Error(`The download URL has no query to tamper with: ${url}`);
  return found;
}

function expectForbidden(download: Awaited<ReturnType<typeof followDownloadUrl>>, reason: string, what: string) {
  expect(download.status, what).toBe(403);
  const body = download.json as { error?: string; status_code?: number; details?: { reason?: string } };
  expect(body?.error, what).toBe('FORBIDDEN');
  expect(body?.status_code, what).toBe(403);
  expect(body?.details?.reason, what).toBe(reason);
}

itWith(
  {},
  'an upload of every byte value comes back byte for byte through the presigned URL, without a token',
  async () => {
    const volume = (await vols.volume()).volume_id;
    const bytes = everyByte(300 * 1024 + 17);
    const entry = await uploaded(volume, 'blobs/2025/all bytes.bin', bytes, 'application/x-test-bytes');
    expect(entry.content_type).toBe('file');
    expect(entry.size_bytes).toBe(bytes.length);
    expect(entry.mime_type).toBe('application/x-test-bytes');
    expect(entry.content).toBeNull();
    const { body: read } = await vols.api.ok('readEntry', { volume, path: 'blobs/2025/all bytes.bin' });
    expect(read.entry_id).toBe(entry.entry_id);
    expect(read.size_bytes).toBe(bytes.length);

    const url = await downloadUrl(volume, 'blobs/2025/all bytes.bin');
    expect(url.entry_id).toBe(entry.entry_id);
    expect(url.size_bytes).toBe(bytes.length);
    expect(url.mime_type).toBe('application/x-test-bytes');
    expect(url.expires_in).toBe(3600);
    const download = await followDownloadUrl(url.download_url);
    expect(download.status).toBe(200);
    expect(download.bytes.length).toBe(bytes.length);
    expect(Buffer.from(download.bytes).equals(Buffer.from(bytes))).toBe(true);
    expect(download.headers['content-type']?.split(';')[0]).toBe('application/x-test-bytes');
    expect(download.headers['content-disposition']).toMatch(/^attachment;\s*filename="?all bytes\.bin"?/);
    expect(download.headers['content-length']).toBe(String(bytes.length));
  },
);

itWith(
  {},
  'a replaced upload serves its new bytes; the upload keeps the entry id; form fields are stored',
  async () => {
    const volume = (await vols.volume()).volume_id;
    const first = await uploaded(volume, 'docs/a.bin', new Uint8Array([1, 2, 3]));
    const reply = await vols.api.upload(volume, 'docs/a.bin', new Uint8Array([255, 0, 128, 10, 13]), {
      type: 'image/x-test',
      fields: { tags: '["scan","2025"]', metadata: '{"source":"scanner"}' },
    });
    expect(reply.status, reply.text).toBe(201);
    const second = (reply.body as OkBody<'uploadFileEntry'>).entry;
    expect(second.entry_id).toBe(first.entry_id);
    expect(second.size_bytes).toBe(5);
    expect(second.tags).toEqual(['scan', '2025']);
    expect(second.metadata).toEqual({ source: 'scanner' });
    const download = await followDownloadUrl((await downloadUrl(volume, 'docs/a.bin')).download_url);
    expect([...download.bytes]).toEqual([255, 0, 128, 10, 13]);
    expect(download.headers['content-type']?.split(';')[0]).toBe('image/x-test');
  },
);

itWith({}, 'JSON and text entries download as application/json and text/plain', async () => {
  const volume = (await vols.volume()).volume_id;
  await vols.entry(volume, 'data/conf.json', { content: { answer: 42, name: 'ünï' } });
  await vols.entry(volume, 'notes/read me.txt', { content_text: 'line one\nline two ✓' });
  const json = await followDownloadUrl((await downloadUrl(volume, 'data/conf.json')).download_url);
  expect(json.status).toBe(200);
  expect(json.headers['content-type']?.split(';')[0]).toBe('application/json');
  expect(json.json).toEqual({ answer: 42, name: 'ünï' });
  expect(json.headers['content-disposition']).toMatch(/^attachment;\s*filename="?conf\.json"?/);
  const text = await followDownloadUrl((await downloadUrl(volume, 'notes/read me.txt')).download_url);
  expect(text.headers['content-type']?.split(';')[0]).toBe('text/plain');
  expect(new TextDecoder().decode(text.bytes)).toBe('line one\nline two ✓');
});

itWith({}, 'a tampered URL answers 403 invalid_signature and serves nothing; only GET is served', async () => {
  const volume = (await vols.volume()).volume_id;
  await uploaded(volume, 'secret/a.bin', new Uint8Array([1, 1, 1]));
  await uploaded(volume, 'secret/b.bin', new Uint8Array([2, 2, 2]));
  const a = (await downloadUrl(volume, 'secret/a.bin')).download_url;
  const b = (await downloadUrl(volume, 'secret/b.bin')).download_url;
  const [name, signature] = signatureParameter(a);
  const flipped = `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`;
  expectForbidden(await followDownloadUrl(withParameter(a, name, flipped)), 'invalid_signature', 'a changed signature');
  expectForbidden(
    await followDownloadUrl(withParameter(a, name, signature.slice(0, -2))),
    'invalid_signature',
    'a cut signature',
  );
  const exp = new URL(a).searchParams.get('exp');
  if (exp !== null) {
    expectForbidden(
      await followDownloadUrl(withParameter(a, 'exp', String(Number(exp) + 86_400))),
      'invalid_signature',
      'a later expiry',
    );
  }
  // b's signature on a's key.
  const [, signatureB] = signatureParameter(b);
  expectForbidden(
    await followDownloadUrl(withParameter(a, name, signatureB)),
    'invalid_signature',
    'another URL\u2019s signature',
  );
  for (const method of ['POST', 'PUT', 'DELETE']) {
    const other = await followDownloadUrl(a, method);
    expect(other.status, method).toBeGreaterThanOrEqual(400);
    expect(other.status, method).toBeLessThan(500);
  }
  // The genuine URL still works.
  expect([...(await followDownloadUrl(a)).bytes]).toEqual([1, 1, 1]);
});

itWith({ capabilities: ['clock'] }, 'a URL works until it expires, then answers 403 expired', async () => {
  const volume = (await vols.volume()).volume_id;
  await uploaded(volume, 'short/lived.bin', new Uint8Array([9, 8, 7]));
  const url = await downloadUrl(volume, 'short/lived.bin', 60);
  expect(url.expires_in).toBe(60);
  await advanceServerClock(50);
  expect([...(await followDownloadUrl(url.download_url)).bytes]).toEqual([9, 8, 7]);
  await advanceServerClock(11);
  expectForbidden(await followDownloadUrl(url.download_url), 'expired', 'after 61 s');
  // A new URL for the same entry works.
  expect((await followDownloadUrl((await downloadUrl(volume, 'short/lived.bin')).download_url)).status).toBe(200);
});

itWith({}, 'a URL is not revoked by a later write, and answers 404 once the entry is deleted', async () => {
  const volume = (await vols.volume()).volume_id;
  await uploaded(volume, 'live/doc.bin', new Uint8Array([1]));
  const url = (await downloadUrl(volume, 'live/doc.bin')).download_url;
  await uploaded(volume, 'live/doc.bin', new Uint8Array([2, 2]));
  expect([...(await followDownloadUrl(url)).bytes]).toEqual([2, 2]);
  await vols.api.ok('deleteEntry', { volume, path: 'live/doc.bin' });
  const gone = await followDownloadUrl(url);
  expect(gone.status).toBe(404);
  expect((gone.json as { error?: string }).error).toBe('RESOURCE_NOT_FOUND');
});

itWith(
  {},
  'expires_in outside 60..604800 answers 422 at query.expires_in; the bounds themselves are fine',
  async () => {
    const volume = (await vols.volume()).volume_id;
    await vols.entry(volume, 'a.txt', { content_text: 'a' });
    for (const value of ['59', '604801', '0', '-5', 'soon', '3600.5']) {
      const detail = await vols.api.invalid('getDownloadUrl', { volume, path: 'a.txt', query: { expires_in: value } });
      expect(detail[0]?.loc, value).toEqual(['query', 'expires_in']);
    }
    expect((await downloadUrl(volume, 'a.txt', 60)).expires_in).toBe(60);
    expect((await downloadUrl(volume, 'a.txt', 604800)).expires_in).toBe(604800);
    await vols.api.error('getDownloadUrl', { volume, path: 'missing.txt' }, 404, 'RESOURCE_NOT_FOUND');
  },
);
