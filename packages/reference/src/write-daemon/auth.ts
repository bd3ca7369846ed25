import type { ApiResponse } from '@dbwire/server-stubs';
import { problemResponse } from '@dbwire/server-stubs/write-daemon';

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

type AuthReason = 'missing_token' | 'malformed_token' | 'invalid_token' | 'expired_token';

const DETAILS: Record<AuthReason, string> = {
  missing_token: 'The request has no Authorization header.',
  malformed_token: 'The Authorization header is not "Bearer <token>".',
  invalid_token: 'The bearer token is not known to this server.',
  expired_token: 'The bearer token has expired.',
};

/**
 * Bearer tokens from server configuration. The token's subject is the caller's principal; the
 * spec's `PrincipalId` rule is checked here, at start-up, so a misconfigured token fails loudly
 * instead of producing namespaces with an invalid owner.
 */
export class TokenTable {
  private readonly tokens: Map<string, WriteDaemonToken>;

  constructor(
    tokens: Record<string, WriteDaemonToken>,
    private readonly now: () => number,
  ) {
    for (const [token, { principal }] of Object.entries(tokens)) {
      if (!/^[\x21-\x7E]+$/.test(token))
        throw new TypeError('A write-daemon token must be printable ASCII without spaces.');
      if (!PRINCIPAL.test(principal)) {
        throw new TypeError(`Principal ${JSON.stringify(principal)} is not 1 to 256 printable ASCII characters.`);
      }
    }
    this.tokens = new Map(Object.entries(tokens));
  }

  /** The caller's principal, or the 401 to answer (`instance` is the operation's path). */
  authenticate(authorization: string | undefined, instance: string): { principal: string } | { response: ApiResponse } {
    if (authorization === undefined || authorization.trim() === '') return this.refuse('missing_token', instance);
    const match = /^Bearer +([\x21-\x7E]+) *$/i.exec(authorization);
    if (!match) return this.refuse('malformed_token', instance);
    const token = this.tokens.get(match[1] as string);
    if (!token) return this.refuse('invalid_token', instance);
    if (token.expiresAtMs !== undefined && token.expiresAtMs <= this.now())
      return this.refuse('expired_token', instance);
    return { principal: token.principal };
  }

  private refuse(reason: AuthReason, instance: string): { response: ApiResponse } {
    // RFC 6750 §3: a refused token says `error="invalid_token"`; a request without one gets the bare challenge.
    const challenge = reason === 'missing_token' ? 'Bearer' : 'Bearer error="invalid_token"';
    return {
      response: problemResponse(
        401,
        'UNAUTHORIZED',
        DETAILS[reason],
        { instance, auth_reason: reason },
        { 'www-authenticate': challenge },
      ),
    };
  }
}
