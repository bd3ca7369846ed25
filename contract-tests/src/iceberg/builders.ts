import type { RequestBody, Schemas, TableRequirement, TableUpdate } from './http.js';

/**
 * Request bodies for the Iceberg suites: a small table schema, create requests, snapshots, and one
 * builder per update action and requirement type (the spec's shapes). int64 fields take a `bigint`
 * where a test needs a value beyond 2^53; the client writes it digit for digit.
 */

/** An int64 as a test passes it: a number, or a bigint beyond 2^53. */
export type Int64 = number | bigint;

/** Two columns, ids given as the client would (the server reassigns them 1..n at create). */
export function simpleSchema(): Schemas['Schema'] {
  return {
    type: 'struct',
    'schema-id': 0,
    fields: [
      { id: 1, name: 'id', type: 'long', required: true },
      { id: 2, name: 'label', type: 'string', required: false },
    ],
  };
}

/** `simpleSchema()` plus a third column, `extra` (id 3, optional) of `type`. */
export function widerSchema(type: 'double' | 'int' = 'double'): Schemas['Schema'] {
  const schema = simpleSchema();
  return { ...schema, fields: [...schema.fields, { id: 3, name: 'extra', type, required: false }] };
}

/**
 * The create request of a table with `simpleSchema()`, unpartitioned and unsorted unless `extra`
 * says otherwise (members with defaults left out: the generated type lists them as required).
 */
export function createTableBody(
  name: string,
  extra: Omit<Partial<RequestBody<'createTable'>>, 'name'> = {},
): RequestBody<'createTable'> {
  return { name, schema: simpleSchema(), ...extra } as RequestBody<'createTable'>;
}

/** A snapshot for `add-snapshot`: an append whose manifest list lies under `location`. */
export function snapshot(
  id: Int64,
  options: { location: string; sequenceNumber?: Int64; parent?: Int64; timestampMs?: number; schemaId?: number },
): Schemas['Snapshot'] {
  const value: Record<string, unknown> = {
    'snapshot-id': id,
    'timestamp-ms': options.timestampMs ?? Date.now(),
    'manifest-list': `${options.location}/metadata/snap-${id}-1-${crypto.randomUUID()}.avro`,
    summary: { operation: 'append' },
    'schema-id': options.schemaId ?? 0,
  };
  if (options.sequenceNumber !== undefined) value['sequence-number'] = options.sequenceNumber;
  if (options.parent !== undefined) value['parent-snapshot-id'] = options.parent;
  return value as unknown as Schemas['Snapshot'];
}

/**
 * A random snapshot id in [2^62, 2^63), as clients make them (random positive 63-bit numbers):
 * always beyond 2^53, so every test that uses one also checks that it survives exactly.
 */
export function randomSnapshotId(): bigint {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  bytes[0] = ((bytes[0] as number) & 0x3f) | 0x40;
  return bytes.reduce((acc, byte) => (acc << 8n) | BigInt(byte), 0n);
}

/** int64 fields typed as numbers by the generated types, given as bigints here. */
function withInt64<T>(value: Record<string, unknown>): T {
  return value as unknown as T;
}

