import { afterEach, describe, expect, it } from 'vitest';
import {
  ApiConnectionError,
  ApiTimeoutError,
  ApiUserAbortError,
  type CommitRequest,
  commitEndpoint,
  createNamespaceEndpoint,
  createWriteDaemonClient,
  healthEndpoint,
  isProblem,
  namespaceLifecycleEndpoint,
  namespaceStatusEndpoint,
  readyzEndpoint,
  registerClassEndpoint,
  updateNamespaceEndpoint,
  type WriteDaemonClientOptions,
  WriteDaemonError,
} from '../src/write-daemon/index.js';
import { type HttpDouble, problem, type Received, type Route, startHttpDouble } from './http-double.js';

const TOKEN = 'dev-token';
const OPERATIONS: CommitRequest['operations'] = [
  { op: 'CreateContainer', args: { external_id: 'vault-001', kind: { type: 'balance', quantization_inv: 1000 } } },
];

let double: HttpDouble | undefined;
afterEach(async () => {
  await double?.close();
  double = undefined;
});

async function serve(route: Route, options: Partial<WriteDaemonClientOptions> = {}) {
  double = await startHttpDouble(route);
  const client = createWriteDaemonClient({ baseUrl: double.url, token: TOKEN, ...options });
  return { server: double, client };
}

/**
 * A commit endpoint with the daemon's idempotency rules: a key seen before replays the stored
 * receipt (with `X-Asset-Idempotency: hit`) and appends nothing. `script` can override the answer
 * of attempt n (1-based) after (`'after'`) or instead of (`'instead'`) applying it.
 */
function committingDaemon(
  script: (attempt: number) => { when: 'after' | 'instead'; answer: ReturnType<Route> } | undefined = () => undefined,
) {
  const log: string[] = [];
  const receipts = new Map<string, Record<string, unknown>>();
  let attempt = 0;
  const route: Route = (request) => {
    if (request.headers.authorization !== `Bearer ${TOKEN}`) return problem(401, 'UNAUTHORIZED');
    attempt++;
    const scripted = script(attempt);
    if (scripted?.when === 'instead') return scripted.answer;
    const key = request.json?.idempotency_key as string | undefined;
    const stored = key === undefined ? undefined : receipts.get(key);
    if (stored) return { status: 200, body: stored, headers: { 'x-asset-idempotency': 'hit' } };
    const seq = log.length + 1;
    log.push(request.body);
    const receipt = { namespace: 42, world_seq_start: seq, world_seq_end: seq, event_count: 1, idempotency_key: key };
    if (key !== undefined) receipts.set(key, receipt);
    if (scripted) return scripted.answer;
    return { status: 200, body: receipt, headers: key ? { 'x-asset-idempotency': 'miss' } : {} };
  };
  return { route, log };
}

const commit = (client: ReturnType<typeof createWriteDaemonClient>, body: Partial<CommitRequest> = {}) =>
  commitEndpoint({ client, path: { namespace_id: 42 }, body: { operations: OPERATIONS, ...body } });

const keysOf = (requests: Received[]) => requests.map((r) => r.json?.idempotency_key);

