/**
 * Semantic search (spec: Indexing and search, `searchVolume`, `searchAllVolumes`): the entry about
 * the query ranks first; scores lie in 0..1, best first, one result per entry with its best chunk;
 * `limit`, `path_prefix`, `tags`, `content_types` and `min_score` narrow the results; a `disabled`
 * volume answers none; deleted entries drop out; `search-all` merges every volume an app has
 * mounted (only under its patterns), or every volume the caller may read.
 */
import { expect } from 'vitest';
import { runScopedApp, useVolumes } from '../../../src/volumes/fixture.js';
import type { SearchResponse, VolumesClient } from '../../../src/volumes/http.js';
import { itWith } from '../../../src/volumes/needs.js';
import { eventually } from '../../../src/volumes/raw.js';

const vols = useVolumes();

const TOPICS: Record<string, string> = {
  'space/rockets.txt':
    'Rockets reach orbit by burning fuel in stages. A rocket engine pushes exhaust down so the rocket climbs; orbit needs sideways speed.',
  'kitchen/bread.txt':
    'Baking sourdough bread: feed the starter, mix flour and water, knead the dough, let the bread rise overnight, bake in a hot oven.',
  'garden/roses.txt':
    'Pruning roses in late winter keeps the rose bushes healthy; cut above an outward bud and water the roses deeply.',
  'pets/cats.json': '',
};

/** A volume holding one entry per topic (the cats one as JSON), searchable. */
async function topicVolume(options: { indexing_mode?: 'auto' | 'manual' | 'disabled' } = {}): Promise<string> {
  const volume = (await vols.volume(options)).volume_id;
  for (const [path, text] of Object.entries(TOPICS)) {
    if (path.endsWith('.json')) {
      await vols.entry(volume, path, {
        content: { title: 'Cats', body: 'Cats purr and sleep; a cat grooms its fur and chases mice.' },
        tags: ['pets'],
      });
    } else {
      await vols.entry(volume, path, { content_text: text, tags: [path.split('/')[0] as string] });
    }
  }
  return volume;
}

/** Searches until the search sees `path` (indexing may lag the write), then answers that search. */
async function searchFinding(client: VolumesClient, volume: string, query: string, path: string, extra = {}) {
  return eventually(`a search for '${query}' to find ${path}`, async () => {
    const { body } = await client.ok('searchVolume', { volume, body: { query, limit: 50, ...extra } });
    return body.results.some((r) => r.path === path) ? body : undefined;
  });
}

function expectWellOrdered(response: SearchResponse, query: string) {
  expect(response.query).toBe(query);
  expect(response.total).toBe(response.results.length);
  const ids = response.results.map((r) => r.entry_id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const [i, result] of response.results.entries()) {
    expect(result.score).toBeGreaterThanOrEqual(0);
    expect(result.score).toBeLessThanOrEqual(1);
    expect(result.chunk_index).toBeGreaterThanOrEqual(0);
    expect(result.content_preview.length).toBeLessThanOrEqual(500);
    const next = response.results[i + 1];
    if (next) {
      expect(
        result.score > next.score || (result.score === next.score && result.path <= next.path),
        `results ${i} and ${i + 1} out of order`,
      ).toBe(true);
    }
  }
}

itWith({}, 'the entry about the query ranks first, for each topic', async () => {
  const volume = await topicVolume();
  const cases: Array<[string, string]> = [
    ['how do rockets reach orbit', 'space/rockets.txt'],
    ['baking sourdough bread in the oven', 'kitchen/bread.txt'],
    ['when to prune roses', 'garden/roses.txt'],
    ['cats purr and groom their fur', 'pets/cats.json'],
  ];
  for (const [query, expected] of cases) {
    const response = await searchFinding(vols.api, volume, query, expected);
    expectWellOrdered(response, query);
    const [best] = response.results;
    expect(best?.path, query).toBe(expected);
    expect(best?.volume_id).toBe(volume);
    expect(typeof best?.volume_name).toBe('string');
    // The best entry scores higher than the rest.
    expect(best?.score, query).toBeGreaterThan(response.results[1]?.score ?? 0);
    if (!expected.endsWith('.json')) expect(TOPICS[expected]).toContain(best?.content_preview.slice(0, 40));
  }
});

itWith({}, 'limit, path_prefix, tags, content_types and min_score narrow the results', async () => {
  const volume = await topicVolume();
  const all = await searchFinding(vols.api, volume, 'rockets bread roses cats', 'pets/cats.json');
  expect(all.results.length).toBeGreaterThanOrEqual(4);
  const { body: limited } = await vols.api.ok('searchVolume', {
    volume,
    body: { query: 'rockets bread roses cats', limit: 2 },
  });
  expect(limited.results.map((r) => r.entry_id)).toEqual(all.results.slice(0, 2).map((r) => r.entry_id));
  expect(limited.total).toBe(2);
  const { body: prefixed } = await vols.api.ok('searchVolume', {
    volume,
    body: { query: 'rockets bread', path_prefix: 'kitchen/' },
  });
  expect(prefixed.results.map((r) => r.path)).toEqual(['kitchen/bread.txt']);
  const { body: tagged } = await vols.api.ok('searchVolume', {
    volume,
    body: { query: 'rockets bread roses cats', tags: ['garden', 'pets'] },
  });
  expect(tagged.results.map((r) => r.path).sort()).toEqual(['garden/roses.txt', 'pets/cats.json']);
  const { body: json } = await vols.api.ok('searchVolume', {
    volume,
    body: { query: 'rockets bread roses cats', content_types: ['json'] },
  });
  expect(json.results.map((r) => r.path)).toEqual(['pets/cats.json']);
  const threshold = (all.results[1]?.score ?? 1) + 1e-6;
  const { body: strict } = await vols.api.ok('searchVolume', {
    volume,
    body: { query: 'rockets bread roses cats', min_score: threshold },
  });
  expect(strict.results.map((r) => r.entry_id)).toEqual([all.results[0]?.entry_id]);
});

