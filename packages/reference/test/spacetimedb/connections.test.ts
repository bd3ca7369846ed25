import { loadTestModule } from '@dbwire/test-modules/spacetimedb';
import { describe, expect, it, vi } from 'vitest';
import { Runtime } from '../../src/spacetimedb/runtime.js';
import { startSpacetimedb } from './client.js';
import { trappingHookModule } from './hook-modules.js';

async function keyedApp(options: Parameters<typeof startSpacetimedb>[0] = {}) {
  const host = await startSpacetimedb(options);
  const owner = await host.newUser();
  const published = await owner.client.publish('/v1/database/app', await loadTestModule('keyed'));
  if (published.status !== 200) throw new Error(`publish: ${published.status} ${published.text}`);
  return { ...host, owner, identity: published.body.Success.database_identity as string };
}

describe('SpacetimeDB connections (/call and /sql)', () => {
  it('refuses calls and SQL writes queued behind a delete (404), leaving nothing under the database', async () => {
    const { owner, storage, identity } = await keyedApp();
    const calls = Array.from({ length: 4 }, (_, n) =>
      owner.client.call(identity, 'create_user', [`u${n}@x.io`, `U${n}`, n]),
    );
    const sql = owner.client.sql(identity, "INSERT INTO user (id, email, name, age) VALUES (0, 's@x.io', 'S', 1)");
    const deleted = owner.client.delete(`/v1/database/${identity}`);
    const statuses = await Promise.all([...calls, sql]).then((replies) => replies.map((reply) => reply.status));
    expect((await deleted).status).toBe(200);
    // Each one either committed before the delete or was refused after it.
    for (const status of statuses) expect([200, 404]).toContain(status);
    const left = await storage.transact((tx) => tx.scan({ prefix: `spacetimedb/db/${identity}/` }));
    expect(left.map((entry) => entry.key)).toEqual([]);
    const late = await owner.client.call(identity, 'create_user', ['late@x.io', 'Late', 1]);
    expect(late.status).toBe(404);
  });

  it('stores the lines of concurrent calls in call order, failed calls included, without storage conflicts', async () => {
    const { owner } = await keyedApp();
    const replies = await Promise.all(
      Array.from({ length: 12 }, (_, n) =>
        n % 3 === 2
          ? owner.client.call('app', 'find_by_email', [`nobody${n}@x.io`])
          : owner.client.call('app', 'create_user', [`u${n}@x.io`, `U${n}`, n]),
      ),
    );
    expect(replies.map((reply) => reply.status)).toEqual(Array(12).fill(200));
    // A failed call (unique violation) logs nothing here but must not disturb the order either.
    expect((await owner.client.call('app', 'create_user', ['u0@x.io', 'Again', 1])).status).toBe(530);
    await owner.client.call('app', 'count_users');
    const lines = (await owner.client.get('/v1/database/app/logs')).text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).message as string);
    const created = lines.filter((line) => line.startsWith('created user'));
    expect(created).toHaveLength(8);
    expect(lines.at(-1)).toBe('8 users');
    // Calls of one database run in the order they arrived.
    const users = (await owner.client.sql('app', 'SELECT id, name FROM user')).body[0].rows as [number, string][];
    const byId = users.sort((a, b) => a[0] - b[0]).map(([, name]) => name);
    expect(byId).toEqual(['U0', 'U1', 'U3', 'U4', 'U6', 'U7', 'U9', 'U10']);
  });

  it('answers a failing disconnect hook with 530 on /call and /sql alike, and reports the trap', async () => {
    const reported: unknown[] = [];
    const { newUser, errors } = await startSpacetimedb({ onError: (error) => reported.push(error) });
    const owner = await newUser();
    const published = await owner.client.publish('/v1/database/hooks', await trappingHookModule('OnDisconnect'));
    expect(published.status).toBe(200);
    const call = await owner.client.call('hooks', 'ping');
    const sql = await owner.client.sql('hooks', 'SELECT * FROM thing');
    for (const reply of [call, sql]) {
      expect(reply.status).toBe(530);
      expect(reply.text).toBe(call.text);
      expect(reply.headers['spacetime-identity']).toBe(owner.identity);
    }
    expect(errors).toEqual([]);
    expect(reported).toHaveLength(2);
    const report = reported[0] as Error;
    expect(report.message).toContain('trapped (disconnect)');
    expect(report.cause).toBeInstanceOf(WebAssembly.RuntimeError);
  });

  it('retries a request whose tables a republish replaced meanwhile instead of answering 500', async () => {
    const { owner, errors } = await keyedApp();
    const bytes = await loadTestModule('keyed');
    for (let round = 0; round < 5; round++) {
      const calls = Array.from({ length: 3 }, (_, n) =>
        owner.client.call('app', 'create_user', [`r${round}-${n}@x.io`, 'R', n]),
      );
      const republished = owner.client.publish('/v1/database/app', bytes);
      const reads = Array.from({ length: 3 }, () => owner.client.sql('app', 'SELECT COUNT(*) AS n FROM user'));
      const replies = await Promise.all([...calls, republished, ...reads]);
      expect(replies.map((reply) => reply.status)).toEqual(Array(7).fill(200));
    }
    expect(errors).toEqual([]);
    expect((await owner.client.sql('app', 'SELECT COUNT(*) AS n FROM user')).body[0].rows).toEqual([[15]]);
  });

  it('forgets a database it had cached once a request finds it deleted by another process', async () => {
    const here = await keyedApp();
    const elsewhere = await startSpacetimedb({ storage: here.storage });
    const owner = elsewhere.anonymous.withToken(here.owner.client.token);
    expect((await here.owner.client.call('app', 'count_users')).status).toBe(200);
    expect((await owner.delete('/v1/database/app')).status).toBe(200);
    const forget = vi.spyOn(Runtime.prototype, 'forget');
    try {
      const call = await here.owner.client.call(here.identity, 'count_users');
      expect(call.status).toBe(404);
      expect(forget).toHaveBeenCalledWith(here.identity);
    } finally {
      forget.mockRestore();
    }
    expect(here.errors).toEqual([]);
  });
});
