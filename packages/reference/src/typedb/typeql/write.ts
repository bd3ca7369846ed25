/**
 * Write stages: insert, put, update and delete, applied to the transaction's top layer. Checks that
 * TypeDB makes while writing (abstract types, owns/relates/plays allowed, value types, unique values)
 * happen here; cardinalities wait for commit (validate.ts).
 */
import type { Deletion, HasValue, RolePlayer, Statement, ThingStatement, TypeRef } from './ast.js';
import {
  illegalUpdateCardinality,
  illegalWriteTypes,
  representation,
  unavailableWriteVariable,
  writeValidation,
} from './codes.js';
import { type Concept, type Context, isAnonymous, type Row } from './context.js';
import { attributeIid, objectPrefix, type Thing } from './data.js';
import { TypeQLError } from './errors.js';
import { formatAnnotation } from './format.js';
import { compilePatterns, evaluate, solve } from './match.js';
import { type Ann, type LiteralData, splitRole } from './schema.js';
import { castTo, compareValues, displayValue, literalValue, type Value, valueText } from './values.js';

// ---------------------------------------------------------------------------------------------
// Instances and edges, with TypeDB's write-time checks
// ---------------------------------------------------------------------------------------------

function writeError(code: string, description: string, cause?: [string, string]): TypeQLError {
  return writeValidation(cause ? [cause, [code, description]] : [[code, description]]);
}

function typeLabelOf(ref: TypeRef, row: Row): string {
  if (ref.kind === 'label') return ref.label;
  const c = row.get(ref.variable);
  if (c?.k !== 'type') throw unavailableWriteVariable(ref.variable);
  return c.label;
}

export function createObject(ctx: Context, type: string): Thing {
  const def = ctx.schema.get(type);
  if (!def) throw representation('REP254', `The language feature is not yet implemented: insert of '${type}'.`);
  if (def.kind === 'attribute') throw illegalWriteTypes('isa', type, 'object');
  if (ctx.schema.isAbstract(type)) {
    const dvl = def.kind === 'entity' ? 'DVL5' : 'DVL6';
    const what = def.kind === 'entity' ? 'entity type' : 'relation type';
    throw writeError(dvl, `Constraint on ${what} '${type}' was violated.`, [
      'CNT4',
      "Constraint '@abstract' has been violated.",
    ]);
  }
  const thing: Thing = { iid: ctx.allocate(objectPrefix(def.kind, def.id)), kind: def.kind, type };
  ctx.graph.putThing(thing);
  ctx.tracking.touched.add(thing.iid);
  return thing;
}

/** The attribute of `type` with `value`, created if absent (attributes are identified by value). */
export function putAttribute(ctx: Context, type: string, value: Value): Thing {
  const def = ctx.schema.get(type);
  if (def?.kind !== 'attribute') throw illegalWriteTypes('isa', type, 'attribute');
  const valueType = ctx.schema.valueType(type);
  if (!valueType) {
    throw writeError(
      'DVL14',
      `Attribute type '${type}' has no defined value type, but received value '${displayValue(value)}' of type '${value.type}'.`,
    );
  }
  const cast = castTo(value, valueType);
  if (!cast) {
    throw writeError(
      'DVL15',
      `Attribute type '${type}' expects values of type '${valueType}' but received value '${displayValue(value)}' of type '${value.type}'.`,
    );
  }
  if (ctx.schema.isAbstract(type)) {
    throw writeError('DVL7', `Constraint on attribute type '${type}' was violated.`, [
      'CNT4',
      "Constraint '@abstract' has been violated.",
    ]);
  }
  checkValueConstraints(ctx, type, cast);
  const iid = attributeIid(def.id, cast);
  const existing = ctx.graph.thing(iid);
  if (existing) return existing;
  const thing: Thing = { iid, kind: 'attribute', type, value: cast };
  ctx.graph.putThing(thing);
  return thing;
}

