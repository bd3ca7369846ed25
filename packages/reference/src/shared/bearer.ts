/**
 * Bearer tokens (RFC 6750) as the reference APIs share them: the token of an `Authorization`
 * header, and a table of configured tokens that says why it refuses one. Each API words its own 401.
 */

/** Whether a configured token is printable ASCII without spaces, as `bearerToken` reads them. */
export function isBearerTokenText(token: string): boolean {
  return /^[\x21-\x7E]+$/.test(token);
}

/** The token of an `Authorization: Bearer <token>` header (any case of `Bearer`), `undefined` when it is not one. */
export function bearerToken(authorization: string): string | undefined {
  return /^Bearer +([\x21-\x7E]+) *$/i.exec(authorization)?.[1];
}

/** Why a table refuses a request's token. */
export type BearerRefusal = 'missing_token' | 'malformed_token' | 'invalid_token' | 'expired_token';

/** What each refusal says, in the write daemon's `detail` and the Iceberg catalog's `message`. */
export const BEARER_REFUSALS: Readonly<Record<BearerRefusal, string>> = {
  missing_token: 'The request has no Authorization header.',
  malformed_token: 'The Authorization header is not "Bearer <token>".',
  invalid_token: 'The bearer token is not known to this server.',
  expired_token: 'The bearer token has expired.',
};

/** RFC 6750 §3: a refused token says `error="invalid_token"`; a request without one gets the bare challenge. */
export function bearerChallenge(reason: BearerRefusal): string {
  return reason === 'missing_token' ? 'Bearer' : 'Bearer error="invalid_token"';
}

/**
 * Configured tokens and what each grants, valid until `expiresAtMs` (ms since the epoch) when set.
 * The API checks its tokens before building the table and turns a refusal into its own 401.
 */
export class BearerTokenTable<Grant extends { expiresAtMs?: number }> {
  private readonly grants: Map<string, Grant>;

  constructor(
    grants: Record<string, Grant>,
    private readonly now: () => number,
  ) {
    this.grants = new Map(Object.entries(grants));
  }

  /** The grant of the header's token, or why it is refused (a blank header counts as none). */
  lookup(authorization: string | undefined): { grant: Grant } | { refusal: BearerRefusal } {
    if (authorization === undefined || authorization.trim() === '') return { refusal: 'missing_token' };
    const token = bearerToken(authorization);
    if (token === undefined) return { refusal: 'malformed_token' };
    const grant = this.grants.get(token);
    if (!grant) return { refusal: 'invalid_token' };
    if (grant.expiresAtMs !== undefined && grant.expiresAtMs <= this.now()) return { refusal: 'expired_token' };
    return { grant };
  }
}
