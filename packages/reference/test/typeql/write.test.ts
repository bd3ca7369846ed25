import { describe, expect, it } from 'vitest';
import { engine, OPTIONS, SOCIAL, TestDatabase, typeqlError } from './helpers.js';

const names = (db: TestDatabase) =>
  db.docs('match $p isa person; fetch { "name": $p.name, "age": $p.age, "emails": [ $p.email ] };');

describe('insert', () => {
  it('runs once as the first stage and answers a row with the new named variables only', () => {
    const db = new TestDatabase();
    db.run(SOCIAL);
    const answer = db.run('insert $p isa person, has name "Ann"; $_ isa person, has name "Anon";');
    expect(answer.queryType).toBe('write');
    expect(answer.answerType).toBe('conceptRows');
    expect(answer.answers).toEqual([
      {
        data: { p: { kind: 'entity', iid: expect.any(String), type: { kind: 'entityType', label: 'person' } } },
        involvedBlocks: null,
      },
    ]);
    expect(db.rows('match $p isa person;')).toHaveLength(2);
  });

  it('runs once per input row after a match, reusing attributes by value', () => {
    const db = new TestDatabase();
    db.run(SOCIAL);
    db.run('insert $a isa person, has name "Ann"; $b isa person, has name "Bob";');
    const answer = db.run('match $p isa person; insert $p has email "shared@example.com";');
    expect(answer.answers).toHaveLength(2);
    expect(db.rows('match $e isa email;')).toHaveLength(1);
    expect(db.rows('match $p has email "shared@example.com";')).toHaveLength(2);
  });

  it('inserts relations with inferred roles and attributes from values', () => {
    const db = new TestDatabase();
    db.run(SOCIAL);
    db.run('insert $a isa person, has name "Ann"; $b isa person, has name "Bob"; friendship ($a, $b);');
    expect(db.rows('match friendship (friend: $x, friend: $y);')).toHaveLength(2);
    db.run('match $p isa person, has name "Ann"; let $n = "Ann2"; insert $q isa person, has name $n;');
    expect(db.rows('match $p has name "Ann2";')).toHaveLength(1);
  });

  it('rejects abstract types (CNT4), non-owned attributes (INF4), unbound variables (INF10) and duplicate keys (DVL9)', () => {
    const db = new TestDatabase();
    db.run(SOCIAL, 'define entity thing @abstract; attribute colour value string;');
    db.run('insert $a isa person, has name "Ann";');
    const tx = db.begin();
    const fail = (q: string) => typeqlError(() => tx.execute(engine.parse(q), OPTIONS));
    expect(fail('insert $t isa thing;').levels.map(([c]) => c)).toEqual([
      'CNT4',
      'DVL5',
      'COW5',
      'WEX1',
      'PEX6',
      'QEX14',
    ]);
    expect(fail('insert $p isa person, has colour "red";').code).toBe('INF4');
    expect(fail('insert $f isa friendship, links (friend: $nobody);').code).toBe('INF10');
    const dup = fail('insert $b isa person, has name "Ann";');
    expect(dup.levels.map(([c]) => c)).toEqual(['CNT9', 'DVL9', 'COW5', 'WEX1', 'PEX6', 'QEX14']);
    expect(dup.phase).toBe('execute');
  });
});

describe('put', () => {
  it('inserts only when the pattern does not match', () => {
    const db = new TestDatabase();
    db.run(SOCIAL);
    db.run('put $p isa person, has name "Ann";');
    db.run('put $p isa person, has name "Ann";');
    expect(db.rows('match $p isa person;')).toHaveLength(1);
    const answer = db.run('put $p isa person, has name "Ann";');
    expect(answer.answers).toHaveLength(1);
  });
});

describe('update', () => {
  it('replaces a has of cardinality 1, or inserts it', () => {
    const db = new TestDatabase();
    db.run(SOCIAL);
    db.run('insert $a isa person, has name "Ann", has age 30; $b isa person, has name "Bob";');
    db.run('match $p isa person; update $p has age 31;');
    expect(names(db)).toEqual([
      { name: 'Ann', age: 31, emails: [] },
      { name: 'Bob', age: 31, emails: [] },
    ]);
    // The old age attribute lost its last owner and is gone after commit.
    expect(db.rows('match $a isa age;')).toHaveLength(1);
  });

  it('refuses ownerships that may have several values (INF5)', () => {
    const db = new TestDatabase();
    db.run(SOCIAL);
    db.run('insert $a isa person, has name "Ann";');
    const tx = db.begin();
    expect(
      typeqlError(() => tx.execute(engine.parse('match $p isa person; update $p has email "x@y";'), OPTIONS)).code,
    ).toBe('INF5');
  });
});

