/**
 * What every stage works with: the schema, the instances, the row concepts and per-query state.
 */
import type { Graph, Thing } from './data.js';
import type { Schema } from './schema.js';
import type { Value } from './values.js';

/** A concept bound to a variable in a row. */
export type Concept =
  | { k: 'thing'; thing: Thing }
  | { k: 'type'; kind: 'entity' | 'relation' | 'attribute' | 'role'; label: string }
  | { k: 'value'; value: Value }
  | { k: 'list'; items: Concept[] }
  /** No value: an optional (`try`) variable left unbound, or a reducer over no input. */
  | { k: 'none' };

/** Variables bound so far (anonymous `_…` variables only live within one stage). */
export type Row = ReadonlyMap<string, Concept>;

/** What a write transaction has to remember beyond its layer, for conflicts and validation. */
export interface WriteTracking {
  /** Instances this transaction added has/links to, or updated (a concurrent delete conflicts). */
  relied: Set<string>;
  /** `ownerType|attributeType|value` for @key/@unique ownerships it added. */
  exclusive: Set<string>;
  /** Objects whose ownerships or role players changed, for commit-time cardinality checks. */
  touched: Set<string>;
}

export interface Context {
  schema: Schema;
  graph: Graph;
  /** Allocates object iids (shared by the database's transactions). */
  allocate(prefix: string): string;
  tracking: WriteTracking;
  /** True when the running pipeline writes: errors then carry the write-pipeline level. */
  writePipeline: boolean;
  /** How many candidate instances the matcher looked at (exposed for tests of index use). */
  stats: { visited: number };
}

export function isAnonymous(variable: string): boolean {
  return variable.startsWith('_');
}

/** The row without anonymous variables (what flows to the next stage). */
export function publicRow(row: Row): Row {
  let anonymous = false;
  for (const k of row.keys()) if (isAnonymous(k)) anonymous = true;
  if (!anonymous) return row;
  const out = new Map<string, Concept>();
  for (const [k, v] of row) if (!isAnonymous(k)) out.set(k, v);
  return out;
}

export function extend(row: Row, variable: string, concept: Concept): Row {
  const out = new Map(row);
  out.set(variable, concept);
  return out;
}

export function typeConcept(kind: 'entity' | 'relation' | 'attribute' | 'role', label: string): Concept {
  return { k: 'type', kind, label };
}

/** Whether two concepts are the same (things by iid, types by label, values by value key). */
export function sameConcept(a: Concept, b: Concept): boolean {
  if (a.k === 'thing' && b.k === 'thing') return a.thing.iid === b.thing.iid;
  if (a.k === 'type' && b.k === 'type') return a.label === b.label && a.kind === b.kind;
  return false;
}
