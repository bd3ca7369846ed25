import type { MetadataLogEntry, SnapshotLogEntry, TableMetadata } from '../model.js';
import { type Draft, findSchema, findSnapshot, findSortOrder, findSpec } from './draft.js';
import { check } from './errors.js';
import { compareInt64, int64Equal, int64Key, storeInt64 } from './ids.js';
import { checkSpecCompatibility } from './partition-spec.js';
import { indexSchema } from './schema.js';
import { checkSortOrderCompatibility } from './sort-order.js';

/** Java's TableProperties.METADATA_PREVIOUS_VERSIONS_MAX and its default. */
const PREVIOUS_VERSIONS_MAX = 'write.metadata.previous-versions-max';
const PREVIOUS_VERSIONS_MAX_DEFAULT = 100;
/** From this format version on, "no current snapshot" is written as null instead of -1. */
const MIN_NULL_CURRENT_SNAPSHOT_VERSION = 3;
/** From this format version on, tables track row lineage (`next-row-id`). */
export const MIN_ROW_LINEAGE_VERSION = 3;

/**
 * The metadata a changed draft stands for, as Java's `Builder.build()` and the `TableMetadata`
 * constructor produce it: the invariants checked (400 when broken), `last-updated-ms` = now, the
 * base's file appended to `metadata-log`, the snapshot log cut as Java cuts it, and the fields in
 * the order and per-version form `TableMetadataParser` writes them.
 */
export function buildMetadata(draft: Draft, baseLocation: string | undefined): TableMetadata {
  const schema = findSchema(draft, draft.currentSchemaId);
  check(schema !== undefined, 'Cannot build table metadata without a current schema: add a schema first');
  const spec = findSpec(draft, draft.defaultSpecId);
  check(spec !== undefined, 'Cannot build table metadata without a default partition spec: add a spec first');
  const order = findSortOrder(draft, draft.defaultSortOrderId);
  check(order !== undefined, 'Cannot build table metadata without a default sort order: add a sort order first');
  check(draft.formatVersion === 1 || draft.uuid !== undefined, `UUID is required in format v${draft.formatVersion}`);
  check(draft.location !== undefined, `Table location is required in format v${draft.formatVersion}`);

  // The default spec and order must still read the current schema (Java checks both on build).
  const index = indexSchema(schema);
  checkSpecCompatibility(spec.fields, index);
  checkSortOrderCompatibility(order, index);
  checkSequenceNumbers(draft);

  const current = draft.currentSnapshotId;
  const noSnapshot = draft.formatVersion >= MIN_NULL_CURRENT_SNAPSHOT_VERSION ? null : -1;
  const v1 = draft.formatVersion === 1;
  return {
    'format-version': draft.formatVersion,
    'table-uuid': draft.uuid as string,
    location: stripTrailingSlash(draft.location),
    ...(v1 ? {} : { 'last-sequence-number': storeInt64(draft.lastSequenceNumber) }),
    'last-updated-ms': draft.now,
    'last-column-id': draft.lastColumnId,
    ...(v1 ? { schema } : {}),
    'current-schema-id': draft.currentSchemaId,
    schemas: [...draft.schemas],
    ...(v1 ? { 'partition-spec': spec.fields } : {}),
    'default-spec-id': draft.defaultSpecId,
    'partition-specs': [...draft.specs],
    'last-partition-id': draft.lastPartitionId,
    'default-sort-order-id': draft.defaultSortOrderId,
    'sort-orders': [...draft.sortOrders],
    properties: { ...draft.properties },
    'current-snapshot-id': current === null ? noSnapshot : storeInt64(current),
    ...(draft.formatVersion >= MIN_ROW_LINEAGE_VERSION ? { 'next-row-id': storeInt64(draft.nextRowId) } : {}),
    ...(draft.encryptionKeys.length > 0 ? { 'encryption-keys': [...draft.encryptionKeys] } : {}),
    refs: { ...draft.refs },
    snapshots: [...draft.snapshots],
    statistics: [...draft.statistics],
    'partition-statistics': [...draft.partitionStatistics],
    'snapshot-log': [...snapshotLog(draft)],
    'metadata-log': metadataLog(draft, baseLocation),
  };
}

