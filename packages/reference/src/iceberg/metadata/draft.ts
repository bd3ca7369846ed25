import type {
  EncryptedKey,
  Int64,
  PartitionSpec,
  PartitionStatisticsFile,
  Schema,
  Snapshot,
  SnapshotLogEntry,
  SnapshotReference,
  SortOrder,
  StatisticsFile,
  TableMetadata,
} from '../model.js';
import { int64Key, readInt64 } from './ids.js';

/**
 * The metadata being built by one commit: Java's `TableMetadata.Builder` state. Every array and
 * map here is treated as immutable and replaced, never edited, when an update changes it, so the
 * base metadata (which callers reuse on retries) is shared, not copied, and never mutated.
 */
export interface Draft {
  readonly base: TableMetadata | undefined;
  /** The commit's clock: `last-updated-ms` and the time of a `main` change to an older snapshot. */
  readonly now: number;
  /** Whether any update changed anything (Java: the builder recorded a change). */
  changed: boolean;

  formatVersion: number;
  uuid: string | undefined;
  location: string | undefined;
  lastSequenceNumber: Int64;
  lastColumnId: number;
  schemas: readonly Schema[];
  currentSchemaId: number;
  specs: readonly PartitionSpec[];
  defaultSpecId: number;
  lastPartitionId: number;
  sortOrders: readonly SortOrder[];
  defaultSortOrderId: number;
  properties: Readonly<Record<string, string>>;
  /** The `main` snapshot, or null when there is none (Java's -1). */
  currentSnapshotId: Int64 | null;
  snapshots: readonly Snapshot[];
  refs: Readonly<Record<string, SnapshotReference>>;
  snapshotLog: readonly SnapshotLogEntry[];
  statistics: readonly StatisticsFile[];
  partitionStatistics: readonly PartitionStatisticsFile[];
  encryptionKeys: readonly EncryptedKey[];
  nextRowId: Int64;

  // What this request added, for `-1` ("the last one added") and the snapshot log.
  lastAddedSchemaId: number | null;
  readonly addedSchemaIds: Set<number>;
  lastAddedSpecId: number | null;
  readonly addedSpecIds: Set<number>;
  lastAddedOrderId: number | null;
  readonly addedOrderIds: Set<number>;
  readonly addedSnapshotIds: Set<string>;
  /** Snapshots `main` was moved to in this request, in order (keys of `int64Key`). */
  readonly mainMoves: string[];
  /** Whether a snapshot was removed in this request (the snapshot log is then cut). */
  removedSnapshots: boolean;
  /** Lazily built index of `snapshots` by `int64Key`; reset whenever `snapshots` is replaced. */
  snapshotIndex: Map<string, Snapshot> | undefined;
}

function bookkeeping() {
  return {
    changed: false,
    lastAddedSchemaId: null,
    addedSchemaIds: new Set<number>(),
    lastAddedSpecId: null,
    addedSpecIds: new Set<number>(),
    lastAddedOrderId: null,
    addedOrderIds: new Set<number>(),
    addedSnapshotIds: new Set<string>(),
    mainMoves: [],
    removedSnapshots: false,
    snapshotIndex: undefined,
  };
}

/** Java's `TableMetadata.buildFrom(base)`. */
export function draftFrom(base: TableMetadata, now: number): Draft {
  const current = base['current-snapshot-id'];
  return {
    base,
    now,
    ...bookkeeping(),
    formatVersion: base['format-version'],
    uuid: base['table-uuid'],
    location: base.location,
    lastSequenceNumber: readInt64(base['last-sequence-number'] ?? 0),
    lastColumnId: base['last-column-id'] ?? 0,
    schemas: base.schemas ?? [],
    currentSchemaId: base['current-schema-id'] ?? 0,
    specs: base['partition-specs'] ?? [],
    defaultSpecId: base['default-spec-id'] ?? 0,
    lastPartitionId: base['last-partition-id'] ?? 0,
    sortOrders: base['sort-orders'] ?? [],
    defaultSortOrderId: base['default-sort-order-id'] ?? 0,
    properties: base.properties ?? {},
    currentSnapshotId: current === undefined || current === null || current === -1 ? null : readInt64(current),
    snapshots: base.snapshots ?? [],
    refs: base.refs ?? {},
    snapshotLog: base['snapshot-log'] ?? [],
    statistics: base.statistics ?? [],
    partitionStatistics: base['partition-statistics'] ?? [],
    encryptionKeys: base['encryption-keys'] ?? [],
    nextRowId: readInt64(base['next-row-id'] ?? 0),
  };
}

/**
 * Java's `TableMetadata.buildFromEmpty(formatVersion)`: no schema, spec or order yet, ids from 0,
 * sequence numbers and row ids from 0, no location. A new table is a change by definition.
 */
export function emptyDraft(formatVersion: number, now: number, uuid: string | undefined): Draft {
  return {
    base: undefined,
    now,
    ...bookkeeping(),
    changed: true,
    formatVersion,
    uuid,
    location: undefined,
    lastSequenceNumber: 0,
    lastColumnId: 0,
    schemas: [],
    currentSchemaId: 0,
    specs: [],
    defaultSpecId: 0,
    lastPartitionId: 0,
    sortOrders: [],
    defaultSortOrderId: 0,
    properties: {},
    currentSnapshotId: null,
    snapshots: [],
    refs: {},
    snapshotLog: [],
    statistics: [],
    partitionStatistics: [],
    encryptionKeys: [],
    nextRowId: 0,
  };
}

/** The snapshot with this id, if the draft has it. */
export function findSnapshot(draft: Draft, id: Int64): Snapshot | undefined {
  if (draft.snapshotIndex === undefined) {
    draft.snapshotIndex = new Map(draft.snapshots.map((snapshot) => [int64Key(snapshot['snapshot-id']), snapshot]));
  }
  return draft.snapshotIndex.get(int64Key(id));
}

// Java reads a schema or spec without an id as id 0 (v1 metadata).
export function schemaIdOf(schema: Schema): number {
  return schema['schema-id'] ?? 0;
}

export function specIdOf(spec: PartitionSpec): number {
  return spec['spec-id'] ?? 0;
}

export function findSchema(draft: Draft, id: number): Schema | undefined {
  return draft.schemas.find((schema) => schemaIdOf(schema) === id);
}

export function findSpec(draft: Draft, id: number): PartitionSpec | undefined {
  return draft.specs.find((spec) => specIdOf(spec) === id);
}

export function findSortOrder(draft: Draft, id: number): SortOrder | undefined {
  return draft.sortOrders.find((order) => order['order-id'] === id);
}
