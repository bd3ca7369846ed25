/**
 * The compile-time checks TypeDB makes on a fetch body (compiler/annotation/fetch.rs), before the
 * pipeline runs, so they fail the query whether or not any row reaches the fetch:
 * - `$x.attr` / `[ $x.attr ]` of an undefined attribute type: QUA7;
 * - for EVERY type `$x` can have given the stages before the fetch (see infer.ts), in TypeDB's type
 *   order (entities, relations, attributes, roles; each by definition order):
 *   an attribute or role type owns nothing (QUA10 / QUA11 for the list form); the type must own the
 *   attribute type (QUA8 / QUA9); and `$x.attr` needs that ownership bounded to one (QUA12).
 * Sub-query pipelines in the body are checked the same way, from the types the outer stages give.
 * Match stages are compiled on the way, so their own errors come first, as in TypeDB.
 */
import type { FetchObject, FetchValue, Stage } from './ast.js';
import { fetchAttributeNotFound, fetchAttributeNotOwned, fetchAttributeOwnerKind, fetchCardTooHigh } from './codes.js';
import type { Context } from './context.js';
import { type Annotations, PipelineInference } from './infer.js';
import { compilePatterns } from './match.js';
import type { Schema } from './schema.js';

function hasFetch(stages: Stage[]): boolean {
  return stages.some((s) => s.kind === 'fetch');
}

/** Compiles the pipeline's matches and checks its fetch body against the inferred types. */
export function checkFetch(stages: Stage[], ctx: Context): void {
  if (!hasFetch(stages)) return;
  const inference = new PipelineInference(ctx.schema, stages);
  const order = typeOrder(ctx.schema);
  const visit = (keys: readonly string[]) => (stage: Stage, annotations: Annotations) => {
    if (stage.kind === 'match') compilePatterns(stage.patterns, ctx);
    else if (stage.kind === 'fetch') checkObject(stage.document, keys, annotations);
  };
  const checkObject = (object: FetchObject, keys: readonly string[], annotations: Annotations) => {
    if (object.kind === 'all-attributes') return;
    for (const entry of object.entries) checkValue(entry.value, [entry.key, ...keys], annotations);
  };
  const checkValue = (value: FetchValue, keys: readonly string[], annotations: Annotations) => {
    switch (value.kind) {
      case 'attribute':
      case 'attribute-list':
        checkOwned(
          value.variable,
          value.attribute,
          value.kind === 'attribute-list',
          keys,
          annotations,
          ctx.schema,
          order,
        );
        return;
      case 'object':
      case 'all-attributes':
        checkObject(value, keys, annotations);
        return;
      case 'subquery-list':
      case 'subquery-single':
        inference.run(value.stages, annotations, visit(keys));
        return;
      default:
        return;
    }
  };
  inference.run(stages, new Map(), visit([]));
}

/** TypeDB's order of types (answer::Type's Ord): entities, relations, attributes, roles; by id within. */
function typeOrder(schema: Schema): (a: string, b: string) => number {
  const roles = schema.allRoles();
  const rank = (label: string): [number, number] => {
    if (label.includes(':')) return [3, roles.indexOf(label)];
    const t = schema.get(label);
    if (!t) return [4, 0];
    return [t.kind === 'entity' ? 0 : t.kind === 'relation' ? 1 : 2, t.id];
  };
  return (a, b) => {
    const [ka, ia] = rank(a);
    const [kb, ib] = rank(b);
    return ka - kb || ia - ib;
  };
}

/** compiler/annotation/fetch.rs validate_attribute_owned_and_scalar / _and_streamable. */
function checkOwned(
  variable: string,
  attribute: string,
  list: boolean,
  keys: readonly string[],
  annotations: Annotations,
  schema: Schema,
  order: (a: string, b: string) => number,
): void {
  if (schema.get(attribute)?.kind !== 'attribute') throw fetchAttributeNotFound(keys, variable, attribute);
  // A variable without type annotations holds values (or nothing): the fetch itself reports it.
  const types = annotations.get(variable);
  if (!types) return;
  for (const type of [...types].sort(order)) {
    if (type.includes(':')) throw fetchAttributeOwnerKind(keys, list, variable, attribute, 'relation:role');
    if (schema.get(type)?.kind === 'attribute') {
      throw fetchAttributeOwnerKind(keys, list, variable, attribute, 'attribute');
    }
    const owns = schema.owns(type).get(attribute);
    if (!owns) throw fetchAttributeNotOwned(keys, list, variable, attribute, type);
    // annotation.rs is_bounded_to_one: the cardinality's upper bound is exactly 1.
    if (!list && schema.ownsCardinality(owns.decl).max !== 1) throw fetchCardTooHigh(keys, variable, attribute, type);
  }
}
