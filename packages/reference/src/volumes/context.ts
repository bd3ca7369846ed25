import type { SchemaValidators } from '@dbwire/server-stubs';
import type { StorageEngine } from '@dbwire/storage';
import type { SearchIndex } from './search/index.js';
import type { Signer } from './signer.js';

/** What every part of the store shares. */
export interface VolumesContext {
  storage: StorageEngine;
  /** Milliseconds since the epoch. */
  now: () => number;
  signer: Signer;
  /** Chunks, embeds and searches entries (./search); kept current in each write's transaction. */
  search: SearchIndex;
  limits: { entry: number; upload: number };
  /** The origin presigned URLs use; default the request's `Host`. */
  publicBaseUrl: string | undefined;
  /** Schemas `schema_id` may name besides entries of the volume (see ./schemas.ts). */
  schemas: Record<string, object>;
  /** Compiles and caches the configured `schemas`, for the server's lifetime (see ./schemas.ts). */
  schemaValidators: SchemaValidators;
}