/** A literal stored in an annotation, as a value (undefined if it does not parse). */
function annotationValue(l: LiteralData | null): Value | undefined {
  if (!l) return undefined;
  try {
    return literalValue({ ...l, span: { line: 0, column: 0 } });
  } catch {
    return undefined;
  }
}

/** Whether `value` satisfies a value annotation (TypeDB: unanchored regex, inclusive range, listed values). */
function satisfies(ann: Ann, value: Value): boolean {
  switch (ann.name) {
    case 'regex':
      try {
        return value.type !== 'string' || new RegExp(ann.pattern, 'u').test(value.v);
      } catch {
        return true;
      }
    case 'range': {
      const [min, max] = [annotationValue(ann.min), annotationValue(ann.max)];
      const lo = min ? compareValues(value, min) : 0;
      const hi = max ? compareValues(value, max) : 0;
      return (lo === undefined || lo >= 0) && (hi === undefined || hi <= 0);
    }
    case 'values':
      return ann.values.some((l) => {
        const v = annotationValue(l);
        return v !== undefined && compareValues(value, v) === 0;
      });
    default:
      return true;
  }
}

/** `@regex`, `@range`, `@values` on the attribute type (or its supertypes). */
function checkValueConstraints(ctx: Context, type: string, value: Value): void {
  const codes: Record<string, string> = { regex: 'CNT6', range: 'CNT7', values: 'CNT8' };
  const what: Record<string, string> = {
    regex: 'does not match the regex',
    range: 'does not match the range',
    values: 'does not match the set of values',
  };
  for (const t of ctx.schema.supertypes(type)) {
    for (const ann of t.valueAnnotations) {
      if (satisfies(ann, value)) continue;
      throw writeError('DVL7', `Constraint on attribute type '${type}' was violated.`, [
        codes[ann.name] ?? 'CNT6',
        `Constraint '${formatAnnotation(ann)}' has been violated: value '${displayValue(value)}' ${what[ann.name] ?? ''}.`,
      ]);
    }
  }
}

/** Adds `owner has attribute`, checking the schema allows it and unique values stay unique. */
export function addHas(ctx: Context, owner: Thing, attribute: Thing): void {
  const owns = ctx.schema.ownsFor(owner.type, attribute.type);
  if (!owns) throw illegalWriteTypes('has', owner.type, attribute.type);
  if (ctx.graph.hasEdge(owner.iid, attribute.iid)) return;
  const key = owns.decl.annotations.some((a) => a.name === 'key');
  const unique = key || owns.decl.annotations.some((a) => a.name === 'unique');
  if (unique && attribute.value) {
    for (const other of ctx.graph.ownersOf(attribute.iid)) {
      const otherThing = ctx.graph.thing(other);
      if (!otherThing || other === owner.iid) continue;
      if (!ctx.schema.isSubtypeOf(otherThing.type, owns.declaredBy)) continue;
      const value = displayValue(attribute.value);
      const cause: [string, string] = [
        'CNT9',
        `Constraint '@unique' has been violated: there is a conflict for value '${value}'.`,
      ];
      throw key
        ? writeError(
            'DVL9',
            `Instance ${owner.iid} of type '${owner.type}' has a key constraint violation for attribute ownership of '${attribute.type}', since it is not the unique owner of attribute '${value}'.`,
            cause,
          )
        : writeError(
            'DVL10',
            `Instance ${owner.iid} of type '${owner.type}' has an attribute ownership constraint violation for attribute ownership of type '${attribute.type}'.`,
            cause,
          );
    }
    ctx.tracking.exclusive.add(`${owns.declaredBy}|${owns.decl.attribute}|${valueText(attribute.value)}`);
  }
  ctx.graph.addHas(owner.iid, attribute.iid);
  ctx.tracking.relied.add(owner.iid);
  ctx.tracking.relied.add(attribute.iid);
  ctx.tracking.touched.add(owner.iid);
  // Always (re)write the attribute itself so a merge onto a newer base keeps it alive.
  ctx.graph.putThing(attribute);
}

