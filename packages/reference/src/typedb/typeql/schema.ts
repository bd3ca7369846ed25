/**
 * The type model: entity, relation and attribute types with single inheritance, their declared
 * capabilities (owns, plays, relates, value) and annotations, plus the derived (inherited) views the
 * rest of the engine asks for. The data is plain JSON so it persists as one `schema` record.
 */
import type { Annotation, Literal, TypeKind, ValueTypeName } from './ast.js';

export type LiteralData = Pick<Literal, 'valueType' | 'value' | 'text'>;

/** An annotation without its source span (what the schema stores). */
export type Ann =
  | { name: 'abstract' | 'key' | 'unique' | 'independent' | 'cascade' | 'distinct' }
  | { name: 'card'; min: number; max: number | null }
  | { name: 'range'; min: LiteralData | null; max: LiteralData | null }
  | { name: 'regex'; pattern: string }
  | { name: 'values'; values: LiteralData[] };

export interface OwnsDecl {
  attribute: string;
  annotations: Ann[];
}

export interface PlaysDecl {
  /** Scoped role label, `relation:role`. */
  role: string;
  annotations: Ann[];
}

export interface RelatesDecl {
  role: string;
  specialises: string | undefined;
  annotations: Ann[];
}

export interface TypeDef {
  /** Per-kind id in creation order (TypeDB numbers each kind separately); used in iids and ordering. */
  id: number;
  kind: TypeKind;
  label: string;
  supertype: string | undefined;
  /** Type annotations (`@abstract`, `@independent`). */
  annotations: Ann[];
  valueType: ValueTypeName | undefined;
  /** `@regex`, `@range`, `@values` written after `value T`. */
  valueAnnotations: Ann[];
  owns: OwnsDecl[];
  plays: PlaysDecl[];
  relates: RelatesDecl[];
}

export interface SchemaData {
  types: TypeDef[];
  nextId: Record<TypeKind, number>;
}

export interface Cardinality {
  min: number;
  max: number | null;
}

export function stripAnnotation(annotation: Annotation): Ann {
  const strip = (l: Literal | null): LiteralData | null =>
    l ? { valueType: l.valueType, value: l.value, text: l.text } : null;
  switch (annotation.name) {
    case 'card':
      return { name: 'card', min: annotation.min, max: annotation.max };
    case 'range':
      return { name: 'range', min: strip(annotation.min), max: strip(annotation.max) };
    case 'regex':
      return { name: 'regex', pattern: annotation.pattern };
    case 'values':
      return {
        name: 'values',
        values: annotation.values.map((v) => ({ valueType: v.valueType, value: v.value, text: v.text })),
      };
    default:
      return { name: annotation.name };
  }
}

export function annotationEquals(a: Ann, b: Ann): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Immutable view over `SchemaData` with cached derived facts. A schema change copies the data
 * (`mutable()`), edits the copy, then builds a new `Schema`.
 */
export class Schema {
  private readonly byLabel = new Map<string, TypeDef>();
  private readonly subtypeCache = new Map<string, string[]>();

  constructor(readonly data: SchemaData) {
    for (const t of data.types) this.byLabel.set(t.label, t);
  }

  static empty(): Schema {
    return new Schema({ types: [], nextId: { entity: 0, relation: 0, attribute: 0 } });
  }

  /** A deep copy of the data to edit. */
  mutable(): SchemaData {
    return structuredClone(this.data);
  }

  get(label: string): TypeDef | undefined {
    return this.byLabel.get(label);
  }

  types(kind?: TypeKind): TypeDef[] {
    const all = kind ? this.data.types.filter((t) => t.kind === kind) : this.data.types;
    return [...all].sort((a, b) => kindOrder(a.kind) - kindOrder(b.kind) || a.id - b.id);
  }