/**
 * Java's `TableMetadata` constructor: no snapshot may carry a sequence number above the table's
 * (a parentless snapshot may have lowered it), and a v1 table has none at all.
 */
function checkSequenceNumbers(draft: Draft): void {
  if (draft.addedSnapshotIds.size === 0) return;
  check(
    draft.formatVersion > 1 || compareInt64(draft.lastSequenceNumber, 0) === 0,
    `Sequence number must be 0 in v1: ${draft.lastSequenceNumber}`,
  );
  // The base's snapshots are all at or below its own last sequence number, so unless that number
  // went down, only the snapshots added here need a look.
  const baseLast = draft.base?.['last-sequence-number'] ?? 0;
  const lowered = compareInt64(draft.lastSequenceNumber, baseLast) < 0;
  for (const snapshot of draft.snapshots) {
    if (!lowered && !draft.addedSnapshotIds.has(int64Key(snapshot['snapshot-id']))) continue;
    const sequenceNumber = snapshot['sequence-number'] ?? 0;
    check(
      compareInt64(sequenceNumber, draft.lastSequenceNumber) <= 0,
      `Invalid snapshot with sequence number ${sequenceNumber} greater than last sequence number ${draft.lastSequenceNumber}`,
    );
  }
}

/**
 * Java's `Builder.updateSnapshotLog`. Snapshots this request made `main` and then replaced
 * (intermediate snapshots of one transaction) leave the log. When snapshots were removed, any
 * entry for a removed snapshot drops the history before it too: a gap would make time travel
 * answer with the wrong snapshot. The newest entry must be the current snapshot.
 */
function snapshotLog(draft: Draft): readonly SnapshotLogEntry[] {
  const currentKey = draft.currentSnapshotId === null ? undefined : int64Key(draft.currentSnapshotId);
  const intermediate = new Set(draft.mainMoves.filter((key) => draft.addedSnapshotIds.has(key) && key !== currentKey));
  if (intermediate.size === 0 && !draft.removedSnapshots) return draft.snapshotLog;

  let log: SnapshotLogEntry[] = [];
  for (const entry of draft.snapshotLog) {
    const id = entry['snapshot-id'];
    if (findSnapshot(draft, id) !== undefined) {
      if (!intermediate.has(int64Key(id))) log.push(entry);
    } else if (draft.removedSnapshots) {
      log = [];
    }
  }
  if (draft.currentSnapshotId !== null && findSnapshot(draft, draft.currentSnapshotId) !== undefined) {
    const last = log.at(-1);
    check(
      last !== undefined && int64Equal(last['snapshot-id'], draft.currentSnapshotId),
      'Cannot set invalid snapshot log: latest entry is not the current snapshot',
    );
  }
  return log;
}

/**
 * Java's `Builder.addPreviousFile`: the base's file and its `last-updated-ms` join the log, which
 * keeps at most `write.metadata.previous-versions-max` entries (at least 1), dropping the oldest.
 */
function metadataLog(draft: Draft, baseLocation: string | undefined): MetadataLogEntry[] {
  const previous = draft.base?.['metadata-log'] ?? [];
  if (draft.base === undefined || baseLocation === undefined) return [...previous];
  const max = Math.max(1, previousVersionsMax(draft.properties[PREVIOUS_VERSIONS_MAX]));
  const kept = previous.length >= max ? previous.slice(previous.length - max + 1) : previous;
  return [...kept, { 'timestamp-ms': draft.base['last-updated-ms'] ?? draft.now, 'metadata-file': baseLocation }];
}

// A value that is not an integer falls back to the default rather than failing every commit of
// the table (Java would throw on each one).
function previousVersionsMax(value: string | undefined): number {
  if (value === undefined || !/^\s*[+-]?\d+\s*$/.test(value)) return PREVIOUS_VERSIONS_MAX_DEFAULT;
  return Number.parseInt(value, 10);
}

/** Java's `LocationUtil.stripTrailingSlash`, which the metadata applies to its location. */
export function stripTrailingSlash(location: string): string {
  let result = location;
  while (result.endsWith('/') && !result.endsWith('://')) result = result.slice(0, -1);
  return result;
}
