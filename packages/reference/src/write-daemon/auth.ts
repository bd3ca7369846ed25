import type { ApiResponse } from '@dbwire/server-stubs';
import { problemResponse } from '@dbwire/server-stubs/write-daemon';
import { BEARER_REFUSALS, BearerTokenTable, bearerChallenge, isBearerTokenText } from '../shared/bearer.js';

/** A configured bearer token: whose it is and, optionally, until when (ms since the epoch). */
export interface WriteDaemonToken {
  principal: string;
  expiresAtMs?: number;
}

/**
 * The development token every fresh server accepts when no tokens are configured: `dev-token`,
 * principal `dev`. Configure real ones with the `tokens` option (or `dbwire serve
 * --write-daemon-token <token>=<principal>`); giving any replaces this one.
 */
export const DEFAULT_TOKENS: Readonly<Record<string, WriteDaemonToken>> = { 'dev-token': { principal: 'dev' } };

const PRINCIPAL = /^[\x21-\x7E]{1,256}$/;

/**
 * Bearer tokens from server configuration. The token's subject is the caller's principal; the
 * spec's `PrincipalId` rule is checked here, at start-up, so a misconfigured token fails loudly
 * instead of producing namespaces with an invalid owner.
 */
export class TokenTable {
  private readonly tokens: BearerTokenTable<WriteDaemonToken>;

  constructor(tokens: Record<string, WriteDaemonToken>, now: () => number) {
    for (const [token, { principal }] of Object.entries(tokens)) {
      if (!isBearerTokenText(token))
        throw new TypeError('A write-daemon token must be printable ASCII without spaces.');
      if (!PRINCIPAL.test(principal)) {
        throw new TypeError(`Principal ${JSON.stringify(principal)} is not 1 to 256 printable ASCII characters.`);
      }
    }
    this.tokens = new BearerTokenTable(tokens, now);
  }

  /** The caller's principal, or the 401 to answer (`instance` is the operation's path). */
  authenticate(authorization: string | undefined, instance: string): { principal: string } | { response: ApiResponse } {
    const found = this.tokens.lookup(authorization);
    if ('grant' in found) return { principal: found.grant.principal };
    const reason = found.refusal;
    return {
      response: problemResponse(
        401,
        'UNAUTHORIZED',
        BEARER_REFUSALS[reason],
        { instance, auth_reason: reason },
        { 'www-authenticate': bearerChallenge(reason) },
      ),
    };
  }
}
