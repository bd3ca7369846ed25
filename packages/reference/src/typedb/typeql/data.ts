/**
 * Instances and their edges over a layer stack: entities, relations, attributes (one per distinct
 * value of a type), `has` edges indexed by owner and by attribute, `links` edges indexed by relation
 * and by player, and instances indexed by exact type. Attribute lookup by value needs no index:
 * an attribute's iid is derived from its type and value.
 */
import type { TypeKind } from './ast.js';
import { type Layer, LayeredReader, setAdd, setRemove, TOMBSTONE, writeValue } from './layers.js';
import { type Value, valueText } from './values.js';

export interface Thing {
  iid: string;
  kind: TypeKind;
  /** Label of the thing's exact type. */
  type: string;
  /** Attributes only. */
  value?: Value;
}

export type Entry = Thing | number;

const SEP = '\u0000';
const key = {
  thing: (iid: string) => `t:${iid}`,
  linkCount: (rel: string, role: string, player: string) => `c:${rel}${SEP}${role}${SEP}${player}`,
  byType: (type: string) => `T:${type}`,
  hasByOwner: (owner: string) => `H:${owner}`,
  hasByAttribute: (attribute: string) => `h:${attribute}`,
  linksByRelation: (rel: string) => `L:${rel}`,
  linksByPlayer: (player: string) => `P:${player}`,
};
export const dataKeys = key;
export const KEY_SEP = SEP;

/**
 * Hands out instance iids. One allocator serves every database of a server process (as TypeDB's
 * vertex generators serve each database), so concurrent transactions never mint the same iid.
 * Processes sharing one storage engine each take their own id space, which leads the iid's
 * counter, so their concurrent transactions cannot mint the same iid either.
 */
export class IdAllocator {
  private readonly next = new Map<string, number>();
  private readonly space: string;

  /** `space`: 0 to 0xffff, unique among the processes sharing the storage engine. */
  constructor(space = 0) {
    this.space = hex4(space);
  }

  allocate(prefix: string): string {
    const n = this.next.get(prefix) ?? 0;
    this.next.set(prefix, n + 1);
    return `${prefix}${this.space}${n.toString(16).padStart(12, '0')}`;
  }

  /** Makes sure an iid of this id space seen at load time is never handed out again. */
  observe(iid: string): void {
    // Objects: `0x` + kind byte + 2-byte type id (the prefix) + 2-byte id space + 6-byte counter.
    if (iid.length !== 24 || iid.startsWith('0x20') || iid.slice(8, 12) !== this.space) return;
    const prefix = iid.slice(0, 8);
    const n = Number.parseInt(iid.slice(12), 16);
    if (Number.isFinite(n) && n + 1 > (this.next.get(prefix) ?? 0)) this.next.set(prefix, n + 1);
  }
}

const KIND_PREFIX: Record<TypeKind, string> = { entity: '0x1e', relation: '0x1f', attribute: '0x20' };

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0').slice(-4);
}

/** Object iid prefix: kind byte plus 2-byte type id. */
export function objectPrefix(kind: TypeKind, typeId: number): string {
  return `${KIND_PREFIX[kind]}${hex4(typeId)}`;
}

const VALUE_TYPE_CODE: Record<Value['type'], string> = {
  boolean: '01',
  integer: '02',
  double: '03',
  decimal: '04',
  date: '05',
  datetime: '06',
  'datetime-tz': '07',
  duration: '08',
  string: '09',
};

/** A 128-bit non-cryptographic hash (cyrb128), as 32 hex digits, for long attribute values. */
function hash128(text: string): string {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1, h2, h3, h4].map((h) => (h >>> 0).toString(16).padStart(8, '0')).join('');
}

/**
 * An attribute's iid: kind byte, type id, value type, then the value's bytes (short values) or a
 * hash of them. Deterministic, so two transactions creating the same attribute agree on its iid.
 */
export function attributeIid(typeId: number, value: Value): string {
  const text = valueText(value);
  const bytes = new TextEncoder().encode(text);
  const body =
    bytes.length <= 24
      ? `${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}${bytes.length.toString(16).padStart(2, '0')}`
      : `ff${hash128(text)}`;
  return `${KIND_PREFIX.attribute}${hex4(typeId)}${VALUE_TYPE_CODE[value.type]}${body}`;
}

/** Read and write access to instances over a stack of layers, writing to the top one. */
export class Graph {
  private reader: LayeredReader<Entry>;

  constructor(
    readonly base: readonly Layer<Entry>[],
    public top: Layer<Entry>,
  ) {
    this.reader = new LayeredReader([...base, top]);
  }

  /** Replaces the top layer (rollback, or a cleaned-up copy at commit). */
  resetTop(top: Layer<Entry>): void {
    this.top = top;
    this.reader = new LayeredReader([...this.base, top]);
  }