export function removeHas(ctx: Context, owner: Thing, attribute: Thing): void {
  if (!ctx.graph.hasEdge(owner.iid, attribute.iid)) return;
  ctx.graph.removeHas(owner.iid, attribute.iid);
  ctx.tracking.relied.add(owner.iid);
  ctx.tracking.touched.add(owner.iid);
  ctx.tracking.touched.add(attribute.iid);
}

/** The role a player takes in a relation: as written, or inferred when only one fits. */
function resolveInsertRole(ctx: Context, relation: Thing, player: Thing, rp: RolePlayer, row: Row): string {
  const { schema } = ctx;
  if (rp.role?.kind === 'variable') {
    const c = row.get(rp.role.variable);
    if (c?.k === 'type' && c.kind === 'role') return c.label;
    throw representation('WCP11', `Illegal role type insert for variable '${rp.role.variable}'.`);
  }
  if (rp.role) {
    const scoped = rp.role.scope
      ? schema.resolveRole(rp.role.scope, rp.role.label)
      : schema.resolveRole(relation.type, rp.role.label);
    if (!scoped) throw illegalWriteTypes('links', relation.type, rp.role.label);
    return scoped;
  }
  const candidates = [...schema.relates(relation.type).values()]
    .map((r) => r.scoped)
    .filter((role) => schema.playsRole(player.type, role));
  if (candidates.length !== 1) {
    throw new TypeQLError('compile', [
      [
        'WCP9',
        `Links insert for player '${rp.player}' requires unambiguous role type, but inferred: ${candidates.join(', ') || 'none'}.`,
      ],
      ['ECP1', 'Error compiling insert stage into executable.'],
      ['QEX10', 'Error compiling query.'],
    ]);
  }
  return candidates[0] as string;
}

export function addLinks(ctx: Context, relation: Thing, role: string, player: Thing): void {
  const { schema } = ctx;
  const [scope, name] = splitRole(role);
  if (!schema.resolveRole(relation.type, name) && !schema.isSubtypeOf(relation.type, scope))
    throw illegalWriteTypes('links', relation.type, role);
  if (!schema.playsRole(player.type, role)) throw illegalWriteTypes('links', player.type, role);
  const decl = schema.relatesDecl(role);
  if (decl?.annotations.some((a) => a.name === 'abstract')) throw illegalWriteTypes('links', relation.type, role);
  ctx.graph.addLinks(relation.iid, role, player.iid);
  ctx.tracking.relied.add(relation.iid);
  ctx.tracking.relied.add(player.iid);
  ctx.tracking.touched.add(relation.iid);
  ctx.tracking.touched.add(player.iid);
}

// ---------------------------------------------------------------------------------------------
// insert / put
// ---------------------------------------------------------------------------------------------

function thingOf(row: Row, variable: string): Thing {
  const c = row.get(variable);
  if (c?.k !== 'thing') throw unavailableWriteVariable(variable);
  return c.thing;
}

/** An attribute for `has T <value>`: a literal, a bound attribute, or a bound value. */
function hasAttribute(ctx: Context, type: TypeRef | undefined, value: HasValue, row: Row): Thing {
  const label = type ? typeLabelOf(type, row) : undefined;
  if (label && !ctx.schema.get(label)) throw illegalWriteTypes('has', '?', label);
  if (value.kind === 'literal') {
    if (!label) throw unavailableWriteVariable('_');
    return putAttribute(ctx, label, literalValue(value.literal));
  }
  if (value.kind === 'comparison') {
    throw new TypeQLError('compile', [
      ['WCP6', `Illegal predicate in insert for variable '_' with comparator '${value.operator}'.`],
      ['ECP1', 'Error compiling insert stage into executable.'],
      ['QEX10', 'Error compiling query.'],
    ]);
  }
  const c = row.get(value.variable);
  if (!c) throw unavailableWriteVariable(value.variable);
  if (c.k === 'thing' && c.thing.kind === 'attribute') {
    if (label && !ctx.schema.isSubtypeOf(c.thing.type, label)) throw illegalWriteTypes('has', label, c.thing.type);
    return c.thing;
  }
  if (c.k === 'value') {
    if (!label) throw unavailableWriteVariable(value.variable);
    return putAttribute(ctx, label, c.value);
  }
  throw unavailableWriteVariable(value.variable);
}

