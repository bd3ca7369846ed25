/**
 * Transactions running TypeQL, as TypeDB runs them (research note §1.4, §1.5): which query errors
 * leave a transaction open and which close it, commit-time validation, snapshot isolation, rollback,
 * isolation conflicts (STC2) and the one-shot endpoint's commit rules. Every rule is checked with
 * its status, its root-cause code and the transaction's state afterwards, probed by a follow-up call.
 *
 * Root codes beyond the research note's table come from the TypeDB source (typedb/typedb 3.5.5 and
 * HEAD agree): a missing or duplicated @key is `CNT5` under `DVL8` (KeyConstraintViolatedCard wraps
 * ConstraintError::ViolatedCardinality), a key value another owner has is `CNT9` under `DVL9`
 * (checked when the `has` is written), an unknown type label in a pipeline is `INF2`
 * (TypeInferenceError::LabelNotResolved), an unknown attribute in `define … owns` is `SYR8`
 * (SymbolResolutionError::AttributeTypeNotFound).
 */
import { expect, it } from 'vitest';
import { describeNeeding } from '../../../src/typedb/capabilities.js';
import { delay, expectEmptyOk } from '../../../src/typedb/http.js';
import {
  entity,
  expectAnswer,
  expectDocuments,
  expectOkAnswer,
  expectQueryError,
  expectRows,
  PEOPLE,
  QUICKSTART_SCHEMA,
  TYPEQL_NEEDS,
  useTypeQL,
} from '../../../src/typedb/typeql.js';

const { typedb, q } = useTypeQL();

const NAMES = PEOPLE.map((person) => person.name).sort();
const open = (database: string, type: 'read' | 'write' | 'schema') => typedb.open(typedb.admin, database, type);
const insertPerson = (name: string, age = 20) => `insert $p isa person, has name "${name}", has age ${age};`;

/** The entity types a transaction sees. */
async function entityTypesIn(id: string): Promise<string[]> {
  const rows = expectRows(await q().query(id, 'match entity $t;'));
  return rows.map((row) => (row.t as { label: string }).label).sort();
}

async function entityTypes(database: string): Promise<string[]> {
  const rows = await q().rows(database, 'match entity $t;');
  return rows.map((row) => (row.t as { label: string }).label).sort();
}

