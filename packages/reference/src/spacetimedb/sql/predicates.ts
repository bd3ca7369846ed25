import { type AlgebraicType, type AlgebraicValue, compareValues, IDENTITY_TYPE } from '@dbwire/spacetimedb-sats';
import type { ComparisonOperator, Literal, Operand, Predicate } from './ast.js';
import { isBool, isComparable, typeName, typesEqual } from './column-types.js';
import { SqlError } from './errors.js';
import { coerceLiteral } from './literals.js';
import {
  identityValue,
  type ResolvedColumn,
  resolveColumn,
  type Scope,
  type SqlCaller,
  type Tuple,
} from './resolve.js';

/**
 * WHERE and ON compiled into tests over joined rows. A predicate is split at its top-level ANDs so
 * that each part can be tested as soon as the tables it reads are bound, and so that an equality on
 * an indexed column can become an index lookup instead of a scan.
 */
export interface Conjunct {
  /** The last table (slot) it reads; it is tested once that slot is bound (0 when it reads none). */
  readonly slot: number;
  readonly test: (tuple: Tuple) => boolean;
  /** Set for `column = <value known before column's slot>`: a candidate index lookup. */
  readonly equality: { readonly column: ResolvedColumn; readonly value: (tuple: Tuple) => AlgebraicValue } | undefined;
}

/** An operand whose type is known (a column or `:sender`), or a literal still waiting for one. */
type TypedOperand =
  | { kind: 'typed'; type: AlgebraicType; read: (tuple: Tuple) => AlgebraicValue; column: ResolvedColumn | undefined }
  | { kind: 'literal'; literal: Literal };

interface Compiled {
  slot: number;
  test: (tuple: Tuple) => boolean;
}

/** The parts of a top-level AND (the parser has flattened it), each compiled on its own. */
export function compileConjuncts(predicate: Predicate | undefined, scope: Scope, caller: SqlCaller): Conjunct[] {
  if (predicate === undefined) return [];
  const parts = predicate.kind === 'and' ? predicate.terms : [predicate];
  return parts.map((part) => {
    const { slot, test } = compile(part, scope, caller);
    return { slot, test, equality: part.kind === 'compare' ? equalityOf(part, scope, caller) : undefined };
  });
}

/** Every conjunct holds for `tuple`. */
export function testAll(conjuncts: readonly Conjunct[], tuple: Tuple): boolean {
  for (const conjunct of conjuncts) if (!conjunct.test(tuple)) return false;
  return true;
}

function compile(predicate: Predicate, scope: Scope, caller: SqlCaller): Compiled {
  switch (predicate.kind) {
    case 'and':
    case 'or': {
      // One loop over the terms: a chain recurses only as deep as its parentheses nest.
      const terms = predicate.terms.map((term) => compile(term, scope, caller));
      const tests = terms.map((term) => term.test);
      const slot = Math.max(...terms.map((term) => term.slot));
      return predicate.kind === 'and'
        ? { slot, test: (tuple) => tests.every((test) => test(tuple)) }
        : { slot, test: (tuple) => tests.some((test) => test(tuple)) };
    }
    case 'operand': {
      const operand = typeOperand(predicate.operand, scope, caller);
      if (operand.kind === 'literal') {
        const value = coerceLiteral(operand.literal, { Bool: [] }, 'filter');
        return { slot: 0, test: () => value === true };
      }
      if (!isBool(operand.type))
        throw new SqlError(`Unexpected type: (expected) Bool != ${typeName(operand.type)} (inferred)`);
      const { read } = operand;
      return { slot: operand.column?.slot ?? 0, test: (tuple) => read(tuple) === true };
    }
    case 'compare':
      return compileComparison(predicate.operator, predicate.left, predicate.right, scope, caller);
  }
}

function typeOperand(operand: Operand, scope: Scope, caller: SqlCaller): TypedOperand {
  switch (operand.kind) {
    case 'column': {
      const column = resolveColumn(scope, operand);
      return { kind: 'typed', type: column.column.type, read: column.read, column };
    }
    case 'sender': {
      const value = identityValue(caller.identity);
      return { kind: 'typed', type: IDENTITY_TYPE, read: () => value, column: undefined };
    }
    default:
      return { kind: 'literal', literal: operand };
  }
}

