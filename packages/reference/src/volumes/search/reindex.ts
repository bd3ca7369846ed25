import { deletePrefix, type StorageEngine, transactWithRetry } from '@dbwire/storage';
import { base64url, randomBytes } from '../../shared/crypto.js';
import { chunkText } from './chunking.js';
import { entryText } from './entry-text.js';
import { generationPrefix, readState, writeState } from './state.js';
import type {
  Embedder,
  IndexedEntry,
  IndexedVolume,
  PreparedEntry,
  ReindexEntries,
  ReindexJob,
  ReindexOutcome,
  ReindexProgress,
  ReindexUpdate,
} from './types.js';
import { prepareEntry, readDoc, writeEntry } from './writes.js';

export interface ReindexSettings {
  /** Entries embedded together and written in one transaction. */
  batchSize: number;
  /** Least time between two `running` updates (real time), so progress writes do not contend with entry writes. */
  progressIntervalMs: number;
  /** Keys deleted per transaction when a dropped generation is cleared. */
  cleanupPageSize: number;
}

export interface ReindexContext {
  storage: StorageEngine;
  embedder: Embedder;
  now: () => number;
  settings: ReindexSettings;
}

/** The generation a job builds, and the id that tells whether the job still owns it. */
interface Build {
  generation: number;
  build_id: string;
  model: string;
}

/** The job ended early: the volume was deleted, another build replaced this one, or `cancel()`. */
class Cancelled {
  readonly cancelled = true;
}

/**
 * A reindex: a new generation built next to the live one, swapped in at the end.
 *
 * 1. One transaction marks the new generation as `building` in the volume's index state (dropping
 *    a stale one a crashed job left behind). From then on every entry write (`indexEntry`,
 *    `removeEntry`) reads that state and writes both generations; a write whose transaction raced
 *    this one conflicts and re-runs, so no write can miss the new generation.
 * 2. The entries are counted (`total_entries`; read without their bytes), then read again, chunked
 *    and embedded in batches (outside any transaction), and each batch is written in one transaction. An entry a write has
 *    already put into the new generation (or deleted from it, leaving a tombstone) is left as the
 *    write made it: that write is at least as new as the content the job read.
 * 3. One transaction makes the new generation live; the old one is then deleted in pages. Searches
 *    read the old generation until that transaction commits and the new one after it.
 *
 * Every entry that fails to embed is counted in `failed_entries` and recorded as not indexed (with
 * its error) in the new generation. If every entry fails (the embedding endpoint is down), the
 * job fails instead, the new generation is dropped and the old one keeps serving. Deleting the
 * volume (`removeVolume`, which drops the state) or `cancel()` stops the job at its next step.
 */
