import { describe, expect, it } from 'vitest';
import {
  appendChange,
  type Client,
  createNamespace,
  createTable,
  SCHEMA,
  stagedTableUpdates,
  startCatalog,
} from './client.js';

const id = (name: string) => ({ namespace: ['db'], name });
const mainOf = async (client: Client, name: string) =>
  (await client.get(`/v1/namespaces/db/tables/${name}`)).body.metadata['current-snapshot-id'];

async function twoTables() {
  const catalog = await startCatalog();
  await createNamespace(catalog.client, ['db']);
  await createTable(catalog.client, 'db', 'orders');
  await createTable(catalog.client, 'db', 'items');
  return catalog;
}

describe('iceberg catalog: transactions/commit', () => {
  it('commits every table in one step and answers 204 with no body', async () => {
    const { client } = await twoTables();
    const reply = await client.post('/v1/transactions/commit', {
      'table-changes': [
        { identifier: id('orders'), ...appendChange(null, 11n, 1) },
        { identifier: id('items'), ...appendChange(null, 21n, 1) },
      ],
    });
    expect(reply).toMatchObject({ status: 204, text: '' });
    expect(await mainOf(client, 'orders')).toBe(11);
    expect(await mainOf(client, 'items')).toBe(21);
  });

  it('is atomic: a failed requirement on the last table leaves the first unchanged (409)', async () => {
    const { client } = await twoTables();
    const before = await client.get('/v1/namespaces/db/tables/orders');
    const reply = await client.post('/v1/transactions/commit', {
      'table-changes': [
        { identifier: id('orders'), ...appendChange(null, 11n, 1) },
        { identifier: id('items'), ...appendChange(999, 21n, 1) },
      ],
    });
    expect(reply.status).toBe(409);
    expect(reply.body.error.type).toBe('CommitFailedException');
    const after = await client.get('/v1/namespaces/db/tables/orders');
    expect(after.body['metadata-location']).toBe(before.body['metadata-location']);
    expect(after.body.metadata['current-snapshot-id']).toBe(-1);
  });

  it('applies a table named twice in order, each change checked against the state the earlier one produced', async () => {
    const { client } = await twoTables();
    const before = await client.get('/v1/namespaces/db/tables/orders');
    const reply = await client.post('/v1/transactions/commit', {
      'table-changes': [
        { identifier: id('orders'), ...appendChange(null, 11n, 1) },
        { identifier: id('orders'), ...appendChange(11, 12n, 2) },
      ],
    });
    expect(reply.status).toBe(204);
    const after = await client.get('/v1/namespaces/db/tables/orders');
    expect(after.body.metadata['current-snapshot-id']).toBe(12);
    expect(after.body.metadata.snapshots).toHaveLength(2);
    // One new file for both changes: the previous one is logged once.
    expect(after.body['metadata-location']).toMatch(/\/metadata\/00001-/);
    expect(
      after.body.metadata['metadata-log'].map((entry: { 'metadata-file': string }) => entry['metadata-file']),
    ).toEqual([before.body['metadata-location']]);
  });

  it('creates tables with assert-create inside the transaction, and 404s a missing table', async () => {
    const { client } = await twoTables();
    const staged = await client.post('/v1/namespaces/db/tables', {
      name: 'fresh',
      schema: SCHEMA,
      'stage-create': true,
    });
    const metadata = staged.body.metadata;
    const create = {
      identifier: id('fresh'),
      requirements: [{ type: 'assert-create' }],
      updates: stagedTableUpdates(metadata),
    };
    const missing = await client.post('/v1/transactions/commit', {
      'table-changes': [create, { identifier: id('ghost'), ...appendChange(null, 1n, 1) }],
    });
    expect(missing.status).toBe(404);
    expect(missing.body.error.type).toBe('NoSuchTableException');
    expect((await client.head('/v1/namespaces/db/tables/fresh')).status).toBe(404);

    const created = await client.post('/v1/transactions/commit', {
      'table-changes': [create, { identifier: id('orders'), ...appendChange(null, 11n, 1) }],
    });
    expect(created.status).toBe(204);
    const fresh = await client.get('/v1/namespaces/db/tables/fresh');
    expect(fresh.body.metadata).toMatchObject({
      'table-uuid': metadata['table-uuid'],
      location: 'file:///warehouse/db/fresh',
    });
    expect(await mainOf(client, 'orders')).toBe(11);
  });

  it('answers 400 for an empty list, a change without identifier or an unknown action', async () => {
    const { client } = await twoTables();
    expect((await client.post('/v1/transactions/commit', { 'table-changes': [] })).status).toBe(400);
    const anonymous = await client.post('/v1/transactions/commit', {
      'table-changes': [{ identifier: id('orders'), ...appendChange(null, 1n, 1) }, appendChange(null, 2n, 1)],
    });
    expect(anonymous.status).toBe(400);
    // The schema requires `identifier` in every change, so the request's validation names it.
    expect(anonymous.body.error.message).toContain('/table-changes/1/identifier');
    const unknown = await client.post('/v1/transactions/commit', {
      'table-changes': [{ identifier: id('orders'), requirements: [], updates: [{ action: 'teleport' }] }],
    });
    expect(unknown.status).toBe(400);
    expect(await mainOf(client, 'orders')).toBe(-1);
  });

  it('lets exactly one of two concurrent commits on the same base win; the other gets 409 and nothing is lost', async () => {
    const { client } = await twoTables();
    const results = await Promise.all(
      [11n, 12n].map((snapshot) =>
        client.post('/v1/transactions/commit', {
          'table-changes': [
            { identifier: id('orders'), ...appendChange(null, snapshot, 1) },
            { identifier: id('items'), ...appendChange(null, snapshot, 1) },
          ],
        }),
      ),
    );
    expect(results.map((reply) => reply.status).sort()).toEqual([204, 409]);
    const winner = results[0]?.status === 204 ? 11 : 12;
    expect(await mainOf(client, 'orders')).toBe(winner);
    expect(await mainOf(client, 'items')).toBe(winner);
  });

  it('retries on the server when a concurrent commit leaves the requirements true (updateTable)', async () => {
    const { client } = await twoTables();
    // Distinct properties on one table: neither commit's (empty) requirements can fail, so both land.
    const results = await Promise.all(
      ['a', 'b', 'c'].map((key) =>
        client.post('/v1/namespaces/db/tables/orders', {
          requirements: [],
          updates: [{ action: 'set-properties', updates: { [key]: 'yes' } }],
        }),
      ),
    );
    expect(results.map((reply) => reply.status)).toEqual([200, 200, 200]);
    const loaded = await client.get('/v1/namespaces/db/tables/orders');
    expect(loaded.body.metadata.properties).toMatchObject({ a: 'yes', b: 'yes', c: 'yes' });
    expect(loaded.body['metadata-location']).toMatch(/\/metadata\/00003-/);
  });
});
