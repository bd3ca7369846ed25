import { afterEach, describe, expect, it } from 'vitest';
import {
  ApiConnectionError,
  ApiError,
  ApiTimeoutError,
  ApiUserAbortError,
  AuthenticationFailedError,
  ConflictError,
  createVolumesClient,
  dispositionFilename,
  ForbiddenError,
  LockConflictError,
  NotFoundError,
  PayloadTooLargeError,
  ServerError,
  type Volume,
  type VolumeEntry,
  type VolumesClient,
  VolumesError,
  VolumesValidationError,
} from '../src/volumes/index.js';
import { collect, rejection } from './helpers.js';
import {
  type Answer,
  envelope,
  type FakeServer,
  json,
  type Seen,
  startFakeServer,
  unavailable,
} from './volumes-fake-server.js';

/**
 * The volumes client's mechanics against a scripted node:http server: what goes on the wire (paths
 * with slashes, tenant, bearer token, multipart parts), paging, presigned downloads, the two error
 * shapes, and which requests are retried.
 */

const TENANT = '/v1/orgs/org_acme/workspaces/ws_research/volumes';
const servers: FakeServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(route: (seen: Seen) => Answer | Promise<Answer>): Promise<FakeServer> {
  const server = await startFakeServer(route);
  servers.push(server);
  return server;
}

function clientFor(server: FakeServer, options: { maxRetries?: number; timeoutMs?: number } = {}): VolumesClient {
  return createVolumesClient({
    baseUrl: `${server.url}/`,
    token: 'tok_user',
    orgId: 'org_acme',
    workspaceId: 'ws_research',
    headers: { 'x-trace': 'abc' },
    ...options,
  });
}

function volume(id: string, extra: Partial<Volume> = {}): Volume {
  return {
    volume_id: id,
    workspace_id: 'ws_research',
    org_id: 'org_acme',
    environment_id: 'env_dev',
    name: id,
    description: null,
    embedding_model_id: null,
    extraction_model_id: null,
    indexing_mode: 'auto',
    chunking_strategy: 'recursive',
    status: 'active',
    tags: [],
    reindex_status: null,
    reindex_started_at: null,
    reindex_completed_at: null,
    reindex_progress: null,
    reindex_error: null,
    created_by: 'user_1',
    created_at: '2025-01-01T00:00:00.000000Z',
    updated_at: '2025-01-01T00:00:00.000000Z',
    ...extra,
  };
}

function entry(path: string, extra: Partial<VolumeEntry> = {}): VolumeEntry {
  return {
    entry_id: 'ent_1',
    volume_id: 'vol_1',
    path,
    content_type: 'file',
    content: null,
    content_text: null,
    mime_type: 'application/octet-stream',
    size_bytes: 0,
    schema_id: null,
    is_indexed: false,
    indexed_at: null,
    total_chunks: 0,
    ttl_seconds: null,
    written_by_app_id: null,
    written_by_execution_id: null,
    tags: [],
    metadata: {},
    created_at: '2025-01-01T00:00:00.000000Z',
    updated_at: '2025-01-01T00:00:00.000000Z',
    ...extra,
  };
}

/** Every byte value, so an upload or download that re-encodes anything shows. */
const ALL_BYTES = Uint8Array.from({ length: 256 }, (_, i) => i);

