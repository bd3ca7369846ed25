/**
 * Commit-time work: cleaning up what TypeDB removes at commit (attributes nobody owns unless their
 * type is @independent, relations left without role players), then validating cardinalities,
 * keys, uniqueness and abstractness for the instances the transaction touched (all instances
 * when the schema changed), and the schema's own rules.
 */
import { commitDataError, commitSchemaError } from './codes.js';
import type { WriteTracking } from './context.js';
import type { Graph, Thing } from './data.js';
import type { Cardinality, Schema } from './schema.js';
import { displayValue, valueText } from './values.js';

type Level = [string, string];

function cardText(card: Cardinality): string {
  return card.max === null ? `@card(${card.min}..)` : `@card(${card.min}..${card.max})`;
}

function violates(card: Cardinality, count: number): boolean {
  return count < card.min || (card.max !== null && count > card.max);
}

/** Deletes ownerless attributes (non-independent) and relations without players among `candidates`. */
export function cleanup(graph: Graph, schema: Schema, candidates: Iterable<string>): void {
  for (const iid of candidates) {
    const thing = graph.thing(iid);
    if (!thing) continue;
    if (thing.kind === 'attribute') {
      if (schema.isIndependent(thing.type)) continue;
      let owned = false;
      for (const _ of graph.ownersOf(iid)) {
        owned = true;
        break;
      }
      if (!owned) graph.deleteThing(iid);
    } else if (thing.kind === 'relation') {
      let players = false;
      for (const _ of graph.players(iid)) {
        players = true;
        break;
      }
      if (!players) graph.deleteThing(iid);
    }
  }
}

/** Every instance of every type (for validation after a schema change). */
export function* allInstances(graph: Graph, schema: Schema): Generator<string> {
  for (const t of schema.types()) yield* graph.instancesOf(t.label);
}

export function validateSchema(schema: Schema): void {
  const fail = (level: Level) => {
    throw commitSchemaError([level]);
  };
  for (const t of schema.types()) {
    const abstract = schema.isAbstract(t.label);
    if (t.kind === 'attribute' && !abstract && !schema.valueType(t.label)) {
      fail(['SVL22', `Attribute type '${t.label}' without a value type should be abstract.`]);
    }
    if (t.kind === 'relation' && !abstract && schema.relates(t.label).size === 0) {
      fail(['SVL41', `Non abstract relation type '${t.label}' must relate at least one role.`]);
    }
    if (abstract && t.supertype && !schema.isAbstract(t.supertype)) {
      fail(['SVL14', `Abstract type '${t.label}' must have an abstract supertype, but it has '${t.supertype}'.`]);
    }
  }
}

/** Validates the given instances; throws the first violation as TypeDB reports it. */
export function validateInstances(graph: Graph, schema: Schema, iids: Iterable<string>, schemaChanged: boolean): void {
  const fail = (levels: Level[]) => {
    throw commitDataError(levels);
  };
  for (const iid of iids) {
    const thing = graph.thing(iid);
    if (!thing) continue;
    if (schemaChanged && schema.isAbstract(thing.type)) {
      const [code, what] =
        thing.kind === 'entity'
          ? ['DVL5', 'entity type']
          : thing.kind === 'relation'
            ? ['DVL6', 'relation type']
            : ['DVL7', 'attribute type'];
      fail([
        ['CNT4', "Constraint '@abstract' has been violated."],
        [code, `Constraint on ${what} '${thing.type}' was violated.`],
      ]);
    }
    if (thing.kind === 'attribute') continue;
    validateOwns(graph, schema, thing, fail);
    validatePlays(graph, schema, thing, fail);
    if (thing.kind === 'relation') validateRelates(graph, schema, thing, fail);
  }
}

