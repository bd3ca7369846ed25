import { volumesError } from '@dbwire/server-stubs/volumes';
import { getJson, putJson, scanJson, type WriteTransaction } from '@dbwire/storage';
import { forbidden } from './auth.js';
import { globMatches } from './glob.js';
import { keys } from './keys.js';
import type { StoredEntry, StoredVolume, Tenant, Volume, VolumeEntry, VolumeMount, VolumesCaller } from './model.js';

export function notFound(resourceType: string, resourceId: string) {
  return volumesError(404, 'RESOURCE_NOT_FOUND', 'The requested resource was not found', {
    resource_type: resourceType,
    resource_id: resourceId,
  });
}

/**
 * The tenant in the path must be the token's own; any other answers 404, the same as a tenant that
 * does not exist, so a caller never learns about other organizations.
 */
export function checkTenant(caller: VolumesCaller, params: Tenant): Tenant {
  if (params.org_id !== caller.org_id) throw notFound('organization', params.org_id);
  if (params.workspace_id !== caller.workspace_id) throw notFound('workspace', params.workspace_id);
  return { org_id: caller.org_id, workspace_id: caller.workspace_id };
}

/** The volume, or 404. Volumes being deleted count as gone. */
export async function requireVolume(tx: WriteTransaction, tenant: Tenant, volumeId: string): Promise<StoredVolume> {
  const volume = await getJson<StoredVolume>(tx, keys.volume(tenant.org_id, tenant.workspace_id, volumeId));
  if (!volume || volume.status === 'deleting') throw notFound('volume', volumeId);
  return volume;
}

export function putVolume(tx: WriteTransaction, volume: StoredVolume): Promise<void> {
  return putJson(tx, keys.volume(volume.org_id, volume.workspace_id, volume.volume_id), volume);
}

/** A volume as answered: without the store's bookkeeping. */
export function showVolume(volume: StoredVolume): Volume {
  const { reindex_heartbeat_ms: _, ...shown } = volume;
  return shown;
}

export function isLive(entry: StoredEntry, nowMs: number): boolean {
  return entry.expires_at_ms === null || entry.expires_at_ms > nowMs;
}

/** The entry at `path` unless it is missing or expired (expired entries behave as absent). */
export async function liveEntry(
  tx: WriteTransaction,
  volumeId: string,
  path: string,
  nowMs: number,
): Promise<StoredEntry | undefined> {
  const entry = await getJson<StoredEntry>(tx, keys.entry(volumeId, path));
  return entry && isLive(entry, nowMs) ? entry : undefined;
}

export async function requireEntry(
  tx: WriteTransaction,
  volumeId: string,
  path: string,
  nowMs: number,
): Promise<StoredEntry> {
  const entry = await liveEntry(tx, volumeId, path, nowMs);
  if (!entry) throw notFound('entry', path);
  return entry;
}

/** An entry as answered: without the store's bookkeeping. */
export function showEntry(entry: StoredEntry): VolumeEntry {
  const { expires_at_ms: _, blob: __, ...shown } = entry;
  return shown;
}

export async function listMounts(tx: WriteTransaction, volumeId: string): Promise<VolumeMount[]> {
  const rows = await scanJson<VolumeMount>(tx, { prefix: keys.mounts(volumeId) });
  return rows.map((row) => row.value);
}

export type Access = 'read' | 'read_write';

/**
 * What an app caller may do on a volume: a predicate over entry paths for the access needed (a
 * `read_write` mount also grants `read`). Callers acting for no app see everything.
 */
export async function coverage(
  tx: WriteTransaction,
  volumeId: string,
  app: string | undefined,
  access: Access,
): Promise<(path: string) => boolean> {
  if (app === undefined) return () => true;
  const patterns = (await listMounts(tx, volumeId))
    .filter((mount) => mount.app_id === app && (access === 'read' || mount.access_level === 'read_write'))
    .map((mount) => mount.path_pattern);
  return (path) => patterns.some((pattern) => globMatches(pattern, path));
}

/** 403 `mount:read` / `mount:read_write` unless the app's mounts cover `path`. */
export async function requireCoverage(
  tx: WriteTransaction,
  volumeId: string,
  app: string | undefined,
  access: Access,
  path: string,
): Promise<void> {
  if (app === undefined) return;
  if (!(await coverage(tx, volumeId, app, access))(path)) {
    throw forbidden(
      `mount:${access}`,
      `The app's mounts do not allow ${access === 'read' ? 'reading' : 'writing'} this path`,
    );
  }
}
