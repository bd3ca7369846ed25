import { loadTestModule, MESSAGES } from '@dbwire/test-modules/spacetimedb';
import { describe, expect, it } from 'vitest';
import { startSpacetimedb } from './client.js';

async function keyedDatabase() {
  const host = await startSpacetimedb();
  const owner = await host.newUser();
  const published = await owner.client.publish('/v1/database/app', await loadTestModule('keyed'));
  if (published.status !== 200) throw new Error(`publish: ${published.status} ${published.text}`);
  return { ...host, owner, identity: published.body.Success.database_identity as string };
}

const userNames = async (client: Awaited<ReturnType<typeof keyedDatabase>>['owner']['client']) =>
  (await client.sql('app', 'SELECT name FROM user ORDER BY name')).body[0].rows.map((row: string[]) => row[0]);

describe('SpacetimeDB reducer calls', () => {
  it('calls reducers with array or object arguments and answers the call headers', async () => {
    const { owner } = await keyedDatabase();
    const call = await owner.client.call('app', 'create_user', ['ann@x.io', 'Ann', 30]);
    expect(call).toMatchObject({ status: 200, text: '' });
    expect(call.headers['spacetime-energy-used']).toBe('0');
    expect(call.headers['spacetime-execution-duration-micros']).toMatch(/^\d+$/);
    expect(call.headers['spacetime-identity']).toBe(owner.identity);
    const named = await owner.client.call('app', 'create_user', { email: 'bob@x.io', name: 'Bob', age: 40 });
    expect(named.status).toBe(200);
    expect(await userNames(owner.client)).toEqual(['Ann', 'Bob']);
    const rows = (await owner.client.sql('app', "SELECT * FROM user WHERE name = 'Bob'")).body[0].rows;
    expect(rows).toEqual([[2, 'bob@x.io', 'Bob', 40]]);
  });

  it('rolls back a reducer that fails (530 with its message) or traps, and keeps working after a trap', async () => {
    const { owner } = await keyedDatabase();
    await owner.client.call('app', 'create_user', ['ann@x.io', 'Ann', 30]);
    const failed = await owner.client.call('app', 'add_then_fail', ['zed@x.io', 'Zed']);
    expect(failed).toMatchObject({ status: 530, text: MESSAGES.addThenFail });
    expect(failed.headers['spacetime-energy-used']).toBe('0');
    expect(await userNames(owner.client)).toEqual(['Ann']);
    const trapped = await owner.client.call('app', 'add_then_trap', ['zed@x.io', 'Zed']);
    expect(trapped.status).toBe(530);
    expect(await userNames(owner.client)).toEqual(['Ann']);
    // A unique violation is the reducer's error too.
    expect((await owner.client.call('app', 'create_user', ['ann@x.io', 'Other', 1])).status).toBe(530);
    expect((await owner.client.call('app', 'create_user', ['cy@x.io', 'Cy', 5])).status).toBe(200);
    expect(await userNames(owner.client)).toEqual(['Ann', 'Cy']);
  });

  it('refuses unknown and lifecycle reducers, bad arguments and bodies that are not JSON', async () => {
    const { owner, anonymous } = await keyedDatabase();
    const unknown = await owner.client.call('app', 'no_such');
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('no_such');
    expect((await owner.client.call('app', 'init')).status).toBe(400);
    expect((await owner.client.call('app', 'create_user', ['only-one'])).status).toBe(400);
    expect((await owner.client.call('app', 'create_user', ['a@x.io', 'A', 'old'])).status).toBe(400);
    const url = '/v1/database/app/call/count_users';
    expect((await anonymous.post(url, { body: '[]', contentType: null })).status).toBe(400);
    expect((await anonymous.post(url, { body: '[]', contentType: 'text/plain' })).status).toBe(415);
    expect((await anonymous.post(url, { body: '[', contentType: 'application/json' })).status).toBe(400);
    expect((await anonymous.post('/v1/database/nowhere/call/x', { body: [] })).status).toBe(404);
    expect((await anonymous.post(url, { body: [] })).status).toBe(200);
  });

  it('runs the connect and disconnect hooks of quickstart around each call', async () => {
    const { anonymous } = await startSpacetimedb();
    const published = await anonymous.publish('/v1/database/qs', await loadTestModule('quickstart'));
    const owner = anonymous.withToken(published.headers['spacetime-identity-token'] as string);
    expect((await owner.call('qs', 'add', ['Alice'])).status).toBe(200);
    expect((await owner.call('qs', 'say_hello')).status).toBe(200);
    expect((await owner.sql('qs', 'SELECT * FROM person')).body[0].rows).toEqual([['Alice']]);
  });
});

