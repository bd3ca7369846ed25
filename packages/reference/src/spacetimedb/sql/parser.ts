import type {
  Aggregate,
  Assignment,
  ColumnRef,
  ComparisonOperator,
  DeleteStatement,
  InsertStatement,
  Join,
  Literal,
  Operand,
  OrderKey,
  Predicate,
  ProjectedColumn,
  Projection,
  SelectStatement,
  Statement,
  TableRef,
  UpdateStatement,
} from './ast.js';
import { echo, type SourcePosition, SqlError, syntaxError } from './errors.js';
import { type Token, tokenize } from './lexer.js';

/**
 * Words that cannot be a bare table, column or alias name (quote them to use one: `"order"`).
 * Knowing them is what lets `FROM t x` read `x` as an alias and `FROM t WHERE` not.
 */
const RESERVED = new Set(
  (
    'ALL AND AS ASC BETWEEN BY CASE CROSS DELETE DESC DISTINCT ELSE END EXCEPT EXISTS FALSE FETCH FROM FULL GROUP ' +
    'HAVING IN INNER INSERT INTERSECT INTO IS JOIN LEFT LIKE LIMIT NATURAL NOT NULL OFFSET ON OR ORDER OUTER RIGHT ' +
    'SELECT SET THEN TRUE UNION UPDATE USING VALUES WHEN WHERE WITH'
  ).split(' '),
);

const COMPARISON_OPERATORS: Record<string, ComparisonOperator> = {
  '=': '=',
  '<>': '<>',
  '!=': '<>',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
};

const ARITHMETIC_OPERATORS = new Set(['+', '-', '*', '/', '%', '||', '::']);

/**
 * How deep parentheses may nest in a condition: the parser recurses per level. SpacetimeDB's SQL
 * parser (sqlparser-rs) refuses expressions nested deeper than 50 levels with this message.
 */
export const MAX_CONDITION_NESTING = 50;

/**
 * How many comparisons and boolean operands the WHERE and ON conditions of one statement may hold
 * in all. SpacetimeDB's own guard (`MAX_RECURSION_EXPR`, 1,600 levels of its left-deep syntax
 * tree) refuses a longer AND/OR chain; dbwire counts terms instead, as its tree is flat.
 */
export const MAX_CONDITION_TERMS = 1600;

/**
 * Parses `;`-separated SQL text into statements. A `;` inside a string literal or quoted name does
 * not separate; empty statements are skipped; text without any statement is an error, as in
 * SpacetimeDB. Throws `SqlError` naming the problem and where it is.
 */
export function parseSql(text: string): Statement[] {
  const parser = new Parser(tokenize(text));
  const statements: Statement[] = [];
  for (;;) {
    while (parser.acceptSymbol(';'));
    if (parser.peek().kind === 'end') break;
    statements.push(parser.statement());
    if (!parser.acceptSymbol(';')) parser.expectEnd();
  }
  if (statements.length === 0) throw new SqlError('Empty SQL query');
  return statements;
}

/** The token as an error message quotes it (cut short when long). */
function describeToken(token: Token): string {
  return echo(tokenText(token));
}

function tokenText(token: Token): string {
  switch (token.kind) {
    case 'word':
    case 'symbol':
    case 'number':
      return token.text;
    case 'quoted':
      return `"${token.text}"`;
    case 'string':
      return `'${token.value}'`;
    case 'hex':
      return `0x${token.digits}`;
    case 'parameter':
      return `:${token.name}`;
    case 'end':
      return 'EOF';
  }
}

class Parser {
  private index = 0;
  /** Terms read so far in the current statement's conditions (see `MAX_CONDITION_TERMS`). */
  private conditionTerms = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  peek(offset = 0): Token {
    const last = this.tokens[this.tokens.length - 1];
    const token = this.tokens[this.index + offset] ?? last;
    if (token === undefined) throw new Error('tokenize always ends with an end token');
    return token;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index++;
    return token;
  }

