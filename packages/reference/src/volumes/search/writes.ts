import { deletePrefix, getJson, putJson, type ReadTransaction, type WriteTransaction } from '@dbwire/storage';
import { chunkText } from './chunking.js';
import { entryText } from './entry-text.js';
import { chunkKey, chunksPrefix, type DocRecord, docKey } from './state.js';
import type { Embedder, EntryIndexState, IndexedEntry, IndexedVolume, PreparedEntry } from './types.js';
import { encodeChunk } from './vectors.js';

/** `content_preview` is at most this many characters of the best chunk. */
export const PREVIEW_CHARS = 500;

/**
 * Chunks and embeds an entry's searchable text. Never rejects: an embedder failure is kept in
 * `error`, so the caller can still write the entry and record it as not indexed.
 */
export async function prepareEntry(
  embedder: Embedder,
  volume: IndexedVolume,
  entry: IndexedEntry,
): Promise<PreparedEntry> {
  const text = entryText(entry);
  const chunks = chunkText(text, volume.chunking_strategy);
  const base = { model: embedder.model, strategy: volume.chunking_strategy, text, chunks };
  if (chunks.length === 0) return { ...base, vectors: [], error: null };
  try {
    const vectors = await embedder.embed(chunks);
    if (vectors.length !== chunks.length)
      throw new Error(`the embedder answered ${vectors.length} vectors for ${chunks.length} chunks`);
    return { ...base, vectors, error: null };
  } catch (error) {
    return { ...base, vectors: [], error: error instanceof Error ? error.message : String(error) };
  }
}

/** `entry.prepared` when it still matches the entry, the volume and the embedder; otherwise prepared now. */
export function preparedFor(embedder: Embedder, volume: IndexedVolume, entry: IndexedEntry): Promise<PreparedEntry> {
  const prepared = entry.prepared;
  if (
    prepared &&
    prepared.model === embedder.model &&
    prepared.strategy === volume.chunking_strategy &&
    prepared.text === entryText(entry)
  ) {
    return Promise.resolve(prepared);
  }
  return prepareEntry(embedder, volume, entry);
}

/**
 * Replaces the entry's chunks and record in one generation with `prepared` (or, when `error` is
 * set, with none and a failed record).
 */
export async function writeEntry(
  tx: WriteTransaction,
  volume: IndexedVolume,
  generation: number,
  entry: Pick<IndexedEntry, 'entry_id' | 'path'>,
  prepared: PreparedEntry,
  by: DocRecord['by'],
  now: number,
): Promise<DocRecord> {
  await deletePrefix(tx, chunksPrefix(volume, generation, entry.path));
  const failed = prepared.error !== null;
  if (!failed) {
    for (const [index, chunk] of prepared.chunks.entries()) {
      const header = { entry_id: entry.entry_id, preview: preview(chunk) };
      await tx.put(
        chunkKey(volume, generation, entry.path, index),
        encodeChunk(header, prepared.vectors[index] as Float32Array),
      );
    }
  }
  const record: DocRecord = {
    entry_id: entry.entry_id,
    chunks: failed ? 0 : prepared.chunks.length,
    indexed_at: failed ? null : now,
    error: prepared.error,
    by,
  };
  await putJson(tx, docKey(volume, generation, entry.path), record);
  return record;
}

/** Removes the entry's chunks and record from one generation; `tombstone` leaves a deleted-record behind. */
export async function removeEntryFrom(
  tx: WriteTransaction,
  volume: IndexedVolume,
  generation: number,
  path: string,
  tombstone: boolean,
): Promise<void> {
  await deletePrefix(tx, chunksPrefix(volume, generation, path));
  const key = docKey(volume, generation, path);
  if (tombstone) {
    const record: DocRecord = { entry_id: '', chunks: 0, indexed_at: null, error: null, by: 'write', deleted: true };
    await putJson(tx, key, record);
  } else if ((await tx.get(key)) !== undefined) {
    await tx.delete(key);
  }
}

export async function readDoc(
  tx: ReadTransaction,
  volume: IndexedVolume,
  generation: number,
  path: string,
): Promise<DocRecord | undefined> {
  return getJson<DocRecord>(tx, docKey(volume, generation, path));
}

export function indexStateOf(record: DocRecord | undefined): EntryIndexState {
  if (!record || record.deleted) return { is_indexed: false, indexed_at: null, total_chunks: 0, error: null };
  return {
    is_indexed: record.error === null,
    indexed_at: record.indexed_at,
    total_chunks: record.chunks,
    error: record.error,
  };
}

/** The start of a chunk, whitespace runs collapsed, at most `PREVIEW_CHARS` characters (never half a surrogate pair). */
export function preview(chunk: string): string {
  let text = chunk.replace(/\s+/g, ' ').trim();
  if (text.length > PREVIEW_CHARS) {
    text = text.slice(0, PREVIEW_CHARS);
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) text = text.slice(0, -1);
  }
  return text;
}
