import { compareKeys, type ReadTransaction, type StorageEngine, transactWithRetry } from '@dbwire/storage';
import { chunksPrefix, chunksUnder, parseChunkKey, readState } from './state.js';
import type { Embedder, IndexedEntry, IndexedVolume, SearchRequest, SearchResponse, SearchResult } from './types.js';
import { type ChunkHeader, chunkDimensions, decodeChunkHeader, dotStored } from './vectors.js';

export const DEFAULT_LIMIT = 10;

/** Whether an entry may be answered, and its current state: undefined when deleted, expired or out of the caller's reach. */
export type IsLive = (volume: IndexedVolume, path: string) => Promise<IndexedEntry | undefined>;

/**
 * An entry's best chunk, before the liveness and filter checks. Its header (entry id, preview) is
 * decoded only when needed: for the results, and for ties on score and path (entries of two
 * volumes at the same path), since a search scores every chunk but answers a few.
 */
class Candidate {
  private header: ChunkHeader | undefined;

  constructor(
    readonly volume: IndexedVolume,
    readonly path: string,
    readonly score: number,
    readonly chunk_index: number,
    private readonly bytes: Uint8Array,
  ) {}

  get entry_id(): string {
    return this.decoded().entry_id;
  }

  get preview(): string {
    return this.decoded().preview;
  }

  private decoded(): ChunkHeader {
    this.header ??= decodeChunkHeader(this.bytes);
    return this.header;
  }
}

/**
 * Brute-force cosine search: every chunk of each volume's live generation (under `path_prefix`)
 * is scored against the query, in one read transaction per volume. Each entry keeps its best chunk
 * (the first, on a tie); candidates are ordered by score (rounded to 6 decimals, as answered), then
 * path, then entry id, and walked in that order through `isLive` and the request's filters until
 * `limit` results are found. Volumes with `indexing_mode: disabled` are not read, and a volume
 * whose index was built by another embedder model answers nothing until it is reindexed.
 */
export async function searchVolumes(
  storage: StorageEngine,
  embedder: Embedder,
  volumes: IndexedVolume[],
  request: SearchRequest,
  isLive: IsLive,
  pageSize: number,
): Promise<SearchResponse> {
  const limit = request.limit ?? DEFAULT_LIMIT;
  const searchable = volumes.filter((volume) => volume.indexing_mode !== 'disabled');
  if (searchable.length === 0 || limit <= 0) return { results: [], query: request.query, total: 0 };
  const [query] = await embedder.embed([request.query]);
  if (query === undefined) throw new Error('The embedder answered no vector for the query.');

  const candidates: Candidate[] = [];
  for (const volume of searchable) {
    const found = await scoreVolume(storage, embedder.model, volume, query, request, pageSize);
    candidates.push(...found);
  }
  const minScore = request.min_score ?? 0;
  const ordered = candidates.filter((candidate) => candidate.score >= minScore).sort(byRank);

  const tags = request.tags?.length ? new Set(request.tags) : undefined;
  const contentTypes = request.content_types?.length ? new Set<string>(request.content_types) : undefined;
  const results: SearchResult[] = [];
  for (const candidate of ordered) {
    if (results.length >= limit) break;
    const entry = await isLive(candidate.volume, candidate.path);
    if (entry === undefined) continue;
    if (tags && !entry.tags.some((tag) => tags.has(tag))) continue;
    if (contentTypes && !contentTypes.has(entry.content_type)) continue;
    results.push({
      entry_id: entry.entry_id,
      volume_id: candidate.volume.volume_id,
      volume_name: candidate.volume.volume_name,
      path: candidate.path,
      score: candidate.score,
      content_preview: candidate.preview,
      chunk_index: candidate.chunk_index,
    });
  }
  return { results, query: request.query, total: results.length };
}

/** Reads of the state around a scan before the scan runs inside the state's transaction instead. */
const STATE_CHECKS = 3;

/**
 * The volume's candidates from its live generation. The state is read in its own transaction
 * before and after the scan rather than with it: a transaction of one scan statement needs no
 * re-check at commit on the SQL engines (which would read every chunk key again), and an
 * unchanged live generation afterwards proves the scan read a generation that was live
 * throughout (generations only grow, and an old one is cleared only after the swap). When a swap
 * keeps interleaving, the state and the scan share one transaction.
 */
async function scoreVolume(
  storage: StorageEngine,
  model: string,
  volume: IndexedVolume,
  query: Float32Array,
  request: SearchRequest,
  pageSize: number,
): Promise<Candidate[]> {
  const state = (tx: ReadTransaction) => readState(tx, volume);
  for (let attempt = 0; attempt < STATE_CHECKS; attempt++) {
    const before = await transactWithRetry(storage, state);
    if (before.live_model !== null && before.live_model !== model) return [];
    const found = await transactWithRetry(storage, (tx) =>
      scanGeneration(tx, volume, before.live, query, request, pageSize),
    );
    const after = await transactWithRetry(storage, state);
    if (after.live === before.live) return found;
  }
  return transactWithRetry(storage, async (tx) => {
    const current = await state(tx);
    if (current.live_model !== null && current.live_model !== model) return [];
    return scanGeneration(tx, volume, current.live, query, request, pageSize);
  });
}

async function scanGeneration(
  tx: ReadTransaction,
  volume: IndexedVolume,
  generation: number,
  query: Float32Array,
  request: SearchRequest,
  pageSize: number,
): Promise<Candidate[]> {
  const keyBase = chunksPrefix(volume, generation);
  const pathPrefix = request.path_prefix?.replace(/^\/+/, '');
  const prefix = pathPrefix ? chunksUnder(volume, generation, pathPrefix) : keyBase;

  // Per entry path: the best chunk so far, its bytes kept so only winners get their header decoded.
  const best = new Map<string, { cosine: number; index: number; bytes: Uint8Array }>();
  let start: string | undefined;
  for (;;) {
    const page = await tx.scan({ prefix, start, limit: pageSize });
    for (const { key, value } of page) {
      if (chunkDimensions(value) !== query.length) continue;
      const cosine = dotStored(query, value);
      const { path, index } = parseChunkKey(key, keyBase);
      const current = best.get(path);
      if (current === undefined || cosine > current.cosine) best.set(path, { cosine, index, bytes: value });
    }
    if (page.length < pageSize) break;
    start = `${(page[page.length - 1] as { key: string }).key}\u0000`;
  }

  return [...best].map(([path, chunk]) => new Candidate(volume, path, toScore(chunk.cosine), chunk.index, chunk.bytes));
}

/** `(1 + cosine) / 2`, clamped to 0..1 against float error, rounded to 6 decimals. */
export function toScore(cosine: number): number {
  const score = Math.min(1, Math.max(0, (1 + cosine) / 2));
  return Math.round(score * 1e6) / 1e6;
}

/** Score descending, then path, then entry id ascending (code point order, as storage keys). */
function byRank(a: Candidate, b: Candidate): number {
  return b.score - a.score || compareKeys(a.path, b.path) || compareKeys(a.entry_id, b.entry_id);
}