  private isKeyword(word: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === 'word' && token.upper === word;
  }

  private acceptKeyword(word: string): boolean {
    if (!this.isKeyword(word)) return false;
    this.index++;
    return true;
  }

  private isSymbol(symbol: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === 'symbol' && token.text === symbol;
  }

  acceptSymbol(symbol: string): boolean {
    if (!this.isSymbol(symbol)) return false;
    this.index++;
    return true;
  }

  /** The error for an unexpected token, worded like SpacetimeDB's parser (`Expected …, found: …`). */
  private expected(what: string, token = this.peek()): SqlError {
    return syntaxError(`sql parser error: Expected ${what}, found: ${describeToken(token)}`, token.at);
  }

  private expectKeyword(word: string): void {
    if (!this.acceptKeyword(word)) throw this.expected(word);
  }

  private expectSymbol(symbol: string): void {
    if (!this.acceptSymbol(symbol)) throw this.expected(symbol);
  }

  /** Throws `Unsupported: <label>` when the next token is one of `keywords` (keyword -> label). */
  private rejectKeywords(keywords: Record<string, string>): void {
    const token = this.peek();
    const label = token.kind === 'word' ? keywords[token.upper] : undefined;
    if (label !== undefined) throw syntaxError(`Unsupported: ${label}`, token.at);
  }

  expectEnd(): void {
    const token = this.peek();
    if (token.kind === 'end') return;
    if (token.kind === 'word' && ['UNION', 'INTERSECT', 'EXCEPT'].includes(token.upper)) {
      throw syntaxError(`Unsupported set operation: ${token.upper}`, token.at);
    }
    if (token.kind === 'symbol' && ARITHMETIC_OPERATORS.has(token.text)) {
      throw syntaxError(`Unsupported binary operator: ${token.text}`, token.at);
    }
    throw this.expected('end of statement', token);
  }

  /** A table, column or alias name: a word that is not reserved, or a quoted name (kept as written). */
  private name(what: string): { name: string; at: SourcePosition } {
    const token = this.peek();
    if (token.kind === 'quoted' || (token.kind === 'word' && !RESERVED.has(token.upper))) {
      this.index++;
      return { name: token.text, at: token.at };
    }
    throw this.expected(what, token);
  }

  private isName(offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === 'quoted' || (token.kind === 'word' && !RESERVED.has(token.upper));
  }

  statement(): Statement {
    this.conditionTerms = 0;
    const token = this.peek();
    if (token.kind === 'word') {
      switch (token.upper) {
        case 'SELECT':
          return this.select();
        case 'INSERT':
          return this.insert();
        case 'UPDATE':
          return this.update();
        case 'DELETE':
          return this.delete();
        case 'WITH':
          throw syntaxError('Unsupported: WITH (common table expressions)', token.at);
        case 'SET':
        case 'SHOW':
          throw syntaxError(`Unsupported: ${token.upper} (system variables)`, token.at);
      }
    }
    if (token.kind === 'symbol' && token.text === '(') throw syntaxError('Unsupported: subqueries', token.at);
    throw this.expected('an SQL statement', token);
  }

  // SELECT

  private select(): SelectStatement {
    this.expectKeyword('SELECT');
    const distinct = this.acceptKeyword('DISTINCT');
    if (!distinct) this.acceptKeyword('ALL');
    const projection = this.projection();
    if (!this.acceptKeyword('FROM')) {
      if (this.peek().kind === 'end' || this.isSymbol(';'))
        throw syntaxError('A FROM clause is required', this.peek().at);
      throw this.expected('FROM');
    }
    const from = this.tableRef();
    if (this.isSymbol(',')) throw syntaxError('Implicit joins are not supported', this.peek().at);
    const joins = this.joins();
    const where = this.acceptKeyword('WHERE') ? this.predicate() : undefined;
    this.rejectKeywords({ GROUP: 'GROUP BY', HAVING: 'HAVING' });
    const orderBy = this.orderBy();
    let limit: Literal | undefined;
    if (this.acceptKeyword('LIMIT')) {
      const token = this.peek();
      if (token.kind !== 'number') throw syntaxError(`Unsupported LIMIT expression: ${describeToken(token)}`, token.at);
      this.index++;
      limit = { kind: 'number', text: token.text, at: token.at };
    }
    this.rejectKeywords({ OFFSET: 'OFFSET', FETCH: 'FETCH' });
    const statement: SelectStatement = { kind: 'select', distinct, projection, from, joins, where, orderBy, limit };
    if (joins.length > 0) requireQualifiedNames(statement);
    return statement;
  }

