import { stringifyJson } from '@dbwire/json';
import { describe, expect, it } from 'vitest';
import { appendChange, createNamespace, createTable, SCHEMA, stagedTableUpdates, startCatalog } from './client.js';

const METADATA_FILE = /^file:\/\/\/warehouse\/a\/b\/t\/metadata\/00000-[0-9a-f-]{36}\.metadata\.json$/;

describe('iceberg catalog: tables', () => {
  it('creates a table at <warehouse>/<levels>/<name>, writes its metadata file, loads it with an ETag and 304', async () => {
    const { client, files } = await startCatalog();
    const ns = await createNamespace(client, ['a', 'b']);
    const created = await createTable(client, ns, 't');
    expect(created.body['metadata-location']).toMatch(METADATA_FILE);
    expect(created.body.metadata).toMatchObject({ 'format-version': 2, location: 'file:///warehouse/a/b/t' });
    expect(created.headers.etag).toMatch(/^".+"$/);
    expect(JSON.parse(files.files.get(created.body['metadata-location']) as string)).toMatchObject({
      'table-uuid': created.body.metadata['table-uuid'],
    });

    const loaded = await client.get(`/v1/namespaces/${ns}/tables/t`);
    expect(loaded.status).toBe(200);
    expect(loaded.body['metadata-location']).toBe(created.body['metadata-location']);
    expect(loaded.headers.etag).toBe(created.headers.etag);
    const cached = await client.get(`/v1/namespaces/${ns}/tables/t`, {
      'if-none-match': loaded.headers.etag as string,
    });
    expect(cached).toMatchObject({ status: 304, text: '' });
    expect(cached.headers.etag).toBe(loaded.headers.etag);
    const refs = await client.get(`/v1/namespaces/${ns}/tables/t?snapshots=refs`, {
      'if-none-match': loaded.headers.etag as string,
    });
    expect(refs.status).toBe(200);
    expect(refs.headers.etag).not.toBe(loaded.headers.etag);

    expect((await client.head(`/v1/namespaces/${ns}/tables/t`)).status).toBe(204);
    expect(await client.head(`/v1/namespaces/${ns}/tables/nope`)).toMatchObject({ status: 404, text: '' });
    const missing = await client.get(`/v1/namespaces/${ns}/tables/nope`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.type).toBe('NoSuchTableException');
  });

  it('refuses a taken name (409), a missing namespace (404) and lists tables by name with pages', async () => {
    const { client } = await startCatalog();
    const ns = await createNamespace(client, ['a']);
    for (const name of ['c', 'a', 'b']) await createTable(client, ns, name);
    const again = await client.post(`/v1/namespaces/${ns}/tables`, { name: 'a', schema: SCHEMA });
    expect(again.status).toBe(409);
    expect(again.body.error.type).toBe('AlreadyExistsException');
    const orphan = await client.post('/v1/namespaces/zz/tables', { name: 'a', schema: SCHEMA });
    expect(orphan.body.error.type).toBe('NoSuchNamespaceException');

    const all = await client.get(`/v1/namespaces/${ns}/tables`);
    expect(all.body).toEqual({
      identifiers: ['a', 'b', 'c'].map((name) => ({ namespace: ['a'], name })),
      'next-page-token': null,
    });
    const first = await client.get(`/v1/namespaces/${ns}/tables?pageToken=&pageSize=2`);
    expect(first.body.identifiers.map((id: { name: string }) => id.name)).toEqual(['a', 'b']);
    const second = await client.get(
      `/v1/namespaces/${ns}/tables?pageSize=2&pageToken=${encodeURIComponent(first.body['next-page-token'])}`,
    );
    expect(second.body).toEqual({ identifiers: [{ namespace: ['a'], name: 'c' }], 'next-page-token': null });
    expect((await client.get('/v1/namespaces/zz/tables')).status).toBe(404);
  });

  it('stage-create stores nothing; the assert-create commit creates the table', async () => {
    const { client } = await startCatalog();
    const ns = await createNamespace(client, ['a']);
    const staged = await client.post(`/v1/namespaces/${ns}/tables`, {
      name: 's',
      schema: SCHEMA,
      'stage-create': true,
    });
    expect(staged.status).toBe(200);
    expect(staged.body['metadata-location']).toBeNull();
    expect((await client.head(`/v1/namespaces/${ns}/tables/s`)).status).toBe(404);

    const metadata = staged.body.metadata;
    const committed = await client.post(`/v1/namespaces/${ns}/tables/s`, {
      requirements: [{ type: 'assert-create' }],
      updates: [...stagedTableUpdates(metadata), { action: 'set-location', location: metadata.location }],
    });
    expect(committed.status).toBe(200);
    expect(committed.body['metadata-location']).toMatch(/\/metadata\/00000-/);
    expect(committed.body.metadata['table-uuid']).toBe(metadata['table-uuid']);
    const loaded = await client.get(`/v1/namespaces/${ns}/tables/s`);
    expect(loaded.body.metadata['table-uuid']).toBe(metadata['table-uuid']);
  });

  it('commits change the metadata location (NNNNN + 1) and log the previous file; snapshot ids beyond 2^53 survive', async () => {
    const { client, files } = await startCatalog();
    const ns = await createNamespace(client, ['a', 'b']);
    const created = await createTable(client, ns, 't');
    const snapshotId = 9007199254740993123n % 9223372036854775807n;
    const commit = await client.post(`/v1/namespaces/${ns}/tables/t`, appendChange(null, snapshotId, 1));
    expect(commit.status).toBe(200);
    expect(commit.body['metadata-location']).toMatch(/\/metadata\/00001-[0-9a-f-]{36}\.metadata\.json$/);
    expect(commit.body.metadata['current-snapshot-id']).toBe(snapshotId);
    expect(commit.body.metadata['metadata-log']).toEqual([
      { 'metadata-file': created.body['metadata-location'], 'timestamp-ms': created.body.metadata['last-updated-ms'] },
    ]);
    expect(commit.headers.etag).not.toBe(created.headers.etag);
    expect(files.files.get(commit.body['metadata-location'])).toContain(`"current-snapshot-id":${snapshotId}`);
    const loaded = await client.get(`/v1/namespaces/${ns}/tables/t`);
    expect(loaded.text).toContain(`"snapshot-id":${snapshotId}`);
    expect(loaded.body.metadata.refs.main['snapshot-id']).toBe(snapshotId);

    const noop = await client.post(`/v1/namespaces/${ns}/tables/t`, { requirements: [], updates: [] });
    expect(noop.body['metadata-location']).toBe(commit.body['metadata-location']);
  });

  it('answers 409 for a failed requirement, 400 for an unknown action or a mismatched identifier, 404 for a missing table', async () => {
    const { client } = await startCatalog();
    const ns = await createNamespace(client, ['a']);
    await createTable(client, ns, 't');
    const stale = await client.post(`/v1/namespaces/${ns}/tables/t`, appendChange(5, 6n, 1));
    expect(stale.status).toBe(409);
    expect(stale.body.error.type).toBe('CommitFailedException');
    const unknown = await client.post(`/v1/namespaces/${ns}/tables/t`, {
      requirements: [],
      updates: [{ action: 'make-it-fast' }],
    });
    expect(unknown.status).toBe(400);
    const mismatched = await client.post(`/v1/namespaces/${ns}/tables/t`, {
      identifier: { namespace: ['a'], name: 'other' },
      requirements: [],
      updates: [],
    });
    expect(mismatched.status).toBe(400);
    const missing = await client.post(`/v1/namespaces/${ns}/tables/nope`, { requirements: [], updates: [] });
    expect(missing.status).toBe(404);
    expect(missing.body.error.type).toBe('NoSuchTableException');
  });

  it('takes 0x1F in a table name (only namespace levels and prefixes exclude it, as the spec says)', async () => {
    const { client } = await startCatalog();
    const ns = await createNamespace(client, ['a']);
    const name = 'x\u001fy';
    await createTable(client, ns, name);
    const loaded = await client.get(`/v1/namespaces/${ns}/tables/${encodeURIComponent(name)}`);
    expect(loaded.status).toBe(200);
    expect(loaded.body.metadata.location).toBe('file:///warehouse/a/x%1Fy');
    const listed = await client.get(`/v1/namespaces/${ns}/tables`);
    expect(listed.body.identifiers).toEqual([{ namespace: ['a'], name }]);
    const moved = await client.post('/v1/tables/rename', {
      source: { namespace: ['a'], name },
      destination: { namespace: ['a'], name: 'p\u001fq' },
    });
    expect(moved.status).toBe(204);

    const level = await client.post('/v1/namespaces', { namespace: ['b\u001fc'] });
    expect(level.status).toBe(400);
    expect(level.body.error.type).toBe('BadRequestException');
    const prefixed = await client.get(`/v1/${encodeURIComponent('w\u001f')}/namespaces`);
    expect(prefixed.status).toBe(400);
  });

  it('renames across namespaces: 404 for a missing source or destination namespace, 409 for a taken name', async () => {
    const { client } = await startCatalog();
    const a = await createNamespace(client, ['a']);
    const b = await createNamespace(client, ['b']);
    const created = await createTable(client, a, 't');
    await createTable(client, b, 'taken');
    const rename = (source: [string, string], destination: [string, string]) =>
      client.post('/v1/tables/rename', {
        source: { namespace: [source[0]], name: source[1] },
        destination: { namespace: [destination[0]], name: destination[1] },
      });
    expect((await rename(['a', 'nope'], ['b', 'x'])).body.error.type).toBe('NoSuchTableException');
    expect((await rename(['a', 't'], ['zz', 'x'])).body.error.type).toBe('NoSuchNamespaceException');
    expect((await rename(['a', 't'], ['b', 'taken'])).body.error.type).toBe('AlreadyExistsException');
    expect((await rename(['a', 't'], ['b', 'moved'])).status).toBe(204);
    expect((await client.head(`/v1/namespaces/${a}/tables/t`)).status).toBe(404);
    const moved = await client.get(`/v1/namespaces/${b}/tables/moved`);
    expect(moved.body.metadata['table-uuid']).toBe(created.body.metadata['table-uuid']);
  });

  it('registers a table from its metadata file (404 for none, 409 when taken) and purges files on drop', async () => {
    const { client, files } = await startCatalog();
    const ns = await createNamespace(client, ['a']);
    const created = await createTable(client, ns, 't');
    const location = created.body['metadata-location'];
    const registered = await client.post(`/v1/namespaces/${ns}/register`, {
      name: 'copy',
      'metadata-location': location,
    });
    expect(registered.status).toBe(200);
    expect(registered.body).toMatchObject({ 'metadata-location': location });
    expect(registered.body.metadata['table-uuid']).toBe(created.body.metadata['table-uuid']);
    const taken = await client.post(`/v1/namespaces/${ns}/register`, { name: 'copy', 'metadata-location': location });
    expect(taken.status).toBe(409);
    const absent = await client.post(`/v1/namespaces/${ns}/register`, {
      name: 'ghost',
      'metadata-location': 'file:///warehouse/none.metadata.json',
    });
    expect(absent.status).toBe(404);

    files.files.set('file:///warehouse/a/t/data/0.parquet', 'rows');
    expect((await client.delete(`/v1/namespaces/${ns}/tables/t?purgeRequested=true`)).status).toBe(204);
    expect([...files.files.keys()].filter((file) => file.startsWith('file:///warehouse/a/t/'))).toEqual([]);
    expect((await client.delete(`/v1/namespaces/${ns}/tables/t`)).body.error.type).toBe('NoSuchTableException');
  });

  it('answers 404 NotFoundException when the current metadata file has gone missing', async () => {
    const { client, files } = await startCatalog();
    const ns = await createNamespace(client, ['a']);
    const created = await createTable(client, ns, 't');
    files.files.delete(created.body['metadata-location']);
    const loaded = await client.get(`/v1/namespaces/${ns}/tables/t`);
    expect(loaded.status).toBe(404);
    expect(loaded.body.error.type).toBe('NotFoundException');
  });

  it('answers 400 for a location that can never be written and 503 for a passing failure, creating nothing', async () => {
    const { client, files } = await startCatalog();
    const write = files.write.bind(files);
    const failure = (code: string) => Object.assign(new Error(`${code}: cannot write`), { code });
    files.write = async (location, text) => {
      if (location.startsWith('file:///readonly/')) throw failure('EACCES');
      if (location.startsWith('file:///full/')) throw failure('ENOSPC');
      return write(location, text);
    };
    const ns = await createNamespace(client, ['a']);
    const create = (location: string) =>
      client.post(`/v1/namespaces/${ns}/tables`, { name: 't', schema: SCHEMA, location });
    const refused = await create('file:///readonly/t');
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({
      type: 'BadRequestException',
      message: expect.stringContaining('EACCES'),
    });
    const busy = await create('file:///full/t');
    expect(busy.status).toBe(503);
    expect(busy.body.error).toMatchObject({ type: 'SlowDownException', message: expect.stringContaining('ENOSPC') });
    expect(busy.headers['retry-after']).toBe('1');
    expect((await client.head(`/v1/namespaces/${ns}/tables/t`)).status).toBe(404);
  });

  it('accepts metrics reports for existing tables and discards them', async () => {
    const { client } = await startCatalog();
    const ns = await createNamespace(client, ['a']);
    await createTable(client, ns, 't');
    const report = {
      'report-type': 'commit-report',
      'table-name': 'a.t',
      'snapshot-id': 9223372036854775000n,
      'sequence-number': 1,
      operation: 'append',
      metrics: {},
    };
    expect((await client.post(`/v1/namespaces/${ns}/tables/t/metrics`, report)).status).toBe(204);
    expect((await client.post(`/v1/namespaces/${ns}/tables/nope/metrics`, report)).status).toBe(404);
    expect(stringifyJson(report)).toContain('9223372036854775000');
  });
});
