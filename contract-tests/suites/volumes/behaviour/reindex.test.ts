/**
 * Reindex (spec: Reindex): `POST .../reindex` answers 202 with `null` and rebuilds the index in the
 * background; the volume's `reindex_status` goes pending → running → completed with its progress
 * counting every live entry; a second request while one is pending or running answers 409
 * CONFLICT; a `manual` volume's entries become searchable only through a reindex; changing the
 * chunking strategy starts one by itself.
 */
import { expect } from 'vitest';
import { useVolumes } from '../../../src/volumes/fixture.js';
import type { Volume } from '../../../src/volumes/http.js';
import { itWith } from '../../../src/volumes/needs.js';
import { eventually } from '../../../src/volumes/raw.js';

const vols = useVolumes();
const STATUSES = ['pending', 'running', 'completed'];

/** Polls the volume until its reindex completes; every state seen on the way. */
async function untilCompleted(volume: string): Promise<{ final: Volume; seen: Volume[] }> {
  const seen: Volume[] = [];
  const final = await eventually(
    'the reindex to complete',
    async () => {
      const { body } = await vols.api.ok('getVolume', { volume });
      seen.push(body);
      expect(STATUSES, `reindex_status ${body.reindex_status}: ${body.reindex_error}`).toContain(body.reindex_status);
      return body.reindex_status === 'completed' ? body : undefined;
    },
    20_000,
  );
  return { final, seen };
}

async function filledVolume(entries: number, options: { indexing_mode?: 'auto' | 'manual' } = {}) {
  const volume = (await vols.volume(options)).volume_id;
  for (let i = 0; i < entries; i++) {
    await vols.entry(volume, `docs/${String(i).padStart(3, '0')}.txt`, {
      content_text: `Document ${i} about glaciers, fjords and moraines. ${'Ice shapes valleys over long ages. '.repeat(20)}`,
    });
  }
  return volume;
}

itWith({}, 'a reindex answers 202 null and runs to completion, its progress counting every live entry', async () => {
  const volume = await filledVolume(12);
  // An expired or deleted entry is not counted.
  await vols.api.ok('deleteEntry', { volume, path: 'docs/000.txt' });
  const { body: before } = await vols.api.ok('getVolume', { volume });
  expect(before.reindex_status === null || before.reindex_status === 'completed').toBe(true);
  const reply = await vols.api.ok('reindexVolume', { volume, body: {} });
  expect(reply.text.trim()).toBe('null');
  const { final, seen } = await untilCompleted(volume);
  expect(final.reindex_progress).toMatchObject({
    total_entries: 11,
    processed_entries: 11,
    failed_entries: 0,
    percent: 100,
  });
  expect(final.reindex_progress?.total_chunks).toBeGreaterThanOrEqual(11);
  expect(final.reindex_error).toBeNull();
  expect(Date.parse(final.reindex_completed_at as string)).toBeGreaterThanOrEqual(
    Date.parse(final.reindex_started_at as string),
  );
  // Progress only moves forward.
  const processed = seen.map((v) => v.reindex_progress?.processed_entries ?? 0);
  expect(processed).toEqual([...processed].sort((a, b) => a - b));
  // Searches keep working afterwards.
  const { body: search } = await vols.api.ok('searchVolume', { volume, body: { query: 'glaciers fjords' } });
  expect(search.results.length).toBeGreaterThan(0);
  // A finished reindex does not block the next one.
  await vols.api.ok('reindexVolume', { volume, body: {} });
  await untilCompleted(volume);
});

itWith({}, 'a reindex requested while one is pending or running answers 409 CONFLICT', async () => {
  // Enough text that rebuilding takes a while (about a thousand chunks), written without indexing.
  const volume = (await vols.volume({ indexing_mode: 'manual' })).volume_id;
  const text = Array.from({ length: 50_000 }, (_, i) => `term${(i * 7919) % 4000}`).join(' ');
  for (let i = 0; i < 2; i++) await vols.entry(volume, `big/${i}.txt`, { content_text: text });
  // Two requests at once: one starts the reindex, the other finds it pending or running.
  const replies = await Promise.all([
    vols.api.call('reindexVolume', { volume, body: {} }),
    vols.api.call('reindexVolume', { volume, body: {} }),
  ]);
  expect(replies.map((r) => r.status).sort()).toEqual([202, 409]);
  const conflict = replies.find((r) => r.status === 409);
  expect((conflict?.body as { error?: string } | undefined)?.error).toBe('CONFLICT');
  const { final } = await untilCompleted(volume);
  expect(final.reindex_progress?.processed_entries).toBe(2);
});

itWith({}, 'a manual volume\u2019s entries are searchable only after a reindex', async () => {
  const volume = await filledVolume(3, { indexing_mode: 'manual' });
  const { body: entry } = await vols.api.ok('readEntry', { volume, path: 'docs/001.txt' });
  expect(entry.is_indexed).toBe(false);
  const { body: before } = await vols.api.ok('searchVolume', { volume, body: { query: 'glaciers fjords moraines' } });
  expect(before.results).toEqual([]);
  await vols.api.ok('reindexVolume', { volume });
  await untilCompleted(volume);
  const { body: after } = await vols.api.ok('searchVolume', { volume, body: { query: 'glaciers fjords moraines' } });
  expect(after.results.map((r) => r.path).sort()).toEqual(['docs/000.txt', 'docs/001.txt', 'docs/002.txt']);
  const { body: indexed } = await vols.api.ok('readEntry', { volume, path: 'docs/001.txt' });
  expect(indexed.is_indexed).toBe(true);
  expect(indexed.total_chunks).toBeGreaterThan(0);
  expect(indexed.indexed_at).not.toBeNull();
});

itWith({}, 'changing the chunking strategy starts a reindex by itself', async () => {
  const volume = await filledVolume(3);
  const { body } = await vols.api.ok('updateVolume', { volume, body: { chunking_strategy: 'none' } });
  expect(body.volume.chunking_strategy).toBe('none');
  expect(['pending', 'running', 'completed']).toContain(body.volume.reindex_status);
  const { final } = await untilCompleted(volume);
  expect(final.reindex_progress?.total_entries).toBe(3);
  // One chunk per entry now.
  expect(final.reindex_progress?.total_chunks).toBe(3);
});
