/**
 * Pattern matching. A `match` body compiles into atoms (one per constraint); the solver is a
 * backtracking join that, at each step, runs the cheapest atom given what is already bound
 * (an index lookup beats a type scan), so `match $p isa person, has name "Ann";` starts from the
 * attribute and visits one person rather than all of them.
 */
import type {
  ComparisonOperator,
  Expression,
  Pattern,
  RoleRef,
  Statement,
  ThingConstraint,
  TypeKind,
  TypeRef,
  ValueTypeName,
} from './ast.js';
import {
  labelNotFound,
  representation,
  roleNameNotFound,
  unboundVariable,
  unsatisfiableEdge,
  variableCategoryMismatch,
} from './codes.js';
import { type Concept, type Context, extend, type Row, sameConcept, typeConcept } from './context.js';
import { attributeIid, type Thing } from './data.js';
import { TypeQLError } from './errors.js';
import { splitRole } from './schema.js';
import { arithmetic, castTo, compareValues, literalValue, type Value, valuesEqual } from './values.js';

export type TypeRefC = { label: string } | { variable: string };
export type RoleRefC = { label: string; scope: string | undefined } | { variable: string };

interface Predicate {
  op: ComparisonOperator;
  right: Expression;
}

export type Atom =
  | { a: 'isa'; thing: string; type: TypeRefC; exact: boolean; value: Value | undefined }
  | { a: 'has'; owner: string; attribute: string; type: TypeRefC | undefined; pred: Predicate | undefined }
  | { a: 'links'; relation: string; role: RoleRefC | undefined; player: string }
  | { a: 'links-distinct'; relation: string; entries: Array<{ role: RoleRefC | undefined; player: string }> }
  | { a: 'iid'; thing: string; iid: string }
  | { a: 'cmp'; left: Expression; op: ComparisonOperator; right: Expression }
  | { a: 'let'; variable: string; expression: Expression }
  | { a: 'sub'; type: TypeRefC; sup: TypeRefC; exact: boolean }
  | { a: 'owns'; type: TypeRefC; attribute: TypeRefC }
  | { a: 'plays'; type: TypeRefC; role: RoleRefC }
  | { a: 'relates'; type: TypeRefC; role: RoleRefC }
  | { a: 'label'; type: TypeRefC; label: string }
  | { a: 'value-type'; type: TypeRefC; valueType: ValueTypeName }
  | { a: 'kind'; type: TypeRefC; kind: TypeKind }
  | { a: 'not'; plan: Plan }
  | { a: 'or'; branches: Plan[] }
  | { a: 'try'; plan: Plan };

export interface Plan {
  atoms: Atom[];
}

// ---------------------------------------------------------------------------------------------
// Compilation
// ---------------------------------------------------------------------------------------------

let anonymousCounter = 0;
function anonymous(): string {
  anonymousCounter = (anonymousCounter + 1) % 1_000_000_000;
  return `_m${anonymousCounter}`;
}

function typeRef(ref: TypeRef): TypeRefC {
  return ref.kind === 'label' ? { label: ref.label } : { variable: ref.variable };
}

function roleRef(ref: RoleRef): RoleRefC {
  return ref.kind === 'label' ? { label: ref.label, scope: ref.scope } : { variable: ref.variable };
}

/** Compiles a conjunction of patterns, checking labels against the schema. */
export function compilePatterns(patterns: Pattern[], ctx: Context): Plan {
  const atoms: Atom[] = [];
  for (const pattern of patterns) compilePattern(pattern, atoms, ctx);
  checkTypes(atoms, ctx);
  return { atoms };
}

function compilePattern(pattern: Pattern, atoms: Atom[], ctx: Context): void {
  switch (pattern.kind) {
    case 'not':
      atoms.push({ a: 'not', plan: compilePatterns(pattern.patterns, ctx) });
      return;
    case 'or':
      atoms.push({ a: 'or', branches: pattern.branches.map((b) => compilePatterns(b, ctx)) });
      return;
    case 'try':
      atoms.push({ a: 'try', plan: compilePatterns(pattern.patterns, ctx) });
      return;
    default:
      compileStatement(pattern, atoms, ctx);
  }
}

