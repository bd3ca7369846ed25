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
import { dataKeys, type Entry, type Graph, type IdAllocator, KEY_SEP, type Thing } from './data.js';
import { TypeQLError } from './errors.js';
import { Layer, LayeredReader, pushAndCompact, setAdd, setRemove, TOMBSTONE, writeValue } from './layers.js';
import { Schema, type SchemaData } from './schema.js';
import { valueFromText, valueText } from './values.js';

export class Snapshot implements DatabaseSnapshot {
  constructor(
    readonly version: number,
    readonly schema: Schema,
    readonly layers: readonly Layer<Entry>[],
    /** The engine's allocator, shared by every snapshot, so iids are never reused. */
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

/** Rebuilds a snapshot at `version` from every record ever written (the latest value per key). */
export function loadSnapshot(
  records: Iterable<readonly [string, unknown]>,
  version: number,
  ids: IdAllocator,
): Snapshot {
  const empty = new Snapshot(version, Schema.empty(), [], ids);
  const { layer, schema } = recordsLayer(empty, records);
  return new Snapshot(version, schema ?? empty.schema, layer.empty ? [] : [layer], ids);
}

/**
 * Stacks a change set committed elsewhere (by another process sharing the storage engine), given
 * as the records it wrote, onto `base`: the snapshot that commit came right after.
 */
export function applyRecords(base: Snapshot, records: Iterable<readonly [string, unknown]>): Snapshot {
  const { layer, schema } = recordsLayer(base, records);
  return new Snapshot(base.version + 1, schema ?? base.schema, pushAndCompact(base.layers, layer), base.ids);
}

/**
 * The layer that records amount to on top of `base` (the inverse of `layerRecords`): a value
 * writes, `undefined` or `null` deletes. Also the new schema, when the records change it.
 */
function recordsLayer(
  base: Snapshot,
  records: Iterable<readonly [string, unknown]>,
): { layer: Layer<Entry>; schema: Schema | undefined } {
  const layer = new Layer<Entry>();
  const below = new LayeredReader(base.layers);
  let schema: Schema | undefined;
  const corrupt = (key: string) =>
    new TypeQLError('execute', [['QEX0', `Cannot load the database: malformed record '${key}'.`]]);
  for (const [key, value] of records) {
    const removed = value === undefined || value === null;
    const parts = key.split('/');
    if (key === 'schema') {
      if (!removed) schema = new Schema(value as SchemaData);
    } else if (parts[0] === 'thing' && parts.length === 2) {
      const iid = parts[1] as string;
      if (removed) {
        // A deleted thing leaves its type's index too; the type is known from the layers below.
        const old = below.get(dataKeys.thing(iid));
        writeValue(layer, dataKeys.thing(iid), TOMBSTONE);
        if (typeof old === 'object') setRemove(layer, dataKeys.byType(old.type), iid);
        continue;
      }
      const r = value as ThingRecord;
      const thing: Thing = { iid, kind: r.kind, type: r.type };
      if (r.valueType !== undefined && r.value !== undefined) {
        const v = valueFromText(r.valueType, r.value);
        if (!v) throw corrupt(key);
        thing.value = v;
      }
      writeValue(layer, dataKeys.thing(iid), thing);
      setAdd(layer, dataKeys.byType(thing.type), iid);
      base.ids.observe(iid);
    } else if (parts[0] === 'has' && parts.length === 3) {
      const [, owner, attribute] = parts as [string, string, string];
      const change = removed ? setRemove : setAdd;
      change(layer, dataKeys.hasByOwner(owner), attribute);
      change(layer, dataKeys.hasByAttribute(attribute), owner);
    } else if (parts[0] === 'links' && parts.length === 4) {
      const [, rel, role, player] = parts as [string, string, string, string];
      const count = typeof value === 'number' && value > 0 ? value : 0;
      const change = count > 0 ? setAdd : setRemove;
      writeValue(layer, dataKeys.linkCount(rel, role, player), count > 0 ? count : TOMBSTONE);
      change(layer, dataKeys.linksByRelation(rel), `${role}${KEY_SEP}${player}`);
      change(layer, dataKeys.linksByPlayer(player), `${rel}${KEY_SEP}${role}`);
    } else {
      throw corrupt(key);
    }
  }
  return { layer, schema };
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

export function emptySnapshot(ids: IdAllocator): Snapshot {
  return new Snapshot(0, Schema.empty(), [], ids);
}
