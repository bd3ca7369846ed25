import { abortable } from '../core/abort.js';
import { ApiError } from '../core/errors.js';
import { discardBody, type Fetcher, type FetchFn, toRequest } from '../core/fetch.js';
import { isPublicPath, pathBelow, SIGNIN_PATH } from './paths.js';

export interface TypeDBAuthOptions {
  /** The server, as given to the client (`http://127.0.0.1:8000`). Only requests below it get the token. */
  baseUrl: string;
  username?: string;
  password?: string;
  /**
   * A token to send as it is. With `username` and `password` as well, they replace it when the
   * server rejects it; alone, a rejection surfaces as the 401 it is.
   */
  token?: string;
  /** Extra headers for the sign-in request (the client's own requests carry theirs already). */
  headers?: Record<string, string>;
}

/**
 * The outcome of one sign-in, shared by every request that waited for it. A refusal keeps the
 * server's response so that each waiting request can answer with (a copy of) it: the caller then
 * sees TypeDB's own error, e.g. 401 `AUT1` for wrong credentials.
 */
type SignIn = { token: string } | { refused: Response };

/**
 * Adds TypeDB authentication to `fetch`: `Authorization: Bearer <token>` on every request below
 * `baseUrl` except the public operations (sign-in, health, version).
 *
 * The token comes from signing in lazily, on the first request that needs it; concurrent requests
 * share that one sign-in. TypeDB tokens expire and are revoked by password changes, so a 401
 * answer makes the layer sign in again and send the request once more (a 401 means the server
 * refused the request before acting on it, so even a commit is safe to resend). A second 401 is
 * returned as it is.
 */
export function withTypeDBAuth(fetch: Fetcher, options: TypeDBAuthOptions): FetchFn {
  const { baseUrl, username, password } = options;
  if ((username === undefined) !== (password === undefined)) {
    throw new TypeError('TypeDB credentials need both a username and a password.');
  }
  const credentials = username !== undefined && password !== undefined ? { username, password } : undefined;
  const pathOf = pathBelow(baseUrl);
  let token = options.token;
  let signingIn: Promise<SignIn> | undefined;

  const signIn = async (): Promise<SignIn> => {
    const request = new Request(`${baseUrl.replace(/\/+$/, '')}${SIGNIN_PATH}`, {
      method: 'POST',
      headers: { ...options.headers, 'Content-Type': 'application/json' },
      body: JSON.stringify(credentials),
    });
    const response = await fetch(request);
    if (!response.ok) return { refused: response };
    const text = await response.text();
    const body = parseJson(text);
    if (!hasToken(body)) {
      throw new ApiError('TypeDB answered the sign-in without a token.', {
        status: response.status,
        body: body ?? text,
        response,
        request,
      });
    }
    return { token: body.token };
  };

  /** The current token, after the one shared sign-in when there is none yet. */
  const acquire = (signal: AbortSignal): Promise<SignIn> => {
    if (token !== undefined) return Promise.resolve({ token });
    signingIn ??= signIn()
      .then((result) => {
        if ('token' in result) token = result.token;
        return result;
      })
      .finally(() => {
        signingIn = undefined;
      });
    // The sign-in runs without any caller's signal: one caller giving up must not fail the others.
    return abortable(signingIn, signal);
  };

  const send = async (request: Request, auth: SignIn): Promise<Response> => {
    if ('refused' in auth) return auth.refused.clone();
    // A copy per send: the body of `request` is needed again if this one is answered 401.
    const headers = new Headers(request.headers);
    headers.set('Authorization', `Bearer ${auth.token}`);
    return fetch(new Request(request.clone(), { headers }));
  };

  return async (input, init) => {
    const request = toRequest(input, init);
    const path = pathOf(request);
    const exempt = path === undefined || isPublicPath(path) || request.headers.has('Authorization');
    if (exempt || (token === undefined && !credentials)) return fetch(request);

    const first = await acquire(request.signal);
    const response = await send(request, first);
    if (response.status !== 401 || !credentials || !('token' in first)) return response;

    discardBody(response);
    // Only forget the token this request used: a concurrent request may already have replaced it.
    if (token === first.token) token = undefined;
    return send(request, await acquire(request.signal));
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function hasToken(body: unknown): body is { token: string } {
  return typeof body === 'object' && body !== null && typeof (body as { token?: unknown }).token === 'string';
}
