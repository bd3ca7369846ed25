import {
  AuthenticationFailedError,
  createVolumesClient,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
} from '@dbwire/sdk/volumes';
import { describe, expect, it } from 'vitest';
import { createVolumesMock } from '../src/volumes/index.js';
import { rejection, serveMock } from './helpers.js';

/**
 * What `createVolumesMock` adds to the reference store: a base URL with a path prefix (presigned
 * URLs point under it, and the mock serves them), tokens and limits from the options, an injectable
 * clock, reset, and the 404 fallback. Every response is checked against the spec.
 */
const baseUrl = 'http://app.mock.test/api/volumes';
let clock = Date.parse('2026-01-01T00:00:00Z');
const tenant = { org_id: 'org_acme', workspace_id: 'ws_research' };
const { mock } = serveMock((onError) =>
  createVolumesMock({
    baseUrl: `${baseUrl}/`,
    validateResponses: true,
    onError,
    reference: {
      now: () => clock,
      uploadLimitBytes: 1024,
      tokens: {
        writer: { ...tenant, permissions: ['volumes:admin'], principal: 'user_ada' },
        reader: { ...tenant, permissions: ['volumes:read'] },
      },
    },
  }),
);
const client = (token: string) =>
  createVolumesClient({ baseUrl, token, orgId: 'org_acme', workspaceId: 'ws_research', maxRetries: 0 });
const writer = client('writer');

describe('createVolumesMock', () => {
  it('normalises its base URL and serves the presigned URLs it hands out, under its path prefix', async () => {
    expect(mock.baseUrl).toBe(baseUrl);
    const { volume } = await writer.createVolume({ name: 'kb', environment_id: 'env_dev' });
    await writer.uploadFileEntry(volume.volume_id, 'img/logo.png', new Uint8Array([137, 80, 78, 71, 0, 255]), {
      contentType: 'image/png',
    });
    const link = await writer.getDownloadUrl(volume.volume_id, 'img/logo.png', { expiresIn: 120 });
    expect(link.download_url).toMatch(new RegExp(`^${baseUrl}/_blobs/[A-Za-z0-9_-]+\\?exp=\\d+&sig=[0-9a-f]{64}$`));
    // A plain fetch with no token, as an <img src> or a download link would.
    const response = await fetch(link.download_url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^image\/png/);
    expect(response.headers.get('content-disposition')).toMatch(/filename="logo\.png"/);
    expect([...new Uint8Array(await response.arrayBuffer())]).toEqual([137, 80, 78, 71, 0, 255]);
  });

  it('reads entry paths sent with plain slashes as well as %2F', async () => {
    const { volume } = await writer.createVolume({ name: 'kb', environment_id: 'env_dev' });
    await writer.writeEntry(volume.volume_id, 'a/b/c.txt', { content_text: 'deep' });
    const entries = `${baseUrl}/v1/orgs/org_acme/workspaces/ws_research/volumes/${volume.volume_id}/entries`;
    for (const path of ['a/b/c.txt', 'a%2Fb%2Fc.txt', 'a/b%2Fc.txt']) {
      const response = await fetch(`${entries}/${path}`, { headers: { Authorization: 'Bearer writer' } });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ path: 'a/b/c.txt', content_text: 'deep' });
    }
  });

  it('accepts only the tokens it was given, with their permissions', async () => {
    const refused = await rejection(client('dev-token').listVolumes());
    expect(refused).toBeInstanceOf(AuthenticationFailedError);
    const reader = client('reader');
    expect((await reader.listVolumes()).volumes).toEqual([]);
    const forbidden = await rejection(reader.createVolume({ name: 'kb', environment_id: 'env_dev' }));
    expect(forbidden).toBeInstanceOf(ForbiddenError);
    expect((forbidden as ForbiddenError).requiredPermission).toBe('volumes:write');
  });

  it('follows the clock it was given: TTLs and download URLs expire without waiting', async () => {
    const { volume } = await writer.createVolume({ name: 'kb', environment_id: 'env_dev' });
    await writer.writeEntry(volume.volume_id, 'tmp/session.json', { content: { user: 1 }, ttl_seconds: 60 });
    const link = await writer.getDownloadUrl(volume.volume_id, 'tmp/session.json', { expiresIn: 600 });
    clock += 61_000;
    expect(await rejection(writer.readEntry(volume.volume_id, 'tmp/session.json'))).toBeInstanceOf(NotFoundError);
    expect((await writer.listEntries(volume.volume_id, { path: 'tmp' })).entries).toEqual([]);
    // The URL is still valid, but its entry has expired.
    expect((await fetch(link.download_url)).status).toBe(404);
    clock += 600_000;
    const expired = await fetch(link.download_url);
    expect(expired.status).toBe(403);
    expect(await expired.json()).toMatchObject({ error: 'FORBIDDEN', details: { reason: 'expired' } });
  });

  it('applies the upload limit it was given (413 with limit_bytes)', async () => {
    const { volume } = await writer.createVolume({ name: 'kb', environment_id: 'env_dev' });
    await writer.uploadFileEntry(volume.volume_id, 'ok.bin', new Uint8Array(1024));
    const tooLarge = await rejection(writer.uploadFileEntry(volume.volume_id, 'big.bin', new Uint8Array(1025)));
    expect(tooLarge).toBeInstanceOf(PayloadTooLargeError);
    expect((tooLarge as PayloadTooLargeError).limitBytes).toBe(1024);
  });

  it('reset() starts a fresh server: no volumes, and earlier download URLs no longer verify', async () => {
    const { volume } = await writer.createVolume({ name: 'kb', environment_id: 'env_dev' });
    await writer.writeEntry(volume.volume_id, 'a.txt', { content_text: 'x' });
    const link = await writer.getDownloadUrl(volume.volume_id, 'a.txt');
    await mock.reset();
    expect((await writer.listVolumes()).total).toBe(0);
    expect(await rejection(writer.getVolume(volume.volume_id))).toBeInstanceOf(NotFoundError);
    expect((await fetch(link.download_url)).status).toBe(403);
  });

  it('answers unknown paths under its base URL as the product’s framework does (FastAPI’s 404)', async () => {
    const response = await fetch(`${baseUrl}/v2/nothing-here`, { headers: { Authorization: 'Bearer writer' } });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ detail: 'Not Found' });
  });
});
