import type { AuthenticationResult } from '@dbwire/server-stubs';
import { icebergErrorResponse } from '@dbwire/server-stubs/iceberg';
import type { IcebergCaller } from './model.js';

/** A configured bearer token: whose it is and, optionally, until when (ms since the epoch). */
export interface IcebergToken {
  principal: string;
  expiresAtMs?: number;
}

/**
 * The development token a fresh server accepts when no tokens are configured: `dev-token`,
 * principal `dev` (as the write daemon). Giving any tokens replaces it.
 */
export const DEFAULT_TOKENS: Readonly<Record<string, IcebergToken>> = { 'dev-token': { principal: 'dev' } };

/**
 * Bearer tokens from server configuration. Every refusal is the spec's 401
 * `NotAuthorizedException` (expiry included: dbwire servers do not answer 419).
 */
export class TokenTable {
  private readonly tokens: Map<string, IcebergToken>;

  constructor(
    tokens: Record<string, IcebergToken>,
    private readonly now: () => number,
  ) {
    for (const [token, { principal }] of Object.entries(tokens)) {
      if (!/^[\x21-\x7E]+$/.test(token))
        throw new TypeError('An Iceberg token must be printable ASCII without spaces.');
      if (principal.trim() === '') throw new TypeError(`Token principal ${JSON.stringify(principal)} is empty.`);
    }
    this.tokens = new Map(Object.entries(tokens));
  }

  authenticate(authorization: string | undefined): AuthenticationResult<IcebergCaller> {
    if (authorization === undefined || authorization.trim() === '') {
      return refuse('The request has no Authorization header.', 'Bearer');
    }
    const match = /^Bearer +([\x21-\x7E]+) *$/i.exec(authorization);
    if (!match) return refuse('The Authorization header is not "Bearer <token>".');
    const token = this.tokens.get(match[1] as string);
    if (!token) return refuse('The bearer token is not known to this server.');
    if (token.expiresAtMs !== undefined && token.expiresAtMs <= this.now()) {
      return refuse('The bearer token has expired.');
    }
    return { context: { principal: token.principal } };
  }
}

function refuse(message: string, challenge = 'Bearer error="invalid_token"'): AuthenticationResult<IcebergCaller> {
  return {
    response: icebergErrorResponse(401, 'NotAuthorizedException', message, { 'www-authenticate': challenge }),
  };
}