/** One builder per update action of the spec (`TableUpdate`). */
export const update = {
  assignUuid: (uuid: string): TableUpdate => ({ action: 'assign-uuid', uuid }),
  upgradeFormatVersion: (version: number): TableUpdate => ({
    action: 'upgrade-format-version',
    'format-version': version,
  }),
  addSchema: (schema: Schemas['Schema']): TableUpdate => ({ action: 'add-schema', schema }),
  setCurrentSchema: (schemaId: number): TableUpdate => ({ action: 'set-current-schema', 'schema-id': schemaId }),
  addSpec: (spec: Schemas['PartitionSpec']): TableUpdate => ({ action: 'add-spec', spec }),
  setDefaultSpec: (specId: number): TableUpdate => ({ action: 'set-default-spec', 'spec-id': specId }),
  addSortOrder: (order: Schemas['SortOrder']): TableUpdate => ({ action: 'add-sort-order', 'sort-order': order }),
  setDefaultSortOrder: (orderId: number): TableUpdate => ({
    action: 'set-default-sort-order',
    'sort-order-id': orderId,
  }),
  addSnapshot: (snap: Schemas['Snapshot']): TableUpdate => ({ action: 'add-snapshot', snapshot: snap }),
  setRef: (refName: string, id: Int64, type: 'branch' | 'tag' = 'branch', extra: Record<string, unknown> = {}) =>
    withInt64<TableUpdate>({ action: 'set-snapshot-ref', 'ref-name': refName, type, 'snapshot-id': id, ...extra }),
  removeSnapshots: (ids: Int64[]) => withInt64<TableUpdate>({ action: 'remove-snapshots', 'snapshot-ids': ids }),
  removeRef: (refName: string): TableUpdate => ({ action: 'remove-snapshot-ref', 'ref-name': refName }),
  setLocation: (location: string): TableUpdate => ({ action: 'set-location', location }),
  setProperties: (updates: Record<string, string>): TableUpdate => ({ action: 'set-properties', updates }),
  removeProperties: (removals: string[]): TableUpdate => ({ action: 'remove-properties', removals }),
  setStatistics: (snapshotId: Int64, path: string) =>
    withInt64<TableUpdate>({
      action: 'set-statistics',
      statistics: {
        'snapshot-id': snapshotId,
        'statistics-path': path,
        'file-size-in-bytes': 100,
        'file-footer-size-in-bytes': 10,
        'blob-metadata': [],
      },
    }),
  removeStatistics: (snapshotId: Int64) =>
    withInt64<TableUpdate>({ action: 'remove-statistics', 'snapshot-id': snapshotId }),
  setPartitionStatistics: (snapshotId: Int64, path: string) =>
    withInt64<TableUpdate>({
      action: 'set-partition-statistics',
      'partition-statistics': { 'snapshot-id': snapshotId, 'statistics-path': path, 'file-size-in-bytes': 42 },
    }),
  removePartitionStatistics: (snapshotId: Int64) =>
    withInt64<TableUpdate>({ action: 'remove-partition-statistics', 'snapshot-id': snapshotId }),
  removePartitionSpecs: (specIds: number[]): TableUpdate => ({ action: 'remove-partition-specs', 'spec-ids': specIds }),
  removeSchemas: (schemaIds: number[]): TableUpdate => ({ action: 'remove-schemas', 'schema-ids': schemaIds }),
  addEncryptionKey: (keyId: string): TableUpdate => ({
    action: 'add-encryption-key',
    'encryption-key': { 'key-id': keyId, 'encrypted-key-metadata': Buffer.from(`key ${keyId}`).toString('base64') },
  }),
  removeEncryptionKey: (keyId: string): TableUpdate => ({ action: 'remove-encryption-key', 'key-id': keyId }),
};

/**
 * The updates of a commit that creates a table (under `assert-create`), as clients send them: the
 * UUID and format version (default 2), `simpleSchema()` made current, no partitioning, no sort
 * order, and the location (clients always send the location of a table they create).
 */
export function createTableUpdates(options: { uuid: string; location: string; formatVersion?: number }): TableUpdate[] {
  return [
    update.assignUuid(options.uuid),
    update.upgradeFormatVersion(options.formatVersion ?? 2),
    update.addSchema(simpleSchema()),
    update.setCurrentSchema(-1),
    update.addSpec({ fields: [] }),
    update.setDefaultSpec(-1),
    update.addSortOrder({ 'order-id': 0, fields: [] }),
    update.setDefaultSortOrder(-1),
    update.setLocation(options.location),
  ];
}

/** One builder per requirement type of the spec (`TableRequirement`). */
export const requirement = {
  create: (): TableRequirement => ({ type: 'assert-create' }),
  tableUuid: (uuid: string): TableRequirement => ({ type: 'assert-table-uuid', uuid }),
  refSnapshotId: (ref: string, id: Int64 | null) =>
    withInt64<TableRequirement>({ type: 'assert-ref-snapshot-id', ref, 'snapshot-id': id }),
  lastAssignedFieldId: (id: number): TableRequirement => ({
    type: 'assert-last-assigned-field-id',
    'last-assigned-field-id': id,
  }),
  currentSchemaId: (id: number): TableRequirement => ({ type: 'assert-current-schema-id', 'current-schema-id': id }),
  lastAssignedPartitionId: (id: number): TableRequirement => ({
    type: 'assert-last-assigned-partition-id',
    'last-assigned-partition-id': id,
  }),
  defaultSpecId: (id: number): TableRequirement => ({ type: 'assert-default-spec-id', 'default-spec-id': id }),
  defaultSortOrderId: (id: number): TableRequirement => ({
    type: 'assert-default-sort-order-id',
    'default-sort-order-id': id,
  }),
};
