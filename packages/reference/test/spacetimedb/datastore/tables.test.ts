import { describe, expect, it } from 'vitest';
import {
  CommittedTables,
  DatastoreError,
  type Row,
  Transaction,
  tableSchemas,
} from '../../../src/spacetimedb/datastore/index.js';
import { sampleModule } from './fixture.js';

const PERSON = 4096;
const NOTE = 4097;
const PERSON_ID_INDEX = 4096;
const PERSON_NAME_INDEX = 4097;
const PERSON_AGE_NAME_INDEX = 4098;
const NOTE_TEXT_INDEX = 4099;
const UNBOUNDED = { kind: 'unbounded' } as const;
const included = (value: bigint | string) => ({ kind: 'included', value }) as const;
const excluded = (value: bigint | string) => ({ kind: 'excluded', value }) as const;

function fresh(def = sampleModule()): CommittedTables {
  return new CommittedTables(tableSchemas(def));
}

function commit(committed: CommittedTables, tx: Transaction): void {
  committed.apply(tx.pendingWrites(), tx.pendingSequences());
}

function codeOf(work: () => unknown): string | undefined {
  try {
    work();
  } catch (error) {
    if (error instanceof DatastoreError) return error.code;
    throw error;
  }
  return undefined;
}

/** A committed person table holding people of the given ages, named `p<age>` unless given names. */
function withPeople(people: Array<[age: bigint, name?: string]>): CommittedTables {
  const committed = fresh();
  const tx = new Transaction(committed);
  for (const [age, name] of people) tx.insert(PERSON, [0n, name ?? `p${age}`, age]);
  commit(committed, tx);
  return committed;
}

const ages = (rows: Row[]) => rows.map((row) => row[2]);
const names = (rows: Row[]) => rows.map((row) => row[1]);

describe('inserts', () => {
  it('fills sequence columns holding 0 and keeps given values', () => {
    const tx = new Transaction(fresh());
    expect(tx.insert(PERSON, [0n, 'ada', 36n])).toEqual([1n, 'ada', 36n]);
    expect(tx.insert(PERSON, [0n, 'bob', 20n])).toEqual([2n, 'bob', 20n]);
    expect(tx.insert(PERSON, [10n, 'cy', 20n])).toEqual([10n, 'cy', 20n]);
    expect(tx.insert(PERSON, [0n, 'dee', 20n])).toEqual([3n, 'dee', 20n]);
    expect(tx.rowCount(PERSON)).toBe(4);
  });

  it('continues a sequence in the next transaction after a commit, not after a rollback', () => {
    const committed = fresh();
    const first = new Transaction(committed);
    first.insert(PERSON, [0n, 'ada', 1n]);
    commit(committed, first);
    new Transaction(committed).insert(PERSON, [0n, 'dropped', 1n]);
    expect(new Transaction(committed).insert(PERSON, [0n, 'bob', 1n])[0]).toBe(2n);
  });

  it('refuses a different row with an existing unique key, from the committed state or the transaction', () => {
    const committed = withPeople([[30n, 'ada']]);
    const tx = new Transaction(committed);
    expect(codeOf(() => tx.insert(PERSON, [0n, 'ada', 31n]))).toBe('UNIQUE_ALREADY_EXISTS');
    expect(codeOf(() => tx.insert(PERSON, [1n, 'other', 30n]))).toBe('UNIQUE_ALREADY_EXISTS');
    tx.insert(PERSON, [0n, 'bob', 1n]);
    expect(codeOf(() => tx.insert(PERSON, [50n, 'bob', 2n]))).toBe('UNIQUE_ALREADY_EXISTS');
    expect(tx.rowCount(PERSON)).toBe(2);
  });

  it('frees a unique key when its row is deleted in the transaction', () => {
    const tx = new Transaction(withPeople([[30n, 'ada']]));
    expect(tx.delete(PERSON, [1n, 'ada', 30n])).toBe(true);
    expect(tx.insert(PERSON, [1n, 'ada', 99n])).toEqual([1n, 'ada', 99n]);
    expect(tx.indexPoint(PERSON_NAME_INDEX, ['ada'])).toEqual([[1n, 'ada', 99n]]);
  });

  it('has set semantics: an equal row is a no-op returning it', () => {
    const committed = withPeople([[30n, 'ada']]);
    const tx = new Transaction(committed);
    expect(tx.insert(PERSON, [1n, 'ada', 30n])).toEqual([1n, 'ada', 30n]);
    tx.insert(NOTE, ['hello', 1]);
    tx.insert(NOTE, ['hello', 1]);
    tx.insert(NOTE, ['hello', 2]);
    expect(tx.rowCount(PERSON)).toBe(1);
    expect([...tx.scan(NOTE)]).toEqual([
      ['hello', 1],
      ['hello', 2],
    ]);
    expect(tx.changes().tables.map((table) => [table.tableName, table.inserts.length])).toEqual([['note', 2]]);
  });

  it('refuses a sequence value beyond its maximum with AUTO_INC_OVERFLOW', () => {
    const def = sampleModule();
    const sequence = def.tables[0]?.sequences[0];
    if (sequence === undefined) throw new Error('no sequence');
    sequence.max_value = { some: 2n };
    const tx = new Transaction(fresh(def));
    tx.insert(PERSON, [0n, 'a', 1n]);
    tx.insert(PERSON, [0n, 'b', 1n]);
    expect(codeOf(() => tx.insert(PERSON, [0n, 'c', 1n]))).toBe('AUTO_INC_OVERFLOW');
  });

  it('refuses unknown tables and indexes', () => {
    const tx = new Transaction(fresh());
    expect(codeOf(() => tx.insert(1, []))).toBe('NO_SUCH_TABLE');
    expect(codeOf(() => tx.indexPoint(1, []))).toBe('NO_SUCH_INDEX');
    expect(codeOf(() => tx.update(PERSON, NOTE_TEXT_INDEX, [1n, 'a', 1n]))).toBe('NO_SUCH_INDEX');
  });
});

