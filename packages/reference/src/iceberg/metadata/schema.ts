import type { IcebergType, Schema, StructField } from '../model.js';
import { jsonEqual } from './equal.js';
import { badRequest, check } from './errors.js';

/**
 * Schemas as Java's `Schema` sees them: every field id (struct fields, list elements, map keys and
 * values) with its full dotted name, so partition and sort fields can be checked against it.
 */

/** One field id of a schema. */
export interface IndexedField {
  readonly id: number;
  /** Full name, e.g. `location.lat`, `tags.element`, `attrs.key`. */
  readonly name: string;
  readonly type: IcebergType;
  readonly required: boolean;
  /** Whether a list or map lies between the root and this field (Java: not a valid partition or identifier source). */
  readonly underListOrMap: boolean;
  /** Whether an optional struct lies between the root and this field. */
  readonly underOptional: boolean;
  /** The struct field this id belongs to, if it is one (for defaults). */
  readonly field?: StructField;
}

export interface SchemaIndex {
  readonly byId: ReadonlyMap<number, IndexedField>;
  readonly byName: ReadonlyMap<string, IndexedField>;
  /** Java's `highestFieldId()`: 0 for a schema without fields. */
  readonly highestFieldId: number;
}

export function isPrimitive(type: IcebergType): type is string {
  return typeof type === 'string';
}

/**
 * Indexes a schema, refusing what Java's `Schema` constructor refuses: a field id used twice and a
 * full name used twice ("multiple fields for name").
 */
export function indexSchema(schema: Schema): SchemaIndex {
  const byId = new Map<number, IndexedField>();
  const byName = new Map<string, IndexedField>();
  let highestFieldId = 0;

  const add = (entry: IndexedField): void => {
    check(!byId.has(entry.id), `Invalid schema: multiple fields for id ${entry.id}`);
    check(!byName.has(entry.name), `Invalid schema: multiple fields for name ${entry.name}`);
    byId.set(entry.id, entry);
    byName.set(entry.name, entry);
    highestFieldId = Math.max(highestFieldId, entry.id);
  };

  const visit = (type: IcebergType, prefix: string, underListOrMap: boolean, underOptional: boolean): void => {
    if (isPrimitive(type)) return;
    if (type.type === 'struct') {
      for (const field of type.fields) {
        const name = prefix + field.name;
        add({ id: field.id, name, type: field.type, required: field.required, underListOrMap, underOptional, field });
        visit(field.type, `${name}.`, underListOrMap, underOptional || !field.required);
      }
    } else if (type.type === 'list') {
      const name = `${prefix}element`;
      add({
        id: type['element-id'],
        name,
        type: type.element,
        required: type['element-required'],
        underListOrMap: true,
        underOptional,
      });
      visit(type.element, `${name}.`, true, underOptional);
    } else {
      add({
        id: type['key-id'],
        name: `${prefix}key`,
        type: type.key,
        required: true,
        underListOrMap: true,
        underOptional,
      });
      add({
        id: type['value-id'],
        name: `${prefix}value`,
        type: type.value,
        required: type['value-required'],
        underListOrMap: true,
        underOptional,
      });
      visit(type.key, `${prefix}key.`, true, underOptional);
      visit(type.value, `${prefix}value.`, true, underOptional);
    }
  };

  visit({ type: 'struct', fields: schema.fields }, '', false, false);
  return { byId, byName, highestFieldId };
}

// Java's Schema.MIN_FORMAT_VERSIONS: these types exist from format version 3 on.
const V3_TYPES = /^(timestamp_ns|timestamptz_ns|variant|unknown|geometry|geography)(\(.*\))?$/;
// Java's Schema.DEFAULT_VALUES_MIN_FORMAT_VERSION.
const DEFAULT_VALUES_MIN_FORMAT_VERSION = 3;

/**
 * Checks a schema as Java does when it is added to a table: well-formed ids and names, identifier
 * fields that can identify a row (`Schema.validateIdentifierField`), and no type or initial default
 * the table's format version cannot hold (`Schema.checkCompatibility`).
 */
