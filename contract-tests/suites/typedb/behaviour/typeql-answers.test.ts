/**
 * TypeQL answers, exactly as TypeDB encodes them (research note §1.6, §3): the five-key response,
 * `queryType`/`answerType`, rows and documents, the JSON of every concept kind and value type,
 * `includeInstanceTypes` and `answerCountLimit`. Each test makes its own run-scoped database.
 */
import { expect, it } from 'vitest';
import { describeNeeding } from '../../../src/typedb/capabilities.js';
import {
  ATTRIBUTE_IID,
  attribute,
  attributeValue,
  ENTITY_IID,
  entity,
  expectAnswer,
  expectDocuments,
  expectOkAnswer,
  expectRows,
  FRIENDS,
  limitWarning,
  literal,
  PEOPLE,
  QUICKSTART_DATA,
  QUICKSTART_SCHEMA,
  RELATION_IID,
  type RowData,
  relation,
  TYPEQL_NEEDS,
  useTypeQL,
  value,
} from '../../../src/typedb/typeql.js';

const { typedb, q } = useTypeQL();

const byName = (a: unknown, b: unknown) =>
  String((a as { name: unknown }).name).localeCompare(String((b as { name: unknown }).name));

describeNeeding(TYPEQL_NEEDS, 'the quickstart', () => {
  it('defines the social network, inserts people and friendships, fetches friends and counts', async () => {
    const database = await typedb.database('tq-quickstart');

    // define: a schema query answers `ok`, and a one-shot schema query commits.
    expectOkAnswer(await q().oneShot(database, 'schema', QUICKSTART_SCHEMA));

    // insert in a write transaction: one row binding every named variable of the insert.
    const id = await typedb.open(typedb.admin, database, 'write');
    const inserted = expectRows(await q().query(id, QUICKSTART_DATA), 'write');
    expect(inserted).toEqual([
      {
        alice: entity('person'),
        bob: entity('person'),
        carol: entity('person'),
        dan: entity('person'),
        f1: relation('friendship'),
        f2: relation('friendship'),
        f3: relation('friendship'),
      },
    ]);
    const iids = Object.values(inserted[0] as RowData).map((concept) => (concept as { iid: string }).iid);
    expect(new Set(iids).size, 'every inserted instance has its own iid').toBe(7);
    await q().commitOk(id);

    // fetch the friends of each person.
    for (const [name, friends] of Object.entries(FRIENDS)) {
      const documents = await q().documents(
        database,
        `match $p isa person, has name ${literal(name)}; $f isa friendship, links (friend: $p, friend: $q);
         fetch { "friend": $q.name };`,
      );
      expect(documents.map((document) => (document as { friend: string }).friend).sort(), name).toEqual(friends);
    }

    // ...and everyone with their friends, through a nested fetch.
    const everyone = await q().documents(
      database,
      `match $p isa person;
       fetch { "name": $p.name, "friends": [ match $f isa friendship, links (friend: $p, friend: $q); fetch { "name": $q.name }; ] };`,
    );
    expect(
      everyone
        .map((document) => {
          const { name, friends } = document as { name: string; friends: Array<{ name: string }> };
          return { name, friends: friends.map((friend) => friend.name).sort() };
        })
        .sort(byName),
    ).toEqual(Object.entries(FRIENDS).map(([name, friends]) => ({ name, friends: [...friends] })));

    // reduce: counts are `value` concepts of type integer.
    expect(await q().rows(database, 'match $p isa person; reduce $count = count;')).toEqual([
      { count: value('integer', 4) },
    ]);
    expect(await q().count(database, '$f isa friendship;')).toBe(3);
    expect(await q().count(database, '$p isa person, has name "Alice"; $f isa friendship, links (friend: $p);')).toBe(
      2,
    );
  });
});

