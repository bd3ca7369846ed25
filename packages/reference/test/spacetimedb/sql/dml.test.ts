import { describe, expect, it } from 'vitest';
import { ALICE, ALICE_HEX, identity, OWNER_HEX, rows, runSql, seededTransaction, sqlError } from './fixture.js';

const people = (tx: ReturnType<typeof seededTransaction>) => rows(tx, 'SELECT id, name, age FROM person ORDER BY id');

describe('SQL INSERT', () => {
  it('inserts rows given in column order, counting them, and later statements see them', () => {
    const tx = seededTransaction();
    const [insert, count] = runSql(
      tx,
      `INSERT INTO pet VALUES (20, 4, 'owl'), (21, 4, 'it''s a bird'); SELECT COUNT(*) AS n FROM pet WHERE person_id = 4`,
    );
    expect(insert).toEqual({
      schema: { elements: [] },
      rows: [],
      stats: { rows_inserted: 2, rows_deleted: 0, rows_updated: 0 },
    });
    expect(count?.rows).toEqual([[2n]]);
    expect(rows(tx, 'SELECT species FROM pet WHERE id = 21')).toEqual([["it's a bird"]]);
  });

  it('takes named columns in any order; a left-out sequence column gets the next value, and so does 0', () => {
    const tx = seededTransaction();
    runSql(tx, `INSERT INTO person (owner, active, age, name) VALUES (0x${ALICE_HEX}, true, -3, 'Eve')`);
    runSql(tx, `INSERT INTO person VALUES (0, 'Frank', 40, false, 0x${OWNER_HEX})`);
    expect(rows(tx, 'SELECT * FROM person WHERE id >= 5 ORDER BY id')).toEqual([
      [5n, 'Eve', -3n, true, identity(ALICE_HEX)],
      [6n, 'Frank', 40n, false, identity(OWNER_HEX)],
    ]);
  });

  it('counts a row equal to an existing one as not inserted (a table is a set)', () => {
    const tx = seededTransaction();
    const [result] = runSql(tx, "INSERT INTO pet VALUES (13, 9, 'fish'), (14, 9, 'fish')");
    expect(result?.stats.rows_inserted).toBe(1);
    expect(rows(tx, 'SELECT COUNT(*) AS n FROM pet')).toEqual([[5n]]);
  });

  it('refuses wrong column counts, unknown or repeated columns, and literals that do not fit', () => {
    const tx = seededTransaction();
    expect(sqlError(tx, 'INSERT INTO pet VALUES (1, 2)')).toBe(
      'Inserting a row with 2 values into `pet` which has 3 fields',
    );
    expect(sqlError(tx, 'INSERT INTO pet (id, person_id) VALUES (1, 2)')).toBe(
      'The number of fields (2) in the INSERT does not match the number of columns (3) of the table `pet`',
    );
    expect(sqlError(tx, "INSERT INTO pet (id, person_id, kind) VALUES (1, 2, 'x')")).toBe(
      '`pet` does not have a field `kind`',
    );
    expect(sqlError(tx, 'INSERT INTO pet (id, id, species) VALUES (1, 2, 3)')).toBe('Duplicate name `id`');
    expect(sqlError(tx, "INSERT INTO pet VALUES (-1, 2, 'x')")).toBe(
      'The literal expression `-1` cannot be parsed as type `U64`',
    );
    // In DML a string only fits a String column and a boolean only a Bool one, as in SpacetimeDB.
    expect(sqlError(tx, "INSERT INTO pet VALUES ('1', 2, 'x')")).toBe(
      'Unexpected type: (expected) String != U64 (inferred)',
    );
    expect(sqlError(tx, "INSERT INTO pet VALUES (TRUE, 2, 'x')")).toBe(
      'Unexpected type: (expected) Bool != U64 (inferred)',
    );
    expect(sqlError(tx, 'INSERT INTO nowhere VALUES (1)')).toContain('no such table: `nowhere`');
    expect(rows(tx, 'SELECT COUNT(*) AS n FROM pet')).toEqual([[4n]]);
  });

  it('a unique violation is a SqlError and the statement changes nothing', () => {
    const tx = seededTransaction();
    expect(sqlError(tx, "INSERT INTO pet VALUES (30, 1, 'new'), (10, 1, 'clash')")).toContain('pet');
    expect(rows(tx, 'SELECT id FROM pet ORDER BY id')).toEqual([[10n], [11n], [12n], [13n]]);
    expect(rows(tx, 'SELECT species FROM pet WHERE id = 10')).toEqual([['cat']]);
  });
});