/** Gives a literal the type of the other side; two literals only compare as booleans. */
function typeBothSides(
  leftOperand: Operand,
  rightOperand: Operand,
  scope: Scope,
  caller: SqlCaller,
): {
  type: AlgebraicType;
  left: (tuple: Tuple) => AlgebraicValue;
  right: (tuple: Tuple) => AlgebraicValue;
  slot: number;
} {
  const left = typeOperand(leftOperand, scope, caller);
  const right = typeOperand(rightOperand, scope, caller);
  const slot = Math.max(
    left.kind === 'typed' ? (left.column?.slot ?? 0) : 0,
    right.kind === 'typed' ? (right.column?.slot ?? 0) : 0,
  );
  if (left.kind === 'typed' && right.kind === 'typed') {
    if (!typesEqual(left.type, right.type)) {
      throw new SqlError(`Unexpected type: (expected) ${typeName(left.type)} != ${typeName(right.type)} (inferred)`);
    }
    return { type: left.type, left: left.read, right: right.read, slot };
  }
  if (left.kind === 'typed' || right.kind === 'typed') {
    const typed = left.kind === 'typed' ? left : (right as Extract<TypedOperand, { kind: 'typed' }>);
    const literal = (left.kind === 'literal' ? left : right) as Extract<TypedOperand, { kind: 'literal' }>;
    const value = coerceLiteral(literal.literal, typed.type, 'filter');
    const constant = () => value;
    return left.kind === 'typed'
      ? { type: typed.type, left: typed.read, right: constant, slot }
      : { type: typed.type, left: constant, right: typed.read, slot };
  }
  if (left.literal.kind === 'bool' && right.literal.kind === 'bool') {
    const a = left.literal.value;
    const b = right.literal.value;
    return { type: { Bool: [] }, left: () => a, right: () => b, slot };
  }
  throw new SqlError('Cannot resolve type for literal expression');
}

function compileComparison(
  operator: ComparisonOperator,
  leftOperand: Operand,
  rightOperand: Operand,
  scope: Scope,
  caller: SqlCaller,
): Compiled {
  const { type, left, right, slot } = typeBothSides(leftOperand, rightOperand, scope, caller);
  if (!isComparable(type)) throw new SqlError(`Invalid binary operator \`${operator}\` for type \`${typeName(type)}\``);
  const holds = OPERATORS[operator];
  return { slot, test: (tuple) => holds(compareValues(type, left(tuple), right(tuple))) };
}

/** Each operator as a test of the order of its operands (`valuesEqual` is `compareValues` = 0). */
const OPERATORS: Record<ComparisonOperator, (order: number) => boolean> = {
  '=': (order) => order === 0,
  '<>': (order) => order !== 0,
  '<': (order) => order < 0,
  '<=': (order) => order <= 0,
  '>': (order) => order > 0,
  '>=': (order) => order >= 0,
};

/**
 * `a.x = <constant>` or `b.y = a.x` (a bound before b): the column of the later table, and how
 * to compute the value it must equal from the tables bound before it.
 */
function equalityOf(
  predicate: Extract<Predicate, { kind: 'compare' }>,
  scope: Scope,
  caller: SqlCaller,
): Conjunct['equality'] {
  if (predicate.operator !== '=') return undefined;
  const left = typeOperand(predicate.left, scope, caller);
  const right = typeOperand(predicate.right, scope, caller);
  const slotOf = (operand: TypedOperand): number =>
    operand.kind === 'typed' && operand.column !== undefined ? operand.column.slot : -1;
  const [keyed, other] = slotOf(left) >= slotOf(right) ? [left, right] : [right, left];
  if (keyed.kind !== 'typed' || keyed.column === undefined) return undefined;
  if (other.kind === 'typed') {
    // `a.x = a.y` compares two columns of one row: no value to look up before the row is read.
    if (slotOf(other) >= keyed.column.slot) return undefined;
    return { column: keyed.column, value: other.read };
  }
  const value = coerceLiteral(other.literal, keyed.type, 'filter');
  return { column: keyed.column, value: () => value };
}
