import type { AlgebraicValue } from '@dbwire/spacetimedb-sats';
import type { ColumnSchema, IndexSchema, ReadView, Row, TableSchema } from '../datastore/index.js';
import type { Operand, Predicate } from '../sql/ast.js';
import { type Conjunct, compileConjuncts } from '../sql/predicates.js';
import { resolveColumn, type Scope } from '../sql/resolve.js';
import { type CheckedSelect, SubscriptionQueryError } from './query-types.js';

/**
 * How a subscription join `SELECT x.* FROM a JOIN b ON a.c = b.d [WHERE …]` is checked and looked up.
 *
 * Which joins SpacetimeDB accepts (crates/physical-plan rules, crates/subscription): its plan is a
 * hash join of `a` (probe) into `b` (lookup), swapped when only `b` has a WHERE comparison with a
 * constant (such comparisons are pushed down to their table first); the join is then accepted only
 * when the lookup side has an index whose LAST column is the join column and whose leading columns
 * the WHERE fixes with `=` constants. The other side needs no index there, so neither here: when a
 * change needs a lookup into a side without a usable index, the delta reads that side once (see
 * query-join.ts).
 */

export const REQUIRES_INDEXES = 'Subscriptions require indexes on join columns';
export const UNSUPPORTED_JOIN_CONDITION =
  'Unsupported join condition: a subscription joins two tables on one equality of a column of each (ON a.x = b.y)';

/** The rows of a side whose join column equals `value`, as of `view`. */
export type JoinLookup = (view: ReadView, value: AlgebraicValue) => Row[];

export interface JoinSide {
  readonly slot: number;
  readonly schema: TableSchema;
  readonly joinColumn: ColumnSchema;
  /** Through an index; `undefined` when the table has none that fits. */
  readonly lookup: JoinLookup | undefined;
  /** The WHERE terms that read this side alone: a row failing them is never part of a result. */
  readonly ownConjuncts: readonly Conjunct[];
}

/** The two sides, at their slots (FROM is slot 0, JOIN slot 1). */
export function planJoin(checked: CheckedSelect): readonly [JoinSide, JoinSide] {
  const { statement, scope, access } = checked;
  if (statement.joins.length !== 1) {
    throw new SubscriptionQueryError(`Invalid number of tables in subscription: ${statement.joins.length + 1}`);
  }
  const on = statement.joins[0]?.on;
  // A join without ON pairs every row with every row: nothing an index could find.
  if (on === undefined) throw new SubscriptionQueryError(REQUIRES_INDEXES);
  if (on.kind !== 'compare' || on.operator !== '=' || on.left.kind !== 'column' || on.right.kind !== 'column') {
    throw new SubscriptionQueryError(UNSUPPORTED_JOIN_CONDITION);
  }
  const joinColumns = [resolveColumn(scope, on.left), resolveColumn(scope, on.right)];
  if (joinColumns[0]?.slot === joinColumns[1]?.slot) throw new SubscriptionQueryError(UNSUPPORTED_JOIN_CONDITION);

  const facts = [new SideFacts(), new SideFacts()] as const;
  for (const term of topLevelTerms(statement.where)) {
    const slots = slotsRead(term, scope);
    const [slot] = slots;
    if (slots.size !== 1 || slot === undefined) continue;
    const side = facts[slot] as SideFacts;
    const conjuncts = compileConjuncts(term, scope, access);
    side.ownConjuncts.push(...conjuncts);
    if (!comparesWithConstant(term)) continue;
    side.hasConstantComparison = true;
    const equality = conjuncts[0]?.equality;
    if (term.kind === 'compare' && term.operator === '=' && equality !== undefined) {
      side.constants.set(equality.column.column.position, equality.value([]));
    }
  }

  const sides = [0, 1].map((slot): JoinSide => {
    const { schema } = scope.tables[slot] ?? unreachable();
    const joinColumn = (joinColumns.find((column) => column.slot === slot) ?? unreachable()).column;
    const side = facts[slot] as SideFacts;
    return { slot, schema, joinColumn, lookup: lookupFor(schema, joinColumn, side), ownConjuncts: side.ownConjuncts };
  }) as [JoinSide, JoinSide];

  const lookupSlot = facts[1].hasConstantComparison && !facts[0].hasConstantComparison ? 0 : 1;
  const lookupSide = sides[lookupSlot];
  if (probeIndex(lookupSide.schema, lookupSide.joinColumn, facts[lookupSlot]) === undefined) {
    throw new SubscriptionQueryError(REQUIRES_INDEXES);
  }
  return sides;
}

