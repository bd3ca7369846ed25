import { describe, expect, it } from 'vitest';
import { parseSql, type SelectStatement, SqlError, type Statement } from '../../../src/spacetimedb/sql/index.js';

function parseOne(text: string): Statement {
  const statements = parseSql(text);
  expect(statements).toHaveLength(1);
  return statements[0] as Statement;
}

function parseSelect(text: string): SelectStatement {
  const statement = parseOne(text);
  if (statement.kind !== 'select') throw new Error(`not a SELECT: ${statement.kind}`);
  return statement;
}

function parseError(text: string): string {
  try {
    parseSql(text);
  } catch (error) {
    expect(error).toBeInstanceOf(SqlError);
    return (error as SqlError).message;
  }
  throw new Error(`parsed without error: ${text}`);
}

describe('SQL parser: SELECT', () => {
  it('reads *, t.*, columns with and without aliases, and keywords in any case', () => {
    expect(parseSelect('select * from person').projection).toEqual({ kind: 'star' });
    const tableStar = parseSelect('SELECT p.* FROM person AS p').projection;
    expect(tableStar).toMatchObject({ kind: 'tableStar', table: 'p' });
    const columns = parseSelect('SeLeCt name, p.age AS years, id n FROM person p').projection;
    expect(columns).toMatchObject({
      kind: 'columns',
      columns: [
        { column: { table: undefined, name: 'name' }, name: 'name' },
        { column: { table: 'p', name: 'age' }, name: 'years' },
        { column: { table: undefined, name: 'id' }, name: 'n' },
      ],
    });
  });

  it('keeps names case-sensitive and reads quoted identifiers, with "" inside', () => {
    const select = parseSelect('SELECT "Name", "we""ird" FROM "person" AS "P" WHERE "P"."Name" = \'x\'');
    expect(select.from).toMatchObject({ table: 'person', alias: 'P' });
    expect(select.projection).toMatchObject({
      columns: [{ column: { name: 'Name' } }, { column: { name: 'we"ird' } }],
    });
    expect(select.where).toMatchObject({ kind: 'compare', left: { table: 'P', name: 'Name' } });
    // A reserved word is a name once quoted.
    expect(parseSelect('SELECT "order" FROM "select"').from.table).toBe('select');
  });

  it('reads COUNT(*), COUNT(DISTINCT c) and SUM(c) with their aliases, and DISTINCT', () => {
    expect(parseSelect('SELECT COUNT(*) AS n FROM t').projection).toEqual({
      kind: 'aggregate',
      aggregate: { kind: 'count' },
      alias: 'n',
    });
    expect(parseSelect('select count(distinct t.a) total from t').projection).toMatchObject({
      aggregate: { kind: 'countDistinct', column: { table: 't', name: 'a' } },
      alias: 'total',
    });
    expect(parseSelect('SELECT SUM(a) AS s FROM t').projection).toMatchObject({
      aggregate: { kind: 'sum' },
      alias: 's',
    });
    expect(parseSelect('SELECT DISTINCT a FROM t').distinct).toBe(true);
    expect(parseSelect('SELECT a FROM t').distinct).toBe(false);
    // A column may be called count when it is not a call.
    expect(parseSelect('SELECT count FROM t').projection).toMatchObject({ kind: 'columns' });
  });

  it('reads joins with and without INNER, aliases, ON, then WHERE, ORDER BY and LIMIT', () => {
    const select = parseSelect(
      'SELECT a.x FROM t a INNER JOIN u AS b ON a.id = b.id JOIN v ON v.k = b.k WHERE a.x > 1 ORDER BY a.x DESC, b.y ASC, a.z LIMIT 10',
    );
    expect(select.from).toMatchObject({ table: 't', alias: 'a' });
    expect(select.joins).toMatchObject([
      { source: { table: 'u', alias: 'b' }, on: { kind: 'compare', operator: '=' } },
      { source: { table: 'v', alias: 'v' }, on: { kind: 'compare' } },
    ]);
    expect(select.orderBy.map((key) => [key.column.name, key.descending])).toEqual([
      ['x', true],
      ['y', false],
      ['z', false],
    ]);
    expect(select.limit).toMatchObject({ kind: 'number', text: '10' });
    expect(parseSelect('SELECT a.* FROM t a CROSS JOIN u b').joins).toMatchObject([{ on: undefined }]);
  });

  it('reads every comparison operator, with AND binding tighter than OR and parentheses', () => {
    const operators = ['=', '<>', '!=', '<', '<=', '>', '>='].map(
      (operator) => (parseSelect(`SELECT * FROM t WHERE a ${operator} 1`).where as { operator: string }).operator,
    );
    expect(operators).toEqual(['=', '<>', '<>', '<', '<=', '>', '>=']);
    expect(parseSelect('SELECT * FROM t WHERE a = 1 OR b = 2 AND c = 3').where).toMatchObject({
      kind: 'or',
      terms: [{ kind: 'compare' }, { kind: 'and', terms: [{ kind: 'compare' }, { kind: 'compare' }] }],
    });
    expect(parseSelect('SELECT * FROM t WHERE (a = 1 OR b = 2) AND c = 3').where).toMatchObject({
      kind: 'and',
      terms: [{ kind: 'or' }, { kind: 'compare' }],
    });
    expect(parseSelect('SELECT * FROM t WHERE flag').where).toMatchObject({
      kind: 'operand',
      operand: { name: 'flag' },
    });
  });

  it('flattens AND and OR chains into one list of terms, also through parentheses', () => {
    const where = parseSelect('SELECT * FROM t WHERE a = 1 AND (b = 2 AND (c = 3)) AND d = 4').where;
    expect(where).toMatchObject({ kind: 'and', terms: [{}, {}, {}, {}] });
    const chain = parseSelect(`SELECT * FROM t WHERE ${Array(1600).fill('a = 1').join(' OR ')}`).where;
    expect(chain).toMatchObject({ kind: 'or' });
    expect((chain as { terms: unknown[] }).terms).toHaveLength(1600);
  });

  it('reads integer, signed, float, exponent, string, hex, boolean literals and :sender', () => {
    const literal = (text: string) =>
      (parseSelect(`SELECT * FROM t WHERE a = ${text}`).where as { right: unknown }).right;
    expect(literal('42')).toMatchObject({ kind: 'number', text: '42' });
    expect(literal('-42')).toMatchObject({ kind: 'number', text: '-42' });
    expect(literal('+7')).toMatchObject({ kind: 'number', text: '7' });
    expect(literal('1.5')).toMatchObject({ kind: 'number', text: '1.5' });
    expect(literal('1e3')).toMatchObject({ kind: 'number', text: '1e3' });
    expect(literal('2.5E-1')).toMatchObject({ kind: 'number', text: '2.5E-1' });
    expect(literal("'it''s'")).toMatchObject({ kind: 'string', value: "it's" });
    expect(literal('0xC2ff')).toMatchObject({ kind: 'hex', digits: 'C2ff' });
    expect(literal("X'00ab'")).toMatchObject({ kind: 'hex', digits: '00ab' });
    expect(literal('TRUE')).toMatchObject({ kind: 'bool', value: true });
    expect(literal('false')).toMatchObject({ kind: 'bool', value: false });
    expect(literal(':sender')).toMatchObject({ kind: 'sender' });
  });

  it('skips comments', () => {
    expect(parseSelect('SELECT * -- all of it\nFROM /* the table */ t').from.table).toBe('t');
  });
});

