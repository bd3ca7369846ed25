import { type Download, type DownloadAs, type DownloadBody, fetchPresigned } from './download.js';
import type { Client } from './generated/client/index.js';
import * as op from './generated/sdk.gen.js';
import type {
  DirectoryListing,
  EntryDeleteResponse,
  EntryDownloadResponse,
  EntryUploadRequest,
  EntryWriteRequest,
  EntryWriteResponse,
  LockAcquireRequest,
  LockAcquireResponse,
  LockListResponse,
  LockReleaseResponse,
  MountCreateRequest,
  MountCreateResponse,
  MountDeleteResponse,
  MountListResponse,
  ReindexRequest,
  SearchRequest,
  SearchResponse,
  Volume,
  VolumeCreateRequest,
  VolumeCreateResponse,
  VolumeDeleteResponse,
  VolumeEntry,
  VolumeListResponse,
  VolumeUpdateRequest,
  VolumeUpdateResponse,
} from './generated/types.gen.js';
import { volumePages } from './pagination.js';
import { createVolumesTransport, type VolumesTransportOptions } from './transport.js';
import { type UploadSource, uploadPart } from './upload.js';

export interface VolumesClientOptions extends VolumesTransportOptions {
  /** The organization every call addresses (the token's own). */
  orgId: string;
  /** The workspace every call addresses (the token's own). */
  workspaceId: string;
}

/** What every call takes. */
export interface CallOptions {
  /** Cancels the call (it then rejects with `ApiUserAbortError`). */
  signal?: AbortSignal;
  /** Extra headers for this call. */
  headers?: Record<string, string>;
}

/** `listVolumes`'s query. */
export interface ListVolumesQuery {
  /** Only the volumes of this environment. */
  environmentId?: string;
  /** The previous page's `next_cursor`; send the same `environmentId` with it. */
  cursor?: string;
  /** At most this many volumes (1 to 200; the server's default is 50). */
  limit?: number;
}

/** The optional fields of an upload, besides the file. */
export interface UploadOptions extends CallOptions {
  /** The part's file name. @default a `File`'s name, else the path's last segment */
  filename?: string;
  /** The part's `Content-Type`, which becomes the entry's `mime_type`. @default a `Blob`'s type, else `application/octet-stream` */
  contentType?: string;
  tags?: string[];
  metadata?: Record<string, unknown>;
  /** Expire this many seconds after the upload. */
  ttlSeconds?: number;
  /** The writing app, for attribution (must be the token's app when it has one). */
  appId?: string;
  /** The writing pipeline execution, for attribution. */
  executionId?: string;
}

/** `downloadEntry`'s options. */
export interface DownloadOptions<As extends DownloadAs> extends CallOptions {
  /** The form of `data`. @default 'bytes' (a `Uint8Array`) */
  as?: As;
  /** How long the presigned URL stays valid, in seconds (60 to 604800; the server's default is 3600). */
  expiresIn?: number;
}

/** A downloaded entry, with what `getDownloadUrl` answered. */
export type EntryDownload<T> = Download<T> & { link: EntryDownloadResponse };

/** `acquireLock`'s answer, and whether it renewed a lock the holder already had (200) or took a new one (201). */
export type AcquiredLock = LockAcquireResponse & { renewed: boolean };

/**
 * A typed volumes client: one method per operation of `specs/volumes.yaml`, with the organization
 * and workspace filled in, plus `listAllVolumes` (every page), `uploadFileEntry` from any byte source
 * and `downloadEntry` (the presigned URL, followed). Entry paths may contain `/`
 * (`reports/2025/q1.json`); they go out percent-encoded as one path parameter (`reports%2F2025%2Fq1.json`),
 * which servers read as the same path as its unencoded form.
 */
export interface VolumesClient {
  readonly orgId: string;
  readonly workspaceId: string;
  /** The hey-api client underneath, for the generated functions (`listVolumes({ client, path, query })`...). */
  readonly transport: Client;

  /** One page of the workspace's volumes. See `listAllVolumes`. */
  listVolumes(query?: ListVolumesQuery, options?: CallOptions): Promise<VolumeListResponse>;
  /** Every volume (of `environmentId`, if given), page after page, oldest first. */
  listAllVolumes(
    query?: Omit<ListVolumesQuery, 'cursor'>,
    options?: CallOptions,
  ): AsyncGenerator<Volume, void, undefined>;
  /** Creates a volume (`ConflictError` when the name is taken in the environment). Sent once, never retried. */
  createVolume(body: VolumeCreateRequest, options?: CallOptions): Promise<VolumeCreateResponse>;
  getVolume(volumeId: string, options?: CallOptions): Promise<Volume>;
  /** Changes the fields present in `body`. Sent once, never retried. */
  updateVolume(volumeId: string, body: VolumeUpdateRequest, options?: CallOptions): Promise<VolumeUpdateResponse>;
  deleteVolume(volumeId: string, options?: CallOptions): Promise<VolumeDeleteResponse>;

