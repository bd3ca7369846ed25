import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MutTx, Row } from '../../../src/spacetimedb/datastore/index.js';
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
  TAGGED,
  TestDatabase,
  tagged,
} from './query-fixture.js';

/**
 * The delta property: for random commits, what `delta` reports is exactly the difference between the
 * result before and after (inserts = after − before, deletes = before − after, nothing twice).
 */

const QUERIES = [
  "SELECT * FROM pet WHERE species = 'cat'",
  'SELECT * FROM person WHERE team = 1 OR owner = :sender',
  "SELECT person.* FROM person JOIN pet ON person.id = pet.person_id WHERE pet.species <> 'fish'",
  'SELECT pet.* FROM person JOIN pet ON person.id = pet.person_id WHERE person.team = 1',
  'SELECT pet.* FROM pet JOIN person ON pet.person_id = person.id WHERE person.id < pet.id',
  // `loose` has no index: lookups into it are by scan.
  "SELECT loose.* FROM loose JOIN person ON loose.person_id = person.id WHERE loose.id <> 2 AND person.name = 'a'",
  'SELECT person.* FROM person JOIN loose ON person.id = loose.person_id WHERE loose.id = 1',
  'SELECT a.* FROM pet AS a JOIN pet AS b ON a.person_id = b.person_id WHERE a.id <> b.id',
  "SELECT person.* FROM person JOIN tagged ON person.id = tagged.person_id WHERE tagged.tag = 'x'",
  // The index of `tagged` starts with `tag`: lookups by `person_id` alone are by scan.
  'SELECT tagged.* FROM tagged JOIN person ON tagged.person_id = person.id',
];

type Op =
  | { kind: 'person'; id: number; name: string; owner: string; team: number }
  | { kind: 'pet'; id: number; personId: number; species: string }
  | { kind: 'loose'; id: number; personId: number }
  | { kind: 'tagged'; id: number; tag: string; personId: number }
  | { kind: 'delete'; table: number; id: number };

const personId = fc.integer({ min: 1, max: 4 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('person' as const),
    id: personId,
    name: fc.constantFrom('a', 'b'),
    owner: fc.constantFrom(ALICE_HEX, OWNER_HEX),
    team: fc.integer({ min: 1, max: 2 }),
  }),
  fc.record({
    kind: fc.constant('pet' as const),
    id: fc.integer({ min: 1, max: 6 }),
    personId,
    species: fc.constantFrom('cat', 'fish'),
  }),
  fc.record({ kind: fc.constant('loose' as const), id: fc.integer({ min: 1, max: 3 }), personId }),
  fc.record({
    kind: fc.constant('tagged' as const),
    id: fc.integer({ min: 1, max: 3 }),
    tag: fc.constantFrom('x', 'y'),
    personId,
  }),
  fc.record({
    kind: fc.constant('delete' as const),
    table: fc.constantFrom(PERSON, PET, LOOSE, TAGGED),
    id: fc.integer({ min: 1, max: 6 }),
  }),
);

/** Applies one operation: rows are replaced by id (`loose` has no key: rows with the id go first). */
function apply(tx: MutTx, operation: Op): void {
  const replace = (table: number, id: number, row: Row | undefined) => {
    for (const existing of [...tx.scan(table)]) if (existing[0] === BigInt(id)) tx.delete(table, existing);
    if (row !== undefined) tx.insert(table, row);
  };
  switch (operation.kind) {
    case 'person':
      replace(PERSON, operation.id, person(operation.id, operation.name, operation.owner, operation.team));
      return;
    case 'pet':
      replace(PET, operation.id, pet(operation.id, operation.personId, operation.species));
      return;
    case 'loose':
      replace(LOOSE, operation.id, loose(operation.id, operation.personId));
      return;
    case 'tagged':
      replace(TAGGED, operation.id, tagged(operation.id, operation.tag, operation.personId));
      return;
    case 'delete':
      replace(operation.table, operation.id, undefined);
      return;
  }
}

describe('subscription query deltas (property)', () => {
  it('initial rows before the commit plus the delta are the initial rows after it, for every query', () => {
    fc.assert(
      fc.property(fc.array(fc.array(op, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 }), (commits) => {
        const db = new TestDatabase();
        const queries = QUERIES.map((sql) => db.compile(sql, ALICE));
        for (const commit of commits) {
          const before = queries.map((query) => keysOf(query.table, query.initialRows(db.view())));
          const changes = db.commit((tx) => {
            for (const operation of commit) apply(tx, operation);
          });
          const after = db.view();
          queries.forEach((query, index) => {
            const wasIn = new Set(before[index]);
            const isIn = keysOf(query.table, query.initialRows(after));
            expect(new Set(isIn).size, `${query.sql}: initial rows are a set`).toBe(isIn.length);
            const { inserts, deletes } = query.delta(changes, after);
            expect(keysOf(query.table, inserts), `${query.sql}: inserts`).toEqual(
              isIn.filter((key) => !wasIn.has(key)),
            );
            const nowIn = new Set(isIn);
            expect(keysOf(query.table, deletes), `${query.sql}: deletes`).toEqual(
              [...wasIn].filter((key) => !nowIn.has(key)).sort(),
            );
          });
        }
      }),
      { numRuns: 100 },
    );
  });
});