describeNeeding(TYPEQL_NEEDS, 'queryType and answerType', () => {
  it.each([
    ['define', 'schema', 'define attribute nickname, value string;', 'schema', 'ok'],
    ['match', 'read', 'match $p isa person;', 'read', 'conceptRows'],
    ['match + reduce', 'read', 'match $p isa person; reduce $n = count;', 'read', 'conceptRows'],
    ['match + fetch', 'read', 'match $p isa person; fetch { "name": $p.name };', 'read', 'conceptDocuments'],
    ['insert', 'write', 'insert $p isa person, has name "Eve";', 'write', 'conceptRows'],
    [
      'insert + fetch',
      'write',
      'insert $p isa person, has name "Eve"; fetch { "name": $p.name };',
      'write',
      'conceptDocuments',
    ],
    ['match + delete', 'write', 'match $p isa person, has name "Dan"; delete $p;', 'write', 'conceptRows'],
    ['match + update', 'write', 'match $p isa person, has name "Dan"; update $p has age 26;', 'write', 'conceptRows'],
    ['match in a write transaction', 'write', 'match $p isa person;', 'read', 'conceptRows'],
    ['insert in a schema transaction', 'schema', 'insert $p isa person, has name "Eve";', 'write', 'conceptRows'],
  ] as const)('%s (%s transaction: %s) answers %s/%s', async (_name, transactionType, query, queryType, answerType) => {
    const database = await q().quickstart(typedb, 'tq-types');
    const body = expectAnswer(await q().oneShot(database, transactionType, query));
    expect({ queryType: body.queryType, answerType: body.answerType }).toEqual({ queryType, answerType });
    if (answerType === 'ok') expect(body).toMatchObject({ answers: null, query: null, warning: null });
    else expect(body.answers).toEqual(expect.any(Array));
  });

  it('answers an ok answer for define in a schema transaction, rows for insert in a write transaction', async () => {
    const database = await typedb.database('tq-tx-types');
    const schema = await typedb.open(typedb.admin, database, 'schema');
    expectOkAnswer(await q().query(schema, QUICKSTART_SCHEMA));
    await q().commitOk(schema);
    const write = await typedb.open(typedb.admin, database, 'write');
    expect(expectRows(await q().query(write, 'insert $p isa person, has name "Ann";'), 'write')).toEqual([
      { p: entity('person') },
    ]);
    await q().commitOk(write);
  });
});

