import { MIN_ROW_LINEAGE_VERSION } from '../build.js';
import { findSnapshot } from '../draft.js';
import { badRequest, check, commitFailed } from '../errors.js';
import { addInt64, compareInt64, int64Key, isAbsent, readInt64 } from '../ids.js';
import { removeRef } from './refs.js';
import type { UpdateHandler } from './types.js';

/**
 * `add-snapshot` (Java `Builder.addSnapshot`). The snapshot joins the table without moving any ref.
 * Stale values in the request are a 409 (Java's RetryableValidationException, which the REST
 * server turns into CommitFailedException so the client refreshes and retries): in v2+ a sequence
 * number not above `last-sequence-number` (unless the snapshot has no parent), in v3+ a
 * `first-row-id` behind `next-row-id`.
 */
export const addSnapshot: UpdateHandler<'add-snapshot'> = (draft, update) => {
  const snapshot = update.snapshot;
  check(draft.schemas.length > 0, 'Attempting to add a snapshot before a schema is added');
  check(draft.specs.length > 0, 'Attempting to add a snapshot before a partition spec is added');
  check(draft.sortOrders.length > 0, 'Attempting to add a snapshot before a sort order is added');
  const id = readInt64(snapshot['snapshot-id']);
  check(findSnapshot(draft, id) === undefined, `Snapshot already exists for id: ${id}`);
  // Not in Java's builder, but a snapshot naming a schema the table lacks could never be read.
  const schemaId = snapshot['schema-id'];
  check(
    schemaId === undefined || draft.schemas.some((schema) => (schema['schema-id'] ?? 0) === schemaId),
    `Cannot add snapshot ${id}: unknown schema id ${schemaId}`,
  );

  const sequenceNumber = readInt64(snapshot['sequence-number'] ?? 0);
  const parentless = isAbsent(snapshot['parent-snapshot-id']);
  if (draft.formatVersion > 1 && !parentless && compareInt64(sequenceNumber, draft.lastSequenceNumber) <= 0) {
    commitFailed(
      `Cannot add snapshot with sequence number ${sequenceNumber} older than last sequence number ${draft.lastSequenceNumber}`,
    );
  }

  if (draft.formatVersion >= MIN_ROW_LINEAGE_VERSION) {
    const firstRowId = snapshot['first-row-id'];
    if (isAbsent(firstRowId)) badRequest('Cannot add a snapshot: first-row-id is null');
    const addedRows = snapshot['added-rows'];
    if (isAbsent(addedRows)) badRequest('Cannot add a snapshot: added-rows is null');
    if (compareInt64(readInt64(firstRowId), draft.nextRowId) < 0) {
      commitFailed(
        `Cannot add a snapshot, first-row-id is behind table next-row-id: ${firstRowId} < ${draft.nextRowId}`,
      );
    }
    draft.nextRowId = addInt64(draft.nextRowId, readInt64(addedRows));
  }

  // Java takes the snapshot's sequence number as the table's, even a lower one of a parentless
  // snapshot; building then refuses any snapshot above it.
  draft.lastSequenceNumber = sequenceNumber;
  draft.snapshots = [...draft.snapshots, snapshot];
  draft.snapshotIndex?.set(int64Key(id), snapshot);
  draft.addedSnapshotIds.add(int64Key(id));
  draft.changed = true;
};

/**
 * `remove-snapshots` (Java `Builder.removeSnapshots`): unknown ids are ignored; a removed
 * snapshot's statistics and partition statistics go with it, and so does every ref left pointing
 * at a removed snapshot (`main` among them: the table then has no current snapshot).
 */
export const removeSnapshots: UpdateHandler<'remove-snapshots'> = (draft, update) => {
  const ids = new Set(update['snapshot-ids'].map((id) => int64Key(readInt64(id))));
  const removed = new Set<string>();
  const kept = draft.snapshots.filter((snapshot) => {
    const key = int64Key(snapshot['snapshot-id']);
    if (!ids.has(key)) return true;
    removed.add(key);
    return false;
  });
  if (removed.size === 0) return;

  const survives = (file: { 'snapshot-id': number }): boolean => !removed.has(int64Key(file['snapshot-id']));
  if (!draft.statistics.every(survives)) draft.statistics = draft.statistics.filter(survives);
  if (!draft.partitionStatistics.every(survives))
    draft.partitionStatistics = draft.partitionStatistics.filter(survives);
  draft.snapshots = kept;
  draft.snapshotIndex = undefined;
  draft.removedSnapshots = true;
  draft.changed = true;

  for (const [name, ref] of Object.entries(draft.refs)) {
    if (findSnapshot(draft, ref['snapshot-id']) === undefined) removeRef(draft, name);
  }
};
