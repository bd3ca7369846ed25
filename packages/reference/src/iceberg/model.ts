import type { components } from '@dbwire/server-stubs/iceberg';

/**
 * The Iceberg schema types the reference catalog works with, named as in the spec. Integers the
 * spec marks `int64` (snapshot ids, sequence numbers) may hold a `bigint` at run time when they
 * exceed 2^53: the API parses JSON with `@dbwire/json`, so compare them with `int64Equal`.
 */
type Schemas = components['schemas'];

export type TableMetadata = Schemas['TableMetadata'];
export type TableRequirement = Schemas['TableRequirement'];
export type TableUpdate = Schemas['TableUpdate'];
export type CreateTableRequest = Schemas['CreateTableRequest'];
export type TableIdentifier = Schemas['TableIdentifier'];
export type Namespace = Schemas['Namespace'];
export type Schema = Schemas['Schema'];
export type PartitionSpec = Schemas['PartitionSpec'];
export type SortOrder = Schemas['SortOrder'];
export type Snapshot = Schemas['Snapshot'];
export type SnapshotReference = Schemas['SnapshotReference'];

/** Why a commit cannot be applied: the status and exception type clients act on. */
export type CommitRejection =
  /** A requirement did not hold (or a sequence number or row id became stale): refresh and retry. */
  | { ok: false; status: 409; type: 'CommitFailedException'; message: string }
  /** The updates are invalid whatever the table's state (unknown action, missing schema id, ...). */
  | { ok: false; status: 400; type: 'BadRequestException'; message: string };

export type CommitOutcome = { ok: true; metadata: TableMetadata; changed: boolean } | CommitRejection;

export type LoadTableResult = Schemas['LoadTableResult'];
export type CommitTableRequest = Schemas['CommitTableRequest'];
export type StringMap = Schemas['StringMap'];

/** Who is calling: the principal of the bearer token (undefined only for public operations, of which there are none). */
export interface IcebergCaller {
  principal: string | undefined;
}

// Nested metadata types, named as in the spec (used by the metadata functions).
export type StructField = Schemas['StructField'];
export type IcebergType = Schemas['Type'];
export type PartitionField = Schemas['PartitionField'];
export type SortField = Schemas['SortField'];
export type SnapshotLogEntry = Schemas['SnapshotLogEntry'];
export type MetadataLogEntry = Schemas['MetadataLogEntry'];
export type StatisticsFile = Schemas['StatisticsFile'];
export type PartitionStatisticsFile = Schemas['PartitionStatisticsFile'];
export type EncryptedKey = Schemas['EncryptedKey'];

/**
 * An `int64` field's value at run time: the generated types say `number`, but `@dbwire/json`
 * parses integers beyond 2^53 to `bigint`.
 */
export type Int64 = number | bigint;