describeNeeding(TYPEQL_NEEDS, 'concepts in rows', () => {
  it('encodes entities and attributes with iid, type and value; anonymous variables never appear', async () => {
    const database = await q().quickstart(typedb, 'tq-entity');
    expect(await q().rows(database, 'match $p isa person, has name "Alice", has name $n, has age $a;')).toEqual([
      { p: entity('person'), n: attribute('name', 'string', 'Alice'), a: attribute('age', 'integer', 30) },
    ]);
    // `has name "Alice"` and `$_` bind nothing that is answered.
    const rows = await q().rows(database, 'match $p isa person, has name $_, has age 25;');
    expect(rows).toEqual([{ p: entity('person') }, { p: entity('person') }]);
  });

  it('encodes relations with iid and type', async () => {
    const database = await q().quickstart(typedb, 'tq-relation');
    expect(
      await q().rows(database, 'match $p isa person, has name "Carol"; $f isa friendship, links (friend: $p);'),
    ).toEqual([{ p: entity('person'), f: relation('friendship') }]);
  });

  it('binds role types of links: a role variable answers the scoped role type', async () => {
    const database = await q().quickstart(typedb, 'tq-role');
    expect(
      await q().rows(database, 'match $p isa person, has name "Carol"; $f isa friendship, links ($role: $p);'),
    ).toEqual([
      { p: entity('person'), f: relation('friendship'), role: { kind: 'roleType', label: 'friendship:friend' } },
    ]);
  });

  it('encodes entity, relation, attribute and role types by label (role types scoped)', async () => {
    const database = await q().quickstart(typedb, 'tq-types-kinds');
    expect(await q().rows(database, 'match entity $t;')).toEqual([{ t: { kind: 'entityType', label: 'person' } }]);
    expect(await q().rows(database, 'match relation $t;')).toEqual([
      { t: { kind: 'relationType', label: 'friendship' } },
    ]);
    expect(await q().rows(database, 'match $t relates $r;')).toEqual([
      { t: { kind: 'relationType', label: 'friendship' }, r: { kind: 'roleType', label: 'friendship:friend' } },
    ]);
    const attributeTypes = await q().rows(database, 'match attribute $t;');
    expect(attributeTypes.map((row) => row.t).sort(byLabel)).toEqual([
      { kind: 'attributeType', label: 'age', valueType: 'integer' },
      { kind: 'attributeType', label: 'email', valueType: 'string' },
      { kind: 'attributeType', label: 'name', valueType: 'string' },
    ]);
  });

  it('encodes computed values (reduce) as value concepts: count and sum of integers are integers, mean a double', async () => {
    const database = await q().quickstart(typedb, 'tq-values');
    // Ages 30, 25, 35, 25.
    expect(
      await q().rows(
        database,
        'match $p isa person, has age $a; reduce $n = count($p), $total = sum($a), $average = mean($a);',
      ),
    ).toEqual([{ n: value('integer', 4), total: value('integer', 115), average: value('double', 28.75) }]);
    expect(await q().rows(database, 'match $p isa person, has name "Nobody"; reduce $n = count;')).toEqual([
      { n: value('integer', 0) },
    ]);
  });

  it('keeps iids stable: one attribute per value and type, one iid per instance across queries', async () => {
    const database = await q().quickstart(typedb, 'tq-iids');
    const rows = await q().rows(database, 'match $p isa person, has name $n, has age $a;');
    expect(rows).toHaveLength(4);
    const of = (name: string) => rows.find((row) => attributeValue(row.n) === name) as RowData;
    const iid = (concept: unknown) => (concept as { iid: string }).iid;
    // Bob and Dan are both 25: that is one attribute, with one iid.
    expect(iid(of('Bob').a)).toBe(iid(of('Dan').a));
    expect(iid(of('Alice').a)).not.toBe(iid(of('Bob').a));
    expect(new Set(rows.map((row) => iid(row.p))).size).toBe(4);
    for (const row of rows) expect(iid(row.a)).toMatch(ATTRIBUTE_IID);
    const again = await q().rows(database, 'match $p isa person, has name "Alice";');
    expect(iid(again[0]?.p)).toBe(iid(of('Alice').p));
    expect(iid(again[0]?.p)).toMatch(ENTITY_IID);
  });
});

const byLabel = (a: unknown, b: unknown) =>
  String((a as { label: unknown }).label).localeCompare(String((b as { label: unknown }).label));

/** One attribute type per value type, the literal inserted and its JSON encoding (TypeDB's `Value` Display). */
const VALUE_TYPES = [
  { label: 'is-active', valueType: 'boolean', literal: 'true', json: true },
  { label: 'score', valueType: 'integer', literal: '42', json: 42 },
  { label: 'ratio', valueType: 'double', literal: '2.5', json: 2.5 },
  { label: 'price', valueType: 'decimal', literal: '12.5dec', json: '12.5dec' },
  { label: 'born', valueType: 'date', literal: '2024-01-31', json: '2024-01-31' },
  // datetime: always nine fraction digits.
  { label: 'seen', valueType: 'datetime', literal: '2020-01-01T13:13:13.999', json: '2020-01-01T13:13:13.999000000' },
  {
    label: 'met',
    valueType: 'datetime-tz',
    literal: '2020-01-01T13:13:13.999+01:00',
    json: '2020-01-01T13:13:13.999000000+01:00',
  },
  { label: 'span', valueType: 'duration', literal: 'P1Y2M3DT4H', json: 'P1Y2M3DT4H' },
  { label: 'nick', valueType: 'string', literal: '"Ann \\"A\\" é"', json: 'Ann "A" é' },
] as const;

/** A second sample: the other forms of the same types (whole decimal, IANA zone, no fraction). */
const VALUE_TYPES_2: Record<string, { literal: string; json: unknown }> = {
  'is-active': { literal: 'false', json: false },
  score: { literal: '-7', json: -7 },
  ratio: { literal: '-0.125', json: -0.125 },
  price: { literal: '3dec', json: '3.0dec' },
  born: { literal: '1999-12-31', json: '1999-12-31' },
  seen: { literal: '2024-02-29T00:00:00', json: '2024-02-29T00:00:00.000000000' },
  met: { literal: '2020-06-01T10:00:00 Europe/London', json: '2020-06-01T10:00:00.000000000 Europe/London' },
  span: { literal: 'PT30M', json: 'PT30M' },
  nick: { literal: '"Bo"', json: 'Bo' },
};

