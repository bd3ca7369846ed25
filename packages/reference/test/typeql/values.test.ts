import { describe, expect, it } from 'vitest';
import { engine, OPTIONS, TestDatabase } from './helpers.js';

const parse = (q: string) => engine.parse(q);

const SCHEMA = `define
  attribute b value boolean; attribute i value integer; attribute d value double; attribute m value decimal;
  attribute day value date; attribute t value datetime; attribute tz value datetime-tz; attribute dur value duration;
  attribute s value string;
  entity holder, owns b, owns i, owns d, owns m, owns day, owns t, owns tz @card(0..), owns dur, owns s;`;

describe('value encodings', () => {
  const db = new TestDatabase();
  db.run(SCHEMA);
  db.run(`insert $h isa holder,
    has b true, has i 42, has d 2.5, has m 12.50dec, has day 2024-01-31,
    has t 2020-01-01T13:13:13.999, has tz 2020-01-01T13:13:13+01:00, has tz 2020-01-01T10:00:00 Europe/London,
    has dur P1Y2M3DT4H5M6.5S, has s "héllo \\"quoted\\"";`);

  it('encodes each value type in rows (native JSON or TypeDB display strings)', () => {
    const rows = db.rows('match $h isa holder, has $a; $a isa! $t; select $a;');
    const byType = Object.fromEntries(
      rows.map((r) => {
        const a = r.a as { type: { label: string }; value: unknown; valueType: string };
        return [`${a.type.label}:${String(a.value)}`, [a.value, a.valueType]];
      }),
    );
    expect(Object.values(byType)).toEqual(
      expect.arrayContaining([
        [true, 'boolean'],
        [42, 'integer'],
        [2.5, 'double'],
        ['12.5dec', 'decimal'],
        ['2024-01-31', 'date'],
        ['2020-01-01T13:13:13.999000000', 'datetime'],
        ['2020-01-01T13:13:13.000000000+01:00', 'datetime-tz'],
        ['2020-01-01T10:00:00.000000000 Europe/London', 'datetime-tz'],
        ['P1Y2M3DT4H5M6.500000000S', 'duration'],
        ['héllo "quoted"', 'string'],
      ]),
    );
    expect(rows).toHaveLength(10);
  });

  it('encodes values the same way in fetch documents', () => {
    expect(db.docs('match $h isa holder; fetch { "m": $h.m, "t": $h.t, "tz": [ $h.tz ], "b": $h.b };')).toEqual([
      {
        m: '12.5dec',
        t: '2020-01-01T13:13:13.999000000',
        tz: ['2020-01-01T13:13:13.000000000+01:00', '2020-01-01T10:00:00.000000000 Europe/London'],
        b: true,
      },
    ]);
  });

  it('computes with let: arithmetic, casts and value concepts', () => {
    const rows = db.rows(
      'match $h isa holder, has i $i, has d $d, has m $m; let $x = $i + 1; let $y = $i * $d; let $z = $m + 1; let $q = $i / 4; select $x, $y, $z, $q;',
    );
    expect(rows).toEqual([
      {
        x: { kind: 'value', value: 43, valueType: 'integer' },
        y: { kind: 'value', value: 105, valueType: 'double' },
        z: { kind: 'value', value: '13.5dec', valueType: 'decimal' },
        q: { kind: 'value', value: 10.5, valueType: 'double' },
      },
    ]);
  });

  it('compares across numeric types, dates and datetimes, strings (contains is case-insensitive; like is a regex)', () => {
    const count = (q: string) => db.rows(`${q} reduce $c = count;`)[0]?.c;
    const one = { kind: 'value', value: 1, valueType: 'integer' };
    const none = { kind: 'value', value: 0, valueType: 'integer' };
    expect(count('match $h isa holder, has i $i; $i == 42.0;')).toEqual(one);
    expect(count('match $h isa holder, has i > 41;')).toEqual(one);
    expect(count('match $h isa holder, has m $m; $m > 12.4dec; $m < 13;')).toEqual(one);
    expect(count('match $h isa holder, has t $t; $t > 2020-01-01;')).toEqual(one);
    expect(count('match $h isa holder, has tz $z; $z < 2020-01-01T11:00:00+00:00;')).toEqual(one);
    expect(count('match $h isa holder, has s $s; $s contains "HÉLLO";')).toEqual(one);
    expect(count('match $h isa holder, has s $s; $s like "^h.llo";')).toEqual(one);
    expect(count('match $h isa holder, has s $s; $s like "^x";')).toEqual(none);
    expect(count('match $h isa holder, has dur P1Y2M3DT4H5M6.5S;')).toEqual(one);
  });

  it('casts integer literals into double and decimal attributes, and rejects mismatches (DVL15)', () => {
    const db2 = new TestDatabase();
    db2.run(SCHEMA);
    db2.run('insert $h isa holder, has d 3, has m 4, has t 2024-02-29;');
    expect(db2.docs('match $h isa holder; fetch { "d": $h.d, "m": $h.m, "t": $h.t };')).toEqual([
      { d: 3, m: '4.0dec', t: '2024-02-29T00:00:00.000000000' },
    ]);
    const tx = db2.begin();
    expect(() => tx.execute(parse('insert $h isa holder, has i "x";'), OPTIONS)).toThrowError(/DVL15/);
  });
});

describe('value annotations', () => {
  it('enforces @regex, @range and @values on write (CNT6/CNT7/CNT8 under DVL7)', () => {
    const db = new TestDatabase();
    db.run(`define attribute email value string @regex("@");
      attribute age value integer @range(0..150);
      attribute colour value string @values("red", "green");
      entity person owns email, owns age, owns colour;`);
    db.run('insert $p isa person, has email "a@b", has age 150, has colour "red";');
    const tx = db.begin();
    const code = (q: string) => {
      try {
        tx.execute(parse(q), OPTIONS);
        return 'ok';
      } catch (error) {
        return (error as { levels: Array<[string, string]> }).levels
          .slice(0, 2)
          .map(([c]) => c)
          .join(',');
      }
    };
    expect(code('insert $p isa person, has email "nope";')).toBe('CNT6,DVL7');
    expect(code('insert $p isa person, has age 151;')).toBe('CNT7,DVL7');
    expect(code('insert $p isa person, has colour "blue";')).toBe('CNT8,DVL7');
  });
});