describeNeeding(TYPEQL_NEEDS, 'query errors that leave the transaction open', () => {
  it('400 TQL0 (syntax error) in a write transaction: open; writes before and after it commit', async () => {
    const database = await q().quickstart(typedb, 'tt-tql0-write');
    const id = await open(database, 'write');
    expectRows(await q().query(id, insertPerson('Eve')), 'write');
    expectQueryError(await q().query(id, 'match $p isa;'), 400, 'TQL0');
    await q().expectOpen(id);
    expectRows(await q().query(id, insertPerson('Fay')), 'write');
    await q().commitOk(id);
    expect(await q().personNames(database)).toEqual([...NAMES, 'Eve', 'Fay'].sort());
  });

  it('400 TQL0 in a read transaction and in a schema transaction: both stay open', async () => {
    const database = await q().quickstart(typedb, 'tt-tql0-read');
    const read = await open(database, 'read');
    expectQueryError(await q().query(read, 'match $p isa person has;'), 400, 'TQL0');
    await q().expectOpen(read);
    expect(await q().personNamesIn(read)).toEqual(NAMES);
    await q().close(read);

    const schema = await open(database, 'schema');
    expectOkAnswer(await q().query(schema, 'define entity robot;'));
    expectQueryError(await q().query(schema, 'define entity;'), 400, 'TQL0');
    await q().expectOpen(schema);
    await q().commitOk(schema);
    expect(await entityTypes(database)).toEqual(['person', 'robot']);
  });

  it('400 TSV8 for a schema query in a write transaction: open, its writes kept', async () => {
    const database = await q().quickstart(typedb, 'tt-tsv8-write');
    const id = await open(database, 'write');
    expectRows(await q().query(id, insertPerson('Eve')), 'write');
    expectQueryError(await q().query(id, 'define entity robot;'), 400, 'TSV8');
    await q().expectOpen(id);
    await q().commitOk(id);
    expect(await q().personNames(database)).toEqual([...NAMES, 'Eve'].sort());
    expect(await entityTypes(database)).toEqual(['person']);
  });

  it('400 TSV8 for a schema query in a read transaction: open', async () => {
    const database = await q().quickstart(typedb, 'tt-tsv8-read');
    const id = await open(database, 'read');
    expectQueryError(await q().query(id, 'define entity robot;'), 400, 'TSV8');
    await q().expectOpen(id);
    expect(await entityTypes(database)).toEqual(['person']);
  });

  it('400 TSV9 for insert, delete and update in a read transaction: open, nothing changed', async () => {
    const database = await q().quickstart(typedb, 'tt-tsv9');
    const id = await open(database, 'read');
    expectQueryError(await q().query(id, insertPerson('Eve')), 400, 'TSV9');
    await q().expectOpen(id);
    expectQueryError(await q().query(id, 'match $p isa person, has name "Dan"; delete $p;'), 400, 'TSV9');
    expectQueryError(await q().query(id, 'match $p isa person, has name "Dan"; update $p has age 99;'), 400, 'TSV9');
    await q().expectOpen(id);
    expect(await q().personNamesIn(id)).toEqual(NAMES);
    expect(await q().personNames(database)).toEqual(NAMES);
  });

  it('400 INF2 for a read query naming an unknown type: a read transaction stays open', async () => {
    const database = await q().quickstart(typedb, 'tt-inf2-read');
    const id = await open(database, 'read');
    expectQueryError(await q().query(id, 'match $x isa spaceship;'), 400, 'INF2');
    await q().expectOpen(id);
  });

  it('400 INF2 for a read query naming an unknown type in a write transaction: open, writes kept', async () => {
    const database = await q().quickstart(typedb, 'tt-inf2-write');
    const id = await open(database, 'write');
    expectRows(await q().query(id, insertPerson('Eve')), 'write');
    expectQueryError(await q().query(id, 'match $x isa spaceship;'), 400, 'INF2');
    await q().expectOpen(id);
    await q().commitOk(id);
    expect(await q().personNames(database)).toEqual([...NAMES, 'Eve'].sort());
  });
});

describeNeeding(TYPEQL_NEEDS, 'fetch errors', () => {
  it('400 QUA12 for a scalar fetch of an attribute that may have many values: compile error, open', async () => {
    const database = await typedb.database('tt-qua12');
    await q().define(database, 'define attribute tag, value string; entity item, owns tag @card(0..);');
    await q().write(database, 'insert $i isa item, has tag "a", has tag "b";');
    const id = await open(database, 'read');
    expectQueryError(await q().query(id, 'match $i isa item; fetch { "tag": $i.tag };'), 400, 'QUA12');
    await q().expectOpen(id);
    const documents = expectDocuments(await q().query(id, 'match $i isa item; fetch { "tags": [ $i.tag ] };'));
    expect(documents.map((document) => [...(document as { tags: string[] }).tags].sort())).toEqual([['a', 'b']]);
  });

  it("400 QUA8 / QUA9 for fetching an attribute the variable's type cannot own: compile errors, open", async () => {
    // compiler/annotation/fetch.rs: every inferred type of `$f` must own the attribute.
    const database = await q().quickstart(typedb, 'tt-qua8');
    const id = await open(database, 'read');
    expectQueryError(await q().query(id, 'match $f isa friendship; fetch { "n": $f.name };'), 400, 'QUA8');
    await q().expectOpen(id);
    expectQueryError(await q().query(id, 'match $f isa friendship; fetch { "n": [ $f.name ] };'), 400, 'QUA9');
    await q().expectOpen(id);
    expectQueryError(await q().query(id, 'match $p isa person; fetch { "n": $p.shoe-size };'), 400, 'QUA7');
    await q().expectOpen(id);
  });

  it('400 FEX5 for fetching an entity itself: a read that fails while running closes even a read transaction', async () => {
    const database = await q().quickstart(typedb, 'tt-fex5');
    const id = await open(database, 'read');
    expectQueryError(await q().query(id, 'match $p isa person; fetch { "p": $p };'), 400, 'FEX5', ['TSV16']);
    await q().expectClosed(id);
  });
});