describe('createVolumesClient: requests on the wire', () => {
  it('fills in the tenant, sends the bearer token and the client headers, and reads the typed body', async () => {
    const server = await serve(() => json(200, volume('vol_1')));
    const got = await clientFor(server).getVolume('vol_1');
    expect(got.volume_id).toBe('vol_1');
    const [request] = server.seen;
    expect(request?.method).toBe('GET');
    expect(request?.rawPath).toBe(`${TENANT}/vol_1`);
    expect(request?.headers.get('authorization')).toBe('Bearer tok_user');
    expect(request?.headers.get('x-trace')).toBe('abc');
  });

  it('sends an entry path with slashes as one percent-encoded parameter (`a%2Fb`)', async () => {
    const server = await serve(() =>
      json(200, { message: 'Entry written successfully', entry: entry('reports/2025/q1.json') }),
    );
    const volumes = clientFor(server);
    await volumes.writeEntry('vol_1', 'reports/2025/q1 final.json', { content: { total: 3 } });
    await volumes.readEntry('vol_1', 'reports/2025/q1.json');
    await volumes.deleteEntry('vol_1', 'a/b');
    await volumes.getDownloadUrl('vol_1', 'a/b', { expiresIn: 120 });
    const [put, get, del, link] = server.seen;
    expect(put?.method).toBe('PUT');
    expect(put?.rawPath).toBe(`${TENANT}/vol_1/entries/reports%2F2025%2Fq1%20final.json`);
    expect(JSON.parse(new TextDecoder().decode(put?.body))).toEqual({ content: { total: 3 } });
    expect(put?.headers.get('content-type')).toBe('application/json');
    expect(get?.rawPath).toBe(`${TENANT}/vol_1/entries/reports%2F2025%2Fq1.json`);
    expect(del?.method).toBe('DELETE');
    expect(del?.rawPath).toBe(`${TENANT}/vol_1/entries/a%2Fb`);
    expect(link?.rawUrl).toBe(`${TENANT}/vol_1/entries/a%2Fb/download?expires_in=120`);
  });

  it('addresses mounts, locks (partition percent-encoded), searches and reindexes', async () => {
    const server = await serve((seen) => {
      if (seen.rawPath.endsWith('/reindex')) return json(202, null);
      if (seen.method === 'POST' && seen.rawPath.endsWith('/locks')) {
        const renew = seen.headers.get('x-renew') === '1';
        const lock = {
          lock_id: 'lck_1',
          volume_id: 'vol_1',
          partition: 'reports/2025/',
          lock_type: 'exclusive',
          holder_app_id: 'app_1',
          holder_execution_id: null,
          acquired_at: '2025-01-01T00:00:00.000000Z',
          expires_at: '2025-01-01T00:01:00.000000Z',
        };
        return json(renew ? 200 : 201, { message: 'Lock acquired successfully', lock });
      }
      if (seen.rawPath.includes('/locks/')) return json(200, { message: 'Lock released successfully' });
      if (seen.rawPath.endsWith('/search') || seen.rawPath.endsWith('/search-all')) {
        return json(200, { results: [], query: 'q', total: 0 });
      }
      return json(200, { message: 'Mount removed successfully' });
    });
    const volumes = clientFor(server);
    const acquired = await volumes.acquireLock('vol_1', { partition: 'reports/2025/', app_id: 'app_1' });
    expect(acquired.renewed).toBe(false);
    expect(acquired.lock.lock_id).toBe('lck_1');
    const renewed = await volumes.acquireLock(
      'vol_1',
      { partition: 'reports/2025/', app_id: 'app_1' },
      { headers: { 'x-renew': '1' } },
    );
    expect(renewed.renewed).toBe(true);
    await volumes.releaseLock('vol_1', 'reports/2025/', 'lck_1');
    await volumes.deleteVolumeMount('vol_1', 'mnt_1');
    await volumes.searchVolume('vol_1', { query: 'refunds', limit: 3 });
    await volumes.searchAllVolumes({ query: 'refunds' }, { appId: 'app_1' });
    await expect(volumes.reindexVolume('vol_1')).resolves.toBeNull();

    const [, , release, unmount, search, searchAll, reindex] = server.seen;
    expect(release?.method).toBe('DELETE');
    expect(release?.rawUrl).toBe(`${TENANT}/vol_1/locks/reports%2F2025%2F?lock_id=lck_1`);
    expect(unmount?.rawPath).toBe(`${TENANT}/vol_1/mounts/mnt_1`);
    expect(JSON.parse(new TextDecoder().decode(search?.body))).toEqual({ query: 'refunds', limit: 3 });
    expect(searchAll?.rawUrl).toBe(`${TENANT}/search-all?app_id=app_1`);
    expect(reindex?.method).toBe('POST');
    expect(new TextDecoder().decode(reindex?.body)).toBe('{}');
  });

  it('listAllVolumes follows next_cursor with the same filters until the last page', async () => {
    const pages: Record<string, { volumes: Volume[]; next_cursor: string | null }> = {
      '': { volumes: [volume('vol_1'), volume('vol_2')], next_cursor: 'c1' },
      c1: { volumes: [volume('vol_3'), volume('vol_4')], next_cursor: 'c2' },
      c2: { volumes: [volume('vol_5')], next_cursor: null },
    };
    const server = await serve((seen) => {
      const page = pages[seen.query.get('cursor') ?? ''];
      if (!page) return envelope(500, 'INTERNAL_SERVER_ERROR');
      return json(200, { total: 5, has_more: page.next_cursor !== null, ...page });
    });
    const all = await collect(clientFor(server).listAllVolumes({ environmentId: 'env_dev', limit: 2 }));
    expect(all.map((v) => v.volume_id)).toEqual(['vol_1', 'vol_2', 'vol_3', 'vol_4', 'vol_5']);
    expect(server.seen.map((s) => s.rawUrl)).toEqual([
      `${TENANT}?environment_id=env_dev&limit=2`,
      `${TENANT}?environment_id=env_dev&cursor=c1&limit=2`,
      `${TENANT}?environment_id=env_dev&cursor=c2&limit=2`,
    ]);
  });

  it('listAllVolumes stops with an error when the server repeats the cursor it was sent', async () => {
    const server = await serve(() => json(200, { total: 9, has_more: true, next_cursor: 'same', volumes: [] }));
    const error = await rejection(collect(clientFor(server).listAllVolumes()));
    expect(String(error)).toMatch(/answered the cursor it was sent/);
    expect(server.seen).toHaveLength(2);
  });
});