describe('createWriteDaemonClient: auth', () => {
  it('sends the bearer token to secured operations and none to the probes', async () => {
    const { server, client } = await serve((request) =>
      request.path === '/v1/write/health'
        ? { status: 200, body: { status: 'healthy', version: '0.1.0', uptime_ms: 1 } }
        : { status: 200, body: { namespace_id: 42 } },
    );
    await healthEndpoint({ client });
    await namespaceStatusEndpoint({ client, path: { namespace_id: 42 } });

    expect(server.calls('GET', '/v1/write/health')[0]?.headers.authorization).toBeUndefined();
    expect(server.calls('GET', '/v1/write/namespaces/42/status')[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('asks a token function for the current token on every request', async () => {
    let current = 'first';
    const { server, client } = await serve(() => ({ status: 200, body: {} }), { token: () => current });
    await namespaceStatusEndpoint({ client, path: { namespace_id: 1 } });
    current = 'second';
    await namespaceStatusEndpoint({ client, path: { namespace_id: 1 } });
    expect(server.received.map((r) => r.headers.authorization)).toEqual(['Bearer first', 'Bearer second']);
  });
});

describe('createWriteDaemonClient: idempotency keys', () => {
  it('gives each commit call its own generated key (a UUIDv7)', async () => {
    const daemon = committingDaemon();
    const { server, client } = await serve(daemon.route);

    const first = await commit(client);
    const second = await commit(client);

    const keys = keysOf(server.received);
    expect(keys[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(keys[1]).not.toBe(keys[0]);
    expect(first.data).toMatchObject({ world_seq_start: 1, idempotency_key: keys[0] });
    expect(second.data).toMatchObject({ world_seq_start: 2, idempotency_key: keys[1] });
    expect(daemon.log).toHaveLength(2);
  });

  it('keeps a key the caller chose', async () => {
    const daemon = committingDaemon();
    const { server, client } = await serve(daemon.route);
    await commit(client, { idempotency_key: 'restock-0001' });
    await commit(client, { idempotency_key: 'restock-0001' });

    expect(keysOf(server.received)).toEqual(['restock-0001', 'restock-0001']);
    expect(daemon.log).toHaveLength(1); // the second call was a replay
  });

  it('leaves the rest of the body as the caller wrote it', async () => {
    const daemon = committingDaemon();
    const { server, client } = await serve(daemon.route);
    await commit(client, { actor_id: 'service:stocker', metadata: { ticket: 'OPS-118' } });

    const { idempotency_key, ...rest } = server.received[0]?.json ?? {};
    expect(typeof idempotency_key).toBe('string');
    expect(rest).toEqual({ operations: OPERATIONS, actor_id: 'service:stocker', metadata: { ticket: 'OPS-118' } });
  });

  it('keys the registrations too, but not preflight or create', async () => {
    const { server, client } = await serve(() => ({ status: 200, body: {} }));
    await registerClassEndpoint({
      client,
      path: { namespace_id: 42 },
      body: { class_id: 'gold', kind: 'fungible' } as never,
    });
    await createNamespaceEndpoint({ client, body: { namespace_id: 7, label: 'x', tenant_id: 1 } as never });

    expect(server.received[0]?.json?.idempotency_key).toEqual(expect.any(String));
    expect(server.received[1]?.json).not.toHaveProperty('idempotency_key');
  });
});

describe('createWriteDaemonClient: retries', () => {
  const fast = { maxRetries: 2 };

  it('retries a commit answered 503 with the same key', async () => {
    const daemon = committingDaemon((n) =>
      n === 1 ? { when: 'instead', answer: problem(503, 'INTERNAL', { retry_after_ms: 10 }) } : undefined,
    );
    const { server, client } = await serve(daemon.route, fast);
    const { data } = await commit(client);

    const keys = keysOf(server.received);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    expect(data).toMatchObject({ world_seq_start: 1 });
    expect(daemon.log).toHaveLength(1);
  });

  it('applies a commit once when the connection drops after the daemon applied it: the retry is a replay', async () => {
    const daemon = committingDaemon((n) => (n === 1 ? { when: 'after', answer: 'reset' } : undefined));
    const { server, client } = await serve(daemon.route, fast);
    const { data, response } = await commit(client);

    expect(server.received).toHaveLength(2);
    expect(daemon.log).toHaveLength(1);
    expect(data).toMatchObject({ world_seq_start: 1, world_seq_end: 1 });
    expect(response.headers.get('x-asset-idempotency')).toBe('hit');
  });

  it('resends after a timeout with the same key, and gets the original receipt', async () => {
    // The first attempt is applied but answered too late: the client gives up and retries.
    const daemon = committingDaemon((n) => (n === 1 ? { when: 'after', answer: 'hang' } : undefined));
    const { client } = await serve(daemon.route, { ...fast, timeoutMs: 200 });
    const { data } = await commit(client);

    expect(daemon.log).toHaveLength(1);
    expect(data).toMatchObject({ world_seq_start: 1 });
  });

  it('waits out 409 IDEMPOTENCY_KEY_IN_PROGRESS and resends the same key', async () => {
    const daemon = committingDaemon((n) =>
      n === 1
        ? { when: 'instead', answer: problem(409, 'IDEMPOTENCY_KEY_IN_PROGRESS', { retry_after_ms: 20 }) }
        : undefined,
    );
    const { server, client } = await serve(daemon.route, fast);
    const { data } = await commit(client);

    expect(keysOf(server.received)[1]).toBe(keysOf(server.received)[0]);
    expect(data).toMatchObject({ world_seq_start: 1 });
  });

  it('does not resend other 409s', async () => {
    const { server, client } = await serve(() =>
      problem(409, 'NAMESPACE_NOT_WRITABLE', { not_writable_reasons: ['frozen'] }),
    );
    const error = await commit(client).catch((e: unknown) => e);
    expect(isProblem(error, 'NAMESPACE_NOT_WRITABLE')).toBe(true);
    expect(server.received).toHaveLength(1);
  });

  it('honours retry_after_ms of a 429 over its whole-second Retry-After', async () => {
    let answered = 0;
    const { server, client } = await serve(() =>
      answered++ === 0
        ? { ...problem(429, 'QUOTA_EXCEEDED', { retry_after_ms: 30 }), headers: { 'retry-after': '1' } }
        : { status: 200, body: { namespace_id: 42 } },
    );
    const started = Date.now();
    await namespaceStatusEndpoint({ client, path: { namespace_id: 42 } });
    expect(server.received).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('never resends an unkeyed POST or a PATCH', async () => {
    const { server, client } = await serve(() => problem(503, 'INTERNAL', { retry_after_ms: 0 }));
    const lifecycle = await namespaceLifecycleEndpoint({
      client,
      path: { namespace_id: 42 },
      body: { state: 'provisioned' } as never,
    }).catch((e: unknown) => e);
    const patch = await updateNamespaceEndpoint({ client, path: { namespace_id: 42 }, body: { label: 'y' } }).catch(
      (e: unknown) => e,
    );

    expect(lifecycle).toBeInstanceOf(WriteDaemonError);
    expect(patch).toBeInstanceOf(WriteDaemonError);
    expect(server.received.map((r) => r.method)).toEqual(['POST', 'PATCH']);
  });

  it('resends GETs and namespace creation, which the spec makes safe to repeat', async () => {
    const { server, client } = await serve(() => problem(503, 'INTERNAL', { retry_after_ms: 0 }));
    await namespaceStatusEndpoint({ client, path: { namespace_id: 42 } }).catch(() => {});
    await createNamespaceEndpoint({ client, body: { namespace_id: 7, label: 'x', tenant_id: 1 } as never }).catch(
      () => {},
    );
    expect(server.received.map((r) => r.method)).toEqual(['GET', 'GET', 'GET', 'POST', 'POST', 'POST']);
  });

  it('turns a dropped connection into ApiConnectionError once retries run out', async () => {
    const { server, client } = await serve(() => 'reset', { maxRetries: 1 });
    const error = await commit(client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiConnectionError);
    expect(server.received).toHaveLength(2);
  });

  it('times out with ApiTimeoutError and stops on the caller’s abort with ApiUserAbortError', async () => {
    const { client } = await serve(() => 'hang', { maxRetries: 0, timeoutMs: 100 });
    await expect(namespaceStatusEndpoint({ client, path: { namespace_id: 42 } })).rejects.toBeInstanceOf(
      ApiTimeoutError,
    );

    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const slow = createWriteDaemonClient({ baseUrl: double?.url ?? '', token: TOKEN, timeoutMs: 10_000 });
    const aborted = await commitEndpoint({
      client: slow,
      path: { namespace_id: 42 },
      body: { operations: OPERATIONS },
      signal: controller.signal,
    }).catch((e: unknown) => e);
    expect(aborted).toBeInstanceOf(ApiUserAbortError);
  });
});

describe('createWriteDaemonClient: errors', () => {
  it('throws WriteDaemonError with the typed problem', async () => {
    const { client } = await serve(() =>
      problem(412, 'REVISION_MISMATCH', { expected_revision: 3, current_revision: 5 }),
    );
    const error = await updateNamespaceEndpoint({
      client,
      path: { namespace_id: 42 },
      body: { label: 'renamed', expected_revision: 3 },
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(WriteDaemonError);
    expect(error).toMatchObject({ status: 412, code: 'REVISION_MISMATCH', retryable: false });
    expect(isProblem(error, 'REVISION_MISMATCH')).toBe(true);
    expect(isProblem(error, 'NAMESPACE_NOT_FOUND')).toBe(false);
    if (!isProblem(error, 'REVISION_MISMATCH')) throw error;
    const current: number | undefined = error.problem.current_revision;
    expect(current).toBe(5);
    expect(error.message).toBe('REVISION_MISMATCH: REVISION_MISMATCH happened.');
    expect(error.response.headers.get('content-type')).toBe('application/problem+json');
  });

  it('keeps retryable and retry_after_ms of a problem whose retries ran out', async () => {
    const { client } = await serve(() => problem(429, 'QUOTA_EXCEEDED', { retry_after_ms: 5 }), { maxRetries: 1 });
    const error = await namespaceStatusEndpoint({ client, path: { namespace_id: 42 } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 429, code: 'QUOTA_EXCEEDED', retryable: true, retryAfterMs: 5 });
  });

  it('throws WriteDaemonError without a problem for other error bodies', async () => {
    const { client } = await serve(
      (request) =>
        request.path === '/v1/write/readyz'
          ? { status: 503, body: { status: 'not_ready', checks: [] }, headers: { 'content-type': 'application/json' } }
          : { status: 502, body: 'Bad gateway', headers: { 'content-type': 'text/plain' } },
      { maxRetries: 0 },
    );
    const notReady = await readyzEndpoint({ client }).catch((e: unknown) => e);
    expect(notReady).toMatchObject({ status: 503, code: '', problem: undefined, body: { status: 'not_ready' } });
    expect(isProblem(notReady)).toBe(false);

    const gateway = await namespaceStatusEndpoint({ client, path: { namespace_id: 1 } }).catch((e: unknown) => e);
    expect(gateway).toMatchObject({
      status: 502,
      code: '',
      retryable: true,
      message: 'HTTP 502 Bad Gateway: Bad gateway',
    });
  });
});