itWith({}, 'the best chunk of a long entry is the one about the query, not its first', async () => {
  const volume = (await vols.volume()).volume_id;
  const filler = (n: number) =>
    Array.from(
      { length: 40 },
      (_, i) => `Paragraph ${n}.${i} talks about ledgers, invoices and accounting periods.`,
    ).join(' ');
  const text = [
    filler(1),
    filler(2),
    filler(3),
    'Volcanoes erupt when magma rises; lava flows from the volcano crater.',
  ].join('\n\n');
  await vols.entry(volume, 'long/report.txt', { content_text: text });
  const response = await searchFinding(vols.api, volume, 'volcano lava magma eruption', 'long/report.txt');
  const [best] = response.results;
  // Over 9,000 characters of filler come first, more than one chunk of about 800 tokens holds; the
  // preview is the start of the best chunk, which is not the entry's start.
  expect(best?.chunk_index).toBeGreaterThan(0);
  expect(best?.content_preview.startsWith('Paragraph 1.0')).toBe(false);
});

itWith({}, 'a disabled volume answers no results; deleted and replaced entries drop out', async () => {
  const disabled = await topicVolume({ indexing_mode: 'disabled' });
  const { body: none } = await vols.api.ok('searchVolume', {
    volume: disabled,
    body: { query: 'rockets reach orbit' },
  });
  expect(none).toMatchObject({ results: [], total: 0 });
  const volume = await topicVolume();
  await searchFinding(vols.api, volume, 'rockets reach orbit', 'space/rockets.txt');
  await vols.api.ok('deleteEntry', { volume, path: 'space/rockets.txt' });
  await vols.entry(volume, 'garden/roses.txt', { content_text: 'Tulips bloom in spring.' });
  const { body } = await vols.api.ok('searchVolume', {
    volume,
    body: { query: 'rockets reach orbit pruning roses', limit: 50 },
  });
  expect(body.results.map((r) => r.path)).not.toContain('space/rockets.txt');
  const roses = body.results.find((r) => r.path === 'garden/roses.txt');
  expect(roses === undefined || !/roses/i.test(roses.content_preview)).toBe(true);
});

itWith({}, 'search-all with an app merges the volumes it has mounted, only under its patterns', async () => {
  const word = `quasar${Math.random().toString(36).slice(2, 7)}`;
  const app = runScopedApp('searcher');
  const [full, partial, unmounted] = [
    (await vols.volume()).volume_id,
    (await vols.volume()).volume_id,
    (await vols.volume()).volume_id,
  ];
  await vols.mount(full, app, { path_pattern: '**', access_level: 'read' });
  await vols.mount(partial, app, { path_pattern: 'public/**', access_level: 'read_write' });
  await vols.entry(full, 'notes/a.txt', { content_text: `${word} ${word} ${word} observed twice` });
  await vols.entry(partial, 'public/b.txt', { content_text: `${word} ${word} in the public area` });
  await vols.entry(partial, 'private/c.txt', { content_text: `${word} ${word} ${word} ${word} private notes` });
  await vols.entry(unmounted, 'notes/d.txt', { content_text: `${word} ${word} ${word} ${word} not mounted` });

  const everything = await eventually('search-all to see every entry', async () => {
    const { body } = await vols.api.ok('searchAllVolumes', { body: { query: word, limit: 50 } });
    return body.results.filter((r) => [full, partial, unmounted].includes(r.volume_id)).length === 4 ? body : undefined;
  });
  expectWellOrdered(everything, word);

  const { body: mounted } = await vols.api.ok('searchAllVolumes', {
    query: { app_id: app },
    body: { query: word, limit: 50 },
  });
  expectWellOrdered(mounted, word);
  const seen = mounted.results.map((r) => `${r.volume_id}:${r.path}`).sort();
  expect(seen).toEqual([`${full}:notes/a.txt`, `${partial}:public/b.txt`].sort());
  // One ordering across volumes: the same relative order as in the unrestricted search.
  const order = everything.results
    .map((r) => r.entry_id)
    .filter((id) => mounted.results.some((m) => m.entry_id === id));
  expect(mounted.results.map((r) => r.entry_id)).toEqual(order);
  // An app with no mounts finds nothing.
  const { body: nothing } = await vols.api.ok('searchAllVolumes', {
    query: { app_id: runScopedApp('none') },
    body: { query: word },
  });
  expect(nothing.results).toEqual([]);
});
