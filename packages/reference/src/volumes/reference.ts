import type { ApiBinding, RawRequest } from '@dbwire/server-stubs';
import { type VolumesHandlers, volumesApi, volumesErrorShape } from '@dbwire/server-stubs/volumes';
import type { StorageEngine } from '@dbwire/storage';
import { DEFAULT_TOKENS, TokenTable, type VolumesToken } from './auth.js';
import type { VolumesContext } from './context.js';
import { Downloads } from './downloads.js';
import { Entries } from './entries.js';
import { Locks } from './locks.js';
import type { VolumesCaller } from './model.js';
import { Mounts } from './mounts.js';
import { directoryPath, entryPath } from './paths.js';
import { Reindexes } from './reindex.js';
import { schemaValidators } from './schemas.js';
import { createHashingEmbedder, type Embedder, SearchIndex } from './search/index.js';
import { Searches } from './searches.js';
import { Signer } from './signer.js';
import { checkTenant } from './store.js';
import { readUpload, type UploadForm } from './uploads.js';
import { Volumes } from './volumes.js';

const MIB = 1024 * 1024;
/** Room for a multipart body's boundaries, part headers and form fields around the file itself. */
export const MULTIPART_OVERHEAD_BYTES = 64 * 1024;
const DEFAULT_UPLOAD_LIMIT_BYTES = 100 * MIB;

export interface VolumesReferenceOptions {
  storage: StorageEngine;
  /**
   * Bearer tokens and what they grant. Default: the development token `dev-token` (organization
   * `dev-org`, workspace `dev-workspace`, every permission) only; giving any tokens replaces it.
   */
  tokens?: Record<string, VolumesToken>;
  /** Largest `writeEntry` request body, in bytes. Default 1 MiB. */
  entryLimitBytes?: number;
  /** Largest uploaded file, in bytes. Default 100 MiB. Servers must accept bodies of `uploadBodyLimit(...)`. */
  uploadLimitBytes?: number;
  /** HMAC secret of cursors and download URLs. Default: one made by the first server and kept on the engine. */
  downloadUrlSecret?: Uint8Array;
  /** The origin of presigned download URLs (`https://files.example.com`). Default: `http://` + the request's `Host`. */
  publicBaseUrl?: string;
  /** Schemas `schema_id` may name besides JSON entries of the volume, by id. */
  schemas?: Record<string, object>;
  /**
   * Embeds chunks and queries. Default: the built-in deterministic hashing embedder (lexical, no
   * model download); `createOpenAIEmbedder` from ./search plugs in an OpenAI-compatible endpoint.
   */
  embedder?: Embedder;
  /** Milliseconds since the epoch; injectable so tests can move TTLs, leases and URL expiry. */
  now?: () => number;
}

/**
 * The largest request body a server in front of the store must accept: an upload at
 * `uploadLimitBytes` (default 100 MiB) with its multipart form around it. The store answers 413 beyond.
 */
export function uploadBodyLimit(options: Pick<VolumesReferenceOptions, 'uploadLimitBytes'>): number {
  return (options.uploadLimitBytes ?? DEFAULT_UPLOAD_LIMIT_BYTES) + MULTIPART_OVERHEAD_BYTES;
}

export interface VolumesReference {
  binding: ApiBinding<VolumesCaller>;
  /** The largest request body the server in front must accept (an upload at the limit, with its form). */
  bodyLimit: number;
  close(): Promise<void>;
}

/**
 * The volumes store (specs/volumes.yaml) on a storage engine: volumes, mounts, entries with TTL
 * and attribution, file uploads kept on the engine, presigned download URLs this server serves at
 * `/_blobs/{blob_key}`, semantic search (./search) kept current in each write's transaction,
 * background reindexes, and partition locks. Each request is one storage transaction; everything
 * durable is on the engine, so any number of instances may share one.
 */
