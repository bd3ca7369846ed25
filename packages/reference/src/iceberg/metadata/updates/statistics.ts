import type { PartitionStatisticsFile, StatisticsFile } from '../../model.js';
import { jsonEqual } from '../equal.js';
import { int64Key, readInt64 } from '../ids.js';
import type { UpdateHandler } from './types.js';

/**
 * Statistics files, one per snapshot (Java keys them by snapshot id and replaces the previous one).
 * Java does not require the snapshot to exist, so neither do these.
 */

/** `set-statistics` (Java `Builder.setStatistics`); the deprecated top-level `snapshot-id` is ignored. */
export const setStatistics: UpdateHandler<'set-statistics'> = (draft, update) => {
  const next = put(draft.statistics, update.statistics);
  if (next === draft.statistics) return;
  draft.statistics = next;
  draft.changed = true;
};

/** `remove-statistics` (Java `Builder.removeStatistics`): a snapshot without statistics is a no-op. */
export const removeStatistics: UpdateHandler<'remove-statistics'> = (draft, update) => {
  const next = remove(draft.statistics, update['snapshot-id']);
  if (next === draft.statistics) return;
  draft.statistics = next;
  draft.changed = true;
};

/** `set-partition-statistics` (Java `Builder.setPartitionStatistics`). */
export const setPartitionStatistics: UpdateHandler<'set-partition-statistics'> = (draft, update) => {
  const next = put(draft.partitionStatistics, update['partition-statistics']);
  if (next === draft.partitionStatistics) return;
  draft.partitionStatistics = next;
  draft.changed = true;
};

/** `remove-partition-statistics` (Java `Builder.removePartitionStatistics`). */
export const removePartitionStatistics: UpdateHandler<'remove-partition-statistics'> = (draft, update) => {
  const next = remove(draft.partitionStatistics, update['snapshot-id']);
  if (next === draft.partitionStatistics) return;
  draft.partitionStatistics = next;
  draft.changed = true;
};

type PerSnapshot = StatisticsFile | PartitionStatisticsFile;

/** The files with `file` as its snapshot's file (in place of the old one); the same array if nothing changes. */
function put<F extends PerSnapshot>(files: readonly F[], file: F): readonly F[] {
  const key = int64Key(readInt64(file['snapshot-id']));
  const index = files.findIndex((existing) => int64Key(existing['snapshot-id']) === key);
  if (index < 0) return [...files, file];
  if (jsonEqual(files[index], file)) return files;
  return files.map((existing, i) => (i === index ? file : existing));
}

/** The files without the one of `snapshotId`; the same array if there is none. */
function remove<F extends PerSnapshot>(files: readonly F[], snapshotId: number): readonly F[] {
  const key = int64Key(readInt64(snapshotId));
  const kept = files.filter((file) => int64Key(file['snapshot-id']) !== key);
  return kept.length === files.length ? files : kept;
}
