import type { StorageEngine, WriteTransaction } from '@dbwire/storage';
import type { StoredEntry, StoredVolume, VolumeEntry } from './model.js';
import type { Signer } from './signer.js';

/** The indexing fields of an entry, as its last (un)indexing left them. */
export type IndexState = Pick<VolumeEntry, 'is_indexed' | 'indexed_at' | 'total_chunks'>;

/** What the store asks of the search index on every write and delete (see ./indexing.ts). */
export interface Indexer {
  /** The model volumes embed with when they name none. */
  readonly defaultModel: string;
  /** (Re)indexes the entry in `tx` when the volume indexes on write; answers its index state. */
  index(tx: WriteTransaction, volume: StoredVolume, entry: StoredEntry, bytes?: Uint8Array): Promise<IndexState>;
  /** Drops the entry's chunks in `tx`. */
  remove(tx: WriteTransaction, volume: StoredVolume, path: string): Promise<void>;
  /** Drops the volume's whole index in `tx`. */
  removeVolume(tx: WriteTransaction, volume: StoredVolume): Promise<void>;
}

/** What every part of the store shares. */
export interface VolumesContext {
  storage: StorageEngine;
  /** Milliseconds since the epoch. */
  now: () => number;
  signer: Signer;
  indexer: Indexer;
  limits: { entry: number; upload: number };
  /** The origin presigned URLs use; default the request's `Host`. */
  publicBaseUrl: string | undefined;
  /** Schemas `schema_id` may name besides entries of the volume (see ./schemas.ts). */
  schemas: Record<string, object>;
}
