/**
 * `transactions/commit`: atomic across tables (a failure anywhere leaves every table as it was), a
 * table named twice (changes applied in order), creates inside a transaction, the 400 and 404
 * cases; concurrent commits with the same base (exactly one wins, no lost update); and snapshot ids
 * beyond 2^53 stored and returned exactly.
 */
import { parseJson } from '@dbwire/json';
import { describe, expect, it } from 'vitest';
import {
  createTableUpdates,
  randomSnapshotId,
  requirement,
  snapshot,
  update,
  widerSchema,
} from '../../../src/iceberg/builders.js';
import { useIceberg } from '../../../src/iceberg/fixture.js';
import { describeReply, type RequestBody, type Schemas } from '../../../src/iceberg/http.js';
import { BAD_REQUEST, TableUnderTest } from '../../../src/iceberg/table.js';
import { describeNeeding } from '../../../src/needs.js';

const ice = useIceberg();

type TableChange = Schemas['CommitTableRequest'];

function change(
  table: TableUnderTest | { namespace: string[]; name: string },
  updates: Schemas['TableUpdate'][],
  requirements: Schemas['TableRequirement'][] = [],
): TableChange {
  return { identifier: { namespace: table.namespace, name: table.name }, requirements, updates };
}

function transaction(changes: unknown[]): RequestBody<'commitTransaction'> {
  return { 'table-changes': changes } as RequestBody<'commitTransaction'>;
}

/** Two tables in one namespace. */
async function twoTables(): Promise<[TableUnderTest, TableUnderTest]> {
  const first = await TableUnderTest.create(ice, { name: 'first' });
  const second = await TableUnderTest.create(ice, { namespace: first.namespace, name: 'second' });
  return [first, second];
}

const MAX_INT64 = 9223372036854775807n;

