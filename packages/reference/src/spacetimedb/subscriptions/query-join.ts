import type { AlgebraicValue } from '@dbwire/spacetimedb-sats';
import type { ChangeSet, ReadView, Row, TableChanges } from '../datastore/index.js';
import { columnsKey, rowKey } from '../datastore/keys.js';
import { forEachJoinedRow } from '../sql/join.js';
import { type Conjunct, testAll } from '../sql/predicates.js';
import { beforeCommit } from './query-before.js';
import { noChange } from './query-filter.js';
import { type JoinSide, planJoin } from './query-join-plan.js';
import type { CheckedSelect, SubscriptionQuery } from './query-types.js';

/**
 * `SELECT p.* FROM … JOIN … ON a.x = b.y [WHERE …]`: the rows of the projected side `p` that have at
 * least one partner on the other side `o` (a semijoin: a row is in the result once however many
 * partners it has).
 *
 * A commit can move a `p` row in or out of the result by changing the row itself or any of its
 * partners. So the delta looks only at candidates: the changed `p` rows, and the `p` rows whose join
 * value equals that of a changed `o` row (found through the index).
 * Each candidate's membership is then decided in both states, each by an index lookup of its
 * partners; it is in the delta when the two answers differ.
 */
export function compileJoinQuery(checked: CheckedSelect): SubscriptionQuery {
  const sides = planJoin(checked);
  const projected = sides[checked.projectedSlot] as JoinSide;
  const other = sides[1 - checked.projectedSlot] as JoinSide;
  const conjuncts = checked.conjunctsBySlot.flat();
  const readsTables = [...new Set([sides[0].schema.id, sides[1].schema.id])];

  return {
    sql: checked.sql,
    table: projected.schema,
    readsTables,
    initialRows(view: ReadView): Row[] {
      const rows = new Map<string, Row>();
      forEachJoinedRow(
        view,
        checked.scope,
        checked.conjunctsBySlot,
        (tuple) => {
          const row = tuple[projected.slot] as Row;
          const key = rowKey(projected.schema, row);
          if (!rows.has(key)) rows.set(key, row);
          return true;
        },
        Number.POSITIVE_INFINITY,
      );
      return [...rows.values()];
    },
    delta(changes: ChangeSet, after: ReadView): { inserts: Row[]; deletes: Row[] } {
      const projectedChanges = changesOf(changes, projected.schema.id);
      const otherChanges = changesOf(changes, other.schema.id);
      if (projectedChanges === undefined && otherChanges === undefined) return noChange();
      return new JoinDelta(projected, other, conjuncts, after, beforeCommit(changes, after)).compute(
        projectedChanges,
        otherChanges,
      );
    },
  };
}

function changesOf(changes: ChangeSet, tableId: number): TableChanges | undefined {
  return changes.tables.find((table) => table.tableId === tableId);
}

/** A `p` row that may have entered or left the result, and whether the row itself exists in each state. */
interface Candidate {
  readonly row: Row;
  readonly inBefore: boolean;
  readonly inAfter: boolean;
}

/** The work of one `delta` call. */
class JoinDelta {
  private readonly candidates = new Map<string, Candidate>();
  /** For sides without a usable index: their rows by join value, per state, built by one scan on first need. */
  private readonly scanned = new Map<ReadView, Map<JoinSide, Map<string, Row[]>>>();
  private readonly tuple: Row[] = [];

  constructor(
    private readonly projected: JoinSide,
    private readonly other: JoinSide,
    private readonly conjuncts: readonly Conjunct[],
    private readonly after: ReadView,
    private readonly before: ReadView,
  ) {}

  compute(projectedChanges: TableChanges | undefined, otherChanges: TableChanges | undefined) {
    const { projected, other } = this;
    const insertedKeys = new Set<string>();
    for (const row of projectedChanges?.inserts ?? []) {
      const key = rowKey(projected.schema, row);
      insertedKeys.add(key);
      this.consider(key, row, false, true);
    }
    for (const row of projectedChanges?.deletes ?? []) {
      this.consider(rowKey(projected.schema, row), row, true, false);
    }

    // The `p` rows a changed `o` row was or is a partner of: one lookup per distinct join value.
    const joinValues = new Map<string, AlgebraicValue>();
    for (const row of [...(otherChanges?.inserts ?? []), ...(otherChanges?.deletes ?? [])]) {
      if (!this.passesOwn(other, row)) continue;
      const value = row[other.joinColumn.position] as AlgebraicValue;
      joinValues.set(columnsKey(other.schema, [other.joinColumn.position], [value]), value);
    }
    // Looking in the state after is enough: a `p` row of the state before that is not in it is one
    // of the commit's deletes, a candidate already.
    for (const value of joinValues.values()) {
      for (const row of this.rowsWithValue(projected, this.after, value)) {
        const key = rowKey(projected.schema, row);
        this.consider(key, row, !insertedKeys.has(key), true);
      }
    }

    const inserts: Row[] = [];
    const deletes: Row[] = [];
    for (const { row, inBefore, inAfter } of this.candidates.values()) {
      const wasIn = inBefore && this.hasPartner(this.before, row);
      const isIn = inAfter && this.hasPartner(this.after, row);
      if (isIn && !wasIn) inserts.push(row);
      else if (wasIn && !isIn) deletes.push(row);
    }
    return { inserts, deletes };
  }

  private consider(key: string, row: Row, inBefore: boolean, inAfter: boolean): void {
    if (this.candidates.has(key) || !this.passesOwn(this.projected, row)) return;
    this.candidates.set(key, { row, inBefore, inAfter });
  }

  /** The WHERE terms that read `side` alone hold for `row` (the other slot is left unset). */
  private passesOwn(side: JoinSide, row: Row): boolean {
    if (side.ownConjuncts.length === 0) return true;
    const tuple: Row[] = [];
    tuple[side.slot] = row;
    return testAll(side.ownConjuncts, tuple);
  }

  /** Some `o` row in `view` joins `row` and, together with it, passes ON and WHERE. */
  private hasPartner(view: ReadView, row: Row): boolean {
    const { projected, other, tuple } = this;
    tuple[projected.slot] = row;
    for (const partner of this.rowsWithValue(other, view, row[projected.joinColumn.position] as AlgebraicValue)) {
      tuple[other.slot] = partner;
      if (testAll(this.conjuncts, tuple)) return true;
    }
    return false;
  }

  private rowsWithValue(side: JoinSide, view: ReadView, value: AlgebraicValue): Row[] {
    if (side.lookup !== undefined) return side.lookup(view, value);
    const position = side.joinColumn.position;
    return this.scannedRows(side, view).get(columnsKey(side.schema, [position], [value])) ?? [];
  }

  private scannedRows(side: JoinSide, view: ReadView): Map<string, Row[]> {
    let bySide = this.scanned.get(view);
    if (bySide === undefined) {
      bySide = new Map();
      this.scanned.set(view, bySide);
    }
    let byValue = bySide.get(side);
    if (byValue === undefined) {
      byValue = new Map();
      const position = side.joinColumn.position;
      for (const row of view.scan(side.schema.id)) {
        const key = columnsKey(side.schema, [position], [row[position] as AlgebraicValue]);
        const rows = byValue.get(key);
        if (rows === undefined) byValue.set(key, [row]);
        else rows.push(row);
      }
      bySide.set(side, byValue);
    }
    return byValue;
  }
}
