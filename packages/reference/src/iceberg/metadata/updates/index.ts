import type { TableUpdate } from '../../model.js';
import type { Draft } from '../draft.js';
import { badRequest } from '../errors.js';
import { addEncryptionKey, removeEncryptionKey } from './encryption.js';
import { removeProperties, setLocation, setProperties } from './properties-location.js';
import { removeSnapshotRef, setSnapshotRef } from './refs.js';
import { addSchema, removeSchemas, setCurrentSchema } from './schemas.js';
import { addSnapshot, removeSnapshots } from './snapshots.js';
import { addSortOrder, setDefaultSortOrder } from './sort-orders.js';
import { addSpec, removePartitionSpecs, setDefaultSpec } from './specs.js';
import { removePartitionStatistics, removeStatistics, setPartitionStatistics, setStatistics } from './statistics.js';
import { assignUuid, upgradeFormatVersion } from './table.js';
import type { UpdateAction, UpdateHandler } from './types.js';

/** Every table update action of the spec, with its Java `TableMetadata.Builder` rule. */
const HANDLERS: { [A in UpdateAction]: UpdateHandler<A> } = {
  'assign-uuid': assignUuid,
  'upgrade-format-version': upgradeFormatVersion,
  'add-schema': addSchema,
  'set-current-schema': setCurrentSchema,
  'add-spec': addSpec,
  'set-default-spec': setDefaultSpec,
  'add-sort-order': addSortOrder,
  'set-default-sort-order': setDefaultSortOrder,
  'add-snapshot': addSnapshot,
  'set-snapshot-ref': setSnapshotRef,
  'remove-snapshots': removeSnapshots,
  'remove-snapshot-ref': removeSnapshotRef,
  'set-location': setLocation,
  'set-properties': setProperties,
  'remove-properties': removeProperties,
  'set-statistics': setStatistics,
  'remove-statistics': removeStatistics,
  'set-partition-statistics': setPartitionStatistics,
  'remove-partition-statistics': removePartitionStatistics,
  'remove-partition-specs': removePartitionSpecs,
  'remove-schemas': removeSchemas,
  'add-encryption-key': addEncryptionKey,
  'remove-encryption-key': removeEncryptionKey,
};

function isKnownAction(action: unknown): action is UpdateAction {
  return typeof action === 'string' && Object.hasOwn(HANDLERS, action);
}

/**
 * 400 for an action this server does not know (the spec requires it, iceberg PR #10848). Checked
 * for every update before any requirement, as Java refuses such a request while parsing it.
 */
export function checkUpdateActions(updates: readonly TableUpdate[]): void {
  for (const update of updates) {
    const action: unknown = (update as { action?: unknown } | null)?.action;
    if (!isKnownAction(action)) badRequest(`Cannot apply unknown table update action: ${String(action)}`);
  }
}

/** Applies one update (its action already known). */
export function applyUpdate(draft: Draft, update: TableUpdate): void {
  const handler = HANDLERS[update.action] as UpdateHandler<typeof update.action>;
  handler(draft, update);
}
