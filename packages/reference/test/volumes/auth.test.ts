import { describe, expect, it } from 'vitest';
import { BASE, createVolume, startVolumes } from './client.js';

describe('volumes: authentication, permissions and tenancy', () => {
  it('answers 401 AUTHENTICATION_FAILED without a valid token, in the error envelope', async () => {
    const { client } = await startVolumes();
    for (const token of [null, 'nope']) {
      const reply = await client.withToken(token).get(BASE);
      expect(reply.status).toBe(401);
      expect(reply.body).toMatchObject({ error: 'AUTHENTICATION_FAILED', status_code: 401, details: {} });
      expect(typeof reply.body.timestamp).toBe('string');
    }
    const malformed = await client.get(BASE, { authorization: 'Basic abc' });
    expect(malformed.status).toBe(401);
  });

  it('answers 403 with the missing permission, checked before the body', async () => {
    const { client } = await startVolumes();
    const reader = client.withToken('reader');
    const create = await reader.post(BASE, { name: 'x', environment_id: 'e' });
    expect(create.status).toBe(403);
    expect(create.body).toMatchObject({ error: 'FORBIDDEN', details: { required_permission: 'volumes:write' } });
    // 403 comes before 422: an invalid body from a caller without the permission is still a 403.
    expect((await reader.post(BASE, { nope: true })).status).toBe(403);
    const { url } = await createVolume(client);
    const remove = await client.withToken('writer').delete(url);
    expect(remove.body.details.required_permission).toBe('volumes:admin');
    expect((await reader.get(url)).status).toBe(200);
    expect((await client.get(url)).status).toBe(200);
  });

  it('keeps tenants apart: another org or workspace is a 404, and so are its volumes', async () => {
    const { client } = await startVolumes();
    const { id, url } = await createVolume(client);
    const other = client.withToken('other-org');
    const foreign = await other.get(`/v1/orgs/dev-org/workspaces/dev-workspace/volumes/${id}`);
    expect(foreign.status).toBe(404);
    expect(foreign.body).toMatchObject({ error: 'RESOURCE_NOT_FOUND', details: { resource_type: 'organization' } });
    const own = await other.get(`/v1/orgs/other-org/workspaces/dev-workspace/volumes/${id}`);
    expect(own.status).toBe(404);
    expect(own.body.details).toEqual({ resource_type: 'volume', resource_id: id });
    expect((await other.get('/v1/orgs/other-org/workspaces/dev-workspace/volumes')).body.total).toBe(0);
    const workspace = await client.get(`/v1/orgs/dev-org/workspaces/elsewhere/volumes/${id}`);
    expect(workspace.body.details.resource_type).toBe('workspace');
    expect((await client.get(url)).status).toBe(200);
  });

  it('keeps app tokens off volume, mount and reindex management', async () => {
    const { client } = await startVolumes();
    const { url } = await createVolume(client);
    const bot = client.withToken('app-bot');
    expect((await bot.post(BASE, { name: 'mine', environment_id: 'e' })).status).toBe(403);
    expect((await bot.patch(url, { description: 'x' })).status).toBe(403);
    expect((await bot.post(`${url}/mounts`, { app_id: 'bot' })).status).toBe(403);
    expect((await bot.get(url)).status).toBe(200);
  });
});
