/**
 * Concept JSON for answer rows (research §1.6): entities/relations with iid and type, attributes with
 * value and value type, values, and the four type kinds. Keys follow TypeDB's field order.
 */
import type { Concept, Context, Row } from './context.js';
import { isAnonymous } from './context.js';
import { encodeValue } from './values.js';

export function encodeConcept(concept: Concept, ctx: Context, includeInstanceTypes: boolean): unknown {
  switch (concept.k) {
    case 'none':
      return null;
    case 'list':
      return concept.items.map((c) => encodeConcept(c, ctx, includeInstanceTypes));
    case 'value':
      return { kind: 'value', value: encodeValue(concept.value), valueType: concept.value.type };
    case 'type':
      return encodeType(concept.kind, concept.label, ctx);
    case 'thing': {
      const { thing } = concept;
      if (thing.kind === 'attribute' && thing.value) {
        const valueType = thing.value.type;
        return {
          kind: 'attribute',
          iid: thing.iid,
          value: encodeValue(thing.value),
          valueType,
          type: includeInstanceTypes ? { kind: 'attributeType', label: thing.type, valueType } : null,
        };
      }
      const kind = thing.kind === 'relation' ? 'relation' : 'entity';
      return {
        kind,
        iid: thing.iid,
        type: includeInstanceTypes ? { kind: `${kind}Type`, label: thing.type } : null,
      };
    }
  }
}

function encodeType(kind: 'entity' | 'relation' | 'attribute' | 'role', label: string, ctx: Context): unknown {
  switch (kind) {
    case 'entity':
      return { kind: 'entityType', label };
    case 'relation':
      return { kind: 'relationType', label };
    case 'role':
      return { kind: 'roleType', label };
    case 'attribute':
      return { kind: 'attributeType', label, valueType: ctx.schema.valueType(label) ?? null };
  }
}

/** One answer row: named variables only, `involvedBlocks` null (query structure is not sent). */
export function encodeRow(row: Row, ctx: Context, includeInstanceTypes: boolean): unknown {
  const data: Record<string, unknown> = {};
  for (const [k, v] of row) if (!isAnonymous(k)) data[k] = encodeConcept(v, ctx, includeInstanceTypes);
  return { data, involvedBlocks: null };
}

/** A type inside a fetch document: `{kind, label}`, attribute types adding `valueType` (`none` if absent). */
export function typeDocument(kind: 'entity' | 'relation' | 'attribute' | 'role', label: string, ctx: Context): unknown {
  switch (kind) {
    case 'entity':
    case 'relation':
      return { kind, label };
    case 'role':
      return { kind: 'relation:role', label };
    case 'attribute':
      return { kind: 'attribute', label, valueType: ctx.schema.valueType(label) ?? 'none' };
  }
}
