import { describe, expect, it } from 'vitest';
import type { ReadView, Row } from '../../../src/spacetimedb/datastore/index.js';
import { SubscriptionQueryError } from '../../../src/spacetimedb/subscriptions/query.js';
import { BeforeCommitView } from '../../../src/spacetimedb/subscriptions/query-before.js';
import {
  ALICE,
  ALICE_HEX,
  keysOf,
  LOOSE,
  loose,
  OWNER_HEX,
  PERSON,
  PET,
  person,
  pet,
  refusal,
  TAGGED,
  TestDatabase,
  tagged,
} from './query-fixture.js';

/** A database with three people and their pets: Alice has two, Bob one, Carol none. */
function seeded(): TestDatabase {
  const db = new TestDatabase();
  db.commit((tx) => {
    tx.insert(PERSON, person(1, 'Alice', ALICE_HEX, 1));
    tx.insert(PERSON, person(2, 'Bob', OWNER_HEX, 2));
    tx.insert(PERSON, person(3, 'Carol', OWNER_HEX, 1));
    tx.insert(PET, pet(10, 1, 'cat'));
    tx.insert(PET, pet(11, 1, 'dog'));
    tx.insert(PET, pet(12, 2, 'cat'));
  });
  return db;
}

const names = (rows: readonly Row[]) => rows.map((row) => row[1]).sort();
const ids = (rows: readonly Row[]) => rows.map((row) => Number(row[0])).sort((a, b) => a - b);