describe('createVolumesClient: uploads', () => {
  /** A fake that answers every upload with the entry its multipart body describes, and keeps the parts. */
  async function uploadServer() {
    const parts: { file: File; fields: Record<string, string> }[] = [];
    const server = await serve(async (seen) => {
      const form = await seen.request.formData();
      const file = form.get('file');
      if (!(file instanceof File)) return envelope(500, 'INTERNAL_SERVER_ERROR');
      const fields: Record<string, string> = {};
      for (const [name, value] of form) if (typeof value === 'string') fields[name] = value;
      parts.push({ file, fields });
      return json(201, {
        message: 'Entry written successfully',
        entry: entry('x', { size_bytes: file.size, mime_type: file.type }),
      });
    });
    return { server, parts };
  }

  async function bytesOf(file: File): Promise<number[]> {
    return [...new Uint8Array(await file.arrayBuffer())];
  }

  it('sends a Blob, a File, a Buffer, a Uint8Array view, an ArrayBuffer, a ReadableStream and async/sync iterables byte for byte', async () => {
    const { server, parts } = await uploadServer();
    const volumes = clientFor(server);
    const padded = new Uint8Array(260);
    padded.set(ALL_BYTES, 2);
    async function* generated() {
      yield ALL_BYTES.subarray(0, 100);
      yield ALL_BYTES.subarray(100);
    }
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(ALL_BYTES.subarray(0, 10));
        controller.enqueue(ALL_BYTES.subarray(10));
        controller.close();
      },
    });
    const sources = [
      new Blob([ALL_BYTES], { type: 'application/pdf' }),
      new File([ALL_BYTES], 'original.bin', { type: 'image/png' }),
      Buffer.from(ALL_BYTES),
      padded.subarray(2, 258),
      ALL_BYTES.slice().buffer,
      stream,
      generated(),
      [ALL_BYTES.subarray(0, 1), ALL_BYTES.subarray(1)],
    ];
    for (const source of sources) {
      const answer = await volumes.uploadFileEntry('vol_1', 'docs/2025/report.pdf', source);
      expect(answer.entry.size_bytes).toBe(256);
    }
    expect(parts).toHaveLength(sources.length);
    for (const part of parts) expect(await bytesOf(part.file)).toEqual([...ALL_BYTES]);
    expect(parts.map((p) => p.file.name)).toEqual([
      'report.pdf',
      'original.bin',
      'report.pdf',
      'report.pdf',
      'report.pdf',
      'report.pdf',
      'report.pdf',
      'report.pdf',
    ]);
    // The blob's own type travels as the part's Content-Type; untyped bytes go as octet-stream.
    expect(parts[0]?.file.type).toBe('application/pdf');
    expect(parts[1]?.file.type).toBe('image/png');
    expect(parts[2]?.file.type).toBe('application/octet-stream');
    expect(server.seen[0]?.rawPath).toBe(`${TENANT}/vol_1/entries/docs%2F2025%2Freport.pdf/upload`);
    expect(server.seen[0]?.headers.get('content-type')).toMatch(/^multipart\/form-data; boundary=/);
  });

  it('sends the file name, content type and optional fields it is given', async () => {
    const { server, parts } = await uploadServer();
    await clientFor(server).uploadFileEntry('vol_1', 'notes/readme', new TextEncoder().encode('# Hello'), {
      filename: 'README.md',
      contentType: 'text/markdown',
      tags: ['docs', 'intro'],
      metadata: { lang: 'en', rev: 2 },
      ttlSeconds: 600,
      appId: 'app_1',
      executionId: 'exec_9',
    });
    const [part] = parts;
    expect(part?.file.name).toBe('README.md');
    expect(part?.file.type).toBe('text/markdown');
    expect(await part?.file.text()).toBe('# Hello');
    expect(part?.fields).toEqual({
      tags: '["docs","intro"]',
      metadata: '{"lang":"en","rev":2}',
      ttl_seconds: '600',
      app_id: 'app_1',
      execution_id: 'exec_9',
    });
  });

  it('sends strings in a stream as UTF-8 and re-types a Blob when told to', async () => {
    const { server, parts } = await uploadServer();
    const volumes = clientFor(server);
    async function* text() {
      yield 'héllo ';
      yield 'wörld';
    }
    await volumes.uploadFileEntry('vol_1', 'a.txt', text(), { contentType: 'text/plain' });
    await volumes.uploadFileEntry('vol_1', 'b.json', new Blob(['{}'], { type: 'text/plain' }), {
      contentType: 'application/json',
    });
    expect(await parts[0]?.file.text()).toBe('héllo wörld');
    expect(parts[0]?.file.type).toBe('text/plain');
    expect(parts[1]?.file.type).toBe('application/json');
  });
});

