import { type RunningServer, startReferenceServer } from '@dbwire/reference-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthenticationFailedError,
  ConflictError,
  createVolumesClient,
  ForbiddenError,
  LockConflictError,
  NotFoundError,
  PayloadTooLargeError,
  type VolumesClient,
  VolumesValidationError,
} from '../src/volumes/index.js';
import { collect, rejection } from './helpers.js';

/**
 * The SDK against the reference volumes store (`dbwire serve` on the memory engine, every response
 * checked against the spec): real tenancy and permissions, real uploads and presigned downloads,
 * both forms of entry paths, both error shapes. The store's clock is the test's, so URL expiry
 * needs no waiting.
 */
let server: RunningServer;
let clock = Date.parse('2026-01-01T00:00:00Z');
const UPLOAD_LIMIT = 64 * 1024;
const TENANT = { orgId: 'org_acme', workspaceId: 'ws_research' };
const tenant = { org_id: 'org_acme', workspace_id: 'ws_research' };

beforeAll(async () => {
  server = await startReferenceServer({
    ports: { volumes: 0 },
    validateResponses: true,
    logger: false,
    volumes: {
      now: () => clock,
      uploadLimitBytes: UPLOAD_LIMIT,
      tokens: {
        'tok-admin': { ...tenant, permissions: ['volumes:admin'], principal: 'user_ada' },
        'tok-read': { ...tenant, permissions: ['volumes:read'], principal: 'user_rob' },
        'tok-bot': { ...tenant, permissions: ['volumes:write'], app_id: 'app_bot' },
        'tok-indexer': { ...tenant, permissions: ['volumes:write'], app_id: 'app_indexer' },
        'tok-globex': { org_id: 'org_globex', workspace_id: 'ws_main', permissions: ['volumes:admin'] },
      },
    },
  });
});
afterAll(async () => {
  await server?.close();
});

function client(token: string, options: { orgId?: string; workspaceId?: string } = {}): VolumesClient {
  return createVolumesClient({ baseUrl: server.urls.volumes, token, ...TENANT, ...options, maxRetries: 0 });
}

let names = 0;
async function newVolume(volumes: VolumesClient, environment = 'env_dev'): Promise<string> {
  const { volume } = await volumes.createVolume({ name: `kb-${++names}`, environment_id: environment });
  return volume.volume_id;
}

/** Every byte value, so anything that re-encodes the bytes shows. */
const ALL_BYTES = Uint8Array.from({ length: 256 }, (_, i) => i);