describeNeeding(TYPEQL_NEEDS, 'query errors that close the transaction', () => {
  it('a failing write query (unknown type, 400 INF2) closes the write transaction and drops its writes', async () => {
    const database = await q().quickstart(typedb, 'tt-write-fails');
    const id = await open(database, 'write');
    expectRows(await q().query(id, insertPerson('Eve')), 'write');
    expectQueryError(await q().query(id, 'insert $x isa spaceship;'), 400, 'INF2', ['TSV11']);
    await q().expectClosed(id);
    expect(await q().personNames(database)).toEqual(NAMES);
  });

  it('a write query breaking a @key (value owned by another person, 400 CNT9) closes the transaction', async () => {
    const database = await q().quickstart(typedb, 'tt-key-taken');
    const id = await open(database, 'write');
    expectRows(await q().query(id, insertPerson('Eve')), 'write');
    expectQueryError(await q().query(id, insertPerson('Alice', 99)), 400, 'CNT9', ['DVL9']);
    await q().expectClosed(id);
    expect(await q().personNames(database)).toEqual(NAMES);
  });

  it('a failing write query in a schema transaction closes it and drops its schema changes', async () => {
    const database = await q().quickstart(typedb, 'tt-schema-write-fails');
    const id = await open(database, 'schema');
    expectOkAnswer(await q().query(id, 'define entity robot;'));
    expectQueryError(await q().query(id, 'insert $x isa spaceship;'), 400, 'INF2');
    await q().expectClosed(id);
    expect(await entityTypes(database)).toEqual(['person']);
  });

  it('a failing schema query (400 SYR8, aborting: TSV10) closes the schema transaction and drops its changes', async () => {
    const database = await q().quickstart(typedb, 'tt-schema-fails');
    const id = await open(database, 'schema');
    expectOkAnswer(await q().query(id, 'define entity robot;'));
    expectQueryError(await q().query(id, 'define entity person, owns shoe-size;'), 400, 'SYR8', ['TSV10']);
    await q().expectClosed(id);
    expect(await entityTypes(database)).toEqual(['person']);
  });
});

describeNeeding(TYPEQL_NEEDS, 'commit-time validation', () => {
  it('a person without its @key name: commit answers 400 CNT5 (DVL8), closes, writes nothing', async () => {
    const database = await q().quickstart(typedb, 'tt-key-missing');
    const id = await open(database, 'write');
    expect(expectRows(await q().query(id, 'insert $p isa person, has age 40;'), 'write')).toEqual([
      { p: entity('person') },
    ]);
    // The key is only checked at commit: the query itself succeeded and the transaction is open.
    await q().expectOpen(id);
    expectQueryError(await q().commit(id), 400, 'CNT5', ['DVL8', 'TSV5']);
    await q().expectClosed(id);
    expect(await q().count(database, '$p isa person;')).toBe(4);
  });

  it('a person with two names (@key is exactly one): commit answers 400 CNT5 (DVL8) and closes', async () => {
    const database = await q().quickstart(typedb, 'tt-key-two');
    const id = await open(database, 'write');
    expectRows(await q().query(id, 'match $p isa person, has name "Alice"; insert $p has name "Alicia";'), 'write');
    expectQueryError(await q().commit(id), 400, 'CNT5', ['DVL8']);
    await q().expectClosed(id);
    expect(await q().personNames(database)).toEqual(NAMES);
  });

  it('an @card violation (an item needs 1..2 tags): commit answers 400 CNT5 (DVL10) and closes', async () => {
    const database = await typedb.database('tt-card');
    await q().define(database, 'define attribute tag, value string; entity item, owns tag @card(1..2);');
    for (const tags of ['', ', has tag "a", has tag "b", has tag "c"']) {
      const id = await open(database, 'write');
      expectRows(await q().query(id, `insert $i isa item${tags};`), 'write');
      await q().expectOpen(id);
      expectQueryError(await q().commit(id), 400, 'CNT5', ['DVL10']);
      await q().expectClosed(id);
    }
    expect(await q().count(database, '$i isa item;')).toBe(0);
    // Within the cardinality the same insert commits.
    await q().write(database, 'insert $i isa item, has tag "a", has tag "b";');
    expect(await q().count(database, '$i isa item;')).toBe(1);
  });

  it('a one-shot write whose commit fails: 400 CNT5 (under HSR18), nothing written', async () => {
    const database = await q().quickstart(typedb, 'tt-key-oneshot');
    expectQueryError(await q().oneShot(database, 'write', 'insert $p isa person, has age 40;'), 400, 'CNT5', [
      'DVL8',
      'HSR18',
    ]);
    expect(await q().count(database, '$p isa person;')).toBe(4);
  });
});