export async function createVolumesReference(options: VolumesReferenceOptions): Promise<VolumesReference> {
  const now = options.now ?? Date.now;
  const limits = {
    entry: options.entryLimitBytes ?? MIB,
    upload: options.uploadLimitBytes ?? DEFAULT_UPLOAD_LIMIT_BYTES,
  };
  const bodyLimit = uploadBodyLimit(options);
  const context: VolumesContext = {
    storage: options.storage,
    now,
    signer: await Signer.create(options.storage, options.downloadUrlSecret),
    search: new SearchIndex({ embedder: options.embedder ?? createHashingEmbedder(), now }),
    limits,
    publicBaseUrl: options.publicBaseUrl,
    schemas: options.schemas ?? {},
    schemaValidators: schemaValidators(),
  };
  const tokens = new TokenTable(options.tokens ?? DEFAULT_TOKENS, { entry: limits.entry, upload: bodyLimit }, now);
  const reindexes = new Reindexes(context);
  const volumes = new Volumes(context, reindexes);
  const searches = new Searches(context);
  const mounts = new Mounts(context);
  const entries = new Entries(context);
  const downloads = new Downloads(context);
  const locks = new Locks(context);

  const handlers: VolumesHandlers<VolumesCaller> = {
    async listVolumes({ params, query }, caller) {
      return { status: 200, body: await volumes.list(checkTenant(caller, params), query) };
    },
    async createVolume({ params, body }, caller) {
      const volume = await volumes.create(caller, checkTenant(caller, params), body);
      return { status: 201, body: { message: 'Volume created successfully', volume } };
    },
    async getVolume({ params }, caller) {
      return { status: 200, body: await volumes.get(checkTenant(caller, params), params.volume_id) };
    },
    async updateVolume({ params, body }, caller) {
      const volume = await volumes.update(checkTenant(caller, params), params.volume_id, body);
      return { status: 200, body: { message: 'Volume updated successfully', volume } };
    },
    async deleteVolume({ params }, caller) {
      await volumes.delete(checkTenant(caller, params), params.volume_id);
      return { status: 200, body: { message: 'Volume deleted successfully' } };
    },
    async listVolumeMounts({ params }, caller) {
      return { status: 200, body: { mounts: await mounts.list(checkTenant(caller, params), params.volume_id) } };
    },
    async createVolumeMount({ params, body }, caller) {
      const mount = await mounts.create(caller, checkTenant(caller, params), params.volume_id, body);
      return { status: 201, body: { message: 'Mount created successfully', mount } };
    },
    async deleteVolumeMount({ params }, caller) {
      await mounts.delete(checkTenant(caller, params), params.volume_id, params.mount_id);
      return { status: 200, body: { message: 'Mount removed successfully' } };
    },
    async readEntry({ params }, caller) {
      const path = entryPath(params.path, 'read');
      return { status: 200, body: await entries.read(caller, checkTenant(caller, params), params.volume_id, path) };
    },
    async writeEntry({ params, body, headers }, caller) {
      const path = entryPath(params.path, 'write');
      const content = Entries.content(body);
      const tenant = checkTenant(caller, params);
      const entry = await entries.write(
        caller,
        tenant,
        params.volume_id,
        path,
        content,
        body,
        headers['x-execution-id'],
      );
      return { status: 200, body: { message: 'Entry written successfully', entry } };
    },
    async deleteEntry({ params }, caller) {
      const path = entryPath(params.path, 'read');
      await entries.delete(caller, checkTenant(caller, params), params.volume_id, path);
      return { status: 200, body: { message: 'Entry deleted successfully' } };
    },
    async listEntries({ params, query }, caller) {
      const directory = directoryPath(query.path);
      return {
        status: 200,
        body: await entries.list(caller, checkTenant(caller, params), params.volume_id, directory),
      };
    },
    async uploadFileEntry({ params, body, headers }, caller) {
      const path = entryPath(params.path, 'write');
      const { content, common } = await readUpload(body as unknown as UploadForm, limits.upload);
      const tenant = checkTenant(caller, params);
      const entry = await entries.write(
        caller,
        tenant,
        params.volume_id,
        path,
        content,
        common,
        headers['x-execution-id'],
      );
      return { status: 201, body: { message: 'Entry written successfully', entry } };
    },
    async getDownloadUrl({ params, query, headers }, caller) {
      const path = entryPath(params.path, 'read');
      const tenant = checkTenant(caller, params);
      const url = await downloads.url(caller, tenant, params.volume_id, path, query.expires_in ?? 3600, headers.host);
      return { status: 200, body: url };
    },
    async downloadBlob({ params, query }) {
      return (await downloads.serve(params.blob_key, query.exp, query.sig)) as never;
    },
    async listLocks({ params }, caller) {
      return { status: 200, body: { locks: await locks.list(checkTenant(caller, params), params.volume_id) } };
    },
    async acquireLock({ params, body }, caller) {
      const { lock, renewed } = await locks.acquire(caller, checkTenant(caller, params), params.volume_id, body);
      return { status: renewed ? 200 : 201, body: { message: 'Lock acquired successfully', lock } };
    },
    async releaseLock({ params, query }, caller) {
      await locks.release(checkTenant(caller, params), params.volume_id, params.partition, query.lock_id);
      return { status: 200, body: { message: 'Lock released successfully' } };
    },
    async searchVolume({ params, body }, caller) {
      return { status: 200, body: await searches.volume(caller, checkTenant(caller, params), params.volume_id, body) };
    },
    async searchAllVolumes({ params, query, body }, caller) {
      return { status: 200, body: await searches.all(caller, checkTenant(caller, params), query.app_id, body) };
    },
    async reindexVolume({ params }, caller) {
      await reindexes.request(checkTenant(caller, params), params.volume_id);
      return { status: 202, body: null };
    },
  };

  return {
    binding: {
      id: volumesApi.id,
      schemas: volumesApi.schemas,
      routes: volumesApi.routes,
      handlers,
      errors: volumesErrorShape,
      authenticate: async (request: RawRequest, route) => tokens.authenticate(request, route),
      // Only `downloadBlob` is public: its signature is its authorization.
      publicContext: undefined as unknown as VolumesCaller,
    },
    bodyLimit,
    async close() {
      await reindexes.close();
    },
  };
}
