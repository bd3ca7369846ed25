import { getJson, putJson, type ReadTransaction, type WriteTransaction } from '@dbwire/storage';
import type { IndexedVolume } from './types.js';

/**
 * Where a volume's index lives in the storage engine, and which of its generations serves.
 *
 *   volumes/index/<org>/<workspace>/<volume>/state                       IndexState (JSON)
 *   volumes/index/<org>/<workspace>/<volume>/<generation>/docs/<path>     DocRecord (JSON), one per entry
 *   volumes/index/<org>/<workspace>/<volume>/<generation>/chunks/<path>/<n>  a chunk (./vectors.ts)
 *
 * Names and paths are percent-encoded, so `/` inside them never reads as a separator: the chunks
 * of `a` are not a prefix of those of `a/b`. Percent-encoding keeps string prefixes (a prefix of
 * a path encodes to a prefix of its encoding), which `path_prefix` searches rely on.
 */
export interface IndexState {
  /** The generation searches read. */
  live: number;
  /** The embedder model that wrote the live generation; null while it holds no vectors. */
  live_model: string | null;
  /** The generation a reindex is building, which writes also go to until the swap. */
  building: { generation: number; build_id: string; model: string } | null;
}

/** The index's record of one entry in one generation. */
export interface DocRecord {
  entry_id: string;
  chunks: number;
  /** Epoch milliseconds; null when indexing failed. */
  indexed_at: number | null;
  error: string | null;
  /**
   * Who wrote it: an entry write (`write`) or the reindex job (`reindex`). A reindex never replaces
   * a `write` record in the generation it builds: that write happened after the job started and
   * carries content at least as new as what the job read.
   */
  by: 'write' | 'reindex';
  /** A tombstone: the entry was deleted while a reindex was building this generation. */
  deleted?: true;
}

const EMPTY_STATE: IndexState = { live: 0, live_model: null, building: null };

export function volumePrefix(volume: IndexedVolume): string {
  return `volumes/index/${encode(volume.org_id)}/${encode(volume.workspace_id)}/${encode(volume.volume_id)}/`;
}

export function stateKey(volume: IndexedVolume): string {
  return `${volumePrefix(volume)}state`;
}

export function generationPrefix(volume: IndexedVolume, generation: number): string {
  return `${volumePrefix(volume)}${String(generation).padStart(8, '0')}/`;
}

export function docKey(volume: IndexedVolume, generation: number, path: string): string {
  return `${generationPrefix(volume, generation)}docs/${encode(path)}`;
}

/** The chunks of one entry, or with `path` undefined all chunks of the generation. */
export function chunksPrefix(volume: IndexedVolume, generation: number, path?: string): string {
  return `${generationPrefix(volume, generation)}chunks/${path === undefined ? '' : `${encode(path)}/`}`;
}

/** The chunks of every entry whose path starts with `pathPrefix`. */
export function chunksUnder(volume: IndexedVolume, generation: number, pathPrefix: string): string {
  return `${generationPrefix(volume, generation)}chunks/${encode(pathPrefix)}`;
}

export function chunkKey(volume: IndexedVolume, generation: number, path: string, index: number): string {
  return `${chunksPrefix(volume, generation, path)}${String(index).padStart(6, '0')}`;
}

/** The entry path a chunk key belongs to, and the chunk's index. */
export function parseChunkKey(key: string, prefix: string): { path: string; index: number } {
  const rest = key.slice(prefix.length);
  const slash = rest.lastIndexOf('/');
  return { path: decodeURIComponent(rest.slice(0, slash)), index: Number(rest.slice(slash + 1)) };
}

export async function readState(tx: ReadTransaction, volume: IndexedVolume): Promise<IndexState> {
  return (await getJson<IndexState>(tx, stateKey(volume))) ?? EMPTY_STATE;
}

export function writeState(tx: WriteTransaction, volume: IndexedVolume, state: IndexState): Promise<void> {
  return putJson(tx, stateKey(volume), state);
}

function encode(segment: string): string {
  return encodeURIComponent(segment);
}
