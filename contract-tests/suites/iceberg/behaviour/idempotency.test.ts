/**
 * `Idempotency-Key`: a finalized answer (2xx or a terminal 4xx) is replayed without running the
 * operation again; the key is bound to the operation, the resource and the body (else 422); a key
 * that is not a UUID answers 400; concurrent duplicates have one effect.
 */
import { describe, expect, it } from 'vitest';
import { createTableBody, randomSnapshotId, requirement, snapshot, update } from '../../../src/iceberg/builders.js';
import { useIceberg } from '../../../src/iceberg/fixture.js';
import { describeReply, expectError, idempotencyKey } from '../../../src/iceberg/http.js';
import { TableUnderTest } from '../../../src/iceberg/table.js';
import { describeNeeding } from '../../../src/needs.js';

const ice = useIceberg();

describeNeeding({ capabilities: ['state-changes'] }, 'Idempotency-Key', () => {
  it('a 200 is replayed: the same answer, and the operation does not run again', async () => {
    const table = await TableUnderTest.create(ice);
    const key = idempotencyKey();
    const id = randomSnapshotId();
    const body = {
      requirements: [requirement.tableUuid(table.metadata['table-uuid'])],
      updates: [
        update.addSnapshot(snapshot(id, { location: table.location, sequenceNumber: 1 })),
        update.setRef('main', id),
      ],
    };
    const options = { namespace: table.namespace, table: table.name, body, idempotencyKey: key };
    const first = await ice.api.ok('updateTable', options);
    table.expectAdvanced(first.body);
    // Run again, the same snapshot would be a duplicate (400): a replay answers the first result.
    const again = await ice.api.ok('updateTable', options);
    expect(again.body['metadata-location']).toBe(first.body['metadata-location']);
    await table.expectUnchanged();
    expect((await table.loadExact()).snapshots).toHaveLength(1);
  });

  it('a 200 create is replayed: no 409 for the retry, one namespace', async () => {
    const name = ice.namespaceName();
    const key = idempotencyKey();
    const body = { namespace: [name], properties: { try: 'first' } };
    const first = await ice.api.ok('createNamespace', { body, idempotencyKey: key });
    const again = await ice.api.ok('createNamespace', { body, idempotencyKey: key });
    expect(again.body).toEqual(first.body);
    // Without the key, the same request is a new one and finds the namespace there.
    await ice.api.error('createNamespace', { body }, 409, 'AlreadyExistsException');
  });

  it('a 204 is replayed: dropping with the same key again answers 204, not 404', async () => {
    const namespace = await ice.namespace();
    const table = await ice.table(namespace);
    const key = idempotencyKey();
    await ice.api.noContent('dropTable', { namespace, table: table.name, idempotencyKey: key });
    await ice.api.noContent('dropTable', { namespace, table: table.name, idempotencyKey: key });
    await ice.api.error('dropTable', { namespace, table: table.name }, 404, 'NoSuchTableException');
  });

  it('a terminal 4xx is replayed even after the state changed', async () => {
    const namespace = await ice.namespace();
    const key = idempotencyKey();
    const body = { namespace };
    await ice.api.error('createNamespace', { body, idempotencyKey: key }, 409, 'AlreadyExistsException');
    await ice.api.noContent('dropNamespace', { namespace });
    // Run again it would now succeed; the replay answers the finalized 409 and creates nothing.
    await ice.api.error('createNamespace', { body, idempotencyKey: key }, 409, 'AlreadyExistsException');
    expect((await ice.api.call('namespaceExists', { namespace })).status).toBe(404);
  });

  it('the same key with another body answers 422 UnprocessableEntityException and runs nothing', async () => {
    const table = await TableUnderTest.create(ice);
    const key = idempotencyKey();
    const options = (value: string) => ({
      namespace: table.namespace,
      table: table.name,
      body: { requirements: [], updates: [update.setProperties({ value })] },
      idempotencyKey: key,
    });
    table.expectAdvanced((await ice.api.ok('updateTable', options('first'))).body);
    await ice.api.error('updateTable', options('second'), 422, 'UnprocessableEntityException');
    await table.expectUnchanged();
    expect(table.metadata.properties).toMatchObject({ value: 'first' });
  });

  it('the same key on another operation or another resource answers 422 UnprocessableEntityException', async () => {
    const namespace = await ice.namespace();
    const key = idempotencyKey();
    await ice.api.ok('updateProperties', { namespace, body: { updates: { a: 'b' } }, idempotencyKey: key });
    // Another operation.
    const other = ice.namespaceName();
    await ice.api.error(
      'createNamespace',
      { body: { namespace: [other] }, idempotencyKey: key },
      422,
      'UnprocessableEntityException',
    );
    expect((await ice.api.call('namespaceExists', { namespace: [other] })).status).toBe(404);
    // The same operation and body on another namespace.
    const second = await ice.namespace();
    await ice.api.error(
      'updateProperties',
      { namespace: second, body: { updates: { a: 'b' } }, idempotencyKey: key },
      422,
      'UnprocessableEntityException',
    );
    expect((await ice.api.ok('loadNamespaceMetadata', { namespace: second })).body.properties).toEqual({});
  });

  it('a key that is not a UUID answers 400 and runs nothing', async () => {
    const name = ice.namespaceName();
    for (const bad of ['not-a-uuid', '12345', `${idempotencyKey()}x`]) {
      await ice.api.error(
        'createNamespace',
        { body: { namespace: [name] }, idempotencyKey: bad },
        400,
        'BadRequestException',
      );
    }
    expect((await ice.api.call('namespaceExists', { namespace: [name] })).status).toBe(404);
  });

  it('is accepted on every kind of mutation, staged creates and metrics included', async () => {
    const namespace = await ice.namespace();
    await ice.api.ok('createTable', {
      namespace,
      body: createTableBody('staged', { 'stage-create': true }),
      idempotencyKey: idempotencyKey(),
    });
    const table = await ice.table(namespace);
    await ice.api.noContent('reportMetrics', {
      namespace,
      table: table.name,
      body: {
        'report-type': 'commit-report',
        'table-name': table.name,
        'snapshot-id': 1,
        'sequence-number': 1,
        operation: 'append',
        metrics: {},
      },
      idempotencyKey: idempotencyKey(),
    });
    await ice.api.noContent('renameTable', {
      body: { source: { namespace, name: table.name }, destination: { namespace, name: 'renamed' } },
      idempotencyKey: idempotencyKey(),
    });
    await ice.api.noContent('commitTransaction', {
      body: {
        'table-changes': [
          { identifier: { namespace, name: 'renamed' }, requirements: [], updates: [update.setProperties({ a: 'b' })] },
        ],
      },
      idempotencyKey: idempotencyKey(),
    });
  });

  describe('concurrent duplicates', () => {
    it('have one effect: every answer is the first one replayed, or 503 SlowDownException to retry later', async () => {
      const table = await TableUnderTest.create(ice);
      const key = idempotencyKey();
      const id = randomSnapshotId();
      const options = {
        namespace: table.namespace,
        table: table.name,
        body: {
          requirements: [requirement.refSnapshotId('main', null)],
          updates: [
            update.addSnapshot(snapshot(id, { location: table.location, sequenceNumber: 1 })),
            update.setRef('main', id),
          ],
        },
        idempotencyKey: key,
      };
      const replies = await Promise.all(Array.from({ length: 6 }, () => ice.api.call('updateTable', options)));
      const done = replies.filter((reply) => reply.status === 200);
      expect(done.length, replies.map((reply) => describeReply(reply)).join('\n')).toBeGreaterThan(0);
      const location = (done[0]?.body as { 'metadata-location': string } | undefined)?.['metadata-location'];
      for (const reply of replies) {
        if (reply.status === 200) {
          expect((reply.body as { 'metadata-location': string })['metadata-location']).toBe(location);
        } else {
          // Still running: the spec's answer for an in-flight duplicate (never a 409, which a client reads as a failed commit).
          expectError(reply, 503, 'SlowDownException');
          expect(reply.headers['retry-after'], 'Retry-After on 503').toBeDefined();
        }
      }
      // A retry now replays the finalized answer.
      const retry = await ice.api.ok('updateTable', options);
      expect(retry.body['metadata-location']).toBe(location);
      const exact = await table.loadExact();
      expect((exact.snapshots as unknown[]).length).toBe(1);
      expect(exact['current-snapshot-id']).toBe(id);
      expect((exact['metadata-log'] as unknown[]).length).toBe(1);
    });
  });
});