  private projection(): Projection {
    const start = this.peek();
    if (this.acceptSymbol('*')) {
      this.rejectMoreProjections();
      return { kind: 'star' };
    }
    if (this.isName() && this.isSymbol('.', 1) && this.isSymbol('*', 2)) {
      const { name } = this.name('a table name');
      this.index += 2;
      this.rejectMoreProjections();
      return { kind: 'tableStar', table: name, at: start.at };
    }
    if (start.kind === 'word' && this.isSymbol('(', 1)) {
      const aggregate = this.aggregate();
      const alias = this.alias();
      if (alias === undefined) throw syntaxError('Aggregate expressions must have column aliases', start.at);
      if (this.isSymbol(',')) throw syntaxError('Unsupported: aggregates mixed with other projections', this.peek().at);
      return { kind: 'aggregate', aggregate, alias: alias.name };
    }
    const columns: ProjectedColumn[] = [];
    do {
      const token = this.peek();
      if (token.kind === 'symbol' && token.text === '*') {
        throw syntaxError('Mixed wildcard projections are not supported', token.at);
      }
      if (this.isName() && this.isSymbol('.', 1) && this.isSymbol('*', 2)) {
        throw syntaxError('Mixed wildcard projections are not supported', token.at);
      }
      if (token.kind === 'word' && this.isSymbol('(', 1)) {
        throw syntaxError('Unsupported: aggregates mixed with other projections', token.at);
      }
      if (!this.isName()) throw syntaxError(`Unsupported projection expression: ${describeToken(token)}`, token.at);
      const column = this.columnRef();
      this.rejectOperatorAfterOperand();
      const alias = this.alias();
      columns.push({ column, name: alias?.name ?? column.name });
    } while (this.acceptSymbol(','));
    return { kind: 'columns', columns };
  }

  private rejectMoreProjections(): void {
    if (this.isSymbol(',')) throw syntaxError('Mixed wildcard projections are not supported', this.peek().at);
  }

  /** `COUNT(*)`, `COUNT(DISTINCT col)` or `SUM(col)`. */
  private aggregate(): Aggregate {
    const nameToken = this.next();
    const functionName = nameToken.kind === 'word' ? nameToken.upper : '';
    this.expectSymbol('(');
    let aggregate: Aggregate | undefined;
    if (functionName === 'COUNT' && this.acceptSymbol('*')) {
      aggregate = { kind: 'count' };
    } else if (functionName === 'COUNT' && this.acceptKeyword('DISTINCT')) {
      aggregate = { kind: 'countDistinct', column: this.columnRef() };
    } else if (functionName === 'SUM' && this.isName()) {
      aggregate = { kind: 'sum', column: this.columnRef() };
    }
    if (aggregate === undefined || !this.acceptSymbol(')')) {
      throw syntaxError(
        `Unsupported aggregate function: ${describeToken(nameToken)}(...) (supported: COUNT(*), COUNT(DISTINCT column), SUM(column))`,
        nameToken.at,
      );
    }
    return aggregate;
  }

  /** `[AS] alias`, or nothing. */
  private alias(): { name: string; at: SourcePosition } | undefined {
    if (this.acceptKeyword('AS')) return this.name('an alias');
    return this.isName() ? this.name('an alias') : undefined;
  }

