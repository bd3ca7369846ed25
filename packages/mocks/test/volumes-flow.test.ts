import { ConflictError, createVolumesClient, NotFoundError, VolumesValidationError } from '@dbwire/sdk/volumes';
import { describe, expect, it } from 'vitest';
import { createVolumesMock } from '../src/volumes/index.js';
import { collect, rejection, serveMock } from './helpers.js';

/**
 * A frontend's session against the mock, through the SDK and `fetch` only (msw answers the fetches,
 * as its service worker does in a browser): create a volume, write entries, upload a file, browse,
 * search, download. Every response is checked against the spec. `volumes-flow.browser.test.ts` runs
 * the same kind of flow in Chromium.
 */
const baseUrl = 'http://volumes.mock.test:8300';
serveMock((onError) => createVolumesMock({ baseUrl, validateResponses: true, onError }));
const volumes = createVolumesClient({
  baseUrl,
  token: 'dev-token',
  orgId: 'dev-org',
  workspaceId: 'dev-workspace',
  maxRetries: 0,
});

/** A small PDF-like file with every byte value in it, as a user might pick in a file input. */
function pickedFile(): File {
  const bytes = new Uint8Array(4096);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + 7) % 256;
  bytes.set(new TextEncoder().encode('%PDF-1.7\n'), 0);
  return new File([bytes], 'Refund policy.pdf', { type: 'application/pdf' });
}

describe('a frontend flow on the volumes mock', () => {
  it('creates a volume, writes entries, uploads a file, browses, searches and downloads', async () => {
    // 1. Create a volume.
    const { volume } = await volumes.createVolume({
      name: 'support-kb',
      environment_id: 'env_dev',
      description: 'What the support bot knows',
      tags: ['support'],
    });
    expect(volume).toMatchObject({ name: 'support-kb', status: 'active', indexing_mode: 'auto', tags: ['support'] });
    const id = volume.volume_id;
    expect(id).toMatch(/^vol_/);
    expect((await collect(volumes.listAllVolumes())).map((v) => v.volume_id)).toEqual([id]);

    // 2. Write JSON and text entries.
    const refunds = await volumes.writeEntry(id, 'faq/refunds.json', {
      content: { question: 'How long do refunds take?', answer: 'Refunds are paid back within 14 days of the return.' },
      tags: ['faq', 'billing'],
    });
    expect(refunds.entry).toMatchObject({
      path: 'faq/refunds.json',
      content_type: 'json',
      mime_type: 'application/json',
    });
    await volumes.writeEntry(id, 'faq/shipping.md', {
      content_text: 'We ship worldwide with tracked couriers; parcels arrive in three to five working days.',
      tags: ['faq'],
    });
    await volumes.writeEntry(id, 'notes/team.txt', { content_text: 'Standup moves to 10:00 on Mondays.' });

    // 3. Upload a file picked by the user.
    const file = pickedFile();
    const uploaded = await volumes.uploadFileEntry(id, 'docs/refund-policy.pdf', file, { tags: ['policy'] });
    expect(uploaded.entry).toMatchObject({
      path: 'docs/refund-policy.pdf',
      content_type: 'file',
      mime_type: 'application/pdf',
      size_bytes: file.size,
      tags: ['policy'],
    });

    // 4. Browse like a file tree.
    const root = await volumes.listEntries(id);
    expect(root.directories).toEqual(['docs/', 'faq/', 'notes/']);
    expect(root.entries).toEqual([]);
    const faq = await volumes.listEntries(id, { path: 'faq/' });
    expect(faq.entries.map((e) => e.path)).toEqual(['faq/refunds.json', 'faq/shipping.md']);
    expect(await volumes.readEntry(id, 'faq/shipping.md')).toMatchObject({ content_type: 'text', tags: ['faq'] });

    // 5. Search: the entry about refunds answers a question about refunds first.
    const found = await volumes.searchVolume(id, { query: 'how long until I get my refund back?', limit: 3 });
    expect(found.query).toBe('how long until I get my refund back?');
    expect(found.total).toBe(found.results.length);
    expect(found.results[0]).toMatchObject({ path: 'faq/refunds.json', volume_id: id, volume_name: 'support-kb' });
    const scores = found.results.map((r) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores.every((s) => s >= 0 && s <= 1)).toBe(true);
    const everywhere = await volumes.searchAllVolumes({ query: 'parcel delivery times', limit: 1 });
    expect(everywhere.results.map((r) => r.path)).toEqual(['faq/shipping.md']);

    // 6. Download the file through its presigned URL (served by the mock itself) and a JSON entry.
    const download = await volumes.downloadEntry(id, 'docs/refund-policy.pdf', { as: 'blob' });
    expect(download.link.download_url.startsWith(`${baseUrl}/_blobs/`)).toBe(true);
    expect(download.filename).toBe('refund-policy.pdf');
    expect(download.contentType).toMatch(/^application\/pdf/);
    expect(new Uint8Array(await download.data.arrayBuffer())).toEqual(new Uint8Array(await file.arrayBuffer()));
    const asJson = await volumes.downloadEntry(id, 'faq/refunds.json', { as: 'text' });
    expect(JSON.parse(asJson.data)).toMatchObject({ question: 'How long do refunds take?' });

    // 7. Tidy up: delete an entry and the volume.
    await volumes.deleteEntry(id, 'notes/team.txt');
    expect((await volumes.listEntries(id)).directories).toEqual(['docs/', 'faq/']);
    await volumes.deleteVolume(id);
    expect(await collect(volumes.listAllVolumes())).toEqual([]);
  });

  it('shows the errors a form would show: duplicate name, invalid path, missing entry, read-only token', async () => {
    const { volume } = await volumes.createVolume({ name: 'kb', environment_id: 'env_dev' });
    const duplicate = await rejection(volumes.createVolume({ name: 'kb', environment_id: 'env_dev' }));
    expect(duplicate).toBeInstanceOf(ConflictError);

    const invalid = await rejection(volumes.writeEntry(volume.volume_id, 'a/../b', { content_text: 'x' }));
    expect(invalid).toBeInstanceOf(VolumesValidationError);
    expect((invalid as VolumesValidationError).detail[0]?.loc).toEqual(['path', 'path']);

    const missing = await rejection(volumes.readEntry(volume.volume_id, 'nope/missing.json'));
    expect(missing).toBeInstanceOf(NotFoundError);
    expect((missing as NotFoundError).resourceType).toBe('entry');

    const empty = await rejection(volumes.createVolume({ name: '', environment_id: 'env_dev' }));
    expect((empty as VolumesValidationError).detail[0]?.loc).toEqual(['body', 'name']);
  });
});
