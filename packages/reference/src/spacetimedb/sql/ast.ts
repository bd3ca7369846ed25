import type { SourcePosition } from './errors.js';

/**
 * The syntax tree of one statement of the SQL subset, as written: names are not resolved and
 * literals keep their text (their type comes from the column they meet, see `literals.ts`).
 */
export type Statement = SelectStatement | InsertStatement | UpdateStatement | DeleteStatement;

export type Literal =
  /** An integer or float as written, with its sign (`-12`, `1.5`, `1e3`). */
  | { kind: 'number'; text: string; at: SourcePosition }
  | { kind: 'string'; value: string; at: SourcePosition }
  /** `0x…` or `X'…'`: the digits only. */
  | { kind: 'hex'; digits: string; at: SourcePosition }
  | { kind: 'bool'; value: boolean; at: SourcePosition };

/** `name` or `table.name`; in a statement with joins every column must name its table. */
export interface ColumnRef {
  kind: 'column';
  table: string | undefined;
  name: string;
  at: SourcePosition;
}

/** `:sender`, the caller's identity. */
export interface SenderParameter {
  kind: 'sender';
  at: SourcePosition;
}

export type Operand = ColumnRef | Literal | SenderParameter;

/** `!=` is read as `<>`. */
export type ComparisonOperator = '=' | '<>' | '<' | '<=' | '>' | '>=';

export type Predicate =
  | { kind: 'compare'; operator: ComparisonOperator; left: Operand; right: Operand; at: SourcePosition }
  /**
   * Two or more terms joined by one operator, flattened (`a AND b AND c` is one node of three
   * terms, also through parentheses), so that a long chain does not make a deep tree.
   */
  | { kind: 'and' | 'or'; terms: Predicate[] }
  /** A boolean column or literal on its own (`WHERE t.active`, `WHERE TRUE`). */
  | { kind: 'operand'; operand: Operand };

/** A table in FROM or JOIN; `alias` is the table's name when no alias is given. */
export interface TableRef {
  table: string;
  alias: string;
  at: SourcePosition;
}

export interface Join {
  source: TableRef;
  /** `undefined` for `JOIN u` without `ON` (every pair of rows). */
  on: Predicate | undefined;
}

export type Projection =
  | { kind: 'star' }
  | { kind: 'tableStar'; table: string; at: SourcePosition }
  | { kind: 'columns'; columns: ProjectedColumn[] }
  | { kind: 'aggregate'; aggregate: Aggregate; alias: string };

export interface ProjectedColumn {
  column: ColumnRef;
  /** The output name: the alias, else the column's name. */
  name: string;
}

export type Aggregate =
  | { kind: 'count' }
  | { kind: 'countDistinct'; column: ColumnRef }
  | { kind: 'sum'; column: ColumnRef };

export interface OrderKey {
  column: ColumnRef;
  descending: boolean;
}

export interface SelectStatement {
  kind: 'select';
  distinct: boolean;
  projection: Projection;
  from: TableRef;
  joins: Join[];
  where: Predicate | undefined;
  orderBy: OrderKey[];
  /** The LIMIT literal as written (checked against U64 when the statement runs). */
  limit: Literal | undefined;
}

export interface InsertStatement {
  kind: 'insert';
  table: TableRef;
  /** The named columns, or `undefined` for every column in order. */
  columns: { name: string; at: SourcePosition }[] | undefined;
  rows: Literal[][];
}

export interface Assignment {
  column: string;
  at: SourcePosition;
  value: Literal;
}

export interface UpdateStatement {
  kind: 'update';
  table: TableRef;
  assignments: Assignment[];
  where: Predicate | undefined;
}

export interface DeleteStatement {
  kind: 'delete';
  table: TableRef;
  where: Predicate | undefined;
}
