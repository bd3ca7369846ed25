/**
 * Table metadata as pure functions: no storage, no clock or randomness but what the caller passes.
 * The catalog (table commits, staged creates, `transactions/commit`) calls only these two.
 *
 * CONTRACT (implemented in this folder):
 *
 * `newTableMetadata(request, { location, tableUuid, now })` builds the metadata of a table created
 * by `createTable` (including stage-create) the way Java's `TableMetadata.newTableMetadata` does:
 * field, spec and sort-order ids reassigned, defaults of the research note §2.1, format version
 * from the request's `properties['format-version']` (default 2), the location given. Invalid
 * requests (bad schema, partition field on an unknown source id, format version outside 1..3)
 * come back as a 400 rejection.
 *
 * `applyCommit(base, requirements, updates, { now, baseLocation, tableUuid? })`:
 * - `base` is the current metadata and `baseLocation` its `metadata-location` (`base` is undefined
 *   when the table does not exist: then `assert-create` holds and the updates build the table from empty metadata, as
 *   Java's `TableMetadata.buildFromEmpty`);
 * - checks every requirement against `base` (409 `CommitFailedException` naming the failed one;
 *   `assert-create` on an existing table is a 409 too), then applies the updates in order with the
 *   Java `TableMetadata.Builder` rules of the research note §2.3 (−1 = the last id added in this
 *   request; 400 for an unknown action or requirement type or an update that can never apply;
 *   409 for a stale sequence number);
 * - when something changed: `last-updated-ms` = `now`, `baseLocation` appended to `metadata-log`
 *   with the base's `last-updated-ms` (trimmed to `write.metadata.previous-versions-max`, default
 *   100) and `snapshot-log` kept as Java keeps it; `changed` says whether anything did. The caller assigns
 *   the new `metadata-location` (it is not a TableMetadata field). "Changed" means a value
 *   changed: re-setting a property to its value, or removing a missing one, changes nothing (Java
 *   would still write a new file). `tableUuid` is the UUID of a table built from empty metadata
 *   whose updates carry no `assign-uuid` (without either, such a v2+ table is a 400).
 */
export { applyCommit, type CommitContext } from './apply.js';
export { type NewTableOptions, newTableMetadata } from './new-table.js';