/** Two more samples with only some attributes: the quirks of the encodings. */
const VALUE_TYPES_3: Record<string, { literal: string; json: unknown }> = {
  score: { literal: '0', json: 0 },
  price: { literal: '-1.5dec', json: '-1.5dec' },
  seen: { literal: '2020-01-01T10:00:00.5', json: '2020-01-01T10:00:00.500000000' },
  // `Z` is the fixed offset +00:00.
  met: { literal: '2020-01-01T00:00:00Z', json: '2020-01-01T00:00:00.000000000+00:00' },
  // Fractional seconds print with nine digits.
  span: { literal: 'PT1.5S', json: 'PT1.500000000S' },
  nick: { literal: '""', json: '' },
};
const VALUE_TYPES_4: Record<string, { literal: string; json: unknown }> = {
  score: { literal: '1', json: 1 },
  // Weeks are stored as days.
  span: { literal: 'P2W', json: 'P14D' },
};
const PARTIAL_SAMPLES = [VALUE_TYPES_3, VALUE_TYPES_4];

describeNeeding(TYPEQL_NEEDS, 'value types', () => {
  async function samples(stem: string): Promise<string> {
    const database = await typedb.database(stem);
    const attributes = VALUE_TYPES.map((type) => `attribute ${type.label}, value ${type.valueType};`).join('\n');
    const owns = VALUE_TYPES.map((type) => `owns ${type.label}`).join(', ');
    await q().define(database, `define\n${attributes}\nentity sample, ${owns};`);
    const has = (pick: (type: (typeof VALUE_TYPES)[number]) => string) =>
      VALUE_TYPES.map((type) => `has ${type.label} ${pick(type)}`).join(', ');
    await q().write(database, `insert $s isa sample, ${has((type) => type.literal)};`);
    await q().write(database, `insert $s isa sample, ${has((type) => VALUE_TYPES_2[type.label]?.literal ?? '')};`);
    for (const sample of PARTIAL_SAMPLES) {
      const attributes = Object.entries(sample).map(([label, { literal }]) => `has ${label} ${literal}`);
      await q().write(database, `insert $s isa sample, ${attributes.join(', ')};`);
    }
    return database;
  }

  it('encodes attributes of every value type in rows: value, valueType, and the type with its valueType', async () => {
    const database = await samples('tq-value-rows');
    for (const type of VALUE_TYPES) {
      const rows = await q().rows(database, `match $a isa ${type.label};`);
      const values = [
        type.json,
        VALUE_TYPES_2[type.label]?.json,
        ...PARTIAL_SAMPLES.flatMap((sample) => (sample[type.label] ? [sample[type.label]?.json] : [])),
      ];
      // Order the answers as the expected values are ordered (answers come in no particular order).
      const found = rows.map((row) => row.a as { value: unknown });
      const position = (concept: { value: unknown }) => {
        const index = values.findIndex((v) => JSON.stringify(v) === JSON.stringify(concept.value));
        return index === -1 ? values.length : index;
      };
      expect(
        found.sort((a, b) => position(a) - position(b)),
        type.valueType,
      ).toEqual(values.map((v) => attribute(type.label, type.valueType, v)));
    }
  });

  it('encodes the same values as bare JSON in fetched documents', async () => {
    const database = await samples('tq-value-docs');
    const documents = await q().documents(database, 'match $s isa sample, has score 42; fetch { "all": { $s.* } };');
    expect(documents).toEqual([{ all: Object.fromEntries(VALUE_TYPES.map((type) => [type.label, type.json])) }]);
    const second = await q().documents(
      database,
      `match $s isa sample, has score -7; fetch { ${VALUE_TYPES.map((type) => `"${type.label}": $s.${type.label}`).join(', ')} };`,
    );
    expect(second).toEqual([
      Object.fromEntries(VALUE_TYPES.map((type) => [type.label, VALUE_TYPES_2[type.label]?.json])),
    ]);
    for (const sample of PARTIAL_SAMPLES) {
      const score = sample.score?.literal;
      const partial = await q().documents(
        database,
        `match $s isa sample, has score ${score}; fetch { "all": { $s.* } };`,
      );
      // Only the attributes the instance has; the others are absent, not null.
      expect(partial, `sample with score ${score}`).toEqual([
        { all: Object.fromEntries(Object.entries(sample).map(([label, { json }]) => [label, json])) },
      ]);
    }
  });

  it('computes values of the operand type: sum of decimals is a decimal, of doubles a double', async () => {
    const database = await samples('tq-value-reduce');
    expect(
      await q().rows(
        database,
        'match $s isa sample, has price $p, has ratio $r; reduce $prices = sum($p), $ratios = sum($r);',
      ),
    ).toEqual([{ prices: value('decimal', '15.5dec'), ratios: value('double', 2.375) }]);
  });
});

