import { describe, expect, it } from 'vitest';
import { createVolume, startVolumes } from './client.js';

describe('volumes: entries', () => {
  it('writes, replaces, reads and deletes JSON and text entries at paths with slashes', async () => {
    const { client, clock } = await startVolumes();
    const { id, url } = await createVolume(client);
    const written = await client.put(`${url}/entries/faq/refunds.json`, {
      content: { question: 'Refunds?', answer: 'Within 14 days.' },
      tags: ['faq'],
      metadata: { source: 'helpdesk' },
    });
    expect(written.status).toBe(200);
    expect(written.body.message).toBe('Entry written successfully');
    const entry = written.body.entry;
    expect(entry).toMatchObject({
      volume_id: id,
      path: 'faq/refunds.json',
      content_type: 'json',
      content_text: null,
      mime_type: 'application/json',
      size_bytes: JSON.stringify({ question: 'Refunds?', answer: 'Within 14 days.' }).length,
      ttl_seconds: null,
      expires_at: null,
      written_by_app_id: null,
      tags: ['faq'],
      metadata: { source: 'helpdesk' },
    });
    expect(entry.entry_id).toMatch(/^ent_/);
    expect((await client.get(`${url}/entries/faq/refunds.json`)).body).toMatchObject({ entry_id: entry.entry_id });
    // Percent-encoded slashes and a leading or doubled slash address the same entry.
    expect((await client.get(`${url}/entries/faq%2Frefunds.json`)).body.entry_id).toBe(entry.entry_id);
    expect((await client.get(`${url}/entries//faq//refunds.json`)).body.entry_id).toBe(entry.entry_id);

    clock.advance(10);
    const replaced = await client.put(`${url}/entries/faq/refunds.json`, { content_text: 'Refunds: 14 days.' });
    expect(replaced.body.entry).toMatchObject({
      entry_id: entry.entry_id,
      created_at: entry.created_at,
      content_type: 'text',
      content: null,
      content_text: 'Refunds: 14 days.',
      mime_type: 'text/plain',
      size_bytes: 17,
    });
    expect(replaced.body.entry.updated_at).not.toBe(entry.updated_at);

    const deleted = await client.delete(`${url}/entries/faq/refunds.json`);
    expect(deleted).toMatchObject({ status: 200, body: { message: 'Entry deleted successfully' } });
    const gone = await client.get(`${url}/entries/faq/refunds.json`);
    expect(gone.status).toBe(404);
    expect(gone.body.details).toEqual({ resource_type: 'entry', resource_id: 'faq/refunds.json' });
    expect((await client.delete(`${url}/entries/faq/refunds.json`)).status).toBe(404);
  });

  it('refuses bad paths and bodies with FastAPI 422s', async () => {
    const { client } = await startVolumes();
    const { url } = await createVolume(client);
    const paths = [
      'a/%2E%2E/b',
      'a/./b',
      'a%00b',
      'a%0Ab',
      `${'x'.repeat(1025)}`,
      `a/${'y'.repeat(256)}`,
      'dir/',
      'x/upload',
    ];
    for (const path of paths) {
      const reply = await client.put(`${url}/entries/${path}`, { content_text: 'x' });
      expect(reply.status, path).toBe(422);
      expect(reply.body.detail[0]).toMatchObject({ loc: ['path', 'path'], type: 'value_error' });
    }
    const both = await client.put(`${url}/entries/a`, { content: {}, content_text: 'x' });
    expect(both.body.detail[0]).toMatchObject({ loc: ['body'], type: 'value_error' });
    expect((await client.put(`${url}/entries/a`, {})).status).toBe(422);
    const mismatched = await client.put(`${url}/entries/a`, { content_text: 'x', content_type: 'json' });
    expect(mismatched.body.detail[0].loc).toEqual(['body', 'content_type']);
    const notJson = await client.put(`${url}/entries/a`, '{"content":', { 'content-type': 'application/json' });
    expect(notJson.body.detail[0].type).toBe('json_invalid');
    const wrongType = await client.put(`${url}/entries/a`, { content: 'text' });
    expect(wrongType.body.detail[0].loc).toEqual(['body', 'content']);
    expect((await client.put(`${url}/entries/a`, { content_text: 'x', ttl_seconds: 0 })).status).toBe(422);
    expect((await client.get(`${url}/entries/a`)).status).toBe(404);
  });

  it('answers 413 for an entry body over the limit, before checking permissions', async () => {
    const { client } = await startVolumes({ entryLimitBytes: 1000 });
    const { url } = await createVolume(client);
    const big = { content_text: 'x'.repeat(2000) };
    const reply = await client.put(`${url}/entries/big.txt`, big);
    expect(reply.status).toBe(413);
    expect(reply.body).toMatchObject({ error: 'PAYLOAD_TOO_LARGE', details: { limit_bytes: 1000 } });
    expect((await client.withToken('reader').put(`${url}/entries/big.txt`, big)).status).toBe(413);
    expect((await client.get(`${url}/entries/big.txt`)).status).toBe(404);
  });

  it('expires entries after ttl_seconds everywhere, and a write after expiry makes a new entry', async () => {
    const { client, clock } = await startVolumes();
    const { url } = await createVolume(client);
    const written = await client.put(`${url}/entries/tmp/session.json`, { content: { user: 'ann' }, ttl_seconds: 60 });
    expect(written.body.entry.expires_at).toBe(new Date(clock.ms + 60_000).toISOString().replace('Z', '000Z'));
    clock.advance(59);
    expect((await client.get(`${url}/entries/tmp/session.json`)).status).toBe(200);
    clock.advance(1);
    expect((await client.get(`${url}/entries/tmp/session.json`)).status).toBe(404);
    expect((await client.get(`${url}/list?path=tmp`)).body).toEqual({ path: 'tmp/', directories: [], entries: [] });
    expect((await client.get(`${url}/list`)).body.directories).toEqual([]);
    expect((await client.get(`${url}/entries/tmp/session.json/download`)).status).toBe(404);
    expect((await client.delete(`${url}/entries/tmp/session.json`)).status).toBe(404);
    const again = await client.put(`${url}/entries/tmp/session.json`, { content: { user: 'bob' } });
    expect(again.body.entry.entry_id).not.toBe(written.body.entry.entry_id);
    expect(again.body.entry.ttl_seconds).toBeNull();
  });

  it('lists the immediate children of a directory', async () => {
    const { client } = await startVolumes();
    const { url } = await createVolume(client);
    for (const path of [
      'readme.txt',
      'faq/a.json',
      'faq/b.json',
      'faq/billing/c.json',
      'faq/billing/deep/d.json',
      'guides/x.txt',
    ]) {
      await client.put(`${url}/entries/${path}`, { content_text: path });
    }
    const root = await client.get(`${url}/list`);
    expect(root.body.path).toBe('/');
    expect(root.body.directories).toEqual(['faq/', 'guides/']);
    expect(root.body.entries.map((e: { path: string }) => e.path)).toEqual(['readme.txt']);
    const faq = await client.get(`${url}/list?path=/faq`);
    expect(faq.body.path).toBe('faq/');
    expect(faq.body.directories).toEqual(['faq/billing/']);
    expect(faq.body.entries.map((e: { path: string }) => e.path)).toEqual(['faq/a.json', 'faq/b.json']);
    expect((await client.get(`${url}/list?path=nothing/`)).body).toEqual({
      path: 'nothing/',
      directories: [],
      entries: [],
    });
    expect((await client.get(`${url}/list?path=a/../b`)).body.detail[0].loc).toEqual(['query', 'path']);
  });

  it('records the writer: the token app, or app_id and execution_id (body or X-Execution-Id)', async () => {
    const { client } = await startVolumes();
    const { url } = await createVolume(client);
    await client.post(`${url}/mounts`, { app_id: 'bot', access_level: 'read_write' });
    const byApp = await client
      .withToken('app-bot')
      .put(`${url}/entries/a.txt`, { content_text: 'x' }, { 'x-execution-id': 'exec_1' });
    expect(byApp.body.entry).toMatchObject({ written_by_app_id: 'bot', written_by_execution_id: 'exec_1' });
    const named = await client.put(`${url}/entries/b.txt`, {
      content_text: 'x',
      app_id: 'bot',
      execution_id: 'exec_2',
    });
    expect(named.body.entry).toMatchObject({ written_by_app_id: 'bot', written_by_execution_id: 'exec_2' });
    const spoof = await client.withToken('app-bot').put(`${url}/entries/c.txt`, { content_text: 'x', app_id: 'etl' });
    expect(spoof.status).toBe(403);
    expect(spoof.body.details.required_permission).toBe('app:etl');
  });

  it('validates content against schema_id: a schema entry of the volume or a configured schema', async () => {
    const { client } = await startVolumes({
      schemas: { ticket: { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } } },
    });
    const { url } = await createVolume(client);
    await client.put(`${url}/entries/schemas/faq.json`, {
      content: { type: 'object', required: ['question'], properties: { question: { type: 'string', minLength: 3 } } },
    });
    const good = await client.put(`${url}/entries/faq/1.json`, {
      content: { question: 'Why?' },
      schema_id: 'schemas/faq.json',
    });
    expect(good.status).toBe(200);
    expect(good.body.entry.schema_id).toBe('schemas/faq.json');
    const short = await client.put(`${url}/entries/faq/2.json`, {
      content: { question: 'W' },
      schema_id: 'schemas/faq.json',
    });
    expect(short.status).toBe(422);
    expect(short.body.detail[0]).toMatchObject({
      loc: ['body', 'content', 'question'],
      type: 'string_too_short',
      input: 'W',
    });
    const missing = await client.put(`${url}/entries/t.json`, { content: {}, schema_id: 'ticket' });
    expect(missing.body.detail[0]).toMatchObject({ loc: ['body', 'content', 'id'], type: 'missing' });
    expect((await client.put(`${url}/entries/t.json`, { content: { id: 7 }, schema_id: 'ticket' })).status).toBe(200);
    const unknown = await client.put(`${url}/entries/u.json`, { content: {}, schema_id: 'nope' });
    expect(unknown.body.detail[0].loc).toEqual(['body', 'schema_id']);
    expect((await client.get(`${url}/entries/faq/2.json`)).status).toBe(404);
  });
});