  private tableRef(): TableRef {
    if (this.isSymbol('(')) throw syntaxError('Unsupported: subqueries', this.peek().at);
    const { name: table, at } = this.name('a table name');
    if (this.isSymbol('.')) throw syntaxError('Unsupported: qualified table names', this.peek().at);
    const alias = this.alias();
    return { table, alias: alias?.name ?? table, at };
  }

  private joins(): Join[] {
    const joins: Join[] = [];
    for (;;) {
      const token = this.peek();
      if (token.kind !== 'word') return joins;
      if (['LEFT', 'RIGHT', 'FULL', 'OUTER', 'NATURAL'].includes(token.upper)) {
        throw syntaxError('Non-inner joins are not supported', token.at);
      }
      if (this.acceptKeyword('CROSS')) {
        this.expectKeyword('JOIN');
        joins.push({ source: this.tableRef(), on: undefined });
        continue;
      }
      if (this.acceptKeyword('INNER')) {
        if (!this.isKeyword('JOIN')) throw this.expected('JOIN');
      }
      if (!this.acceptKeyword('JOIN')) return joins;
      const source = this.tableRef();
      if (this.isKeyword('USING')) throw syntaxError('Unsupported: JOIN ... USING', this.peek().at);
      const on = this.acceptKeyword('ON') ? this.predicate() : undefined;
      joins.push({ source, on });
      if (this.isSymbol(',')) throw syntaxError('Implicit joins are not supported', this.peek().at);
    }
  }

  private orderBy(): OrderKey[] {
    if (!this.acceptKeyword('ORDER')) return [];
    this.expectKeyword('BY');
    const keys: OrderKey[] = [];
    do {
      const token = this.peek();
      if (!this.isName()) throw syntaxError(`Unsupported ORDER BY expression: ${describeToken(token)}`, token.at);
      const column = this.columnRef();
      this.rejectOperatorAfterOperand();
      const descending = this.acceptKeyword('DESC');
      if (!descending) this.acceptKeyword('ASC');
      if (this.isKeyword('NULLS')) throw syntaxError('Unsupported: NULLS FIRST/LAST', this.peek().at);
      keys.push({ column, descending });
    } while (this.acceptSymbol(','));
    return keys;
  }

  // Predicates: OR binds looser than AND; parentheses group. Chains are read in loops into
  // flat lists; only parentheses recurse, and `depth` counts them.

  private predicate(depth = 0): Predicate {
    const terms: Predicate[] = [];
    do appendTerm(terms, 'or', this.conjunction(depth));
    while (this.acceptKeyword('OR'));
    return terms.length === 1 ? (terms[0] as Predicate) : { kind: 'or', terms };
  }

  private conjunction(depth: number): Predicate {
    const terms: Predicate[] = [];
    do appendTerm(terms, 'and', this.predicateTerm(depth));
    while (this.acceptKeyword('AND'));
    return terms.length === 1 ? (terms[0] as Predicate) : { kind: 'and', terms };
  }

  private predicateTerm(depth: number): Predicate {
    const token = this.peek();
    if (this.acceptSymbol('(')) {
      if (this.isKeyword('SELECT')) throw syntaxError('Unsupported: subqueries', this.peek().at);
      if (depth >= MAX_CONDITION_NESTING) {
        throw syntaxError(
          `sql parser error: recursion limit exceeded (parentheses nested more than ${MAX_CONDITION_NESTING} levels deep)`,
          token.at,
        );
      }
      const inner = this.predicate(depth + 1);
      this.expectSymbol(')');
      return inner;
    }
    if (++this.conditionTerms > MAX_CONDITION_TERMS) {
      throw syntaxError(`Recursion limit exceeded: more than ${MAX_CONDITION_TERMS} terms in the conditions`, token.at);
    }
    if (this.isKeyword('NOT')) throw syntaxError('Unsupported: NOT', token.at);
    if (this.isKeyword('EXISTS')) throw syntaxError('Unsupported: subqueries', token.at);
    const left = this.operand();
    this.rejectOperatorAfterOperand();
    const operatorToken = this.peek();
    const operator = operatorToken.kind === 'symbol' ? COMPARISON_OPERATORS[operatorToken.text] : undefined;
    if (operator === undefined) return { kind: 'operand', operand: left };
    this.index++;
    const right = this.operand();
    this.rejectOperatorAfterOperand();
    return { kind: 'compare', operator, left, right, at: operatorToken.at };
  }

