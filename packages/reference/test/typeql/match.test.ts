import { describe, expect, it } from 'vitest';
import { engine, OPTIONS, TestDatabase, typeqlError } from './helpers.js';

const SCHEMA = `define
  attribute name value string; attribute nickname sub name; attribute age value integer;
  entity person, owns name @card(0..), owns age, plays friendship:friend, plays parentship:parent, plays parentship:child;
  entity student sub person;
  relation friendship, relates friend @card(0..), owns name;
  relation parentship, relates parent, relates child @card(0..);`;

function setup(): TestDatabase {
  const db = new TestDatabase();
  db.run(SCHEMA);
  db.run(`insert
    $a isa person, has name "Ann", has age 40;
    $b isa student, has name "Bob", has nickname "Bobby", has age 12;
    $c isa person, has name "Cat";
    $f isa friendship, links (friend: $a, friend: $c), has name "old friends";
    parentship (parent: $a, child: $b);`);
  return db;
}

const labels = (rows: Array<Record<string, unknown>>, v: string) =>
  rows.map((r) => (r[v] as { label?: string; value?: unknown }).label ?? (r[v] as { value: unknown }).value);

describe('match', () => {
  const db = setup();

  it('isa is subtype-inclusive, isa! exact', () => {
    expect(db.rows('match $p isa person;')).toHaveLength(3);
    expect(db.rows('match $p isa! person;')).toHaveLength(2);
    expect(labels(db.rows('match $p isa student; $p isa $t; select $t;'), 't')).toEqual(['student', 'person']);
    expect(labels(db.rows('match $p isa student; $p isa! $t; select $t;'), 't')).toEqual(['student']);
  });

  it('has with variables, literals, comparisons and attribute subtypes', () => {
    expect(labels(db.rows('match $p isa person, has name $n; $p has age > 18; select $n;'), 'n')).toEqual(['Ann']);
    expect(labels(db.rows('match $p has name $n; $n == "Bobby";'), 'n')).toEqual(['Bobby']);
    expect(labels(db.rows('match $p isa student, has name $n; select $n;'), 'n')).toEqual(['Bob', 'Bobby']);
    expect(labels(db.rows('match $p isa student, has nickname $n; select $n;'), 'n')).toEqual(['Bobby']);
    expect(db.rows('match $n isa name "Cat";')).toHaveLength(1);
    expect(db.rows('match $x has $a; $a isa age;')).toHaveLength(2);
  });

  it('links with roles, role variables and distinct role players', () => {
    expect(db.rows('match $f isa friendship, links (friend: $x, friend: $y);')).toHaveLength(2);
    const rows = db.rows('match $r links ($role: $x); $x has name "Bob";');
    expect(rows.map((r) => r.role)).toEqual([{ kind: 'roleType', label: 'parentship:child' }]);
    expect(db.rows('match parentship (parent: $p, child: $c); $c has name "Bob";')).toHaveLength(1);
    expect(db.rows('match $r isa parentship (child: $p); $p has name "Ann";')).toHaveLength(0);
  });

  it('matches types: sub, owns, relates, plays, label, kinds, value', () => {
    expect(labels(db.rows('match $t sub person;'), 't')).toEqual(['person', 'student']);
    expect(labels(db.rows('match $t sub! person;'), 't')).toEqual(['student']);
    expect(labels(db.rows('match $t owns age;'), 't')).toEqual(['person', 'student']);
    expect(labels(db.rows('match friendship relates $r;'), 'r')).toEqual(['friendship:friend']);
    expect(labels(db.rows('match $t plays parentship:child;'), 't')).toEqual(['person', 'student']);
    expect(labels(db.rows('match relation $t;'), 't')).toEqual(['friendship', 'parentship']);
    expect(labels(db.rows('match attribute $t; $t value string;'), 't')).toEqual(['name', 'nickname']);
    expect(db.rows('match $t label person;')).toEqual([{ t: { kind: 'entityType', label: 'person' } }]);
    expect(db.rows('match $e isa $t; $t relates $r; $e has name "old friends";')[0]).toMatchObject({
      t: { kind: 'relationType', label: 'friendship' },
      r: { kind: 'roleType', label: 'friendship:friend' },
    });
  });

  it('encodes attribute types with their value type', () => {
    expect(db.rows('match $t label age;')).toEqual([
      { t: { kind: 'attributeType', label: 'age', valueType: 'integer' } },
    ]);
  });

  it('supports not, or and try', () => {
    expect(labels(db.rows('match $p isa person, has name $n; not { $p has age $a; }; select $n;'), 'n')).toEqual([
      'Cat',
    ]);
    expect(
      labels(db.rows('match $p isa person, has name $n; { $n == "Ann"; } or { $n == "Cat"; }; select $n;'), 'n'),
    ).toEqual(['Ann', 'Cat']);
    const rows = db.rows('match $p isa! person, has name $n; try { $p has age $a; }; select $n, $a;');
    expect(
      rows.map((r) => [(r.n as { value: string }).value, r.a === null ? null : (r.a as { value: number }).value]),
    ).toEqual([
      ['Ann', 40],
      ['Cat', null],
    ]);
  });

  it('matches an iid', () => {
    const [row] = db.rows('match $p isa person, has name "Cat";');
    const iid = (row as { p: { iid: string } }).p.iid;
    expect(db.rows(`match $p iid ${iid}; $p has name $n; select $n;`)).toEqual([
      { n: expect.objectContaining({ value: 'Cat' }) },
    ]);
  });

  it('omits types with includeInstanceTypes false', () => {
    const answer = db.begin().execute(engine.parse('match $p isa person, has age 40, has name $n;'), {
      ...OPTIONS,
      includeInstanceTypes: false,
    });
    expect(answer.answers).toEqual([
      {
        data: {
          p: { kind: 'entity', iid: expect.any(String), type: null },
          n: { kind: 'attribute', iid: expect.stringMatching(/^0x20/), value: 'Ann', valueType: 'string', type: null },
        },
        involvedBlocks: null,
      },
    ]);
  });

  it('limits answers and reports truncation', () => {
    const answer = db.begin().execute(engine.parse('match $p isa person;'), { ...OPTIONS, answerCountLimit: 2 });
    expect(answer.answers).toHaveLength(2);
    expect(answer.truncated).toBe(true);
    const exact = db.begin().execute(engine.parse('match $p isa person;'), { ...OPTIONS, answerCountLimit: 3 });
    expect(exact.truncated).toBe(false);
  });

  it('fails to compile unknown labels (INF2), roles (INF3) and impossible ownerships (INF11)', () => {
    const tx = db.begin();
    const fail = (q: string) => typeqlError(() => tx.execute(engine.parse(q), OPTIONS));
    const unknown = fail('match $p isa dragon;');
    expect(unknown.levels.map(([c]) => c)).toEqual(['INF2', 'QUA1', 'QEX8']);
    expect(unknown.phase).toBe('compile');
    expect(fail('match $r links (enemy: $x);').code).toBe('INF3');
    expect(fail('match $f isa friendship, has age $a;').code).toBe('INF11');
    expect(fail('match $x isa person; $y > 3;').code).toBe('REP44');
    // The transaction is still usable after compile errors.
    expect(tx.execute(engine.parse('match $p isa person;'), OPTIONS).answers).toHaveLength(3);
  });
});

describe('role specialisation', () => {
  it('matches a specialising role through the role it specialises', () => {
    const db = new TestDatabase();
    db.run(`define
      attribute name value string;
      entity person owns name, plays parentship:parent, plays parentship:child, plays fathership:father;
      relation parentship relates parent, relates child @card(0..);
      relation fathership sub parentship, relates father as parent;`);
    db.run('insert $a isa person, has name "Dad"; $b isa person, has name "Kid"; fathership (father: $a, child: $b);');
    expect(engine.formatSchema(db.snapshot, true)).toContain(
      'relation fathership,\n  sub parentship,\n  relates father as parent;',
    );
    const names = (q: string) => db.rows(q).map((r) => (r.n as { value: string }).value);
    expect(names('match $r isa parentship, links (parent: $x); $x has name $n; select $n;')).toEqual(['Dad']);
    expect(names('match fathership (father: $x); $x has name $n; select $n;')).toEqual(['Dad']);
    expect(names('match fathership (child: $x); $x has name $n; select $n;')).toEqual(['Kid']);
  });
});
