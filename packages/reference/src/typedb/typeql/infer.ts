/**
 * Type inference: the types each variable of a pipeline can have, as TypeDB's compiler annotates
 * them before anything runs (compiler/annotation/inference). Each constraint of a conjunction seeds
 * the variables it names (`isa person`: person and its subtypes; a type label: that type) or relates
 * two of them (`has`, `links`, `isa $t`, `sub`, `owns`, `plays`, `relates`); a variable nothing seeds
 * can be any type of its category; thing variables cannot have abstract types; and every type left
 * for a variable must be related to some type left for each neighbour (pruned to a fixpoint).
 * Disjunction branches narrow what they share to the union of the branches; `try` adds its own
 * variables without narrowing; `not` binds nothing. Comparisons only say a thing is an attribute;
 * `iid` says nothing.
 *
 * Types are labels; role types are scoped labels (`friendship:friend`).
 */
import type { FetchValue, Pattern, RoleRef, Stage, Statement, TypeRef } from './ast.js';
import { isAnonymous } from './context.js';
import { type Schema, splitRole } from './schema.js';

/** Variable -> the types it can have. */
export type Annotations = Map<string, ReadonlySet<string>>;

type Category = 'thing' | 'type' | 'role';

interface Edge {
  left: string;
  right: string;
  /** Whether a left type and a right type can be related by the constraint. */
  holds(left: string, right: string): boolean;
}

/** One conjunction's own constraints, with its nested disjunctions and optionals. */
interface Conjunction {
  /** Every vertex the conjunction's own constraints name, with its category. */
  vertices: Map<string, Category>;
  /** Unary constraints (intersected per vertex). */
  seeds: Map<string, Set<string>>;
  edges: Edge[];
  disjunctions: Pattern[][][];
  optionals: Pattern[][];
}

/** Schema facts inference asks for, memoised for one pipeline. */
class TypeFacts {
  private readonly memo = new Map<string, boolean>();
  readonly thingTypes: string[];
  readonly roleTypes: string[];
  private readonly concreteThings: Set<string>;
  private readonly allThings: Set<string>;
  private readonly allTypes: Set<string>;
  private readonly allRoles: Set<string>;

  constructor(readonly schema: Schema) {
    this.thingTypes = schema.data.types.map((t) => t.label);
    this.roleTypes = schema.allRoles();
    this.allThings = new Set(this.thingTypes);
    this.concreteThings = new Set(this.thingTypes.filter((t) => !schema.isAbstract(t)));
    this.allRoles = new Set(this.roleTypes);
    this.allTypes = new Set([...this.thingTypes, ...this.roleTypes]);
  }

  /** Types of a category (thing variables never have abstract types: TypeDB prunes them). */
  universe(category: Category): ReadonlySet<string> {
    return category === 'thing' ? this.concreteThings : category === 'role' ? this.allRoles : this.allTypes;
  }

  ofKind(kind: 'entity' | 'relation' | 'attribute'): Set<string> {
    return new Set(this.schema.types(kind).map((t) => t.label));
  }

  attributeTypes(): Set<string> {
    return this.ofKind('attribute');
  }

  isRole(label: string): boolean {
    return label.includes(':');
  }

  /** `label` and its subtypes (a role's subtypes are the roles that specialise it). */
  subtypes(label: string): Set<string> {
    if (!this.isRole(label)) return new Set(this.schema.subtypes(label));
    return new Set(this.roleTypes.filter((r) => this.schema.roleSupertypes(r).includes(label)));
  }

  /** `sub` (`exact`: `sub!`, the direct supertype only). */
  isSubtype(sub: string, sup: string, exact: boolean): boolean {
    if (this.isRole(sub) !== this.isRole(sup)) return false;
    if (this.isRole(sub)) {
      const supers = this.schema.roleSupertypes(sub);
      return exact ? supers[1] === sup : supers.includes(sup);
    }
    return exact ? this.schema.get(sub)?.supertype === sup : this.schema.isSubtypeOf(sub, sup);
  }

  /** Data `has`: instances of `owner` may own instances of `attribute`. */
  canHave(owner: string, attribute: string): boolean {
    return this.cached(`has|${owner}|${attribute}`, () =>
      this.allThings.has(owner) && !this.isRole(attribute)
        ? this.schema.ownsFor(owner, attribute) !== undefined
        : false,
    );
  }

  /** Schema `owns`: the type owns exactly that attribute type (declared or inherited). */
  owns(owner: string, attribute: string): boolean {
    return this.cached(`owns|${owner}|${attribute}`, () =>
      this.allThings.has(owner) ? this.schema.owns(owner).has(attribute) : false,
    );
  }