describe('index scans', () => {
  const people: Array<[bigint, string]> = [
    [3n, 'c'],
    [-5n, 'x'],
    [10n, 'y'],
    [0n, 'z'],
    [3n, 'b'],
    [-1n, 'w'],
    [-300n, 'v'],
  ];

  it('finds rows by point on unique and non-unique indexes', () => {
    const tx = new Transaction(withPeople(people));
    expect(tx.indexPoint(PERSON_NAME_INDEX, ['b'])).toEqual([[5n, 'b', 3n]]);
    expect(tx.indexPoint(PERSON_ID_INDEX, [2n])).toEqual([[2n, 'x', -5n]]);
    expect(tx.indexPoint(PERSON_NAME_INDEX, ['nobody'])).toEqual([]);
    expect(tx.indexPoint(PERSON_AGE_NAME_INDEX, [3n, 'c'])).toEqual([[1n, 'c', 3n]]);
    tx.insert(NOTE, ['same', 1]);
    tx.insert(NOTE, ['same', 2]);
    tx.insert(NOTE, ['other', 3]);
    expect(tx.indexPoint(NOTE_TEXT_INDEX, ['same'])).toHaveLength(2);
  });

  it('orders signed 64-bit values numerically, negatives first', () => {
    const tx = new Transaction(withPeople(people));
    expect(ages(tx.indexRange(PERSON_AGE_NAME_INDEX, [], UNBOUNDED, UNBOUNDED))).toEqual([
      -300n,
      -5n,
      -1n,
      0n,
      3n,
      3n,
      10n,
    ]);
  });

  it('honours included, excluded and unbounded bounds', () => {
    const tx = new Transaction(withPeople(people));
    const range = (start: Parameters<Transaction['indexRange']>[2], end: Parameters<Transaction['indexRange']>[3]) =>
      ages(tx.indexRange(PERSON_AGE_NAME_INDEX, [], start, end));
    expect(range(included(-5n), included(3n))).toEqual([-5n, -1n, 0n, 3n, 3n]);
    expect(range(excluded(-5n), excluded(3n))).toEqual([-1n, 0n]);
    expect(range(UNBOUNDED, excluded(0n))).toEqual([-300n, -5n, -1n]);
    expect(range(excluded(3n), UNBOUNDED)).toEqual([10n]);
    expect(range(included(4n), included(9n))).toEqual([]);
    expect(range(included(10n), included(-10n))).toEqual([]);
  });

  it('scans within a prefix, strings in order', () => {
    const tx = new Transaction(withPeople([...people, [3n, 'a'], [3n, 'bb']]));
    expect(names(tx.indexRange(PERSON_AGE_NAME_INDEX, [3n], UNBOUNDED, UNBOUNDED))).toEqual(['a', 'b', 'bb', 'c']);
    expect(names(tx.indexRange(PERSON_AGE_NAME_INDEX, [3n], excluded('a'), included('bb')))).toEqual(['b', 'bb']);
    expect(names(tx.indexRange(PERSON_NAME_INDEX, [], included('w'), UNBOUNDED))).toEqual(['w', 'x', 'y', 'z']);
  });

  it("merges the transaction's inserts and hides its deletes", () => {
    const tx = new Transaction(withPeople(people));
    tx.insert(PERSON, [0n, 'new', 1n]);
    tx.delete(PERSON, [2n, 'x', -5n]);
    expect(ages(tx.indexRange(PERSON_AGE_NAME_INDEX, [], included(-10n), included(5n)))).toEqual([-1n, 0n, 1n, 3n, 3n]);
  });
});