describe('SQL parser: DML', () => {
  it('reads INSERT with and without a column list, with several rows', () => {
    expect(parseOne("INSERT INTO person (id, name) VALUES (1, 'a'), (-2, 'b')")).toMatchObject({
      kind: 'insert',
      table: { table: 'person' },
      columns: [{ name: 'id' }, { name: 'name' }],
      rows: [
        [
          { kind: 'number', text: '1' },
          { kind: 'string', value: 'a' },
        ],
        [
          { kind: 'number', text: '-2' },
          { kind: 'string', value: 'b' },
        ],
      ],
    });
    expect(parseOne('insert into t values (true, 0xff)')).toMatchObject({
      columns: undefined,
      rows: [[{ kind: 'bool' }, { kind: 'hex' }]],
    });
  });

  it('reads UPDATE with several assignments and DELETE with and without WHERE', () => {
    expect(parseOne("UPDATE t SET a = 1, b = 'x' WHERE c = 2")).toMatchObject({
      kind: 'update',
      assignments: [
        { column: 'a', value: { text: '1' } },
        { column: 'b', value: { value: 'x' } },
      ],
      where: { kind: 'compare' },
    });
    expect(parseOne('UPDATE t SET a = 1')).toMatchObject({ where: undefined });
    expect(parseOne('DELETE FROM t')).toMatchObject({ kind: 'delete', table: { table: 't' }, where: undefined });
    expect(parseOne('delete from t where a = 1')).toMatchObject({ where: { kind: 'compare' } });
  });
});

describe('SQL parser: statements', () => {
  it('splits on ; outside string literals and quoted names, skipping empty statements', () => {
    const statements = parseSql('SELECT * FROM t WHERE s = \'a;b\';; ;INSERT INTO "x;y" VALUES (1);');
    expect(statements.map((statement) => statement.kind)).toEqual(['select', 'insert']);
    expect((statements[0] as SelectStatement).where).toMatchObject({ right: { value: 'a;b' } });
    expect(statements[1]).toMatchObject({ table: { table: 'x;y' } });
  });

  it('refuses text without a statement', () => {
    expect(parseError('')).toBe('Empty SQL query');
    expect(parseError(' ; ;; ')).toBe('Empty SQL query');
  });
});