/** Runs an insert body once against `row`; returns the row with the newly bound variables. */
export function insertRow(ctx: Context, statements: Statement[], input: Row): Row {
  // One mutable row for the whole stage: copying it per new variable would make an insert of n
  // statements cost n^2.
  const row = new Map(input);
  const things = statements.filter((s): s is ThingStatement => s.kind === 'thing');
  for (const s of statements) {
    if (s.kind !== 'thing') {
      throw representation(
        'REP45',
        "Illegal statement provided for an insert stage. Only 'has', 'links' and 'isa' constraints are allowed.",
      );
    }
  }
  // 1. Create instances first, so statements can refer to each other in any order.
  for (const s of things) {
    const isa = s.constraints.find((c) => c.kind === 'isa');
    if (!isa) continue;
    if (input.has(s.variable)) {
      throw new TypeQLError('compile', [
        [
          'WCP1',
          `Illegal 'isa' provided for variable '${s.variable}' that is input from a previous stage - 'isa's should only be used to create new instances in insert stages.`,
        ],
        ['ECP1', 'Error compiling insert stage into executable.'],
        ['QEX10', 'Error compiling query.'],
      ]);
    }
    const type = typeLabelOf(isa.type, row);
    const def = ctx.schema.get(type);
    if (!def) throw illegalWriteTypes('isa', s.variable, type);
    let thing: Thing;
    if (def.kind === 'attribute') {
      let value: Value | undefined = isa.value ? literalValue(isa.value) : undefined;
      for (const c of s.constraints) {
        if (c.kind === 'has' || c.kind === 'links') {
          throw illegalWriteTypes(c.kind, type, c.kind === 'has' ? 'attribute' : 'role');
        }
      }
      // `$n isa name; $n == "x";` is not an insert form; a value is required.
      if (!value) {
        const assigned = statements.find(
          (x) => x.kind === 'comparison' && x.left.kind === 'variable' && x.left.variable === s.variable,
        );
        if (assigned?.kind === 'comparison') {
          const c = evaluate(assigned.right, row, ctx);
          if (c.k === 'value') value = c.value;
        }
      }
      if (!value) {
        throw new TypeQLError('compile', [
          ['WCP5', `Could not determine the value of the insert attribute '${s.variable}'.`],
          ['ECP1', 'Error compiling insert stage into executable.'],
          ['QEX10', 'Error compiling query.'],
        ]);
      }
      thing = putAttribute(ctx, type, value);
    } else {
      thing = createObject(ctx, type);
    }
    row.set(s.variable, { k: 'thing', thing });
  }
  // 2. Ownerships and role players.
  for (const s of things) {
    for (const c of s.constraints) {
      if (c.kind === 'has') {
        const owner = thingOf(row, s.variable);
        addHas(ctx, owner, hasAttribute(ctx, c.attributeType, c.value, row));
      } else if (c.kind === 'links') {
        const relation = thingOf(row, s.variable);
        if (relation.kind !== 'relation') throw illegalWriteTypes('links', relation.type, 'relation');
        for (const rp of c.players) {
          const player = thingOf(row, rp.player);
          addLinks(ctx, relation, resolveInsertRole(ctx, relation, player, rp, row), player);
        }
      } else if (c.kind === 'iid') {
        throw representation(
          'REP45',
          "Illegal statement provided for an insert stage. Only 'has', 'links' and 'isa' constraints are allowed.",
        );
      }
    }
  }
  const out = new Map<string, Concept>();
  for (const [k, v] of row) if (!isAnonymous(k)) out.set(k, v);
  return out;
}