describeNeeding(TYPEQL_NEEDS, 'commit-time clean-up', () => {
  it('an attribute left without owners is deleted at commit, unless its type is @independent', async () => {
    const database = await q().quickstart(typedb, 'tt-cleanup-attr');
    await q().define(database, 'define attribute tag, value string; attribute note @independent, value string;');
    const id = await open(database, 'write');
    expectRows(await q().query(id, 'insert $t isa tag "x"; $n isa note "y";'), 'write');
    // Before the commit the transaction sees both.
    expect(expectRows(await q().query(id, 'match $a isa tag;'))).toHaveLength(1);
    await q().commitOk(id);
    expect(await q().count(database, '$a isa tag;')).toBe(0);
    expect(await q().count(database, '$a isa note;')).toBe(1);
    // An owned attribute whose last ownership is deleted goes too.
    await q().write(database, 'match $p isa person, has name "Alice", has email $e; delete has $e of $p;');
    expect(await q().count(database, '$e isa email "alice@example.com";')).toBe(0);
    expect(await q().count(database, '$e isa email;')).toBe(1);
  });

  it('a relation left without role players is deleted at commit', async () => {
    const database = await q().quickstart(typedb, 'tt-cleanup-rel');
    // Bob–Dan loses both players; Alice–Bob keeps Alice.
    await q().write(database, 'match $p isa person, has name "Bob"; delete $p;');
    await q().write(database, 'match $p isa person, has name "Dan"; delete $p;');
    expect(await q().count(database, '$f isa friendship;')).toBe(2);
    expect(await q().count(database, '$p isa person, has name "Alice"; $f isa friendship, links (friend: $p);')).toBe(
      2,
    );
  });
});

