import { putJson, type StorageEngine, transactWithRetry } from '@dbwire/storage';
import { describe, expect, test } from 'vitest';
import {
  createHashingEmbedder,
  type Embedder,
  type IndexedVolume,
  type ReindexUpdate,
} from '../../../src/volumes/search/index.js';
import { failingEmbedder, keysUnder, setup, textEntry, volume } from './helpers.js';

const PREFIX = 'volumes/index/org_acme/ws_research/vol_support/';

/** The hashing embedder, except that once `arm()`ed a call for a text containing `marker` waits until `release()`. */
function gatedEmbedder(marker: string): Embedder & { reached: Promise<void>; arm: () => void; release: () => void } {
  let armed = false;
  const inner = createHashingEmbedder();
  let release = () => {};
  let reach = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const reached = new Promise<void>((resolve) => {
    reach = resolve;
  });
  return {
    model: inner.model,
    dimensions: inner.dimensions,
    reached,
    arm: () => {
      armed = true;
    },
    release: () => release(),
    async embed(texts) {
      if (armed && texts.some((text) => text.includes(marker))) {
        reach();
        await gate;
      }
      return inner.embed(texts);
    },
  };
}

function recorder(): { updates: ReindexUpdate[]; progress: (update: ReindexUpdate) => Promise<void> } {
  const updates: ReindexUpdate[] = [];
  return { updates, progress: async (update) => void updates.push(structuredClone(update)) };
}

async function generations(storage: Parameters<typeof keysUnder>[0]): Promise<string[]> {
  const keys = await keysUnder(storage, PREFIX);
  return [...new Set(keys.map((key) => key.slice(PREFIX.length).split('/')[0] as string))].sort();
}

async function paths(
  context: ReturnType<typeof setup>,
  target: IndexedVolume,
  query: string,
  limit = 10,
): Promise<string[]> {
  const response = await context.index.search(context.storage, [target], { query, limit }, context.store.isLive);
  return response.results.map((result) => result.path);
}