describe('update, delete and clear', () => {
  it('replaces the row found by a unique index', () => {
    const tx = new Transaction(
      withPeople([
        [30n, 'ada'],
        [40n, 'bob'],
      ]),
    );
    expect(tx.update(PERSON, PERSON_NAME_INDEX, [7n, 'ada', 31n])).toEqual([7n, 'ada', 31n]);
    expect(tx.update(PERSON, PERSON_ID_INDEX, [2n, 'robert', 41n])).toEqual([2n, 'robert', 41n]);
    expect([...tx.scan(PERSON)].sort((a, b) => Number((a[0] as bigint) - (b[0] as bigint)))).toEqual([
      [2n, 'robert', 41n],
      [7n, 'ada', 31n],
    ]);
    expect(tx.indexPoint(PERSON_NAME_INDEX, ['bob'])).toEqual([]);
  });

  it('refuses non-unique indexes, missing rows and collisions on the other unique columns', () => {
    const tx = new Transaction(
      withPeople([
        [30n, 'ada'],
        [40n, 'bob'],
      ]),
    );
    expect(codeOf(() => tx.update(PERSON, PERSON_AGE_NAME_INDEX, [1n, 'ada', 30n]))).toBe('INDEX_NOT_UNIQUE');
    expect(codeOf(() => tx.update(PERSON, PERSON_NAME_INDEX, [1n, 'nobody', 30n]))).toBe('NO_SUCH_ROW');
    expect(codeOf(() => tx.update(PERSON, PERSON_NAME_INDEX, [2n, 'ada', 30n]))).toBe('UNIQUE_ALREADY_EXISTS');
    expect(tx.indexPoint(PERSON_NAME_INDEX, ['ada'])).toEqual([[1n, 'ada', 30n]]);
    expect(tx.changes().tables).toEqual([]);
  });

  it('deletes equal rows only, and clears a table', () => {
    const tx = new Transaction(
      withPeople([
        [30n, 'ada'],
        [40n, 'bob'],
      ]),
    );
    expect(tx.delete(PERSON, [1n, 'ada', 99n])).toBe(false);
    expect(tx.delete(PERSON, [1n, 'ada', 30n])).toBe(true);
    expect(tx.delete(PERSON, [1n, 'ada', 30n])).toBe(false);
    tx.insert(PERSON, [0n, 'cy', 1n]);
    expect(tx.clear(PERSON)).toBe(2);
    expect(tx.rowCount(PERSON)).toBe(0);
    expect([...tx.scan(PERSON)]).toEqual([]);
  });
});

describe('net changes and commit', () => {
  it('reports only net changes', () => {
    const committed = withPeople([[30n, 'ada']]);
    const tx = new Transaction(committed);
    tx.insert(PERSON, [0n, 'tmp', 1n]);
    tx.delete(PERSON, [2n, 'tmp', 1n]);
    tx.delete(PERSON, [1n, 'ada', 30n]);
    tx.insert(PERSON, [1n, 'ada', 30n]);
    expect(tx.changes()).toEqual({ tables: [] });
    tx.update(PERSON, PERSON_ID_INDEX, [1n, 'ada', 31n]);
    expect(tx.changes()).toEqual({
      tables: [{ tableId: PERSON, tableName: 'person', inserts: [[1n, 'ada', 31n]], deletes: [[1n, 'ada', 30n]] }],
    });
  });

  it('leaves the committed state untouched until applied, and applies exactly the changes', () => {
    const committed = withPeople([[30n, 'ada']]);
    const dropped = new Transaction(committed);
    dropped.clear(PERSON);
    dropped.insert(NOTE, ['x', 1]);
    const view = new Transaction(committed);
    expect([...view.scan(PERSON)]).toEqual([[1n, 'ada', 30n]]);
    expect(view.rowCount(NOTE)).toBe(0);
    commit(committed, dropped);
    const after = new Transaction(committed);
    expect(after.rowCount(PERSON)).toBe(0);
    expect([...after.scan(NOTE)]).toEqual([['x', 1]]);
    expect(after.indexPoint(PERSON_NAME_INDEX, ['ada'])).toEqual([]);
  });
});

