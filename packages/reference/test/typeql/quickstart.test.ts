import { describe, expect, it } from 'vitest';
import { engine, SOCIAL, TestDatabase } from './helpers.js';

describe('quickstart: a social network', () => {
  const db = new TestDatabase();
  db.run(SOCIAL);
  db.run(
    `insert
       $a isa person, has name "Ann", has age 30, has email "ann@example.com";
       $b isa person, has name "Bob", has age 25;
       $c isa person, has name "Cat";
       friendship (friend: $a, friend: $b);
       $f isa friendship, links (friend: $a, friend: $c);`,
  );

  it('defines the schema and prints it', () => {
    expect(engine.formatSchema(db.snapshot, false)).toBe(
      [
        'define',
        '',
        'attribute name,',
        ' value string;',
        'attribute email,',
        ' value string;',
        'attribute age,',
        ' value integer;',
        'entity person,',
        '  owns age,',
        '  owns email @card(0..),',
        '  owns name @key,',
        '  plays friendship:friend;',
        'relation friendship,',
        '  relates friend @card(0..);',
      ].join('\n'),
    );
  });

  it('fetches the friends of a person', () => {
    const docs = db.docs(
      `match $p isa person, has name "Ann"; friendship (friend: $p, friend: $f);
       fetch { "friend": $f.name };`,
    );
    expect(docs).toEqual([{ friend: 'Bob' }, { friend: 'Cat' }]);
  });

  it('fetches friends as a nested list per person', () => {
    const docs = db.docs(
      `match $p isa person; sort $p;
       fetch { "name": $p.name, "friends": [ match friendship (friend: $p, friend: $f); fetch { "name": $f.name }; ] };`,
    );
    expect(docs).toEqual([
      { name: 'Ann', friends: [{ name: 'Bob' }, { name: 'Cat' }] },
      { name: 'Bob', friends: [{ name: 'Ann' }] },
      { name: 'Cat', friends: [{ name: 'Ann' }] },
    ]);
  });

  it('counts people and friendships', () => {
    expect(db.rows('match $p isa person; reduce $c = count;')).toEqual([
      { c: { kind: 'value', value: 3, valueType: 'integer' } },
    ]);
    expect(db.rows('match $f isa friendship; reduce $c = count;')).toEqual([
      { c: { kind: 'value', value: 2, valueType: 'integer' } },
    ]);
  });

  it('counts friends per person with groupby', () => {
    const rows = db.rows(
      'match $p isa person, has name $n; friendship (friend: $p, friend: $f); reduce $c = count groupby $n; sort $n;',
    );
    expect(rows.map((r) => [(r.n as { value: string }).value, (r.c as { value: number }).value])).toEqual([
      ['Ann', 2],
      ['Bob', 1],
      ['Cat', 1],
    ]);
  });

  it('answers a read with the five-key shape the handlers send', () => {
    const answer = db.read('match $p isa person, has name "Bob";');
    expect(answer.queryType).toBe('read');
    expect(answer.answerType).toBe('conceptRows');
    expect(answer.truncated).toBe(false);
    expect(answer.answers).toEqual([
      {
        data: {
          p: {
            kind: 'entity',
            iid: expect.stringMatching(/^0x1e[0-9a-f]{20}$/),
            type: { kind: 'entityType', label: 'person' },
          },
        },
        involvedBlocks: null,
      },
    ]);
  });
});
