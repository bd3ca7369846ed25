import type { components } from '@dbwire/server-stubs/volumes';

/** The volumes schema types the store works with, named as in specs/volumes.yaml. */
type Schemas = components['schemas'];

export type Volume = Schemas['Volume'];
export type VolumeEntry = Schemas['VolumeEntry'];
export type VolumeMount = Schemas['VolumeMount'];
export type VolumeLock = Schemas['VolumeLock'];
export type ReindexProgress = Schemas['ReindexProgress'];
export type IndexingMode = Schemas['IndexingMode'];
export type ChunkingStrategy = Schemas['ChunkingStrategy'];
export type SearchRequest = Schemas['SearchRequest'];
export type SearchResponse = Schemas['SearchResponse'];

export type Permission = 'volumes:read' | 'volumes:write' | 'volumes:admin';

/** Who is calling: what the bearer token grants. */
export interface VolumesCaller {
  org_id: string;
  workspace_id: string;
  /** Effective permissions (`volumes:admin` includes `volumes:write`, which includes `volumes:read`). */
  permissions: ReadonlySet<Permission>;
  /** The app the token belongs to, if any: such callers are limited to their mounts. */
  app_id: string | undefined;
  /** Recorded as `created_by` and `granted_by`. */
  principal: string;
}

/** The tenant part of every request path. */
export interface Tenant {
  org_id: string;
  workspace_id: string;
}

/** A volume as stored: the response object plus bookkeeping. */
export interface StoredVolume extends Volume {
  /** When the current reindex last reported (ms), so one whose process died stops blocking new ones. */
  reindex_heartbeat_ms?: number;
}

/** Where a file entry's bytes are: `chunks` values of at most `CHUNK_BYTES` under the entry's blob prefix. */
export interface StoredBlob {
  size: number;
  chunks: number;
}

/** An entry as stored: the response object, its expiry in ms (null for never) and its file bytes' layout. */
export interface StoredEntry extends VolumeEntry {
  expires_at_ms: number | null;
  blob: StoredBlob | null;
}

/** A lock as stored, with its expiry in ms for comparisons against the clock. */
export interface StoredLock extends VolumeLock {
  expires_at_ms: number;
}