describe('SpacetimeDB SQL', () => {
  it('runs several statements in one transaction, each result with its schema, rows and stats', async () => {
    const { owner } = await keyedDatabase();
    const reply = await owner.client.sql(
      'app',
      "INSERT INTO user (id, email, name, age) VALUES (0, 'a@x.io', 'Ann', 30); SELECT name, age FROM user; SELECT COUNT(*) AS n FROM user;",
    );
    expect(reply.status).toBe(200);
    expect(reply.body).toHaveLength(3);
    expect(reply.body[0].stats).toEqual({ rows_inserted: 1, rows_deleted: 0, rows_updated: 0 });
    expect(reply.body[1].rows).toEqual([['Ann', 30]]);
    expect(reply.body[1].schema.elements.map((element: { name: { some: string } }) => element.name.some)).toEqual([
      'name',
      'age',
    ]);
    expect(reply.body[2].rows).toEqual([[1]]);
    expect(typeof reply.body[0].total_duration_micros).toBe('number');
    // A failing statement rolls back the ones before it.
    const failed = await owner.client.sql(
      'app',
      "INSERT INTO user (id, email, name, age) VALUES (0, 'b@x.io', 'Bo', 1); SELECT nope FROM user",
    );
    expect(failed.status).toBe(400);
    expect(await userNames(owner.client)).toEqual(['Ann']);
  });

  it('writes 64-bit integers digit for digit', async () => {
    const { owner } = await keyedDatabase();
    const big = 9007199254740993n;
    await owner.client.sql('app', `INSERT INTO user (id, email, name, age) VALUES (${big}, 'big@x.io', 'Big', 1)`);
    const reply = await owner.client.sql('app', 'SELECT id FROM user');
    expect(reply.text).toContain(String(big));
    expect(reply.body[0].rows).toEqual([[big]]);
  });

  it('shows other callers public tables only and refuses them DML', async () => {
    const { owner, newUser } = await keyedDatabase();
    const stranger = await newUser();
    await owner.client.call('app', 'create_user', ['ann@x.io', 'Ann', 30]);
    expect((await stranger.client.sql('app', 'SELECT name FROM user')).body[0].rows).toEqual([['Ann']]);
    expect((await stranger.client.sql('app', 'SELECT * FROM audit')).status).toBe(400);
    expect((await owner.client.sql('app', 'SELECT * FROM audit')).body[0].rows).toHaveLength(1);
    const dml = await stranger.client.sql('app', 'DELETE FROM user');
    expect(dml.status).toBe(400);
    expect(await userNames(owner.client)).toEqual(['Ann']);
  });
});

describe('SpacetimeDB logs', () => {
  it('serves the module’s log lines to the owner, the last num_lines of them, kept even when a call rolled back', async () => {
    const { owner, newUser, identity } = await keyedDatabase();
    await owner.client.call('app', 'create_user', ['ann@x.io', 'Ann', 30]);
    await owner.client.call('app', 'count_users');
    await owner.client.call('app', 'find_by_email', ['nobody@x.io']);
    const logs = await owner.client.get('/v1/database/app/logs');
    expect(logs.status).toBe(200);
    expect(logs.headers['content-type']).toBe('application/x-ndjson');
    const lines = logs.text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line.message)).toEqual(expect.arrayContaining(['1 users', MESSAGES.notFound]));
    expect(lines.at(-1)).toMatchObject({
      level: expect.any(String),
      message: MESSAGES.notFound,
      ts: expect.any(Number),
    });
    const last = await owner.client.get('/v1/database/app/logs?num_lines=1');
    expect(last.text.trim().split('\n')).toHaveLength(1);
    const stranger = await newUser();
    const refused = await stranger.client.get('/v1/database/app/logs');
    expect(refused.status).toBe(403);
    expect(refused.text).toContain(`on database ${identity}: view module logs`);
  });

  it('follows the log: the kept lines, then new ones, until the database is deleted', async () => {
    const { owner } = await keyedDatabase();
    await owner.client.call('app', 'count_users');
    const response = await owner.client.send('GET', '/v1/database/app/logs?follow=true&num_lines=1');
    expect(response.status).toBe(200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let received = '';
    const readLine = async () => {
      while (!received.includes('\n')) {
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        received += decoder.decode(value);
      }
      const [line, ...rest] = received.split('\n');
      received = rest.join('\n');
      return JSON.parse(line as string);
    };
    expect((await readLine()).message).toBe('0 users');
    await owner.client.call('app', 'create_user', ['ann@x.io', 'Ann', 30]);
    expect((await readLine()).message).toMatch(/^created user/);
    await owner.client.delete('/v1/database/app');
    const end = await reader.read();
    expect(end.done).toBe(true);
  });
});