describe('delete', () => {
  it('deletes has, links and instances; deleted variables leave the rows', () => {
    const db = new TestDatabase();
    db.run(SOCIAL);
    db.run(
      'insert $a isa person, has name "Ann", has email "a@x", has email "a@y"; $b isa person, has name "Bob"; $c isa person, has name "Cat"; $f isa friendship, links (friend: $a, friend: $b, friend: $c);',
    );
    db.run('match $p isa person, has name "Ann", has email $e; $e == "a@x"; delete has $e of $p;');
    db.run('match $p isa person, has name "Ann"; delete has email "a@y" of $p;');
    expect(db.rows('match $e isa email;')).toHaveLength(0);
    db.run('match $f isa friendship; $c isa person, has name "Cat"; delete links (friend: $c) of $f;');
    expect(db.rows('match friendship (friend: $x); $x has name "Cat";')).toHaveLength(0);
    const answer = db.run('match $p isa person, has name $n; $n == "Bob"; delete $p;');
    expect(answer.answers).toEqual([{ data: { n: expect.objectContaining({ value: 'Bob' }) }, involvedBlocks: null }]);
    expect(db.rows('match $p isa person;')).toHaveLength(2);
    expect(db.rows('match friendship (friend: $x);')).toHaveLength(1);
    // Deleting the last player deletes the relation at commit.
    db.run('match $p isa person, has name "Ann"; delete $p;');
    expect(db.rows('match $f isa friendship;')).toHaveLength(0);
    expect(db.rows('match $n isa name;').map((r) => (r.n as { value: string }).value)).toEqual(['Cat']);
  });
});

describe('transactions', () => {
  it('sees its own writes, not others; rollback returns to the snapshot', () => {
    const db = new TestDatabase();
    db.run(SOCIAL);
    const tx = db.begin();
    tx.execute(engine.parse('insert $p isa person, has name "Ann";'), OPTIONS);
    expect(tx.execute(engine.parse('match $p isa person;'), OPTIONS).answers).toHaveLength(1);
    expect(db.rows('match $p isa person;')).toHaveLength(0);
    tx.rollback();
    expect(tx.execute(engine.parse('match $p isa person;'), OPTIONS).answers).toHaveLength(0);
    expect(tx.changes().empty).toBe(true);
  });

  it('applies writes fully even when the answers are truncated', () => {
    const db = new TestDatabase();
    db.run(SOCIAL);
    const tx = db.begin();
    const answer = tx.execute(
      engine.parse('insert $a isa person, has name "A"; $b isa person, has name "B";'),
      OPTIONS,
    );
    expect(answer.truncated).toBe(false);
    const many = tx.execute(engine.parse('match $p isa person; insert $q isa person;'), {
      ...OPTIONS,
      answerCountLimit: 1,
    });
    expect(many.answers).toHaveLength(1);
    expect(many.truncated).toBe(true);
  });
});

describe('labels', () => {
  it('are resolved for the whole pipeline before anything runs (INF2, INF3)', () => {
    const db = new TestDatabase();
    db.run(SOCIAL);
    const tx = db.begin();
    const fail = (q: string) => typeqlError(() => tx.execute(engine.parse(q), OPTIONS));
    expect(fail('insert $x isa spaceship;').levels.map(([c]) => c)).toEqual(['INF2', 'QUA1', 'QEX8']);
    expect(fail('insert $p isa person, has name "A"; match $x isa spaceship;').code).toBe('INF2');
    expect(fail('insert $p isa person, has nickname "A";').code).toBe('INF2');
    expect(fail('match $p isa person; delete has shoe "x" of $p;').code).toBe('INF2');
    expect(fail('insert $p isa person, has name "A"; $f isa friendship, links (enemy: $p);').code).toBe('INF3');
    expect(tx.execute(engine.parse('match $p isa person;'), OPTIONS).answers).toEqual([]);
  });
});
