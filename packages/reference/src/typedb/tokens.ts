import { hmacKey, randomBytes, signJwt } from '../shared/crypto.js';

/**
 * API tokens as the TypeDB server issues them: HS256 JWTs (`sub`, `iat`, `exp` in seconds) signed
 * with a secret made at start-up, and also remembered in memory, so a token is valid only while
 * the server that issued it runs and until its user's password changes or the user is deleted.
 * Checking a token is a map lookup: only tokens this issuer signed are in the map, so their
 * signatures need no second check on every request.
 */
export class TokenIssuer {
  private readonly issued = new Map<string, { username: string; expiresAt: number }>();

  private constructor(
    private readonly key: CryptoKey,
    private readonly lifetimeSeconds: number,
    private readonly now: () => number,
  ) {}

  static async create(options: {
    secret?: Uint8Array;
    lifetimeSeconds: number;
    now: () => number;
  }): Promise<TokenIssuer> {
    const key = await hmacKey(options.secret ?? randomBytes(64));
    return new TokenIssuer(key, options.lifetimeSeconds, options.now);
  }

  async issue(username: string): Promise<string> {
    const issuedAt = Math.floor(this.now() / 1000);
    const expiresAt = issuedAt + this.lifetimeSeconds;
    const token = await signJwt(this.key, { sub: username, iat: issuedAt, exp: expiresAt });
    this.issued.set(token, { username, expiresAt });
    return token;
  }

  /** The token's user, or `undefined` for a forged, expired or revoked token. */
  verify(token: string): string | undefined {
    const entry = this.issued.get(token);
    if (!entry) return undefined;
    if (entry.expiresAt <= Math.floor(this.now() / 1000)) {
      this.issued.delete(token);
      return undefined;
    }
    return entry.username;
  }

  revokeAll(username: string): void {
    for (const [token, entry] of this.issued) if (entry.username === username) this.issued.delete(token);
  }
}
