import { describe, expect, it } from 'vitest';
import type { TypeQLError } from '../../src/typedb/typeql/errors.js';
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
    // An attribute owns nothing: type checking fails at compile time (QUA10), before execution's FEX2.
    expect(fail('match $n isa name; fetch { "x": $n.name };').code).toBe('QUA10');
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

describe('fetch type checks (compiler/annotation/fetch.rs)', () => {
  const animals = new TestDatabase();
  animals.run(`define
    attribute name, value string;
    attribute nickname, value string;
    attribute tag, value string;
    entity animal @abstract, owns name, plays friendship:friend;
    entity dog sub animal, owns tag @card(0..);
    entity cat sub animal, owns nickname;
    entity rock, owns tag @card(0..3);
    relation friendship, relates friend @card(0..);`);
  animals.run(`insert
    $d isa dog, has name "Rex", has tag "good", has tag "loud";
    $c isa cat, has name "Tom", has nickname "Tommy";
    friendship (friend: $d, friend: $c);`);
  const empty = new TestDatabase();
  empty.run(SOCIAL);

  const failIn = (database: TestDatabase, query: string) =>
    typeqlError(() => database.begin().execute(engine.parse(query), OPTIONS));
  const codes = (error: TypeQLError) => error.levels.map(([code]) => code);

  it('QUA8: $x.attr when a type $x can have does not own it, at compile time', () => {
    const error = failIn(db, 'match $f isa friendship; fetch { "n": $f.name };');
    expect(error.phase).toBe('compile');
    expect(error.levels).toEqual([
      ['QUA8', "Type checking '$f.name' failed, since attribute 'name' cannot be when '$f' has type 'friendship'."],
      ['QUA4', "Error during type inference for fetch operation for key 'n'."],
      ['QEX8', 'Error analysing query.'],
    ]);
  });

  it('QUA9: [ $x.attr ] when a type $x can have does not own it', () => {
    const error = failIn(db, 'match $f isa friendship; fetch { "n": [ $f.name ] };');
    expect(error.phase).toBe('compile');
    expect(error.levels[0]).toEqual([
      'QUA9',
      "Type checking '[$f.name]' failed, since attribute 'name' cannot be when '$f' has type 'friendship'.",
    ]);
    expect(codes(error)).toEqual(['QUA9', 'QUA4', 'QEX8']);
  });

  it('QUA12: $x.attr owned more than once, whatever the data', () => {
    const error = failIn(animals, 'match $d isa dog; fetch { "t": $d.tag };');
    expect(error.phase).toBe('compile');
    expect(error.levels[0]).toEqual([
      'QUA12',
      "Fetch attribute '$d.tag' must be wrapped in '[]', since this attribute can be owned more than 1 time when '$d' has type 'dog', according to the schema's cardinality constraints.",
    ]);
    // The list form is fine.
    expect(animals.docs('match $d isa dog; fetch { "t": [ $d.tag ] };')).toEqual([{ t: ['good', 'loud'] }]);
  });

  it('raises QUA7, QUA8, QUA9 and QUA12 over zero matching rows', () => {
    expect(empty.docs('match $p isa person; fetch { "n": $p.name };')).toEqual([]);
    expect(failIn(empty, 'match $f isa friendship; fetch { "n": $f.name };').code).toBe('QUA8');
    expect(failIn(empty, 'match $f isa friendship; fetch { "n": [ $f.name ] };').code).toBe('QUA9');
    expect(failIn(empty, 'match $p isa person; fetch { "e": $p.email };').code).toBe('QUA12');
    expect(failIn(db, 'match $p isa person, has name "Nobody"; fetch { "e": $p.email };').code).toBe('QUA12');
    expect(failIn(empty, 'match $p isa person; fetch { "x": $p.nothing };').code).toBe('QUA7');
    // ... in nested objects and sub-queries too, with one QUA4 per enclosing key.
    expect(codes(failIn(empty, 'match $f isa friendship; fetch { "outer": { "inner": $f.name } };'))).toEqual([
      'QUA8',
      'QUA4',
      'QUA4',
      'QEX8',
    ]);
    const sub = failIn(
      empty,
      'match $p isa person; fetch { "friends": [ match friendship (friend: $p, friend: $f); fetch { "e": $f.email }; ] };',
    );
    expect(sub.levels.map(([code, description]) => (code === 'QUA4' ? description : code))).toEqual([
      'QUA12',
      "Error during type inference for fetch operation for key 'e'.",
      "Error during type inference for fetch operation for key 'friends'.",
      'QEX8',
    ]);
  });

  it('checks every type the variable can have, subtypes included, in type order', () => {
    // dog has no nickname; cat has no tag (dog, the first subtype, fails on its cardinality first).
    expect(failIn(animals, 'match $a isa animal; fetch { "n": $a.nickname };').levels[0]?.[1]).toContain(
      "has type 'dog'",
    );
    expect(failIn(animals, 'match $a isa animal; fetch { "t": [ $a.tag ] };').levels[0]).toEqual([
      'QUA9',
      "Type checking '[$a.tag]' failed, since attribute 'tag' cannot be when '$a' has type 'cat'.",
    ]);
    // Owners inferred from `has`: dog and rock own tag, and rock has no name.
    expect(failIn(animals, 'match $x has tag $t; fetch { "n": $x.name };').levels[0]?.[1]).toContain("has type 'rock'");
    // A disjunction gives the union of its branches.
    expect(failIn(animals, 'match { $x isa dog; } or { $x isa rock; }; fetch { "n": $x.name };').code).toBe('QUA8');
    // An attribute or role type owns nothing.
    expect(failIn(animals, 'match $n isa name; fetch { "n": [ $n.name ] };').levels[0]).toEqual([
      'QUA11',
      "Type checking '[$n.name]' failed, since attribute 'name' cannot be when '$n' has kind 'attribute'.",
    ]);
  });

  it('still fetches when every type the variable can have owns the attribute', () => {
    // animal is abstract, so $a is a dog or a cat, and both inherit `owns name`.
    expect(animals.docs('match $a isa animal, has name $n; sort $n; fetch { "n": $a.name };')).toEqual([
      { n: 'Rex' },
      { n: 'Tom' },
    ]);
    // Owners inferred from `has name`: dogs and cats; the list form too needs every one to own it.
    expect(animals.docs('match $x has name $n; sort $n; fetch { "n": $x.name, "names": [ $x.name ] };')).toEqual([
      { n: 'Rex', names: ['Rex'] },
      { n: 'Tom', names: ['Tom'] },
    ]);
    expect(failIn(animals, 'match $x has name $n; fetch { "nick": [ $x.nickname ] };').code).toBe('QUA9');
    // Players of friendship:friend are animals: dogs and cats.
    expect(
      animals.docs('match friendship (friend: $x, friend: $y); $x isa cat; fetch { "x": $x.name, "y": $y.name };'),
    ).toEqual([{ x: 'Tom', y: 'Rex' }]);
    expect(animals.docs('match $c isa cat; fetch { "n": $c.name, "nick": $c.nickname };')).toEqual([
      { n: 'Tom', nick: 'Tommy' },
    ]);
  });

  it('fails a write pipeline before it writes anything', () => {
    const tx = animals.begin();
    const error = typeqlError(() =>
      tx.execute(engine.parse('insert $r isa rock, has tag "x"; fetch { "n": $r.name };'), OPTIONS),
    );
    expect(error.code).toBe('QUA8');
    expect(error.phase).toBe('compile');
    expect(tx.execute(engine.parse('match $r isa rock;'), OPTIONS).answers).toEqual([]);
  });
});