describeNeeding({ capabilities: ['state-changes'] }, 'transactions/commit', () => {
  it('applies every change: 204 without a body, each table with a new metadata file', async () => {
    const [a, b] = await twoTables();
    await ice.api.noContent('commitTransaction', {
      body: transaction([
        change(a, [update.setProperties({ side: 'a' })], [requirement.tableUuid(a.metadata['table-uuid'])]),
        change(b, [update.setProperties({ side: 'b' })], [requirement.tableUuid(b.metadata['table-uuid'])]),
      ]),
    });
    for (const [table, side] of [
      [a, 'a'],
      [b, 'b'],
    ] as const) {
      const loaded = await table.load();
      expect(loaded.metadata.properties).toMatchObject({ side });
      table.expectAdvanced({ 'metadata-location': loaded['metadata-location'] as string, metadata: loaded.metadata });
    }
  });

  describe('atomicity', () => {
    it('a failing requirement on the last table: 409 CommitFailedException, and the first table is unchanged', async () => {
      const [a, b] = await twoTables();
      await ice.api.error(
        'commitTransaction',
        {
          body: transaction([
            change(a, [update.setProperties({ applied: 'yes' })], [requirement.tableUuid(a.metadata['table-uuid'])]),
            change(b, [update.setProperties({ applied: 'yes' })], [requirement.currentSchemaId(7)]),
          ]),
        },
        409,
        'CommitFailedException',
      );
      await a.expectUnchanged();
      await b.expectUnchanged();
    });

    it('an invalid update on the last table: 400, and the first table is unchanged', async () => {
      const [a, b] = await twoTables();
      await ice.api.error(
        'commitTransaction',
        {
          body: transaction([
            change(a, [update.setProperties({ applied: 'yes' })]),
            change(b, [update.setCurrentSchema(42)]),
          ]),
        },
        400,
        BAD_REQUEST,
      );
      await a.expectUnchanged();
      await b.expectUnchanged();
    });

    it('a missing table: 404 NoSuchTableException, and the other table is unchanged', async () => {
      const [a] = await twoTables();
      await ice.api.error(
        'commitTransaction',
        {
          body: transaction([
            change(a, [update.setProperties({ applied: 'yes' })]),
            change({ namespace: a.namespace, name: 'missing' }, [update.setProperties({ applied: 'yes' })]),
          ]),
        },
        404,
        'NoSuchTableException',
      );
      await a.expectUnchanged();
      await ice.api.error(
        'commitTransaction',
        {
          body: transaction([
            change(a, [update.setProperties({ applied: 'yes' })]),
            change({ namespace: [ice.namespaceName('missing')], name: 'missing' }, [update.setProperties({ x: 'y' })]),
          ]),
        },
        404,
        ['NoSuchTableException', 'NoSuchNamespaceException'],
      );
      await a.expectUnchanged();
    });
  });

  it('a table named twice: its changes apply in order, each checked against what the earlier ones produced', async () => {
    const [a] = await twoTables();
    const wider = widerSchema('int');
    await ice.api.noContent('commitTransaction', {
      body: transaction([
        change(
          a,
          [update.addSchema(wider), update.setProperties({ step: 'one' })],
          [requirement.lastAssignedFieldId(2)],
        ),
        // Holds only after the first change: last-column-id is 3 by then.
        change(
          a,
          [update.setCurrentSchema(1), update.setProperties({ step: 'two' })],
          [requirement.lastAssignedFieldId(3)],
        ),
      ]),
    });
    const { metadata } = await a.load();
    expect(metadata['current-schema-id']).toBe(1);
    expect(metadata['last-column-id']).toBe(3);
    expect(metadata.properties).toMatchObject({ step: 'two' });
  });

  it('a change with assert-create creates its table inside the transaction', async () => {
    const [a] = await twoTables();
    const uuid = crypto.randomUUID();
    const created = { namespace: a.namespace, name: 'created_in_tx' };
    await ice.api.noContent('commitTransaction', {
      body: transaction([
        change(
          created,
          [
            ...createTableUpdates({ uuid, location: `${a.location}_created` }),
            update.setProperties({ made: 'in a transaction' }),
          ],
          [requirement.create()],
        ),
        change(a, [update.setProperties({ beside: 'created_in_tx' })]),
      ]),
    });
    const loaded = await ice.load(created.namespace, created.name);
    expect(loaded.metadata['table-uuid'].toLowerCase()).toBe(uuid);
    expect(loaded.metadata.properties).toMatchObject({ made: 'in a transaction' });
    expect((await a.load()).metadata.properties).toMatchObject({ beside: 'created_in_tx' });
  });

  it('assert-create on a table that exists: 409 for the whole request, nothing written', async () => {
    const [a, b] = await twoTables();
    await ice.api.error(
      'commitTransaction',
      { body: transaction([change(a, [update.setProperties({ x: 'y' })]), change(b, [], [requirement.create()])]) },
      409,
      'CommitFailedException',
    );
    await a.expectUnchanged();
    await b.expectUnchanged();
  });

  it('an empty table-changes list, or a change without identifier, answers 400 and writes nothing', async () => {
    const [a] = await twoTables();
    await ice.api.error('commitTransaction', { body: transaction([]) }, 400, BAD_REQUEST);
    await ice.api.error(
      'commitTransaction',
      {
        body: transaction([
          change(a, [update.setProperties({ x: 'y' })]),
          { requirements: [], updates: [update.setProperties({ x: 'y' })] },
        ]),
      },
      400,
      BAD_REQUEST,
    );
    await a.expectUnchanged();
  });

  describe('concurrent commits with the same base', () => {
    const PARALLEL = 8;

    it('updateTable: exactly one wins, the others get 409, and the table holds the winner', async () => {
      const table = await TableUnderTest.create(ice);
      const ids = Array.from({ length: PARALLEL }, () => randomSnapshotId());
      const replies = await Promise.all(
        ids.map((id) =>
          ice.api.call('updateTable', {
            namespace: table.namespace,
            table: table.name,
            body: {
              requirements: [
                requirement.tableUuid(table.metadata['table-uuid']),
                requirement.refSnapshotId('main', null),
              ],
              updates: [
                update.addSnapshot(snapshot(id, { location: table.location, sequenceNumber: 1 })),
                update.setRef('main', id),
              ],
            },
          }),
        ),
      );
      const statuses = replies.map((reply) => reply.status).sort();
      expect(statuses, replies.map((reply) => describeReply(reply)).join('\n')).toEqual([
        200,
        ...Array(PARALLEL - 1).fill(409),
      ]);
      for (const reply of replies) {
        if (reply.status === 409) {
          expect((reply.body as { error: { type: string } }).error.type).toBe('CommitFailedException');
        }
      }
      const winner = ids[replies.findIndex((reply) => reply.status === 200)] as bigint;
      const exact = await table.loadExact();
      expect(exact['current-snapshot-id']).toBe(winner);
      expect((exact.snapshots as Array<{ 'snapshot-id': unknown }>).map((s) => s['snapshot-id'])).toEqual([winner]);
    });

    it('commitTransaction: exactly one wins, the others get 409, and both tables hold the same winner', async () => {
      const [a, b] = await twoTables();
      const pairs = Array.from({ length: PARALLEL }, () => [randomSnapshotId(), randomSnapshotId()] as const);
      const replies = await Promise.all(
        pairs.map(([forA, forB]) =>
          ice.api.call('commitTransaction', {
            body: transaction(
              [
                [a, forA],
                [b, forB],
              ].map(([table, id]) => {
                const t = table as TableUnderTest;
                return change(
                  t,
                  [
                    update.addSnapshot(snapshot(id as bigint, { location: t.location, sequenceNumber: 1 })),
                    update.setRef('main', id as bigint),
                  ],
                  [requirement.refSnapshotId('main', null)],
                );
              }),
            ),
          }),
        ),
      );
      const statuses = replies.map((reply) => reply.status).sort();
      expect(statuses, replies.map((reply) => describeReply(reply)).join('\n')).toEqual([
        204,
        ...Array(PARALLEL - 1).fill(409),
      ]);
      const [winnerA, winnerB] = pairs[replies.findIndex((reply) => reply.status === 204)] as readonly [bigint, bigint];
      expect((await a.loadExact())['current-snapshot-id']).toBe(winnerA);
      expect((await b.loadExact())['current-snapshot-id']).toBe(winnerB);
    });

    it('updateTable without requirements: every commit applies (no lost update)', async () => {
      const table = await TableUnderTest.create(ice);
      const replies = await Promise.all(
        Array.from({ length: PARALLEL }, (_, index) =>
          ice.api.call('updateTable', {
            namespace: table.namespace,
            table: table.name,
            body: { requirements: [], updates: [update.setProperties({ [`writer-${index}`]: 'done' })] },
          }),
        ),
      );
      expect(
        replies.map((reply) => reply.status),
        replies.map((reply) => describeReply(reply)).join('\n'),
      ).toEqual(Array(PARALLEL).fill(200));
      const { metadata } = await table.load();
      for (let index = 0; index < PARALLEL; index++)
        expect(metadata.properties).toHaveProperty(`writer-${index}`, 'done');
      expect(
        new Set(replies.map((reply) => (reply.body as { 'metadata-location': string })['metadata-location'])).size,
      ).toBe(PARALLEL);
    });

    it('commitTransaction without requirements: each answers 204 or 409, and exactly the 204 ones are applied', async () => {
      const [a, b] = await twoTables();
      const replies = await Promise.all(
        Array.from({ length: PARALLEL }, (_, index) =>
          ice.api.call('commitTransaction', {
            body: transaction([
              change(a, [update.setProperties({ [`writer-${index}`]: 'done' })]),
              change(b, [update.setProperties({ [`writer-${index}`]: 'done' })]),
            ]),
          }),
        ),
      );
      for (const reply of replies) expect([204, 409], describeReply(reply)).toContain(reply.status);
      const applied = replies.flatMap((reply, index) => (reply.status === 204 ? [`writer-${index}`] : []));
      expect(applied.length).toBeGreaterThan(0);
      for (const table of [a, b]) {
        const keys = Object.keys((await table.load()).metadata.properties ?? {}).filter((key) =>
          key.startsWith('writer-'),
        );
        expect(keys.sort()).toEqual(applied.sort());
      }
    });
  });

  describe('int64 snapshot ids', () => {
    it('9223372036854775807 and its neighbours are stored and returned exactly (updateTable and commitTransaction)', async () => {
      const [a, b] = await twoTables();
      const reply = await a.commitRaw([
        update.addSnapshot(snapshot(MAX_INT64, { location: a.location, sequenceNumber: 1 })),
        update.addSnapshot(snapshot(MAX_INT64 - 1n, { location: a.location, sequenceNumber: 2, parent: MAX_INT64 })),
        update.setRef('main', MAX_INT64 - 1n),
        update.setRef('first', MAX_INT64, 'tag'),
      ]);
      // Parsed from the raw text: JSON.parse would round every one of them to 2^63.
      const answered = (parseJson(reply.text) as { metadata: Record<string, unknown> }).metadata;
      for (const metadata of [answered, await a.loadExact()]) {
        expect(metadata['current-snapshot-id']).toBe(MAX_INT64 - 1n);
        const snapshots = metadata.snapshots as Array<Record<string, unknown>>;
        expect(snapshots.map((s) => s['snapshot-id'])).toEqual([MAX_INT64, MAX_INT64 - 1n]);
        expect(snapshots[1]?.['parent-snapshot-id']).toBe(MAX_INT64);
        expect(metadata.refs).toEqual({
          main: { type: 'branch', 'snapshot-id': MAX_INT64 - 1n },
          first: { type: 'tag', 'snapshot-id': MAX_INT64 },
        });
        expect((metadata['snapshot-log'] as Array<Record<string, unknown>>).at(-1)?.['snapshot-id']).toBe(
          MAX_INT64 - 1n,
        );
      }

      await ice.api.noContent('commitTransaction', {
        body: transaction([
          change(
            b,
            [
              update.addSnapshot(snapshot(MAX_INT64, { location: b.location, sequenceNumber: 1 })),
              update.setRef('main', MAX_INT64),
            ],
            [requirement.refSnapshotId('main', null)],
          ),
          // The requirement compares the exact id.
          change(a, [update.setProperties({ checked: 'yes' })], [requirement.refSnapshotId('main', MAX_INT64 - 1n)]),
        ]),
      });
      const stored = await b.loadExact();
      expect(stored['current-snapshot-id']).toBe(MAX_INT64);
      expect((stored.snapshots as Array<Record<string, unknown>>)[0]?.['snapshot-id']).toBe(MAX_INT64);
      expect((await a.load()).metadata.properties).toMatchObject({ checked: 'yes' });
    });
  });
});