describeNeeding(TYPEQL_NEEDS, 'includeInstanceTypes', () => {
  const QUERY = 'match $p isa person, has name "Carol", has age $a; $f isa friendship, links (friend: $p);';

  it('is on by default and when true: instances carry their type', async () => {
    const database = await q().quickstart(typedb, 'tq-types-on');
    const expected = [{ p: entity('person'), a: attribute('age', 'integer', 35), f: relation('friendship') }];
    expect(await q().rows(database, QUERY)).toEqual(expected);
    expect(await q().rows(database, QUERY, { includeInstanceTypes: true })).toEqual(expected);
    expect(await q().rows(database, QUERY, { includeInstanceTypes: null })).toEqual(expected);
  });

  it('false: entities, relations and attributes answer `type: null` (the key is present)', async () => {
    const database = await q().quickstart(typedb, 'tq-types-off');
    const rows = await q().rows(database, QUERY, { includeInstanceTypes: false });
    expect(rows).toEqual([
      {
        p: { kind: 'entity', iid: expect.stringMatching(ENTITY_IID), type: null },
        a: {
          kind: 'attribute',
          iid: expect.stringMatching(ATTRIBUTE_IID),
          value: 35,
          valueType: 'integer',
          type: null,
        },
        f: { kind: 'relation', iid: expect.stringMatching(RELATION_IID), type: null },
      },
    ]);
    for (const concept of Object.values(rows[0] as RowData)) expect(concept).toHaveProperty('type', null);
  });

  it('false: types and values are unchanged', async () => {
    const database = await q().quickstart(typedb, 'tq-types-off-2');
    const options = { includeInstanceTypes: false };
    expect(await q().rows(database, 'match entity $t;', options)).toEqual([
      { t: { kind: 'entityType', label: 'person' } },
    ]);
    expect(await q().rows(database, 'match $p isa person; reduce $n = count;', options)).toEqual([
      { n: value('integer', 4) },
    ]);
  });

  it('false: applies to the rows of a write query too', async () => {
    const database = await q().quickstart(typedb, 'tq-types-off-write');
    const rows = expectRows(
      await q().oneShot(database, 'write', 'insert $p isa person, has name "Eve";', {
        queryOptions: { includeInstanceTypes: false },
      }),
      'write',
    );
    expect(rows).toEqual([{ p: { kind: 'entity', iid: expect.stringMatching(ENTITY_IID), type: null } }]);
  });
});