describe('index order kept up to date', () => {
  /** A deterministic stream of numbers in 0..bound-1 (the same run every time). */
  function numbers(seed: number): (bound: number) => number {
    let state = seed;
    return (bound) => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state % bound;
    };
  }

  /** Code unit order, which is UTF-8 order for the ASCII texts these tests use. */
  const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const byText = (a: Row, b: Row) => compareText(a[0] as string, b[0] as string) || (a[1] as number) - (b[1] as number);
  const byAgeName = (a: Row, b: Row) =>
    (a[2] as bigint) < (b[2] as bigint)
      ? -1
      : (a[2] as bigint) > (b[2] as bigint)
        ? 1
        : compareText(a[1] as string, b[1] as string);

  /** Checks the note text index against every visible note, filtered and ordered the slow way. */
  function expectNoteIndexAgrees(view: Transaction, low: string, high: string, point: string): void {
    const notes = [...view.scan(NOTE)];
    const inRange = notes.filter((row) => (row[0] as string) >= low && (row[0] as string) < high);
    const found = view.indexRange(NOTE_TEXT_INDEX, [], included(low), excluded(high));
    // Texts in order; equal texts tie in row key order, so compare those as a set.
    expect(found.map((row) => row[0])).toEqual(inRange.map((row) => row[0]).sort());
    expect([...found].sort(byText)).toEqual([...inRange].sort(byText));
    const atPoint = notes.filter((row) => row[0] === point).sort(byText);
    expect([...view.indexPoint(NOTE_TEXT_INDEX, [point])].sort(byText)).toEqual(atPoint);
  }

  it('answers index lookups like a full scan through inserts, deletes, clears and small and large commits', () => {
    const next = numbers(7);
    const committed = fresh();
    const text = () => `t${String(next(20)).padStart(2, '0')}`;
    let tx = new Transaction(committed);
    for (let step = 0; step < 800; step++) {
      const action = next(100);
      if (action < 50) tx.insert(NOTE, [text(), next(1000)]);
      else if (action < 53) {
        // More changes than are spliced in one by one: the commit merges them.
        for (let row = 0; row < 40; row++) tx.insert(NOTE, [text(), next(1000)]);
      } else if (action < 83) {
        const visible = [...tx.scan(NOTE)];
        const victim = visible[next(Math.max(visible.length, 1))];
        if (victim !== undefined) expect(tx.delete(NOTE, victim)).toBe(true);
      } else if (action < 98) {
        commit(committed, tx);
        tx = new Transaction(committed);
      } else tx.clear(NOTE);
      const [low, high] = [text(), text()].sort() as [string, string];
      expectNoteIndexAgrees(tx, low, high, text());
      if (step % 50 === 0) expectNoteIndexAgrees(new Transaction(committed), low, high, text());
    }
  });

  it('keeps a unique index and a two-column index in order through updates in and across transactions', () => {
    const next = numbers(11);
    const committed = fresh();
    let tx = new Transaction(committed);
    for (let step = 0; step < 600; step++) {
      const action = next(10);
      const people = [...tx.scan(PERSON)];
      const someone = people[next(Math.max(people.length, 1))];
      if (action < 5 || someone === undefined) tx.insert(PERSON, [0n, `n${step}`, BigInt(next(30) - 15)]);
      else if (action < 7)
        tx.update(PERSON, PERSON_ID_INDEX, [someone[0] as bigint, `u${step}`, BigInt(next(30) - 15)]);
      else if (action < 8) tx.delete(PERSON, someone);
      else {
        commit(committed, tx);
        tx = new Transaction(committed);
      }
      const everyone = [...tx.scan(PERSON)];
      expect(tx.indexRange(PERSON_AGE_NAME_INDEX, [], UNBOUNDED, UNBOUNDED)).toEqual([...everyone].sort(byAgeName));
      const age = BigInt(next(30) - 15);
      expect(tx.indexRange(PERSON_AGE_NAME_INDEX, [age], UNBOUNDED, UNBOUNDED)).toEqual(
        everyone.filter((row) => row[2] === age).sort(byAgeName),
      );
      const probe = everyone[next(Math.max(everyone.length, 1))];
      if (probe !== undefined) expect(tx.indexPoint(PERSON_NAME_INDEX, [probe[1] as string])).toEqual([probe]);
    }
  });

  it('updates the committed index order on commit instead of rebuilding it', () => {
    const committed = withPeople([
      [30n, 'ada'],
      [20n, 'bob'],
    ]);
    const index = committed.index(PERSON_AGE_NAME_INDEX);
    if (index === undefined) throw new Error('no index');
    const before = committed.rowsOf(PERSON).sorted(index);
    const tx = new Transaction(committed);
    tx.insert(PERSON, [0n, 'cy', 25n]);
    tx.delete(PERSON, [1n, 'ada', 30n]);
    commit(committed, tx);
    expect(committed.rowsOf(PERSON).sorted(index)).toBe(before);
    expect(before.all().map((entry) => entry.row)).toEqual([
      [2n, 'bob', 20n],
      [3n, 'cy', 25n],
    ]);
  });
});