/** What the WHERE says about one side on its own. */
class SideFacts {
  readonly ownConjuncts: Conjunct[] = [];
  /** A `column <op> constant` term (SpacetimeDB pushes it down to the table). */
  hasConstantComparison = false;
  /** Column position -> the constant a `column = constant` term fixes it to. */
  readonly constants = new Map<number, AlgebraicValue>();
}

function topLevelTerms(where: Predicate | undefined): readonly Predicate[] {
  if (where === undefined) return [];
  return where.kind === 'and' ? where.terms : [where];
}

/** The slots (tables) a predicate reads columns of. */
function slotsRead(predicate: Predicate, scope: Scope): Set<number> {
  const slots = new Set<number>();
  const addColumn = (operand: Operand): void => {
    if (operand.kind === 'column') slots.add(resolveColumn(scope, operand).slot);
  };
  const visit = (term: Predicate): void => {
    switch (term.kind) {
      case 'and':
      case 'or':
        for (const inner of term.terms) visit(inner);
        return;
      case 'operand':
        addColumn(term.operand);
        return;
      case 'compare':
        addColumn(term.left);
        addColumn(term.right);
    }
  };
  visit(predicate);
  return slots;
}

const isConstant = (operand: Operand): boolean => operand.kind !== 'column';

function comparesWithConstant(term: Predicate): term is Extract<Predicate, { kind: 'compare' }> {
  if (term.kind !== 'compare') return false;
  const { left, right } = term;
  return (left.kind === 'column' && isConstant(right)) || (right.kind === 'column' && isConstant(left));
}

/** SpacetimeDB's index join: an index whose last column is the join column, the leading ones fixed by constants. */
function probeIndex(
  schema: TableSchema,
  joinColumn: ColumnSchema,
  facts: SideFacts,
): { index: IndexSchema; prefix: AlgebraicValue[] } | undefined {
  for (const index of schema.indexes) {
    if (index.columns[index.columns.length - 1] !== joinColumn.position) continue;
    const prefix = index.columns.slice(0, -1).map((column) => facts.constants.get(column));
    if (prefix.every((value) => value !== undefined)) return { index, prefix: prefix as AlgebraicValue[] };
  }
  return undefined;
}

/**
 * The cheapest index lookup by join value: a point lookup (the join column alone, or last after
 * constants), else a range over an index that starts with the join column.
 */
function lookupFor(schema: TableSchema, joinColumn: ColumnSchema, facts: SideFacts): JoinLookup | undefined {
  const single = schema.indexes.find((index) => index.columns.length === 1 && index.columns[0] === joinColumn.position);
  if (single !== undefined) return (view, value) => view.indexPoint(single.id, [value]);
  const probe = probeIndex(schema, joinColumn, facts);
  if (probe !== undefined) {
    const { index, prefix } = probe;
    return (view, value) => view.indexPoint(index.id, [...prefix, value]);
  }
  const leading = schema.indexes.find((index) => index.columns[0] === joinColumn.position);
  if (leading !== undefined) {
    return (view, value) => view.indexRange(leading.id, [], { kind: 'included', value }, { kind: 'included', value });
  }
  return undefined;
}

function unreachable(): never {
  throw new Error('a checked two-table join has a table and a join column at each slot');
}