describeNeeding(TYPEQL_NEEDS, 'snapshot isolation', () => {
  it('a read transaction opened before a commit does not see it; one opened after does', async () => {
    const database = await q().quickstart(typedb, 'tt-snapshot-read');
    const before = await open(database, 'read');
    await q().write(database, insertPerson('Eve'));
    expect(await q().personNamesIn(before)).toEqual(NAMES);
    const after = await open(database, 'read');
    expect(await q().personNamesIn(after)).toEqual([...NAMES, 'Eve'].sort());
    expect(await q().personNamesIn(before)).toEqual(NAMES);
  });

  it('a write transaction sees its own writes; nobody else does until it commits', async () => {
    const database = await q().quickstart(typedb, 'tt-own-writes');
    const writer = await open(database, 'write');
    expectRows(await q().query(writer, insertPerson('Eve')), 'write');
    expect(await q().personNamesIn(writer)).toEqual([...NAMES, 'Eve'].sort());
    expect(await q().count(database, '$p isa person, has name "Eve";')).toBe(0);
    const reader = await open(database, 'read');
    expect(await q().personNamesIn(reader)).toEqual(NAMES);
    await q().commitOk(writer);
    expect(await q().personNamesIn(reader)).toEqual(NAMES);
    expect(await q().personNames(database)).toEqual([...NAMES, 'Eve'].sort());
  });

  it("a write transaction opened before another's commit keeps its snapshot, and both commits stand", async () => {
    const database = await q().quickstart(typedb, 'tt-snapshot-write');
    const writer = await open(database, 'write');
    await q().write(database, insertPerson('Eve'));
    expect(await q().personNamesIn(writer)).toEqual(NAMES);
    expectRows(await q().query(writer, insertPerson('Fay')), 'write');
    expect(await q().personNamesIn(writer)).toEqual([...NAMES, 'Fay'].sort());
    await q().commitOk(writer);
    expect(await q().personNames(database)).toEqual([...NAMES, 'Eve', 'Fay'].sort());
  });

  it('a schema transaction sees its own types before commit; /type-schema and others only after', async () => {
    const database = await q().quickstart(typedb, 'tt-snapshot-schema');
    const id = await open(database, 'schema');
    expectOkAnswer(await q().query(id, 'define entity robot;'));
    expect(await entityTypesIn(id)).toEqual(['person', 'robot']);
    expect((await q().schema(database, true)).text).not.toContain('robot');
    expect(await entityTypes(database)).toEqual(['person']);
    await q().commitOk(id);
    expect((await q().schema(database, true)).text).toContain('entity robot;');
    expect(await entityTypes(database)).toEqual(['person', 'robot']);
  });
});

describeNeeding(TYPEQL_NEEDS, 'timeouts', () => {
  it('a write transaction past its lifetime is closed and its writes are discarded', async () => {
    const database = await q().quickstart(typedb, 'tt-timeout');
    const id = await typedb.open(typedb.admin, database, 'write', { transactionTimeoutMillis: 500 });
    expectRows(await q().query(id, insertPerson('Eve')), 'write');
    await delay(900);
    await q().expectClosed(id);
    expect(await q().personNames(database)).toEqual(NAMES);
  });
});

describeNeeding(TYPEQL_NEEDS, 'rollback', () => {
  it('discards the writes and keeps the transaction open for more', async () => {
    const database = await q().quickstart(typedb, 'tt-rollback');
    const id = await open(database, 'write');
    expectRows(await q().query(id, insertPerson('Eve')), 'write');
    expectRows(await q().query(id, 'match $p isa person, has name "Dan"; delete $p;'), 'write');
    expect(await q().personNamesIn(id)).toEqual(['Alice', 'Bob', 'Carol', 'Eve']);
    expectEmptyOk(await q().rollback(id));
    expect(await q().personNamesIn(id)).toEqual(NAMES);
    expectRows(await q().query(id, insertPerson('Fay')), 'write');
    await q().commitOk(id);
    expect(await q().personNames(database)).toEqual([...NAMES, 'Fay'].sort());
  });

  it('discards schema changes in a schema transaction', async () => {
    const database = await q().quickstart(typedb, 'tt-rollback-schema');
    const id = await open(database, 'schema');
    expectOkAnswer(await q().query(id, 'define entity robot;'));
    expectEmptyOk(await q().rollback(id));
    expect(await entityTypesIn(id)).toEqual(['person']);
    await q().commitOk(id);
    expect(await entityTypes(database)).toEqual(['person']);
  });

  it('a commit after a rollback writes nothing', async () => {
    const database = await q().quickstart(typedb, 'tt-rollback-commit');
    const id = await open(database, 'write');
    expectRows(await q().query(id, insertPerson('Eve')), 'write');
    expectEmptyOk(await q().rollback(id));
    await q().commitOk(id);
    expect(await q().personNames(database)).toEqual(NAMES);
  });
});

