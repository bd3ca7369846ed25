import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answers, type CliProcess, startCli } from './cli-process.js';

let mock: CliProcess;

beforeAll(async () => {
  mock = await startCli(['mock', 'typedb', '--stateful', '--port', '0', '--log-level', 'warn'], 60_000);
}, 70_000);

afterAll(async () => {
  if (!mock) return;
  expect(await mock.stop()).toBe(0);
  expect(await answers(`${mock.url}/v1/version`)).toBe(false);
}, 30_000);

describe('dbwire mock typedb --stateful', () => {
  it('keeps state and answers with TypeDB error codes', async () => {
    const signin = await fetch(`${mock.url}/v1/signin`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'password' }),
    });
    expect(signin.status).toBe(200);
    const { token } = (await signin.json()) as { token: string };
    const auth = { Authorization: `Bearer ${token}` };

    expect((await fetch(`${mock.url}/v1/databases/social`, { method: 'POST', headers: auth })).status).toBe(200);
    const listed = await fetch(`${mock.url}/v1/databases`, { headers: auth });
    expect(await listed.json()).toEqual({ databases: [{ name: 'social' }] });

    const missing = await fetch(`${mock.url}/v1/databases/nope`, { method: 'DELETE', headers: auth });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ code: 'DBD1' });

    // Unlike Prism, a token must be one the server issued.
    const forged = await fetch(`${mock.url}/v1/databases`, { headers: { Authorization: 'Bearer forged' } });
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ code: 'AUT3' });
  });
});
