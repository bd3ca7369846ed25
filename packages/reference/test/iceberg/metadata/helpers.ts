import { expect } from 'vitest';
import { applyCommit, newTableMetadata } from '../../../src/iceberg/metadata/index.js';
import type {
  CommitOutcome,
  CreateTableRequest,
  Snapshot,
  TableMetadata,
  TableRequirement,
  TableUpdate,
} from '../../../src/iceberg/model.js';

export const NOW = 1_700_000_000_000;
export const LATER = NOW + 60_000;
export const UUID = '9c12d441-03fe-4693-9a96-a0705ddf69c1';
export const LOCATION = 's3://warehouse/db/events';
export const BASE_LOCATION = `${LOCATION}/metadata/00000-first.metadata.json`;

/** Freezes a value and everything in it, so a test fails if the code under test mutates it. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}

/** A create request: columns `id` (3), `ts` (7), `data` (9) in the client's own ids. */
export function createRequest(overrides: Partial<CreateTableRequest> = {}): CreateTableRequest {
  return {
    name: 'events',
    'stage-create': false,
    schema: {
      type: 'struct',
      'schema-id': 4,
      'identifier-field-ids': [3],
      fields: [
        { id: 3, name: 'id', type: 'long', required: true },
        { id: 7, name: 'ts', type: 'timestamptz', required: false },
        { id: 9, name: 'data', type: 'string', required: false, doc: 'payload' },
      ],
    },
    ...overrides,
  };
}

export function expectOk(outcome: CommitOutcome): { metadata: TableMetadata; changed: boolean } {
  if (!outcome.ok) throw new Error(`expected success, got ${outcome.status} ${outcome.type}: ${outcome.message}`);
  return outcome;
}

export function expectRejected(outcome: CommitOutcome, status: 400 | 409, pattern?: RegExp): void {
  if (outcome.ok) throw new Error(`expected ${status}, got success`);
  expect(outcome.status).toBe(status);
  expect(outcome.type).toBe(status === 409 ? 'CommitFailedException' : 'BadRequestException');
  if (pattern) expect(outcome.message).toMatch(pattern);
}

/** A frozen new table (columns id=1, ts=2, data=3) of the given format version. */
export function table(formatVersion = 2, overrides: Partial<CreateTableRequest> = {}): TableMetadata {
  const properties = { ...(overrides.properties ?? {}), 'format-version': String(formatVersion) };
  const outcome = newTableMetadata(createRequest({ ...overrides, properties }), {
    location: LOCATION,
    tableUuid: UUID,
    now: NOW,
  });
  return deepFreeze(expectOk(outcome).metadata);
}

/** Applies updates (no requirements) at LATER and expects success. */
export function commit(
  base: TableMetadata | undefined,
  updates: TableUpdate[],
  requirements: TableRequirement[] = [],
): { metadata: TableMetadata; changed: boolean } {
  return expectOk(applyCommit(base, requirements, updates, { now: LATER, baseLocation: BASE_LOCATION }));
}

/** Applies updates (no requirements) at LATER. */
export function attempt(
  base: TableMetadata | undefined,
  updates: TableUpdate[],
  requirements: TableRequirement[] = [],
): CommitOutcome {
  return applyCommit(base, requirements, updates, { now: LATER, baseLocation: BASE_LOCATION });
}

let nextSnapshot = 1000;

/** A snapshot for `add-snapshot`; v3 row lineage fields are given when `firstRowId` is. */
export function snapshot(fields: Partial<Snapshot> & { 'snapshot-id'?: number | bigint } = {}): Snapshot {
  nextSnapshot += 1;
  return {
    'snapshot-id': nextSnapshot,
    'timestamp-ms': NOW + 1000,
    'manifest-list': `${LOCATION}/metadata/snap-${nextSnapshot}.avro`,
    summary: { operation: 'append' },
    'schema-id': 0,
    ...fields,
  } as Snapshot;
}

/** Adds a snapshot and points `main` at it (what an append commits). */
export function append(id: number | bigint, extra: Partial<Snapshot> = {}): TableUpdate[] {
  return [
    { action: 'add-snapshot', snapshot: snapshot({ 'snapshot-id': id as number, ...extra }) },
    { action: 'set-snapshot-ref', 'ref-name': 'main', type: 'branch', 'snapshot-id': id as number },
  ];
}
