import { describe, expect, it } from 'vitest';
import { engine, OPTIONS, SOCIAL, TestDatabase, typeqlError } from './helpers.js';

const db = new TestDatabase();
db.run(SOCIAL);
db.run(`insert
  $a isa person, has name "Ann", has age 30, has email "a@x", has email "a@y";
  $b isa person, has name "Bob";
  friendship (friend: $a, friend: $b);`);

describe('fetch', () => {
  it('builds documents: scalar, list, all attributes, literal, nested object', () => {
    const answer = db.read(
      'match $p isa person, has name "Ann"; fetch { "name": $p.name, "age": $p.age, "emails": [ $p.email ], "all": { $p.* }, "kind": "person", "nested": { "n": $p.name } };',
    );
    expect(answer.answerType).toBe('conceptDocuments');
    expect(answer.answers).toEqual([
      {
        name: 'Ann',
        age: 30,
        emails: ['a@x', 'a@y'],
        all: { name: 'Ann', email: ['a@x', 'a@y'], age: 30 },
        kind: 'person',
        nested: { n: 'Ann' },
      },
    ]);
  });

  it('gives null for a missing scalar and [] for a missing list; { $p.* } at top level', () => {
    expect(db.docs('match $p isa person, has name "Bob"; fetch { "age": $p.age, "emails": [ $p.email ] };')).toEqual([
      { age: null, emails: [] },
    ]);
    expect(db.docs('match $p isa person, has name "Bob"; fetch { $p.* };')).toEqual([{ name: 'Bob' }]);
  });

  it('fetches values, attributes and types by variable', () => {
    expect(
      db.docs(
        'match $p isa person, has name $n, has age $a; $p isa! $t; let $next = $a + 1; $at label age; fetch { "n": $n, "next": $next, "t": $t, "at": $at };',
      ),
    ).toEqual([
      {
        n: 'Ann',
        next: 31,
        t: { kind: 'entity', label: 'person' },
        at: { kind: 'attribute', label: 'age', valueType: 'integer' },
      },
    ]);
    expect(db.docs('match friendship relates $r; fetch { "r": $r };')).toEqual([
      { r: { kind: 'relation:role', label: 'friendship:friend' } },
    ]);
  });

  it('runs sub-queries per row: lists and single reduce values', () => {
    expect(
      db.docs(
        'match $p isa person, has name $n; sort $n; fetch { "n": $n, "friends": [ match friendship (friend: $p, friend: $f); fetch { "f": $f.name }; ], "count": ( match friendship (friend: $p, friend: $f); reduce $c = count; ) };',
      ),
    ).toEqual([
      { n: 'Ann', friends: [{ f: 'Bob' }], count: 1 },
      { n: 'Bob', friends: [{ f: 'Ann' }], count: 1 },
    ]);
  });

  it('rejects $p.attr when more than one may be owned (QUA12), undefined attributes (QUA7) and entities (FEX5)', () => {
    const tx = db.begin();
    const fail = (q: string) => typeqlError(() => tx.execute(engine.parse(q), OPTIONS));
    const card = fail('match $p isa person; fetch { "e": $p.email };');
    expect(card.levels.map(([c]) => c)).toEqual(['QUA12', 'QUA4', 'QEX8']);
    expect(fail('match $p isa person; fetch { "x": $p.nothing };').code).toBe('QUA7');
    const entity = fail('match $p isa person; fetch { "p": $p };');
    expect(entity.levels.map(([c]) => c)).toEqual(['FEX5', 'PEX8', 'QEX15']);
    expect(fail('match $f isa friendship; fetch { "f": $f };').code).toBe('FEX6');
    expect(fail('match $p isa person; fetch { "x": $q.name };').levels.map(([c]) => c)).toEqual([
      'FER5',
      'REP23',
      'QEX7',
    ]);
    expect(fail('match $n isa name; fetch { "x": $n.name };').code).toBe('FEX2');
  });

  it('ends a write pipeline too', () => {
    const tx = db.begin();
    const answer = tx.execute(
      engine.parse('insert $p isa person, has name "Zed"; fetch { "name": $p.name };'),
      OPTIONS,
    );
    expect(answer).toEqual({
      queryType: 'write',
      answerType: 'conceptDocuments',
      answers: [{ name: 'Zed' }],
      truncated: false,
    });
  });
});
