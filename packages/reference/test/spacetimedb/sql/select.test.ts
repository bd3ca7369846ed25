import { describe, expect, it } from 'vitest';
import type { ReadView, Transaction } from '../../../src/spacetimedb/datastore/index.js';
import { parseSql, runStatement, type Statement } from '../../../src/spacetimedb/sql/index.js';
import {
  ALICE,
  ALICE_HEX,
  columnNames,
  identity,
  OWNER,
  rows,
  runSql,
  seededTransaction,
  sqlError,
} from './fixture.js';

const names = (result: unknown[][]) => result.map((row) => row[0]);

/** `tx` with its scans and index lookups counted. */
function countingView(tx: Transaction): { view: ReadView; calls: { scan: number; indexPoint: number } } {
  const calls = { scan: 0, indexPoint: 0 };
  const view: ReadView = {
    tables: tx.tables,
    table: (nameOrId) => tx.table(nameOrId),
    index: (nameOrId) => tx.index(nameOrId),
    rowCount: (tableId) => tx.rowCount(tableId),
    scan: (tableId) => {
      calls.scan++;
      return tx.scan(tableId);
    },
    indexPoint: (indexId, key) => {
      calls.indexPoint++;
      return tx.indexPoint(indexId, key);
    },
    indexRange: (indexId, prefix, start, end) => tx.indexRange(indexId, prefix, start, end),
  };
  return { view, calls };
}

describe('SQL SELECT: projections', () => {
  it('SELECT * answers every column with the table row type and every row', () => {
    const tx = seededTransaction();
    const [result] = runSql(tx, 'SELECT * FROM person');
    expect(columnNames(result as never)).toEqual(['id', 'name', 'age', 'active', 'owner']);
    expect(result?.schema.elements[4]?.algebraic_type).toHaveProperty('Product');
    expect(result?.rows).toHaveLength(4);
    expect(result?.rows).toContainEqual([1n, 'Alice', 30n, true, identity(ALICE_HEX)]);
    expect(result?.stats).toEqual({ rows_inserted: 0, rows_deleted: 0, rows_updated: 0 });
  });

  it('projects columns in the order asked, named by alias or column name', () => {
    const tx = seededTransaction();
    const [result] = runSql(tx, 'SELECT age AS years, name, p.id AS "ID" FROM person p WHERE p.id = 2');
    expect(columnNames(result as never)).toEqual(['years', 'name', 'ID']);
    expect(result?.schema.elements.map((element) => element.algebraic_type)).toEqual([
      { I64: [] },
      { String: [] },
      { U64: [] },
    ]);
    expect(result?.rows).toEqual([[25n, 'Bob', 2n]]);
  });

  it('refuses unknown tables, columns and aliases with the real wording, even on empty results', () => {
    const tx = seededTransaction();
    expect(sqlError(tx, 'SELECT * FROM nobody')).toBe(
      'no such table: `nobody`. If the table exists, it may be marked private.',
    );
    expect(sqlError(tx, 'SELECT nope FROM person WHERE id = 99')).toBe('`person` does not have a field `nope`');
    expect(sqlError(tx, 'SELECT x.name FROM person')).toBe('`x` is not in scope');
    expect(sqlError(tx, 'SELECT name, age AS name FROM person')).toBe('Duplicate name `name`');
    // Names are case-sensitive, as in SpacetimeDB.
    expect(sqlError(tx, 'SELECT * FROM Person')).toContain('no such table: `Person`');
  });
});