describeNeeding(TYPEQL_NEEDS, 'fetch documents', () => {
  it('fetches scalars ($x.attr, null when absent), lists ([ $x.attr ]) and all attributes ({ $x.* })', async () => {
    const database = await q().quickstart(typedb, 'tq-fetch');
    const documents = await q().documents(
      database,
      `match $p isa person;
       fetch { "name": $p.name, "age": $p.age, "email": $p.email, "emails": [ $p.email ], "all": { $p.* } };`,
    );
    expect([...documents].sort(byName)).toEqual(
      PEOPLE.map((person) => ({
        name: person.name,
        age: person.age,
        email: person.email ?? null,
        emails: person.email ? [person.email] : [],
        // `{ $p.* }` lists the attributes the instance has; cardinality at most 1 gives scalars.
        all: { name: person.name, age: person.age, ...(person.email ? { email: person.email } : {}) },
      })),
    );
  });

  it('fetches attribute variables as values, nested objects, and types as {kind, label}', async () => {
    const database = await q().quickstart(typedb, 'tq-fetch-2');
    const documents = await q().documents(
      database,
      'match $p isa person, has name $n, has age 35; fetch { "n": $n, "person": { "name": $p.name, "age": $p.age } };',
    );
    expect(documents).toEqual([{ n: 'Carol', person: { name: 'Carol', age: 35 } }]);
    expect(await q().documents(database, 'match entity $t; fetch { "type": $t };')).toEqual([
      { type: { kind: 'entity', label: 'person' } },
    ]);
    expect(await q().documents(database, 'match $r relates $role; fetch { "relation": $r, "role": $role };')).toEqual([
      {
        relation: { kind: 'relation', label: 'friendship' },
        role: { kind: 'relation:role', label: 'friendship:friend' },
      },
    ]);
    const attributeTypes = await q().documents(database, 'match attribute $t; fetch { "type": $t };');
    expect(attributeTypes.map((document) => (document as { type: unknown }).type).sort(byLabel)).toEqual([
      { kind: 'attribute', label: 'age', valueType: 'integer' },
      { kind: 'attribute', label: 'email', valueType: 'string' },
      { kind: 'attribute', label: 'name', valueType: 'string' },
    ]);
  });
});

describeNeeding(TYPEQL_NEEDS, 'stream operators', () => {
  it('sorts, offsets, limits and selects', async () => {
    const database = await q().quickstart(typedb, 'tq-ops');
    const names = (rows: RowData[]) => rows.map((row) => attributeValue(row.n));
    const sorted = await q().rows(database, 'match $p isa person, has name $n; sort $n desc; select $n;');
    expect(sorted.every((row) => Object.keys(row).join() === 'n')).toBe(true);
    expect(names(sorted)).toEqual(['Dan', 'Carol', 'Bob', 'Alice']);
    expect(
      names(await q().rows(database, 'match $p isa person, has name $n; sort $n asc; offset 1; limit 2; select $n;')),
    ).toEqual(['Bob', 'Carol']);
    const byAge = await q().rows(database, 'match $p isa person, has age $a, has name $n; sort $a asc, $n desc;');
    expect(names(byAge)).toEqual(['Dan', 'Bob', 'Alice', 'Carol']);
  });

  it('filters with comparisons', async () => {
    const database = await q().quickstart(typedb, 'tq-compare');
    const rows = await q().rows(database, 'match $p isa person, has age $a, has name $n; $a > 25; sort $n;');
    expect(rows.map((row) => attributeValue(row.n))).toEqual(['Alice', 'Carol']);
    expect(await q().count(database, '$p isa person, has age >= 30;')).toBe(2);
    expect(await q().count(database, '$p isa person, has name $n; $n like "^[AB]";')).toBe(2);
  });
});

describeNeeding(TYPEQL_NEEDS, 'subtypes', () => {
  it('answers instances of subtypes with their own type; isa! and sub', async () => {
    const database = await q().quickstart(typedb, 'tq-subtypes');
    await q().define(database, 'define attribute salary, value integer; entity employee sub person, owns salary;');
    // employee inherits `owns name @key`, `owns age` and `plays friendship:friend`.
    await q().write(
      database,
      'match $a isa person, has name "Alice"; insert $e isa employee, has name "Erin", has salary 100; friendship (friend: $a, friend: $e);',
    );
    const rows = await q().rows(database, 'match $p isa person, has name "Erin";');
    expect(rows).toEqual([{ p: entity('employee') }]);
    expect(await q().count(database, '$p isa person;')).toBe(5);
    expect(await q().count(database, '$p isa! person;')).toBe(4);
    expect(await q().count(database, '$p isa employee;')).toBe(1);
    const types = await q().rows(database, 'match $t sub person;');
    expect(types.map((row) => (row.t as { label: string }).label).sort()).toEqual(['employee', 'person']);
    expect(types.every((row) => (row.t as { kind: string }).kind === 'entityType')).toBe(true);
    expect(await q().documents(database, 'match $e isa employee; fetch { "all": { $e.* } };')).toEqual([
      { all: { name: 'Erin', salary: 100 } },
    ]);
    const friends = await q().documents(
      database,
      'match $p isa person, has name "Alice"; $f isa friendship, links (friend: $p, friend: $q); fetch { "friend": $q.name };',
    );
    expect(friends.map((document) => (document as { friend: string }).friend).sort()).toEqual(['Bob', 'Carol', 'Erin']);
  });
});