/** `put`: the rows matching the pattern, or (when none match) the result of inserting it. */
export function putRow(ctx: Context, statements: Statement[], input: Row): Row[] {
  const plan = compilePatterns(statements, ctx);
  const found = [...solve(plan, input, ctx)].map((r) => {
    const out = new Map<string, Concept>();
    for (const [k, v] of r) if (!isAnonymous(k)) out.set(k, v);
    return out as Row;
  });
  if (found.length > 0) return found;
  return [insertRow(ctx, statements, input)];
}

// ---------------------------------------------------------------------------------------------
// update
// ---------------------------------------------------------------------------------------------

/** `update $p has age 31;`: replaces the (at most one) existing ownership, or adds it. */
export function updateRow(ctx: Context, statements: Statement[], row: Row): Row {
  for (const s of statements) {
    if (s.kind !== 'thing' || s.constraints.some((c) => c.kind === 'isa' || c.kind === 'iid')) {
      throw representation(
        'REP42',
        "Illegal statement provided for an update stage. Only 'update $0 has $1' and 'update $0 links $1' are allowed.",
      );
    }
    const subject = row.get(s.variable);
    if (subject?.k !== 'thing') {
      throw representation(
        'REP39',
        `The variable '${s.variable}' referenced in the update stage is unavailable. It should be bound in the previous stage.`,
      );
    }
    const owner = subject.thing;
    for (const c of s.constraints) {
      if (c.kind === 'has') {
        const attribute = hasAttribute(ctx, c.attributeType, c.value, row);
        const owns = ctx.schema.ownsFor(owner.type, attribute.type);
        if (!owns) throw illegalWriteTypes('has', owner.type, attribute.type);
        const max = ctx.schema.maxOwnedCount(owner.type, owns.decl.attribute);
        if (max === null || max > 1) throw illegalUpdateCardinality('has', owner.type, owns.decl.attribute);
        for (const iid of [...ctx.graph.attributesOf(owner.iid)]) {
          const existing = ctx.graph.thing(iid);
          if (existing && iid !== attribute.iid && ctx.schema.isSubtypeOf(existing.type, owns.decl.attribute))
            removeHas(ctx, owner, existing);
        }
        addHas(ctx, owner, attribute);
      } else if (c.kind === 'links') {
        if (owner.kind !== 'relation') throw illegalWriteTypes('links', owner.type, 'relation');
        for (const rp of c.players) {
          const player = thingOf(row, rp.player);
          const role = resolveInsertRole(ctx, owner, player, rp, row);
          const decl = ctx.schema.relatesDecl(role);
          const card = decl ? ctx.schema.relatesCardinality(decl) : { max: 1 };
          if (card.max === null || card.max > 1) throw illegalUpdateCardinality('links', owner.type, role);
          for (const edge of [...ctx.graph.players(owner.iid)]) {
            if (edge.role === role && edge.player !== player.iid) {
              ctx.graph.removeLinks(owner.iid, edge.role, edge.player, Infinity);
              ctx.tracking.touched.add(edge.player);
            }
          }
          if (ctx.graph.linkCount(owner.iid, role, player.iid) === 0) addLinks(ctx, owner, role, player);
        }
      }
    }
    ctx.tracking.relied.add(owner.iid);
  }
  return row;
}

// ---------------------------------------------------------------------------------------------
// delete
// ---------------------------------------------------------------------------------------------

