import type { components } from '@dbwire/server-stubs/volumes';
import { valueError } from '@dbwire/server-stubs/volumes';
import { compareKeys, decodeJson, getJson, putJson, type WriteTransaction } from '@dbwire/storage';
import { transactRequest } from '../shared/transact.js';
import { actingApp } from './auth.js';
import { deleteBlob, writeBlob } from './blobs.js';
import type { VolumesContext } from './context.js';
import { newId } from './ids.js';
import { indexedEntry, indexedVolume, shownWithIndex } from './indexing.js';
import { keys } from './keys.js';
import type { StoredEntry, StoredVolume, Tenant, VolumeEntry, VolumesCaller } from './model.js';
import { checkSchema } from './schemas.js';
import type { PreparedEntry } from './search/index.js';
import { coverage, isLive, requireCoverage, requireEntry, requireVolume, showEntry } from './store.js';
import { timestamp } from './time.js';

type WriteRequest = components['schemas']['EntryWriteRequest'];

const encoder = new TextEncoder();

/** What a write stores besides the content itself. */
export interface WriteCommon {
  ttl_seconds?: number | null;
  tags?: string[];
  metadata?: Record<string, unknown>;
  app_id?: string | null;
  execution_id?: string | null;
}

/** The content of a write: JSON, text, or a file's bytes. */
export type Content =
  | { content_type: 'json'; content: Record<string, unknown>; mime_type: string; schema_id: string | null }
  | { content_type: 'text'; content_text: string; mime_type: string }
  | { content_type: 'file'; bytes: Uint8Array; mime_type: string };

export interface DirectoryListing {
  path: string;
  directories: string[];
  entries: VolumeEntry[];
}

/** Entries: write (JSON, text, file bytes), read, delete and directory listings. */
export class Entries {
  constructor(private readonly context: VolumesContext) {}

  /** The JSON or text content of a `writeEntry` body: exactly one of `content` and `content_text` (422 otherwise). */
  static content(body: WriteRequest): Content {
    const hasJson = body.content !== undefined && body.content !== null;
    const hasText = body.content_text !== undefined && body.content_text !== null;
    if (hasJson === hasText) {
      const reason = hasJson ? 'give only one of content and content_text' : 'give content or content_text';
      throw valueError(['body'], body, reason);
    }
    const type = hasJson ? 'json' : 'text';
    if (body.content_type !== undefined && body.content_type !== type) {
      const reason = `content_type ${body.content_type} does not match the ${hasJson ? 'content' : 'content_text'} given`;
      throw valueError(['body', 'content_type'], body.content_type, reason);
    }
    if (hasJson) {
      return {
        content_type: 'json',
        content: body.content as Record<string, unknown>,
        mime_type: body.mime_type ?? 'application/json',
        schema_id: body.schema_id ?? null,
      };
    }
    return {
      content_type: 'text',
      content_text: body.content_text as string,
      mime_type: body.mime_type ?? 'text/plain',
    };
  }

  /**
   * Creates or replaces the entry at `path` (already normalised), in one transaction with its bytes
   * and its index. A live entry keeps its `entry_id` and `created_at`; an expired one is replaced
   * by a new entry.
   */
  async write(
    caller: VolumesCaller,
    tenant: Tenant,
    volumeId: string,
    path: string,
    content: Content,
    common: WriteCommon,
    executionHeader: string | undefined,
  ): Promise<VolumeEntry> {
    const app = actingApp(caller, common.app_id);
    const prepared = await this.prepare(tenant, volumeId, path, content, common);
    return transactRequest(this.context.storage, async (tx) => {
      const volume = await requireVolume(tx, tenant, volumeId);
      await requireCoverage(tx, volumeId, app, 'read_write', path);
      const now = this.context.now();
      if (content.content_type === 'json' && content.schema_id !== null) {
        await checkSchema(tx, this.context, volumeId, content.schema_id, content.content, now);
      }
      const stored = await getJson<StoredEntry>(tx, keys.entry(volumeId, path));
      const previous = stored && isLive(stored, now) ? stored : undefined;
      if (stored && !previous) await this.purge(tx, volume, stored);
      const entryId = previous?.entry_id ?? newId('ent', now);
      const bytes = content.content_type === 'file' ? content.bytes : undefined;
      let blob = null;
      if (bytes) blob = await writeBlob(tx, volumeId, entryId, bytes, previous?.blob ?? null);
      else if (previous) await deleteBlob(tx, volumeId, previous);
      const entry = draft(volumeId, path, content, common, now);
      Object.assign(entry, {
        entry_id: entryId,
        written_by_app_id: app ?? null,
        written_by_execution_id: common.execution_id ?? executionHeader ?? null,
        created_at: previous?.created_at ?? timestamp(now),
        blob,
      });
      const state = await this.context.search.indexEntry(tx, indexedVolume(volume), {
        ...indexedEntry(entry, bytes),
        ...(prepared ? { prepared } : {}),
      });
      entry.is_indexed = state.is_indexed;
      entry.indexed_at = state.indexed_at === null ? null : timestamp(state.indexed_at);
      entry.total_chunks = state.total_chunks;
      await putJson(tx, keys.entry(volumeId, path), entry);
      await putJson(tx, keys.entryId(volumeId, entryId), path);
      return showEntry(entry);
    });
  }

