import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startReferenceServer } from '../src/index.js';
import { startServe, useCleanup } from './helpers/serve.js';

let server: RunningServer;
let base: string;

beforeAll(async () => {
  server = await startReferenceServer({ ports: { typedb: 0, 'write-daemon': 0 }, validateResponses: true });
  base = server.urls['write-daemon'];
});
afterAll(() => server.close());

const auth = { authorization: 'Bearer dev-token', 'content-type': 'application/json' };

describe('reference server (write daemon)', () => {
  it('serves the probes without a token and the API with the development token', async () => {
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${base}/v1/write/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'healthy', api_version: '0.1.0' });
    const created = await fetch(`${base}/v1/write/namespaces`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ namespace_id: 42, label: 'warehouse', tenant_id: 7 }),
    });
    expect(created.status).toBe(200);
    expect(await created.json()).toMatchObject({ created: true, namespace: { owner_principal_id: 'dev' } });
    const unauthorized = await fetch(`${base}/v1/write/namespaces/42`);
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(unauthorized.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('answers 400 INVALID_REQUEST for a body over 1 MiB, and about:blank 404 for unknown paths', async () => {
    const big = await fetch(`${base}/v1/write/namespaces`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ namespace_id: 1, label: 'x'.repeat(1024 * 1024), tenant_id: 1 }),
    });
    expect(big.status).toBe(400);
    expect(await big.json()).toMatchObject({ code: 'INVALID_REQUEST' });
    const unknown = await fetch(`${base}/v1/write/nowhere`, { headers: auth });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ type: 'about:blank' });
  });

  it('matches a concrete path before a templated one: PATCH /namespaces/changes is 405, not namespace "changes"', async () => {
    for (const [method, path, allow] of [
      ['PATCH', '/v1/write/namespaces/changes', 'GET'],
      ['DELETE', '/v1/write/namespaces/status', 'GET'],
      ['GET', '/v1/write/namespaces/fork_from_snapshot', 'POST'],
    ] as const) {
      const response = await fetch(`${base}${path}`, { method, headers: auth });
      expect(response.status, `${method} ${path}`).toBe(405);
      expect(response.headers.get('allow')).toBe(allow);
    }
    // The templated route still serves real ids.
    expect((await fetch(`${base}/v1/write/namespaces/424242`, { headers: auth })).status).toBe(404);
  });

  it('allows cross-origin calls and exposes the idempotency and rate-limit headers', async () => {
    const preflight = await fetch(`${base}/v1/write/namespaces`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://app.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://app.example');
    const get = await fetch(`${base}/v1/write/livez`, { headers: { origin: 'http://app.example' } });
    expect(get.headers.get('access-control-expose-headers')).toContain('X-Asset-Idempotency');
  });
});

describe('dbwire serve (write daemon)', () => {
  const { track } = useCleanup();

  it('serves the write daemon next to TypeDB, with tokens from flags and the environment', async () => {
    const serve = track(
      await startServe(['--engine', 'memory', '--write-daemon-token', 'cli-token=user:cli'], {
        ...process.env,
        DBWIRE_WRITE_DAEMON_TOKENS: 'env-token=svc:env',
      }),
    );
    const ready = await serve.waitForLog((line) => line.msg === 'dbwire serve: ready');
    const url = (ready.urls as Record<string, string>)['write-daemon'] as string;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${url}/v1/write/readyz`)).status).toBe(200);
    const tokens: Array<[string, string]> = [
      ['cli-token', 'user:cli'],
      ['env-token', 'svc:env'],
    ];
    for (const [index, [token, principal]] of tokens.entries()) {
      const created = await fetch(`${url}/v1/write/namespaces`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ namespace_id: index + 1, label: 'x', tenant_id: 1 }),
      });
      expect(await created.json()).toMatchObject({ namespace: { owner_principal_id: principal } });
    }
    // Configured tokens replace the development token.
    const dev = await fetch(`${url}/v1/write/namespaces`, { headers: { authorization: 'Bearer dev-token' } });
    expect(dev.status).toBe(401);
  }, 60_000);
});
