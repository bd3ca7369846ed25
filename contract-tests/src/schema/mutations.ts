import type { JsonSchema } from '@dbwire/server-stubs';
import type { SchemaArbitraries } from './arbitraries.js';
import { schemaTypes } from './resolve.js';

/** A value made invalid on purpose, and how. */
export interface Mutation {
  /** JSON pointer of the changed part (`` for the whole value). */
  pointer: string;
  /** Human-readable: what was broken and what the schema check says about it. */
  description: string;
  value: unknown;
}

/** Replacements tried at every node: one of each JSON type, plus values that break common constraints. */
const REPLACEMENTS: readonly unknown[] = ['', 'not-a-valid-value', 0.5, 7, -1, true, null, [], {}];

/**
 * Every way to make `value` (valid against `schema`) invalid by one small change: a required
 * property removed, or one node replaced by a value of another type, outside the enum, below the
 * minimum, too long or too short. Each candidate is checked against the schema and kept only when
 * it really fails validation, so the server is never blamed for accepting a valid value.
 */
export function mutations(arbitraries: SchemaArbitraries, schema: JsonSchema, value: unknown): Mutation[] {
  const validate = arbitraries.validators.body(schema);
  const found = new Map<string, Mutation>();
  const consider = (pointer: string, what: string, candidate: unknown) => {
    const issues = validate(candidate);
    const first = issues[0];
    if (!first) return;
    const description = `${what}: ${first.pointer || '(root)'} ${first.message}`;
    const key = `${description}\u0000${JSON.stringify(candidate)}`;
    if (!found.has(key)) found.set(key, { pointer, description, value: candidate });
  };

  const visit = (nodeSchema: JsonSchema, node: unknown, path: readonly string[]) => {
    const pointer = toPointer(path);
    for (const replacement of [...REPLACEMENTS, ...boundaryValues(arbitraries.resolve(nodeSchema))]) {
      if (sameJson(replacement, node)) continue;
      consider(
        pointer,
        `${pointer || 'the body'} set to ${JSON.stringify(replacement)}`,
        setAt(value, path, replacement),
      );
    }
    const resolved = arbitraries.resolve(nodeSchema);
    if (typeof resolved === 'boolean') return;
    if (isPlainObject(node)) {
      const properties = (resolved.properties ?? {}) as Record<string, JsonSchema>;
      for (const name of (resolved.required ?? []) as string[]) {
        if (name in node)
          consider(pointer, `required ${toPointer([...path, name])} left out`, removeAt(value, [...path, name]));
      }
      for (const [name, child] of Object.entries(node)) {
        const childSchema = properties[name];
        if (childSchema !== undefined) visit(childSchema, child, [...path, name]);
      }
    } else if (Array.isArray(node) && node.length > 0 && resolved.items !== undefined) {
      visit(resolved.items as JsonSchema, node[0], [...path, '0']);
    }
  };

  visit(schema, value, []);
  return [...found.values()];
}

/** Values just outside a node's bounds (minimum, maximum, lengths). */
function boundaryValues(schema: JsonSchema): unknown[] {
  if (typeof schema === 'boolean') return [];
  const values: unknown[] = [];
  const types = schemaTypes(schema);
  const numeric = (keyword: string) => (typeof schema[keyword] === 'number' ? (schema[keyword] as number) : undefined);
  const minimum = numeric('minimum');
  const maximum = numeric('maximum');
  if (minimum !== undefined) values.push(minimum - 1);
  if (maximum !== undefined) values.push(maximum + 1);
  if (types.includes('string') || types.length === 0) {
    const minLength = numeric('minLength');
    const maxLength = numeric('maxLength');
    if (minLength !== undefined && minLength > 0) values.push('x'.repeat(minLength - 1));
    if (maxLength !== undefined) values.push('x'.repeat(maxLength + 1));
  }
  return values;
}

export function toPointer(path: readonly string[]): string {
  return path.map((part) => `/${part.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A copy of `root` with the node at `path` replaced. */
function setAt(root: unknown, path: readonly string[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path as [string, ...string[]];
  if (Array.isArray(root)) {
    const copy = [...root];
    copy[Number(head)] = setAt(root[Number(head)], rest, replacement);
    return copy;
  }
  const object = root as Record<string, unknown>;
  return { ...object, [head]: setAt(object[head], rest, replacement) };
}

/** A copy of `root` without the property at `path`. */
function removeAt(root: unknown, path: readonly string[]): unknown {
  const [head, ...rest] = path as [string, ...string[]];
  if (rest.length === 0) {
    const { [head]: _removed, ...others } = root as Record<string, unknown>;
    return others;
  }
  if (Array.isArray(root)) {
    const copy = [...root];
    copy[Number(head)] = removeAt(root[Number(head)], rest);
    return copy;
  }
  const object = root as Record<string, unknown>;
  return { ...object, [head]: removeAt(object[head], rest) };
}