export function runReindex(
  context: ReindexContext,
  volume: IndexedVolume,
  entries: ReindexEntries,
  progress: (update: ReindexUpdate) => Promise<void>,
): ReindexJob {
  const { storage, embedder, now, settings } = context;
  let cancelRequested = false;
  const counts: ReindexProgress = {
    total_entries: 0,
    processed_entries: 0,
    failed_entries: 0,
    total_chunks: 0,
    percent: 0,
  };
  const startedAt = now();
  let firstError: string | null = null;
  let lastReport = 0;

  const update = (status: ReindexUpdate['status'], error: string | null = null): ReindexUpdate => ({
    status,
    progress: { ...counts, percent: percent(counts) },
    started_at: startedAt,
    completed_at: status === 'running' ? null : now(),
    error,
  });
  const checkCancelled = () => {
    if (cancelRequested) throw new Cancelled();
  };

  async function begin(): Promise<Build> {
    return transactWithRetry(storage, async (tx) => {
      const state = await readState(tx, volume);
      const stale = state.building;
      if (stale) await deletePrefix(tx, generationPrefix(volume, stale.generation));
      const build: Build = {
        generation: Math.max(state.live, stale?.generation ?? 0) + 1,
        build_id: base64url(randomBytes(12)),
        model: embedder.model,
      };
      await writeState(tx, volume, { ...state, building: build });
      return build;
    });
  }

  async function processBatch(build: Build, batch: IndexedEntry[]): Promise<void> {
    const prepared = await prepareBatch(embedder, volume, batch);
    const at = now();
    const outcome = await transactWithRetry(storage, async (tx) => {
      const state = await readState(tx, volume);
      if (state.building?.build_id !== build.build_id) return new Cancelled();
      let chunks = 0;
      let failed = 0;
      let error: string | null = null;
      for (const [i, entry] of batch.entries()) {
        const existing = await readDoc(tx, volume, build.generation, entry.path);
        let record = existing;
        if (existing?.by !== 'write') {
          record = await writeEntry(tx, volume, build.generation, entry, prepared[i] as PreparedEntry, 'reindex', at);
        }
        if (record?.deleted) continue;
        chunks += record?.chunks ?? 0;
        if (record?.error) {
          failed++;
          error ??= record.error;
        }
      }
      return { chunks, failed, error };
    });
    if (outcome instanceof Cancelled) throw outcome;
    counts.processed_entries += batch.length;
    counts.total_entries = Math.max(counts.total_entries, counts.processed_entries);
    counts.total_chunks += outcome.chunks;
    counts.failed_entries += outcome.failed;
    firstError ??= outcome.error;
    if (Date.now() - lastReport >= settings.progressIntervalMs) await report(update('running'));
  }

  async function report(value: ReindexUpdate): Promise<void> {
    lastReport = Date.now();
    await progress(value);
  }

  /** Makes the build live; false when the job no longer owns it. */
  async function swap(build: Build): Promise<number | undefined> {
    return transactWithRetry(storage, async (tx) => {
      const state = await readState(tx, volume);
      if (state.building?.build_id !== build.build_id) return undefined;
      await writeState(tx, volume, { live: build.generation, live_model: build.model, building: null });
      return state.live;
    });
  }

  /** Gives the build up (when the job still owns it) and deletes what it wrote. */
  async function abandon(build: Build): Promise<void> {
    const owned = await transactWithRetry(storage, async (tx) => {
      const state = await readState(tx, volume);
      if (state.building?.build_id !== build.build_id) return false;
      await writeState(tx, volume, { ...state, building: null });
      return true;
    });
    if (owned) await clearGeneration(build.generation);
  }

  async function clearGeneration(generation: number): Promise<void> {
    const prefix = generationPrefix(volume, generation);
    for (;;) {
      const deleted = await transactWithRetry(storage, async (tx) => {
        const page = await tx.scan({ prefix, limit: settings.cleanupPageSize });
        for (const { key } of page) await tx.delete(key);
        return page.length;
      });
      if (deleted < settings.cleanupPageSize) return;
    }
  }

  async function run(): Promise<ReindexOutcome> {
    let build: Build | undefined;
    try {
      build = await begin();
      for await (const _ of entries({ withBytes: false })) {
        checkCancelled();
        counts.total_entries++;
      }
      await report(update('running'));
      let batch: IndexedEntry[] = [];
      for await (const entry of entries({ withBytes: true })) {
        checkCancelled();
        batch.push(entry);
        if (batch.length >= settings.batchSize) {
          await processBatch(build, batch);
          batch = [];
        }
      }
      if (batch.length > 0) await processBatch(build, batch);
      checkCancelled();

      if (counts.processed_entries > 0 && counts.failed_entries === counts.processed_entries) {
        await abandon(build);
        const failed = update(
          'failed',
          `Every entry failed to index (${counts.failed_entries}); the previous index keeps serving. First error: ${firstError}`,
        );
        await progress(failed);
        return failed;
      }
      const previous = await swap(build);
      if (previous === undefined) throw new Cancelled();
      const completed = update('completed');
      await progress(completed);
      // After the swap nothing reads or writes the old generation: clearing it can take its time.
      await clearGeneration(previous);
      return completed;
    } catch (error) {
      if (error instanceof Cancelled) {
        // A job cancelled by `cancel()` still owns its build; one whose volume was deleted does not.
        if (build) await abandon(build).catch(() => undefined);
        return { status: 'cancelled', progress: { ...counts, percent: percent(counts) } };
      }
      if (build) await abandon(build).catch(() => undefined);
      const failed = update('failed', error instanceof Error ? error.message : String(error));
      await progress(failed).catch(() => undefined);
      return failed;
    }
  }

  return {
    done: run(),
    cancel: () => {
      cancelRequested = true;
    },
  };
}

/**
 * Chunks and embeds a batch with one embedder call for all its chunks. When that call fails, each
 * entry is embedded alone, so one entry the endpoint refuses does not fail the others.
 */
async function prepareBatch(
  embedder: Embedder,
  volume: IndexedVolume,
  batch: IndexedEntry[],
): Promise<PreparedEntry[]> {
  const texts = batch.map(entryText);
  const chunked = texts.map((text) => chunkText(text, volume.chunking_strategy));
  const all = chunked.flat();
  let vectors: Float32Array[] | undefined;
  try {
    vectors = all.length === 0 ? [] : await embedder.embed(all);
    if (vectors.length !== all.length) vectors = undefined;
  } catch {
    vectors = undefined;
  }
  if (vectors === undefined) return Promise.all(batch.map((entry) => prepareEntry(embedder, volume, entry)));
  let offset = 0;
  return batch.map((_, i) => {
    const chunks = chunked[i] as string[];
    const own = (vectors as Float32Array[]).slice(offset, offset + chunks.length);
    offset += chunks.length;
    return {
      model: embedder.model,
      strategy: volume.chunking_strategy,
      text: texts[i] as string,
      chunks,
      vectors: own,
      error: null,
    };
  });
}

function percent(counts: ReindexProgress): number {
  if (counts.total_entries === 0) return 100;
  return Math.min(100, Math.round((counts.processed_entries / counts.total_entries) * 10_000) / 100);
}
