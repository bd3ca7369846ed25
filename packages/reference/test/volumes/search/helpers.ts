import { MemoryEngine, type StorageEngine, transactWithRetry } from '@dbwire/storage';
import {
  createHashingEmbedder,
  type Embedder,
  type EntryIndexState,
  type IndexedEntry,
  type IndexedVolume,
  SearchIndex,
  type SearchIndexOptions,
} from '../../../src/volumes/search/index.js';

export function volume(overrides: Partial<IndexedVolume> = {}): IndexedVolume {
  return {
    org_id: 'org_acme',
    workspace_id: 'ws_research',
    volume_id: 'vol_support',
    volume_name: 'support',
    indexing_mode: 'auto',
    chunking_strategy: 'recursive',
    ...overrides,
  };
}

let ids = 0;

export function textEntry(path: string, text: string, overrides: Partial<IndexedEntry> = {}): IndexedEntry {
  return {
    entry_id: `ent_${String(++ids).padStart(6, '0')}`,
    path,
    content_type: 'text',
    content_text: text,
    tags: [],
    ...overrides,
  };
}

/**
 * A stand-in for the store: entries kept in a map per volume (the store's table), written through
 * the index in one transaction as the store does, with expiry and deletion decided here.
 */
export class FakeStore {
  readonly entries = new Map<string, Map<string, IndexedEntry & { expired?: boolean }>>();
  constructor(
    readonly storage: StorageEngine,
    readonly index: SearchIndex,
  ) {}

  async write(target: IndexedVolume, entry: IndexedEntry): Promise<EntryIndexState> {
    const prepared = await this.index.prepare(target, entry);
    const state = await transactWithRetry(this.storage, (tx) =>
      this.index.indexEntry(tx, target, { ...entry, prepared }),
    );
    this.of(target).set(entry.path, entry);
    return state;
  }

  async remove(target: IndexedVolume, path: string): Promise<void> {
    await transactWithRetry(this.storage, (tx) => this.index.removeEntry(tx, target, path));
    this.of(target).delete(path);
  }

  expire(target: IndexedVolume, path: string): void {
    const entry = this.of(target).get(path);
    if (entry) entry.expired = true;
  }

  isLive = async (target: IndexedVolume, path: string): Promise<IndexedEntry | undefined> => {
    const entry = this.of(target).get(path);
    return entry && !entry.expired ? entry : undefined;
  };

  /** The volume's live entries, as the store's reindex source. */
  live(target: IndexedVolume): () => AsyncIterable<IndexedEntry> {
    const store = this;
    return async function* () {
      for (const entry of [...store.of(target).values()]) if (!entry.expired) yield entry;
    };
  }

  private of(target: IndexedVolume): Map<string, IndexedEntry & { expired?: boolean }> {
    const map = this.entries.get(target.volume_id) ?? new Map();
    this.entries.set(target.volume_id, map);
    return map;
  }
}

export function setup(options: Partial<SearchIndexOptions> = {}): {
  storage: MemoryEngine;
  index: SearchIndex;
  store: FakeStore;
  support: IndexedVolume;
} {
  const storage = new MemoryEngine();
  const index = new SearchIndex({ embedder: createHashingEmbedder(), now: () => 1_700_000_000_000, ...options });
  return { storage, index, store: new FakeStore(storage, index), support: volume() };
}

/** An embedder that fails for texts containing `marker` (or every text), and counts its calls. */
export function failingEmbedder(
  marker?: string,
  inner: Embedder = createHashingEmbedder(),
): Embedder & { calls: number } {
  const embedder = {
    model: inner.model,
    dimensions: inner.dimensions,
    calls: 0,
    async embed(texts: string[]) {
      embedder.calls++;
      if (marker === undefined || texts.some((text) => text.includes(marker)))
        throw new Error(`embedding refused: ${marker ?? 'all'}`);
      return inner.embed(texts);
    },
  };
  return embedder;
}

/** Every storage key under a prefix. */
export async function keysUnder(storage: StorageEngine, prefix: string): Promise<string[]> {
  return storage.transact(async (tx) => (await tx.scan({ prefix })).map((entry) => entry.key));
}