function compileStatement(statement: Statement, atoms: Atom[], ctx: Context): void {
  switch (statement.kind) {
    case 'thing':
      for (const c of statement.constraints) compileThingConstraint(statement.variable, c, atoms, ctx);
      return;
    case 'type-statement': {
      const type = typeRef(statement.type);
      checkTypeRef(type, ctx);
      for (const c of statement.constraints) {
        switch (c.kind) {
          case 'sub':
            checkTypeRef(typeRef(c.supertype), ctx);
            atoms.push({ a: 'sub', type, sup: typeRef(c.supertype), exact: c.exact });
            break;
          case 'owns':
            checkTypeRef(typeRef(c.attribute), ctx);
            atoms.push({ a: 'owns', type, attribute: typeRef(c.attribute) });
            break;
          case 'plays':
            checkRoleRef(roleRef(c.role), ctx);
            atoms.push({ a: 'plays', type, role: roleRef(c.role) });
            break;
          case 'relates':
            checkRoleRef(roleRef(c.role), ctx);
            atoms.push({ a: 'relates', type, role: roleRef(c.role) });
            break;
          case 'label':
            checkLabel(c.label, ctx);
            atoms.push({ a: 'label', type, label: c.label });
            break;
          case 'value':
            atoms.push({ a: 'value-type', type, valueType: c.valueType });
            break;
        }
      }
      return;
    }
    case 'kind-statement': {
      const type = typeRef(statement.type);
      checkTypeRef(type, ctx);
      atoms.push({ a: 'kind', type, kind: statement.typeKind });
      return;
    }
    case 'comparison':
      checkExpression(statement.left);
      checkExpression(statement.right);
      atoms.push({ a: 'cmp', left: statement.left, op: statement.operator, right: statement.right });
      return;
    case 'let':
      checkExpression(statement.expression);
      atoms.push({ a: 'let', variable: statement.variable, expression: statement.expression });
      return;
  }
}

function checkExpression(expression: Expression): void {
  if (expression.kind === 'literal') literalValue(expression.literal);
  if (expression.kind === 'arithmetic') {
    checkExpression(expression.left);
    checkExpression(expression.right);
  }
}

function compileThingConstraint(variable: string, c: ThingConstraint, atoms: Atom[], ctx: Context): void {
  switch (c.kind) {
    case 'isa': {
      const type = typeRef(c.type);
      checkTypeRef(type, ctx);
      if ('label' in type && type.label.includes(':')) throw variableCategoryMismatch(variable, 'thing', 'role type');
      atoms.push({
        a: 'isa',
        thing: variable,
        type,
        exact: c.exact,
        value: c.value ? literalValue(c.value) : undefined,
      });
      return;
    }
    case 'has': {
      const type = c.attributeType ? typeRef(c.attributeType) : undefined;
      if (type) checkTypeRef(type, ctx);
      const v = c.value;
      if (v.kind === 'variable') {
        atoms.push({ a: 'has', owner: variable, attribute: v.variable, type, pred: undefined });
      } else if (v.kind === 'literal') {
        literalValue(v.literal);
        atoms.push({
          a: 'has',
          owner: variable,
          attribute: anonymous(),
          type,
          pred: { op: '==', right: { kind: 'literal', literal: v.literal, span: v.literal.span } },
        });
      } else {
        checkExpression(v.operand);
        atoms.push({
          a: 'has',
          owner: variable,
          attribute: anonymous(),
          type,
          pred: { op: v.operator, right: v.operand },
        });
      }
      return;
    }
    case 'links': {
      const entries = c.players.map((p) => ({ role: p.role ? roleRef(p.role) : undefined, player: p.player }));
      for (const e of entries) {
        if (e.role) checkRoleRef(e.role, ctx);
        atoms.push({ a: 'links', relation: variable, role: e.role, player: e.player });
      }
      if (entries.length > 1) atoms.push({ a: 'links-distinct', relation: variable, entries });
      return;
    }
    case 'iid':
      atoms.push({ a: 'iid', thing: variable, iid: c.iid.toLowerCase() });
      return;
  }
}

function checkLabel(label: string, ctx: Context): void {
  if (label.includes(':')) {
    if (!ctx.schema.roleExists(label)) throw labelNotFound(label);
  } else if (!ctx.schema.get(label)) {
    throw labelNotFound(label);
  }
}

function checkTypeRef(ref: TypeRefC, ctx: Context): void {
  if ('label' in ref) checkLabel(ref.label, ctx);
}

function checkRoleRef(ref: RoleRefC, ctx: Context): void {
  if (!('label' in ref)) return;
  if (ref.scope) {
    if (!ctx.schema.get(ref.scope)) throw labelNotFound(ref.scope);
    if (!ctx.schema.resolveRole(ref.scope, ref.label)) throw roleNameNotFound(`${ref.scope}:${ref.label}`);
    return;
  }
  const exists = ctx.schema.allRoles().some((r) => splitRole(r)[1] === ref.label);
  if (!exists) throw roleNameNotFound(ref.label);
}

/**
 * The static checks TypeDB's type inference makes that users hit most: `has` of an attribute the
 * owner's type (from `isa` in the same conjunction) can never own, and roles its relation type
 * does not relate.
 */
