import type { SnapshotReference } from '../../model.js';
import { type Draft, findSnapshot } from '../draft.js';
import { jsonEqual } from '../equal.js';
import { check } from '../errors.js';
import { compareInt64, int64Key, readInt64 } from '../ids.js';
import type { UpdateHandler } from './types.js';

/** The branch whose snapshot is the table's current snapshot. */
const MAIN_BRANCH = 'main';

/**
 * `set-snapshot-ref` (Java `SnapshotRef.Builder` then `Builder.setRef`). An identical ref is a
 * no-op. The snapshot must exist and `main` must be a branch. Moving `main` makes the snapshot
 * current and logs it, at the snapshot's own time if this request added it, else at `now` (a
 * rollback happens when it is committed).
 */
export const setSnapshotRef: UpdateHandler<'set-snapshot-ref'> = (draft, update) => {
  const name = update['ref-name'];
  const ref = snapshotRef(update);
  const existing = draft.refs[name];
  if (existing !== undefined && jsonEqual(existing, ref)) return;

  const snapshotId = readInt64(update['snapshot-id']);
  const snapshot = findSnapshot(draft, snapshotId);
  check(snapshot !== undefined, `Cannot set ${name} to unknown snapshot: ${snapshotId}`);
  check(name !== MAIN_BRANCH || ref.type === 'branch', `Cannot set ${MAIN_BRANCH} to a tag, it must be a branch`);

  if (name === MAIN_BRANCH) {
    const key = int64Key(snapshotId);
    draft.currentSnapshotId = snapshotId;
    const time = draft.addedSnapshotIds.has(key) ? snapshot['timestamp-ms'] : draft.now;
    draft.snapshotLog = [...draft.snapshotLog, { 'timestamp-ms': time, 'snapshot-id': update['snapshot-id'] }];
    draft.mainMoves.push(key);
  }
  draft.refs = { ...draft.refs, [name]: ref };
  draft.changed = true;
};

/** `remove-snapshot-ref` (Java `Builder.removeRef`): removing `main` leaves no current snapshot. */
export const removeSnapshotRef: UpdateHandler<'remove-snapshot-ref'> = (draft, update) => {
  removeRef(draft, update['ref-name']);
};

export function removeRef(draft: Draft, name: string): void {
  if (name === MAIN_BRANCH && draft.currentSnapshotId !== null) {
    draft.currentSnapshotId = null;
    draft.changed = true;
  }
  if (!(name in draft.refs)) return;
  const { [name]: _removed, ...rest } = draft.refs;
  draft.refs = rest;
  draft.changed = true;
}

/**
 * The ref as Java's `SnapshotRef.Builder` validates and `SnapshotRefParser` writes it: retention
 * settings must be positive, and tags keep no snapshots but their own.
 */
function snapshotRef(update: Parameters<UpdateHandler<'set-snapshot-ref'>>[1]): SnapshotReference {
  const minSnapshotsToKeep = update['min-snapshots-to-keep'] ?? undefined;
  const maxSnapshotAgeMs = update['max-snapshot-age-ms'] ?? undefined;
  const maxRefAgeMs = update['max-ref-age-ms'] ?? undefined;
  const tag = update.type === 'tag';
  check(update.type === 'tag' || update.type === 'branch', `Invalid snapshot reference type: ${String(update.type)}`);
  check(!tag || minSnapshotsToKeep === undefined, 'Tags do not support setting minSnapshotsToKeep');
  check(minSnapshotsToKeep === undefined || minSnapshotsToKeep > 0, 'Min snapshots to keep must be greater than 0');
  check(!tag || maxSnapshotAgeMs === undefined, 'Tags do not support setting maxSnapshotAgeMs');
  check(
    maxSnapshotAgeMs === undefined || compareInt64(maxSnapshotAgeMs, 0) > 0,
    'Max snapshot age must be greater than 0 ms',
  );
  check(maxRefAgeMs === undefined || compareInt64(maxRefAgeMs, 0) > 0, 'Max reference age must be greater than 0');
  return {
    'snapshot-id': update['snapshot-id'],
    type: update.type,
    ...(minSnapshotsToKeep === undefined ? {} : { 'min-snapshots-to-keep': minSnapshotsToKeep }),
    ...(maxSnapshotAgeMs === undefined ? {} : { 'max-snapshot-age-ms': maxSnapshotAgeMs }),
    ...(maxRefAgeMs === undefined ? {} : { 'max-ref-age-ms': maxRefAgeMs }),
  };
}
