/**
 * Snapshots, transactions and change sets. A snapshot is immutable: a schema plus a stack of
 * committed layers. A transaction reads the snapshot through its own top layer (copy-on-write);
 * committing turns that layer into a change set, which `apply` stacks onto the latest snapshot.
 * Because layers hold edge-level deltas (set additions/removals), two transactions that each add a
 * different `has` to the same owner both survive the merge.
 */
import type { ChangeSet, DatabaseSnapshot } from './api.js';
import type { TypeKind, ValueTypeName } from './ast.js';
import type { WriteTracking } from './context.js';
import { dataKeys, type Entry, type Graph, IdAllocator, KEY_SEP, type Thing } from './data.js';
import { TypeQLError } from './errors.js';
import { Layer, pushAndCompact, setAdd, TOMBSTONE, writeValue } from './layers.js';
import { Schema, type SchemaData } from './schema.js';
import { valueFromText, valueText } from './values.js';

export class Snapshot implements DatabaseSnapshot {
  constructor(
    readonly version: number,
    readonly schema: Schema,
    readonly layers: readonly Layer<Entry>[],
    /** Shared by every snapshot of one database, so iids are never reused. */
    readonly ids: IdAllocator,
  ) {}
}

export function asSnapshot(snapshot: DatabaseSnapshot): Snapshot {
  if (snapshot instanceof Snapshot) return snapshot;
  throw new TypeQLError('execute', [['QEX0', 'Unknown database snapshot (not created by this engine).']]);
}

/** The persisted form of a thing (`thing/<iid>`). */
interface ThingRecord {
  kind: TypeKind;
  type: string;
  valueType?: ValueTypeName;
  value?: string;
}

export class EngineChangeSet implements ChangeSet {
  constructor(
    readonly schemaChanged: boolean,
    readonly deleted: ReadonlySet<string>,
    readonly relied: ReadonlySet<string>,
    readonly exclusive: ReadonlySet<string>,
    readonly records: ReadonlyMap<string, unknown>,
    /** The transaction's writes, to stack onto the committed base. */
    readonly layer: Layer<Entry>,
    /** The transaction's schema when it changed. */
    readonly schema: Schema | undefined,
  ) {}

  get empty(): boolean {
    return !this.schemaChanged && this.layer.empty;
  }
}

function thingRecord(thing: Thing): ThingRecord {
  return thing.value
    ? { kind: thing.kind, type: thing.type, valueType: thing.value.type, value: valueText(thing.value) }
    : { kind: thing.kind, type: thing.type };
}

/** The storage records a layer amounts to (edge-level, so concurrent commits never overwrite each other's edges). */
export function layerRecords(layer: Layer<Entry>, schema: Schema | undefined): Map<string, unknown> {
  const records = new Map<string, unknown>();
  if (schema) records.set('schema', schema.data);
  for (const [key, value] of layer.values) {
    if (key.startsWith('t:')) {
      const iid = key.slice(2);
      records.set(`thing/${iid}`, value === TOMBSTONE ? undefined : thingRecord(value as Thing));
    } else if (key.startsWith('c:')) {
      const [rel, role, player] = key.slice(2).split(KEY_SEP) as [string, string, string];
      records.set(`links/${rel}/${role}/${player}`, value === TOMBSTONE ? undefined : value);
    }
  }
  for (const [key, delta] of layer.sets) {
    if (!key.startsWith('H:')) continue;
    const owner = key.slice(2);
    for (const attribute of delta.added) records.set(`has/${owner}/${attribute}`, 1);
    for (const attribute of delta.removed) records.set(`has/${owner}/${attribute}`, undefined);
  }
  return records;
}

/** Rebuilds a snapshot from every record ever written (the latest value per key). */
export function loadSnapshot(records: Iterable<readonly [string, unknown]>): Snapshot {
  const layer = new Layer<Entry>();
  const ids = new IdAllocator();
  let schema = Schema.empty();
  const corrupt = (key: string) =>
    new TypeQLError('execute', [['QEX0', `Cannot load the database: malformed record '${key}'.`]]);
  for (const [key, value] of records) {
    if (value === undefined || value === null) continue;
    const parts = key.split('/');
    if (key === 'schema') {
      schema = new Schema(value as SchemaData);
    } else if (parts[0] === 'thing' && parts.length === 2) {
      const iid = parts[1] as string;
      const r = value as ThingRecord;
      const thing: Thing = { iid, kind: r.kind, type: r.type };
      if (r.valueType !== undefined && r.value !== undefined) {
        const v = valueFromText(r.valueType, r.value);
        if (!v) throw corrupt(key);
        thing.value = v;
      }
      writeValue(layer, dataKeys.thing(iid), thing);
      setAdd(layer, dataKeys.byType(thing.type), iid);
      ids.observe(iid);
    } else if (parts[0] === 'has' && parts.length === 3) {
      const [, owner, attribute] = parts as [string, string, string];
      setAdd(layer, dataKeys.hasByOwner(owner), attribute);
      setAdd(layer, dataKeys.hasByAttribute(attribute), owner);
    } else if (parts[0] === 'links' && parts.length === 4) {
      const [, rel, role, player] = parts as [string, string, string, string];
      if (typeof value !== 'number' || value <= 0) continue;
      writeValue(layer, dataKeys.linkCount(rel, role, player), value);
      setAdd(layer, dataKeys.linksByRelation(rel), `${role}${KEY_SEP}${player}`);
      setAdd(layer, dataKeys.linksByPlayer(player), `${rel}${KEY_SEP}${role}`);
    } else {
      throw corrupt(key);
    }
  }
  return new Snapshot(0, schema, layer.empty ? [] : [layer], ids);
}

/** Stacks a committed change set onto `base` (which may be newer than the one the transaction began on). */
export function applyChanges(base: Snapshot, changes: ChangeSet): Snapshot {
  if (!(changes instanceof EngineChangeSet)) {
    throw new TypeQLError('commit', [['QEX0', 'Unknown change set (not created by this engine).']]);
  }
  if (changes.empty) return base;
  // Copy the layer: later writes by a reused transaction object must not leak into the snapshot.
  const layers = pushAndCompact(base.layers, changes.layer.clone());
  return new Snapshot(base.version + 1, changes.schema ?? base.schema, layers, base.ids);
}

/** Change-set bookkeeping derived from a transaction's top layer. */
export function changeSetOf(graph: Graph, tracking: WriteTracking, schema: Schema | undefined): EngineChangeSet {
  const base = graph.baseReader();
  const existedBefore = (iid: string) => typeof base.get(dataKeys.thing(iid)) === 'object';
  const deleted = new Set<string>();
  for (const [key, value] of graph.top.values) {
    if (key.startsWith('t:') && value === TOMBSTONE && existedBefore(key.slice(2))) deleted.add(key.slice(2));
  }
  const relied = new Set<string>();
  for (const iid of tracking.relied) if (!deleted.has(iid) && existedBefore(iid)) relied.add(iid);
  return new EngineChangeSet(
    schema !== undefined,
    deleted,
    relied,
    new Set(tracking.exclusive),
    layerRecords(graph.top, schema),
    graph.top,
    schema,
  );
}

export function emptySnapshot(): Snapshot {
  return new Snapshot(0, Schema.empty(), [], new IdAllocator());
}
