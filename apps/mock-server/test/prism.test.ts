import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answers, type CliProcess, startCli } from './cli-process.js';

/**
 * `dbwire mock typedb` with Prism, started as users start it (the CLI), checked over real HTTP.
 * The expectations record what Prism 5.14.2 actually does on specs/typedb.yaml, including where it
 * differs from a TypeDB server (see the README's list of gaps).
 */
let mock: CliProcess;
const auth = { Authorization: 'Bearer any-token-at-all' };
const json = { 'Content-Type': 'application/json' };

beforeAll(async () => {
  mock = await startCli(['mock', 'typedb', '--port', '0', '--log-level', 'warn', '--startup-timeout', '60'], 70_000);
}, 80_000);

afterAll(async () => {
  if (!mock) return;
  const code = await mock.stop();
  expect(code).toBe(0);
  // Prism went with it: nothing answers on its port any more.
  expect(await answers(`${mock.url}/v1/version`)).toBe(false);
}, 30_000);

describe('dbwire mock typedb (Prism)', () => {
  it('listens on 127.0.0.1', () => {
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers GET /v1/version with the example from the spec', async () => {
    const response = await fetch(`${mock.url}/v1/version`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ distribution: 'TypeDB CE', version: '3.5.5' });
  });

  it('signs in with the example token', async () => {
    const response = await fetch(`${mock.url}/v1/signin`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ username: 'admin', password: 'password' }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { token: string }).token).toMatch(/^eyJ/);
  });

  it('rejects a sign-in without a password: 400 with the spec example and the violation in sl-violations', async () => {
    const response = await fetch(`${mock.url}/v1/signin`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ username: 'admin' }),
    });
    // The operation documents a 400, so Prism uses it (422 only when no 4XX response is documented).
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'HSR2' });
    const violations = JSON.parse(response.headers.get('sl-violations') ?? '[]') as Array<{ message: string }>;
    expect(violations.map((violation) => violation.message)).toEqual([
      "Request body must have required property 'password'",
    ]);
  });

  it('validates 3.1 type arrays with null, minimum and enums in request bodies', async () => {
    const open = (transactionOptions: unknown, transactionType = 'read') =>
      fetch(`${mock.url}/v1/transactions/open`, {
        method: 'POST',
        headers: { ...json, ...auth },
        body: JSON.stringify({ databaseName: 'social', transactionType, transactionOptions }),
      });
    expect((await open({ transactionTimeoutMillis: null })).status).toBe(200);
    expect((await open({ transactionTimeoutMillis: 1000 })).status).toBe(200);
    expect((await open({ transactionTimeoutMillis: 'soon' })).status).toBe(400);
    expect((await open({ transactionTimeoutMillis: 1.5 })).status).toBe(400);
    expect((await open({ transactionTimeoutMillis: -1 })).status).toBe(400);
    expect((await open({}, 'bogus')).status).toBe(400);
  });

  it('validates path parameter formats (transaction id must be a UUID)', async () => {
    const bad = await fetch(`${mock.url}/v1/transactions/not-a-uuid/close`, { method: 'POST', headers: auth });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('sl-violations')).toContain('uuid');
    const good = await fetch(`${mock.url}/v1/transactions/1b4e28ba-2fa1-41d2-883f-0016d3cca427/close`, {
      method: 'POST',
      headers: auth,
    });
    expect(good.status).toBe(200);
  });

  it('gives the documented 404 example for Prefer: code=404, and a named one with example=', async () => {
    const notFound = await fetch(`${mock.url}/v1/databases/x`, { headers: { ...auth, Prefer: 'code=404' } });
    expect(notFound.status).toBe(404);
    expect(await notFound.json()).toEqual({ code: 'HSR4', message: '[HSR4] Requested resource not found.' });

    const named = await fetch(`${mock.url}/v1/databases/x`, { headers: { ...auth, Prefer: 'code=404, example=SRV3' } });
    expect(named.status).toBe(404);
    expect(await named.json()).toMatchObject({ code: 'SRV3' });
  });

  it('answers 401 with the AUT2 example without a bearer token, but accepts any token', async () => {
    const missing = await fetch(`${mock.url}/v1/databases`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ code: 'AUT2' });

    // Prism only checks that a bearer token is there: it cannot tell AUT3 (invalid token) apart.
    const anyToken = await fetch(`${mock.url}/v1/databases`, { headers: auth });
    expect(anyToken.status).toBe(200);
  });

  it('serves text/plain examples and empty 200s as documented', async () => {
    const schema = await fetch(`${mock.url}/v1/databases/social/schema`, { headers: auth });
    expect(schema.status).toBe(200);
    expect(schema.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await schema.text()).toMatch(/^define\n/);

    const created = await fetch(`${mock.url}/v1/databases/social`, { method: 'POST', headers: auth });
    expect(created.status).toBe(200);
    expect(created.headers.get('content-length')).toBe('0');

    const health = await fetch(`${mock.url}/health`);
    expect(health.status).toBe(204);
  });

  describe('where Prism differs from a TypeDB server (documented in the README)', () => {
    it('keeps no state: a created database never shows up', async () => {
      await fetch(`${mock.url}/v1/databases/fresh`, { method: 'POST', headers: auth });
      const listed = (await (await fetch(`${mock.url}/v1/databases`, { headers: auth })).json()) as {
        databases: Array<{ name: string }>;
      };
      expect(listed.databases.map((db) => db.name)).toEqual(['social', 'library']);
    });

    it('answers any invalid request with the first documented 400 example, whatever the cause', async () => {
      const response = await fetch(`${mock.url}/v1/users/alice`, {
        method: 'POST',
        headers: { ...json, ...auth },
        body: '{}',
      });
      expect(response.status).toBe(400);
      // The body lacks `password`, yet the answer says "user already exists" (USC2 is listed first).
      expect(await response.json()).toMatchObject({ code: 'USC2' });
    });

    it('answers malformed JSON in its own error shape, not {code, message}', async () => {
      const response = await fetch(`${mock.url}/v1/signin`, { method: 'POST', headers: json, body: '{oops' });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: { code: 'invalid_json', message: 'Invalid JSON' } });
    });

    it('answers unknown paths and undocumented Prefer codes with RFC 7807 problems', async () => {
      const unknown = await fetch(`${mock.url}/v2/nothing`);
      expect(unknown.status).toBe(404);
      expect(unknown.headers.get('content-type')).toBe('application/problem+json');

      const undocumented = await fetch(`${mock.url}/v1/databases`, { headers: { ...auth, Prefer: 'code=500' } });
      expect(undocumented.status).toBe(404);
      expect(await undocumented.json()).toMatchObject({
        detail: 'Requested status code 500 is not defined in the document.',
      });
    });
  });
});
