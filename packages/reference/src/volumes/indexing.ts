import type { ReadTransaction } from '@dbwire/storage';
import type { StoredEntry, StoredVolume, VolumeEntry } from './model.js';
import type { IndexedEntry, IndexedVolume, SearchIndex } from './search/index.js';
import { showEntry } from './store.js';
import { timestamp } from './time.js';

/** The search index's view of a volume. */
export function indexedVolume(volume: StoredVolume): IndexedVolume {
  return {
    org_id: volume.org_id,
    workspace_id: volume.workspace_id,
    volume_id: volume.volume_id,
    volume_name: volume.name,
    indexing_mode: volume.indexing_mode,
    chunking_strategy: volume.chunking_strategy,
  };
}

/** The search index's view of an entry (with a file's bytes, for its text when textual). */
export function indexedEntry(entry: StoredEntry, bytes?: Uint8Array): IndexedEntry {
  return {
    entry_id: entry.entry_id,
    path: entry.path,
    content_type: entry.content_type,
    content: entry.content,
    content_text: entry.content_text,
    mime_type: entry.mime_type,
    tags: entry.tags,
    ...(bytes ? { bytes } : {}),
  };
}

/**
 * An entry as answered, its `is_indexed`, `indexed_at` and `total_chunks` read from the live index
 * generation (they change when a reindex swaps generations, without a write to the entry).
 */
export async function shownWithIndex(
  tx: ReadTransaction,
  search: SearchIndex,
  volume: StoredVolume,
  entry: StoredEntry,
): Promise<VolumeEntry> {
  const state = await search.entryIndexState(tx, indexedVolume(volume), entry.path);
  return {
    ...showEntry(entry),
    is_indexed: state.is_indexed,
    indexed_at: state.indexed_at === null ? null : timestamp(state.indexed_at),
    total_chunks: state.total_chunks,
  };
}
