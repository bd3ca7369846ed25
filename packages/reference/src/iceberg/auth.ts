import type { AuthenticationResult } from '@dbwire/server-stubs';
import { icebergErrorResponse } from '@dbwire/server-stubs/iceberg';
import { BEARER_REFUSALS, BearerTokenTable, bearerChallenge, isBearerTokenText } from '../shared/bearer.js';
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
  private readonly tokens: BearerTokenTable<IcebergToken>;

  constructor(tokens: Record<string, IcebergToken>, now: () => number) {
    for (const [token, { principal }] of Object.entries(tokens)) {
      if (!isBearerTokenText(token)) throw new TypeError('An Iceberg token must be printable ASCII without spaces.');
      if (principal.trim() === '') throw new TypeError(`Token principal ${JSON.stringify(principal)} is empty.`);
    }
    this.tokens = new BearerTokenTable(tokens, now);
  }

  authenticate(authorization: string | undefined): AuthenticationResult<IcebergCaller> {
    const found = this.tokens.lookup(authorization);
    if ('refusal' in found) {
      return {
        response: icebergErrorResponse(401, 'NotAuthorizedException', BEARER_REFUSALS[found.refusal], {
          'www-authenticate': bearerChallenge(found.refusal),
        }),
      };
    }
    return { context: { principal: found.grant.principal } };
  }
}