describeNeeding(TYPEQL_NEEDS, 'isolation conflicts', () => {
  const DELETE_DAN = 'match $p isa person, has name "Dan"; delete $p;';
  const EMAIL_DAN = 'match $p isa person, has name "Dan"; insert $p has email "dan@example.com";';

  it('deleting a person that a concurrent transaction adds a has to: the second commit fails with 400 STC2', async () => {
    const database = await q().quickstart(typedb, 'tt-stc2-delete-first');
    const deleter = await open(database, 'write');
    const adder = await open(database, 'write');
    expect(expectRows(await q().query(deleter, DELETE_DAN), 'write')).toEqual([{}]);
    expect(expectRows(await q().query(adder, EMAIL_DAN), 'write')).toEqual([{ p: entity('person') }]);
    await q().commitOk(deleter);
    expectQueryError(await q().commit(adder), 400, 'STC2', ['TSV5']);
    await q().expectClosed(adder);
    expect(await q().personNames(database)).toEqual(['Alice', 'Bob', 'Carol']);
    expect(await q().count(database, '$p isa person, has email "dan@example.com";')).toBe(0);
  });

  it('the same conflict the other way round: the has commits, the delete fails with 400 STC2', async () => {
    const database = await q().quickstart(typedb, 'tt-stc2-has-first');
    const deleter = await open(database, 'write');
    const adder = await open(database, 'write');
    expectRows(await q().query(deleter, DELETE_DAN), 'write');
    expectRows(await q().query(adder, EMAIL_DAN), 'write');
    await q().commitOk(adder);
    expectQueryError(await q().commit(deleter), 400, 'STC2');
    await q().expectClosed(deleter);
    expect(await q().personNames(database)).toEqual(NAMES);
    expect(await q().count(database, '$p isa person, has name "Dan", has email "dan@example.com";')).toBe(1);
  });

  it('two transactions inserting the same @key value: the second commit fails with 400 STC2', async () => {
    // Each transaction's own snapshot holds one Eve, so each passes validation; the @key value is an
    // exclusive lock in the storage commit, which makes the later commit an isolation conflict.
    const database = await q().quickstart(typedb, 'tt-stc2-key');
    const first = await open(database, 'write');
    const second = await open(database, 'write');
    expectRows(await q().query(first, insertPerson('Eve', 40)), 'write');
    expectRows(await q().query(second, insertPerson('Eve', 41)), 'write');
    await q().commitOk(first);
    expectQueryError(await q().commit(second), 400, 'STC2');
    await q().expectClosed(second);
    expect(await q().rows(database, 'match $p isa person, has name "Eve", has age $a;')).toEqual([
      { p: entity('person'), a: expect.objectContaining({ kind: 'attribute', value: 40 }) },
    ]);
  });

  it('independent inserts never conflict, even when both link the same existing person', async () => {
    const database = await q().quickstart(typedb, 'tt-independent');
    const first = await open(database, 'write');
    const second = await open(database, 'write');
    const befriend = (name: string) =>
      `match $a isa person, has name "Alice"; insert $p isa person, has name "${name}"; $f isa friendship, links (friend: $a, friend: $p);`;
    expectRows(await q().query(first, befriend('Eve')), 'write');
    expectRows(await q().query(second, befriend('Fay')), 'write');
    await q().commitOk(second);
    await q().commitOk(first);
    expect(await q().personNames(database)).toEqual([...NAMES, 'Eve', 'Fay'].sort());
    expect(await q().count(database, '$a isa person, has name "Alice"; $f isa friendship, links (friend: $a);')).toBe(
      4,
    );
  });

  it('concurrent reads never conflict with a commit', async () => {
    const database = await q().quickstart(typedb, 'tt-read-no-conflict');
    const reader = await open(database, 'read');
    expect(await q().personNamesIn(reader)).toEqual(NAMES);
    const writer = await open(database, 'write');
    expectRows(await q().query(writer, DELETE_DAN), 'write');
    await q().commitOk(writer);
    expect(await q().personNamesIn(reader)).toEqual(NAMES);
  });
});