  /** The type and its supertypes, nearest first. */
  supertypes(label: string): TypeDef[] {
    const out: TypeDef[] = [];
    const seen = new Set<string>();
    let t = this.get(label);
    while (t && !seen.has(t.label)) {
      seen.add(t.label);
      out.push(t);
      t = t.supertype ? this.get(t.supertype) : undefined;
    }
    return out;
  }

  /** The type and all its transitive subtypes, in type-id order (the order TypeDB scans them). */
  subtypes(label: string): string[] {
    const cached = this.subtypeCache.get(label);
    if (cached) return cached;
    const root = this.get(label);
    const out: string[] = [];
    if (root) {
      const queue = [root.label];
      const seen = new Set<string>(queue);
      while (queue.length > 0) {
        const current = queue.shift() as string;
        out.push(current);
        for (const t of this.data.types) {
          if (t.supertype === current && !seen.has(t.label)) {
            seen.add(t.label);
            queue.push(t.label);
          }
        }
      }
      out.sort((a, b) => (this.get(a)?.id ?? 0) - (this.get(b)?.id ?? 0));
    }
    this.subtypeCache.set(label, out);
    return out;
  }

  isSubtypeOf(sub: string, sup: string): boolean {
    return this.supertypes(sub).some((t) => t.label === sup);
  }

  isAbstract(label: string): boolean {
    return this.get(label)?.annotations.some((a) => a.name === 'abstract') ?? false;
  }

  isIndependent(label: string): boolean {
    return this.supertypes(label).some((t) => t.annotations.some((a) => a.name === 'independent'));
  }

  /** The declared or inherited value type of an attribute type. */
  valueType(label: string): ValueTypeName | undefined {
    for (const t of this.supertypes(label)) if (t.valueType) return t.valueType;
    return undefined;
  }

  /** Attribute types `owner` owns (declared or inherited), with the declaration that applies. */
  owns(owner: string): Map<string, { decl: OwnsDecl; declaredBy: string }> {
    const out = new Map<string, { decl: OwnsDecl; declaredBy: string }>();
    for (const t of this.supertypes(owner)) {
      for (const decl of t.owns) if (!out.has(decl.attribute)) out.set(decl.attribute, { decl, declaredBy: t.label });
    }
    return out;
  }

  /**
   * The ownership that lets `owner` have an attribute of type `attribute`: an owns of the attribute
   * type itself or of one of its supertypes.
   */
  ownsFor(owner: string, attribute: string): { decl: OwnsDecl; declaredBy: string } | undefined {
    const owned = this.owns(owner);
    for (const a of this.supertypes(attribute)) {
      const found = owned.get(a.label);
      if (found) return found;
    }
    return undefined;
  }

  /** Role labels (`rel:role`) a type plays, declared or inherited. */
  plays(player: string): Map<string, PlaysDecl> {
    const out = new Map<string, PlaysDecl>();
    for (const t of this.supertypes(player)) for (const p of t.plays) if (!out.has(p.role)) out.set(p.role, p);
    return out;
  }

  /** Whether `player` may play `role` (a scoped label), directly or through a role it specialises. */
  playsRole(player: string, role: string): PlaysDecl | undefined {
    const played = this.plays(player);
    for (const r of this.roleSupertypes(role)) {
      const found = played.get(r);
      if (found) return found;
    }
    return undefined;
  }

  /** Roles a relation type relates: role name -> scoped label of the declaring relation. */
  relates(relation: string): Map<string, { scoped: string; decl: RelatesDecl }> {
    const out = new Map<string, { scoped: string; decl: RelatesDecl }>();
    const specialised = new Set<string>();
    for (const t of this.supertypes(relation)) {
      for (const r of t.relates) {
        if (r.specialises) specialised.add(`${t.supertype ?? ''}:${r.specialises}`);
        const scoped = `${t.label}:${r.role}`;
        if (!out.has(r.role) && !specialised.has(scoped)) out.set(r.role, { scoped, decl: r });
      }
    }
    return out;
  }