function checkTypes(atoms: Atom[], ctx: Context): void {
  const isaLabels = new Map<string, string>();
  for (const atom of atoms) if (atom.a === 'isa' && 'label' in atom.type) isaLabels.set(atom.thing, atom.type.label);
  const { schema } = ctx;
  for (const atom of atoms) {
    if (atom.a === 'has' && atom.type && 'label' in atom.type) {
      const ownerLabel = isaLabels.get(atom.owner);
      if (!ownerLabel) continue;
      const attribute = atom.type.label;
      const owners = schema.subtypes(ownerLabel);
      const attributes = schema.subtypes(attribute);
      const ok = owners.some((o) => attributes.some((a) => schema.ownsFor(o, a)));
      if (!ok) throw unsatisfiableEdge(atom.owner, atom.attribute, owners, attributes, 'has');
    }
    if (atom.a === 'links' && atom.role && 'label' in atom.role) {
      const relLabel = isaLabels.get(atom.relation);
      if (!relLabel) continue;
      const role = atom.role;
      const relations = schema.subtypes(relLabel);
      const ok = relations.some((r) =>
        role.scope
          ? schema.isSubtypeOf(r, role.scope) || schema.isSubtypeOf(role.scope, r)
          : schema.resolveRole(r, role.label),
      );
      if (!ok) throw unsatisfiableEdge(atom.relation, atom.player, relations, [role.label], 'links');
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Solving
// ---------------------------------------------------------------------------------------------

const CHECK = 0;
const CHEAP = 2;
const NEVER = Number.POSITIVE_INFINITY;

function bound(row: Row, variable: string): boolean {
  return row.has(variable);
}

function refBound(row: Row, ref: TypeRefC | RoleRefC | undefined): boolean {
  return !ref || 'label' in ref || bound(row, ref.variable);
}

function expressionVariables(expression: Expression, out: string[] = []): string[] {
  if (expression.kind === 'variable') out.push(expression.variable);
  if (expression.kind === 'arithmetic') {
    expressionVariables(expression.left, out);
    expressionVariables(expression.right, out);
  }
  return out;
}

export function atomVariables(atom: Atom, out: Set<string> = new Set()): Set<string> {
  const ref = (r: TypeRefC | RoleRefC | undefined) => {
    if (r && 'variable' in r) out.add(r.variable);
  };
  switch (atom.a) {
    case 'isa':
      out.add(atom.thing);
      ref(atom.type);
      break;
    case 'has':
      out.add(atom.owner);
      out.add(atom.attribute);
      ref(atom.type);
      if (atom.pred) for (const v of expressionVariables(atom.pred.right)) out.add(v);
      break;
    case 'links':
      out.add(atom.relation);
      out.add(atom.player);
      ref(atom.role);
      break;
    case 'links-distinct':
      break;
    case 'iid':
      out.add(atom.thing);
      break;
    case 'cmp':
      for (const v of [...expressionVariables(atom.left), ...expressionVariables(atom.right)]) out.add(v);
      break;
    case 'let':
      out.add(atom.variable);
      for (const v of expressionVariables(atom.expression)) out.add(v);
      break;
    case 'sub':
      ref(atom.type);
      ref(atom.sup);
      break;
    case 'owns':
      ref(atom.type);
      ref(atom.attribute);
      break;
    case 'plays':
    case 'relates':
      ref(atom.type);
      ref(atom.role);
      break;
    case 'label':
    case 'value-type':
    case 'kind':
      ref(atom.type);
      break;
    case 'not':
    case 'try':
      for (const a of atom.plan.atoms) atomVariables(a, out);
      break;
    case 'or':
      for (const b of atom.branches) for (const a of b.atoms) atomVariables(a, out);
      break;
  }
  return out;
}

/** The estimated number of rows an atom produces per input row (0 for pure filters, Infinity if it cannot run yet). */
function cost(atom: Atom, row: Row, ctx: Context, outer: Set<string>): number {
  const { graph, schema } = ctx;
  switch (atom.a) {
    case 'iid':
      return bound(row, atom.thing) ? CHECK : 1;
    case 'isa': {
      if (bound(row, atom.thing)) return CHECK;
      if (atom.value && 'label' in atom.type) return 1;
      if ('label' in atom.type)
        return 10 + schema.subtypes(atom.type.label).reduce((n, t) => n + graph.instanceCountEstimate(t), 0);
      return bound(row, atom.type.variable) ? 10_000 : 1_000_000;
    }
    case 'has': {
      const ownerBound = bound(row, atom.owner);
      const attributeBound = bound(row, atom.attribute);
      if (ownerBound && attributeBound) return CHECK;
      if (ownerBound) return CHEAP + 1;
      if (attributeBound) return CHEAP + 2;
      if (atom.pred?.op === '==' && atom.type && 'label' in atom.type && predicateReady(atom.pred, row)) return CHEAP;
      if (atom.type && 'label' in atom.type)
        return 100 + schema.subtypes(atom.type.label).reduce((n, t) => n + graph.instanceCountEstimate(t), 0) * 2;
      return 5_000_000;
    }
    case 'links': {
      const relationBound = bound(row, atom.relation);
      const playerBound = bound(row, atom.player);
      if (!refBound(row, atom.role) && relationBound && playerBound) return 1;
      if (relationBound && playerBound) return CHECK;
      if (relationBound) return CHEAP + 1;
      if (playerBound) return CHEAP + 3;
      return 10_000_000;
    }
    case 'links-distinct':
      return bound(row, atom.relation) && atom.entries.every((e) => bound(row, e.player) && refBound(row, e.role))
        ? CHECK
        : NEVER;
    case 'cmp':
      return [...expressionVariables(atom.left), ...expressionVariables(atom.right)].every((v) => bound(row, v))
        ? CHECK
        : NEVER;
    case 'let':
      return expressionVariables(atom.expression).every((v) => bound(row, v)) ? CHECK + 0.5 : NEVER;
    case 'sub':
    case 'owns':
    case 'plays':
    case 'relates':
    case 'label':
    case 'value-type':
    case 'kind': {
      const vars = atomVariables(atom);
      const free = [...vars].filter((v) => !bound(row, v)).length;
      return free === 0 ? CHECK : atom.a === 'label' ? 1 : 50 * free;
    }
    case 'not': {
      // Runs once every variable it shares with the rest of the query is bound.
      const vars = atomVariables(atom);
      return [...vars].every((v) => bound(row, v) || !outer.has(v)) ? CHECK + 0.25 : NEVER;
    }
    case 'or':
      return 1_000_000_000;
    case 'try':
      return 2_000_000_000;
  }
}

function predicateReady(pred: Predicate, row: Row): boolean {
  return expressionVariables(pred.right).every((v) => bound(row, v));
}

/** All rows extending `row` that satisfy the plan. */
export function* solve(plan: Plan, row: Row, ctx: Context): Generator<Row> {
  yield* solveAtoms(plan.atoms, row, ctx);
}

function* solveAtoms(atoms: readonly Atom[], row: Row, ctx: Context): Generator<Row> {
  if (atoms.length === 0) {
    yield row;
    return;
  }
  let best = -1;
  let bestCost = NEVER;
  let outer: Set<string> | undefined;
  for (let i = 0; i < atoms.length; i++) {
    const atom = atoms[i] as Atom;
    if (atom.a === 'not' && !outer) {
      outer = new Set();
      for (const other of atoms) if (other !== atom) atomVariables(other, outer);
    }
    const c = cost(atom, row, ctx, outer ?? new Set());
    if (c < bestCost) {
      bestCost = c;
      best = i;
      if (c === CHECK) break;
    }
  }
  if (best < 0) throw unplannable(atoms, row);
  const atom = atoms[best] as Atom;
  const rest = atoms.filter((_, i) => i !== best);
  for (const next of runAtom(atom, row, ctx)) yield* solveAtoms(rest, next, ctx);
}

function unplannable(atoms: readonly Atom[], row: Row): TypeQLError {
  for (const atom of atoms) {
    for (const v of atomVariables(atom)) {
      if (!bound(row, v) && (atom.a === 'cmp' || atom.a === 'let')) {
        if (atom.a === 'let' && v === atom.variable) continue;
        return representation('REP44', `The variable '${v}' must be bound to a value before it's used.`);
      }
    }
  }
  const first = atoms[0];
  const v = first ? [...atomVariables(first)].find((x) => !bound(row, x)) : undefined;
  return unboundVariable(v ?? '_');
}

// ---------------------------------------------------------------------------------------------
// Atom execution
// ---------------------------------------------------------------------------------------------

function thingOf(row: Row, variable: string): Thing | undefined {
  const c = row.get(variable);
  return c?.k === 'thing' ? c.thing : undefined;
}

/** Types a `TypeRefC` allows for an instance (`isa` is subtype-inclusive, `isa!` exact); undefined = any. */
function allowedTypes(ref: TypeRefC | undefined, row: Row, ctx: Context, exact: boolean): Set<string> | undefined {
  if (!ref) return undefined;
  let label: string | undefined;
  if ('label' in ref) label = ref.label;
  else {
    const c = row.get(ref.variable);
    if (!c) return undefined;
    if (c.k !== 'type') return new Set();
    label = c.label;
  }
  return new Set(exact ? [label] : ctx.schema.subtypes(label));
}

function kindOfType(ctx: Context, label: string): 'entity' | 'relation' | 'attribute' | 'role' {
  if (label.includes(':')) return 'role';
  return ctx.schema.get(label)?.kind ?? 'entity';
}

function typeConceptOf(ctx: Context, label: string): Concept {
  return typeConcept(kindOfType(ctx, label), label);
}

/** Binds `variable` to `concept`, or checks it when already bound. */
function bind(row: Row, variable: string, concept: Concept): Row | undefined {
  const existing = row.get(variable);
  if (!existing) return extend(row, variable, concept);
  return sameConcept(existing, concept) || sameValue(existing, concept) ? row : undefined;
}

function sameValue(a: Concept, b: Concept): boolean {
  if (a.k === 'value' && b.k === 'value') return valuesEqual(a.value, b.value);
  return false;
}

/** Binds a type reference (label: check; variable: bind or check). */
function bindType(row: Row, ref: TypeRefC, label: string, ctx: Context): Row | undefined {
  if ('label' in ref) return ref.label === label ? row : undefined;
  return bind(row, ref.variable, typeConceptOf(ctx, label));
}

/** Candidate type labels for a type reference: the label, the bound type, or every type. */
function typeCandidates(ref: TypeRefC, row: Row, ctx: Context, includeRoles = false): string[] {
  if ('label' in ref) return [ref.label];
  const c = row.get(ref.variable);
  if (c) return c.k === 'type' ? [c.label] : [];
  const types = ctx.schema.types().map((t) => t.label);
  return includeRoles ? [...types, ...ctx.schema.allRoles()] : types;
}

function* runAtom(atom: Atom, row: Row, ctx: Context): Generator<Row> {
  switch (atom.a) {
    case 'iid':
      yield* runIid(atom, row, ctx);
      return;
    case 'isa':
      yield* runIsa(atom, row, ctx);
      return;
    case 'has':
      yield* runHas(atom, row, ctx);
      return;
    case 'links':
      yield* runLinks(atom, row, ctx);
      return;
    case 'links-distinct':
      if (linksDistinct(atom, row, ctx)) yield row;
      return;
    case 'cmp':
      if (compare(evaluate(atom.left, row, ctx), atom.op, evaluate(atom.right, row, ctx), ctx)) yield row;
      return;
    case 'let': {
      const value = evaluate(atom.expression, row, ctx);
      const concept: Concept =
        value.k === 'thing' && value.thing.value ? { k: 'value', value: value.thing.value } : value;
      const next = bind(row, atom.variable, concept);
      if (next) yield next;
      return;
    }
    case 'not': {
      const it = solve(atom.plan, row, ctx).next();
      if (it.done) yield row;
      return;
    }
    case 'or':
      for (const branch of atom.branches) yield* solve(branch, row, ctx);
      return;
    case 'try': {
      let any = false;
      for (const next of solve(atom.plan, row, ctx)) {
        any = true;
        yield next;
      }
      if (!any) {
        // Variables only the optional block binds are reported as null.
        let out = row;
        for (const a of atom.plan.atoms)
          for (const v of atomVariables(a)) if (!out.has(v)) out = extend(out, v, { k: 'none' });
        yield out;
      }
      return;
    }
    default:
      yield* runTypeAtom(atom, row, ctx);
  }
}

function* runIid(atom: Extract<Atom, { a: 'iid' }>, row: Row, ctx: Context): Generator<Row> {
  const thing = ctx.graph.thing(atom.iid);
  ctx.stats.visited++;
  if (!thing) return;
  const next = bind(row, atom.thing, { k: 'thing', thing });
  if (next) yield next;
}

function* runIsa(atom: Extract<Atom, { a: 'isa' }>, row: Row, ctx: Context): Generator<Row> {
  const { schema, graph } = ctx;
  const existing = row.get(atom.thing);
  if (existing) {
    if (existing.k !== 'thing') return;
    yield* isaOf(atom, row, existing.thing, ctx);
    return;
  }
  if (atom.value && 'label' in atom.type) {
    // An attribute by value: its iid follows from type and value, no scan needed.
    for (const type of atom.exact ? [atom.type.label] : schema.subtypes(atom.type.label)) {
      const thing = attributeByValue(ctx, type, atom.value);
      if (thing) {
        const next = bind(row, atom.thing, { k: 'thing', thing });
        if (next) yield* isaOf(atom, next, thing, ctx);
      }
    }
    return;
  }
  const types = allowedTypes(atom.type, row, ctx, atom.exact) ?? new Set(schema.types().map((t) => t.label));
  for (const type of types) {
    for (const iid of graph.instancesOf(type)) {
      ctx.stats.visited++;
      const thing = graph.thing(iid);
      if (!thing) continue;
      yield* isaOf(atom, extend(row, atom.thing, { k: 'thing', thing }), thing, ctx);
    }
  }
}

/** Checks (or binds the type variable of) `thing isa T` for a bound thing. */
function* isaOf(atom: Extract<Atom, { a: 'isa' }>, row: Row, thing: Thing, ctx: Context): Generator<Row> {
  if (atom.value && !(thing.value && valuesEqual(thing.value, atom.value))) return;
  if ('label' in atom.type) {
    const ok = atom.exact ? thing.type === atom.type.label : ctx.schema.isSubtypeOf(thing.type, atom.type.label);
    if (ok) yield row;
    return;
  }
  const types = atom.exact ? [thing.type] : ctx.schema.supertypes(thing.type).map((t) => t.label);
  for (const type of types) {
    const next = bind(row, atom.type.variable, typeConceptOf(ctx, type));
    if (next) yield next;
  }
}

export function attributeByValue(ctx: Context, type: string, value: Value): Thing | undefined {
  const def = ctx.schema.get(type);
  const valueType = ctx.schema.valueType(type);
  if (def?.kind !== 'attribute' || !valueType) return undefined;
  const cast = castTo(value, valueType);
  if (!cast) return undefined;
  ctx.stats.visited++;
  return ctx.graph.thing(attributeIid(def.id, cast));
}

function* runHas(atom: Extract<Atom, { a: 'has' }>, row: Row, ctx: Context): Generator<Row> {
  const { graph, schema } = ctx;
  const types = allowedTypes(atom.type, row, ctx, false);
  const attributeOk = (attribute: Thing, r: Row): Row | undefined => {
    if (attribute.kind !== 'attribute') return undefined;
    if (types && !types.has(attribute.type)) return undefined;
    if (atom.pred && !compare({ k: 'thing', thing: attribute }, atom.pred.op, evaluate(atom.pred.right, r, ctx), ctx))
      return undefined;
    let next: Row | undefined = r;
    if (atom.type && 'variable' in atom.type && !r.has(atom.type.variable))
      next = extend(r, atom.type.variable, typeConceptOf(ctx, attribute.type));
    return next;
  };
  const owner = row.get(atom.owner);
  const bound = row.get(atom.attribute);
  if (owner) {
    if (owner.k !== 'thing') return;
    if (bound) {
      if (bound.k !== 'thing' || !graph.hasEdge(owner.thing.iid, bound.thing.iid)) return;
      const next = attributeOk(bound.thing, row);
      if (next) yield next;
      return;
    }
    for (const iid of graph.attributesOf(owner.thing.iid)) {
      ctx.stats.visited++;
      const attribute = graph.thing(iid);
      if (!attribute) continue;
      const next = attributeOk(attribute, row);
      if (next) yield extend(next, atom.attribute, { k: 'thing', thing: attribute });
    }
    return;
  }
  let candidates: Iterable<Thing>;
  if (bound) {
    if (bound.k !== 'thing') return;
    candidates = [bound.thing];
  } else if (atom.pred?.op === '==' && atom.type && 'label' in atom.type && predicateReady(atom.pred, row)) {
    const value = evaluate(atom.pred.right, row, ctx);
    const v = value.k === 'value' ? value.value : value.k === 'thing' ? value.thing.value : undefined;
    const label = atom.type.label;
    candidates = v ? schema.subtypes(label).flatMap((t) => attributeByValue(ctx, t, v) ?? []) : [];
  } else {
    candidates = scanAttributes(types, ctx);
  }
  for (const attribute of candidates) {
    const withAttribute = attributeOk(attribute, row);
    if (!withAttribute) continue;
    const r = bound ? withAttribute : extend(withAttribute, atom.attribute, { k: 'thing', thing: attribute });
    for (const ownerIid of graph.ownersOf(attribute.iid)) {
      ctx.stats.visited++;
      const ownerThing = graph.thing(ownerIid);
      if (ownerThing) yield extend(r, atom.owner, { k: 'thing', thing: ownerThing });
    }
  }
}

function* scanAttributes(types: Set<string> | undefined, ctx: Context): Generator<Thing> {
  const labels = types ?? new Set(ctx.schema.types('attribute').map((t) => t.label));
  for (const type of labels) {
    for (const iid of ctx.graph.instancesOf(type)) {
      ctx.stats.visited++;
      const thing = ctx.graph.thing(iid);
      if (thing) yield thing;
    }
  }
}

/** Whether an edge's role satisfies a role reference as seen from a relation of type `relationType`. */
function roleMatches(
  ref: RoleRefC | undefined,
  edgeRole: string,
  relationType: string,
  row: Row,
  ctx: Context,
): Row | undefined {
  if (!ref) return row;
  if ('variable' in ref) {
    const c = row.get(ref.variable);
    if (c) return c.k === 'type' && ctx.schema.roleSupertypes(edgeRole).includes(c.label) ? row : undefined;
    return extend(row, ref.variable, typeConcept('role', edgeRole));
  }
  const target = ref.scope
    ? ctx.schema.resolveRole(ref.scope, ref.label)
    : ctx.schema.resolveRoleForMatch(relationType, ref.label);
  if (!target) return undefined;
  return ctx.schema.roleSupertypes(edgeRole).includes(target) ? row : undefined;
}

function* runLinks(atom: Extract<Atom, { a: 'links' }>, row: Row, ctx: Context): Generator<Row> {
  const { graph } = ctx;
  const relation = row.get(atom.relation);
  const player = row.get(atom.player);
  if (relation) {
    if (relation.k !== 'thing' || relation.thing.kind !== 'relation') return;
    for (const edge of graph.players(relation.thing.iid)) {
      ctx.stats.visited++;
      const withRole = roleMatches(atom.role, edge.role, relation.thing.type, row, ctx);
      if (!withRole) continue;
      if (player) {
        if (player.k === 'thing' && player.thing.iid === edge.player) yield withRole;
        continue;
      }
      const playerThing = graph.thing(edge.player);
      if (playerThing) yield extend(withRole, atom.player, { k: 'thing', thing: playerThing });
    }
    return;
  }
  if (player) {
    if (player.k !== 'thing') return;
    for (const { relation: relIid, role } of graph.playing(player.thing.iid)) {
      ctx.stats.visited++;
      const relThing = graph.thing(relIid);
      if (!relThing) continue;
      const withRole = roleMatches(atom.role, role, relThing.type, row, ctx);
      if (withRole) yield extend(withRole, atom.relation, { k: 'thing', thing: relThing });
    }
    return;
  }
  for (const type of ctx.schema.types('relation')) {
    for (const iid of graph.instancesOf(type.label)) {
      ctx.stats.visited++;
      const relThing = graph.thing(iid);
      if (relThing) yield* runLinks(atom, extend(row, atom.relation, { k: 'thing', thing: relThing }), ctx);
    }
  }
}

/** Role players of one `links (...)` must be distinct edges (a player counts as often as it plays). */
function linksDistinct(atom: Extract<Atom, { a: 'links-distinct' }>, row: Row, ctx: Context): boolean {
  const relation = thingOf(row, atom.relation);
  if (!relation) return false;
  const edges = [...ctx.graph.players(relation.iid)];
  const remaining = edges.map((e) => e.count);
  const assign = (i: number): boolean => {
    if (i === atom.entries.length) return true;
    const entry = atom.entries[i];
    if (!entry) return true;
    const player = thingOf(row, entry.player);
    for (let j = 0; j < edges.length; j++) {
      const edge = edges[j];
      if (!edge || (remaining[j] ?? 0) <= 0 || edge.player !== player?.iid) continue;
      if (!roleMatches(entry.role, edge.role, relation.type, row, ctx)) continue;
      remaining[j] = (remaining[j] ?? 0) - 1;
      if (assign(i + 1)) return true;
      remaining[j] = (remaining[j] ?? 0) + 1;
    }
    return false;
  };
  return assign(0);
}

// ---------------------------------------------------------------------------------------------
// Type atoms (over the schema)
// ---------------------------------------------------------------------------------------------

function* runTypeAtom(atom: Atom, row: Row, ctx: Context): Generator<Row> {
  const { schema } = ctx;
  switch (atom.a) {
    case 'label': {
      const next = bindType(row, atom.type, atom.label, ctx);
      if (next) yield next;
      return;
    }
    case 'kind':
      for (const t of typeCandidates(atom.type, row, ctx)) {
        if (schema.get(t)?.kind !== atom.kind) continue;
        const next = bindType(row, atom.type, t, ctx);
        if (next) yield next;
      }
      return;
    case 'value-type':
      for (const t of typeCandidates(atom.type, row, ctx)) {
        if (schema.get(t)?.kind !== 'attribute' || schema.valueType(t) !== atom.valueType) continue;
        const next = bindType(row, atom.type, t, ctx);
        if (next) yield next;
      }
      return;
    case 'sub':
      for (const t of typeCandidates(atom.type, row, ctx, true)) {
        const supers = t.includes(':') ? schema.roleSupertypes(t) : schema.supertypes(t).map((s) => s.label);
        const candidates = atom.exact ? supers.slice(1, 2) : supers;
        const withType = bindType(row, atom.type, t, ctx);
        if (!withType) continue;
        for (const s of candidates) {
          const next = bindType(withType, atom.sup, s, ctx);
          if (next) yield next;
        }
      }
      return;
    case 'owns':
      for (const t of typeCandidates(atom.type, row, ctx)) {
        const def = schema.get(t);
        if (!def || def.kind === 'attribute') continue;
        const withType = bindType(row, atom.type, t, ctx);
        if (!withType) continue;
        for (const attribute of schema.owns(t).keys()) {
          const next = bindType(withType, atom.attribute, attribute, ctx);
          if (next) yield next;
        }
      }
      return;
    case 'plays':
      for (const t of typeCandidates(atom.type, row, ctx)) {
        const def = schema.get(t);
        if (!def || def.kind === 'attribute') continue;
        const withType = bindType(row, atom.type, t, ctx);
        if (!withType) continue;
        for (const role of schema.plays(t).keys()) {
          const next = bindRole(withType, atom.role, role, ctx);
          if (next) yield next;
        }
      }
      return;
    case 'relates':
      for (const t of typeCandidates(atom.type, row, ctx)) {
        if (schema.get(t)?.kind !== 'relation') continue;
        const withType = bindType(row, atom.type, t, ctx);
        if (!withType) continue;
        for (const { scoped } of schema.relates(t).values()) {
          const next = bindRole(withType, atom.role, scoped, ctx);
          if (next) yield next;
        }
      }
      return;
    default:
      return;
  }
}

function bindRole(row: Row, ref: RoleRefC, scoped: string, ctx: Context): Row | undefined {
  if ('variable' in ref) return bind(row, ref.variable, typeConcept('role', scoped));
  const [scope, name] = splitRole(scoped);
  if (ref.scope) return ref.scope === scope && ref.label === name ? row : undefined;
  return ref.label === name || (ctx.schema.get(scope) && ref.label === scoped) ? row : undefined;
}

// ---------------------------------------------------------------------------------------------
// Expressions and comparisons
// ---------------------------------------------------------------------------------------------

/** Evaluates an expression to a concept: a bound variable's concept, or a value. */
export function evaluate(expression: Expression, row: Row, ctx: Context): Concept {
  switch (expression.kind) {
    case 'literal':
      return { k: 'value', value: literalValue(expression.literal) };
    case 'variable': {
      const c = row.get(expression.variable);
      if (!c)
        throw representation(
          'REP44',
          `The variable '${expression.variable}' must be bound to a value before it's used.`,
        );
      return c;
    }
    case 'arithmetic': {
      const left = expressionValue(evaluate(expression.left, row, ctx), expression.left);
      const right = expressionValue(evaluate(expression.right, row, ctx), expression.right);
      return { k: 'value', value: arithmetic(expression.operator, left, right) };
    }
  }
}

function expressionValue(concept: Concept, expression: Expression): Value {
  if (concept.k === 'value') return concept.value;
  if (concept.k === 'thing' && concept.thing.value) return concept.thing.value;
  const name = expression.kind === 'variable' ? expression.variable : '?';
  throw new TypeQLError('compile', [
    [
      'CEX11',
      `Variable '${name}' used in expressions must contain either a value or an attribute, but it is a '${concept.k === 'thing' ? 'Thing' : 'Type'}'.`,
    ],
    ['QUA3', 'Error inferring correct expression types.'],
    ['QEX8', 'Error analysing query.'],
  ]);
}

function plainValue(c: Concept): Value | undefined {
  if (c.k === 'value') return c.value;
  if (c.k === 'thing') return c.thing.value;
  return undefined;
}

const regexCache = new Map<string, RegExp>();

function regex(pattern: string): RegExp {
  let re = regexCache.get(pattern);
  if (!re) {
    try {
      re = new RegExp(pattern, 'u');
    } catch (error) {
      throw representation(
        'REP51',
        `The regular expression failed compilation: '${pattern}'. ${error instanceof Error ? error.message : ''}`.trim(),
      );
    }
    if (regexCache.size > 256) regexCache.clear();
    regexCache.set(pattern, re);
  }
  return re;
}

/** `left op right`: values by value; entities/relations (and types) by identity for `==`/`!=`. */
export function compare(left: Concept, op: ComparisonOperator, right: Concept, _ctx: Context): boolean {
  const a = plainValue(left);
  const b = plainValue(right);
  if (!a || !b) {
    if (op === '==') return sameConcept(left, right);
    if (op === '!=') return !sameConcept(left, right);
    return false;
  }
  switch (op) {
    case 'contains':
      return a.type === 'string' && b.type === 'string' && a.v.toLowerCase().includes(b.v.toLowerCase());
    case 'like':
      return a.type === 'string' && b.type === 'string' && regex(b.v).test(a.v);
    case '==':
      return valuesEqual(a, b);
    case '!=':
      return !valuesEqual(a, b);
  }
  const c = compareValues(a, b);
  if (c === undefined) return false;
  switch (op) {
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
  }
}