describeNeeding(TYPEQL_NEEDS, 'one-shot queries', () => {
  it('commit a schema query by default', async () => {
    const database = await q().quickstart(typedb, 'to-schema');
    expectOkAnswer(await q().oneShot(database, 'schema', 'define entity robot;'));
    expect(await entityTypes(database)).toEqual(['person', 'robot']);
    expectOkAnswer(await q().oneShot(database, 'schema', 'define entity drone;', { commit: null }));
    expect(await entityTypes(database)).toEqual(['drone', 'person', 'robot']);
  });

  it('commit a write query by default, and with commit: true', async () => {
    const database = await q().quickstart(typedb, 'to-write');
    expectRows(await q().oneShot(database, 'write', insertPerson('Eve')), 'write');
    expectRows(await q().oneShot(database, 'write', insertPerson('Fay'), { commit: true }), 'write');
    expect(await q().personNames(database)).toEqual([...NAMES, 'Eve', 'Fay'].sort());
  });

  it('commit: false answers the query but commits neither writes nor schema', async () => {
    const database = await q().quickstart(typedb, 'to-no-commit');
    expect(expectRows(await q().oneShot(database, 'write', insertPerson('Eve'), { commit: false }), 'write')).toEqual([
      { p: entity('person') },
    ]);
    expect(await q().personNames(database)).toEqual(NAMES);
    expectOkAnswer(await q().oneShot(database, 'schema', 'define entity robot;', { commit: false }));
    expect(await entityTypes(database)).toEqual(['person']);
  });

  it('a read query never commits (even with commit: true) and leaves no transaction behind', async () => {
    const database = await q().quickstart(typedb, 'to-read');
    for (const transactionType of ['read', 'write', 'schema'] as const) {
      const body = expectAnswer(await q().oneShot(database, transactionType, 'match $p isa person;', { commit: true }));
      expect(body).toMatchObject({ queryType: 'read', answerType: 'conceptRows' });
    }
    // A schema transaction opens at once, so no write or schema transaction is still open.
    expectOkAnswer(
      await q().oneShot(database, 'schema', 'define entity robot;', {
        transactionOptions: { schemaLockAcquireTimeoutMillis: 2_000 },
      }),
    );
    // And the database can be deleted, so no transaction at all is open on it (else 400 DBD2).
    expectEmptyOk(
      await typedb.admin.api.DELETE('/v1/databases/{databaseName}', { params: { path: { databaseName: database } } }),
    );
  });

  it('a write query with transactionType read: 400 TSV9, nothing written', async () => {
    const database = await q().quickstart(typedb, 'to-tsv9');
    expectQueryError(await q().oneShot(database, 'read', insertPerson('Eve')), 400, 'TSV9');
    expectQueryError(await q().oneShot(database, 'read', insertPerson('Eve'), { commit: true }), 400, 'TSV9');
    expect(await q().personNames(database)).toEqual(NAMES);
  });

  it('a schema query with transactionType write or read: 400 TSV8, nothing defined', async () => {
    const database = await q().quickstart(typedb, 'to-tsv8');
    expectQueryError(await q().oneShot(database, 'write', 'define entity robot;'), 400, 'TSV8');
    expectQueryError(await q().oneShot(database, 'read', 'define entity robot;'), 400, 'TSV8');
    expect(await entityTypes(database)).toEqual(['person']);
  });

  it('a syntax error: 400 TQL0, nothing written', async () => {
    const database = await q().quickstart(typedb, 'to-tql0');
    expectQueryError(await q().oneShot(database, 'write', 'insert $p isa person, has name;'), 400, 'TQL0');
    expect(await q().personNames(database)).toEqual(NAMES);
  });

  it('a failing write query: 400, nothing written', async () => {
    const database = await q().quickstart(typedb, 'to-write-fails');
    expectQueryError(
      await q().oneShot(database, 'write', `${insertPerson('Eve')} insert $x isa spaceship;`),
      400,
      'INF2',
    );
    expect(await q().personNames(database)).toEqual(NAMES);
  });

  it('defines and inserts in one-shot queries on an empty database (the quickstart without a transaction)', async () => {
    const database = await typedb.database('to-fresh');
    await q().define(database, QUICKSTART_SCHEMA);
    expect(await q().write(database, insertPerson('Eve'))).toEqual([{ p: entity('person') }]);
    expect(await q().personNames(database)).toEqual(['Eve']);
  });
});
