/**
 * Copy-on-write storage for snapshots and transactions: a stack of layers, each holding key/value
 * entries and set deltas. Reads walk the stack top-down; a transaction writes only to its own top
 * layer, so it never copies the snapshot's data. Committed layers are immutable and shared between
 * snapshots; `compact` merges neighbours of similar size (like an LSM tree) so the stack stays
 * logarithmically deep and each entry is copied O(log n) times over its life.
 */

/** Marks a deleted key in a layer. */
export const TOMBSTONE: unique symbol = Symbol('tombstone');
export type Tombstone = typeof TOMBSTONE;

export interface SetDelta {
  /** Members added in this layer (disjoint from `removed`). */
  added: Set<string>;
  /** Members removed from the layers below. */
  removed: Set<string>;
}

export class Layer<V> {
  readonly values = new Map<string, V | Tombstone>();
  readonly sets = new Map<string, SetDelta>();

  get size(): number {
    let n = this.values.size;
    for (const delta of this.sets.values()) n += delta.added.size + delta.removed.size;
    return n;
  }

  get empty(): boolean {
    return this.values.size === 0 && this.sets.size === 0;
  }

  clone(): Layer<V> {
    const copy = new Layer<V>();
    for (const [k, v] of this.values) copy.values.set(k, v);
    for (const [k, d] of this.sets) copy.sets.set(k, { added: new Set(d.added), removed: new Set(d.removed) });
    return copy;
  }
}

/** Reads a stack of layers (bottom first). */
export class LayeredReader<V> {
  constructor(readonly layers: readonly Layer<V>[]) {}

  get(key: string): V | undefined {
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const v = this.layers[i]?.values.get(key);
      if (v !== undefined) return v === TOMBSTONE ? undefined : v;
    }
    return undefined;
  }

  setHas(key: string, member: string): boolean {
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const delta = this.layers[i]?.sets.get(key);
      if (!delta) continue;
      if (delta.added.has(member)) return true;
      if (delta.removed.has(member)) return false;
    }
    return false;
  }

  /**
   * The members of a set, oldest layer first (so creation order is kept). A member is reported at
   * the highest layer that adds it, if no higher layer removes it.
   */
  *setMembers(key: string): Generator<string> {
    const deltas: SetDelta[] = [];
    for (const layer of this.layers) {
      const d = layer.sets.get(key);
      if (d) deltas.push(d);
    }
    if (deltas.length === 1) {
      yield* deltas[0]?.added ?? [];
      return;
    }
    for (let i = 0; i < deltas.length; i++) {
      for (const member of deltas[i]?.added ?? []) {
        let visible = true;
        for (let j = i + 1; j < deltas.length; j++) {
          const above = deltas[j];
          if (above && (above.added.has(member) || above.removed.has(member))) {
            visible = false;
            break;
          }
        }
        if (visible) yield member;
      }
    }
  }

  /** Upper bound on a set's size, for join ordering (cheap: no de-duplication). */
  setSizeEstimate(key: string): number {
    let n = 0;
    for (const layer of this.layers) n += layer.sets.get(key)?.added.size ?? 0;
    return n;
  }
}

/** Records a write on a (mutable, top) layer. */
export function writeValue<V>(layer: Layer<V>, key: string, value: V | Tombstone): void {
  layer.values.set(key, value);
}

export function setAdd<V>(layer: Layer<V>, key: string, member: string): void {
  let delta = layer.sets.get(key);
  if (!delta) {
    delta = { added: new Set(), removed: new Set() };
    layer.sets.set(key, delta);
  }
  delta.removed.delete(member);
  delta.added.add(member);
}

export function setRemove<V>(layer: Layer<V>, key: string, member: string): void {
  let delta = layer.sets.get(key);
  if (!delta) {
    delta = { added: new Set(), removed: new Set() };
    layer.sets.set(key, delta);
  }
  delta.added.delete(member);
  delta.removed.add(member);
}

/**
 * Merges `upper` onto `lower` into a new layer (both inputs stay untouched, as older snapshots may
 * still read them). At the bottom of the stack, tombstones and removals have nothing left to hide.
 */
export function mergeLayers<V>(lower: Layer<V>, upper: Layer<V>, bottom: boolean): Layer<V> {
  const merged = new Layer<V>();
  for (const [k, v] of lower.values) merged.values.set(k, v);
  for (const [k, v] of upper.values) {
    if (bottom && v === TOMBSTONE) merged.values.delete(k);
    else merged.values.set(k, v);
  }
  for (const [k, d] of lower.sets) merged.sets.set(k, d);
  for (const [k, up] of upper.sets) {
    const low = lower.sets.get(k);
    const added = new Set<string>();
    for (const m of low?.added ?? []) if (!up.removed.has(m)) added.add(m);
    for (const m of up.added) added.add(m);
    const removed = new Set<string>();
    if (!bottom) {
      for (const m of low?.removed ?? []) if (!added.has(m)) removed.add(m);
      for (const m of up.removed) if (!added.has(m)) removed.add(m);
    }
    if (added.size === 0 && removed.size === 0) merged.sets.delete(k);
    else merged.sets.set(k, { added, removed });
  }
  return merged;
}

/** Pushes `top` and merges neighbouring layers while the upper one is at least half the lower's size. */
export function pushAndCompact<V>(layers: readonly Layer<V>[], top: Layer<V>): Layer<V>[] {
  const out = [...layers];
  if (!top.empty) out.push(top);
  while (out.length >= 2) {
    const upper = out[out.length - 1] as Layer<V>;
    const lower = out[out.length - 2] as Layer<V>;
    if (upper.size * 2 < lower.size && out.length <= 24) break;
    out.splice(out.length - 2, 2, mergeLayers(lower, upper, out.length === 2));
  }
  return out;
}