describe('createVolumesClient: downloads', () => {
  it('asks for a presigned URL, then fetches it on another origin without the token or client headers', async () => {
    const storage = await serve((seen) =>
      seen.query.get('sig') === 'good'
        ? new Response(ALL_BYTES, {
            headers: {
              'content-type': 'application/pdf',
              'content-disposition': `attachment; filename="q1.pdf"; filename*=UTF-8''q1%20r%C3%A9sum%C3%A9.pdf`,
            },
          })
        : envelope(403, 'FORBIDDEN', { reason: 'invalid_signature' }),
    );
    const api = await serve((seen) =>
      json(200, {
        entry_id: 'ent_1',
        path: 'reports/q1.pdf',
        mime_type: 'application/pdf',
        size_bytes: 256,
        download_url: `${storage.url}/_blobs/blob_1?exp=9999999999&sig=${seen.query.get('expires_in') === '60' ? 'bad' : 'good'}`,
        expires_in: Number(seen.query.get('expires_in') ?? 3600),
      }),
    );
    const volumes = clientFor(api);

    const bytes = await volumes.downloadEntry('vol_1', 'reports/q1.pdf');
    expect([...bytes.data]).toEqual([...ALL_BYTES]);
    expect(bytes.contentType).toBe('application/pdf');
    expect(bytes.filename).toBe('q1 résumé.pdf');
    expect(bytes.link.size_bytes).toBe(256);

    const blob = await volumes.downloadEntry('vol_1', 'reports/q1.pdf', { as: 'blob', expiresIn: 600 });
    expect(blob.data).toBeInstanceOf(Blob);
    expect([...new Uint8Array(await blob.data.arrayBuffer())]).toEqual([...ALL_BYTES]);
    expect(blob.link.expires_in).toBe(600);

    const stream = await volumes.downloadEntry('vol_1', 'reports/q1.pdf', { as: 'stream' });
    const streamed = new Uint8Array(await new Response(stream.data).arrayBuffer());
    expect([...streamed]).toEqual([...ALL_BYTES]);

    const [fetched] = storage.seen;
    expect(fetched?.method).toBe('GET');
    expect(fetched?.headers.get('authorization')).toBeNull();
    expect(fetched?.headers.get('x-trace')).toBeNull();
    expect(api.seen.every((s) => s.headers.get('authorization') === 'Bearer tok_user')).toBe(true);
    expect(api.seen[1]?.rawUrl).toBe(`${TENANT}/vol_1/entries/reports%2Fq1.pdf/download?expires_in=600`);

    const refused = await rejection(volumes.downloadEntry('vol_1', 'reports/q1.pdf', { expiresIn: 60 }));
    expect(refused).toBeInstanceOf(ForbiddenError);
    expect((refused as ForbiddenError).reason).toBe('invalid_signature');
    expect((refused as ForbiddenError).request.url).toMatch(/\/_blobs\/blob_1\?/);
  });

  it('resolves a relative download URL against the base URL, reads text, and retries the GET after a 503', async () => {
    let blobCalls = 0;
    const server = await serve((seen) => {
      if (seen.rawPath.startsWith('/_blobs/')) {
        return blobCalls++ === 0
          ? unavailable()
          : new Response('plain words', { headers: { 'content-type': 'text/plain; charset=utf-8' } });
      }
      return json(200, {
        entry_id: 'ent_1',
        path: 'a.txt',
        mime_type: 'text/plain',
        size_bytes: 11,
        download_url: '/_blobs/blob_2?exp=1&sig=x',
        expires_in: 3600,
      });
    });
    const got = await clientFor(server).downloadEntry('vol_1', 'a.txt', { as: 'text' });
    expect(got.data).toBe('plain words');
    expect(got.filename).toBeUndefined();
    expect(server.calls('GET', '/_blobs/blob_2')).toHaveLength(2);
  });

  it('reads Content-Disposition file names in their usual forms', () => {
    expect(dispositionFilename('attachment; filename="a \\"b\\".txt"')).toBe('a "b".txt');
    expect(dispositionFilename('attachment; filename=plain.txt')).toBe('plain.txt');
    expect(dispositionFilename('attachment; filename*=UTF-8\'\'%E2%82%AC.txt; filename="EUR.txt"')).toBe('€.txt');
    expect(dispositionFilename('attachment; filename*=UTF-8\'\'%E2%ZZ; filename="fallback.txt"')).toBe('fallback.txt');
    expect(dispositionFilename('inline')).toBeUndefined();
    expect(dispositionFilename(null)).toBeUndefined();
  });
});

