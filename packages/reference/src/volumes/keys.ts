/**
 * Every storage key of the volumes store, in one place. All live under `volumes/`. Tenant ids,
 * environment ids and names are percent-encoded (they may hold `/`); entry paths are stored as they
 * are, last in their keys, so a directory's entries are one prefix scan. The search index's keys
 * (`volumes/index/...`) belong to ./search.
 *
 * | key | value |
 * |---|---|
 * | `volumes/secret` | the HMAC secret of cursors and download URLs (base64url) |
 * | `volumes/t/<org>/<ws>/v/<volume_id>` | `StoredVolume` |
 * | `volumes/t/<org>/<ws>/name/<env>/<name>` | the volume id holding that name in that environment |
 * | `volumes/vol/<volume_id>/e/<path>` | `StoredEntry` |
 * | `volumes/vol/<volume_id>/id/<entry_id>` | the entry's path (presigned URLs name entries by id) |
 * | `volumes/vol/<volume_id>/b/<entry_id>/<n>` | the n-th chunk of a file entry's bytes |
 * | `volumes/vol/<volume_id>/m/<mount_id>` | `VolumeMount` |
 * | `volumes/vol/<volume_id>/l/<lock_id>` | `StoredLock` |
 */
const ROOT = 'volumes/';
const part = encodeURIComponent;

const tenant = (org: string, workspace: string) => `${ROOT}t/${part(org)}/${part(workspace)}/`;
const volume = (volumeId: string) => `${ROOT}vol/${volumeId}/`;

export const keys = {
  secret: `${ROOT}secret`,
  volumesOf: (org: string, workspace: string) => `${tenant(org, workspace)}v/`,
  volume: (org: string, workspace: string, volumeId: string) => `${tenant(org, workspace)}v/${volumeId}`,
  volumeName: (org: string, workspace: string, environment: string | null, name: string) =>
    `${tenant(org, workspace)}name/${part(environment ?? '')}/${part(name)}`,
  /** Everything a volume holds (entries, ids, bytes, mounts, locks): deleted with it. */
  contents: volume,
  entries: (volumeId: string) => `${volume(volumeId)}e/`,
  entry: (volumeId: string, path: string) => `${volume(volumeId)}e/${path}`,
  entryId: (volumeId: string, entryId: string) => `${volume(volumeId)}id/${entryId}`,
  blobChunks: (volumeId: string, entryId: string) => `${volume(volumeId)}b/${entryId}/`,
  blobChunk: (volumeId: string, entryId: string, index: number) =>
    `${volume(volumeId)}b/${entryId}/${String(index).padStart(8, '0')}`,
  mounts: (volumeId: string) => `${volume(volumeId)}m/`,
  mount: (volumeId: string, mountId: string) => `${volume(volumeId)}m/${mountId}`,
  locks: (volumeId: string) => `${volume(volumeId)}l/`,
  lock: (volumeId: string, lockId: string) => `${volume(volumeId)}l/${lockId}`,
} as const;
