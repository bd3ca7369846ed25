import { decodeJson, type ReadTransaction, type WriteTransaction } from '@dbwire/storage';

/** One entity a commit changed: its value before and after (`null`: absent). */
export interface StateChange {
  key: string;
  before: unknown;
  after: unknown;
}

/**
 * A namespace's state as the operations of one commit see it: reads go to the storage
 * transaction (only the keys an operation asks for), writes stay here until `flush`. Preflight
 * uses the same view and never flushes, so it validates exactly as a commit would and appends
 * nothing. The changes, with their before-images, are the commit's undo plan and its history.
 */
export class StateView {
  /** Values as stored when first read (`undefined`: absent). */
  private readonly originals = new Map<string, unknown>();
  /** Values written by this commit (`undefined`: deleted). */
  private readonly writes = new Map<string, unknown>();

  constructor(
    private readonly tx: ReadTransaction,
    private readonly prefix: string,
  ) {}

  async get<T>(key: string): Promise<T | undefined> {
    if (this.writes.has(key)) return this.writes.get(key) as T | undefined;
    return (await this.original(key)) as T | undefined;
  }

  set(key: string, value: unknown): void {
    this.writes.set(key, value);
  }

  delete(key: string): void {
    this.writes.set(key, undefined);
  }

  /** Entries under `prefix` (relative keys) as this commit sees them, in key order. */
  async scan<T>(prefix: string, limit?: number): Promise<Array<{ key: string; value: T }>> {
    const local = [...this.writes.keys()].filter((key) => key.startsWith(prefix));
    const deleted = local.filter((key) => this.writes.get(key) === undefined).length;
    const stored = await this.tx.scan({
      prefix: this.prefix + prefix,
      ...(limit === undefined ? {} : { limit: limit + deleted }),
    });
    const merged = new Map<string, unknown>();
    for (const { key, value } of stored) merged.set(key.slice(this.prefix.length), decodeJson(value));
    for (const key of local) {
      const value = this.writes.get(key);
      if (value === undefined) merged.delete(key);
      else merged.set(key, value);
    }
    const entries = [...merged.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, value]) => ({ key, value: value as T }));
    return limit === undefined ? entries : entries.slice(0, limit);
  }

  /** Every entity whose value differs from its stored one, with both values. */
  async changes(): Promise<StateChange[]> {
    const changes: StateChange[] = [];
    for (const [key, after] of this.writes) {
      const before = await this.original(key);
      if (JSON.stringify(before) === JSON.stringify(after)) continue;
      changes.push({ key, before: before ?? null, after: after ?? null });
    }
    return changes.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  private async original(key: string): Promise<unknown> {
    if (!this.originals.has(key)) {
      const bytes = await this.tx.get(this.prefix + key);
      this.originals.set(key, bytes === undefined ? undefined : decodeJson(bytes));
    }
    return this.originals.get(key);
  }
}

/** Writes `changes` (their `after` values, or `before` when `undo`) under a namespace's state prefix. */
export async function writeChanges(
  tx: WriteTransaction,
  prefix: string,
  changes: readonly StateChange[],
  undo = false,
): Promise<void> {
  const encoder = new TextEncoder();
  for (const change of changes) {
    const value = undo ? change.before : change.after;
    if (value === null) await tx.delete(prefix + change.key);
    else await tx.put(prefix + change.key, encoder.encode(JSON.stringify(value)));
  }
}
