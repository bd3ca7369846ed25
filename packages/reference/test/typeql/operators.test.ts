import { describe, expect, it } from 'vitest';
import { engine, OPTIONS, TestDatabase, typeqlError } from './helpers.js';

const db = new TestDatabase();
db.run(`define attribute name value string; attribute age value integer; attribute score value double;
  attribute city value string;
  entity person, owns name, owns age, owns score, owns city;`);
db.run(`insert
  $a isa person, has name "Ann", has age 30, has score 1.5, has city "Oslo";
  $b isa person, has name "Bob", has age 20, has score 2.5, has city "Rome";
  $c isa person, has name "Cat", has age 40, has city "Oslo";
  $d isa person, has name "Dan", has age 20, has city "Rome";`);

const v = (c: unknown) => (c === null ? null : (c as { value: unknown }).value);

describe('stream operators', () => {
  it('select keeps only the named variables', () => {
    expect(Object.keys(db.rows('match $p isa person, has name $n; select $n;')[0] ?? {})).toEqual(['n']);
  });

  it('sort (asc/desc, several keys), offset and limit', () => {
    const rows = db.rows('match $p isa person, has name $n, has age $a; sort $a desc, $n asc; offset 1; limit 2;');
    expect(rows.map((r) => v(r.n))).toEqual(['Ann', 'Bob']);
  });

  it('distinct removes duplicate rows', () => {
    expect(db.rows('match $p isa person, has city $c; select $c;')).toHaveLength(4);
    expect(db.rows('match $p isa person, has city $c; select $c; distinct;')).toHaveLength(2);
  });

  it('reduce: count, count($x), sum, min, max, mean, median, std', () => {
    const [row] = db.rows(`match $p isa person, has age $a; try { $p has score $s; };
      reduce $n = count, $ns = count($s), $sum = sum($a), $min = min($a), $max = max($a), $mean = mean($a),
             $med = median($a), $std = std($a), $ssum = sum($s);`);
    expect(row).toEqual({
      n: { kind: 'value', value: 4, valueType: 'integer' },
      ns: { kind: 'value', value: 2, valueType: 'integer' },
      sum: { kind: 'value', value: 110, valueType: 'integer' },
      min: { kind: 'value', value: 20, valueType: 'integer' },
      max: { kind: 'value', value: 40, valueType: 'integer' },
      mean: { kind: 'value', value: 27.5, valueType: 'double' },
      med: { kind: 'value', value: 25, valueType: 'double' },
      std: { kind: 'value', value: expect.closeTo(9.5743, 3), valueType: 'double' },
      ssum: { kind: 'value', value: 4, valueType: 'double' },
    });
  });

  it('reduce with groupby, and over no rows', () => {
    const rows = db.rows('match $p isa person, has city $c, has age $a; reduce $n = count, $m = max($a) groupby $c;');
    expect(rows.map((r) => [v(r.c), v(r.n), v(r.m)])).toEqual([
      ['Oslo', 2, 40],
      ['Rome', 2, 20],
    ]);
    expect(db.rows('match $p isa person, has age > 100; reduce $n = count, $m = max($p);')).toEqual([
      { n: { kind: 'value', value: 0, valueType: 'integer' }, m: null },
    ]);
    expect(db.rows('match $p isa person, has age > 100, has city $c; reduce $n = count groupby $c;')).toEqual([]);
  });

  it('reduce list collects concepts', () => {
    const [row] = db.rows('match $p isa person, has city "Oslo", has name $n; sort $n; reduce $l = list($n);');
    expect((row as { l: unknown[] }).l.map(v)).toEqual(['Ann', 'Cat']);
  });

  it('rejects variables that are not available (REP18/REP19/REP29)', () => {
    const tx = db.begin();
    const fail = (q: string) => typeqlError(() => tx.execute(engine.parse(q), OPTIONS)).code;
    expect(fail('match $p isa person; select $q;')).toBe('REP18');
    expect(fail('match $p isa person; sort $q;')).toBe('REP18');
    expect(fail('match $p isa person; reduce $c = sum($q);')).toBe('REP19');
    expect(fail('match $p isa person; reduce $c = count groupby $q;')).toBe('REP29');
  });
});