describe('createVolumesClient: errors', () => {
  const cases: [Response, new (...args: never[]) => VolumesError][] = [
    [envelope(401, 'AUTHENTICATION_FAILED'), AuthenticationFailedError],
    [envelope(403, 'FORBIDDEN', { required_permission: 'volumes:admin' }), ForbiddenError],
    [envelope(404, 'RESOURCE_NOT_FOUND', { resource_type: 'volume', resource_id: 'vol_x' }), NotFoundError],
    [envelope(409, 'CONFLICT', { resource_type: 'volume' }), ConflictError],
    [envelope(409, 'LOCK_CONFLICT', { holder_app_id: 'app_2' }), LockConflictError],
    [envelope(413, 'PAYLOAD_TOO_LARGE', { limit_bytes: 1048576 }), PayloadTooLargeError],
    [envelope(500, 'INTERNAL_SERVER_ERROR'), ServerError],
  ];

  it.each(cases)('an envelope answer becomes its class (%#)', async (answer, ErrorClass) => {
    const server = await serve(() => answer.clone());
    const error = await rejection(
      clientFor(server, { maxRetries: 0 }).createVolume({ name: 'kb', environment_id: 'e' }),
    );
    expect((error as object).constructor).toBe(ErrorClass);
    expect(error).toBeInstanceOf(VolumesError);
    expect(error).toBeInstanceOf(ApiError);
    const failure = error as VolumesError;
    expect(failure.status).toBe(answer.status);
    const body = (await answer.clone().json()) as { error: string; details: Record<string, unknown> };
    expect(failure.code).toBe(body.error);
    expect(failure.details).toEqual(body.details);
    expect(failure.envelope?.status_code).toBe(answer.status);
    expect(failure.message).toBe(`${body.error}: ${body.error} happened`);
    expect(failure.response.status).toBe(answer.status);
    expect(failure.body).toEqual(body);
  });

  it('exposes the envelope details by name', async () => {
    const answers = [
      envelope(403, 'FORBIDDEN', { required_permission: 'mount:read_write' }),
      envelope(404, 'RESOURCE_NOT_FOUND', { resource_type: 'entry', resource_id: 'a/b' }),
      envelope(409, 'LOCK_CONFLICT', {
        holder_app_id: 'app_2',
        holder_execution_id: 'exec_7',
        expires_at: '2025-01-01T00:01:00.000000Z',
      }),
      envelope(413, 'PAYLOAD_TOO_LARGE', { limit_bytes: 1048576 }),
    ];
    const server = await serve(() => answers.shift() ?? envelope(500, 'INTERNAL_SERVER_ERROR'));
    const volumes = clientFor(server, { maxRetries: 0 });
    const forbidden = (await rejection(volumes.readEntry('vol_1', 'a/b'))) as ForbiddenError;
    expect(forbidden.requiredPermission).toBe('mount:read_write');
    const missing = (await rejection(volumes.readEntry('vol_1', 'a/b'))) as NotFoundError;
    expect([missing.resourceType, missing.resourceId]).toEqual(['entry', 'a/b']);
    const locked = (await rejection(
      volumes.acquireLock('vol_1', { partition: 'p', app_id: 'app_1' }),
    )) as LockConflictError;
    expect(locked).toBeInstanceOf(ConflictError);
    expect([locked.holderAppId, locked.holderExecutionId, locked.expiresAt]).toEqual([
      'app_2',
      'exec_7',
      '2025-01-01T00:01:00.000000Z',
    ]);
    const tooLarge = (await rejection(volumes.writeEntry('vol_1', 'a', { content_text: 'x' }))) as PayloadTooLargeError;
    expect(tooLarge.limitBytes).toBe(1048576);
  });

  it('a 422 becomes VolumesValidationError with the FastAPI detail items', async () => {
    const detail = [
      { type: 'missing', loc: ['body', 'name'], msg: 'Field required', input: {} },
      {
        type: 'less_than_equal',
        loc: ['query', 'limit'],
        msg: 'Input should be less than or equal to 200',
        input: '500',
        ctx: { le: 200 },
      },
    ];
    const server = await serve(() => json(422, { detail }));
    const error = await rejection(clientFor(server).createVolume({ name: '', environment_id: 'e' }));
    expect(error).toBeInstanceOf(VolumesValidationError);
    expect(error).toBeInstanceOf(VolumesError);
    const invalid = error as VolumesValidationError;
    expect(invalid.status).toBe(422);
    expect(invalid.detail).toEqual(detail);
    expect(invalid.code).toBe('');
    expect(invalid.message).toBe('Validation failed at body.name: Field required (and 1 more)');
  });

  it('a body in neither shape still gets the class of its status and quotes the body', async () => {
    const server = await serve(
      () => new Response('<html>Bad Gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }),
    );
    const error = await rejection(clientFor(server, { maxRetries: 0 }).getVolume('vol_1'));
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).code).toBe('');
    expect((error as ServerError).message).toBe('HTTP 502 Bad Gateway: <html>Bad Gateway</html>');
    expect((error as ServerError).body).toBe('<html>Bad Gateway</html>');
  });
});

