import type { paths } from '@dbwire/server-stubs/typedb';
import createClient, { type Client } from 'openapi-fetch';
import { expect } from 'vitest';
import { getTarget } from '../target.js';

/**
 * Raw, typed HTTP access to a TypeDB target for the behaviour suites. openapi-fetch does no
 * retries and no re-sign-in, so every assertion sees the server exactly as it answered.
 */
export type TypeDBApi = Client<paths>;

/** A client that sends `Authorization: Bearer <token>` when given a token, nothing otherwise. */
export function typedbApi(token?: string): TypeDBApi {
  return createClient<paths>({
    baseUrl: getTarget('typedb').baseUrl,
    headers: token === undefined ? {} : { Authorization: `Bearer ${token}` },
  });
}

/** A URL on the target, for the few checks that need plain `fetch` (raw bodies and headers). */
export function targetUrl(path: string): string {
  return `${getTarget('typedb').baseUrl}${path}`;
}

/** What openapi-fetch answers, reduced to what the assertions need. */
export interface ApiResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/**
 * A TypeDB error: `status`, the root-cause `code`, and the documented `{code, message}` JSON body
 * whose message is the `[CODE] …` chain. Message wording is never checked.
 */
export function expectError(result: ApiResult, status: number, code: string): void {
  expect({ status: result.response.status, body: result.error }).toEqual({
    status,
    body: { code, message: expect.stringContaining(`[${code}]`) },
  });
  expect(result.response.headers.get('content-type')).toMatch(/^application\/json/);
}

/** The same for a plain `fetch` response (reads its body). */
export async function expectRawError(response: Response, status: number, code: string): Promise<void> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: the comparison below shows the text.
  }
  expect({ status: response.status, body }).toEqual({
    status,
    body: { code, message: expect.stringContaining(`[${code}]`) },
  });
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
}

/** A "200, no body" success: `Content-Length: 0`, nothing decoded. */
export function expectEmptyOk(result: ApiResult): void {
  expect({
    status: result.response.status,
    contentLength: result.response.headers.get('content-length'),
    error: result.error,
    data: result.data,
  }).toEqual({ status: 200, contentLength: '0', error: undefined, data: undefined });
}

/**
 * The same for a plain `fetch` response (reads its body, which must be empty). A 204 (health) is
 * not required to carry `Content-Length: 0`: RFC 9110 §8.6 forbids the header on 204, and TypeDB's
 * HTTP stack leaves it out.
 */
export async function expectRawEmptyOk(response: Response, status = 200): Promise<void> {
  const text = await response.text();
  const contentLength = response.headers.get('content-length');
  expect({
    status: response.status,
    contentLength: status === 204 ? (contentLength ?? '0') : contentLength,
    text,
  }).toEqual({ status, contentLength: '0', text: '' });
}

/** A 2xx with a JSON body; returns the body. */
export function expectJsonOk<T>(result: { data?: T; error?: unknown; response: Response }, status = 200): T {
  expect({ status: result.response.status, error: result.error }).toEqual({ status, error: undefined });
  expect(result.response.headers.get('content-type')).toMatch(/^application\/json/);
  return result.data as T;
}

export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const PENDING = Symbol('pending');

/** Whether `promise` is still unsettled after `ms` milliseconds. */
export async function stillPending(promise: Promise<unknown>, ms: number): Promise<boolean> {
  const outcome = await Promise.race([
    promise.then(
      () => undefined,
      () => undefined,
    ),
    delay(ms).then(() => PENDING),
  ]);
  return outcome === PENDING;
}

/** The decoded header and payload of a JWT (signature not checked: only the server can). */
export function decodeJwt(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const parts = token.split('.');
  if (parts.length !== 3) throw new Error(`Not a JWT (expected 3 dot-separated parts): ${token}`);
  const decode = (part: string) =>
    JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
  return { header: decode(parts[0] as string), payload: decode(parts[1] as string) };
}