  plays(player: string, role: string): boolean {
    return this.cached(`plays|${player}|${role}`, () =>
      this.allThings.has(player) && this.isRole(role) ? this.schema.playsRole(player, role) !== undefined : false,
    );
  }

  relates(relation: string, role: string): boolean {
    return this.cached(`relates|${relation}|${role}`, () => {
      if (!this.allThings.has(relation) || !this.isRole(role)) return false;
      for (const r of this.schema.relates(relation).values()) if (r.scoped === role) return true;
      return false;
    });
  }

  /** The role types a role reference names: `rel:name` (resolved), or every role called `name`. */
  rolesNamed(label: string, scope: string | undefined): Set<string> {
    if (scope) {
      const scoped = this.schema.resolveRoleForMatch(scope, label);
      return scoped ? this.subtypes(scoped) : new Set();
    }
    const out = new Set<string>();
    for (const r of this.roleTypes) if (splitRole(r)[1] === label) for (const s of this.subtypes(r)) out.add(s);
    return out;
  }

  private cached(key: string, compute: () => boolean): boolean {
    let value = this.memo.get(key);
    if (value === undefined) {
      value = compute();
      this.memo.set(key, value);
    }
    return value;
  }
}

/** Categories of a pipeline's variables, from how they are used (things, types, role types). */
function categorise(stages: Stage[], out: Map<string, Category>): void {
  const mark = (variable: string, category: Category) => {
    const current = out.get(variable);
    // A variable used as a thing anywhere is a thing; a role position beats a generic type.
    if (!current || category === 'thing' || (category === 'role' && current === 'type')) out.set(variable, category);
  };
  const typeRef = (ref: TypeRef | undefined, category: Category = 'type') => {
    if (ref?.kind === 'variable') mark(ref.variable, category);
  };
  const roleRef = (ref: RoleRef | undefined) => {
    if (ref?.kind === 'variable') mark(ref.variable, 'role');
  };
  const statement = (s: Statement) => {
    switch (s.kind) {
      case 'thing':
        mark(s.variable, 'thing');
        for (const c of s.constraints) {
          if (c.kind === 'isa') typeRef(c.type);
          else if (c.kind === 'has') {
            typeRef(c.attributeType);
            if (c.value.kind === 'variable') mark(c.value.variable, 'thing');
          } else if (c.kind === 'links') {
            for (const p of c.players) {
              mark(p.player, 'thing');
              roleRef(p.role);
            }
          }
        }
        return;
      case 'type-statement':
        typeRef(s.type);
        for (const c of s.constraints) {
          if (c.kind === 'sub') typeRef(c.supertype);
          else if (c.kind === 'owns') typeRef(c.attribute);
          else if (c.kind === 'plays' || c.kind === 'relates') roleRef(c.role);
        }
        return;
      case 'kind-statement':
        typeRef(s.type);
        return;
      default:
        return;
    }
  };
  const patterns = (ps: Pattern[]) => {
    for (const p of ps) {
      if (p.kind === 'not' || p.kind === 'try') patterns(p.patterns);
      else if (p.kind === 'or') for (const b of p.branches) patterns(b);
      else statement(p);
    }
  };
  for (const stage of stages) {
    if (stage.kind === 'match') patterns(stage.patterns);
    else if (stage.kind === 'insert' || stage.kind === 'put' || stage.kind === 'update') patterns(stage.statements);
    else if (stage.kind === 'fetch') {
      const walk = (value: FetchValue) => {
        if (value.kind === 'object') for (const e of value.entries) walk(e.value);
        else if (value.kind === 'subquery-list' || value.kind === 'subquery-single') categorise(value.stages, out);
      };
      walk(stage.document);
    }
  }
}

/** Builds a conjunction's vertices, seeds and edges. */
class ConjunctionBuilder {
  private synthetic = 0;
  readonly conjunction: Conjunction = {
    vertices: new Map(),
    seeds: new Map(),
    edges: [],
    disjunctions: [],
    optionals: [],
  };

  constructor(
    private readonly facts: TypeFacts,
    private readonly categories: ReadonlyMap<string, Category>,
  ) {}

  private vertex(name: string, category: Category): string {
    if (!this.conjunction.vertices.has(name)) this.conjunction.vertices.set(name, category);
    return name;
  }

  private fresh(category: Category): string {
    this.synthetic += 1;
    return this.vertex(`#${this.synthetic}`, category);
  }

  private seed(vertex: string, types: Iterable<string>): void {
    const current = this.conjunction.seeds.get(vertex);
    const next = new Set(types);
    this.conjunction.seeds.set(vertex, current ? new Set([...current].filter((t) => next.has(t))) : next);
  }

  private edge(left: string, right: string, holds: (l: string, r: string) => boolean): void {
    this.conjunction.edges.push({ left, right, holds });
  }

