import { describe, expect, it } from 'vitest';
import type { ReadView, Row, TableSchema, Transaction } from '../../../src/spacetimedb/datastore/index.js';
import { parseSql, runStatement, type SelectStatement, SqlError } from '../../../src/spacetimedb/sql/index.js';
import { forEachJoinedRow, MAX_ROW_VISITS } from '../../../src/spacetimedb/sql/join.js';
import { compileConjuncts } from '../../../src/spacetimedb/sql/predicates.js';
import { OWNER, rows, seededTransaction } from './fixture.js';

/** `tx` with its scans, index lookups and the rows they hand over counted. */
function countingView(tx: Transaction): { view: ReadView; calls: { scan: number; indexPoint: number; rows: number } } {
  const calls = { scan: 0, indexPoint: 0, rows: 0 };
  function* counted(source: Iterable<Row>): Generator<Row> {
    for (const row of source) {
      calls.rows++;
      yield row;
    }
  }
  const view: ReadView = {
    tables: tx.tables,
    table: (nameOrId) => tx.table(nameOrId),
    index: (nameOrId) => tx.index(nameOrId),
    rowCount: (tableId) => tx.rowCount(tableId),
    scan: (tableId) => {
      calls.scan++;
      return counted(tx.scan(tableId));
    },
    indexPoint: (indexId, key) => {
      calls.indexPoint++;
      return [...counted(tx.indexPoint(indexId, key))];
    },
    indexRange: (indexId, prefix, start, end) => tx.indexRange(indexId, prefix, start, end),
  };
  return { view, calls };
}

const sorted = (pairs: unknown[][]) => pairs.map((pair) => pair.join(',')).sort();

const run = (view: ReadView, text: string) => runStatement(parseSql(text)[0] as SelectStatement, view, OWNER).rows;

/** Scores that an equality must treat as the float order does: -0 = +0, every NaN equal. */
function withTrickyScores(): Transaction {
  const tx = seededTransaction();
  const scores = [-0, 0, Number.NaN, -Number.NaN, 1.5, Number.POSITIVE_INFINITY];
  scores.forEach((score, index) => {
    tx.insert(4098, [10 + index, 0, BigInt(index), new Uint8Array([index % 2]), score, []]);
  });
  return tx;
}

describe('SQL joins on a column without an index', () => {
  it('match exactly the pairs a nested loop finds, for floats (-0, NaN), strings, bytes and identities', () => {
    const tx = withTrickyScores();
    tx.insert(4097, [20n, 1n, 'Alice']);
    const pairs: [string, string][] = [
      ['a.score = b.score', 'a.score <= b.score AND a.score >= b.score'],
      ['a.data = b.data', 'a.data <= b.data AND a.data >= b.data'],
    ];
    for (const [equality, sameByOrder] of pairs) {
      const hashed = rows(tx, `SELECT a.small, b.small AS other FROM misc a JOIN misc b ON ${equality}`);
      const looped = rows(tx, `SELECT a.small, b.small AS other FROM misc a JOIN misc b ON ${sameByOrder}`);
      expect(sorted(hashed)).toEqual(sorted(looped));
      expect(hashed.length).toBeGreaterThan(6);
    }
    const zeros = rows(tx, 'SELECT b.small FROM misc a JOIN misc b ON a.score = b.score WHERE a.small = 10');
    expect(zeros.map(([small]) => small).sort()).toEqual([10, 11]);
    const nans = rows(tx, 'SELECT b.small FROM misc a JOIN misc b ON a.score = b.score WHERE a.small = 12');
    expect(nans.map(([small]) => small).sort()).toEqual([12, 13]);
    expect(rows(tx, 'SELECT pet.id FROM person p JOIN pet ON pet.species = p.name')).toEqual([[20n]]);
    const owners = rows(tx, 'SELECT b.name FROM person a JOIN person b ON a.owner = b.owner WHERE a.id = 2');
    expect(owners.map(([name]) => name).sort()).toEqual(['Bob', 'Carol']);
  });

  it('read the joined table once into a hash table, not once per row of the table before it', () => {
    const tx = withTrickyScores();
    const { view, calls } = countingView(tx);
    // 1.5 twice, -2.25, -0 and 0, two NaNs, infinity: 4 + 1 + 4 + 4 + 1 pairs.
    expect(run(view, 'SELECT a.small FROM misc a JOIN misc b ON a.score = b.score')).toHaveLength(14);
    expect(calls.scan).toBe(2);
    expect(calls.indexPoint).toBe(0);
  });
});

describe('SQL SELECT streams its rows', () => {
  it('stops reading at LIMIT without ORDER BY or DISTINCT, and reads everything with them', () => {
    const tx = seededTransaction();
    const { view, calls } = countingView(tx);
    expect(run(view, 'SELECT a.name FROM person a CROSS JOIN person b CROSS JOIN person c LIMIT 2')).toHaveLength(2);
    expect(calls.rows).toBeLessThanOrEqual(4);
    calls.rows = 0;
    expect(run(view, 'SELECT a.name FROM person a CROSS JOIN person b ORDER BY a.name DESC LIMIT 2')).toEqual([
      ['Dave'],
      ['Dave'],
    ]);
    expect(calls.rows).toBe(4 + 4 * 4);
    expect(run(view, 'SELECT DISTINCT a.name FROM person a CROSS JOIN person b LIMIT 3')).toHaveLength(3);
  });

  it('counts, sums and counts distinct values over joins row by row', () => {
    const tx = seededTransaction();
    expect(rows(tx, 'SELECT COUNT(*) AS n FROM person a CROSS JOIN person b CROSS JOIN pet c')).toEqual([[64n]]);
    expect(rows(tx, 'SELECT SUM(a.age) AS s FROM person a CROSS JOIN person b')).toEqual([
      [4n * (30n + 25n + 35n + 25n)],
    ]);
    expect(rows(tx, 'SELECT COUNT(DISTINCT b.age) AS n FROM person a CROSS JOIN person b')).toEqual([[3n]]);
    expect(rows(tx, 'SELECT COUNT(*) AS n FROM person a CROSS JOIN person b LIMIT 0')).toEqual([]);
  });
});

describe('SQL row-visit budget', () => {
  it(`is ${MAX_ROW_VISITS} rows per SELECT; past the budget the statement fails with SqlError`, () => {
    expect(MAX_ROW_VISITS).toBe(10_000_000);
    const tx = seededTransaction();
    const statement = parseSql(
      'SELECT a.id FROM person a CROSS JOIN person b CROSS JOIN person c',
    )[0] as SelectStatement;
    const scope = { tables: ['a', 'b', 'c'].map((alias) => ({ alias, schema: tx.table('person') as TableSchema })) };
    const conjuncts = [[], [], compileConjuncts(statement.where, scope, OWNER)];
    let combinations = 0;
    const count = () => {
      combinations++;
      return true;
    };
    // 4 + 16 + 64 rows handed over for 64 combinations.
    forEachJoinedRow(tx, scope, conjuncts, count, 84);
    expect(combinations).toBe(64);
    combinations = 0;
    expect(() => forEachJoinedRow(tx, scope, conjuncts, count, 83)).toThrow(SqlError);
    expect(() => forEachJoinedRow(tx, scope, conjuncts, count, 83)).toThrow(
      'The query is too expensive: it reads more than 83 rows',
    );
  });
});
