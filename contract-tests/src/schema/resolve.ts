import type { JsonSchema, SchemaDocument } from '@dbwire/server-stubs';

/** A schema object (boolean schemas are handled by the callers). */
export type SchemaObject = { readonly [keyword: string]: unknown };

/**
 * Follows `$ref`s into the API's schema document (`urn:dbwire:typedb#/$defs/Name`, or a local
 * `#/$defs/Name`) until it reaches a schema without one. Sibling keywords of a `$ref` are dropped,
 * which is all the specs need (OpenAPI 3.1 allows them, but ours only put `description` there).
 */
export function resolveSchema(document: SchemaDocument, schema: JsonSchema): JsonSchema {
  let current = schema;
  for (let depth = 0; depth < 32; depth++) {
    if (typeof current === 'boolean' || typeof current.$ref !== 'string') return current;
    current = resolveRef(document, current.$ref);
  }
  throw new Error('Too many nested $refs (a cycle?)');
}

function resolveRef(document: SchemaDocument, ref: string): JsonSchema {
  const hash = ref.indexOf('#');
  const base = hash === -1 ? ref : ref.slice(0, hash);
  if (base !== '' && base !== document.$id) throw new Error(`Cannot resolve $ref ${ref}: not in ${document.$id}`);
  const pointer = hash === -1 ? '' : ref.slice(hash + 1);
  let node: unknown = document;
  for (const part of pointer.split('/').slice(1)) {
    const key = decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~');
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
    if (node === undefined) throw new Error(`Cannot resolve $ref ${ref}`);
  }
  return node as JsonSchema;
}

/** The JSON type names a schema allows (`type` as a string or an array); empty when it says none. */
export function schemaTypes(schema: SchemaObject): string[] {
  const type = schema.type;
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type.filter((t): t is string => typeof t === 'string');
  return [];
}

/** The JSON type of a value, as JSON Schema names it (`integer` for whole numbers). */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}