describe('SQL parser: errors name the problem and where it is', () => {
  it('refuses parentheses nested more than 50 levels deep, and more than 1600 terms, with SqlError', () => {
    const nested = (depth: number) => `SELECT * FROM t WHERE ${'('.repeat(depth)}a = 1${')'.repeat(depth)}`;
    expect(parseSelect(nested(50)).where).toMatchObject({ kind: 'compare' });
    for (const depth of [51, 5000]) {
      expect(() => parseSql(nested(depth))).toThrow(SqlError);
      expect(() => parseSql(nested(depth))).toThrow(
        'sql parser error: recursion limit exceeded (parentheses nested more than 50 levels deep) at line 1, column 73',
      );
    }
    for (const operator of ['OR', 'AND']) {
      const chain = (terms: number) => `SELECT * FROM t WHERE ${Array(terms).fill('a = 1').join(` ${operator} `)}`;
      expect(() => parseSql(chain(5_000))).toThrow('Recursion limit exceeded: more than 1600 terms in the conditions');
    }
    // The count covers every condition of a statement, and starts again with the next one.
    const joined = `SELECT t.* FROM t JOIN u ON ${Array(800).fill('t.a = u.a').join(' AND ')} WHERE ${Array(801).fill('t.a = 1').join(' OR ')}`;
    expect(() => parseSql(joined)).toThrow(/more than 1600 terms/);
    const twoStatements = `SELECT * FROM t WHERE ${Array(1600).fill('a = 1').join(' OR ')}`;
    expect(parseSql(`${twoStatements};${twoStatements}`)).toHaveLength(2);
  });

  it.each([
    ['SELECT a + 1 FROM t', 'Unsupported binary operator: + at line 1, column 10'],
    ['SELECT * FROM t WHERE a = b * 2', 'Unsupported binary operator: * at line 1, column 29'],
    ['SELECT * FROM t LEFT JOIN u ON t.a = u.a', 'Non-inner joins are not supported at line 1, column 17'],
    ['SELECT * FROM t FULL OUTER JOIN u', 'Non-inner joins are not supported at line 1, column 17'],
    ['SELECT t.* FROM t, u', 'Implicit joins are not supported at line 1, column 18'],
    ['SELECT * FROM (SELECT * FROM t)', 'Unsupported: subqueries at line 1, column 15'],
    ['SELECT * FROM t WHERE (SELECT 1)', 'Unsupported: subqueries at line 1, column 24'],
    ['SELECT t.a FROM t JOIN u ON t.id = id', 'Names must be qualified when using joins at line 1, column 36'],
    ['SELECT a FROM t JOIN u ON t.id = u.id', 'Names must be qualified when using joins at line 1, column 8'],
    ['SELECT COUNT(*) FROM t', 'Aggregate expressions must have column aliases at line 1, column 8'],
    ['SELECT MAX(a) AS m FROM t', 'Unsupported aggregate function: MAX(...)'],
    ['SELECT *, a FROM t', 'Mixed wildcard projections are not supported at line 1, column 9'],
    ['SELECT a', 'A FROM clause is required at line 1, column 9'],
    ['SELECT a FROM t GROUP BY a', 'Unsupported: GROUP BY at line 1, column 17'],
    ['SELECT a FROM t WHERE a IN (1, 2)', 'Unsupported: IN at line 1, column 25'],
    ['SELECT a FROM t WHERE a IS NULL', 'Unsupported: IS at line 1, column 25'],
    ['SELECT a FROM t WHERE NOT a', 'Unsupported: NOT at line 1, column 23'],
    ['SELECT a FROM t UNION SELECT a FROM u', 'Unsupported set operation: UNION at line 1, column 17'],
    ['SELECT a FROM t LIMIT a', 'Unsupported LIMIT expression: a at line 1, column 23'],
    ['SELECT a FROM t WHERE a = :other', 'Unsupported parameter :other at line 1, column 27'],
    ["SELECT a FROM t WHERE a = 'open", 'Unterminated string literal at line 1, column 27'],
    ['SELECT a FROM t WHERE a = 1 b', 'sql parser error: Expected end of statement, found: b at line 1, column 29'],
    ['SELECT a FROM t\nWHERE a = ?', 'Unexpected character "?" at line 2, column 11'],
    ['DROP TABLE t', 'sql parser error: Expected an SQL statement, found: DROP at line 1, column 1'],
    ['INSERT INTO t VALUES (1 + 2)', 'Unsupported binary operator: + at line 1, column 25'],
    ['INSERT INTO t SELECT * FROM u', 'Unsupported INSERT expression: INSERT ... SELECT at line 1, column 15'],
    ['UPDATE t SET a = b', 'Unsupported column/variable assignment expression: b at line 1, column 18'],
    ['DELETE FROM t, u', 'Multi-table DELETE is not supported at line 1, column 14'],
    ['SET row_limit = 5', 'Unsupported: SET (system variables) at line 1, column 1'],
  ])('%s', (text, message) => {
    expect(parseError(text)).toContain(message);
  });
});