  /** A type reference as a vertex: its variable, or a fixed vertex holding just the label. */
  private typeVertex(ref: TypeRef): string {
    if (ref.kind === 'variable') return this.vertex(ref.variable, this.categories.get(ref.variable) ?? 'type');
    const v = this.vertex(`@${ref.label}`, 'type');
    this.seed(v, [ref.label]);
    return v;
  }

  /** A role reference: its variable, or a vertex holding the role types the label names. */
  private roleVertex(ref: RoleRef | undefined, exactLabel: boolean): string {
    if (ref?.kind === 'variable') return this.vertex(ref.variable, 'role');
    const v = this.fresh('role');
    if (ref) {
      if (exactLabel && ref.scope) {
        const scoped = this.facts.schema.resolveRole(ref.scope, ref.label);
        this.seed(v, scoped ? [scoped] : []);
      } else {
        this.seed(v, this.facts.rolesNamed(ref.label, ref.scope));
      }
    }
    return v;
  }

  add(patterns: Pattern[]): this {
    for (const p of patterns) {
      if (p.kind === 'or') this.conjunction.disjunctions.push(p.branches);
      else if (p.kind === 'try') this.conjunction.optionals.push(p.patterns);
      else if (p.kind !== 'not') this.statement(p);
    }
    return this;
  }

  private statement(s: Statement): void {
    const facts = this.facts;
    switch (s.kind) {
      case 'thing': {
        const thing = this.vertex(s.variable, 'thing');
        for (const c of s.constraints) {
          switch (c.kind) {
            case 'isa': {
              const exact = c.exact;
              if (c.type.kind === 'label') this.seed(thing, exact ? [c.type.label] : facts.subtypes(c.type.label));
              else
                this.edge(thing, this.typeVertex(c.type), (t, u) => (exact ? t === u : facts.isSubtype(t, u, false)));
              break;
            }
            case 'has': {
              const attribute =
                c.value.kind === 'variable' ? this.vertex(c.value.variable, 'thing') : this.fresh('thing');
              if (c.value.kind !== 'variable') this.seed(attribute, facts.attributeTypes());
              if (c.attributeType?.kind === 'label') this.seed(attribute, facts.subtypes(c.attributeType.label));
              else if (c.attributeType)
                this.edge(attribute, this.typeVertex(c.attributeType), (a, t) => facts.isSubtype(a, t, false));
              this.edge(thing, attribute, (o, a) => facts.canHave(o, a));
              break;
            }
            case 'links':
              for (const p of c.players) {
                const role = this.roleVertex(p.role, false);
                const player = this.vertex(p.player, 'thing');
                this.edge(thing, role, (r, t) => facts.relates(r, t));
                this.edge(player, role, (p2, t) => facts.plays(p2, t));
              }
              break;
            case 'iid':
              break;
          }
        }
        return;
      }
      case 'type-statement': {
        const type = this.typeVertex(s.type);
        for (const c of s.constraints) {
          switch (c.kind) {
            case 'sub':
              this.edge(type, this.typeVertex(c.supertype), (t, u) => facts.isSubtype(t, u, c.exact));
              break;
            case 'owns':
              this.edge(type, this.typeVertex(c.attribute), (t, a) => facts.owns(t, a));
              break;
            case 'plays':
              this.edge(type, this.roleVertex(c.role, true), (t, r) => facts.plays(t, r));
              break;
            case 'relates':
              this.edge(type, this.roleVertex(c.role, true), (t, r) => facts.relates(t, r));
              break;
            case 'label':
              this.seed(type, [c.label]);
              break;
            case 'value': {
              const valueType = c.valueType;
              this.seed(
                type,
                [...facts.attributeTypes()].filter((a) => facts.schema.valueType(a) === valueType),
              );
              break;
            }
          }
        }
        return;
      }
      case 'kind-statement':
        this.seed(this.typeVertex(s.type), facts.ofKind(s.typeKind));
        return;
      case 'comparison':
        for (const side of [s.left, s.right]) {
          if (side.kind === 'variable' && this.categories.get(side.variable) === 'thing') {
            this.seed(this.vertex(side.variable, 'thing'), facts.attributeTypes());
          }
        }
        return;
      case 'let':
        return;
    }
  }
}

function intersect(a: ReadonlySet<string>, b: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  for (const x of a) if (b.has(x)) out.add(x);
  return out;
}

