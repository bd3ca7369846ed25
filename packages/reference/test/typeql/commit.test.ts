import { describe, expect, it } from 'vitest';
import { engine, OPTIONS, SOCIAL, TestDatabase, typeqlError } from './helpers.js';

const exec = (tx: ReturnType<TestDatabase['begin']>, q: string) => tx.execute(engine.parse(q), OPTIONS);

describe('commit validation', () => {
  it('@key: exactly one per owner (DVL8)', () => {
    const db = new TestDatabase();
    db.run(SOCIAL);
    const error = typeqlError(() => db.run('insert $p isa person, has age 3;'));
    expect(error.phase).toBe('commit');
    expect(error.levels.map(([c]) => c)).toEqual(['CNT5', 'DVL8', 'COW5']);
    expect(error.levels[0]?.[1]).toBe("Constraint '@card(1..1)' has been violated: found 0 instances.");
  });

  it('@card on owns (DVL10), relates (DVL11) and plays (DVL12)', () => {
    const db = new TestDatabase();
    db.run(`define attribute tag value string; attribute n value string;
      entity item, owns n @key, owns tag @card(1..2), plays pairing:member @card(0..1);
      relation pairing, relates member @card(2);`);
    expect(typeqlError(() => db.run('insert $i isa item, has n "a";')).levels.map(([c]) => c)).toEqual([
      'CNT5',
      'DVL10',
      'COW5',
    ]);
    expect(
      typeqlError(() => db.run('insert $i isa item, has n "a", has tag "x", has tag "y", has tag "z";')).code,
    ).toBe('CNT5');
    db.run('insert $i isa item, has n "a", has tag "x"; $j isa item, has n "b", has tag "x";');
    expect(
      typeqlError(() => db.run('match $i isa item, has n "a"; insert pairing (member: $i);')).levels.map(([c]) => c),
    ).toEqual(['CNT5', 'DVL11', 'COW5']);
    db.run('match $i isa item, has n "a"; $j isa item, has n "b"; insert pairing (member: $i, member: $j);');
    db.run('insert $k isa item, has n "c", has tag "t";');
    expect(
      typeqlError(() =>
        db.run('match $i isa item, has n "a"; $k isa item, has n "c"; insert pairing (member: $i, member: $k);'),
      ).levels.map(([c]) => c),
    ).toEqual(['CNT5', 'DVL12', 'COW5']);
  });

  it('checks existing data when the schema changes (adding @key to data without it)', () => {
    const db = new TestDatabase();
    db.run('define attribute n value string; entity e owns n;');
    db.run('insert $x isa e;');
    expect(typeqlError(() => db.run('define e owns n @key;')).code).toBe('CNT5');
    db.run('insert $x isa e, has n "v"; $y isa e, has n "v";');
    expect(typeqlError(() => db.run('define e owns n @unique;')).levels.map(([c]) => c)).toEqual([
      'CNT9',
      'DVL10',
      'COW5',
    ]);
  });

  it('removes attributes nobody owns unless @independent', () => {
    const db = new TestDatabase();
    db.run('define attribute loose value string; attribute kept @independent, value string; attribute kept2 sub kept;');
    db.run('insert $a isa loose "x"; $b isa kept "y"; $c isa kept2 "z";');
    expect(db.rows('match $a isa loose;')).toHaveLength(0);
    expect(db.rows('match $a isa! kept;')).toHaveLength(1);
    expect(db.rows('match $a isa kept2;')).toHaveLength(1);
  });
});

