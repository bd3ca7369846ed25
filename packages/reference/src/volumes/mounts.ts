import type { components } from '@dbwire/server-stubs/volumes';
import { volumesError } from '@dbwire/server-stubs/volumes';
import { putJson } from '@dbwire/storage';
import { transactRequest } from '../shared/transact.js';
import type { VolumesContext } from './context.js';
import { newId } from './ids.js';
import { keys } from './keys.js';
import type { Tenant, VolumeMount, VolumesCaller } from './model.js';
import { listMounts, notFound, requireVolume } from './store.js';
import { timestamp } from './time.js';

type CreateRequest = components['schemas']['MountCreateRequest'];

/** Mounts: an app's access to the paths of a volume that match a glob. */
export class Mounts {
  constructor(private readonly context: VolumesContext) {}

  /** Oldest first (mount ids sort by creation time). */
  list(tenant: Tenant, volumeId: string): Promise<VolumeMount[]> {
    return transactRequest(this.context.storage, async (tx) => {
      await requireVolume(tx, tenant, volumeId);
      return listMounts(tx, volumeId);
    });
  }

  create(caller: VolumesCaller, tenant: Tenant, volumeId: string, body: CreateRequest): Promise<VolumeMount> {
    return transactRequest(this.context.storage, async (tx) => {
      await requireVolume(tx, tenant, volumeId);
      const pathPattern = body.path_pattern ?? '**';
      const existing = await listMounts(tx, volumeId);
      if (existing.some((mount) => mount.app_id === body.app_id && mount.path_pattern === pathPattern)) {
        throw volumesError(409, 'CONFLICT', 'The app already has a mount with this path pattern', {
          resource_type: 'mount',
          app_id: body.app_id,
          path_pattern: pathPattern,
        });
      }
      const now = this.context.now();
      const mount: VolumeMount = {
        mount_id: newId('mnt', now),
        volume_id: volumeId,
        app_id: body.app_id,
        path_pattern: pathPattern,
        access_level: body.access_level ?? 'read',
        granted_by: caller.principal,
        created_at: timestamp(now),
      };
      await putJson(tx, keys.mount(volumeId, mount.mount_id), mount);
      return mount;
    });
  }

  /** Removes the mount; the app's locks stay until they expire. */
  delete(tenant: Tenant, volumeId: string, mountId: string): Promise<void> {
    return transactRequest(this.context.storage, async (tx) => {
      await requireVolume(tx, tenant, volumeId);
      const key = keys.mount(volumeId, mountId);
      if ((await tx.get(key)) === undefined) throw notFound('mount', mountId);
      await tx.delete(key);
    });
  }
}
