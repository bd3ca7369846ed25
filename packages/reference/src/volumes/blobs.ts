import type { WriteTransaction } from '@dbwire/storage';
import { keys } from './keys.js';
import type { StoredBlob, StoredEntry } from './model.js';

/** File bytes are kept on the engine in values of this size, so no single row grows with the file. */
export const CHUNK_BYTES = 256 * 1024;

/** Writes a file entry's bytes in `tx` (the entry's own transaction), replacing any it had. */
export async function writeBlob(
  tx: WriteTransaction,
  volumeId: string,
  entryId: string,
  bytes: Uint8Array,
  previous: StoredBlob | null,
): Promise<StoredBlob> {
  const chunks = Math.ceil(bytes.byteLength / CHUNK_BYTES);
  for (let index = 0; index < chunks; index++) {
    await tx.put(
      keys.blobChunk(volumeId, entryId, index),
      bytes.slice(index * CHUNK_BYTES, Math.min(bytes.byteLength, (index + 1) * CHUNK_BYTES)),
    );
  }
  for (let index = chunks; index < (previous?.chunks ?? 0); index++) {
    await tx.delete(keys.blobChunk(volumeId, entryId, index));
  }
  return { size: bytes.byteLength, chunks };
}

/** A file entry's bytes, joined. */
export async function readBlob(tx: WriteTransaction, volumeId: string, entry: StoredEntry): Promise<Uint8Array> {
  const blob = entry.blob ?? { size: 0, chunks: 0 };
  const bytes = new Uint8Array(blob.size);
  const rows = await tx.scan({ prefix: keys.blobChunks(volumeId, entry.entry_id) });
  let offset = 0;
  for (const row of rows.slice(0, blob.chunks)) {
    bytes.set(row.value, offset);
    offset += row.value.byteLength;
  }
  if (offset !== blob.size)
    throw new Error(`The bytes of entry ${entry.entry_id} are incomplete (${offset} of ${blob.size}).`);
  return bytes;
}

/** Removes a file entry's bytes, if it has any. */
export async function deleteBlob(tx: WriteTransaction, volumeId: string, entry: StoredEntry): Promise<void> {
  for (let index = 0; index < (entry.blob?.chunks ?? 0); index++) {
    await tx.delete(keys.blobChunk(volumeId, entry.entry_id, index));
  }
}