describe('@dbwire/sdk/volumes against the reference store', () => {
  it('creates, reads, updates, lists page by page and deletes volumes', async () => {
    const volumes = client('tok-admin');
    const created = await volumes.createVolume({ name: 'paged-0', environment_id: 'env_paging', tags: ['a'] });
    expect(created.message).toBe('Volume created successfully');
    expect(created.volume).toMatchObject({ name: 'paged-0', org_id: 'org_acme', created_by: 'user_ada', tags: ['a'] });
    const ids = [created.volume.volume_id];
    for (let i = 1; i < 5; i++) {
      clock += 1000; // Volumes are listed by created_at: one second apart, they list in creation order.
      ids.push((await volumes.createVolume({ name: `paged-${i}`, environment_id: 'env_paging' })).volume.volume_id);
    }
    await newVolume(volumes, 'env_other');

    const first = await volumes.listVolumes({ environmentId: 'env_paging', limit: 2 });
    expect(first).toMatchObject({ total: 5, has_more: true });
    const all = await collect(volumes.listAllVolumes({ environmentId: 'env_paging', limit: 2 }));
    expect(all.map((v) => v.volume_id)).toEqual(ids);

    const updated = await volumes.updateVolume(ids[0] ?? '', { description: 'first', tags: ['b'] });
    expect(updated.volume).toMatchObject({ description: 'first', tags: ['b'], name: 'paged-0' });
    expect(await volumes.getVolume(ids[0] ?? '')).toMatchObject({ description: 'first' });

    expect(await volumes.deleteVolume(ids[4] ?? '')).toEqual({ message: 'Volume deleted successfully' });
    const gone = await rejection(volumes.getVolume(ids[4] ?? ''));
    expect(gone).toBeInstanceOf(NotFoundError);
    expect((gone as NotFoundError).resourceType).toBe('volume');
    expect((await volumes.listVolumes({ environmentId: 'env_paging' })).total).toBe(4);
  });

  it('addresses entry paths with slashes, whether sent as %2F (the SDK) or as plain slashes', async () => {
    const volumes = client('tok-admin');
    const id = await newVolume(volumes);
    const written = await volumes.writeEntry(id, 'reports/2025/q1.json', { content: { total: 3 }, tags: ['q1'] });
    expect(written.entry).toMatchObject({ path: 'reports/2025/q1.json', content_type: 'json', content: { total: 3 } });
    await volumes.writeEntry(id, '/reports//2025/q2.md', { content_text: 'Second quarter.' });

    // The SDK's own request went out percent-encoded; the same entry is reachable with plain slashes.
    const base = `${server.urls.volumes}/v1/orgs/org_acme/workspaces/ws_research/volumes/${id}/entries`;
    const headers = { Authorization: 'Bearer tok-admin' };
    for (const url of [`${base}/reports/2025/q1.json`, `${base}/reports%2F2025%2Fq1.json`]) {
      const response = await fetch(url, { headers });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ path: 'reports/2025/q1.json', content: { total: 3 } });
    }
    expect(await volumes.readEntry(id, 'reports/2025/q2.md')).toMatchObject({
      path: 'reports/2025/q2.md',
      content_type: 'text',
      content_text: 'Second quarter.',
    });

    const root = await volumes.listEntries(id);
    expect(root).toMatchObject({ directories: ['reports/'], entries: [] });
    const year = await volumes.listEntries(id, { path: 'reports/2025' });
    expect(year.entries.map((e) => e.path)).toEqual(['reports/2025/q1.json', 'reports/2025/q2.md']);

    expect(await volumes.deleteEntry(id, 'reports/2025/q1.json')).toEqual({ message: 'Entry deleted successfully' });
    expect(await rejection(volumes.readEntry(id, 'reports/2025/q1.json'))).toBeInstanceOf(NotFoundError);
  });

  it('uploads bytes and downloads them byte for byte through the presigned URL', async () => {
    const volumes = client('tok-admin');
    const id = await newVolume(volumes);
    const file = new File([ALL_BYTES, ALL_BYTES], 'scan.bin', { type: 'application/pdf' });
    const uploaded = await volumes.uploadFileEntry(id, 'contracts/acme.pdf', file, {
      tags: ['legal'],
      metadata: { n: 1 },
    });
    expect(uploaded.entry).toMatchObject({
      path: 'contracts/acme.pdf',
      content_type: 'file',
      mime_type: 'application/pdf',
      size_bytes: 512,
      tags: ['legal'],
      metadata: { n: 1 },
    });

    const got = await volumes.downloadEntry(id, 'contracts/acme.pdf');
    expect([...got.data]).toEqual([...ALL_BYTES, ...ALL_BYTES]);
    expect(got.contentType).toMatch(/^application\/pdf/);
    expect(got.filename).toBe('acme.pdf');
    expect(got.link).toMatchObject({ path: 'contracts/acme.pdf', size_bytes: 512, expires_in: 3600 });
    expect(got.link.download_url.startsWith(`${server.urls.volumes}/_blobs/`)).toBe(true);

    // From a stream, replacing it; and a JSON entry downloads as its JSON.
    const stream = new Blob([ALL_BYTES]).stream();
    await volumes.uploadFileEntry(id, 'contracts/acme.pdf', stream, { contentType: 'application/octet-stream' });
    expect([
      ...(await volumes.downloadEntry(id, 'contracts/acme.pdf', { as: 'blob' }).then((d) => d.data.bytes())),
    ]).toEqual([...ALL_BYTES]);
    await volumes.writeEntry(id, 'data/x.json', { content: { a: 1 } });
    const json = await volumes.downloadEntry(id, 'data/x.json', { as: 'text' });
    expect(JSON.parse(json.data)).toEqual({ a: 1 });
    expect(json.contentType).toMatch(/^application\/json/);
  });

  it('refuses a tampered or expired download URL (403 with its reason)', async () => {
    const volumes = client('tok-admin');
    const id = await newVolume(volumes);
    await volumes.writeEntry(id, 'a.txt', { content_text: 'hello' });
    const link = await volumes.getDownloadUrl(id, 'a.txt', { expiresIn: 60 });
    const tampered = link.download_url.replace(/sig=([0-9a-f])/, (_, c: string) => `sig=${c === '0' ? '1' : '0'}`);
    const bad = await fetch(tampered);
    expect(bad.status).toBe(403);
    expect(await bad.json()).toMatchObject({ error: 'FORBIDDEN', details: { reason: 'invalid_signature' } });

    clock += 61_000;
    const expired = await fetch(link.download_url);
    expect(expired.status).toBe(403);
    expect(await expired.json()).toMatchObject({ error: 'FORBIDDEN', details: { reason: 'expired' } });
    // A fresh URL works again.
    expect((await volumes.downloadEntry(id, 'a.txt', { as: 'text' })).data).toBe('hello');
  });

  it('throws the typed error for each refusal, in both error shapes', async () => {
    const admin = client('tok-admin');
    const id = await newVolume(admin);

    expect(await rejection(client('tok-unknown').listVolumes())).toBeInstanceOf(AuthenticationFailedError);

    const forbidden = await rejection(client('tok-read').writeEntry(id, 'a', { content_text: 'x' }));
    expect(forbidden).toBeInstanceOf(ForbiddenError);
    expect((forbidden as ForbiddenError).requiredPermission).toBe('volumes:write');

    // Another tenant's volume does not exist for this caller, and another tenant's path is not found.
    expect(
      await rejection(client('tok-globex', { orgId: 'org_globex', workspaceId: 'ws_main' }).getVolume(id)),
    ).toBeInstanceOf(NotFoundError);
    expect(await rejection(client('tok-admin', { orgId: 'org_globex' }).listVolumes())).toBeInstanceOf(NotFoundError);

    const volume = await admin.getVolume(id);
    const duplicate = await rejection(admin.createVolume({ name: volume.name, environment_id: 'env_dev' }));
    expect(duplicate).toBeInstanceOf(ConflictError);
    expect((duplicate as ConflictError).code).toBe('CONFLICT');

    const tooLarge = await rejection(admin.uploadFileEntry(id, 'big.bin', new Uint8Array(UPLOAD_LIMIT + 1)));
    expect(tooLarge).toBeInstanceOf(PayloadTooLargeError);
    expect((tooLarge as PayloadTooLargeError).limitBytes).toBe(UPLOAD_LIMIT);

    const attack = await rejection(admin.writeEntry(id, 'a/../../etc/passwd', { content_text: 'x' }));
    expect(attack).toBeInstanceOf(VolumesValidationError);
    expect((attack as VolumesValidationError).detail[0]).toMatchObject({ loc: ['path', 'path'], type: 'value_error' });

    const missing = await rejection(admin.createVolume({ environment_id: 'env_dev' } as never));
    expect((missing as VolumesValidationError).detail).toEqual([
      expect.objectContaining({ loc: ['body', 'name'], type: 'missing' }),
    ]);
  });

  it('takes, renews, contends for and releases partition locks', async () => {
    const admin = client('tok-admin');
    const id = await newVolume(admin);
    const bot = client('tok-bot');
    const first = await bot.acquireLock(id, { partition: 'reports/2025/', app_id: 'app_bot', ttl_seconds: 30 });
    expect(first.renewed).toBe(false);
    const again = await bot.acquireLock(id, { partition: 'reports/2025/', app_id: 'app_bot', ttl_seconds: 30 });
    expect(again.renewed).toBe(true);
    expect(again.lock.lock_id).toBe(first.lock.lock_id);

    const contended = await rejection(
      client('tok-indexer').acquireLock(id, { partition: 'reports/2025/', app_id: 'app_indexer' }),
    );
    expect(contended).toBeInstanceOf(LockConflictError);
    expect((contended as LockConflictError).holderAppId).toBe('app_bot');

    expect((await admin.listLocks(id)).locks.map((l) => l.partition)).toEqual(['reports/2025/']);
    expect(await bot.releaseLock(id, 'reports/2025/', first.lock.lock_id)).toEqual({
      message: 'Lock released successfully',
    });
    expect((await admin.listLocks(id)).locks).toEqual([]);
  });

  it('mounts a volume for an app, whose token then reaches only the mounted paths', async () => {
    const admin = client('tok-admin');
    const id = await newVolume(admin);
    await admin.writeEntry(id, 'shared/guide.md', { content_text: 'How to file an expense claim.' });
    await admin.writeEntry(id, 'private/salaries.md', { content_text: 'Expense claims of the board.' });
    const { mount } = await admin.createVolumeMount(id, {
      app_id: 'app_bot',
      path_pattern: 'shared/**',
      access_level: 'read_write',
    });
    expect(mount).toMatchObject({
      app_id: 'app_bot',
      path_pattern: 'shared/**',
      access_level: 'read_write',
      granted_by: 'user_ada',
    });
    expect((await admin.listVolumeMounts(id)).mounts.map((m) => m.mount_id)).toEqual([mount.mount_id]);

    const bot = client('tok-bot');
    const written = await bot.writeEntry(id, 'shared/faq.md', { content_text: 'Claims are paid monthly.' });
    expect(written.entry.written_by_app_id).toBe('app_bot');
    const outside = await rejection(bot.readEntry(id, 'private/salaries.md'));
    expect(outside).toBeInstanceOf(ForbiddenError);
    expect((outside as ForbiddenError).requiredPermission).toBe('mount:read');
    const found = await bot.searchVolume(id, { query: 'expense claim' });
    expect(found.results.map((r) => r.path).sort()).toEqual(['shared/faq.md', 'shared/guide.md']);
    const everywhere = await bot.searchAllVolumes({ query: 'expense claim' }, { appId: 'app_bot' });
    expect(everywhere.results.map((r) => r.volume_id)).toContain(id);

    expect(await admin.deleteVolumeMount(id, mount.mount_id)).toEqual({ message: 'Mount removed successfully' });
    expect(await rejection(bot.readEntry(id, 'shared/guide.md'))).toBeInstanceOf(ForbiddenError);
  });

  it('searches a volume and reindexes it, following the progress on the volume', async () => {
    const admin = client('tok-admin');
    const id = await newVolume(admin);
    await admin.writeEntry(id, 'faq/refunds.json', { content: { answer: 'Refunds are paid back within 14 days.' } });
    await admin.writeEntry(id, 'faq/shipping.md', { content_text: 'Parcels arrive in three to five working days.' });
    const found = await admin.searchVolume(id, { query: 'when is my refund paid back', limit: 5 });
    expect(found.results[0]).toMatchObject({ path: 'faq/refunds.json', volume_id: id });
    expect(found.total).toBe(found.results.length);

    await expect(admin.reindexVolume(id)).resolves.toBeNull();
    let volume = await admin.getVolume(id);
    for (let i = 0; i < 100 && volume.reindex_status !== 'completed' && volume.reindex_status !== 'failed'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      volume = await admin.getVolume(id);
    }
    expect(volume.reindex_status).toBe('completed');
    expect(volume.reindex_progress).toMatchObject({ total_entries: 2, processed_entries: 2 });
    const again = await admin.searchVolume(id, { query: 'when is my refund paid back', limit: 5 });
    expect(again.results[0]?.path).toBe('faq/refunds.json');
  });
});