describe('reindex', () => {
  test('indexes every live entry, reports progress to completion and swaps generations', async () => {
    const context = setup({ reindex: { batchSize: 2, progressIntervalMs: 0 }, now: () => 5_000 });
    const manual = volume({ indexing_mode: 'manual' });
    for (let i = 0; i < 5; i++)
      await context.store.write(manual, textEntry(`doc${i}.txt`, `document ${i} about topic${i}`));
    await context.store.write(manual, textEntry('gone.txt', 'expired topic9'));
    context.store.expire(manual, 'gone.txt');
    expect(await paths(context, manual, 'topic3')).toEqual([]);

    const { updates, progress } = recorder();
    const job = context.index.startReindex(context.storage, manual, context.store.live(manual), progress);
    const outcome = await job.done;

    expect(outcome.status).toBe('completed');
    expect(updates.map((u) => [u.status, u.progress.processed_entries])).toEqual([
      ['running', 0],
      ['running', 2],
      ['running', 4],
      ['running', 5],
      ['completed', 5],
    ]);
    expect(updates[0]).toEqual({
      status: 'running',
      progress: { total_entries: 5, processed_entries: 0, failed_entries: 0, total_chunks: 0, percent: 0 },
      started_at: 5_000,
      completed_at: null,
      error: null,
    });
    expect(updates.at(-1)).toEqual({
      status: 'completed',
      progress: { total_entries: 5, processed_entries: 5, failed_entries: 0, total_chunks: 5, percent: 100 },
      started_at: 5_000,
      completed_at: 5_000,
      error: null,
    });
    expect(updates[2]?.progress.percent).toBe(80);
    expect((await paths(context, manual, 'topic3'))[0]).toBe('doc3.txt');
    expect(await context.storage.transact((tx) => context.index.entryIndexState(tx, manual, 'doc3.txt'))).toEqual({
      is_indexed: true,
      indexed_at: 5_000,
      total_chunks: 1,
      error: null,
    });
    // The old generation is gone; the new one is live.
    expect(await generations(context.storage)).toEqual(['00000001', 'state']);
  });

  test('an empty volume completes at 100 percent', async () => {
    const context = setup({ reindex: { progressIntervalMs: 0 } });
    const { updates, progress } = recorder();
    const outcome = await context.index.startReindex(context.storage, volume(), context.store.live(volume()), progress)
      .done;
    expect(outcome.status).toBe('completed');
    expect(updates.map((u) => [u.status, u.progress.total_entries, u.progress.percent])).toEqual([
      ['running', 0, 100],
      ['completed', 0, 100],
    ]);
  });

  test('the old generation serves until the swap, the new one right after', async () => {
    const embedder = gatedEmbedder('GATE');
    const context = setup({ embedder, reindex: { batchSize: 1, progressIntervalMs: 0 } });
    const auto = volume();
    await context.store.write(auto, textEntry('a.txt', 'alpha refunds'));
    const manual = { ...auto, indexing_mode: 'manual' as const };
    await context.store.write(manual, textEntry('b.txt', 'bravo shipping'));
    await context.store.write(manual, textEntry('z.txt', 'GATE zulu'));

    const { updates, progress } = recorder();
    embedder.arm();
    const job = context.index.startReindex(context.storage, manual, context.store.live(manual), progress);
    await embedder.reached;
    // a.txt and b.txt are in the new generation now, but searches still read the old one.
    expect(updates.at(-1)?.progress.processed_entries).toBe(2);
    expect(await paths(context, manual, 'bravo shipping')).toEqual(['a.txt']);
    expect(await generations(context.storage)).toEqual(['00000000', '00000001', 'state']);

    embedder.release();
    expect((await job.done).status).toBe('completed');
    expect((await paths(context, manual, 'bravo shipping'))[0]).toBe('b.txt');
    expect(await generations(context.storage)).toEqual(['00000001', 'state']);
  });

  test('writes and deletes during a reindex land in both generations and win over what the job read', async () => {
    const embedder = gatedEmbedder('GATE');
    const context = setup({ embedder, reindex: { batchSize: 1, progressIntervalMs: 0 } });
    const auto = volume();
    await context.store.write(auto, textEntry('a-first.txt', 'GATE first'));
    await context.store.write(auto, textEntry('b-rewritten.txt', 'original bravo content'));
    await context.store.write(auto, textEntry('c-deleted.txt', 'charlie content'));

    const { progress } = recorder();
    embedder.arm();
    const job = context.index.startReindex(context.storage, auto, context.store.live(auto), progress);
    await embedder.reached; // the job has read every entry (the source is a snapshot) and waits on the first
    await context.store.write(auto, textEntry('b-rewritten.txt', 'replacement delta content'));
    await context.store.remove(auto, 'c-deleted.txt');
    await context.store.write(auto, textEntry('d-new.txt', 'echo content'));
    // The live generation already shows the writes.
    expect((await paths(context, auto, 'replacement delta'))[0]).toBe('b-rewritten.txt');

    embedder.release();
    expect((await job.done).status).toBe('completed');
    const search = await context.index.search(
      context.storage,
      [auto],
      { query: 'content', limit: 10 },
      async (_, path) => textEntry(path, ''),
    );
    // Every entry once, with its current text; the deleted one is not in the new generation at all.
    expect(search.results.map((r) => [r.path, r.content_preview]).sort()).toEqual([
      ['a-first.txt', 'GATE first'],
      ['b-rewritten.txt', 'replacement delta content'],
      ['d-new.txt', 'echo content'],
    ]);
    const keys = await keysUnder(context.storage, PREFIX);
    expect(keys.filter((key) => key.includes('c-deleted') && !key.includes('/docs/'))).toEqual([]);
  });

  test('concurrent writers and a reindex end with the index matching the store exactly', async () => {
    // Every embedding call yields to the event loop, so the job's batches and the writes interleave.
    const inner = createHashingEmbedder();
    const embedder: Embedder = {
      model: inner.model,
      dimensions: inner.dimensions,
      embed: async (texts) => {
        await new Promise((resolve) => setTimeout(resolve, 0));
        return inner.embed(texts);
      },
    };
    const context = setup({ embedder, reindex: { batchSize: 3, progressIntervalMs: 0 } });
    const auto = volume();
    for (let i = 0; i < 30; i++) await context.store.write(auto, textEntry(`e${i}.txt`, `entry ${i} version 0`));
    const { progress } = recorder();
    const job = context.index.startReindex(context.storage, auto, context.store.live(auto), progress);
    const writers = Array.from({ length: 4 }, async (_, w) => {
      for (let round = 1; round <= 6; round++) {
        const i = (w * 7 + round * 5) % 30;
        if (round % 3 === 0) await context.store.remove(auto, `e${i}.txt`);
        else await context.store.write(auto, textEntry(`e${i}.txt`, `entry ${i} version ${round} by ${w}`));
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
    });
    await Promise.all([...writers, job.done]);
    expect((await job.done).status).toBe('completed');

    const expected = [...(context.store.entries.get(auto.volume_id)?.values() ?? [])]
      .map((entry) => [entry.path, entry.content_text])
      .sort();
    const everything = await context.index.search(
      context.storage,
      [auto],
      { query: 'entry version', limit: 50 },
      async (_, path) => textEntry(path, ''),
    );
    expect(everything.results.map((r) => [r.path, r.content_preview]).sort()).toEqual(expected);
    expect(await generations(context.storage)).toEqual(['00000001', 'state']);
  });

  test('entries that fail to embed are counted and recorded; the reindex still completes', async () => {
    const context = setup({ reindex: { batchSize: 4, progressIntervalMs: 0 } });
    const manual = volume({ indexing_mode: 'manual' });
    for (const [path, text] of [
      ['ok1.txt', 'fine one'],
      ['bad.txt', 'POISON two'],
      ['ok2.txt', 'fine three'],
    ])
      await context.store.write(manual, textEntry(path as string, text as string));
    const failing = new (
      context.index.constructor as typeof import('../../../src/volumes/search/index.js').SearchIndex
    )({
      embedder: failingEmbedder('POISON'),
      reindex: { progressIntervalMs: 0 },
    });
    const { updates, progress } = recorder();
    const outcome = await failing.startReindex(context.storage, manual, context.store.live(manual), progress).done;
    expect(outcome.status).toBe('completed');
    expect(outcome.progress).toMatchObject({
      total_entries: 3,
      processed_entries: 3,
      failed_entries: 1,
      total_chunks: 2,
    });
    expect(updates.at(-1)?.status).toBe('completed');
    expect(await context.storage.transact((tx) => failing.entryIndexState(tx, manual, 'bad.txt'))).toEqual({
      is_indexed: false,
      indexed_at: null,
      total_chunks: 0,
      error: 'embedding refused: POISON',
    });
    expect(await paths(context, manual, 'fine')).toEqual(['ok1.txt', 'ok2.txt']);
  });

  test('when every entry fails the reindex fails, and the old generation keeps serving', async () => {
    const context = setup({ reindex: { progressIntervalMs: 0 } });
    const auto = volume();
    await context.store.write(auto, textEntry('a.txt', 'refunds policy'));
    const down = new (context.index.constructor as typeof import('../../../src/volumes/search/index.js').SearchIndex)({
      embedder: failingEmbedder(),
    });
    const { updates, progress } = recorder();
    const outcome = await down.startReindex(context.storage, auto, context.store.live(auto), progress).done;
    expect(outcome.status).toBe('failed');
    expect(updates.at(-1)).toMatchObject({
      status: 'failed',
      progress: { total_entries: 1, processed_entries: 1, failed_entries: 1 },
      completed_at: expect.any(Number),
      error: expect.stringMatching(/Every entry failed to index \(1\).*embedding refused: all/),
    });
    expect(await paths(context, auto, 'refunds')).toEqual(['a.txt']);
    expect(await generations(context.storage)).toEqual(['00000000', 'state']);
  });

  test('a failing entry source fails the job and drops the new generation', async () => {
    const context = setup();
    const auto = volume();
    await context.store.write(auto, textEntry('a.txt', 'refunds'));
    const { updates, progress } = recorder();
    const outcome = await context.index.startReindex(
      context.storage,
      auto,
      async function* () {
        yield textEntry('a.txt', 'refunds');
        throw new Error('the store could not read entries');
      },
      progress,
    ).done;
    expect(outcome).toMatchObject({ status: 'failed', error: 'the store could not read entries' });
    expect(updates.at(-1)?.status).toBe('failed');
    expect(await generations(context.storage)).toEqual(['00000000', 'state']);
  });

  test('deleting the volume cancels the job: no further update, nothing left behind', async () => {
    const embedder = gatedEmbedder('GATE');
    const context = setup({ embedder, reindex: { batchSize: 1, progressIntervalMs: 0 } });
    const auto = volume();
    await context.store.write(auto, textEntry('a.txt', 'GATE alpha'));
    await context.store.write(auto, textEntry('b.txt', 'bravo'));
    const { updates, progress } = recorder();
    embedder.arm();
    const job = context.index.startReindex(context.storage, auto, context.store.live(auto), progress);
    await embedder.reached;
    const seen = updates.length;
    await transactWithRetry(context.storage, (tx) => context.index.removeVolume(tx, auto));
    embedder.release();
    expect((await job.done).status).toBe('cancelled');
    expect(updates).toHaveLength(seen);
    expect(await keysUnder(context.storage, PREFIX)).toEqual([]);
  });

  test('cancel() stops the job and drops its generation; the old one keeps serving', async () => {
    const embedder = gatedEmbedder('GATE');
    const context = setup({ embedder, reindex: { batchSize: 1, progressIntervalMs: 0 } });
    const auto = volume();
    await context.store.write(auto, textEntry('a.txt', 'GATE alpha'));
    await context.store.write(auto, textEntry('b.txt', 'bravo'));
    embedder.arm();
    const job = context.index.startReindex(context.storage, auto, context.store.live(auto), recorder().progress);
    await embedder.reached;
    job.cancel();
    embedder.release();
    expect((await job.done).status).toBe('cancelled');
    expect(await generations(context.storage)).toEqual(['00000000', 'state']);
    expect((await paths(context, auto, 'bravo'))[0]).toBe('b.txt');
    // Writes after the cancel go to the live generation only.
    await context.store.write(auto, textEntry('c.txt', 'charlie'));
    expect(await generations(context.storage)).toEqual(['00000000', 'state']);
  });

  test('a generation a crashed job left half-built is dropped by the next reindex', async () => {
    const context = setup();
    const auto = volume();
    await context.store.write(auto, textEntry('a.txt', 'alpha'));
    await context.storage.transact(async (tx) => {
      await putJson(tx, `${PREFIX}state`, {
        live: 0,
        live_model: 'dbwire-hash-ngram',
        building: { generation: 4, build_id: 'crashed', model: 'dbwire-hash-ngram' },
      });
      await tx.put(`${PREFIX}00000004/chunks/x/000000`, new Uint8Array(8));
    });
    const outcome = await context.index.startReindex(
      context.storage,
      auto,
      context.store.live(auto),
      recorder().progress,
    ).done;
    expect(outcome.status).toBe('completed');
    expect(await generations(context.storage)).toEqual(['00000005', 'state']);
    expect((await paths(context, auto, 'alpha'))[0]).toBe('a.txt');
  });

  test('a reindex with a new embedder model makes the volume searchable with it', async () => {
    const context = setup();
    const auto = volume();
    await context.store.write(auto, textEntry('a.txt', 'alpha refunds'));
    const wide = createHashingEmbedder(64);
    const other = new (context.index.constructor as typeof import('../../../src/volumes/search/index.js').SearchIndex)({
      embedder: { model: 'hash-64', dimensions: 64, embed: (texts) => wide.embed(texts) },
    });
    const search = () => other.search(context.storage, [auto], { query: 'refunds' }, context.store.isLive);
    expect((await search()).results).toEqual([]);
    expect(
      (await other.startReindex(context.storage, auto, context.store.live(auto), recorder().progress).done).status,
    ).toBe('completed');
    expect((await search()).results.map((r) => r.path)).toEqual(['a.txt']);
  });
});

describe('searches racing a swap', () => {
  test('a search whose generation is swapped out and cleared under it reads the new one', async () => {
    const context = setup();
    const auto = volume();
    await context.store.write(auto, textEntry('a.txt', 'alpha refunds'));
    await context.store.write(auto, textEntry('b.txt', 'bravo refunds'));
    // The search's first transaction reads the state (generation 0); before its scan runs, a whole
    // reindex swaps to generation 1 and clears generation 0.
    let transactions = 0;
    const racing: StorageEngine = {
      name: 'racing',
      close: () => context.storage.close(),
      transact: async (work) => {
        const result = await context.storage.transact(work);
        if (++transactions === 1) {
          const job = context.index.startReindex(context.storage, auto, context.store.live(auto), recorder().progress);
          expect((await job.done).status).toBe('completed');
        }
        return result;
      },
    };
    const response = await context.index.search(racing, [auto], { query: 'refunds' }, context.store.isLive);
    expect(response.results.map((r) => r.path).sort()).toEqual(['a.txt', 'b.txt']);
    expect(await generations(context.storage)).toEqual(['00000001', 'state']);
    expect(transactions).toBeGreaterThan(3); // state, scan (of the cleared generation), state, then again
  });
});
