import { describe, expect, it } from 'vitest';
import { createVolume, startVolumes } from './client.js';

describe('volumes: partition locks', () => {
  it('leases a partition to one holder: renewals, conflicts, expiry and release', async () => {
    const { client, clock } = await startVolumes();
    const { url } = await createVolume(client);
    const bot = client.withToken('app-bot');
    const etl = client.withToken('app-etl');
    const acquired = await bot.post(`${url}/locks`, {
      partition: 'reports/2025/',
      app_id: 'bot',
      execution_id: 'e1',
      ttl_seconds: 30,
    });
    expect(acquired.status).toBe(201);
    expect(acquired.body.message).toBe('Lock acquired successfully');
    const lock = acquired.body.lock;
    expect(lock).toMatchObject({
      partition: 'reports/2025/',
      lock_type: 'exclusive',
      holder_app_id: 'bot',
      holder_execution_id: 'e1',
    });
    expect(lock.lock_id).toMatch(/^lck_/);

    const contended = await etl.post(`${url}/locks`, { partition: 'reports/2025/', app_id: 'etl' });
    expect(contended.status).toBe(409);
    expect(contended.body).toMatchObject({
      error: 'LOCK_CONFLICT',
      details: { holder_app_id: 'bot', holder_execution_id: 'e1', expires_at: lock.expires_at },
    });
    // Another execution of the same app is another holder.
    expect(
      (await bot.post(`${url}/locks`, { partition: 'reports/2025/', app_id: 'bot', execution_id: 'e2' })).status,
    ).toBe(409);
    // An app may lock only for itself.
    expect((await etl.post(`${url}/locks`, { partition: 'other', app_id: 'bot' })).status).toBe(403);

    clock.advance(20);
    const renewed = await bot.post(`${url}/locks`, {
      partition: 'reports/2025/',
      app_id: 'bot',
      execution_id: 'e1',
      ttl_seconds: 30,
    });
    expect(renewed.status).toBe(200);
    expect(renewed.body.lock.lock_id).toBe(lock.lock_id);
    expect(renewed.body.lock.expires_at).not.toBe(lock.expires_at);
    clock.advance(29);
    expect((await etl.post(`${url}/locks`, { partition: 'reports/2025/', app_id: 'etl' })).status).toBe(409);
    clock.advance(1);
    expect((await client.get(`${url}/locks`)).body.locks).toEqual([]);
    expect((await client.delete(`${url}/locks/reports%2F2025%2F?lock_id=${lock.lock_id}`)).status).toBe(404);
    const taken = await etl.post(`${url}/locks`, { partition: 'reports/2025/', app_id: 'etl' });
    expect(taken.status).toBe(201);

    const listed = await client.get(`${url}/locks`);
    expect(listed.body.locks.map((l: { holder_app_id: string }) => l.holder_app_id)).toEqual(['etl']);
    const elsewhere = await client.delete(`${url}/locks/other?lock_id=${taken.body.lock.lock_id}`);
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body.error).toBe('CONFLICT');
    const released = await client.delete(`${url}/locks/reports%2F2025%2F?lock_id=${taken.body.lock.lock_id}`);
    expect(released).toMatchObject({ status: 200, body: { message: 'Lock released successfully' } });
    expect((await client.get(`${url}/locks`)).body.locks).toEqual([]);
    expect((await client.delete(`${url}/locks/p?lock_id=lck_unknown`)).status).toBe(404);
    expect((await client.delete(`${url}/locks/p`)).body.detail[0].loc).toEqual(['query', 'lock_id']);
  });

  it('lets shared locks coexist and keeps exclusive ones out', async () => {
    const { client } = await startVolumes();
    const { url } = await createVolume(client);
    expect((await client.post(`${url}/locks`, { partition: 'p', app_id: 'a', lock_type: 'shared' })).status).toBe(201);
    expect((await client.post(`${url}/locks`, { partition: 'p', app_id: 'b', lock_type: 'shared' })).status).toBe(201);
    expect((await client.post(`${url}/locks`, { partition: 'p', app_id: 'c' })).status).toBe(409);
    expect((await client.post(`${url}/locks`, { partition: 'q', app_id: 'c' })).status).toBe(201);
    expect((await client.post(`${url}/locks`, { partition: 'q', app_id: 'd', lock_type: 'shared' })).status).toBe(409);
    const partitions = (await client.get(`${url}/locks`)).body.locks.map((l: { partition: string }) => l.partition);
    expect(partitions).toEqual(['p', 'p', 'q']);
    expect((await client.post(`${url}/locks`, { partition: 'p', app_id: 'a', ttl_seconds: 4 })).status).toBe(422);
  });
});