  listVolumeMounts(volumeId: string, options?: CallOptions): Promise<MountListResponse>;
  /** Gives an app access to paths of the volume. Sent once, never retried. */
  createVolumeMount(volumeId: string, body: MountCreateRequest, options?: CallOptions): Promise<MountCreateResponse>;
  deleteVolumeMount(volumeId: string, mountId: string, options?: CallOptions): Promise<MountDeleteResponse>;

  /** The immediate children of the directory `path` (the root without it). */
  listEntries(volumeId: string, query?: { path?: string }, options?: CallOptions): Promise<DirectoryListing>;
  readEntry(volumeId: string, path: string, options?: CallOptions): Promise<VolumeEntry>;
  /** Creates or replaces a JSON (`content`) or text (`content_text`) entry. */
  writeEntry(
    volumeId: string,
    path: string,
    body: EntryWriteRequest,
    options?: CallOptions,
  ): Promise<EntryWriteResponse>;
  deleteEntry(volumeId: string, path: string, options?: CallOptions): Promise<EntryDeleteResponse>;
  /**
   * Stores `file` as the file entry at `path` (multipart). `file` may be a `Blob`/`File`, a
   * `Uint8Array` or `Buffer`, an `ArrayBuffer`, a `ReadableStream` or an (async) iterable of chunks;
   * streams are read to their end first. Sent once, never retried.
   */
  uploadFileEntry(
    volumeId: string,
    path: string,
    file: UploadSource,
    options?: UploadOptions,
  ): Promise<EntryWriteResponse>;
  /** A presigned URL for the entry's bytes. See `downloadEntry` to fetch them. */
  getDownloadUrl(
    volumeId: string,
    path: string,
    query?: { expiresIn?: number },
    options?: CallOptions,
  ): Promise<EntryDownloadResponse>;
  /**
   * The entry's bytes: asks for a presigned URL, then fetches it without the token. `as` picks the
   * form of `data`: `bytes` (default), `blob`, `stream` or `text`.
   */
  downloadEntry<As extends DownloadAs = 'bytes'>(
    volumeId: string,
    path: string,
    options?: DownloadOptions<As>,
  ): Promise<EntryDownload<DownloadBody[As]>>;

  searchVolume(volumeId: string, body: SearchRequest, options?: CallOptions): Promise<SearchResponse>;
  /** Searches every volume `appId` has mounted, or without it every volume the caller may read. */
  searchAllVolumes(body: SearchRequest, query?: { appId?: string }, options?: CallOptions): Promise<SearchResponse>;

  listLocks(volumeId: string, options?: CallOptions): Promise<LockListResponse>;
  /** Takes or renews a lease on a partition (`LockConflictError` when another holder has it). Sent once, never retried. */
  acquireLock(volumeId: string, body: LockAcquireRequest, options?: CallOptions): Promise<AcquiredLock>;
  releaseLock(volumeId: string, partition: string, lockId: string, options?: CallOptions): Promise<LockReleaseResponse>;
  /** Starts a reindex (the answer is `null`); follow it with `getVolume`. Sent once, never retried. */
  reindexVolume(volumeId: string, body?: ReindexRequest, options?: CallOptions): Promise<null>;
}

/**
 * A client for a volumes server (`dbwire serve` on port 8300, or the product).
 *
 * ```ts
 * const volumes = createVolumesClient({ baseUrl: 'http://127.0.0.1:8300', token, orgId: 'org_acme', workspaceId: 'ws_research' });
 * const { volume } = await volumes.createVolume({ name: 'kb', environment_id: 'env_dev' });
 * await volumes.writeEntry(volume.volume_id, 'faq/refunds.md', { content_text: 'Refunds take 5 days.' });
 * const { results } = await volumes.searchVolume(volume.volume_id, { query: 'how long do refunds take' });
 * ```
 *
 * Retries and errors: see `createVolumesTransport`.
 */