  /** The committed state only (what the transaction began on). */
  baseReader(): LayeredReader<Entry> {
    return new LayeredReader(this.base);
  }

  thing(iid: string): Thing | undefined {
    const v = this.reader.get(key.thing(iid));
    return typeof v === 'object' ? v : undefined;
  }

  /** Instances of exactly this type, in creation order. */
  instancesOf(type: string): Iterable<string> {
    return this.reader.setMembers(key.byType(type));
  }

  instanceCountEstimate(type: string): number {
    return this.reader.setSizeEstimate(key.byType(type));
  }

  /** Attribute iids `owner` has. */
  attributesOf(owner: string): Iterable<string> {
    return this.reader.setMembers(key.hasByOwner(owner));
  }

  ownersOf(attribute: string): Iterable<string> {
    return this.reader.setMembers(key.hasByAttribute(attribute));
  }

  ownerCountEstimate(attribute: string): number {
    return this.reader.setSizeEstimate(key.hasByAttribute(attribute));
  }

  hasEdge(owner: string, attribute: string): boolean {
    return this.reader.setHas(key.hasByOwner(owner), attribute);
  }

  /** Role players of a relation: role (scoped label), player iid and how many times it plays it. */
  *players(relation: string): Generator<{ role: string; player: string; count: number }> {
    for (const member of this.reader.setMembers(key.linksByRelation(relation))) {
      const [role, player] = member.split(SEP) as [string, string];
      yield { role, player, count: this.linkCount(relation, role, player) };
    }
  }

  playerCountEstimate(relation: string): number {
    return this.reader.setSizeEstimate(key.linksByRelation(relation));
  }

  /** Relations `player` plays a role in. */
  *playing(player: string): Generator<{ relation: string; role: string }> {
    for (const member of this.reader.setMembers(key.linksByPlayer(player))) {
      const [relation, role] = member.split(SEP) as [string, string];
      yield { relation, role };
    }
  }

  playingCountEstimate(player: string): number {
    return this.reader.setSizeEstimate(key.linksByPlayer(player));
  }

  linkCount(relation: string, role: string, player: string): number {
    const v = this.reader.get(key.linkCount(relation, role, player));
    return typeof v === 'number' ? v : 0;
  }

  // -------------------------------------------------------------------------------------------
  // Writes (to the top layer)
  // -------------------------------------------------------------------------------------------

  putThing(thing: Thing): void {
    writeValue(this.top, key.thing(thing.iid), thing);
    setAdd(this.top, key.byType(thing.type), thing.iid);
  }

  /** Deletes an instance with all its edges (as TypeDB does when deleting a thing). */
  deleteThing(iid: string): void {
    const thing = this.thing(iid);
    if (!thing) return;
    for (const attribute of [...this.attributesOf(iid)]) this.removeHas(iid, attribute);
    if (thing.kind === 'attribute') for (const owner of [...this.ownersOf(iid)]) this.removeHas(owner, iid);
    if (thing.kind === 'relation') {
      for (const { role, player } of [...this.players(iid)]) this.removeLinks(iid, role, player, Infinity);
    }
    for (const { relation, role } of [...this.playing(iid)]) this.removeLinks(relation, role, iid, Infinity);
    writeValue(this.top, key.thing(iid), TOMBSTONE);
    setRemove(this.top, key.byType(thing.type), iid);
  }

  addHas(owner: string, attribute: string): void {
    setAdd(this.top, key.hasByOwner(owner), attribute);
    setAdd(this.top, key.hasByAttribute(attribute), owner);
  }

  removeHas(owner: string, attribute: string): void {
    setRemove(this.top, key.hasByOwner(owner), attribute);
    setRemove(this.top, key.hasByAttribute(attribute), owner);
  }

  addLinks(relation: string, role: string, player: string): void {
    const count = this.linkCount(relation, role, player);
    writeValue(this.top, key.linkCount(relation, role, player), count + 1);
    setAdd(this.top, key.linksByRelation(relation), `${role}${SEP}${player}`);
    setAdd(this.top, key.linksByPlayer(player), `${relation}${SEP}${role}`);
  }

  /** Removes up to `times` repetitions of a role player (all with `Infinity`). */
  removeLinks(relation: string, role: string, player: string, times: number): void {
    const count = this.linkCount(relation, role, player);
    if (count === 0) return;
    const left = Math.max(0, count - times);
    if (left > 0) {
      writeValue(this.top, key.linkCount(relation, role, player), left);
      return;
    }
    writeValue(this.top, key.linkCount(relation, role, player), TOMBSTONE);
    setRemove(this.top, key.linksByRelation(relation), `${role}${SEP}${player}`);
    setRemove(this.top, key.linksByPlayer(player), `${relation}${SEP}${role}`);
  }
}