function validateOwns(graph: Graph, schema: Schema, owner: Thing, fail: (levels: Level[]) => void): void {
  const owned: Thing[] = [];
  for (const a of graph.attributesOf(owner.iid)) {
    const t = graph.thing(a);
    if (t) owned.push(t);
  }
  for (const [attribute, { decl }] of schema.owns(owner.type)) {
    const card = schema.ownsCardinality(decl);
    if (card.min === 0 && card.max === null) continue;
    const count = owned.filter((a) => schema.isSubtypeOf(a.type, attribute)).length;
    if (!violates(card, count)) continue;
    const cause: Level = ['CNT5', `Constraint '${cardText(card)}' has been violated: found ${count} instances.`];
    if (decl.annotations.some((a) => a.name === 'key')) {
      fail([
        cause,
        [
          'DVL8',
          `Instance ${owner.iid} of type '${owner.type}' has a key constraint violation for attribute ownership of '${attribute}', since it owns ${count} instead of exactly 1.`,
        ],
      ]);
    }
    fail([
      cause,
      [
        'DVL10',
        `Instance ${owner.iid} of type '${owner.type}' has an attribute ownership constraint violation for attribute ownership of type '${attribute}'.`,
      ],
    ]);
  }
  for (const a of owned) {
    if (!schema.ownsFor(owner.type, a.type)) {
      fail([['DVL2', `Type '${owner.type}' cannot own attribute type '${a.type}'.`]]);
    }
  }
}

function validatePlays(graph: Graph, schema: Schema, player: Thing, fail: (levels: Level[]) => void): void {
  const counts = new Map<string, number>();
  for (const { relation, role } of graph.playing(player.iid)) {
    const n = graph.linkCount(relation, role, player.iid);
    for (const r of schema.roleSupertypes(role)) counts.set(r, (counts.get(r) ?? 0) + n);
    if (!schema.playsRole(player.type, role)) fail([['DVL3', `Type '${player.type}' cannot play role '${role}'.`]]);
  }
  for (const [role, decl] of schema.plays(player.type)) {
    const card = schema.playsCardinality(decl);
    const count = counts.get(role) ?? 0;
    if (!violates(card, count)) continue;
    fail([
      ['CNT5', `Constraint '${cardText(card)}' has been violated: found ${count} instances.`],
      ['DVL12', `Instance ${player.iid} of type '${player.type}' violated constraint for playing role type '${role}'.`],
    ]);
  }
}

function validateRelates(graph: Graph, schema: Schema, relation: Thing, fail: (levels: Level[]) => void): void {
  const counts = new Map<string, number>();
  for (const { role, count } of graph.players(relation.iid)) {
    for (const r of schema.roleSupertypes(role)) counts.set(r, (counts.get(r) ?? 0) + count);
  }
  for (const { scoped, decl } of schema.relates(relation.type).values()) {
    const card = schema.relatesCardinality(decl);
    const count = counts.get(scoped) ?? 0;
    if (!violates(card, count)) continue;
    fail([
      ['CNT5', `Constraint '${cardText(card)}' has been violated: found ${count} instances.`],
      [
        'DVL11',
        `Instance ${relation.iid} of relation type '${relation.type}' has a relates constraint violation for role type '${scoped}'.`,
      ],
    ]);
  }
}

/** After a schema change: @key/@unique values must be unique among the declaring type's instances. */
export function validateUniqueness(graph: Graph, schema: Schema): void {
  for (const owner of schema.types()) {
    for (const decl of owner.owns) {
      const key = decl.annotations.some((a) => a.name === 'key');
      if (!key && !decl.annotations.some((a) => a.name === 'unique')) continue;
      const seen = new Map<string, string>();
      for (const type of schema.subtypes(owner.label)) {
        for (const iid of graph.instancesOf(type)) {
          for (const a of graph.attributesOf(iid)) {
            const attribute = graph.thing(a);
            if (!attribute?.value || !schema.isSubtypeOf(attribute.type, decl.attribute)) continue;
            const k = valueText(attribute.value);
            const other = seen.get(k);
            if (other && other !== iid) {
              const value = displayValue(attribute.value);
              throw commitDataError([
                ['CNT9', `Constraint '@unique' has been violated: there is a conflict for value '${value}'.`],
                key
                  ? [
                      'DVL9',
                      `Instance ${iid} of type '${type}' has a key constraint violation for attribute ownership of '${attribute.type}', since it is not the unique owner of attribute '${value}'.`,
                    ]
                  : [
                      'DVL10',
                      `Instance ${iid} of type '${type}' has an attribute ownership constraint violation for attribute ownership of type '${attribute.type}'.`,
                    ],
              ]);
            }
            seen.set(k, iid);
          }
        }
      }
    }
  }
}

export function emptyTracking(): WriteTracking {
  return { relied: new Set(), exclusive: new Set(), touched: new Set() };
}