export function createVolumesClient(options: VolumesClientOptions): VolumesClient {
  const { client, fetch } = createVolumesTransport(options);
  const { orgId, workspaceId } = options;
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const tenant = { org_id: orgId, workspace_id: workspaceId };
  /** What every generated call gets: this client, the call's signal and headers. */
  const common = (call: CallOptions) => ({ client, signal: call.signal, headers: call.headers });
  const volume = (volumeId: string) => ({ ...tenant, volume_id: volumeId });
  const entry = (volumeId: string, path: string) => ({ ...tenant, volume_id: volumeId, path });

  const volumes: VolumesClient = {
    orgId,
    workspaceId,
    transport: client,

    async listVolumes(query = {}, call = {}) {
      const { environmentId, cursor, limit } = query;
      const q = { environment_id: environmentId, cursor, limit };
      return (await op.listVolumes({ ...common(call), path: tenant, query: q })).data;
    },

    async *listAllVolumes(query = {}, call = {}) {
      for await (const page of volumePages((cursor) => volumes.listVolumes({ ...query, cursor }, call))) {
        yield* page.volumes;
      }
    },

    async createVolume(body, call = {}) {
      return (await op.createVolume({ ...common(call), path: tenant, body })).data;
    },

    async getVolume(volumeId, call = {}) {
      return (await op.getVolume({ ...common(call), path: volume(volumeId) })).data;
    },

    async updateVolume(volumeId, body, call = {}) {
      return (await op.updateVolume({ ...common(call), path: volume(volumeId), body })).data;
    },

    async deleteVolume(volumeId, call = {}) {
      return (await op.deleteVolume({ ...common(call), path: volume(volumeId) })).data;
    },

    async listVolumeMounts(volumeId, call = {}) {
      return (await op.listVolumeMounts({ ...common(call), path: volume(volumeId) })).data;
    },

    async createVolumeMount(volumeId, body, call = {}) {
      return (await op.createVolumeMount({ ...common(call), path: volume(volumeId), body })).data;
    },

    async deleteVolumeMount(volumeId, mountId, call = {}) {
      return (await op.deleteVolumeMount({ ...common(call), path: { ...volume(volumeId), mount_id: mountId } })).data;
    },

    async listEntries(volumeId, query = {}, call = {}) {
      return (await op.listEntries({ ...common(call), path: volume(volumeId), query: { path: query.path } })).data;
    },

    async readEntry(volumeId, path, call = {}) {
      return (await op.readEntry({ ...common(call), path: entry(volumeId, path) })).data;
    },

    async writeEntry(volumeId, path, body, call = {}) {
      return (await op.writeEntry({ ...common(call), path: entry(volumeId, path), body })).data;
    },

    async deleteEntry(volumeId, path, call = {}) {
      return (await op.deleteEntry({ ...common(call), path: entry(volumeId, path) })).data;
    },

    async uploadFileEntry(volumeId, path, file, call = {}) {
      const part = await uploadPart(file, path, call);
      // A `File` carries the part's file name; the generated form serializer appends blobs as they are.
      const named = new File([part.blob], part.filename, { type: part.blob.type });
      const body: EntryUploadRequest = {
        file: named,
        tags: call.tags === undefined ? undefined : JSON.stringify(call.tags),
        metadata: call.metadata === undefined ? undefined : JSON.stringify(call.metadata),
        ttl_seconds: call.ttlSeconds,
        app_id: call.appId,
        execution_id: call.executionId,
      };
      return (await op.uploadFileEntry({ ...common(call), path: entry(volumeId, path), body })).data;
    },

    async getDownloadUrl(volumeId, path, query = {}, call = {}) {
      const q = { expires_in: query.expiresIn };
      return (await op.getDownloadUrl({ ...common(call), path: entry(volumeId, path), query: q })).data;
    },

    async downloadEntry<As extends DownloadAs = 'bytes'>(
      volumeId: string,
      path: string,
      call: DownloadOptions<As> = {},
    ): Promise<EntryDownload<DownloadBody[As]>> {
      const link = await volumes.getDownloadUrl(volumeId, path, { expiresIn: call.expiresIn }, call);
      // A server may answer a URL relative to itself; an absolute one (another host, S3) is followed as is.
      const url = new URL(link.download_url, `${baseUrl}/`).href;
      const as = (call.as ?? 'bytes') as As;
      return { ...(await fetchPresigned(fetch, url, as, call.signal)), link };
    },

    async searchVolume(volumeId, body, call = {}) {
      return (await op.searchVolume({ ...common(call), path: volume(volumeId), body })).data;
    },

    async searchAllVolumes(body, query = {}, call = {}) {
      return (await op.searchAllVolumes({ ...common(call), path: tenant, query: { app_id: query.appId }, body })).data;
    },

    async listLocks(volumeId, call = {}) {
      return (await op.listLocks({ ...common(call), path: volume(volumeId) })).data;
    },

    async acquireLock(volumeId, body, call = {}) {
      const { data, response } = await op.acquireLock({ ...common(call), path: volume(volumeId), body });
      return { ...data, renewed: response.status === 200 };
    },

    async releaseLock(volumeId, partition, lockId, call = {}) {
      const path = { ...volume(volumeId), partition };
      return (await op.releaseLock({ ...common(call), path, query: { lock_id: lockId } })).data;
    },

    async reindexVolume(volumeId, body, call = {}) {
      // An empty object rather than no body: the generated call declares JSON either way.
      await op.reindexVolume({ ...common(call), path: volume(volumeId), body: body ?? {} });
      return null;
    },
  };
  return volumes;
}
