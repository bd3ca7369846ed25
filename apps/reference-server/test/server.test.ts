import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startReferenceServer } from '../src/index.js';

let server: RunningServer;
let base: string;

beforeAll(async () => {
  server = await startReferenceServer({
    ports: { typedb: 0 },
    validateResponses: true,
    typedb: { passwordIterations: 1000 },
  });
  base = server.urls.typedb;
});
afterAll(() => server.close());

async function token(): Promise<string> {
  const response = await fetch(`${base}/v1/signin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'password' }),
  });
  return ((await response.json()) as { token: string }).token;
}

describe('reference server (TypeDB)', () => {
  it('listens on 127.0.0.1 on the port it was given', () => {
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('allows cross-origin browser calls, as TypeDB does', async () => {
    const preflight = await fetch(`${base}/v1/databases`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://app.example',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://app.example');
  });

  it('answers unknown paths with an empty 404', async () => {
    const response = await fetch(`${base}/v1/nothing-here`);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('');
  });

  it('redirects its root and version root to the version endpoint, as TypeDB does', async () => {
    for (const path of ['/', '/v1']) {
      const response = await fetch(`${base}${path}`, { redirect: 'manual' });
      expect(response.status, path).toBe(307);
      expect(response.headers.get('location'), path).toBe('/v1/version');
    }
  });

  it('refuses its paths under an unknown API version with 404 HSR5', async () => {
    for (const path of ['/v2', '/v2/databases', '/v9/transactions/open']) {
      const response = await fetch(`${base}${path}`);
      expect(response.status, path).toBe(404);
      expect(await response.json(), path).toMatchObject({ code: 'HSR5' });
    }
  });

  it('answers health under any version segment, as TypeDB does', async () => {
    expect((await fetch(`${base}/v7/health`)).status).toBe(204);
  });

  it('answers a known path under another method with 405 and Allow', async () => {
    const response = await fetch(`${base}/v1/databases`, { method: 'PATCH' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
  });

  it('refuses a body over 2 MiB with 413 in the TypeDB error shape and creates nothing', async () => {
    const auth = { authorization: `Bearer ${await token()}`, 'content-type': 'application/json' };
    const response = await fetch(`${base}/v1/users/huge`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ password: 'x'.repeat(2 * 1024 * 1024 + 10) }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: 'HSR2' });
    const lookup = await fetch(`${base}/v1/users/huge`, { headers: auth });
    expect(lookup.status).toBe(404);
  });

  it('reports its distribution and the TypeDB API version it serves', async () => {
    const response = await fetch(`${base}/v1/version`);
    expect(await response.json()).toEqual({ distribution: 'dbwire', version: '3.5.5' });
  });
});
