import { badRequest, check } from '../errors.js';
import type { UpdateHandler } from './types.js';

/** The format versions the spec allows (Java goes to 4; dbwire's spec stops at 3). */
export const MIN_FORMAT_VERSION = 1;
export const MAX_FORMAT_VERSION = 3;

/**
 * `assign-uuid` (Java `Builder.assignUUID`): the same UUID is a no-op. Java would also replace the
 * UUID of an existing table, but the spec allows the update only for new tables: on an existing
 * table another UUID would make every client's `assert-table-uuid` name a different table.
 */
export const assignUuid: UpdateHandler<'assign-uuid'> = (draft, update) => {
  if (update.uuid === draft.uuid) return;
  if (draft.base !== undefined) {
    // The same UUID in other letter case names the same table (`assert-table-uuid` ignores case).
    if (update.uuid.toLowerCase() === draft.uuid?.toLowerCase()) return;
    badRequest(`Cannot assign a new UUID to an existing table: ${draft.uuid} != ${update.uuid}`);
  }
  draft.uuid = update.uuid;
  draft.changed = true;
};

/** `upgrade-format-version` (Java `Builder.upgradeFormatVersion`): never down, never beyond what is supported. */
export const upgradeFormatVersion: UpdateHandler<'upgrade-format-version'> = (draft, update) => {
  const version = update['format-version'];
  check(
    Number.isInteger(version) && version >= MIN_FORMAT_VERSION && version <= MAX_FORMAT_VERSION,
    `Cannot upgrade table to unsupported format version: v${version} (supported: v${MAX_FORMAT_VERSION})`,
  );
  check(version >= draft.formatVersion, `Cannot downgrade v${draft.formatVersion} table to v${version}`);
  if (version === draft.formatVersion) return;
  draft.formatVersion = version;
  draft.changed = true;
};