  /** Arithmetic and the SQL operators outside the subset get a message of their own. */
  private rejectOperatorAfterOperand(): void {
    const token = this.peek();
    if (token.kind === 'symbol' && ARITHMETIC_OPERATORS.has(token.text)) {
      throw syntaxError(`Unsupported binary operator: ${token.text}`, token.at);
    }
    if (token.kind === 'word' && ['IS', 'IN', 'LIKE', 'BETWEEN', 'NOT'].includes(token.upper)) {
      throw syntaxError(`Unsupported: ${token.upper}`, token.at);
    }
  }

  private operand(): Operand {
    const token = this.peek();
    if (token.kind === 'parameter') {
      this.index++;
      if (token.name !== 'sender') throw syntaxError(`Unsupported parameter :${echo(token.name)}`, token.at);
      return { kind: 'sender', at: token.at };
    }
    if (this.isName()) {
      if (this.isSymbol('(', 1))
        throw syntaxError(`Unsupported expression: function ${describeToken(token)}`, token.at);
      return this.columnRef();
    }
    if (this.isSymbol('(')) {
      throw syntaxError(
        this.isKeyword('SELECT', 1) ? 'Unsupported: subqueries' : 'Unsupported: nested expressions',
        token.at,
      );
    }
    return this.literal('expression');
  }

  private columnRef(): ColumnRef {
    const first = this.name('a column name');
    if (!this.acceptSymbol('.')) return { kind: 'column', table: undefined, name: first.name, at: first.at };
    const second = this.name('a column name');
    if (this.isSymbol('.')) throw syntaxError('Unsupported: names with more than two parts', this.peek().at);
    return { kind: 'column', table: first.name, name: second.name, at: first.at };
  }

  /** A literal, possibly a signed number; `context` words the error for anything else. */
  private literal(context: string): Literal {
    const token = this.peek();
    if (token.kind === 'symbol' && (token.text === '-' || token.text === '+')) {
      const number = this.peek(1);
      if (number.kind !== 'number') throw syntaxError(`Unsupported ${context}: unary ${token.text}`, token.at);
      this.index += 2;
      return { kind: 'number', text: token.text === '-' ? `-${number.text}` : number.text, at: token.at };
    }
    this.index++;
    switch (token.kind) {
      case 'number':
        return { kind: 'number', text: token.text, at: token.at };
      case 'string':
        return { kind: 'string', value: token.value, at: token.at };
      case 'hex':
        return { kind: 'hex', digits: token.digits, at: token.at };
      case 'word':
        if (token.upper === 'TRUE' || token.upper === 'FALSE') {
          return { kind: 'bool', value: token.upper === 'TRUE', at: token.at };
        }
        if (token.upper === 'NULL') throw syntaxError('Unsupported literal expression: NULL', token.at);
    }
    this.index--;
    if (token.kind === 'end') throw this.expected(`an ${context}`, token);
    throw syntaxError(`Unsupported ${context}: ${describeToken(token)}`, token.at);
  }

  // DML

