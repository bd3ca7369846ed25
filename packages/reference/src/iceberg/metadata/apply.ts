import type { CommitOutcome, TableMetadata, TableRequirement, TableUpdate } from '../model.js';
import { buildMetadata } from './build.js';
import { draftFrom, emptyDraft } from './draft.js';
import { toRejection } from './errors.js';
import { checkRequirements, checkRequirementTypes } from './requirements.js';
import { applyUpdate, checkUpdateActions } from './updates/index.js';
import { MAX_FORMAT_VERSION, MIN_FORMAT_VERSION } from './updates/table.js';

export interface CommitContext {
  /** The commit's time in ms: the new `last-updated-ms`. */
  now: number;
  /** The base's `metadata-location`, appended to `metadata-log` when the commit changes the table. */
  baseLocation?: string;
  /**
   * The UUID of a table built from empty metadata when the updates carry no `assign-uuid` (clients
   * always send one; Java's builder would pick a random UUID, and these functions pick nothing).
   */
  tableUuid?: string;
}

/** Java's TableMetadata.DEFAULT_TABLE_FORMAT_VERSION. */
export const DEFAULT_FORMAT_VERSION = 2;

/**
 * Checks `requirements` against `base`, then applies `updates` in order with Java's
 * `TableMetadata.Builder` rules (see the CONTRACT in index.ts). Never mutates its arguments.
 */
export function applyCommit(
  base: TableMetadata | undefined,
  requirements: TableRequirement[],
  updates: TableUpdate[],
  context: CommitContext,
): CommitOutcome {
  try {
    checkRequirementTypes(requirements);
    checkUpdateActions(updates);
    checkRequirements(base, requirements);

    const draft =
      base === undefined
        ? emptyDraft(initialFormatVersion(updates), context.now, context.tableUuid)
        : draftFrom(base, context.now);
    for (const update of updates) applyUpdate(draft, update);

    if (!draft.changed && base !== undefined) return { ok: true, metadata: base, changed: false };
    return { ok: true, metadata: buildMetadata(draft, context.baseLocation), changed: true };
  } catch (error) {
    return toRejection(error);
  }
}

/**
 * A table created by a commit starts at the version of its first `upgrade-format-version`, else
 * the default (Java's `CatalogHandlers.create`), so that update is then a no-op, not an upgrade.
 * An unsupported version is left for the update itself to refuse.
 */
function initialFormatVersion(updates: readonly TableUpdate[]): number {
  const upgrade = updates.find(
    (update): update is Extract<TableUpdate, { action: 'upgrade-format-version' }> =>
      update.action === 'upgrade-format-version',
  );
  const version = upgrade?.['format-version'];
  return version !== undefined &&
    Number.isInteger(version) &&
    version >= MIN_FORMAT_VERSION &&
    version <= MAX_FORMAT_VERSION
    ? version
    : DEFAULT_FORMAT_VERSION;
}
