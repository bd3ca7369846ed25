import type { PartitionField, PartitionSpec } from '../model.js';
import { sameInOrder } from './equal.js';
import { badRequest, check } from './errors.js';
import { isPrimitive, type SchemaIndex } from './schema.js';
import { checkTransform, isVoid } from './transforms.js';

/** Partition field ids start here (Java's PARTITION_DATA_ID_START); an unpartitioned spec's last id is 999. */
export const PARTITION_DATA_ID_START = 1000;

/** A partition field whose id is known. */
export type BoundPartitionField = PartitionField & { 'field-id': number };

/**
 * Field ids for the fields that come without one, as Java's `PartitionSpec.Builder` gives them
 * when it binds a spec: one above the highest id seen so far in this spec, from 1000.
 */
export function bindFieldIds(fields: readonly PartitionField[]): BoundPartitionField[] {
  let last = PARTITION_DATA_ID_START - 1;
  return fields.map((field) => {
    const id = field['field-id'] ?? last + 1;
    last = Math.max(last, id);
    return { name: field.name, transform: field.transform, 'source-id': field['source-id'], 'field-id': id };
  });
}

/** Java's `PartitionSpec.lastAssignedFieldId()`: the highest field id, or 999 without fields. */
export function lastAssignedFieldId(spec: PartitionSpec): number {
  return spec.fields.reduce((max, field) => Math.max(max, field['field-id'] ?? max), PARTITION_DATA_ID_START - 1);
}

/**
 * Checks a spec's fields against the schema as Java does when it binds one: the names
 * (`PartitionSpec.Builder.checkAndAddPartitionName`), then the sources and transforms.
 */
export function validatePartitionFields(fields: readonly PartitionField[], schema: SchemaIndex): void {
  const names = new Set<string>();
  for (const field of fields) {
    // A partition may share its name with a schema column only if that column is its source.
    const sameName = schema.byName.get(field.name);
    if (schema.byId.has(field['source-id']) && sameName !== undefined && sameName.id !== field['source-id']) {
      badRequest(`Cannot create identity partition sourced from different field in schema: ${field.name}`);
    }
    check(field.name.length > 0, `Cannot use empty partition name: ${field.name}`);
    check(!names.has(field.name), `Cannot use partition name more than once: ${field.name}`);
    names.add(field.name);
  }
  checkSpecCompatibility(fields, schema);
}

/**
 * Java's `PartitionSpec.checkCompatibility`: every field reads a primitive column outside lists
 * and maps that its transform accepts. A void field may outlive its dropped source (v1 specs).
 */
export function checkSpecCompatibility(fields: readonly PartitionField[], schema: SchemaIndex): void {
  for (const field of fields) {
    if (isVoid(field.transform)) continue;
    const source = schema.byId.get(field['source-id']);
    if (source === undefined) badRequest(`Cannot find source column for partition field: ${describe(field)}`);
    check(isPrimitive(source.type), `Cannot partition by non-primitive source field: ${source.name}`);
    check(!source.underListOrMap, `Invalid partition field parent of ${source.name}: a list or map`);
    checkTransform(field.transform, source.type);
  }
}

/** Java's `PartitionSpec.compatibleWith`: the same fields (source, transform, name) in the same order. */
export function compatibleSpecs(a: PartitionSpec, b: PartitionSpec): boolean {
  return sameInOrder(a.fields, b.fields, ['source-id', 'transform', 'name']);
}

/** Java's `PartitionSpec.hasSequentialIds`, which v1 tables require: ids 1000, 1001, ... */
export function hasSequentialIds(spec: PartitionSpec): boolean {
  return spec.fields.every((field, i) => field['field-id'] === PARTITION_DATA_ID_START + i);
}

/** The spec as Java writes it: `spec-id`, then fields `name`, `transform`, `source-id`, `field-id`. */
export function specJson(specId: number, fields: readonly BoundPartitionField[]): PartitionSpec {
  return {
    'spec-id': specId,
    fields: fields.map((field) => ({
      name: field.name,
      transform: field.transform,
      'source-id': field['source-id'],
      'field-id': field['field-id'],
    })),
  };
}

function describe(field: PartitionField): string {
  return `${field['field-id'] ?? '?'}: ${field.name}: ${field.transform}(${field['source-id']})`;
}
