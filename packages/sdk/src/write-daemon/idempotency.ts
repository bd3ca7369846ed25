/**
 * Automatic idempotency keys for the write daemon's keyed operations.
 *
 * `commit`, `reverse`, the four `register_*` operations and `fork_from_snapshot` take an optional
 * `idempotency_key` in the JSON body; a repeat with the same key and body is answered with the
 * stored response instead of being applied again. So that one call of, say, `commitEndpoint` is
 * safe to retry, the client's request interceptor gives each such request a fresh key before it
 * reaches the retry layer: every attempt of that call then carries the same key, and a new call
 * gets a new key. A key the caller chose is kept as it is.
 */

import { newIdempotencyKey } from '../core/idempotency.js';

export { newIdempotencyKey };

/** The keyed operations, by the end of their path (a base URL may add a prefix). */
const KEYED_PATH =
  /\/v1\/write\/namespaces\/(?:fork_from_snapshot|[^/]+\/(?:commit|commits\/[^/]+\/reverse|register_class(?:_shape|_continuous_shape_[12]d)?))$/;

/** Requests known to carry an `idempotency_key`: what the retry layer may resend. */
const keyed = new WeakSet<Request>();

export function isKeyedOperation(request: Request): boolean {
  return request.method === 'POST' && KEYED_PATH.test(new URL(request.url).pathname);
}

/** Whether `request` went through `withIdempotencyKey` and carries a key (generated or the caller's). */
export function carriesIdempotencyKey(request: Request): boolean {
  return keyed.has(request);
}

/**
 * A hey-api request interceptor: for a keyed operation whose JSON body has no `idempotency_key`,
 * returns the request with a generated one. Other requests pass through untouched.
 */
export async function withIdempotencyKey(request: Request): Promise<Request> {
  if (!isKeyedOperation(request)) return request;
  const body = parseObject(await request.clone().text());
  if (body === undefined) return request; // Not a JSON object: the server will answer 400 anyway.
  if (body.idempotency_key !== undefined) {
    // The caller's key, kept as it is (an invalid one is the server's to reject, with a 400).
    if (typeof body.idempotency_key === 'string') keyed.add(request);
    return request;
  }
  const withKey = new Request(request, { body: JSON.stringify({ ...body, idempotency_key: newIdempotencyKey() }) });
  keyed.add(withKey);
  return withKey;
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
