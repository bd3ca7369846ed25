/**
 * Semantic search over a volume's entries: chunking, embedding, the stored index, queries and
 * reindex jobs. The store (../, entries, volumes, routes) calls only what this file exports.
 *
 * CONTRACT (implemented in this folder; keep these names and signatures):
 *
 * - `interface Embedder { readonly model: string; readonly dimensions: number;
 *      embed(texts: string[]): Promise<Float32Array[]> }` — one vector per text, unit length.
 * - `createHashingEmbedder(dimensions = 256): Embedder` — the built-in, deterministic embedder
 *   that needs no model download (hashed word and character-trigram features, L2-normalised):
 *   the same text always gives the same vector, on every runtime. Documented as lexical, not
 *   semantic.
 * - `createOpenAIEmbedder({ url, apiKey?, model, dimensions?, fetch? }): Embedder` — any
 *   OpenAI-compatible `POST {url}/embeddings` endpoint.
 * - `chunkText(text: string, strategy: ChunkingStrategy, options?: { size?: number; overlap?: number }): string[]`
 *   — `recursive` (paragraphs, lines, sentences, words; ~800 tokens with 100 overlap; a token is
 *   ~4 characters), `fixed`, `semantic` (falls back to sentence grouping with the hashing
 *   embedder's similarity), `none`.
 * - `entryText(entry): string` — the searchable text of an entry: `content_text`, or JSON content
 *   flattened to `key: value` lines, or for file entries their text when the mime type is textual.
 * - `class SearchIndex` with `constructor(options: { embedder: Embedder; now?: () => number;
 *   reindex?: { batchSize?, progressIntervalMs?, cleanupPageSize? }; scanPageSize? })`:
 *     - `indexEntry(tx: WriteTransaction, volume: IndexedVolume, entry: IndexedEntry): Promise<EntryIndexState>`
 *       — (re)writes the entry's chunks and vectors in the volume's *live* index generation (and in
 *       the generation a running reindex builds), in the caller's transaction, and answers the
 *       entry's `is_indexed`, `indexed_at` (epoch ms), `total_chunks` and `error`. An embedding
 *       failure never rejects: the entry is recorded as not indexed, with the error, and the write
 *       goes ahead. When `volume.indexing_mode !== 'auto'` nothing is indexed and the entry's old
 *       chunks are removed. Embedding happens before the caller's transaction when possible: call
 *       `prepare(volume, entry)` first outside the transaction and pass its result as
 *       `entry.prepared` (optional optimisation; recomputed when it no longer matches).
 *     - `removeEntry(tx: WriteTransaction, volume: IndexedVolume, path: string): Promise<void>` — every
 *       generation (a tombstone in the one a reindex builds, so the job cannot put it back).
 *     - `removeVolume(tx: WriteTransaction, volume: IndexedVolume): Promise<void>` — drops every
 *       generation (a running reindex of the volume then stops by itself).
 *     - `entryIndexState(tx: ReadTransaction, volume: IndexedVolume, path: string): Promise<EntryIndexState>`
 *       — what the live generation holds for an entry (for `is_indexed`/`indexed_at`/`total_chunks`
 *       on reads, which change when a reindex swaps generations).
 *     - `search(storage: StorageEngine, volumes: IndexedVolume[], request: SearchRequest,
 *       isLive: (volume, path) => Promise<IndexedEntry | undefined>): Promise<SearchResponse>` —
 *       scores `(1 + cosine) / 2` rounded to 6 decimals, best chunk per entry, filters of the
 *       request, expired/deleted entries skipped through `isLive`, ordered by score desc then
 *       path then entry_id (the spec's order; results of several volumes merged on it), `limit`
 *       results; volumes with `indexing_mode: 'disabled'` answer nothing.
 *     - `startReindex(storage: StorageEngine, volume: IndexedVolume,
 *       entries: (options: { withBytes: boolean }) => AsyncIterable<IndexedEntry>,
 *       progress: (update: ReindexUpdate) => Promise<void>): ReindexJob` — builds a new generation
 *       in the background (old generation keeps serving), swaps atomically at the end, reports
 *       progress through `progress` (the store persists `reindex_status`/`reindex_progress`).
 *       `entries` is called twice (count, then index); the counting call passes `withBytes: false`
 *       and may get entries without `bytes`. Updates: `running` (with `total_entries`),
 *       throttled `running` ones, then `completed` or `failed`; timestamps in epoch ms.
 * - Types `IndexedVolume` (`{ org_id, workspace_id, volume_id, volume_name, indexing_mode,
 *   chunking_strategy, index_generation? }`), `IndexedEntry` (`{ entry_id, path, content_type,
 *   content?, content_text?, mime_type?, tags, bytes?: Uint8Array, prepared? }`), `ReindexUpdate`,
 *   `ReindexJob` (`{ done: Promise<ReindexOutcome>; cancel(): void }`; `done` never rejects).
 *   `IndexedVolume.index_generation` is optional and not read: the index keeps its live and
 *   building generations in its own `state` key.
 *
 * Storage keys live under `volumes/index/<org>/<workspace>/<volume>/<generation>/...`.
 */
export {
  CHARS_PER_TOKEN,
  type ChunkOptions,
  chunkText,
  DEFAULT_CHUNK_TOKENS,
  DEFAULT_OVERLAP_TOKENS,
} from './chunking.js';
export { entryText, isTextual } from './entry-text.js';
export { createHashingEmbedder, HASHING_MODEL } from './hashing.js';
export { createOpenAIEmbedder, EmbeddingError, type OpenAIEmbedderOptions } from './openai.js';
export { DEFAULT_LIMIT, type IsLive } from './query.js';
export { SearchIndex, type SearchIndexOptions } from './search-index.js';
export type {
  ChunkingStrategy,
  Embedder,
  EntryIndexState,
  IndexedEntry,
  IndexedVolume,
  IndexingMode,
  PreparedEntry,
  ReindexEntries,
  ReindexJob,
  ReindexOutcome,
  ReindexProgress,
  ReindexUpdate,
  SearchRequest,
  SearchResponse,
  SearchResult,
} from './types.js';
