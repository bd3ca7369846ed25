import type { components } from '@dbwire/server-stubs/volumes';

export type IndexingMode = components['schemas']['IndexingMode'];
export type ChunkingStrategy = components['schemas']['ChunkingStrategy'];
export type SearchResponse = components['schemas']['SearchResponse'];
export type SearchResult = components['schemas']['SearchResult'];

/**
 * A search as the API takes it. `limit` is optional here (default 10) so that callers other than
 * the dispatcher, which fills in the schema's default, need not repeat it.
 */
export type SearchRequest = Omit<components['schemas']['SearchRequest'], 'limit'> & { limit?: number };

/**
 * Every `ReindexProgress` field, as this module always sends them. A type alias, not an interface,
 * so that it is assignable to the generated schema type (which has an index signature).
 */
export type ReindexProgress = {
  total_entries: number;
  processed_entries: number;
  failed_entries: number;
  total_chunks: number;
  percent: number;
};

/** Turns text into vectors. Implementations: ./hashing.ts (built in), ./openai.ts. */
export interface Embedder {
  /** Recorded with every index generation; an index built by another model is not searched. */
  readonly model: string;
  /** The vectors' length (an OpenAI embedder without configured dimensions learns it from its first answer). */
  readonly dimensions: number;
  /** One vector per text, in order, of unit length (all zeros for a text without features). */
  embed(texts: string[]): Promise<Float32Array[]>;
}

/** What the index needs to know of a volume. */
export interface IndexedVolume {
  org_id: string;
  workspace_id: string;
  volume_id: string;
  volume_name: string;
  indexing_mode: IndexingMode;
  chunking_strategy: ChunkingStrategy;
  /**
   * Not read: the index keeps its live generation itself (the volume's `state` key), so that the
   * swap at the end of a reindex and the writes racing it are decided in one place. Accepted so
   * that callers which carry it keep compiling.
   */
  index_generation?: number;
}

/** What the index needs to know of an entry. */
export interface IndexedEntry {
  entry_id: string;
  path: string;
  /** `json`, `text` or `file`. */
  content_type: string;
  content?: Record<string, unknown> | null;
  content_text?: string | null;
  mime_type?: string | null;
  tags: string[];
  /** A file entry's bytes, for its text when `mime_type` is textual and `content_text` is empty. */
  bytes?: Uint8Array;
  /** The result of `SearchIndex.prepare` for this entry, computed outside the write transaction. */
  prepared?: PreparedEntry;
}

/**
 * An entry chunked and embedded ahead of its write transaction. It never holds a thrown error: an
 * embedding failure is kept in `error` so the write can go ahead and record the entry as not indexed.
 */
export interface PreparedEntry {
  /** What it was computed from; `indexEntry` recomputes when any of these no longer match. */
  model: string;
  strategy: ChunkingStrategy;
  text: string;
  chunks: string[];
  /** One per chunk; empty when `error` is set. */
  vectors: Float32Array[];
  error: string | null;
}

/** The index's record of one entry in a generation, as `indexEntry` and `entryIndexState` answer it. */
export interface EntryIndexState {
  /** Whether the entry's current content is searchable. */
  is_indexed: boolean;
  /** When it was indexed (epoch milliseconds from the index's clock); null when not indexed. */
  indexed_at: number | null;
  /** Chunks of the current content in the index (0 when not indexed). */
  total_chunks: number;
  /** Why indexing failed (the embedder's message), or null. */
  error: string | null;
}

/** A reindex's state, handed to the store's `progress` callback to persist on the volume. */
export interface ReindexUpdate {
  /** `running` while it works (the first update), then `completed` or `failed`. */
  status: 'running' | 'completed' | 'failed';
  progress: ReindexProgress;
  /** Epoch milliseconds (the index's clock): `reindex_started_at`. */
  started_at: number;
  /** Epoch milliseconds: `reindex_completed_at`, set on `completed` and `failed`. */
  completed_at: number | null;
  /** `reindex_error` on `failed`. */
  error: string | null;
}

/** How a reindex ended: its last update, or `cancelled` (volume deleted or `cancel()`), which sends none. */
/**
 * The live entries a reindex reads, called once to count them (`withBytes: false`: `bytes` may be
 * left out) and once to index them (`withBytes: true`).
 */
export type ReindexEntries = (options: { withBytes: boolean }) => AsyncIterable<IndexedEntry>;

export type ReindexOutcome = ReindexUpdate | { status: 'cancelled'; progress: ReindexProgress };

export interface ReindexJob {
  /** Settles when the job has ended; never rejects (failures are reported as `failed`). */
  done: Promise<ReindexOutcome>;
  /** Stops the job at its next step and drops the generation it was building; the old one keeps serving. */
  cancel(): void;
}
