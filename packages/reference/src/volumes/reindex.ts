import { volumesError } from '@dbwire/server-stubs/volumes';
import { decodeJson, getJson, type WriteTransaction } from '@dbwire/storage';
import { transactRequest } from '../shared/transact.js';
import { readBlob } from './blobs.js';
import type { VolumesContext } from './context.js';
import { indexedEntry, indexedVolume } from './indexing.js';
import { keys } from './keys.js';
import type { StoredEntry, StoredVolume, Tenant } from './model.js';
import { type IndexedEntry, isTextual, type ReindexJob, type ReindexOutcome } from './search/index.js';
import { isLive, putVolume, requireVolume } from './store.js';
import { timestamp } from './time.js';

/**
 * A reindex marked `pending` or `running` whose process stopped reporting this long ago (it
 * crashed, or was killed) no longer blocks a new one. Running jobs report at least every batch.
 */
const STALE_MS = 5 * 60 * 1000;
/** Entries read per transaction while a reindex walks a volume. */
const PAGE = 100;

/**
 * Reindex jobs: the request marks the volume `pending` in its own transaction (409 `CONFLICT` while
 * another is pending or running, on any process sharing the engine), then the job runs in the
 * background in this process (./search builds the new generation and swaps it in at the end) and
 * every update it reports lands on the volume as `reindex_status`, `reindex_progress`, ...
 */
export class Reindexes {
  private readonly jobs = new Map<string, ReindexJob>();
  /** Reindex requests of this process between their check and their job's start. */
  private readonly claims = new Set<string>();

  constructor(private readonly context: VolumesContext) {}

  /**
   * `POST .../reindex`: marks and starts. Requests racing in this process are decided here, at
   * once: waiting out a storage conflict and its backoff could let the first job finish before
   * the second request is decided, and a request made while a reindex was pending must be a 409.
   */
  async request(tenant: Tenant, volumeId: string): Promise<void> {
    const claim = `${tenant.org_id}/${tenant.workspace_id}/${volumeId}`;
    if (this.claims.has(claim)) throw busy(volumeId, 'pending');
    this.claims.add(claim);
    try {
      const volume = await transactRequest(this.context.storage, async (tx) => {
        const volume = await requireVolume(tx, tenant, volumeId);
        return this.markPending(tx, volume);
      });
      this.start(volume);
    } finally {
      this.claims.delete(claim);
    }
  }

  /** In the caller's transaction: 409 when a reindex is pending or running, else the volume marked `pending` (and stored). */
  async markPending(tx: WriteTransaction, volume: StoredVolume): Promise<StoredVolume> {
    const now = this.context.now();
    const active =
      this.jobs.has(volume.volume_id) ||
      ((volume.reindex_status === 'pending' || volume.reindex_status === 'running') &&
        now - (volume.reindex_heartbeat_ms ?? 0) < STALE_MS);
    if (active) throw busy(volume.volume_id, volume.reindex_status ?? 'pending');
    const marked: StoredVolume = {
      ...volume,
      reindex_status: 'pending',
      reindex_started_at: null,
      reindex_completed_at: null,
      reindex_error: null,
      reindex_heartbeat_ms: now,
    };
    await putVolume(tx, marked);
    return marked;
  }

  /** Starts the job for a volume `markPending` marked, once that transaction has committed. */
  start(volume: StoredVolume): void {
    const job = this.context.search.startReindex(
      this.context.storage,
      indexedVolume(volume),
      ({ withBytes }) => this.liveEntries(volume, withBytes),
      (update) => this.record(volume, update),
    );
    this.jobs.set(volume.volume_id, job);
    void job.done.then(async (outcome) => {
      this.jobs.delete(volume.volume_id);
      if (outcome.status === 'cancelled') await this.recordStopped(volume, outcome).catch(() => {});
    });
  }

  /** Stops this process's jobs (the old generations keep serving) and records them as failed. */
  async close(): Promise<void> {
    const running = [...this.jobs.values()];
    for (const job of running) job.cancel();
    await Promise.all(running.map((job) => job.done));
  }

  /** The volume's live entries, a page per transaction, with (`withBytes`) the bytes of textual files. */
  private async *liveEntries(volume: StoredVolume, withBytes: boolean): AsyncIterable<IndexedEntry> {
    const prefix = keys.entries(volume.volume_id);
    let start: string | undefined;
    for (;;) {
      const page = await transactRequest(this.context.storage, async (tx) => {
        const rows = await tx.scan({ prefix, ...(start === undefined ? {} : { start }), limit: PAGE });
        const now = this.context.now();
        const entries: IndexedEntry[] = [];
        for (const row of rows) {
          const entry = decodeJson<StoredEntry>(row.value);
          if (!isLive(entry, now)) continue;
          const bytes =
            withBytes && entry.content_type === 'file' && isTextual(entry.mime_type)
              ? await readBlob(tx, volume.volume_id, entry)
              : undefined;
          entries.push(indexedEntry(entry, bytes));
        }
        return { entries, last: rows.at(-1)?.key, full: rows.length === PAGE };
      });
      for (const entry of page.entries) {
        // A macrotask between entries: on an engine that answers without I/O (memory), the job
        // would otherwise hold the event loop until it ends and no request could be served.
        await new Promise((resolve) => setTimeout(resolve, 0));
        yield entry;
      }
      if (!page.full || page.last === undefined) return;
      start = `${page.last}\u0000`;
    }
  }

  /** Persists one update on the volume, if it still exists. */
  private async record(volume: StoredVolume, update: Exclude<ReindexOutcome, { status: 'cancelled' }>): Promise<void> {
    await transactRequest(this.context.storage, async (tx) => {
      const current = await getJson<StoredVolume>(
        tx,
        keys.volume(volume.org_id, volume.workspace_id, volume.volume_id),
      );
      if (!current || current.status === 'deleting') return;
      await putVolume(tx, {
        ...current,
        reindex_status: update.status,
        reindex_started_at: timestamp(update.started_at),
        reindex_completed_at: update.completed_at === null ? null : timestamp(update.completed_at),
        reindex_progress: { ...update.progress },
        reindex_error: update.error,
        reindex_heartbeat_ms: this.context.now(),
      });
    });
  }

  /** A job this process stopped (shutdown) is recorded as failed, so a new reindex may start at once. */
  private async recordStopped(volume: StoredVolume, outcome: ReindexOutcome): Promise<void> {
    await transactRequest(this.context.storage, async (tx) => {
      const current = await getJson<StoredVolume>(
        tx,
        keys.volume(volume.org_id, volume.workspace_id, volume.volume_id),
      );
      if (!current || (current.reindex_status !== 'pending' && current.reindex_status !== 'running')) return;
      await putVolume(tx, {
        ...current,
        reindex_status: 'failed',
        reindex_completed_at: timestamp(this.context.now()),
        reindex_progress: { ...outcome.progress },
        reindex_error: 'The server stopped before the reindex completed.',
        reindex_heartbeat_ms: this.context.now(),
      });
    });
  }
}

function busy(volumeId: string, status: string) {
  return volumesError(409, 'CONFLICT', 'A reindex of this volume is already pending or running', {
    resource_type: 'volume',
    resource_id: volumeId,
    reindex_status: status,
  });
}
