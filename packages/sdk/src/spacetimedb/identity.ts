import type { FetchFn } from '../core/fetch.js';
import { toRequest } from '../core/fetch.js';

/** The headers every answer of a `/v1/database` route carries once the caller is authenticated. */
export const IDENTITY_HEADER = 'spacetime-identity';
export const IDENTITY_TOKEN_HEADER = 'spacetime-identity-token';

/**
 * The identity a client acts as, and the token proving it. A client created without a token starts
 * with neither: the server mints an anonymous identity for a request without credentials and
 * sends its token back in `spacetime-identity-token`; the keeper takes the first such token and
 * sends it from then on, so the anonymous identity that published a database can manage it later.
 */
export class IdentityKeeper {
  #token: string | undefined;
  #identity: string | undefined;
  /** Settles when the anonymous request in flight has its answer (and so, usually, a token). */
  #anonymousInFlight: Promise<unknown> | undefined;

  /** `given`: the caller's own token (a string), if it gave one; it is then never replaced. */
  constructor(
    private readonly keepsMintedToken: boolean,
    given?: string,
  ) {
    this.#token = given;
    this.#identity = given === undefined ? undefined : tokenIdentity(given);
  }

  /** The token in use: the caller's (when a string), or the one the server minted; `undefined` before the first answer. */
  get token(): string | undefined {
    return this.#token;
  }

  /** The caller's identity (64 hex digits): from the token's `hex_identity` claim, or the server's `spacetime-identity` header. */
  get identity(): string | undefined {
    return this.#identity;
  }

  /**
   * `fetch` wrapped to read the identity headers of every answer and, for a client without a token
   * of its own, to send the kept token. Until one is kept, requests without credentials go one at a
   * time: concurrent first requests would each be given a different anonymous identity.
   */
  wrap(fetch: FetchFn): FetchFn {
    return async (input, init) => {
      let request = toRequest(input, init);
      if (this.keepsMintedToken && !request.headers.has('Authorization')) {
        while (this.#token === undefined && this.#anonymousInFlight !== undefined) {
          await this.#anonymousInFlight.catch(() => {});
        }
        if (this.#token !== undefined) {
          request = withBearer(request, this.#token);
        } else {
          const sent = this.#send(fetch, request);
          this.#anonymousInFlight = sent;
          try {
            return await sent;
          } finally {
            if (this.#anonymousInFlight === sent) this.#anonymousInFlight = undefined;
          }
        }
      }
      return this.#send(fetch, request);
    };
  }

  async #send(fetch: FetchFn, request: Request): Promise<Response> {
    const authorization = request.headers.get('Authorization');
    const response = await fetch(request);
    this.#remember(response, authorization);
    return response;
  }

  /**
   * Keeps the minted token (and its identity) from the answer to a request sent without
   * credentials, and the identity the server names in answers to the client's own credentials
   * (which is how a client with a token function learns its identity). Answers to credentials
   * a single call set itself are not the client's and are ignored.
   */
  #remember(response: Response, authorization: string | null): void {
    const token = response.headers.get(IDENTITY_TOKEN_HEADER);
    const identity = response.headers.get(IDENTITY_HEADER);
    if (authorization === null) {
      if (!this.keepsMintedToken || token === null || this.#token !== undefined) return;
      this.#token = token;
      this.#identity = identity ?? tokenIdentity(token);
      return;
    }
    const ours = this.#token === undefined ? !this.keepsMintedToken : authorization === `Bearer ${this.#token}`;
    if (ours && identity !== null) this.#identity = identity;
  }
}

function withBearer(request: Request, token: string): Request {
  const headers = new Headers(request.headers);
  headers.set('Authorization', `Bearer ${token}`);
  return new Request(request, { headers });
}

/**
 * The `hex_identity` claim of a SpacetimeDB token, read without checking the signature (the server
 * does that); `undefined` when the token is not a JWT with that claim.
 */
export function tokenIdentity(token: string): string | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const base64 = payload
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(payload.length / 4) * 4, '=');
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes)) as { hex_identity?: unknown };
    return typeof claims.hex_identity === 'string' ? claims.hex_identity.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}