describe('createVolumesClient: retries, timeouts and cancellation', () => {
  /** A server that answers the first request 503 (or resets it), then `then`. */
  async function flaky(first: 'unavailable' | 'reset', then: () => Response) {
    let calls = 0;
    return serve(() => {
      calls++;
      if (calls === 1) return first === 'reset' ? 'reset' : unavailable();
      return then();
    });
  }

  it('retries GET, PUT and DELETE after a 503 or a reset connection', async () => {
    for (const first of ['unavailable', 'reset'] as const) {
      const get = await flaky(first, () => json(200, volume('vol_1')));
      await expect(clientFor(get).getVolume('vol_1')).resolves.toMatchObject({ volume_id: 'vol_1' });
      expect(get.seen).toHaveLength(2);

      const put = await flaky(first, () => json(200, { message: 'Entry written successfully', entry: entry('a') }));
      await clientFor(put).writeEntry('vol_1', 'a', { content_text: 'hello' });
      expect(put.seen.map((s) => new TextDecoder().decode(s.body))).toEqual([
        '{"content_text":"hello"}',
        '{"content_text":"hello"}',
      ]);

      const del = await flaky(first, () => json(200, { message: 'Entry deleted successfully' }));
      await clientFor(del).deleteEntry('vol_1', 'a');
      expect(del.seen).toHaveLength(2);
    }
  });

  it('never resends a POST or a PATCH: the API has no idempotency key', async () => {
    const volumes = async (first: 'unavailable' | 'reset') =>
      clientFor(await flaky(first, () => json(201, {})), { maxRetries: 5 });
    const calls: [string, (client: VolumesClient) => Promise<unknown>][] = [
      ['createVolume', (c) => c.createVolume({ name: 'kb', environment_id: 'e' })],
      ['updateVolume', (c) => c.updateVolume('vol_1', { name: 'kb2' })],
      ['uploadFileEntry', (c) => c.uploadFileEntry('vol_1', 'f.bin', ALL_BYTES)],
      ['acquireLock', (c) => c.acquireLock('vol_1', { partition: 'p', app_id: 'a' })],
      ['reindexVolume', (c) => c.reindexVolume('vol_1')],
      ['searchVolume', (c) => c.searchVolume('vol_1', { query: 'q' })],
    ];
    for (const [, call] of calls) {
      const unavailableClient = await volumes('unavailable');
      expect(await rejection(call(unavailableClient))).toBeInstanceOf(ServerError);
      const resetClient = await volumes('reset');
      expect(await rejection(call(resetClient))).toBeInstanceOf(ApiConnectionError);
    }
    // Each scripted server saw exactly one request.
    expect(servers.every((server) => server.seen.length === 1)).toBe(true);
  });

  it('gives up after maxRetries and throws the last answer as its error', async () => {
    const server = await serve(() => unavailable());
    const error = await rejection(clientFor(server, { maxRetries: 2 }).listVolumes());
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).code).toBe('SERVICE_UNAVAILABLE');
    expect((error as ServerError).retryAfterMs).toBe(0);
    expect(server.seen).toHaveLength(3);
  });

  it('times out a silent server and stops on the caller signal', async () => {
    const server = await serve(() => 'hang');
    const timedOut = await rejection(clientFor(server, { maxRetries: 0, timeoutMs: 50 }).getVolume('vol_1'));
    expect(timedOut).toBeInstanceOf(ApiTimeoutError);

    const controller = new AbortController();
    const pending = clientFor(server).listEntries('vol_1', { path: 'faq/' }, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user left')), 20);
    expect(await rejection(pending)).toBeInstanceOf(ApiUserAbortError);
    expect(server.seen.at(-1)?.rawUrl).toBe(`${TENANT}/vol_1/list?path=faq%2F`);
  });
});