export function validateSchema(schema: Schema, formatVersion: number): SchemaIndex {
  const index = indexSchema(schema);
  for (const id of schema['identifier-field-ids'] ?? []) {
    const field = index.byId.get(id);
    if (field === undefined) badRequest(`Cannot add fieldId ${id} as an identifier field: field does not exist`);
    check(isPrimitive(field.type), `Cannot add field ${field.name} as an identifier field: not a primitive type field`);
    check(field.required, `Cannot add field ${field.name} as an identifier field: not a required field`);
    check(
      field.type !== 'float' && field.type !== 'double',
      `Cannot add field ${field.name} as an identifier field: must not be float or double field`,
    );
    check(
      !field.underListOrMap && !field.underOptional,
      `Cannot add field ${field.name} as an identifier field: must not be nested in a list, map or optional struct`,
    );
  }
  for (const field of index.byId.values()) {
    if (formatVersion < 3 && isPrimitive(field.type) && V3_TYPES.test(field.type)) {
      badRequest(`Invalid schema for v${formatVersion}: ${field.name} has type ${field.type}, not supported until v3`);
    }
    const initialDefault = field.field?.['initial-default'];
    if (formatVersion < DEFAULT_VALUES_MIN_FORMAT_VERSION && initialDefault !== undefined && initialDefault !== null) {
      badRequest(`Invalid schema for v${formatVersion}: ${field.name} has an initial default, not supported until v3`);
    }
  }
  return index;
}

/**
 * The schema with every field id reassigned from `nextId`, in Java's `AssignFreshIds` order: a
 * struct's own fields first, then each field's nested type in turn (a list's element id before its
 * element, a map's key and value ids before their types). `ids` maps each old id to its new one.
 */
export function assignFreshIds(
  schema: Schema,
  schemaId: number,
  nextId: () => number,
): { schema: Schema; ids: Map<number, number> } {
  const ids = new Map<number, number>();
  const fresh = (oldId: number): number => {
    const id = nextId();
    ids.set(oldId, id);
    return id;
  };

  const reassign = (type: IcebergType): IcebergType => {
    if (isPrimitive(type)) return type;
    if (type.type === 'struct') {
      const newIds = type.fields.map((field) => fresh(field.id));
      return {
        ...type,
        fields: type.fields.map((field, i) => ({ ...field, id: newIds[i] as number, type: reassign(field.type) })),
      };
    }
    if (type.type === 'list') {
      const elementId = fresh(type['element-id']);
      return { ...type, 'element-id': elementId, element: reassign(type.element) };
    }
    const keyId = fresh(type['key-id']);
    const valueId = fresh(type['value-id']);
    return { ...type, 'key-id': keyId, 'value-id': valueId, key: reassign(type.key), value: reassign(type.value) };
  };

  const struct = reassign({ type: 'struct', fields: schema.fields });
  const fields = isPrimitive(struct) || struct.type !== 'struct' ? [] : struct.fields;
  // Identifier fields keep pointing at the same columns (Java's refreshIdentifierFields).
  const identifierFieldIds = (schema['identifier-field-ids'] ?? []).map((id) => ids.get(id) ?? id);
  return { schema: withSchemaId({ ...schema, fields, 'identifier-field-ids': identifierFieldIds }, schemaId), ids };
}

/**
 * The schema as Java writes it: `type`, `schema-id`, `identifier-field-ids` (only when there are
 * some), `fields`.
 */
export function withSchemaId(schema: Schema, schemaId: number): Schema {
  const identifierFieldIds = schema['identifier-field-ids'] ?? [];
  return {
    type: 'struct',
    'schema-id': schemaId,
    ...(identifierFieldIds.length > 0 ? { 'identifier-field-ids': identifierFieldIds } : {}),
    fields: schema.fields,
  };
}

/** Java's `Schema.sameSchema`: equal fields (ids, names, types, docs, defaults) and identifier ids. */
export function sameSchema(a: Schema, b: Schema): boolean {
  const left = new Set(a['identifier-field-ids'] ?? []);
  const right = new Set(b['identifier-field-ids'] ?? []);
  return left.size === right.size && [...left].every((id) => right.has(id)) && jsonEqual(a.fields, b.fields);
}
