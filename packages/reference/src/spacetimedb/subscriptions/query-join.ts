import type { AlgebraicValue } from '@dbwire/spacetimedb-sats';
import type { ChangeSet, ReadView, Row, TableChanges } from '../datastore/index.js';
import { columnsKey, rowKey } from '../datastore/keys.js';
import { SqlError } from '../sql/errors.js';
import { MAX_ROW_VISITS, VisitBudget } from '../sql/join.js';
import { type Conjunct, testAll } from '../sql/predicates.js';
import { candidateRows } from '../sql/scan.js';
import { beforeCommit } from './query-before.js';
import { noChange } from './query-filter.js';
import { type JoinSide, planJoin } from './query-join-plan.js';
import { type CheckedSelect, type SubscriptionQuery, SubscriptionQueryError } from './query-types.js';

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
    initialRows(view: ReadView, rowVisitLimit = MAX_ROW_VISITS): Row[] {
      // A semijoin: each projected row passing its own terms, kept when it has one partner. Every
      // row read counts against the budget (a lookup's rows all count: they are all handed over).
      const budget = new VisitBudget(rowVisitLimit);
      const partners = new PartnerFinder(projected, other, conjuncts, budget);
      const rows: Row[] = [];
      try {
        for (const row of candidateRows(view, projected.schema, projected.slot, projected.ownConjuncts, [])) {
          budget.visit();
          if (passesOwn(projected, row) && partners.has(view, row)) rows.push(row);
        }
      } catch (error) {
        if (error instanceof SqlError) throw new SubscriptionQueryError(error.message);
        throw error;
      }
      return rows;
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
  private readonly partners: PartnerFinder;

  constructor(
    private readonly projected: JoinSide,
    private readonly other: JoinSide,
    conjuncts: readonly Conjunct[],
    private readonly after: ReadView,
    private readonly before: ReadView,
  ) {
    this.partners = new PartnerFinder(projected, other, conjuncts);
  }

  compute(projectedChanges: TableChanges | undefined, otherChanges: TableChanges | undefined) {
    const { projected, other, partners } = this;
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
      if (!passesOwn(other, row)) continue;
      const value = row[other.joinColumn.position] as AlgebraicValue;
      joinValues.set(columnsKey(other.schema, [other.joinColumn.position], [value]), value);
    }
    // Looking in the state after is enough: a `p` row of the state before that is not in it is one
    // of the commit's deletes, a candidate already.
    for (const value of joinValues.values()) {
      for (const row of partners.rowsWithValue(projected, this.after, value)) {
        const key = rowKey(projected.schema, row);
        this.consider(key, row, !insertedKeys.has(key), true);
      }
    }

    const inserts: Row[] = [];
    const deletes: Row[] = [];
    for (const { row, inBefore, inAfter } of this.candidates.values()) {
      const wasIn = inBefore && partners.has(this.before, row);
      const isIn = inAfter && partners.has(this.after, row);
      if (isIn && !wasIn) inserts.push(row);
      else if (wasIn && !isIn) deletes.push(row);
    }
    return { inserts, deletes };
  }

  private consider(key: string, row: Row, inBefore: boolean, inAfter: boolean): void {
    if (this.candidates.has(key) || !passesOwn(this.projected, row)) return;
    this.candidates.set(key, { row, inBefore, inAfter });
  }
}

/** The WHERE terms that read `side` alone hold for `row` (the other slot is left unset). */
function passesOwn(side: JoinSide, row: Row): boolean {
  if (side.ownConjuncts.length === 0) return true;
  const tuple: Row[] = [];
  tuple[side.slot] = row;
  return testAll(side.ownConjuncts, tuple);
}

/**
 * Whether a projected row has a partner, by index lookup of its join value (or one scan of a side
 * without a usable index), optionally within a row-visit budget.
 *
 * When ON and WHERE relate the two sides only through the join equality (every other term reads
 * one side), a row that passes its own terms has a partner exactly when its join value does: the
 * answer is kept per value, so many rows sharing one value cost one lookup, not one each.
 */
class PartnerFinder {
  /** For sides without a usable index: their rows by join value, per state, built by one scan on first need. */
  private readonly scanned = new Map<ReadView, Map<JoinSide, Map<string, Row[]>>>();
  /** Per state, per join value: whether it has a partner; `undefined` when a term relates the sides otherwise. */
  private readonly byValue: Map<ReadView, Map<string, boolean>> | undefined;
  private readonly tuple: Row[] = [];

  constructor(
    private readonly projected: JoinSide,
    private readonly other: JoinSide,
    private readonly conjuncts: readonly Conjunct[],
    private readonly budget?: VisitBudget,
  ) {
    const ownTerms = projected.ownConjuncts.length + other.ownConjuncts.length;
    // The one term left over is the ON equality; anything more reads both sides.
    this.byValue = conjuncts.length === ownTerms + 1 ? new Map() : undefined;
  }

  /** Some `o` row in `view` joins `row` and, with it, passes ON and WHERE. `row` must pass its own terms. */
  has(view: ReadView, row: Row): boolean {
    const value = row[this.projected.joinColumn.position] as AlgebraicValue;
    if (this.byValue === undefined) return this.search(view, row, value);
    let known = this.byValue.get(view);
    if (known === undefined) {
      known = new Map();
      this.byValue.set(view, known);
    }
    const key = columnsKey(this.projected.schema, [this.projected.joinColumn.position], [value]);
    let found = known.get(key);
    if (found === undefined) {
      found = this.search(view, row, value);
      known.set(key, found);
    }
    return found;
  }

  private search(view: ReadView, row: Row, value: AlgebraicValue): boolean {
    const { projected, other, tuple } = this;
    tuple[projected.slot] = row;
    for (const partner of this.rowsWithValue(other, view, value)) {
      tuple[other.slot] = partner;
      if (testAll(this.conjuncts, tuple)) return true;
    }
    return false;
  }

  rowsWithValue(side: JoinSide, view: ReadView, value: AlgebraicValue): Row[] {
    const rows =
      side.lookup !== undefined
        ? side.lookup(view, value)
        : (this.scannedRows(side, view).get(columnsKey(side.schema, [side.joinColumn.position], [value])) ?? []);
    this.budget?.visit(rows.length);
    return rows;
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
        this.budget?.visit();
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