describe('change sets', () => {
  it('report deleted, relied and exclusive', () => {
    const db = new TestDatabase();
    db.run(SOCIAL);
    db.run('insert $a isa person, has name "Ann"; $b isa person, has name "Bob";');
    const [ann, bob] = db.rows('match $p isa person; sort $p;').map((r) => (r.p as { iid: string }).iid);
    const tx = db.begin();
    exec(tx, 'match $p isa person, has name "Ann"; insert $p has email "a@x";');
    exec(tx, 'match $p isa person, has name "Bob"; delete $p;');
    exec(tx, 'insert $c isa person, has name "Cat";');
    tx.validate();
    const changes = tx.changes();
    expect(changes.empty).toBe(false);
    expect(changes.schemaChanged).toBe(false);
    expect([...changes.deleted]).toContain(bob);
    expect([...changes.relied]).toContain(ann);
    expect([...changes.exclusive]).toEqual(['person|name|Cat']);
    expect(changes.records.get(`thing/${bob}`)).toBeUndefined();
    expect(changes.records.has(`thing/${bob}`)).toBe(true);
  });

  it('merge two independent transactions onto the newer base (edge-level)', () => {
    const db = new TestDatabase();
    db.run(SOCIAL);
    db.run('insert $a isa person, has name "Ann";');
    const t1 = db.begin();
    const t2 = db.begin();
    exec(t1, 'match $p isa person, has name "Ann"; insert $p has email "one@x";');
    exec(t2, 'match $p isa person, has name "Ann"; insert $p has email "two@x";');
    exec(t2, 'insert $b isa person, has name "Bob";');
    db.commit(t1);
    db.commit(t2);
    expect(db.docs('match $p isa person, has name "Ann"; fetch { "e": [ $p.email ] };')).toEqual([
      { e: ['one@x', 'two@x'] },
    ]);
    expect(db.rows('match $p isa person;')).toHaveLength(2);
    expect(db.snapshot.version).toBe(4);
  });

  it('do not leak into earlier snapshots', () => {
    const db = new TestDatabase();
    db.run(SOCIAL);
    const before = db.snapshot;
    db.run('insert $a isa person, has name "Ann";');
    expect(engine.begin(before).execute(engine.parse('match $p isa person;'), OPTIONS).answers).toHaveLength(0);
  });

  it('records rebuild the same database (load round trip)', () => {
    const db = new TestDatabase();
    db.run(SOCIAL, 'define attribute when value datetime-tz; attribute m value decimal; person owns when, owns m;');
    db.run(
      'insert $a isa person, has name "Ann", has when 2024-01-01T10:00:00 Europe/Paris, has m 1.25dec; $b isa person, has name "Bob"; friendship (friend: $a, friend: $b);',
    );
    db.run('insert $c isa person, has name "Cat";');
    db.run('match $p isa person, has name "Cat"; delete $p;');
    const loaded = engine.loadDatabase(db.records.entries(), db.snapshot.version);
    expect(engine.formatSchema(loaded, false)).toBe(engine.formatSchema(db.snapshot, false));
    const q =
      'match $p isa person; sort $p; fetch { "n": $p.name, "w": $p.when, "m": $p.m, "f": [ match friendship (friend: $p, friend: $q); fetch { "q": $q.name }; ] };';
    const reloaded = engine.begin(loaded).execute(engine.parse(q), OPTIONS).answers;
    expect(reloaded).toEqual(db.docs(q));
    expect(reloaded).toHaveLength(2);
    // New instances get fresh iids after a reload.
    const tx = engine.begin(loaded);
    const row = exec(tx, 'insert $d isa person, has name "Dan";').answers?.[0] as { data: { d: { iid: string } } };
    expect(db.rows('match $p isa person;').map((r) => (r.p as { iid: string }).iid)).not.toContain(row.data.d.iid);
  });

  it('replayed as records, give another process the same database (catching up)', () => {
    const db = new TestDatabase();
    const replica = new TestDatabase();
    /** Commits on `db`, then replays the commit's records on `replica`, as a process catching up does. */
    const run = (...queries: string[]) => {
      const tx = db.begin();
      for (const q of queries) exec(tx, q);
      tx.validate();
      const records = [...tx.changes().records].map(([key, value]) => [key, value ?? null] as const);
      db.commit(tx);
      replica.snapshot = engine.applyRecords(replica.snapshot, JSON.parse(JSON.stringify(records)));
    };
    run(SOCIAL);
    run(
      'insert $a isa person, has name "Ann", has age 3; $b isa person, has name "Bob"; friendship (friend: $a, friend: $b);',
    );
    run('insert $c isa person, has name "Cat";');
    run('match $p isa person, has name "Cat"; delete $p;');
    run('match $p isa person, has name "Ann", has age $g; delete has $g of $p;');
    run('match $f isa friendship; delete $f;');
    run('define attribute nick value string; person owns nick;');
    const q =
      'match $p isa person; sort $p; fetch { "n": $p.name, "a": [ $p.age ], "f": [ match friendship (friend: $p, friend: $q); fetch { "q": $q.name }; ] };';
    expect(replica.docs(q)).toEqual(db.docs(q));
    expect(replica.docs(q)).toEqual([
      { n: 'Ann', a: [], f: [] },
      { n: 'Bob', a: [], f: [] },
    ]);
    expect(replica.rows('match $c isa person, has name "Cat";')).toEqual([]);
    expect(replica.rows('match $f isa friendship;')).toEqual([]);
    expect(engine.formatSchema(replica.snapshot, false)).toBe(engine.formatSchema(db.snapshot, false));
    expect(replica.snapshot.version).toBe(db.snapshot.version);
  });

  it('stay fast and correct over many small commits (layer compaction)', () => {
    const db = new TestDatabase();
    db.run(SOCIAL);
    for (let i = 0; i < 300; i++) db.run(`insert $p isa person, has name "p${i}", has age ${i % 50};`);
    expect(db.rows('match $p isa person;')).toHaveLength(300);
    expect(db.rows('match $p isa person, has age 7;')).toHaveLength(6);
    expect(engine.loadDatabase(db.records.entries(), db.snapshot.version)).toBeDefined();
  });
});