  /** The scoped label of `roleName` as seen from `relation` (its own or an inherited role). */
  resolveRole(relation: string, roleName: string): string | undefined {
    return this.relates(relation).get(roleName)?.scoped;
  }

  /**
   * Like `resolveRole`, but also finds roles a supertype declares that `relation` specialises away
   * (matching `parentship (parent: $x)` must find fatherships, whose `father` specialises `parent`).
   */
  resolveRoleForMatch(relation: string, roleName: string): string | undefined {
    const own = this.resolveRole(relation, roleName);
    if (own) return own;
    for (const t of this.supertypes(relation))
      if (t.relates.some((r) => r.role === roleName)) return `${t.label}:${roleName}`;
    return undefined;
  }

  /** Every role type in the schema, as scoped labels in relation-type order. */
  allRoles(): string[] {
    return this.types('relation').flatMap((t) => t.relates.map((r) => `${t.label}:${r.role}`));
  }

  roleExists(scoped: string): boolean {
    const [rel, name] = splitRole(scoped);
    return this.get(rel)?.relates.some((r) => r.role === name) ?? false;
  }

  /** The role and the roles it specialises (via `as`), nearest first. */
  roleSupertypes(scoped: string): string[] {
    const out = [scoped];
    let current = scoped;
    for (let i = 0; i < 64; i++) {
      const [rel, name] = splitRole(current);
      const t = this.get(rel);
      const decl = t?.relates.find((r) => r.role === name);
      if (!t || !decl?.specialises || !t.supertype) break;
      const parent = this.resolveRole(t.supertype, decl.specialises);
      if (!parent || out.includes(parent)) break;
      out.push(parent);
      current = parent;
    }
    return out;
  }

  relatesDecl(scoped: string): RelatesDecl | undefined {
    const [rel, name] = splitRole(scoped);
    return this.get(rel)?.relates.find((r) => r.role === name);
  }

  /** Cardinality of `owner owns attribute`: `@key` is 1..1, `@card`, else the default 0..1. */
  ownsCardinality(decl: OwnsDecl): Cardinality {
    if (decl.annotations.some((a) => a.name === 'key')) return { min: 1, max: 1 };
    const card = decl.annotations.find((a) => a.name === 'card');
    return card?.name === 'card' ? { min: card.min, max: card.max } : { min: 0, max: 1 };
  }

  /** Cardinality of `relates role`: `@card`, else the default 0..1. */
  relatesCardinality(decl: RelatesDecl): Cardinality {
    const card = decl.annotations.find((a) => a.name === 'card');
    return card?.name === 'card' ? { min: card.min, max: card.max } : { min: 0, max: 1 };
  }

  /** Cardinality of `plays role`: `@card`, else the default 0.. (unbounded). */
  playsCardinality(decl: PlaysDecl): Cardinality {
    const card = decl.annotations.find((a) => a.name === 'card');
    return card?.name === 'card' ? { min: card.min, max: card.max } : { min: 0, max: null };
  }

  /** The upper bound on how many `attribute`s (and subtypes) an instance of `owner` or its subtypes may own. */
  maxOwnedCount(owner: string, attribute: string): number | null {
    let max = 0;
    for (const sub of this.subtypes(owner)) {
      for (const [attr, { decl }] of this.owns(sub)) {
        if (!this.isSubtypeOf(attr, attribute) && !this.isSubtypeOf(attribute, attr)) continue;
        const card = this.ownsCardinality(decl);
        if (card.max === null) return null;
        max = Math.max(max, card.max);
      }
    }
    return max;
  }
}

function kindOrder(kind: TypeKind): number {
  return kind === 'attribute' ? 0 : kind === 'entity' ? 1 : 2;
}

export function splitRole(scoped: string): [string, string] {
  const i = scoped.indexOf(':');
  return i < 0 ? ['', scoped] : [scoped.slice(0, i), scoped.slice(i + 1)];
}
