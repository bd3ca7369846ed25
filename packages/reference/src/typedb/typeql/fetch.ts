/**
 * `fetch` documents: per input row, a JSON object built from the fetch body. Attributes and values
 * become bare JSON values, types `{kind, label}`; entities and relations cannot be fetched. The
 * body's static checks (attribute types defined, owned by every type the owner can have, at most
 * once for `$x.attr`) are made before the pipeline runs, by fetch-check.ts.
 */
import type { FetchObject, FetchValue, Stage } from './ast.js';
import { executionError, fetchObject, fetchVariableUnavailable } from './codes.js';
import type { Concept, Context, Row } from './context.js';
import type { Thing } from './data.js';
import { typeDocument } from './encode.js';
import { encodeValue, literalValue } from './values.js';

/** Runs a sub-pipeline with `row` as its only input row; returns its rows or documents. */
export type SubPipeline = (stages: Stage[], row: Row) => { rows: Row[]; documents: unknown[] | undefined };

export function fetchDocument(object: FetchObject, row: Row, ctx: Context, sub: SubPipeline): unknown {
  if (object.kind === 'all-attributes') return allAttributes(object.variable, row, ctx);
  const out: Record<string, unknown> = {};
  for (const entry of object.entries) out[entry.key] = fetchValue(entry.value, row, ctx, sub);
  return out;
}

function ownerOf(variable: string, row: Row, ctx: Context): Thing | undefined {
  const c = row.get(variable);
  if (!c) throw fetchVariableUnavailable(variable);
  if (c.k === 'none') return undefined;
  if (c.k === 'thing' && c.thing.kind !== 'attribute') return c.thing;
  // executor/pipeline/fetch.rs: attributes are fetched from entities and relations only.
  const [code, what] =
    c.k === 'type'
      ? ['FEX1', 'Type']
      : c.k === 'thing'
        ? ['FEX2', 'Attribute']
        : c.k === 'value'
          ? ['FEX3', 'Value']
          : ['FEX4', 'List'];
  throw executionError(
    [
      [code, `Received unexpected ${what} instead of Entity or Relation while fetching owned attributes.`],
      ['PEX8', 'Error executing fetch operation.'],
    ],
    ctx.writePipeline,
  );
}

/** Attributes of `owner` of type `attribute` or its subtypes. */
function ownedOfType(owner: Thing, attribute: string, ctx: Context): Thing[] {
  const out: Thing[] = [];
  for (const iid of ctx.graph.attributesOf(owner.iid)) {
    const a = ctx.graph.thing(iid);
    if (a && ctx.schema.isSubtypeOf(a.type, attribute)) out.push(a);
  }
  return out;
}

export function conceptDocument(concept: Concept, ctx: Context): unknown {
  switch (concept.k) {
    case 'none':
      return null;
    case 'value':
      return encodeValue(concept.value);
    case 'list':
      return concept.items.map((c) => conceptDocument(c, ctx));
    case 'type':
      return typeDocument(concept.kind, concept.label, ctx);
    case 'thing':
      if (concept.thing.kind === 'attribute' && concept.thing.value) return encodeValue(concept.thing.value);
      throw fetchObject(concept.thing.kind === 'relation' ? 'relation' : 'entity', ctx.writePipeline);
  }
}

function fetchValue(value: FetchValue, row: Row, ctx: Context, sub: SubPipeline): unknown {
  switch (value.kind) {
    case 'literal':
      return encodeValue(literalValue(value.literal));
    case 'variable': {
      const c = row.get(value.variable);
      if (!c) throw fetchVariableUnavailable(value.variable);
      return conceptDocument(c, ctx);
    }
    case 'attribute': {
      // Compile time made sure every type the owner can have owns the attribute at most once.
      const owner = ownerOf(value.variable, row, ctx);
      if (!owner) return null;
      const [first] = ownedOfType(owner, value.attribute, ctx);
      return first?.value ? encodeValue(first.value) : null;
    }
    case 'attribute-list': {
      const owner = ownerOf(value.variable, row, ctx);
      if (!owner) return [];
      return ownedOfType(owner, value.attribute, ctx).map((a) => (a.value ? encodeValue(a.value) : null));
    }
    case 'object':
    case 'all-attributes':
      return fetchDocument(value, row, ctx, sub);
    case 'subquery-list': {
      const result = sub(value.stages, row);
      if (result.documents) return result.documents;
      return result.rows.map((r) => rowDocument(r, ctx));
    }
    case 'subquery-single': {
      const result = sub(value.stages, row);
      if (result.documents) return result.documents[0] ?? null;
      const first = result.rows[0];
      return first ? rowDocument(first, ctx) : null;
    }
  }
}

/** A sub-query row without fetch: its single column's value, or an object of its columns. */
function rowDocument(row: Row, ctx: Context): unknown {
  const entries = [...row.entries()].filter(([k]) => !k.startsWith('_'));
  if (entries.length === 1) return conceptDocument((entries[0] as [string, Concept])[1], ctx);
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) out[k] = conceptDocument(v, ctx);
  return out;
}

/** `{ $x.* }`: label -> value (for ownerships of cardinality at most 1) or list of values. */
function allAttributes(variable: string, row: Row, ctx: Context): unknown {
  const owner = ownerOf(variable, row, ctx);
  const out: Record<string, unknown> = {};
  if (!owner) return out;
  const byType = new Map<string, unknown[]>();
  for (const iid of ctx.graph.attributesOf(owner.iid)) {
    const a = ctx.graph.thing(iid);
    if (!a?.value) continue;
    let list = byType.get(a.type);
    if (!list) {
      list = [];
      byType.set(a.type, list);
    }
    list.push(encodeValue(a.value));
  }
  const ordered = [...byType.keys()].sort((x, y) => (ctx.schema.get(x)?.id ?? 0) - (ctx.schema.get(y)?.id ?? 0));
  for (const type of ordered) {
    const values = byType.get(type) ?? [];
    const owns = ctx.schema.ownsFor(owner.type, type);
    const max = owns ? ctx.schema.ownsCardinality(owns.decl).max : null;
    out[type] = max !== null && max <= 1 ? (values[0] ?? null) : values;
  }
  return out;
}
