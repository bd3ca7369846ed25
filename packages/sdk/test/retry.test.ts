import { describe, expect, it } from 'vitest';
import { ApiConnectionError, ApiTimeoutError, ApiUserAbortError } from '../src/core/errors.js';
import { type RetryOptions, withRetries } from '../src/core/retry.js';
import { connectionRefused, fakeFetch, type Handler, hang, json } from './fake-fetch.js';

const URL_ = 'http://api.test/things';

/** Answers with `replies` in order, repeating the last one. */
function sequence(...replies: Array<() => Response | Promise<Response>>): Handler {
  let next = 0;
  return () => {
    const reply = replies[Math.min(next++, replies.length - 1)];
    if (!reply) throw new Error('no reply');
    return reply();
  };
}

/** `withRetries` over a fake server, with instant, recorded sleeps and no jitter. */
function setup(handler: Handler, options: RetryOptions = {}) {
  const server = fakeFetch(handler);
  const sleeps: number[] = [];
  const fetch = withRetries(server.fetch, {
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0,
    ...options,
  });
  return { fetch, sleeps, seen: server.seen };
}

const status =
  (code: number, headers: Record<string, string> = {}) =>
  () =>
    json(code, { code }, headers);

describe('withRetries', () => {
  it('retries a GET twice by default, backing off 0.5 s then 1 s', async () => {
    const { fetch, sleeps, seen } = setup(sequence(status(503), status(503), status(200)));
    const response = await fetch(URL_);
    expect(response.status).toBe(200);
    expect(seen).toHaveLength(3);
    expect(sleeps).toEqual([500, 1000]);
  });

  it('returns the last response once the retries are spent', async () => {
    const { fetch, seen } = setup(sequence(status(503)));
    const response = await fetch(URL_);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ code: 503 });
    expect(seen).toHaveLength(3);
  });

  it('doubles the backoff up to 8 s', async () => {
    const { fetch, sleeps, seen } = setup(sequence(status(500)), { maxRetries: 6 });
    await fetch(URL_);
    expect(seen).toHaveLength(7);
    expect(sleeps).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
  });

  it('takes up to 25 % off each delay as jitter', async () => {
    const { fetch, sleeps } = setup(sequence(status(500), status(200)), { random: () => 0.999_999 });
    await fetch(URL_);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(375);
    expect(sleeps[0]).toBeLessThan(376);
  });

  it('sends nothing more with maxRetries: 0', async () => {
    const { fetch, seen } = setup(sequence(status(503)), { maxRetries: 0 });
    expect((await fetch(URL_)).status).toBe(503);
    expect(seen).toHaveLength(1);
  });

  it.each([408, 429, 500, 502, 503, 504])('retries status %i', async (code) => {
    const { fetch, seen } = setup(sequence(status(code), status(200)));
    expect((await fetch(URL_)).status).toBe(200);
    expect(seen).toHaveLength(2);
  });

  it.each([400, 401, 403, 404, 409, 422, 501])('does not retry status %i', async (code) => {
    const { fetch, seen } = setup(sequence(status(code), status(200)));
    expect((await fetch(URL_)).status).toBe(code);
    expect(seen).toHaveLength(1);
  });

  it.each(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'])('retries idempotent method %s', async (method) => {
    const { fetch, seen } = setup(sequence(status(503), status(200)));
    expect((await fetch(URL_, { method })).status).toBe(200);
    expect(seen).toHaveLength(2);
  });

  it.each(['POST', 'PATCH'])('does not retry %s', async (method) => {
    const { fetch, seen } = setup(sequence(status(503), status(200)));
    expect((await fetch(URL_, { method, body: '{}' })).status).toBe(503);
    expect(seen).toHaveLength(1);
  });

  it('retries a POST carrying an Idempotency-Key, resending the same body each time', async () => {
    const { fetch, seen } = setup(sequence(status(503), status(502), status(201)));
    const response = await fetch(URL_, {
      method: 'POST',
      headers: { 'Idempotency-Key': 'k-1', 'Content-Type': 'application/json' },
      body: '{"name":"x"}',
    });
    expect(response.status).toBe(201);
    expect(seen.map((r) => r.body)).toEqual(['{"name":"x"}', '{"name":"x"}', '{"name":"x"}']);
    expect(seen.every((r) => r.headers.get('Idempotency-Key') === 'k-1')).toBe(true);
  });

  it('retries a POST the isIdempotent predicate accepts, and only that one', async () => {
    const { fetch, seen } = setup(sequence(status(503), status(200), status(503), status(200)), {
      isIdempotent: (request) => new URL(request.url).pathname.endsWith('/close'),
    });
    expect((await fetch(`${URL_}/close`, { method: 'POST' })).status).toBe(200);
    expect(seen).toHaveLength(2);
    expect((await fetch(`${URL_}/commit`, { method: 'POST' })).status).toBe(503);
    expect(seen).toHaveLength(3);
  });

  it.each([
    ['retry-after-ms', '150', 150],
    ['Retry-After', '3', 3000],
    ['Retry-After', '0.5', 500],
    ['Retry-After', '120', 60_000],
    ['Retry-After', 'Fri, 01 Jan 2100 00:00:00 GMT', 60_000],
    ['Retry-After', 'Thu, 01 Jan 1970 00:00:00 GMT', 0],
    ['Retry-After', 'soon', 500],
  ])('honours %s: %s as a %i ms pause', async (header, value, expected) => {
    const { fetch, sleeps, seen } = setup(sequence(status(429, { [header]: value }), status(200)));
    expect((await fetch(URL_)).status).toBe(200);
    expect(seen).toHaveLength(2);
    expect(sleeps).toEqual([expected]);
  });

  it('prefers retry-after-ms over Retry-After', async () => {
    const { fetch, sleeps } = setup(sequence(status(503, { 'retry-after-ms': '20', 'Retry-After': '5' }), status(200)));
    await fetch(URL_);
    expect(sleeps).toEqual([20]);
  });

  it('retries connection errors, then succeeds', async () => {
    let attempts = 0;
    const { fetch, seen } = setup(() => (++attempts < 3 ? connectionRefused() : json(200, { ok: true })));
    const response = await fetch(URL_);
    expect(await response.json()).toEqual({ ok: true });
    expect(seen).toHaveLength(3);
  });

  it('rejects with ApiConnectionError, carrying the fetch error, once retries are spent', async () => {
    const { fetch, seen } = setup(connectionRefused);
    const error = await fetch(URL_).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiConnectionError);
    expect((error as ApiConnectionError).cause).toBeInstanceOf(TypeError);
    expect(seen).toHaveLength(3);
  });

  it('does not retry a connection error on a POST', async () => {
    const { fetch, seen } = setup(connectionRefused);
    await expect(fetch(URL_, { method: 'POST', body: 'x' })).rejects.toBeInstanceOf(ApiConnectionError);
    expect(seen).toHaveLength(1);
  });

  it('rejects with ApiTimeoutError when no response comes within timeoutMs', async () => {
    const { fetch, seen } = setup(hang, { timeoutMs: 20, maxRetries: 0 });
    const error = await fetch(URL_).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiTimeoutError);
    expect(error).toBeInstanceOf(ApiConnectionError);
    expect(seen).toHaveLength(1);
  });

  it('times out even when the fetch ignores its signal', async () => {
    const fetch = withRetries(() => hang(), { timeoutMs: 20, maxRetries: 0 });
    await expect(fetch(URL_)).rejects.toBeInstanceOf(ApiTimeoutError);
  });

  it('gives each attempt its own timeout and retries timeouts', async () => {
    const { fetch, seen } = setup(sequence(hang, hang, status(200)), { timeoutMs: 20 });
    expect((await fetch(URL_)).status).toBe(200);
    expect(seen).toHaveLength(3);
  });

  it('does not time out a response that arrived in time while its body is read', async () => {
    const { fetch } = setup(() => json(200, { late: 'but fine' }), { timeoutMs: 20 });
    const response = await fetch(URL_);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(await response.json()).toEqual({ late: 'but fine' });
  });

  it('rejects with ApiUserAbortError when the caller aborts, without retrying', async () => {
    const { fetch, seen } = setup(hang);
    const controller = new AbortController();
    const pending = fetch(URL_, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user gave up')), 10);
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiUserAbortError);
    expect((error as ApiUserAbortError).cause).toEqual(new Error('user gave up'));
    expect(seen).toHaveLength(1);
  });

  it('sends nothing for an already aborted signal', async () => {
    const { fetch, seen } = setup(status(200));
    await expect(fetch(URL_, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(ApiUserAbortError);
    expect(seen).toHaveLength(0);
  });

  it('stops when the caller aborts during the backoff', async () => {
    const controller = new AbortController();
    const { fetch, seen } = setup(status(503), {
      sleep: async () => controller.abort(),
    });
    await expect(fetch(URL_, { signal: controller.signal })).rejects.toBeInstanceOf(ApiUserAbortError);
    expect(seen).toHaveLength(1);
  });

  it('waits with real timers by default, and an abort cuts the wait short', async () => {
    const server = fakeFetch(sequence(status(503, { 'retry-after-ms': '5' }), status(503, { 'Retry-After': '60' })));
    const fetch = withRetries(server.fetch);
    const controller = new AbortController();
    const started = Date.now();
    const pending = fetch(URL_, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toBeInstanceOf(ApiUserAbortError);
    expect(server.seen).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
