import type { components } from '@dbwire/server-stubs/volumes';
import { volumesError } from '@dbwire/server-stubs/volumes';
import { deletePrefix, getJson, putJson, scanJson, type WriteTransaction } from '@dbwire/storage';
import { transactRequest } from '../shared/transact.js';
import type { VolumesContext } from './context.js';
import { Cursors } from './cursors.js';
import { newId } from './ids.js';
import { indexedVolume } from './indexing.js';
import { keys } from './keys.js';
import type { StoredVolume, Tenant, Volume, VolumesCaller } from './model.js';
import type { Reindexes } from './reindex.js';
import { putVolume, requireVolume, showVolume } from './store.js';
import { timestamp } from './time.js';

type CreateRequest = components['schemas']['VolumeCreateRequest'];
type UpdateRequest = components['schemas']['VolumeUpdateRequest'];

export interface VolumePage {
  total: number;
  has_more: boolean;
  next_cursor: string | null;
  volumes: Volume[];
}

/** Volumes: create, list (cursor pages), read, update, delete with everything they hold. */
export class Volumes {
  private readonly cursors: Cursors;

  constructor(
    private readonly context: VolumesContext,
    private readonly reindexes: Reindexes,
  ) {
    this.cursors = new Cursors(context.signer);
  }

  create(caller: VolumesCaller, tenant: Tenant, body: CreateRequest): Promise<Volume> {
    return transactRequest(this.context.storage, async (tx) => {
      const now = this.context.now();
      await this.claimName(tx, tenant, body.environment_id, body.name, undefined);
      const volume: StoredVolume = {
        volume_id: newId('vol', now),
        workspace_id: tenant.workspace_id,
        org_id: tenant.org_id,
        environment_id: body.environment_id,
        name: body.name,
        description: body.description ?? null,
        embedding_model_id: body.embedding_model_id ?? this.context.search.embedder.model,
        extraction_model_id: body.extraction_model_id ?? null,
        indexing_mode: body.indexing_mode ?? 'auto',
        chunking_strategy: body.chunking_strategy ?? 'recursive',
        status: 'active',
        tags: body.tags ?? [],
        reindex_status: null,
        reindex_started_at: null,
        reindex_completed_at: null,
        reindex_progress: null,
        reindex_error: null,
        created_by: caller.principal,
        created_at: timestamp(now),
        updated_at: timestamp(now),
      };
      await putJson(
        tx,
        keys.volumeName(tenant.org_id, tenant.workspace_id, volume.environment_id, volume.name),
        volume.volume_id,
      );
      await putVolume(tx, volume);
      return showVolume(volume);
    });
  }

  /** One page, oldest first (ids sort by creation time, so key order is `created_at`, then `volume_id`). */
  async list(
    tenant: Tenant,
    query: { environment_id?: string | null; cursor?: string; limit?: number },
  ): Promise<VolumePage> {
    const filter = query.environment_id ?? null;
    const after = query.cursor === undefined ? undefined : await this.cursors.open(query.cursor, filter);
    const limit = query.limit ?? 50;
    const matching = await transactRequest(this.context.storage, async (tx) => {
      const rows = await scanJson<StoredVolume>(tx, { prefix: keys.volumesOf(tenant.org_id, tenant.workspace_id) });
      return rows
        .map((row) => row.value)
        .filter((volume) => volume.status !== 'deleting' && (filter === null || volume.environment_id === filter));
    });
    const rest = after === undefined ? matching : matching.filter((volume) => volume.volume_id > after);
    const page = rest.slice(0, limit);
    const hasMore = rest.length > limit;
    return {
      total: matching.length,
      has_more: hasMore,
      next_cursor: hasMore ? await this.cursors.issue(filter, (page.at(-1) as StoredVolume).volume_id) : null,
      volumes: page.map(showVolume),
    };
  }

  get(tenant: Tenant, volumeId: string): Promise<Volume> {
    return transactRequest(this.context.storage, async (tx) => showVolume(await requireVolume(tx, tenant, volumeId)));
  }

  /**
   * Changes the fields present. A new name must be free in the environment (409). A change of
   * `embedding_model_id` or `chunking_strategy` marks a reindex pending in the same transaction
   * (409 while one is pending or running) and starts it once that has committed.
   */
  async update(tenant: Tenant, volumeId: string, body: UpdateRequest): Promise<Volume> {
    const { volume, reindex } = await transactRequest(this.context.storage, async (tx) => {
      let volume = await requireVolume(tx, tenant, volumeId);
      const reindex =
        (body.embedding_model_id !== undefined &&
          (body.embedding_model_id ?? this.context.search.embedder.model) !== volume.embedding_model_id) ||
        (body.chunking_strategy !== undefined && body.chunking_strategy !== volume.chunking_strategy);
      if (reindex) volume = await this.reindexes.markPending(tx, volume);
      if (body.name !== undefined && body.name !== volume.name) {
        await this.claimName(tx, tenant, volume.environment_id, body.name, volume.volume_id);
        await tx.delete(keys.volumeName(tenant.org_id, tenant.workspace_id, volume.environment_id, volume.name));
      }
      const updated: StoredVolume = {
        ...volume,
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.description !== undefined ? { description: body.description } : {}),
        ...(body.embedding_model_id !== undefined
          ? { embedding_model_id: body.embedding_model_id ?? this.context.search.embedder.model }
          : {}),
        ...(body.extraction_model_id !== undefined ? { extraction_model_id: body.extraction_model_id } : {}),
        ...(body.indexing_mode !== undefined ? { indexing_mode: body.indexing_mode } : {}),
        ...(body.chunking_strategy !== undefined ? { chunking_strategy: body.chunking_strategy } : {}),
        ...(body.tags !== undefined ? { tags: body.tags } : {}),
        ...(body.status !== undefined ? { status: body.status } : {}),
        updated_at: timestamp(this.context.now()),
      };
      await putVolume(tx, updated);
      return { volume: updated, reindex };
    });
    if (reindex) this.reindexes.start(volume);
    return showVolume(volume);
  }

  /** Deletes the volume, its name, entries, bytes, mounts, locks and index, in one transaction. */
  delete(tenant: Tenant, volumeId: string): Promise<void> {
    return transactRequest(this.context.storage, async (tx) => {
      const volume = await requireVolume(tx, tenant, volumeId);
      await this.context.search.removeVolume(tx, indexedVolume(volume));
      await deletePrefix(tx, keys.contents(volumeId));
      await tx.delete(keys.volumeName(tenant.org_id, tenant.workspace_id, volume.environment_id, volume.name));
      await tx.delete(keys.volume(tenant.org_id, tenant.workspace_id, volumeId));
    });
  }

  /** 409 unless `name` is free in the environment (or already this volume's); claims it. */
  private async claimName(
    tx: WriteTransaction,
    tenant: Tenant,
    environment: string | null,
    name: string,
    volumeId: string | undefined,
  ): Promise<void> {
    const key = keys.volumeName(tenant.org_id, tenant.workspace_id, environment, name);
    const holder = await getJson<string>(tx, key);
    if (holder !== undefined && holder !== volumeId) {
      throw volumesError(409, 'CONFLICT', 'A volume with this name already exists in this environment', {
        resource_type: 'volume',
        name,
      });
    }
    if (volumeId !== undefined) await putJson(tx, key, volumeId);
  }
}