/** Narrows every edge's ends to the types with a partner on the other end, to a fixpoint. */
function prune(domains: Map<string, Set<string>>, edges: Edge[]): boolean {
  let changed = false;
  for (let progress = true; progress; ) {
    progress = false;
    for (const e of edges) {
      const left = domains.get(e.left);
      const right = domains.get(e.right);
      if (!left || !right) continue;
      for (const l of left) {
        let supported = false;
        for (const r of right) {
          if (e.holds(l, r)) {
            supported = true;
            break;
          }
        }
        if (!supported) {
          left.delete(l);
          progress = true;
        }
      }
      for (const r of right) {
        let supported = false;
        for (const l of left) {
          if (e.holds(l, r)) {
            supported = true;
            break;
          }
        }
        if (!supported) {
          right.delete(r);
          progress = true;
        }
      }
    }
    changed ||= progress;
  }
  return changed;
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

/** Types of the variables a conjunction (and its disjunctions and optionals) binds, given `input`. */
function inferConjunction(
  patterns: Pattern[],
  input: Annotations,
  facts: TypeFacts,
  categories: ReadonlyMap<string, Category>,
): Map<string, Set<string>> {
  const { vertices, seeds, edges, disjunctions, optionals } = new ConjunctionBuilder(facts, categories).add(
    patterns,
  ).conjunction;
  const domains = new Map<string, Set<string>>();
  for (const [vertex, category] of vertices) {
    let types = new Set(facts.universe(category));
    const upstream = input.get(vertex);
    if (upstream) types = intersect(types, upstream);
    const seed = seeds.get(vertex);
    if (seed) types = intersect(types, seed);
    domains.set(vertex, types);
  }
  // Disjunctions narrow the variables they share with the conjunction to the union of their branches.
  for (let round = 0; round < 64; round++) {
    prune(domains, edges);
    let changed = false;
    for (const branches of disjunctions) {
      const scope = new Map<string, ReadonlySet<string>>(input);
      for (const [v, types] of domains) scope.set(v, types);
      const results = branches.map((b) => inferConjunction(b, scope, facts, categories));
      const named = new Set<string>();
      for (const r of results) for (const v of r.keys()) named.add(v);
      for (const v of named) {
        const union = new Set<string>();
        for (const r of results) for (const t of r.get(v) ?? scope.get(v) ?? []) union.add(t);
        const current = domains.get(v);
        const next = current ? intersect(current, union) : union;
        if (!current || !sameSet(current, next)) {
          domains.set(v, next);
          changed = true;
        }
      }
    }
    if (!changed) break;
  }
  // `try` blocks add their own variables and narrow nothing outside.
  for (const optional of optionals) {
    const scope = new Map<string, ReadonlySet<string>>(input);
    for (const [v, types] of domains) scope.set(v, types);
    for (const [v, types] of inferConjunction(optional, scope, facts, categories)) {
      if (!domains.has(v)) domains.set(v, types);
    }
  }
  for (const v of [...domains.keys()]) if (v.startsWith('#') || v.startsWith('@')) domains.delete(v);
  return domains;
}

/**
 * Walks a pipeline the way TypeDB annotates it, stage by stage, calling `visit` before each stage
 * with the types of the variables available to it. Returns the annotations after the last stage.
 */
export class PipelineInference {
  private readonly facts: TypeFacts;
  private readonly categories = new Map<string, Category>();

  constructor(schema: Schema, stages: Stage[]) {
    this.facts = new TypeFacts(schema);
    categorise(stages, this.categories);
  }

  run(stages: Stage[], input: Annotations, visit: (stage: Stage, annotations: Annotations) => void): Annotations {
    let annotations = new Map(input);
    for (const stage of stages) {
      visit(stage, annotations);
      switch (stage.kind) {
        case 'match':
          for (const [v, types] of inferConjunction(stage.patterns, annotations, this.facts, this.categories))
            if (!isAnonymous(v)) annotations.set(v, types);
          break;
        case 'put':
          // A put is annotated as a match (less strict than its insert): subtypes included.
          for (const [v, types] of inferConjunction(stage.statements, annotations, this.facts, this.categories))
            if (!isAnonymous(v)) annotations.set(v, types);
          break;
        case 'insert':
          // Inserted things have exactly the type they are inserted as.
          for (const s of stage.statements) {
            if (s.kind !== 'thing' || isAnonymous(s.variable) || annotations.has(s.variable)) continue;
            for (const c of s.constraints) {
              if (c.kind !== 'isa') continue;
              const types =
                c.type.kind === 'label'
                  ? new Set([c.type.label])
                  : new Set([...(annotations.get(c.type.variable) ?? [])].filter((t) => !this.facts.isRole(t)));
              annotations.set(s.variable, types);
            }
          }
          break;
        case 'delete':
          for (const d of stage.deletions) if (d.kind === 'delete-thing') annotations.delete(d.variable);
          break;
        case 'select':
          annotations = new Map([...annotations].filter(([v]) => stage.variables.includes(v)));
          break;
        case 'reduce':
          annotations = new Map([...annotations].filter(([v]) => stage.groupBy.includes(v)));
          break;
        default:
          break;
      }
    }
    return annotations;
  }
}
