import { deletePrefix, type ReadTransaction, type StorageEngine, type WriteTransaction } from '@dbwire/storage';
import { type IsLive, searchVolumes } from './query.js';
import { type ReindexSettings, runReindex } from './reindex.js';
import { readState, volumePrefix, writeState } from './state.js';
import type {
  Embedder,
  EntryIndexState,
  IndexedEntry,
  IndexedVolume,
  PreparedEntry,
  ReindexEntries,
  ReindexJob,
  ReindexUpdate,
  SearchRequest,
  SearchResponse,
} from './types.js';
import { indexStateOf, preparedFor, prepareEntry, readDoc, removeEntryFrom, writeEntry } from './writes.js';

export interface SearchIndexOptions {
  embedder: Embedder;
  /** The clock for `indexed_at` and reindex timestamps (epoch ms); tests inject one. */
  now?: () => number;
  /** Tuning for reindex jobs (defaults: 32 entries a batch, a progress update at most every 500 ms, 500 keys per cleanup transaction). */
  reindex?: Partial<ReindexSettings>;
  /** Chunks read per scan page during a search (default 10,000: few pages, each a bounded read). */
  scanPageSize?: number;
}

/**
 * A volume's search index on the storage engine: entry writes keep it current (in the caller's
 * transaction), searches read it, reindex jobs rebuild it. See ./state.ts for the key layout and
 * ./reindex.ts for how a rebuild and concurrent writes meet.
 *
 * Indexing failures never fail a write: when the embedder cannot embed an entry, the entry is
 * written all the same and recorded as not indexed (`is_indexed: false`, the embedder's message in
 * `error`, no chunks), and the next reindex tries it again.
 */
export class SearchIndex {
  readonly embedder: Embedder;
  private readonly now: () => number;
  private readonly reindexSettings: ReindexSettings;
  private readonly scanPageSize: number;

  constructor(options: SearchIndexOptions) {
    this.embedder = options.embedder;
    this.now = options.now ?? Date.now;
    this.reindexSettings = {
      batchSize: options.reindex?.batchSize ?? 32,
      progressIntervalMs: options.reindex?.progressIntervalMs ?? 500,
      cleanupPageSize: options.reindex?.cleanupPageSize ?? 500,
    };
    this.scanPageSize = options.scanPageSize ?? 10_000;
  }

  /**
   * Chunks and embeds an entry outside any transaction (embedding may be a network call); pass the
   * result as `entry.prepared` to `indexEntry`. Never rejects: a failure is kept in `error`.
   */
  prepare(volume: IndexedVolume, entry: IndexedEntry): Promise<PreparedEntry> {
    return prepareEntry(this.embedder, volume, entry);
  }

  /**
   * Puts the entry's current content into the index, in the caller's transaction, and answers what
   * the entry's `is_indexed`, `indexed_at` and `total_chunks` now are.
   *
   * - `auto` volumes: the entry's chunks replace its previous ones in the live generation, and in
   *   the generation a running reindex builds.
   * - `manual` and `disabled` volumes: nothing is indexed, and the entry's previous chunks are
   *   removed, so search never answers content the entry no longer has.
   * - A live generation built by another embedder model (the server now runs another one) takes
   *   no new vectors: the entry is recorded as failed until a reindex rebuilds the volume.
   */
  async indexEntry(tx: WriteTransaction, volume: IndexedVolume, entry: IndexedEntry): Promise<EntryIndexState> {
    const state = await readState(tx, volume);
    if (volume.indexing_mode !== 'auto') {
      await removeEntryFrom(tx, volume, state.live, entry.path, false);
      if (state.building) await removeEntryFrom(tx, volume, state.building.generation, entry.path, false);
      return indexStateOf(undefined);
    }
    const prepared = await preparedFor(this.embedder, volume, entry);
    const at = this.now();
    let live: PreparedEntry = prepared;
    if (state.live_model === null && prepared.error === null && prepared.chunks.length > 0) {
      await writeState(tx, volume, { ...state, live_model: this.embedder.model });
    } else if (state.live_model !== null && state.live_model !== this.embedder.model) {
      live = {
        ...prepared,
        vectors: [],
        error: `The volume's index was built with the embedding model ${state.live_model}, not ${this.embedder.model}; reindex the volume.`,
      };
    }
    const record = await writeEntry(tx, volume, state.live, entry, live, 'write', at);
    if (state.building) await writeEntry(tx, volume, state.building.generation, entry, prepared, 'write', at);
    return indexStateOf(record);
  }

  /** Removes an entry from the index (every generation), in the caller's transaction. */
  async removeEntry(tx: WriteTransaction, volume: IndexedVolume, path: string): Promise<void> {
    const state = await readState(tx, volume);
    await removeEntryFrom(tx, volume, state.live, path, false);
    // The tombstone keeps a running reindex from putting back the content it read before the delete.
    if (state.building) await removeEntryFrom(tx, volume, state.building.generation, path, true);
  }

  /** Drops every generation and the state of a volume's index; a running reindex of it stops. */
  async removeVolume(tx: WriteTransaction, volume: IndexedVolume): Promise<void> {
    await deletePrefix(tx, volumePrefix(volume));
  }

  /** What the live generation holds for the entry at `path`: the entry's `is_indexed`, `indexed_at`, `total_chunks`. */
  async entryIndexState(tx: ReadTransaction, volume: IndexedVolume, path: string): Promise<EntryIndexState> {
    const state = await readState(tx, volume);
    return indexStateOf(await readDoc(tx, volume, state.live, path));
  }

  /**
   * Searches the live generation of each volume (one volume, or every volume of a `search-all`) and
   * answers the merged, ordered results. `isLive` answers an entry's current state, or undefined
   * when it is deleted, expired or outside the caller's mounts; only such entries are answered.
   * Rejects with the embedder's error when the query cannot be embedded.
   */
  search(
    storage: StorageEngine,
    volumes: IndexedVolume[],
    request: SearchRequest,
    isLive: IsLive,
  ): Promise<SearchResponse> {
    return searchVolumes(storage, this.embedder, volumes, request, isLive, this.scanPageSize);
  }

  /**
   * Rebuilds the volume's index in the background (./reindex.ts). `entries` is called twice (to
   * count, with `withBytes: false`, then to index, with `withBytes: true`) and must yield the
   * volume's live entries (their `bytes` only when `withBytes`); `progress` persists each update
   * (`running`, then `completed` or `failed`). The store answers 409 while `job.done` is pending.
   */
  startReindex(
    storage: StorageEngine,
    volume: IndexedVolume,
    entries: ReindexEntries,
    progress: (update: ReindexUpdate) => Promise<void>,
  ): ReindexJob {
    return runReindex(
      { storage, embedder: this.embedder, now: this.now, settings: this.reindexSettings },
      volume,
      entries,
      progress,
    );
  }
}