describeNeeding(TYPEQL_NEEDS, 'query text', () => {
  it('accepts comments, newlines and extra whitespace', async () => {
    const database = await q().quickstart(typedb, 'tq-comments');
    const rows = await q().rows(
      database,
      '# everyone\nmatch\n\t$p   isa person ,  has name $n ; # with a name\n\n  reduce $c = count ;  # counted\n',
    );
    expect(rows).toEqual([{ c: value('integer', 4) }]);
  });
});

describeNeeding(TYPEQL_NEEDS, 'write pipelines', () => {
  it('insert after match: one row per input row, input variables plus the new ones', async () => {
    const database = await q().quickstart(typedb, 'tq-insert');
    const rows = await q().write(
      database,
      'match $a isa person, has name "Alice"; insert $e isa person, has name "Eve"; $f isa friendship, links (friend: $a, friend: $e);',
    );
    expect(rows).toEqual([{ a: entity('person'), e: entity('person'), f: relation('friendship') }]);
    expect(await q().personNames(database)).toEqual(['Alice', 'Bob', 'Carol', 'Dan', 'Eve']);
  });

  it('delete: a deleted instance disappears from the rows and from the data', async () => {
    const database = await q().quickstart(typedb, 'tq-delete');
    expect(await q().write(database, 'match $p isa person, has name "Dan"; delete $p;')).toEqual([{}]);
    expect(await q().personNames(database)).toEqual(['Alice', 'Bob', 'Carol']);
  });

  it('delete has: removes the ownership; the attribute variable stays in the row', async () => {
    const database = await q().quickstart(typedb, 'tq-delete-has');
    expect(
      await q().write(database, 'match $p isa person, has name "Alice", has email $e; delete has $e of $p;'),
    ).toEqual([{ p: entity('person'), e: attribute('email', 'string', 'alice@example.com') }]);
    expect(
      await q().documents(database, 'match $p isa person, has name "Alice"; fetch { "email": $p.email };'),
    ).toEqual([{ email: null }]);
  });

  it('update: replaces a has of cardinality at most one', async () => {
    const database = await q().quickstart(typedb, 'tq-update');
    expect(await q().write(database, 'match $p isa person, has name "Alice"; update $p has age 31;')).toEqual([
      { p: entity('person') },
    ]);
    expect(
      await q().documents(database, 'match $p isa person, has name "Alice"; fetch { "ages": [ $p.age ] };'),
    ).toEqual([{ ages: [31] }]);
  });
});