describe('subscription query: one table', () => {
  it('returns the matching rows and the projected table', () => {
    const db = seeded();
    const query = db.compile("SELECT * FROM pet WHERE species = 'cat'");
    expect(query.table.name).toBe('pet');
    expect(query.readsTables).toEqual([PET]);
    expect(ids(query.initialRows(db.view()))).toEqual([10, 12]);
    expect(ids(db.compile('SELECT * FROM person').initialRows(db.view()))).toEqual([1, 2, 3]);
  });

  it('delta: the inserted and deleted rows that pass the filter, an update as delete plus insert', () => {
    const db = seeded();
    const query = db.compile("SELECT * FROM pet WHERE species = 'cat'");
    const changes = db.commit((tx) => {
      tx.insert(PET, pet(13, 3, 'cat'));
      tx.insert(PET, pet(14, 3, 'fish'));
      tx.delete(PET, pet(12, 2, 'cat'));
      tx.delete(PET, pet(11, 1, 'dog'));
      tx.update(PET, db.committed.table(PET)?.indexes[0]?.id ?? 0, pet(10, 2, 'cat'));
    });
    const delta = query.delta(changes, db.view());
    expect(delta.inserts.sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([pet(10, 2, 'cat'), pet(13, 3, 'cat')]);
    expect(delta.deletes.sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([pet(10, 1, 'cat'), pet(12, 2, 'cat')]);
  });

  it('delta is empty for a commit that touches other tables only', () => {
    const db = seeded();
    const query = db.compile('SELECT * FROM pet');
    const changes = db.commit((tx) => tx.insert(PERSON, person(4, 'Dave')));
    expect(query.delta(changes, db.view())).toEqual({ inserts: [], deletes: [] });
  });

  it(':sender is the subscriber identity', () => {
    const db = seeded();
    const query = db.compile('SELECT * FROM person WHERE owner = :sender', ALICE);
    expect(names(query.initialRows(db.view()))).toEqual(['Alice']);
    const mine = db.compile('SELECT * FROM person WHERE owner = :sender', { isOwner: true, identity: OWNER_HEX });
    expect(names(mine.initialRows(db.view()))).toEqual(['Bob', 'Carol']);
    const changes = db.commit((tx) => {
      tx.insert(PERSON, person(4, 'Dave', ALICE_HEX));
      tx.insert(PERSON, person(5, 'Eve', OWNER_HEX));
    });
    expect(names(query.delta(changes, db.view()).inserts)).toEqual(['Dave']);
  });

  it('takes quoted identifiers, as the npm client query builder writes them', () => {
    const db = seeded();
    expect(ids(db.compile('SELECT * FROM "person"').initialRows(db.view()))).toEqual([1, 2, 3]);
    const query = db.compile(`SELECT * FROM "pet" WHERE ("pet"."species" = 'cat') AND ("pet"."person_id" = 1)`);
    expect(ids(query.initialRows(db.view()))).toEqual([10]);
    expect(ids(db.compile('SELECT "p".* FROM "person" AS "p" WHERE "p"."team" = 1').initialRows(db.view()))).toEqual([
      1, 3,
    ]);
  });
});

describe('subscription query: two-table join', () => {
  const PEOPLE_WITH_PETS = 'SELECT person.* FROM person JOIN pet ON person.id = pet.person_id';
  const PETS_OF_TEAM_ONE = 'SELECT pet.* FROM person JOIN pet ON person.id = pet.person_id WHERE person.team = 1';

  it('returns each projected row once however many partners it has (set semantics)', () => {
    const db = seeded();
    const query = db.compile(PEOPLE_WITH_PETS);
    expect(query.table.name).toBe('person');
    expect([...query.readsTables].sort()).toEqual([PERSON, PET]);
    expect(names(query.initialRows(db.view()))).toEqual(['Alice', 'Bob']);
    expect(ids(db.compile(PETS_OF_TEAM_ONE).initialRows(db.view()))).toEqual([10, 11]);
  });

  it('delta from the other side: a first partner inserted brings the row in, a second one changes nothing', () => {
    const db = seeded();
    const query = db.compile(PEOPLE_WITH_PETS);
    let changes = db.commit((tx) => tx.insert(PET, pet(20, 3, 'owl')));
    expect(query.delta(changes, db.view())).toEqual({ inserts: [person(3, 'Carol', OWNER_HEX, 1)], deletes: [] });
    changes = db.commit((tx) => tx.insert(PET, pet(21, 3, 'bat')));
    expect(query.delta(changes, db.view())).toEqual({ inserts: [], deletes: [] });
  });

  it('delta from the other side: the last partner deleted takes the row out, one of two changes nothing', () => {
    const db = seeded();
    const query = db.compile(PEOPLE_WITH_PETS);
    let changes = db.commit((tx) => tx.delete(PET, pet(10, 1, 'cat')));
    expect(query.delta(changes, db.view())).toEqual({ inserts: [], deletes: [] });
    changes = db.commit((tx) => tx.delete(PET, pet(11, 1, 'dog')));
    expect(query.delta(changes, db.view())).toEqual({ inserts: [], deletes: [person(1, 'Alice', ALICE_HEX, 1)] });
  });

  it('delta from the other side: a partner updated away moves one row out and another in', () => {
    const db = seeded();
    const query = db.compile(PEOPLE_WITH_PETS);
    const petId = db.committed.table(PET)?.indexes[0]?.id ?? 0;
    const changes = db.commit((tx) => tx.update(PET, petId, pet(12, 3, 'cat')));
    expect(query.delta(changes, db.view())).toEqual({
      inserts: [person(3, 'Carol', OWNER_HEX, 1)],
      deletes: [person(2, 'Bob', OWNER_HEX, 2)],
    });
  });

  it('delta from the projected side: rows with partners enter and leave, an update is delete plus insert', () => {
    const db = seeded();
    const query = db.compile(PEOPLE_WITH_PETS);
    const personId = db.committed.table(PERSON)?.indexes[0]?.id ?? 0;
    const changes = db.commit((tx) => {
      tx.update(PERSON, personId, person(1, 'Alicia', ALICE_HEX, 1));
      tx.delete(PERSON, person(2, 'Bob', OWNER_HEX, 2));
      tx.insert(PERSON, person(4, 'Dave'));
    });
    const delta = query.delta(changes, db.view());
    expect(delta.inserts).toEqual([person(1, 'Alicia', ALICE_HEX, 1)]);
    expect(names(delta.deletes)).toEqual(['Alice', 'Bob']);
  });

  it('delta with a filter on the projected side, and on the other side through WHERE', () => {
    const db = seeded();
    const query = db.compile(PETS_OF_TEAM_ONE);
    const personId = db.committed.table(PERSON)?.indexes[0]?.id ?? 0;
    // Bob joins team 1: his pet enters; Alice leaves it: hers leave.
    const changes = db.commit((tx) => {
      tx.update(PERSON, personId, person(2, 'Bob', OWNER_HEX, 1));
      tx.update(PERSON, personId, person(1, 'Alice', ALICE_HEX, 2));
    });
    const delta = query.delta(changes, db.view());
    expect(ids(delta.inserts)).toEqual([12]);
    expect(ids(delta.deletes)).toEqual([10, 11]);
    const byPet = db.compile(
      "SELECT person.* FROM person JOIN pet ON person.id = pet.person_id WHERE pet.species = 'cat'",
    );
    const petChanges = db.commit((tx) => tx.insert(PET, pet(30, 3, 'dog')));
    expect(byPet.delta(petChanges, db.view())).toEqual({ inserts: [], deletes: [] });
  });

  it('a row changed on both sides in one commit, still in the result, is not in the delta', () => {
    const db = seeded();
    const query = db.compile(PEOPLE_WITH_PETS);
    const changes = db.commit((tx) => {
      tx.delete(PET, pet(12, 2, 'cat'));
      tx.insert(PET, pet(13, 2, 'dog'));
    });
    expect(query.delta(changes, db.view())).toEqual({ inserts: [], deletes: [] });
  });

  it('a self-join with aliases sees changes through both aliases', () => {
    const db = seeded();
    // People who share a team with someone else of a different id.
    const query = db.compile('SELECT a.* FROM pet AS a JOIN pet AS b ON a.person_id = b.person_id WHERE a.id <> b.id');
    expect(ids(query.initialRows(db.view()))).toEqual([10, 11]);
    const changes = db.commit((tx) => tx.insert(PET, pet(13, 2, 'dog')));
    expect(ids(query.delta(changes, db.view()).inserts)).toEqual([12, 13]);
  });

  it('follows the product on which side needs the index, and looks the other one up by a scan', () => {
    const db = seeded();
    // The lookup side (JOIN) has the index: accepted even though `loose` has none.
    const query = db.compile('SELECT loose.* FROM loose JOIN person ON loose.person_id = person.id');
    db.commit((tx) => {
      tx.insert(LOOSE, loose(1, 1));
      tx.insert(LOOSE, loose(2, 9));
    });
    expect(ids(query.initialRows(db.view()))).toEqual([1]);
    const changes = db.commit((tx) => tx.insert(PERSON, person(9, 'Ivan')));
    expect(query.delta(changes, db.view()).inserts).toEqual([loose(2, 9)]);
    // Only the JOIN side is filtered by a constant: the FROM side becomes the lookup side.
    const swapped = db.compile(
      'SELECT person.* FROM person JOIN loose ON person.id = loose.person_id WHERE loose.id = 2',
    );
    expect(names(swapped.initialRows(db.view()))).toEqual(['Ivan']);
    // An index whose last column is the join column counts when the WHERE fixes the leading ones.
    const byTag = db.compile(
      "SELECT person.* FROM person JOIN tagged ON person.id = tagged.person_id WHERE tagged.tag = 'x'",
    );
    const tagChanges = db.commit((tx) => {
      tx.insert(TAGGED, tagged(1, 'x', 2));
      tx.insert(TAGGED, tagged(2, 'y', 3));
    });
    expect(names(byTag.delta(tagChanges, db.view()).inserts)).toEqual(['Bob']);
  });

  it('takes the quoted semijoin the npm client query builder writes', () => {
    const db = seeded();
    const query = db.compile(
      `SELECT "pet".* FROM "person" JOIN "pet" ON "person"."id" = "pet"."person_id" WHERE ("person"."name" = 'Alice')`,
    );
    expect(ids(query.initialRows(db.view()))).toEqual([10, 11]);
  });
});

/** `view` with every row it hands over (scans and index lookups) counted in `read.rows`. */
function countingView(view: ReadView) {
  const read = { rows: 0 };
  const counted: ReadView = Object.create(view);
  counted.scan = (tableId) => {
    const rows = [...view.scan(tableId)];
    read.rows += rows.length;
    return rows;
  };
  counted.indexPoint = (indexId, key) => {
    const rows = view.indexPoint(indexId, key);
    read.rows += rows.length;
    return rows;
  };
  counted.indexRange = (indexId, prefix, start, end) => {
    const rows = view.indexRange(indexId, prefix, start, end);
    read.rows += rows.length;
    return rows;
  };
  return { view: counted, read };
}

describe('subscription query: cost of a join', () => {
  const SHARED = 2000;
  /** `SHARED` pets of one person: every pet joins every other on person_id. */
  function crowded(): TestDatabase {
    const db = new TestDatabase();
    db.commit((tx) => {
      for (let id = 1; id <= SHARED; id++) tx.insert(PET, pet(id, 1, 'cat'));
    });
    return db;
  }

  it('computes the initial rows as a semijoin: rows sharing one join value cost one lookup, not one pair each', () => {
    const db = crowded();
    const query = db.compile('SELECT a.* FROM pet AS a JOIN pet AS b ON a.person_id = b.person_id');
    const { view, read } = countingView(db.view());
    expect(query.initialRows(view)).toHaveLength(SHARED);
    // A scan of `a` and one lookup of the shared value: not SHARED² pairs.
    expect(read.rows).toBeLessThanOrEqual(3 * SHARED);
  });

  it('keeps a delta that touches a crowded join value to a few lookups', () => {
    const db = crowded();
    const query = db.compile('SELECT a.* FROM pet AS a JOIN pet AS b ON a.person_id = b.person_id');
    const changes = db.commit((tx) => tx.insert(PET, pet(SHARED + 1, 1, 'dog')));
    const { view, read } = countingView(db.view());
    expect(ids(query.delta(changes, view).inserts)).toEqual([SHARED + 1]);
    expect(read.rows).toBeLessThanOrEqual(4 * SHARED);
  });

  it('refuses as too expensive a join whose WHERE makes it try too many pairs, rather than stall', () => {
    const db = crowded();
    // Every pair shares person_id and no pair differs in species: each row tries every partner.
    const query = db.compile(
      'SELECT a.* FROM pet AS a JOIN pet AS b ON a.person_id = b.person_id WHERE a.species <> b.species',
    );
    let refusal: unknown;
    try {
      query.initialRows(db.view(), 100_000);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(SubscriptionQueryError);
    expect((refusal as Error).message).toMatch(/^The query is too expensive/);
    // Where it reads little, the same query answers within the default limit (10 million rows).
    expect(ids(query.initialRows(seeded().view()))).toEqual([10, 11]);
  });
});

describe('subscription query: refusals', () => {
  const db = seeded();
  const cases: [string, string][] = [
    [
      'SELECT name FROM person',
      'Column projections are not supported in subscriptions; Subscriptions must return a table type',
    ],
    [
      'SELECT COUNT(*) AS n FROM person',
      'Column projections are not supported in subscriptions; Subscriptions must return a table type',
    ],
    ['SELECT DISTINCT * FROM person', 'Unsupported SELECT: DISTINCT in a subscription query'],
    ['SELECT * FROM person ORDER BY id', 'Unsupported: ORDER BY in a subscription query'],
    ['SELECT * FROM person LIMIT 1', 'Unsupported: LIMIT in a subscription query'],
    ["INSERT INTO person VALUES (9, 'x', 0x00, 1)", 'Unsupported: Non-SELECT queries'],
    ['DELETE FROM person', 'Unsupported: Non-SELECT queries'],
    ['SELECT * FROM person; SELECT * FROM pet', 'Multiple SQL statements are not supported'],
    ['', 'Empty SQL query'],
    ['SELECT * FROM nowhere', 'no such table: `nowhere`. If the table exists, it may be marked private.'],
    ['SELECT * FROM person WHERE height = 1', '`person` does not have a field `height`'],
    ["SELECT * FROM person WHERE id = 'x'", 'The literal expression `x` cannot be parsed as type `U64`'],
    ['SELECT * FROM person JOIN pet ON person.id = pet.person_id', 'SELECT * is not supported for joins'],
    ['SELECT x.* FROM person', '`x` is not in scope'],
    [
      'SELECT person.* FROM person JOIN pet ON person.id = pet.person_id JOIN loose ON loose.id = pet.id',
      'Invalid number of tables in subscription: 3',
    ],
    ['SELECT person.* FROM person JOIN pet', 'Subscriptions require indexes on join columns'],
    ['SELECT person.* FROM person CROSS JOIN pet', 'Subscriptions require indexes on join columns'],
    [
      'SELECT person.* FROM person JOIN loose ON person.id = loose.person_id',
      'Subscriptions require indexes on join columns',
    ],
    [
      'SELECT person.* FROM person JOIN tagged ON person.id = tagged.person_id',
      'Subscriptions require indexes on join columns',
    ],
    [
      'SELECT person.* FROM person JOIN pet ON person.id < pet.person_id',
      'Unsupported join condition: a subscription joins two tables on one equality of a column of each (ON a.x = b.y)',
    ],
    [
      'SELECT person.* FROM person JOIN pet ON person.id = pet.person_id AND pet.id = 1',
      'Unsupported join condition: a subscription joins two tables on one equality of a column of each (ON a.x = b.y)',
    ],
    [
      'SELECT person.* FROM person JOIN pet ON pet.id = pet.person_id',
      'Unsupported join condition: a subscription joins two tables on one equality of a column of each (ON a.x = b.y)',
    ],
    [
      'SELECT person.* FROM person JOIN pet ON person.id = person.team',
      'Unexpected type: (expected) U64 != U32 (inferred)',
    ],
    [
      'SELECT person.* FROM person JOIN pet ON person.name = pet.id',
      'Unexpected type: (expected) String != U64 (inferred)',
    ],
    ['SELECT person.* FROM person JOIN person ON person.id = person.id', 'Duplicate name `person`'],
    [
      'SELECT person.* FROM person JOIN pet ON id = person_id',
      'Names must be qualified when using joins at line 1, column 41',
    ],
  ];
  it.each(cases)('%s', (sql, message) => {
    expect(refusal(db, sql)).toBe(message);
  });

  it('refuses private and row-level-security tables to others, with the SQL wording', () => {
    for (const table of ['secret', 'guarded']) {
      const message = `no such table: \`${table}\`. If the table exists, it may be marked private.`;
      expect(refusal(db, `SELECT * FROM ${table}`, ALICE)).toBe(message);
      expect(refusal(db, `SELECT person.* FROM person JOIN ${table} ON person.id = ${table}.id`, ALICE)).toBe(message);
      expect(db.compile(`SELECT * FROM ${table}`).table.name).toBe(table);
    }
  });

  it('refuses SQL longer than 50,000 bytes', () => {
    const sql = `SELECT * FROM person WHERE ${Array.from({ length: 5000 }, (_, i) => `id = ${i}`).join(' OR ')}`;
    expect(refusal(db, sql)).toBe(`SQL query exceeds maximum allowed length: "${sql.slice(0, 120)}..."`);
  });
});

describe('BeforeCommitView', () => {
  it('reads the state before the commit through the state after it', () => {
    const db = seeded();
    const before = keysOf(db.committed.table(PET) ?? fail(), [...db.view().scan(PET)]);
    const changes = db.commit((tx) => {
      tx.insert(PET, pet(13, 1, 'owl'));
      tx.delete(PET, pet(10, 1, 'cat'));
    });
    const view = new BeforeCommitView(db.view(), changes);
    const schema = db.committed.table(PET) ?? fail();
    expect(keysOf(schema, [...view.scan(PET)])).toEqual(before);
    expect(view.rowCount(PET)).toBe(3);
    const byPerson = schema.indexes[1]?.id ?? 0;
    expect(ids(view.indexPoint(byPerson, [1n]))).toEqual([10, 11]);
    const range = view.indexRange(byPerson, [], { kind: 'included', value: 1n }, { kind: 'unbounded' });
    expect(range.map((row) => Number(row[1]))).toEqual([1, 1, 2]);
  });
});

function fail(): never {
  throw new Error('missing fixture table');
}
