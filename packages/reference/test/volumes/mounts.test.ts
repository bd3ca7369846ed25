import { describe, expect, it } from 'vitest';
import { createVolume, startVolumes } from './client.js';

describe('volumes: mounts', () => {
  it('creates, lists and removes mounts; a duplicate is a 409', async () => {
    const { client } = await startVolumes();
    const { id, url } = await createVolume(client);
    const created = await client.post(`${url}/mounts`, { app_id: 'bot' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      message: 'Mount created successfully',
      mount: { volume_id: id, app_id: 'bot', path_pattern: '**', access_level: 'read', granted_by: 'dev' },
    });
    expect((await client.post(`${url}/mounts`, { app_id: 'bot' })).status).toBe(409);
    await client.post(`${url}/mounts`, { app_id: 'bot', path_pattern: 'faq/**', access_level: 'read_write' });
    const listed = await client.get(`${url}/mounts`);
    expect(listed.body.mounts.map((m: { path_pattern: string }) => m.path_pattern).sort()).toEqual(['**', 'faq/**']);
    const removed = await client.delete(`${url}/mounts/${created.body.mount.mount_id}`);
    expect(removed).toMatchObject({ status: 200, body: { message: 'Mount removed successfully' } });
    expect((await client.delete(`${url}/mounts/${created.body.mount.mount_id}`)).status).toBe(404);
    expect((await client.post(`${url}/mounts`, { app_id: 'bot', access_level: 'admin' })).status).toBe(422);
  });

  it('limits app callers to the paths their mounts cover, by access level', async () => {
    const { client } = await startVolumes();
    const { url } = await createVolume(client);
    for (const path of ['faq/a.txt', 'faq/billing/b.txt', 'private/c.txt', 'notes.md']) {
      await client.put(`${url}/entries/${path}`, { content_text: path });
    }
    const bot = client.withToken('app-bot');
    // No mount yet: nothing is readable.
    expect((await bot.get(`${url}/entries/faq/a.txt`)).body.details.required_permission).toBe('mount:read');
    await client.post(`${url}/mounts`, { app_id: 'bot', path_pattern: 'faq/**', access_level: 'read' });
    await client.post(`${url}/mounts`, { app_id: 'bot', path_pattern: '*.md', access_level: 'read_write' });

    expect((await bot.get(`${url}/entries/faq/billing/b.txt`)).status).toBe(200);
    expect((await bot.get(`${url}/entries/private/c.txt`)).status).toBe(403);
    const write = await bot.put(`${url}/entries/faq/a.txt`, { content_text: 'changed' });
    expect(write.status).toBe(403);
    expect(write.body.details.required_permission).toBe('mount:read_write');
    expect((await bot.put(`${url}/entries/todo.md`, { content_text: 'x' })).status).toBe(200);
    expect((await bot.put(`${url}/entries/sub/todo.md`, { content_text: 'x' })).status).toBe(403);
    expect((await bot.delete(`${url}/entries/notes.md`)).status).toBe(200);

    const root = await bot.get(`${url}/list`);
    expect(root.body.directories).toEqual(['faq/']);
    expect(root.body.entries.map((e: { path: string }) => e.path)).toEqual(['todo.md']);
    // A user token that names an app acts as that app.
    const named = await client.put(`${url}/entries/private/d.txt`, { content_text: 'x', app_id: 'bot' });
    expect(named.status).toBe(403);
    // The token's own calls are not limited.
    expect((await client.get(`${url}/entries/private/c.txt`)).status).toBe(200);
  });
});