describeNeeding(TYPEQL_NEEDS, 'answerCountLimit', () => {
  it('more answers than the limit: 206, the first N answers and a warning', async () => {
    const database = await q().quickstart(typedb, 'tq-limit');
    const result = await q().oneShot(database, 'read', 'match $p isa person;', {
      queryOptions: { answerCountLimit: 3 },
    });
    const rows = expectRows(result, 'read', 206);
    expect(rows).toEqual([{ p: entity('person') }, { p: entity('person') }, { p: entity('person') }]);
    expect(expectAnswer(result, 206).warning).toMatch(limitWarning(3));
  });

  it('exactly N answers: 200 and no warning; fewer: 200', async () => {
    const database = await q().quickstart(typedb, 'tq-limit-exact');
    for (const answerCountLimit of [4, 5, 10_000]) {
      const rows = expectRows(
        await q().oneShot(database, 'read', 'match $p isa person;', { queryOptions: { answerCountLimit } }),
      );
      expect(rows, `limit ${answerCountLimit}`).toHaveLength(4);
    }
  });

  it('null means the default limit (10 000)', async () => {
    const database = await q().quickstart(typedb, 'tq-limit-null');
    const rows = expectRows(
      await q().oneShot(database, 'read', 'match $p isa person;', { queryOptions: { answerCountLimit: null } }),
    );
    expect(rows).toHaveLength(4);
  });

  it('0: 206 with no answers whenever there is one', async () => {
    const database = await q().quickstart(typedb, 'tq-limit-zero');
    const result = await q().oneShot(database, 'read', 'match $p isa person;', {
      queryOptions: { answerCountLimit: 0 },
    });
    expect(expectRows(result, 'read', 206)).toEqual([]);
    expect((result.data as { warning: string }).warning).toMatch(limitWarning(0));
    const none = await q().oneShot(database, 'read', 'match $p isa person, has name "Nobody";', {
      queryOptions: { answerCountLimit: 0 },
    });
    expect(expectRows(none)).toEqual([]);
  });

  it('limits documents the same way', async () => {
    const database = await q().quickstart(typedb, 'tq-limit-docs');
    const result = await q().oneShot(database, 'read', 'match $p isa person; fetch { "name": $p.name };', {
      queryOptions: { answerCountLimit: 2 },
    });
    expect(expectDocuments(result, 'read', 206)).toHaveLength(2);
    expect((result.data as { warning: string }).warning).toMatch(limitWarning(2));
  });

  it('in a transaction: 206, and every write is applied though only N rows come back', async () => {
    const database = await q().quickstart(typedb, 'tq-limit-tx');
    const id = await typedb.open(typedb.admin, database, 'write');
    // One new friendship per person: 4 rows, 1 returned.
    const result = await q().query(id, 'match $p isa person; insert $f isa friendship, links (friend: $p);', {
      answerCountLimit: 1,
    });
    expect(expectRows(result, 'write', 206)).toEqual([{ p: entity('person'), f: relation('friendship') }]);
    expect((result.data as { warning: string }).warning).toMatch(limitWarning(1));
    expect(expectRows(await q().query(id, 'match $f isa friendship; reduce $n = count;')).map((row) => row.n)).toEqual([
      value('integer', 7),
    ]);
    await q().commitOk(id);
    expect(await q().count(database, '$f isa friendship;')).toBe(7);
  });

  it('one-shot write: 206, the warning, and all writes committed', async () => {
    const database = await q().quickstart(typedb, 'tq-limit-oneshot');
    const result = await q().oneShot(
      database,
      'write',
      'match $p isa person; insert $f isa friendship, links (friend: $p);',
      { queryOptions: { answerCountLimit: 2 } },
    );
    expect(expectRows(result, 'write', 206)).toHaveLength(2);
    expect((result.data as { warning: string }).warning).toMatch(limitWarning(2));
    expect(await q().count(database, '$f isa friendship;')).toBe(7);
  });

  it('one-shot write with exactly N rows: 200, no warning', async () => {
    const database = await q().quickstart(typedb, 'tq-limit-oneshot-exact');
    const rows = expectRows(
      await q().oneShot(database, 'write', 'match $p isa person; insert $f isa friendship, links (friend: $p);', {
        queryOptions: { answerCountLimit: 4 },
      }),
      'write',
    );
    expect(rows).toHaveLength(4);
    expect(await q().count(database, '$f isa friendship;')).toBe(7);
  });
});

// The quickstart data must load in one insert, as the tests above assume.
describeNeeding(TYPEQL_NEEDS, 'fixtures', () => {
  it('loads the quickstart schema and data with one query each', async () => {
    const database = await typedb.database('tq-fixture');
    await q().define(database, QUICKSTART_SCHEMA);
    expect(await q().write(database, QUICKSTART_DATA)).toHaveLength(1);
    expect(await q().personNames(database)).toEqual(PEOPLE.map((person) => person.name).sort());
  });
});
