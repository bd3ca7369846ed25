import type { CommitOutcome, CreateTableRequest, SortOrder, TableUpdate } from '../model.js';
import { DEFAULT_FORMAT_VERSION } from './apply.js';
import { buildMetadata } from './build.js';
import { emptyDraft } from './draft.js';
import { badRequest, toRejection } from './errors.js';
import { PARTITION_DATA_ID_START } from './partition-spec.js';
import { assignFreshIds, validateSchema } from './schema.js';
import { INITIAL_SORT_ORDER_ID, isUnsorted, UNSORTED_ORDER_ID } from './sort-order.js';
import { applyUpdate } from './updates/index.js';
import { MAX_FORMAT_VERSION, MIN_FORMAT_VERSION } from './updates/table.js';
import { LAST_ADDED } from './updates/types.js';

export interface NewTableOptions {
  /** The table root (the catalog's choice or the request's). */
  location: string;
  /** The new table's UUID (the catalog draws it; these functions draw nothing). */
  tableUuid: string;
  /** Creation time in ms: `last-updated-ms`. */
  now: number;
}

/** Java's TableProperties.FORMAT_VERSION. */
const FORMAT_VERSION_PROPERTY = 'format-version';
/**
 * Java's TableProperties.RESERVED_PROPERTIES: they describe the metadata itself, so a create
 * request's values are used (format-version) or dropped, never stored as properties.
 */
const RESERVED_PROPERTIES = new Set([
  'format-version',
  'uuid',
  'snapshot-count',
  'current-snapshot-id',
  'current-snapshot-summary',
  'current-snapshot-timestamp-ms',
  'current-schema',
  'default-partition-spec',
  'default-sort-order',
]);
/** Java (since 1.4.0) writes new tables' Parquet files with zstd unless the request says otherwise. */
const NEW_TABLE_DEFAULT_PROPERTIES: Readonly<Record<string, string>> = { 'write.parquet.compression-codec': 'zstd' };

/**
 * The metadata of a table created by `createTable`, as Java's `TableMetadata.newTableMetadata`
 * builds it: field ids reassigned 1..n (schema 0), partition fields remapped to the new ids with
 * field ids from 1000 (spec 0), the sort order remapped (order 1, or 0 when unsorted), format
 * version from the `format-version` property (default 2), reserved properties dropped.
 */
export function newTableMetadata(request: CreateTableRequest, options: NewTableOptions): CommitOutcome {
  try {
    const properties = request.properties ?? {};
    const formatVersion = parseFormatVersion(properties[FORMAT_VERSION_PROPERTY]);

    // Java checks the request's schema when parsing it, before any id is reassigned.
    validateSchema(request.schema, formatVersion);
    let lastColumnId = 0;
    const fresh = assignFreshIds(request.schema, 0, () => {
      lastColumnId += 1;
      return lastColumnId;
    });
    const sourceId = (oldId: number, what: string): number => {
      const id = fresh.ids.get(oldId);
      if (id === undefined) badRequest(`Cannot find source column ${oldId} for ${what}`);
      return id;
    };

    // Partition fields keep their order and names; their field ids are fresh from 1000.
    const specFields = (request['partition-spec']?.fields ?? []).map((field, i) => ({
      name: field.name,
      transform: field.transform,
      'source-id': sourceId(field['source-id'], `partition field ${field.name}`),
      'field-id': PARTITION_DATA_ID_START + i,
    }));

    const order: SortOrder = request['write-order'] ?? { 'order-id': UNSORTED_ORDER_ID, fields: [] };
    const sortOrder: SortOrder = isUnsorted(order)
      ? order
      : {
          'order-id': INITIAL_SORT_ORDER_ID,
          fields: order.fields.map((field) => ({
            ...field,
            'source-id': sourceId(field['source-id'], `sort field ${field.transform}`),
          })),
        };

    const persisted: Record<string, string> = { ...NEW_TABLE_DEFAULT_PROPERTIES };
    for (const [key, value] of Object.entries(properties)) {
      if (!RESERVED_PROPERTIES.has(key)) persisted[key] = value;
    }

    // The same steps as Java's builder calls, through the same update rules as a commit.
    const updates: TableUpdate[] = [
      { action: 'add-schema', schema: fresh.schema },
      { action: 'set-current-schema', 'schema-id': LAST_ADDED },
      { action: 'add-spec', spec: { 'spec-id': 0, fields: specFields } },
      { action: 'set-default-spec', 'spec-id': LAST_ADDED },
      { action: 'add-sort-order', 'sort-order': sortOrder },
      { action: 'set-default-sort-order', 'sort-order-id': LAST_ADDED },
      { action: 'set-location', location: options.location },
      { action: 'set-properties', updates: persisted },
    ];
    const draft = emptyDraft(formatVersion, options.now, options.tableUuid);
    for (const update of updates) applyUpdate(draft, update);
    return { ok: true, metadata: buildMetadata(draft, undefined), changed: true };
  } catch (error) {
    return toRejection(error);
  }
}

/** Java's `PropertyUtil.propertyAsInt` on `format-version`, limited to the versions the spec allows. */
function parseFormatVersion(value: string | undefined): number {
  if (value === undefined) return DEFAULT_FORMAT_VERSION;
  const version = /^\s*[+-]?\d+\s*$/.test(value) ? Number.parseInt(value, 10) : Number.NaN;
  if (!Number.isInteger(version) || version < MIN_FORMAT_VERSION || version > MAX_FORMAT_VERSION) {
    badRequest(`Unsupported format version: ${value} (supported: v${MIN_FORMAT_VERSION} to v${MAX_FORMAT_VERSION})`);
  }
  return version;
}
