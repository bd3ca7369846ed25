import { describe, expect, it } from 'vitest';
import { BASE, createVolume, startVolumes } from './client.js';

describe('volumes: create, list, read, update, delete', () => {
  it('creates with defaults and the seed body, rejects a duplicate name in the environment', async () => {
    const { client, clock } = await startVolumes();
    const created = await client.post(BASE, { name: 'kb', environment_id: 'env_dev', tags: ['a'] });
    expect(created.status).toBe(201);
    expect(created.body.message).toBe('Volume created successfully');
    expect(created.body.volume).toMatchObject({
      org_id: 'dev-org',
      workspace_id: 'dev-workspace',
      environment_id: 'env_dev',
      name: 'kb',
      indexing_mode: 'auto',
      chunking_strategy: 'recursive',
      status: 'active',
      tags: ['a'],
      reindex_status: null,
      reindex_progress: null,
      created_by: 'dev',
      created_at: new Date(clock.ms).toISOString().replace('Z', '000Z'),
    });
    expect(created.body.volume.volume_id).toMatch(/^vol_[0-9A-Z]{26}$/);
    const duplicate = await client.post(BASE, { name: 'kb', environment_id: 'env_dev' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error).toBe('CONFLICT');
    expect((await client.post(BASE, { name: 'kb', environment_id: 'env_prod' })).status).toBe(201);
    const missing = await client.post(BASE, { name: 'x' });
    expect(missing.status).toBe(422);
    expect(missing.body.detail[0]).toMatchObject({ loc: ['body', 'environment_id'], type: 'missing' });
    // As FastAPI does, a 422 lists every failure, not only the first.
    const empty = await client.post(BASE, { name: '', environment_id: 7 });
    expect(empty.status).toBe(422);
    expect(empty.body.detail.map((item: { loc: unknown[] }) => item.loc)).toEqual(
      expect.arrayContaining([
        ['body', 'name'],
        ['body', 'environment_id'],
      ]),
    );
  });

  it('pages the list with signed cursors bound to environment_id', async () => {
    const { client, clock } = await startVolumes();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      clock.advance(1);
      ids.push((await createVolume(client, `v${i}`, { environment_id: i % 2 === 0 ? 'even' : 'odd' })).id);
    }
    const first = await client.get(`${BASE}?limit=2`);
    expect(first.body).toMatchObject({ total: 5, has_more: true });
    expect(first.body.volumes.map((v: { volume_id: string }) => v.volume_id)).toEqual(ids.slice(0, 2));
    const second = await client.get(`${BASE}?limit=2&cursor=${encodeURIComponent(first.body.next_cursor)}`);
    expect(second.body.volumes.map((v: { volume_id: string }) => v.volume_id)).toEqual(ids.slice(2, 4));
    const last = await client.get(`${BASE}?limit=2&cursor=${encodeURIComponent(second.body.next_cursor)}`);
    expect(last.body).toMatchObject({ total: 5, has_more: false, next_cursor: null });
    expect(last.body.volumes).toHaveLength(1);

    const even = await client.get(`${BASE}?environment_id=even&limit=1`);
    expect(even.body.total).toBe(3);
    const wrongFilter = await client.get(
      `${BASE}?environment_id=odd&cursor=${encodeURIComponent(even.body.next_cursor)}`,
    );
    expect(wrongFilter.status).toBe(422);
    expect(wrongFilter.body.detail[0].loc).toEqual(['query', 'cursor']);
    const forged = await client.get(`${BASE}?cursor=${encodeURIComponent(`${first.body.next_cursor}x`)}`);
    expect(forged.status).toBe(422);
    expect((await client.get(`${BASE}?limit=201`)).body.detail[0].loc).toEqual(['query', 'limit']);
  });

  it('updates the fields given, guards renames, and deletes everything a volume holds', async () => {
    const { client, clock } = await startVolumes();
    const { url } = await createVolume(client, 'kb');
    clock.advance(1);
    await createVolume(client, 'taken');
    clock.advance(1);
    const updated = await client.patch(url, { description: 'docs', tags: ['t'], status: 'archived' });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      message: 'Volume updated successfully',
      volume: { name: 'kb', description: 'docs', tags: ['t'], status: 'archived' },
    });
    expect((await client.patch(url, { name: 'taken' })).status).toBe(409);
    expect((await client.patch(url, { name: 'renamed' })).body.volume.name).toBe('renamed');
    // The old name is free again.
    expect((await client.post(BASE, { name: 'kb', environment_id: 'env_dev' })).status).toBe(201);

    await client.put(`${url}/entries/a/b.json`, { content: { x: 1 } });
    await client.post(`${url}/mounts`, { app_id: 'bot' });
    await client.post(`${url}/locks`, { partition: 'p', app_id: 'bot' });
    const deleted = await client.delete(url);
    expect(deleted).toMatchObject({ status: 200, body: { message: 'Volume deleted successfully' } });
    expect((await client.get(url)).status).toBe(404);
    expect((await client.get(`${url}/entries/a/b.json`)).status).toBe(404);
    expect((await client.delete(url)).status).toBe(404);
    expect((await client.get(BASE)).body.volumes.map((v: { name: string }) => v.name)).toEqual(['taken', 'kb']);
  });
});
