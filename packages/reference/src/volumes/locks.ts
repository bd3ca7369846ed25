import type { components } from '@dbwire/server-stubs/volumes';
import { volumesError } from '@dbwire/server-stubs/volumes';
import { compareKeys, getJson, putJson, scanJson, type WriteTransaction } from '@dbwire/storage';
import { transactRequest } from '../shared/transact.js';
import { actingApp } from './auth.js';
import type { VolumesContext } from './context.js';
import { newId } from './ids.js';
import { keys } from './keys.js';
import type { StoredLock, Tenant, VolumeLock, VolumesCaller } from './model.js';
import { notFound, requireVolume } from './store.js';
import { timestamp } from './time.js';

type AcquireRequest = components['schemas']['LockAcquireRequest'];

/**
 * Advisory leases on named partitions of a volume. A lock is free once the clock reaches its
 * `expires_at`; expired locks are never listed and are removed by the next acquire on the volume.
 */
export class Locks {
  constructor(private readonly context: VolumesContext) {}

  /** Unexpired locks, by partition, then `acquired_at`. */
  list(tenant: Tenant, volumeId: string): Promise<VolumeLock[]> {
    return transactRequest(this.context.storage, async (tx) => {
      await requireVolume(tx, tenant, volumeId);
      const now = this.context.now();
      return (await this.all(tx, volumeId))
        .filter((lock) => lock.expires_at_ms > now)
        .sort((a, b) => compareKeys(a.partition, b.partition) || compareKeys(a.acquired_at, b.acquired_at))
        .map(show);
    });
  }

  /**
   * Acquires the partition for the holder (`app_id` and `execution_id`), or renews the lease the
   * holder has: 201 new, 200 renewed (same `lock_id`, new `expires_at`), 409 `LOCK_CONFLICT` when
   * another holder's lock excludes it (any lock excludes an exclusive one; shared ones coexist).
   */
  acquire(
    caller: VolumesCaller,
    tenant: Tenant,
    volumeId: string,
    body: AcquireRequest,
  ): Promise<{ lock: VolumeLock; renewed: boolean }> {
    actingApp(caller, body.app_id);
    return transactRequest(this.context.storage, async (tx) => {
      await requireVolume(tx, tenant, volumeId);
      const now = this.context.now();
      const locks = await this.all(tx, volumeId);
      const active = locks.filter((lock) => lock.expires_at_ms > now && lock.partition === body.partition);
      const execution = body.execution_id ?? null;
      const lockType = body.lock_type ?? 'exclusive';
      const mine = active.find((lock) => lock.holder_app_id === body.app_id && lock.holder_execution_id === execution);
      const blocking = active.find(
        (lock) => lock !== mine && (lockType === 'exclusive' || lock.lock_type === 'exclusive'),
      );
      if (blocking) {
        throw volumesError(409, 'LOCK_CONFLICT', 'The partition is locked by another holder', {
          holder_app_id: blocking.holder_app_id,
          holder_execution_id: blocking.holder_execution_id,
          expires_at: blocking.expires_at,
        });
      }
      for (const lock of locks) if (lock.expires_at_ms <= now) await tx.delete(keys.lock(volumeId, lock.lock_id));
      const expiresAtMs = now + (body.ttl_seconds ?? 60) * 1000;
      const lock: StoredLock = {
        lock_id: mine?.lock_id ?? newId('lck', now),
        volume_id: volumeId,
        partition: body.partition,
        lock_type: lockType,
        holder_app_id: body.app_id,
        holder_execution_id: execution,
        acquired_at: mine?.acquired_at ?? timestamp(now),
        expires_at: timestamp(expiresAtMs),
        expires_at_ms: expiresAtMs,
      };
      await putJson(tx, keys.lock(volumeId, lock.lock_id), lock);
      return { lock: show(lock), renewed: mine !== undefined };
    });
  }

  /** Releases `lockId` on `partition`: 404 when unknown or expired, 409 `CONFLICT` when it locks another partition. */
  release(tenant: Tenant, volumeId: string, partition: string, lockId: string): Promise<void> {
    return transactRequest(this.context.storage, async (tx) => {
      await requireVolume(tx, tenant, volumeId);
      const lock = await getJson<StoredLock>(tx, keys.lock(volumeId, lockId));
      if (!lock || lock.expires_at_ms <= this.context.now()) throw notFound('lock', lockId);
      if (lock.partition !== partition) {
        throw volumesError(409, 'CONFLICT', 'The lock belongs to another partition', {
          lock_id: lockId,
          partition: lock.partition,
        });
      }
      await tx.delete(keys.lock(volumeId, lockId));
    });
  }

  private async all(tx: WriteTransaction, volumeId: string): Promise<StoredLock[]> {
    return (await scanJson<StoredLock>(tx, { prefix: keys.locks(volumeId) })).map((row) => row.value);
  }
}

function show(lock: StoredLock): VolumeLock {
  const { expires_at_ms: _, ...shown } = lock;
  return shown;
}
