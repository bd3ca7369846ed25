import { transactWithRetry } from '@dbwire/storage';
import { describe, expect, test } from 'vitest';
import { createHashingEmbedder, SearchIndex } from '../../../src/volumes/search/index.js';
import { FakeStore, failingEmbedder, keysUnder, setup, textEntry, volume } from './helpers.js';

const FAQ = [
  [
    'faq/refunds.md',
    'Refunds are issued within 14 days of receiving the returned item, to the original payment method.',
  ],
  ['faq/shipping.md', 'Orders ship from our warehouse in Rotterdam; delivery takes three to five business days.'],
  ['faq/passwords.md', 'To reset your password, open the sign-in page and choose "Forgot password".'],
  ['notes/offsite.md', 'The team offsite is planned for April in Lisbon, with workshops on the roadmap.'],
  ['notes/kubernetes.md', 'Pods restart when the liveness probe fails three times in a row.'],
] as const;

async function seeded(options: Parameters<typeof setup>[0] = {}) {
  const context = setup(options);
  const support = context.support;
  for (const [path, text] of FAQ)
    await context.store.write(support, textEntry(path, text, { tags: [path.split('/')[0] as string] }));
  return context;
}

describe('relevance and scoring', () => {
  test.each([
    ['how long do refunds take', 'faq/refunds.md'],
    ['when will my order be delivered', 'faq/shipping.md'],
    ['I forgot my password', 'faq/passwords.md'],
    ['liveness probe restarts', 'notes/kubernetes.md'],
    ['offsite in Lisbon', 'notes/offsite.md'],
  ])('%j ranks %s first', async (query, expected) => {
    const { index, storage, store, support } = await seeded();
    const response = await index.search(storage, [support], { query }, store.isLive);
    expect(response.query).toBe(query);
    expect(response.results[0]?.path).toBe(expected);
    expect(response.total).toBe(response.results.length);
  });

  test('results carry the entry, its volume, the best chunk and a score in 0..1 with 6 decimals, best first', async () => {
    const { index, storage, store, support } = await seeded();
    const { results } = await index.search(storage, [support], { query: 'refunds payment' }, store.isLive);
    expect(results).toHaveLength(FAQ.length);
    const first = results[0];
    expect(first).toMatchObject({
      volume_id: 'vol_support',
      volume_name: 'support',
      path: 'faq/refunds.md',
      chunk_index: 0,
      content_preview: FAQ[0][1],
    });
    expect(first?.entry_id).toBe((await store.isLive(support, 'faq/refunds.md'))?.entry_id);
    for (const result of results) {
      expect(result.score).toBeGreaterThanOrEqual(0);
      expect(result.score).toBeLessThanOrEqual(1);
      expect(Math.round(result.score * 1e6) / 1e6).toBe(result.score);
    }
    const scores = results.map((result) => result.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  test('the same text scores 1; scores are reproducible across index instances', async () => {
    const { index, storage, store, support } = await seeded();
    const [path, text] = FAQ[1];
    const first = await index.search(storage, [support], { query: text }, store.isLive);
    expect(first.results[0]).toMatchObject({ path, score: 1 });
    const other = new SearchIndex({ embedder: createHashingEmbedder() });
    expect(await other.search(storage, [support], { query: text }, store.isLive)).toEqual(first);
  });

  test('an entry answers once, with its best chunk: index and preview of that chunk', async () => {
    const { index, storage, store, support } = setup();
    const paragraphs = [
      'Shipping: orders leave the warehouse in Rotterdam within a day.',
      'Refunds: money goes back to the original payment method within 14 days.',
      'Warranty: two years on every device.',
    ];
    const target = { ...support, chunking_strategy: 'fixed' as const };
    // 70 characters a chunk (17.5 tokens): one paragraph each.
    const text = paragraphs.map((p) => p.padEnd(70, ' ')).join('');
    const small = new SearchIndex({ embedder: createHashingEmbedder() });
    await transactWithRetry(storage, async (tx) => {
      const state = await small.indexEntry(tx, target, {
        ...textEntry('policies.txt', text),
        prepared: {
          model: 'dbwire-hash-ngram',
          strategy: 'fixed',
          text,
          chunks: paragraphs,
          vectors: await createHashingEmbedder().embed(paragraphs),
          error: null,
        },
      });
      expect(state).toMatchObject({ is_indexed: true, total_chunks: 3, indexed_at: expect.any(Number), error: null });
    });
    store.entries.set(target.volume_id, new Map([['policies.txt', textEntry('policies.txt', text)]]));
    const { results } = await index.search(storage, [target], { query: 'refunds payment' }, store.isLive);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ path: 'policies.txt', chunk_index: 1, content_preview: paragraphs[1] });
  });

  test('the preview is at most 500 characters of the chunk, whitespace collapsed', async () => {
    const { index, storage, store, support } = setup();
    const text = `Refund\n\n   policy ${'word '.repeat(300)}`;
    await store.write({ ...support, chunking_strategy: 'none' }, textEntry('long.txt', text));
    const { results } = await index.search(storage, [support], { query: 'refund policy' }, store.isLive);
    expect(results[0]?.content_preview).toHaveLength(500);
    expect(results[0]?.content_preview.startsWith('Refund policy word word')).toBe(true);
  });
});

describe('ordering, filters and limit', () => {
  test('equal scores are ordered by path, then entry id, across volumes', async () => {
    const { index, storage, store } = setup();
    const a = volume({ volume_id: 'vol_a', volume_name: 'zeta' });
    const b = volume({ volume_id: 'vol_b', volume_name: 'alpha' });
    await store.write(a, textEntry('same/b.txt', 'identical words', { entry_id: 'ent_2' }));
    await store.write(b, textEntry('same/b.txt', 'identical words', { entry_id: 'ent_1' }));
    await store.write(a, textEntry('same/a.txt', 'identical words', { entry_id: 'ent_3' }));
    const { results } = await index.search(storage, [a, b], { query: 'identical words' }, store.isLive);
    expect(results.map((r) => [r.path, r.entry_id, r.volume_name])).toEqual([
      ['same/a.txt', 'ent_3', 'zeta'],
      ['same/b.txt', 'ent_1', 'alpha'],
      ['same/b.txt', 'ent_2', 'zeta'],
    ]);
  });

  test('search-all merges volumes on one ordering and says where each hit came from', async () => {
    const { index, storage, store, support } = await seeded();
    const ops = volume({ volume_id: 'vol_ops', volume_name: 'ops' });
    await store.write(ops, textEntry('runbooks/refunds.md', 'Refund runbook: approve refunds over 500 euros by hand.'));
    const { results } = await index.search(storage, [support, ops], { query: 'refunds', limit: 3 }, store.isLive);
    expect(
      results
        .map((r) => `${r.volume_name}:${r.path}`)
        .slice(0, 2)
        .sort(),
    ).toEqual(['ops:runbooks/refunds.md', 'support:faq/refunds.md']);
    expect(results).toHaveLength(3);
    expect(results[0]?.score).toBeGreaterThanOrEqual(results[1]?.score as number);
  });

  test('limit, min_score, path_prefix, tags (any of) and content_types', async () => {
    const { index, storage, store, support } = await seeded();
    await store.write(support, {
      ...textEntry('faq/refunds.json', ''),
      content_type: 'json',
      content_text: null,
      content: { q: 'refunds' },
      tags: ['json'],
    });
    const search = (request: Record<string, unknown>) =>
      index.search(storage, [support], { query: 'refunds', ...request }, store.isLive);

    expect((await search({ limit: 2 })).results).toHaveLength(2);
    expect((await search({})).results).toHaveLength(6); // default limit 10

    const all = (await search({})).results;
    const threshold = all[2]?.score as number;
    const above = (await search({ min_score: threshold })).results;
    expect(above.length).toBeGreaterThanOrEqual(3);
    for (const result of above) expect(result.score).toBeGreaterThanOrEqual(threshold);

    expect((await search({ path_prefix: 'notes/' })).results.map((r) => r.path).sort()).toEqual([
      'notes/kubernetes.md',
      'notes/offsite.md',
    ]);
    expect((await search({ path_prefix: '/faq/ref' })).results.map((r) => r.path).sort()).toEqual([
      'faq/refunds.json',
      'faq/refunds.md',
    ]);
    expect((await search({ path_prefix: 'nothing/' })).results).toEqual([]);

    expect((await search({ tags: ['notes', 'json'] })).results.map((r) => r.path).sort()).toEqual([
      'faq/refunds.json',
      'notes/kubernetes.md',
      'notes/offsite.md',
    ]);
    expect((await search({ tags: [] })).results).toHaveLength(6);
    expect((await search({ content_types: ['json'] })).results.map((r) => r.path)).toEqual(['faq/refunds.json']);
    expect((await search({ content_types: ['file'] })).results).toEqual([]);
  });

  test('a path prefix is a string prefix: `faq` does not match a sibling path percent-encoded differently', async () => {
    const { index, storage, store } = setup();
    const target = volume();
    await store.write(target, textEntry('a/b.txt', 'refunds'));
    await store.write(target, textEntry('a b.txt', 'refunds'));
    await store.write(target, textEntry('ab.txt', 'refunds'));
    const paths = async (path_prefix: string) =>
      (await index.search(storage, [target], { query: 'refunds', path_prefix }, store.isLive)).results
        .map((r) => r.path)
        .sort();
    expect(await paths('a/')).toEqual(['a/b.txt']);
    expect(await paths('a')).toEqual(['a b.txt', 'a/b.txt', 'ab.txt']);
    expect(await paths('a ')).toEqual(['a b.txt']);
  });
});

describe('liveness', () => {
  test('expired entries are skipped through isLive, and the limit counts only live results', async () => {
    const { index, storage, store, support } = await seeded();
    store.expire(support, 'faq/refunds.md');
    const { results } = await index.search(storage, [support], { query: 'refunds', limit: 4 }, store.isLive);
    expect(results.map((r) => r.path)).not.toContain('faq/refunds.md');
    expect(results).toHaveLength(4);
  });

  test('a removed entry leaves no chunks and no record', async () => {
    const { index, storage, store, support } = await seeded();
    await store.remove(support, 'faq/refunds.md');
    const keys = await keysUnder(storage, 'volumes/index/');
    expect(keys.filter((key) => key.includes('refunds'))).toEqual([]);
    const { results } = await index.search(storage, [support], { query: 'refunds' }, async () => textEntry('x', 'x'));
    expect(results.map((r) => r.path)).not.toContain('faq/refunds.md');
  });

  test("a rewrite replaces the entry's chunks", async () => {
    const { index, storage, store, support } = await seeded();
    await store.write(support, textEntry('faq/refunds.md', 'Gift cards cannot be exchanged for cash.'));
    const { results } = await index.search(storage, [support], { query: 'refunds', limit: 1 }, store.isLive);
    expect(results[0]?.path).not.toBe('faq/refunds.md');
    const gift = await index.search(storage, [support], { query: 'gift cards', limit: 1 }, store.isLive);
    expect(gift.results[0]).toMatchObject({
      path: 'faq/refunds.md',
      content_preview: 'Gift cards cannot be exchanged for cash.',
    });
  });
});

describe('indexing_mode', () => {
  test('disabled volumes answer nothing, without embedding the query', async () => {
    const embedder = failingEmbedder('never');
    const { index, storage, store, support } = await seeded({ embedder });
    const calls = embedder.calls;
    const { results, total } = await index.search(
      storage,
      [{ ...support, indexing_mode: 'disabled' }],
      { query: 'refunds' },
      store.isLive,
    );
    expect(results).toEqual([]);
    expect(total).toBe(0);
    expect(embedder.calls).toBe(calls);
  });

  test("manual and disabled writes index nothing and remove the entry's old chunks", async () => {
    const { index, storage, store, support } = await seeded();
    const manual = { ...support, indexing_mode: 'manual' as const };
    const state = await store.write(manual, textEntry('faq/refunds.md', 'Refunds changed: 30 days now.'));
    expect(state).toEqual({ is_indexed: false, indexed_at: null, total_chunks: 0, error: null });
    const { results } = await index.search(storage, [manual], { query: 'refunds' }, store.isLive);
    expect(results.map((r) => r.path)).not.toContain('faq/refunds.md');
    expect(results.length).toBe(FAQ.length - 1); // manual volumes still search what their index holds
    await store.write({ ...support, indexing_mode: 'disabled' }, textEntry('notes/new.md', 'refunds'));
    expect(await storage.transact((tx) => index.entryIndexState(tx, support, 'notes/new.md'))).toMatchObject({
      is_indexed: false,
    });
  });
});

describe('index state of entries', () => {
  test('indexEntry and entryIndexState answer is_indexed, indexed_at (the index clock) and total_chunks', async () => {
    const { index, storage, store, support } = setup({ now: () => 1234 });
    const text = 'word '.repeat(2000); // 10,000 characters: several recursive chunks
    const state = await store.write(support, textEntry('long.txt', text));
    expect(state.is_indexed).toBe(true);
    expect(state.indexed_at).toBe(1234);
    expect(state.total_chunks).toBeGreaterThan(2);
    expect(await storage.transact((tx) => index.entryIndexState(tx, support, 'long.txt'))).toEqual(state);
    expect(await storage.transact((tx) => index.entryIndexState(tx, support, 'absent.txt'))).toEqual({
      is_indexed: false,
      indexed_at: null,
      total_chunks: 0,
      error: null,
    });
  });

  test('an entry without text is indexed with no chunks', async () => {
    const { store, support } = setup();
    expect(await store.write(support, textEntry('empty.txt', '   '))).toMatchObject({
      is_indexed: true,
      total_chunks: 0,
    });
  });

  test('an embedding failure does not fail the write: the entry is recorded as not indexed, with the error', async () => {
    const embedder = failingEmbedder('POISON');
    const { index, storage, store, support } = setup({ embedder });
    await store.write(support, textEntry('ok.txt', 'refunds in 14 days'));
    const state = await store.write(support, textEntry('bad.txt', 'refunds POISON'));
    expect(state).toEqual({ is_indexed: false, indexed_at: null, total_chunks: 0, error: 'embedding refused: POISON' });
    const { results } = await index.search(storage, [support], { query: 'refunds' }, store.isLive);
    expect(results.map((r) => r.path)).toEqual(['ok.txt']);
  });

  test('a prepared result that no longer matches the entry is recomputed in the transaction', async () => {
    const { index, storage, support } = setup();
    const entry = textEntry('a.txt', 'refunds in 14 days');
    const prepared = await index.prepare(support, { ...entry, content_text: 'something else entirely' });
    await transactWithRetry(storage, (tx) => index.indexEntry(tx, support, { ...entry, prepared }));
    const store = new FakeStore(storage, index);
    store.entries.set(support.volume_id, new Map([['a.txt', entry]]));
    const { results } = await index.search(storage, [support], { query: 'refunds in 14 days' }, store.isLive);
    expect(results[0]).toMatchObject({ path: 'a.txt', score: 1, content_preview: 'refunds in 14 days' });
  });

  test('an index built by another embedder model is not searched and takes no vectors of this one', async () => {
    const { storage, store, support } = await seeded();
    const other = new SearchIndex({ embedder: { ...createHashingEmbedder(), model: 'other-model' } });
    const response = await other.search(storage, [support], { query: 'refunds' }, store.isLive);
    expect(response.results).toEqual([]);
    const state = await transactWithRetry(storage, (tx) =>
      other.indexEntry(tx, support, textEntry('n.txt', 'refunds')),
    );
    expect(state.is_indexed).toBe(false);
    expect(state.error).toMatch(/built with the embedding model dbwire-hash-ngram, not other-model; reindex/);
  });

  test('storage keys: under volumes/index/<org>/<workspace>/<volume>/<generation>/, names percent-encoded, vectors as bytes', async () => {
    const { storage, store } = setup();
    const target = volume({ org_id: 'org/1', volume_id: 'vol 1' });
    await store.write(target, textEntry('dir/a.txt', 'refunds'));
    const keys = await keysUnder(storage, '');
    expect(keys).toEqual([
      'volumes/index/org%2F1/ws_research/vol%201/00000000/chunks/dir%2Fa.txt/000000',
      'volumes/index/org%2F1/ws_research/vol%201/00000000/docs/dir%2Fa.txt',
      'volumes/index/org%2F1/ws_research/vol%201/state',
    ]);
    const chunk = await storage.transact((tx) => tx.get(keys[0] as string));
    // 256 float32 values plus a small header, not a JSON array of numbers.
    expect(chunk?.byteLength).toBeLessThan(256 * 4 + 64);
    expect(chunk?.byteLength).toBeGreaterThanOrEqual(256 * 4);
  });

  test('removeVolume drops every key of the volume and nothing of others', async () => {
    const { index, storage, store, support } = await seeded();
    const other = volume({ volume_id: 'vol_other' });
    await store.write(other, textEntry('a.txt', 'refunds'));
    await transactWithRetry(storage, (tx) => index.removeVolume(tx, support));
    const keys = await keysUnder(storage, '');
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((key) => key.startsWith('volumes/index/org_acme/ws_research/vol_other/'))).toBe(true);
  });
});