  private insert(): InsertStatement {
    this.expectKeyword('INSERT');
    this.expectKeyword('INTO');
    const table = this.tableRef();
    let columns: InsertStatement['columns'];
    if (this.acceptSymbol('(')) {
      columns = [];
      do columns.push(this.name('a column name'));
      while (this.acceptSymbol(','));
      this.expectSymbol(')');
    }
    if (this.isKeyword('SELECT')) throw syntaxError('Unsupported INSERT expression: INSERT ... SELECT', this.peek().at);
    this.expectKeyword('VALUES');
    const rows: Literal[][] = [];
    do {
      this.expectSymbol('(');
      const row: Literal[] = [];
      do {
        row.push(this.literal('INSERT value'));
        this.rejectOperatorAfterOperand();
      } while (this.acceptSymbol(','));
      this.expectSymbol(')');
      rows.push(row);
    } while (this.acceptSymbol(','));
    this.rejectKeywords({ ON: 'INSERT ... ON CONFLICT', RETURNING: 'RETURNING' });
    return { kind: 'insert', table, columns, rows };
  }

  private update(): UpdateStatement {
    this.expectKeyword('UPDATE');
    const table = this.tableRef();
    if (table.alias !== table.table) throw syntaxError('Unsupported: an alias in UPDATE', table.at);
    if (this.isKeyword('JOIN') || this.isSymbol(','))
      throw syntaxError('Unsupported: UPDATE with joins', this.peek().at);
    this.expectKeyword('SET');
    const assignments: Assignment[] = [];
    do {
      const column = this.name('a column name');
      this.expectSymbol('=');
      assignments.push({
        column: column.name,
        at: column.at,
        value: this.literal('column/variable assignment expression'),
      });
      this.rejectOperatorAfterOperand();
    } while (this.acceptSymbol(','));
    if (this.isKeyword('FROM')) throw syntaxError('Unsupported: UPDATE ... FROM', this.peek().at);
    const where = this.acceptKeyword('WHERE') ? this.predicate() : undefined;
    return { kind: 'update', table, assignments, where };
  }

  private delete(): DeleteStatement {
    this.expectKeyword('DELETE');
    this.expectKeyword('FROM');
    const table = this.tableRef();
    if (table.alias !== table.table) throw syntaxError('Unsupported: an alias in DELETE', table.at);
    if (this.isSymbol(',')) throw syntaxError('Multi-table DELETE is not supported', this.peek().at);
    if (this.isKeyword('JOIN') || this.isKeyword('USING')) {
      throw syntaxError('Unsupported: DELETE with joins', this.peek().at);
    }
    const where = this.acceptKeyword('WHERE') ? this.predicate() : undefined;
    return { kind: 'delete', table, where };
  }
}

/** Adds `term` to the terms of an `operator` chain, taking over its terms when it is a chain of the same operator. */
function appendTerm(terms: Predicate[], operator: 'and' | 'or', term: Predicate): void {
  if (term.kind === operator) for (const inner of term.terms) terms.push(inner);
  else terms.push(term);
}

/** In a statement with joins every column names its table, as SpacetimeDB requires. */
function requireQualifiedNames(statement: SelectStatement): void {
  const check = (column: ColumnRef): void => {
    if (column.table === undefined) throw syntaxError('Names must be qualified when using joins', column.at);
  };
  const checkPredicate = (predicate: Predicate | undefined): void => {
    switch (predicate?.kind) {
      case undefined:
        return;
      case 'and':
      case 'or':
        for (const term of predicate.terms) checkPredicate(term);
        return;
      case 'operand':
        if (predicate.operand.kind === 'column') check(predicate.operand);
        return;
      case 'compare':
        if (predicate.left.kind === 'column') check(predicate.left);
        if (predicate.right.kind === 'column') check(predicate.right);
    }
  };
  const { projection } = statement;
  if (projection.kind === 'columns') for (const { column } of projection.columns) check(column);
  if (projection.kind === 'aggregate' && projection.aggregate.kind !== 'count') check(projection.aggregate.column);
  for (const join of statement.joins) checkPredicate(join.on);
  checkPredicate(statement.where);
  for (const key of statement.orderBy) check(key.column);
}