describe('SQL UPDATE', () => {
  it('sets columns of the matching rows and counts them as updated', () => {
    const tx = seededTransaction();
    const [result] = runSql(tx, "UPDATE person SET age = 26, name = 'Young' WHERE age = 25");
    expect(result?.stats).toEqual({ rows_inserted: 0, rows_deleted: 0, rows_updated: 2 });
    expect(people(tx)).toEqual([
      [1n, 'Alice', 30n],
      [2n, 'Young', 26n],
      [3n, 'Carol', 35n],
      [4n, 'Young', 26n],
    ]);
    expect(runSql(tx, 'UPDATE person SET age = 1 WHERE id = 99')[0]?.stats.rows_updated).toBe(0);
  });

  it('updates every row without WHERE, and may move a unique key', () => {
    const tx = seededTransaction();
    expect(runSql(tx, 'UPDATE person SET active = false')[0]?.stats.rows_updated).toBe(4);
    expect(rows(tx, 'SELECT COUNT(*) AS n FROM person WHERE active')).toEqual([[0n]]);
    runSql(tx, 'UPDATE pet SET id = 99 WHERE id = 13');
    expect(rows(tx, 'SELECT id, species FROM pet WHERE person_id = 9')).toEqual([[99n, 'fish']]);
  });

  it('a unique violation is a SqlError and the statement changes nothing', () => {
    const tx = seededTransaction();
    const before = rows(tx, 'SELECT * FROM pet ORDER BY id');
    expect(sqlError(tx, 'UPDATE pet SET id = 50 WHERE person_id = 1')).toContain('pet');
    expect(rows(tx, 'SELECT * FROM pet ORDER BY id')).toEqual(before);
    expect(sqlError(tx, 'UPDATE pet SET id = 12 WHERE id = 13')).toContain('pet');
    expect(rows(tx, 'SELECT * FROM pet ORDER BY id')).toEqual(before);
  });

  it('refuses unknown columns, repeated columns and literals of the wrong type', () => {
    const tx = seededTransaction();
    expect(sqlError(tx, 'UPDATE person SET height = 1')).toBe('`person` does not have a field `height`');
    expect(sqlError(tx, 'UPDATE person SET age = 1, age = 2')).toBe('Duplicate name `age`');
    expect(sqlError(tx, "UPDATE person SET age = 'x'")).toBe('Unexpected type: (expected) String != I64 (inferred)');
    expect(sqlError(tx, 'UPDATE misc SET small = 300')).toBe(
      'The literal expression `300` cannot be parsed as type `U8`',
    );
    expect(sqlError(tx, 'UPDATE person SET age = 1 WHERE nope = 1')).toBe('`person` does not have a field `nope`');
  });
});

describe('SQL DELETE', () => {
  it('deletes the matching rows and counts them', () => {
    const tx = seededTransaction();
    const [result] = runSql(tx, "DELETE FROM pet WHERE species = 'cat' OR person_id = 9");
    expect(result?.stats).toEqual({ rows_inserted: 0, rows_deleted: 3, rows_updated: 0 });
    expect(rows(tx, 'SELECT id FROM pet')).toEqual([[11n]]);
    expect(runSql(tx, 'DELETE FROM pet WHERE id = 10')[0]?.stats.rows_deleted).toBe(0);
  });

  it('deletes every row without WHERE, and may qualify columns with the table name', () => {
    const tx = seededTransaction();
    expect(runSql(tx, 'DELETE FROM person WHERE person.age = 25')[0]?.stats.rows_deleted).toBe(2);
    expect(runSql(tx, 'DELETE FROM person')[0]?.stats.rows_deleted).toBe(2);
    expect(rows(tx, 'SELECT COUNT(*) AS n FROM person')).toEqual([[0n]]);
  });
});

describe('SQL DML permissions', () => {
  it('refuses DML by anyone but the owner, naming the caller, and changes nothing', () => {
    const tx = seededTransaction();
    const refusal = `Caller ${ALICE_HEX} is not authorized to run SQL DML statements`;
    expect(sqlError(tx, "INSERT INTO pet VALUES (20, 1, 'x')", ALICE)).toBe(refusal);
    expect(sqlError(tx, "UPDATE pet SET species = 'x'", ALICE)).toBe(refusal);
    expect(sqlError(tx, 'DELETE FROM pet', ALICE)).toBe(refusal);
    expect(rows(tx, "SELECT COUNT(*) AS n FROM pet WHERE species <> 'x'")).toEqual([[4n]]);
  });

  it('checks names before permissions: a private table reads as unknown to others', () => {
    const tx = seededTransaction();
    expect(sqlError(tx, 'DELETE FROM secret', ALICE)).toContain('no such table: `secret`');
    expect(sqlError(tx, 'DELETE FROM pet WHERE nope = 1', ALICE)).toBe('`pet` does not have a field `nope`');
  });
});
