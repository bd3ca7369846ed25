import { describe, expect, it } from 'vitest';
import { BASE, createVolume, startVolumes } from './client.js';

const ENTRIES: Record<string, string> = {
  'faq/refunds.txt': 'Refunds are issued within 14 days of the return reaching our warehouse.',
  'faq/shipping.txt': 'Orders ship within two business days; tracking numbers arrive by email.',
  'policies/privacy.txt': 'We never sell personal data and delete accounts on request.',
};

/** Waits until the volume's reindex has ended (the job runs in the background). */
async function settled(get: () => Promise<{ body: { reindex_status: string | null } }>) {
  for (let i = 0; i < 200; i++) {
    const { body } = await get();
    if (body.reindex_status === 'completed' || body.reindex_status === 'failed') return body;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the reindex did not end');
}

describe('volumes: search and reindex through the store', () => {
  it('indexes writes on auto volumes, ranks the matching entry first and hides deleted and expired ones', async () => {
    const { client, clock } = await startVolumes();
    const { id, url } = await createVolume(client);
    for (const [path, text] of Object.entries(ENTRIES)) {
      const written = await client.put(`${url}/entries/${path}`, { content_text: text });
      expect(written.body.entry).toMatchObject({ is_indexed: true, total_chunks: 1 });
    }
    const found = await client.post(`${url}/search`, { query: 'how many days until refunds are issued' });
    expect(found.status).toBe(200);
    expect(found.body.query).toBe('how many days until refunds are issued');
    expect(found.body.results[0]).toMatchObject({
      path: 'faq/refunds.txt',
      volume_id: id,
      volume_name: 'kb',
      chunk_index: 0,
    });
    expect(found.body.total).toBe(found.body.results.length);

    await client.delete(`${url}/entries/faq/refunds.txt`);
    await client.put(`${url}/entries/faq/shipping.txt`, { content_text: ENTRIES['faq/shipping.txt'], ttl_seconds: 5 });
    clock.advance(5);
    const after = await client.post(`${url}/search`, { query: 'refunds shipping tracking' });
    const paths = after.body.results.map((r: { path: string }) => r.path);
    expect(paths).not.toContain('faq/refunds.txt');
    expect(paths).not.toContain('faq/shipping.txt');
    expect(after.body.total).toBe(paths.length);
  });

  it('searches every volume an app has mounted, only under its mounts', async () => {
    const { client } = await startVolumes();
    const a = await createVolume(client, 'a');
    const b = await createVolume(client, 'b');
    const c = await createVolume(client, 'c');
    for (const volume of [a, b, c]) {
      for (const [path, text] of Object.entries(ENTRIES))
        await client.put(`${volume.url}/entries/${path}`, { content_text: text });
    }
    await client.post(`${a.url}/mounts`, { app_id: 'bot', path_pattern: 'faq/**' });
    await client.post(`${b.url}/mounts`, { app_id: 'bot', path_pattern: 'policies/**' });
    const bot = client.withToken('app-bot');
    const results = (await bot.post(`${BASE}/search-all`, { query: 'refunds privacy data shipping', limit: 50 })).body
      .results;
    const seen = results.map((r: { volume_name: string; path: string }) => `${r.volume_name}:${r.path}`).sort();
    expect(seen).toEqual(['a:faq/refunds.txt', 'a:faq/shipping.txt', 'b:policies/privacy.txt']);
    const named = await client.post(`${BASE}/search-all?app_id=bot`, { query: 'privacy', limit: 50 });
    expect(named.body.results.every((r: { volume_name: string }) => r.volume_name !== 'c')).toBe(true);
    const everything = await client.post(`${BASE}/search-all`, { query: 'privacy personal data', limit: 50 });
    expect(new Set(everything.body.results.map((r: { volume_name: string }) => r.volume_name))).toEqual(
      new Set(['a', 'b', 'c']),
    );
    expect((await bot.post(`${BASE}/search-all?app_id=etl`, { query: 'x' })).status).toBe(403);
    expect((await client.post(`${BASE}/search-all`, { query: '' })).status).toBe(422);
  });

  it('reindexes in the background with progress, 409 while one runs, and indexes manual volumes', async () => {
    const { client } = await startVolumes();
    const { url } = await createVolume(client, 'manual', { indexing_mode: 'manual' });
    for (const [path, text] of Object.entries(ENTRIES)) {
      const written = await client.put(`${url}/entries/${path}`, { content_text: text });
      expect(written.body.entry.is_indexed).toBe(false);
    }
    expect((await client.post(`${url}/search`, { query: 'refunds' })).body.results).toEqual([]);
    const started = await client.post(`${url}/reindex`, {});
    expect(started.status).toBe(202);
    expect(started.body).toBeNull();
    const busy = await client.post(`${url}/reindex`);
    expect(busy.status).toBe(409);
    const volume = await settled(() => client.get(url));
    expect(volume).toMatchObject({
      reindex_status: 'completed',
      reindex_error: null,
      reindex_progress: { total_entries: 3, processed_entries: 3, failed_entries: 0, percent: 100 },
    });
    expect((await client.get(`${url}/entries/faq/refunds.txt`)).body.is_indexed).toBe(true);
    const found = await client.post(`${url}/search`, { query: 'refunds issued within days' });
    expect(found.body.results[0].path).toBe('faq/refunds.txt');

    // Two requests at once: one starts a reindex, the other finds it pending.
    const racing = await Promise.all([client.post(`${url}/reindex`, {}), client.post(`${url}/reindex`, {})]);
    expect(racing.map((reply) => reply.status).sort()).toEqual([202, 409]);
    expect((await settled(() => client.get(url))).reindex_status).toBe('completed');

    // Changing the chunking strategy starts a reindex by itself.
    const changed = await client.patch(url, { chunking_strategy: 'none' });
    expect(changed.body.volume.reindex_status).toBe('pending');
    expect((await settled(() => client.get(url))).reindex_status).toBe('completed');
    expect((await client.delete(url)).status).toBe(200);
  });
});