/** Applies deletions to one row; returns the row without the deleted variables. */
export function deleteRow(ctx: Context, deletions: Deletion[], row: Row): Row {
  const removed = new Set<string>();
  // Edges first, then instances (an edge to a deleted instance is gone anyway).
  for (const d of deletions) {
    if (d.kind === 'delete-has') {
      const owner = deletable(row, d.owner);
      if (!owner) continue;
      const label = d.attributeType ? typeLabelOf(d.attributeType, row) : undefined;
      if (d.attribute.kind === 'variable') {
        const c = row.get(d.attribute.variable);
        if (!c) throw deleteUnavailable(d.attribute.variable);
        if (c.k === 'thing') removeHas(ctx, owner, c.thing);
      } else if (d.attribute.kind === 'literal') {
        if (!label) throw unavailableWriteVariable('_');
        const value = literalValue(d.attribute.literal);
        for (const iid of [...ctx.graph.attributesOf(owner.iid)]) {
          const a = ctx.graph.thing(iid);
          if (!a?.value || !ctx.schema.isSubtypeOf(a.type, label)) continue;
          const cast = castTo(value, a.value.type);
          if (cast && displayValue(cast) === displayValue(a.value)) removeHas(ctx, owner, a);
        }
      }
    } else if (d.kind === 'delete-links') {
      const relation = deletable(row, d.relation);
      if (!relation) continue;
      for (const rp of d.players) {
        const player = deletable(row, rp.player);
        if (!player) continue;
        for (const edge of [...ctx.graph.players(relation.iid)]) {
          if (edge.player !== player.iid) continue;
          if (rp.role?.kind === 'label') {
            const target = rp.role.scope
              ? ctx.schema.resolveRole(rp.role.scope, rp.role.label)
              : ctx.schema.resolveRoleForMatch(relation.type, rp.role.label);
            if (!target || !ctx.schema.roleSupertypes(edge.role).includes(target)) continue;
          } else if (rp.role?.kind === 'variable') {
            const c = row.get(rp.role.variable);
            if (c?.k !== 'type' || c.label !== edge.role) continue;
          }
          ctx.graph.removeLinks(relation.iid, edge.role, player.iid, 1);
          ctx.tracking.relied.add(relation.iid);
          ctx.tracking.touched.add(relation.iid);
          ctx.tracking.touched.add(player.iid);
          break;
        }
      }
    }
  }
  for (const d of deletions) {
    if (d.kind !== 'delete-thing') continue;
    const c = row.get(d.variable);
    if (!c) throw deleteUnavailable(d.variable);
    if (c.k !== 'thing') {
      throw new TypeQLError('compile', [
        ['WCP10', `Illegal delete for variable '${d.variable}', which represents role types.`],
        ['ECP3', 'Error compiling delete stage into executable.'],
        ['QEX10', 'Error compiling query.'],
      ]);
    }
    deleteThing(ctx, c.thing);
    removed.add(d.variable);
  }
  if (removed.size === 0) return row;
  const out = new Map(row);
  for (const v of removed) out.delete(v);
  return out;
}

function deleteUnavailable(variable: string): TypeQLError {
  return representation(
    'REP40',
    `The variable '${variable}' referenced in the delete stage is unavailable. It should be bound in the previous stage.`,
  );
}

function deletable(row: Row, variable: string): Thing | undefined {
  const c = row.get(variable);
  if (!c) throw deleteUnavailable(variable);
  return c.k === 'thing' ? c.thing : undefined;
}

export function deleteThing(ctx: Context, thing: Thing): void {
  if (!ctx.graph.thing(thing.iid)) return;
  for (const iid of ctx.graph.ownersOf(thing.iid)) ctx.tracking.touched.add(iid);
  for (const { relation } of ctx.graph.playing(thing.iid)) ctx.tracking.touched.add(relation);
  for (const { player } of ctx.graph.players(thing.iid)) ctx.tracking.touched.add(player);
  for (const iid of ctx.graph.attributesOf(thing.iid)) ctx.tracking.touched.add(iid);
  ctx.graph.deleteThing(thing.iid);
}
