/**
 * Label resolution for a whole pipeline before it runs, as TypeDB's type inference does: an
 * unknown type label (INF2) or role name (INF3) anywhere fails the query at compile time, so a
 * write pipeline never half-runs because of a typo in a later stage.
 */
import type { Deletion, FetchObject, FetchValue, Pattern, RoleRef, Stage, Statement, TypeRef } from './ast.js';
import { labelNotFound, roleNameNotFound } from './codes.js';
import { type Schema, splitRole } from './schema.js';

function checkType(ref: TypeRef | undefined, schema: Schema): void {
  if (ref?.kind !== 'label') return;
  checkLabel(ref.label, schema);
}

function checkLabel(label: string, schema: Schema): void {
  if (label.includes(':') ? !schema.roleExists(label) : !schema.get(label)) throw labelNotFound(label);
}

function checkRole(ref: RoleRef | undefined, schema: Schema): void {
  if (ref?.kind !== 'label') return;
  if (ref.scope) {
    if (!schema.get(ref.scope)) throw labelNotFound(ref.scope);
    if (!schema.resolveRole(ref.scope, ref.label)) throw roleNameNotFound(`${ref.scope}:${ref.label}`);
    return;
  }
  if (!schema.allRoles().some((r) => splitRole(r)[1] === ref.label)) throw roleNameNotFound(ref.label);
}

function checkStatement(s: Statement, schema: Schema): void {
  switch (s.kind) {
    case 'thing':
      for (const c of s.constraints) {
        if (c.kind === 'isa') checkType(c.type, schema);
        else if (c.kind === 'has') checkType(c.attributeType, schema);
        else if (c.kind === 'links') for (const p of c.players) checkRole(p.role, schema);
      }
      return;
    case 'type-statement':
      checkType(s.type, schema);
      for (const c of s.constraints) {
        if (c.kind === 'sub') checkType(c.supertype, schema);
        else if (c.kind === 'owns') checkType(c.attribute, schema);
        else if (c.kind === 'plays' || c.kind === 'relates') checkRole(c.role, schema);
        else if (c.kind === 'label') checkLabel(c.label, schema);
      }
      return;
    case 'kind-statement':
      checkType(s.type, schema);
      return;
    default:
      return;
  }
}

function checkPatterns(patterns: Pattern[], schema: Schema): void {
  for (const p of patterns) {
    if (p.kind === 'not' || p.kind === 'try') checkPatterns(p.patterns, schema);
    else if (p.kind === 'or') for (const b of p.branches) checkPatterns(b, schema);
    else checkStatement(p, schema);
  }
}

function checkDeletion(d: Deletion, schema: Schema): void {
  if (d.kind === 'delete-has') checkType(d.attributeType, schema);
  else if (d.kind === 'delete-links') for (const p of d.players) checkRole(p.role, schema);
}

function checkFetch(value: FetchValue | FetchObject, schema: Schema): void {
  switch (value.kind) {
    case 'object':
      for (const e of value.entries) checkFetch(e.value, schema);
      return;
    case 'subquery-list':
    case 'subquery-single':
      checkStageLabels(value.stages, schema);
      return;
    default:
      return;
  }
}

export function checkStageLabels(stages: Stage[], schema: Schema): void {
  for (const stage of stages) {
    switch (stage.kind) {
      case 'match':
        checkPatterns(stage.patterns, schema);
        break;
      case 'insert':
      case 'put':
      case 'update':
        for (const s of stage.statements) checkStatement(s, schema);
        break;
      case 'delete':
        for (const d of stage.deletions) checkDeletion(d, schema);
        break;
      case 'fetch':
        checkFetch(stage.document, schema);
        break;
      default:
        break;
    }
  }
}