  /**
   * Chunks and embeds the content before the write's transaction (an embedding endpoint may be
   * slow; the transaction should not wait on it). The transaction re-reads the volume and the
   * index recomputes if the volume's settings changed in between.
   */
  private async prepare(
    tenant: Tenant,
    volumeId: string,
    path: string,
    content: Content,
    common: WriteCommon,
  ): Promise<PreparedEntry | undefined> {
    const volume = await this.context.storage.transact((tx) =>
      getJson<StoredVolume>(tx, keys.volume(tenant.org_id, tenant.workspace_id, volumeId)),
    );
    if (volume?.indexing_mode !== 'auto') return undefined;
    const entry = draft(volumeId, path, content, common, this.context.now());
    return this.context.search.prepare(
      indexedVolume(volume),
      indexedEntry(entry, content.content_type === 'file' ? content.bytes : undefined),
    );
  }

  read(caller: VolumesCaller, tenant: Tenant, volumeId: string, path: string): Promise<VolumeEntry> {
    const app = actingApp(caller, undefined);
    return transactRequest(this.context.storage, async (tx) => {
      const volume = await requireVolume(tx, tenant, volumeId);
      await requireCoverage(tx, volumeId, app, 'read', path);
      const entry = await requireEntry(tx, volumeId, path, this.context.now());
      return shownWithIndex(tx, this.context.search, volume, entry);
    });
  }

  /** Deletes the entry with its bytes and chunks; an expired one answers 404 (and is purged no sooner). */
  delete(caller: VolumesCaller, tenant: Tenant, volumeId: string, path: string): Promise<void> {
    const app = actingApp(caller, undefined);
    return transactRequest(this.context.storage, async (tx) => {
      const volume = await requireVolume(tx, tenant, volumeId);
      await requireCoverage(tx, volumeId, app, 'read_write', path);
      const entry = await requireEntry(tx, volumeId, path, this.context.now());
      await this.purge(tx, volume, entry);
    });
  }

  /**
   * The immediate children of `directory` (`''` for the root, else ending in `/`): live entries
   * directly in it and the directories below it, each sorted; app callers see only what their
   * mounts cover (and the directories that lead to it).
   */
  list(caller: VolumesCaller, tenant: Tenant, volumeId: string, directory: string): Promise<DirectoryListing> {
    const app = actingApp(caller, undefined);
    return transactRequest(this.context.storage, async (tx) => {
      const volume = await requireVolume(tx, tenant, volumeId);
      const covers = await coverage(tx, volumeId, app, 'read');
      const now = this.context.now();
      const prefix = keys.entry(volumeId, directory);
      const directories = new Set<string>();
      const entries: VolumeEntry[] = [];
      for (const row of await tx.scan({ prefix })) {
        const rest = row.key.slice(prefix.length);
        const slash = rest.indexOf('/');
        const entry = decodeJson<StoredEntry>(row.value);
        if (!isLive(entry, now) || !covers(entry.path)) continue;
        if (slash < 0) entries.push(await shownWithIndex(tx, this.context.search, volume, entry));
        else directories.add(`${directory}${rest.slice(0, slash + 1)}`);
      }
      return { path: directory === '' ? '/' : directory, directories: [...directories].sort(compareKeys), entries };
    });
  }

  /** Removes a stored entry (live or expired) with its id, bytes and chunks. */
  private async purge(tx: WriteTransaction, volume: StoredVolume, entry: StoredEntry): Promise<void> {
    await deleteBlob(tx, volume.volume_id, entry);
    await this.context.search.removeEntry(tx, indexedVolume(volume), entry.path);
    await tx.delete(keys.entryId(volume.volume_id, entry.entry_id));
    await tx.delete(keys.entry(volume.volume_id, entry.path));
  }
}

/** A new entry record for the content, before the transaction fills in identity, history and index state. */
function draft(volumeId: string, path: string, content: Content, common: WriteCommon, now: number): StoredEntry {
  const ttl = common.ttl_seconds ?? null;
  return {
    entry_id: '',
    volume_id: volumeId,
    path,
    content_type: content.content_type,
    content: content.content_type === 'json' ? content.content : null,
    content_text: content.content_type === 'text' ? content.content_text : null,
    mime_type: content.mime_type,
    size_bytes: sizeOf(content),
    schema_id: content.content_type === 'json' ? content.schema_id : null,
    is_indexed: false,
    indexed_at: null,
    total_chunks: 0,
    ttl_seconds: ttl,
    written_by_app_id: null,
    written_by_execution_id: null,
    tags: common.tags ?? [],
    metadata: common.metadata ?? {},
    expires_at: ttl === null ? null : timestamp(now + ttl * 1000),
    created_at: timestamp(now),
    updated_at: timestamp(now),
    expires_at_ms: ttl === null ? null : now + ttl * 1000,
    blob: null,
  };
}

/** The bytes the entry's content takes: UTF-8 of the JSON (as downloads serve it) or text, or the file's. */
function sizeOf(content: Content): number {
  switch (content.content_type) {
    case 'json':
      return encoder.encode(JSON.stringify(content.content)).byteLength;
    case 'text':
      return encoder.encode(content.content_text).byteLength;
    case 'file':
      return content.bytes.byteLength;
  }
}
