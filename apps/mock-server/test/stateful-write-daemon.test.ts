import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answers, type CliProcess, startCli } from './cli-process.js';

let mock: CliProcess;

beforeAll(async () => {
  mock = await startCli(['mock', 'write-daemon', '--stateful', '--port', '0', '--log-level', 'warn'], 60_000);
}, 70_000);

afterAll(async () => {
  if (!mock) return;
  expect(await mock.stop()).toBe(0);
  expect(await answers(`${mock.url}/v1/write/livez`)).toBe(false);
}, 30_000);

describe('dbwire mock write-daemon --stateful', () => {
  it('keeps namespaces and answers with the daemon’s problems', async () => {
    const auth = { Authorization: 'Bearer dev-token', 'Content-Type': 'application/json' };
    const created = await fetch(`${mock.url}/v1/write/namespaces`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ namespace_id: 5, label: 'scratch', tenant_id: 1 }),
    });
    expect(created.status).toBe(200);
    expect(await created.json()).toMatchObject({ created: true, namespace: { namespace_id: 5 } });

    // Unlike Prism, what was created is there, and nothing else.
    const listed = await fetch(`${mock.url}/v1/write/namespaces`, { headers: auth });
    const { namespaces } = (await listed.json()) as { namespaces: Array<{ namespace_id: number }> };
    expect(namespaces.map((n) => n.namespace_id)).toEqual([5]);

    const missing = await fetch(`${mock.url}/v1/write/namespaces/6`, { headers: auth });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'NAMESPACE_NOT_FOUND' });

    // And a token must be one the daemon knows.
    const forged = await fetch(`${mock.url}/v1/write/namespaces`, { headers: { Authorization: 'Bearer forged' } });
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ code: 'UNAUTHORIZED', auth_reason: 'invalid_token' });
  });
});