describe('SQL SELECT: WHERE', () => {
  it('compares u64, i64, string, bool and identity columns with every operator', () => {
    const tx = seededTransaction();
    expect(names(rows(tx, 'SELECT name FROM person WHERE id = 3'))).toEqual(['Carol']);
    expect(names(rows(tx, 'SELECT name FROM person WHERE id <> 3 ORDER BY id'))).toEqual(['Alice', 'Bob', 'Dave']);
    expect(names(rows(tx, 'SELECT name FROM person WHERE id != 3 ORDER BY id'))).toEqual(['Alice', 'Bob', 'Dave']);
    expect(names(rows(tx, 'SELECT name FROM person WHERE age < 30 ORDER BY id'))).toEqual(['Bob', 'Dave']);
    expect(names(rows(tx, 'SELECT name FROM person WHERE age <= 30 ORDER BY id'))).toEqual(['Alice', 'Bob', 'Dave']);
    expect(names(rows(tx, 'SELECT name FROM person WHERE age > 30'))).toEqual(['Carol']);
    expect(names(rows(tx, 'SELECT name FROM person WHERE age >= -5 ORDER BY id'))).toHaveLength(4);
    expect(names(rows(tx, "SELECT name FROM person WHERE name >= 'C' ORDER BY name"))).toEqual(['Carol', 'Dave']);
    expect(names(rows(tx, "SELECT name FROM person WHERE name = 'Bob'"))).toEqual(['Bob']);
    expect(names(rows(tx, 'SELECT name FROM person WHERE active = false'))).toEqual(['Bob']);
    expect(names(rows(tx, 'SELECT name FROM person WHERE active ORDER BY id'))).toEqual(['Alice', 'Carol', 'Dave']);
    expect(names(rows(tx, `SELECT name FROM person WHERE owner = 0x${ALICE_HEX} ORDER BY id`))).toEqual([
      'Alice',
      'Dave',
    ]);
    expect(names(rows(tx, `SELECT name FROM person WHERE owner = X'${ALICE_HEX}' ORDER BY id`))).toEqual([
      'Alice',
      'Dave',
    ]);
  });

  it('combines with AND, OR and parentheses (AND binds tighter)', () => {
    const tx = seededTransaction();
    expect(names(rows(tx, 'SELECT name FROM person WHERE age = 25 AND active'))).toEqual(['Dave']);
    expect(names(rows(tx, 'SELECT name FROM person WHERE age = 35 OR age = 25 AND active ORDER BY id'))).toEqual([
      'Carol',
      'Dave',
    ]);
    expect(names(rows(tx, 'SELECT name FROM person WHERE (age = 35 OR age = 25) AND active ORDER BY id'))).toEqual([
      'Carol',
      'Dave',
    ]);
    expect(names(rows(tx, 'SELECT name FROM person WHERE age = 35 OR id = 2 ORDER BY id'))).toEqual(['Bob', 'Carol']);
    expect(rows(tx, 'SELECT name FROM person WHERE TRUE')).toHaveLength(4);
    expect(rows(tx, 'SELECT name FROM person WHERE FALSE = TRUE')).toHaveLength(0);
  });

  it('runs the longest and deepest conditions allowed quickly, and refuses longer ones with SqlError', () => {
    const tx = seededTransaction();
    const started = performance.now();
    const chain = Array.from({ length: 1600 }, (_, index) => `id = ${index + 3}`).join(' OR ');
    expect(names(rows(tx, `SELECT name FROM person WHERE ${chain} ORDER BY id`))).toEqual(['Carol', 'Dave']);
    const all = Array.from({ length: 1600 }, () => 'age > 0').join(' AND ');
    expect(rows(tx, `SELECT name FROM person WHERE ${all}`)).toHaveLength(4);
    let nested = 'id = 2';
    for (let level = 0; level < 50; level++)
      nested = level % 2 === 0 ? `(${nested} OR id = 99)` : `(${nested} AND age > 0)`;
    expect(names(rows(tx, `SELECT name FROM person WHERE ${nested}`))).toEqual(['Bob']);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(sqlError(tx, `SELECT name FROM person WHERE ${'('.repeat(5000)}id = 1${')'.repeat(5000)}`)).toMatch(
      /recursion limit exceeded/,
    );
    expect(sqlError(tx, `DELETE FROM person WHERE ${Array(5_000).fill('id = 1').join(' OR ')}`)).toMatch(
      /more than 1600 terms/,
    );
  });

  it('echoes at most 100 characters of a name or literal in an error', () => {
    const tx = seededTransaction();
    const long = (char: string) => char.repeat(1_000_000);
    const cases: [string, string][] = [
      [`SELECT * FROM ${long('t')}`, `no such table: \`${'t'.repeat(100)}…\``],
      [`SELECT ${long('c')} FROM person`, `\`person\` does not have a field \`${'c'.repeat(100)}…\``],
      [`SELECT * FROM person WHERE id = '${long('9')}x'`, `The literal expression \`${'9'.repeat(100)}…\``],
      [`SELECT * FROM person WHERE id = 1 ${long('z')}`, `found: ${'z'.repeat(100)}… at line 1`],
      [`SELECT * FROM person WHERE id = :${long('p')}`, `Unsupported parameter :${'p'.repeat(100)}…`],
      [`SELECT * FROM person WHERE id = X'${long('g')}'`, `Invalid hex literal X'${'g'.repeat(100)}…'`],
      [`SELECT ${long('q')}.id FROM person`, `\`${'q'.repeat(100)}…\` is not in scope`],
    ];
    for (const [text, message] of cases) {
      const error = sqlError(tx, text);
      expect(error).toContain(message);
      expect(error.length).toBeLessThan(300);
    }
  });

  it('reads :sender as the caller identity', () => {
    const tx = seededTransaction();
    expect(names(rows(tx, 'SELECT name FROM person WHERE owner = :sender ORDER BY id', ALICE))).toEqual([
      'Alice',
      'Dave',
    ]);
    expect(names(rows(tx, 'SELECT name FROM person WHERE owner = :sender ORDER BY id', OWNER))).toEqual([
      'Bob',
      'Carol',
    ]);
  });

  it('types literals by the column: u8/i8/u256/bytes/f64 values, range and shape errors', () => {
    const tx = seededTransaction();
    expect(rows(tx, 'SELECT small FROM misc WHERE small = 200')).toEqual([[200]]);
    expect(rows(tx, 'SELECT small FROM misc WHERE tiny = -1')).toEqual([[1]]);
    expect(rows(tx, 'SELECT small FROM misc WHERE small = 2e2')).toEqual([[200]]);
    expect(rows(tx, `SELECT small FROM misc WHERE big = ${((1n << 255n) + 7n).toString()}`)).toEqual([[200]]);
    expect(rows(tx, 'SELECT small FROM misc WHERE big = 0x05')).toEqual([[1]]);
    expect(rows(tx, 'SELECT small FROM misc WHERE data = 0xCAFE')).toEqual([[1]]);
    expect(rows(tx, "SELECT small FROM misc WHERE data = X''")).toEqual([[200]]);
    expect(rows(tx, 'SELECT small FROM misc WHERE score < 0')).toEqual([[200]]);
    expect(rows(tx, 'SELECT small FROM misc WHERE score = 1.5')).toEqual([[1]]);
    expect(rows(tx, "SELECT name FROM person WHERE id = '2'")).toEqual([['Bob']]);

    expect(sqlError(tx, 'SELECT * FROM misc WHERE small = 256')).toBe(
      'The literal expression `256` cannot be parsed as type `U8`',
    );
    expect(sqlError(tx, 'SELECT * FROM misc WHERE small = -1')).toBe(
      'The literal expression `-1` cannot be parsed as type `U8`',
    );
    expect(sqlError(tx, 'SELECT * FROM misc WHERE tiny = 128')).toContain('cannot be parsed as type `I8`');
    expect(sqlError(tx, 'SELECT * FROM misc WHERE small = 1.5')).toContain('`1.5` cannot be parsed as type `U8`');
    expect(sqlError(tx, `SELECT * FROM misc WHERE big = ${(1n << 256n).toString()}`)).toContain('`U256`');
    expect(sqlError(tx, "SELECT * FROM person WHERE age = 'old'")).toContain('`old` cannot be parsed as type `I64`');
    expect(sqlError(tx, 'SELECT * FROM person WHERE active = 1')).toContain('cannot be parsed as type `Bool`');
    expect(sqlError(tx, 'SELECT * FROM person WHERE age = TRUE')).toBe(
      'Unexpected type: (expected) Bool != I64 (inferred)',
    );
    expect(sqlError(tx, 'SELECT * FROM person WHERE owner = 0x123')).toBe(
      'The literal expression `123` cannot be parsed as type `(__identity__: U256)`',
    );
    expect(sqlError(tx, 'SELECT * FROM misc WHERE data = 0xABC')).toContain('`Array<U8>`');
  });

  it('reads integer literals with any number of zeros that do not count, and refuses more than 78 digits quickly', () => {
    const tx = seededTransaction();
    const started = performance.now();
    expect(rows(tx, `SELECT small FROM misc WHERE small = ${'0'.repeat(1_000_000)}200`)).toEqual([[200]]);
    expect(rows(tx, `SELECT small FROM misc WHERE small = 2${'0'.repeat(100_000)}e-${100_000 - 2}`)).toEqual([[200]]);
    expect(rows(tx, `SELECT small FROM misc WHERE small = 200.${'0'.repeat(1_000_000)}`)).toEqual([[200]]);
    expect(rows(tx, `SELECT small FROM misc WHERE big = 0x${'0'.repeat(1_000_000)}5`)).toEqual([[1]]);
    expect(rows(tx, `SELECT small FROM misc WHERE big = ${(2n ** 256n - 1n).toString()}`)).toEqual([]);
    for (const literal of ['9'.repeat(1_000_000), `1e${'9'.repeat(30)}`, `0x1${'0'.repeat(64)}`, '9'.repeat(79)]) {
      expect(sqlError(tx, `SELECT * FROM misc WHERE big = ${literal}`)).toMatch(/cannot be parsed as type `U256`$/);
    }
    expect(sqlError(tx, `SELECT * FROM misc WHERE small = 1.${'0'.repeat(100_000)}1`)).toContain('`U8`');
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('refuses comparisons between different types, untyped literals and non-scalar columns', () => {
    const tx = seededTransaction();
    expect(sqlError(tx, 'SELECT * FROM person WHERE id = age')).toBe(
      'Unexpected type: (expected) U64 != I64 (inferred)',
    );
    expect(sqlError(tx, 'SELECT * FROM person WHERE 1 = 1')).toBe('Cannot resolve type for literal expression');
    expect(sqlError(tx, 'SELECT * FROM person WHERE age')).toBe('Unexpected type: (expected) Bool != I64 (inferred)');
    expect(sqlError(tx, "SELECT * FROM misc WHERE tags = 'a'")).toBe(
      'The literal expression `a` cannot be parsed as type `Array<String>`',
    );
    expect(sqlError(tx, 'SELECT * FROM misc WHERE tags = tags')).toBe(
      'Invalid binary operator `=` for type `Array<String>`',
    );
  });

  it('reads timestamps as RFC 3339 strings and connection ids as 32 hex digits', () => {
    const tx = seededTransaction();
    expect(rows(tx, "SELECT id FROM event WHERE at = '2025-01-02T03:04:05.123456Z'")).toEqual([[1n]]);
    expect(rows(tx, "SELECT id FROM event WHERE at > '2025-01-02T04:04:05.5+01:00'")).toEqual([[2n]]);
    expect(rows(tx, 'SELECT id FROM event WHERE connection = 0x0123456789abcdef0123456789abcdef')).toEqual([[1n]]);
    expect(sqlError(tx, "SELECT id FROM event WHERE at = 'yesterday'")).toContain('cannot be parsed as type');
    expect(sqlError(tx, 'SELECT id FROM event WHERE connection = 0x01')).toContain('cannot be parsed as type');
  });

  it('reads timestamps strictly as RFC 3339: real dates and times only, any offset, leap seconds', () => {
    const tx = seededTransaction();
    tx.insert(4101, [3n, [1_483_228_800_000_000n], [3n]]); // 2017-01-01T00:00:00Z
    tx.insert(4101, [4n, [-62_135_596_800_000_000n], [4n]]); // 0001-01-01T00:00:00Z
    tx.insert(4101, [5n, [1_709_164_800_000_000n], [5n]]); // 2024-02-29T00:00:00Z
    const at = (literal: string) => names(rows(tx, `SELECT id FROM event WHERE at = '${literal}'`));
    expect(at('2025-01-02 03:04:05.123456z')).toEqual([1n]);
    expect(at('2025-01-01T22:04:05.123456-05:00')).toEqual([1n]);
    expect(at('2025-01-02T03:04:05.123456789Z')).toEqual([1n]);
    expect(at('2016-12-31T23:59:60Z')).toEqual([3n]);
    expect(at('0001-01-01T00:00:00Z')).toEqual([4n]);
    expect(at('2024-02-29T00:00:00Z')).toEqual([5n]);
    for (const literal of [
      '2025-02-30T00:00:00Z',
      '2023-02-29T00:00:00Z',
      '2025-04-31T00:00:00Z',
      '2025-13-01T00:00:00Z',
      '2025-00-10T00:00:00Z',
      '2025-01-00T00:00:00Z',
      '2025-01-02T24:00:00Z',
      '2025-01-02T03:60:00Z',
      '2025-01-02T03:04:61Z',
      '2025-01-02T03:04:05+24:00',
      '2025-01-02T03:04:05+01:60',
      '2025-01-02T03:04:05',
      '2025-01-02',
    ]) {
      expect(sqlError(tx, `SELECT id FROM event WHERE at = '${literal}'`)).toBe(
        `The literal expression \`${literal}\` cannot be parsed as type \`(__timestamp_micros_since_unix_epoch__: I64)\``,
      );
    }
  });

  it('finds rows through an index (point lookups agree with a scan)', () => {
    const tx = seededTransaction();
    // person.id and pet.person_id are indexed; pet.species is not.
    expect(rows(tx, 'SELECT name FROM person WHERE id = 4 AND age = 25')).toEqual([['Dave']]);
    expect(rows(tx, 'SELECT name FROM person WHERE id = 4 AND age = 30')).toEqual([]);
    expect(rows(tx, 'SELECT id FROM pet WHERE person_id = 1 ORDER BY id')).toEqual([[10n], [11n]]);
    const { view, calls } = countingView(tx);
    const run = (text: string) => runStatement(parseSql(text)[0] as Statement, view, OWNER).rows;
    expect(run('SELECT name FROM person WHERE age = 25 AND id = 4')).toEqual([['Dave']]);
    expect(calls).toEqual({ scan: 0, indexPoint: 1 });
    // The join looks up pets through pet.person_id's index, only for the people WHERE keeps
    // (it is tested before the join: Alice and Carol).
    expect(run('SELECT pet.id FROM person p JOIN pet ON pet.person_id = p.id WHERE p.age > 26')).toHaveLength(3);
    expect(calls).toEqual({ scan: 1, indexPoint: 1 + 2 });
    expect(rows(tx, "SELECT id FROM pet WHERE person_id = 1 OR species = 'fish' ORDER BY id")).toEqual([
      [10n],
      [11n],
      [13n],
    ]);
  });
});

describe('SQL SELECT: joins', () => {
  it('joins on an equality, with qualified names and aliases', () => {
    const tx = seededTransaction();
    const [result] = runSql(
      tx,
      "SELECT p.name, pet.species AS kind FROM person p JOIN pet ON pet.person_id = p.id WHERE pet.species = 'cat' ORDER BY p.name",
    );
    expect(columnNames(result as never)).toEqual(['name', 'kind']);
    expect(result?.rows).toEqual([
      ['Alice', 'cat'],
      ['Carol', 'cat'],
    ]);
  });

  it('answers t.* of either side, keeping a row once per match', () => {
    const tx = seededTransaction();
    const people = rows(tx, 'SELECT p.* FROM person p INNER JOIN pet ON p.id = pet.person_id');
    expect(people.map((row) => row[1]).sort()).toEqual(['Alice', 'Alice', 'Carol']);
    const [pets] = runSql(tx, 'SELECT pet.* FROM person p JOIN pet ON p.id = pet.person_id WHERE p.age > 30');
    expect(columnNames(pets as never)).toEqual(['id', 'person_id', 'species']);
    expect(pets?.rows).toEqual([[12n, 3n, 'cat']]);
    expect(rows(tx, 'SELECT DISTINCT p.* FROM person p JOIN pet ON p.id = pet.person_id')).toHaveLength(2);
  });

  it('joins three tables, and joins without ON give every pair', () => {
    const tx = seededTransaction();
    const triples = rows(
      tx,
      "SELECT a.name, b.name AS other FROM person a JOIN pet x ON x.person_id = a.id JOIN person b ON b.age = a.age WHERE x.species = 'dog'",
    );
    expect(triples).toEqual([['Alice', 'Alice']]);
    expect(rows(tx, 'SELECT a.id, b.id AS pet FROM person a CROSS JOIN pet b')).toHaveLength(16);
    expect(rows(tx, 'SELECT a.id FROM person a JOIN person b ON a.age = b.age')).toHaveLength(6);
  });

  it('refuses SELECT * on a join, duplicate aliases, and ON naming a later table', () => {
    const tx = seededTransaction();
    expect(sqlError(tx, 'SELECT * FROM person p JOIN pet ON p.id = pet.person_id')).toBe(
      'SELECT * is not supported for joins',
    );
    expect(sqlError(tx, 'SELECT p.* FROM person p JOIN pet p ON p.id = p.id')).toBe('Duplicate name `p`');
    expect(sqlError(tx, 'SELECT a.* FROM person a JOIN pet b ON b.id = c.id JOIN pet c ON c.id = a.id')).toBe(
      '`c` is not in scope',
    );
  });
});

describe('SQL SELECT: ORDER BY, LIMIT, DISTINCT and aggregates', () => {
  it('orders ascending and descending by several keys, by column or output alias', () => {
    const tx = seededTransaction();
    expect(rows(tx, 'SELECT name, age FROM person ORDER BY age DESC, name ASC')).toEqual([
      ['Carol', 35n],
      ['Alice', 30n],
      ['Bob', 25n],
      ['Dave', 25n],
    ]);
    expect(names(rows(tx, 'SELECT name FROM person ORDER BY age, name DESC'))).toEqual([
      'Dave',
      'Bob',
      'Alice',
      'Carol',
    ]);
    expect(names(rows(tx, 'SELECT name AS n FROM person ORDER BY n DESC'))).toEqual(['Dave', 'Carol', 'Bob', 'Alice']);
    expect(names(rows(tx, 'SELECT name FROM person ORDER BY owner, id'))).toEqual(['Alice', 'Dave', 'Bob', 'Carol']);
  });

  it('limits after ordering, LIMIT 0 answers nothing, and LIMIT must be a U64', () => {
    const tx = seededTransaction();
    expect(names(rows(tx, 'SELECT name FROM person ORDER BY age DESC LIMIT 2'))).toEqual(['Carol', 'Alice']);
    expect(rows(tx, 'SELECT name FROM person LIMIT 0')).toEqual([]);
    expect(rows(tx, 'SELECT name FROM person LIMIT 100')).toHaveLength(4);
    expect(sqlError(tx, 'SELECT name FROM person LIMIT 1.5')).toBe(
      'The literal expression `1.5` cannot be parsed as type `U64`',
    );
  });

  it('DISTINCT removes repeated output rows, keeping the order', () => {
    const tx = seededTransaction();
    expect(rows(tx, 'SELECT DISTINCT age FROM person ORDER BY age DESC')).toEqual([[35n], [30n], [25n]]);
    expect(rows(tx, 'SELECT DISTINCT active, age FROM person ORDER BY age')).toEqual([
      [false, 25n],
      [true, 25n],
      [true, 30n],
      [true, 35n],
    ]);
  });

  it('COUNT(*) is a U64 row even over nothing; COUNT(DISTINCT c) counts values', () => {
    const tx = seededTransaction();
    const [count] = runSql(tx, 'SELECT COUNT(*) AS n FROM person WHERE active');
    expect(count?.schema).toEqual({ elements: [{ name: { some: 'n' }, algebraic_type: { U64: [] } }] });
    expect(count?.rows).toEqual([[3n]]);
    expect(rows(tx, 'SELECT COUNT(*) AS n FROM person WHERE age > 100')).toEqual([[0n]]);
    expect(rows(tx, 'SELECT COUNT(DISTINCT age) AS ages FROM person')).toEqual([[3n]]);
    expect(rows(tx, 'SELECT COUNT(*) AS n FROM person p JOIN pet ON pet.person_id = p.id')).toEqual([[3n]]);
  });

  it('SUM widens integers to 128 bits and floats to F64; other types are refused', () => {
    const tx = seededTransaction();
    const [sum] = runSql(tx, 'SELECT SUM(age) AS total FROM person');
    expect(sum?.schema.elements[0]?.algebraic_type).toEqual({ I128: [] });
    expect(sum?.rows).toEqual([[115n]]);
    const [small] = runSql(tx, 'SELECT SUM(small) AS total FROM misc');
    expect(small?.schema.elements[0]?.algebraic_type).toEqual({ U128: [] });
    expect(small?.rows).toEqual([[201n]]);
    expect(rows(tx, 'SELECT SUM(score) AS total FROM misc')).toEqual([[-0.75]]);
    expect(rows(tx, 'SELECT SUM(age) AS total FROM person WHERE age > 100')).toEqual([[0n]]);
    expect(sqlError(tx, 'SELECT SUM(name) AS s FROM person')).toBe('SUM is not supported for type `String`');
  });
});

describe('SQL SELECT: visibility', () => {
  it('the owner reads private tables and tables with row-level security', () => {
    const tx = seededTransaction();
    expect(rows(tx, 'SELECT * FROM secret', OWNER)).toEqual([[1n]]);
    expect(rows(tx, 'SELECT * FROM guarded', OWNER)).toEqual([[1n]]);
  });

  it('anyone else reads public tables only; a private or RLS table reads as unknown', () => {
    const tx = seededTransaction();
    expect(rows(tx, 'SELECT COUNT(*) AS n FROM person', ALICE)).toEqual([[4n]]);
    for (const table of ['secret', 'guarded']) {
      expect(sqlError(tx, `SELECT * FROM ${table}`, ALICE)).toBe(
        `no such table: \`${table}\`. If the table exists, it may be marked private.`,
      );
    }
    expect(sqlError(tx, 'SELECT p.* FROM person p JOIN secret s ON s.id = p.id', ALICE)).toContain(
      'no such table: `secret`',
    );
  });
});
