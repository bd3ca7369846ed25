import { ConflictError, getJson, putJson, type StorageEngine, scanJson, transactWithRetry } from '@dbwire/storage';
import { base64url, fromBase64url, hmacKey, randomBytes, sha256, signJwt } from '../shared/crypto.js';

/** The HMAC secret (base64url), made by the first server process that needs it. */
const SECRET = 'typedb/token-secret';
/** `<token hash>`: a `TokenRecord` per token in force. */
const TOKENS = 'typedb/tokens/';
/** `<username>/<token hash>`: each user's tokens and their expiry, to revoke them or prune the expired. */
const USER_TOKENS = 'typedb/user-tokens/';

interface TokenRecord {
  username: string;
  /** Seconds since the epoch, as the token's `exp`. */
  expiresAt: number;
}

/**
 * API tokens as the TypeDB server issues them: HS256 JWTs (`sub`, `iat`, `exp` in seconds), valid
 * until they expire or their user's password changes or the user is deleted. TypeDB keeps them in
 * memory; here they are on the storage engine, so that every server process sharing it accepts
 * them and a revocation on one reaches all. (They therefore also outlive a restart.) Only each
 * token's SHA-256 is stored, so reading the storage does not give usable tokens. Checking a token
 * is one storage read: only tokens issued here are stored, so signatures need no second check.
 */
export class TokenIssuer {
  private constructor(
    private readonly storage: StorageEngine,
    private readonly key: CryptoKey,
    private readonly lifetimeSeconds: number,
    private readonly now: () => number,
  ) {}

  /** With no `secret`, the one stored for all processes (made if absent). */
  static async create(options: {
    storage: StorageEngine;
    secret?: Uint8Array;
    lifetimeSeconds: number;
    now: () => number;
  }): Promise<TokenIssuer> {
    const key = await hmacKey(options.secret ?? (await sharedSecret(options.storage)));
    return new TokenIssuer(options.storage, key, options.lifetimeSeconds, options.now);
  }

  async issue(username: string): Promise<string> {
    const issuedAt = this.seconds();
    const expiresAt = issuedAt + this.lifetimeSeconds;
    const token = await signJwt(this.key, { sub: username, iat: issuedAt, exp: expiresAt });
    const hash = await tokenHash(token);
    await transactWithRetry(this.storage, async (tx) => {
      await putJson(tx, TOKENS + hash, { username, expiresAt } satisfies TokenRecord);
      await putJson(tx, `${USER_TOKENS}${username}/${hash}`, expiresAt);
    });
    await this.pruneExpired(username);
    return token;
  }

  /** The token's user, or `undefined` for a forged, expired or revoked token. */
  async verify(token: string): Promise<string | undefined> {
    const key = TOKENS + (await tokenHash(token));
    const record = await transactWithRetry(this.storage, (tx) => getJson<TokenRecord>(tx, key));
    if (!record || record.expiresAt <= this.seconds()) return undefined;
    return record.username;
  }

  async revokeAll(username: string): Promise<void> {
    const prefix = `${USER_TOKENS}${username}/`;
    await transactWithRetry(this.storage, async (tx) => {
      for (const { key } of await tx.scan({ prefix })) {
        await tx.delete(key);
        await tx.delete(TOKENS + key.slice(prefix.length));
      }
    });
  }

  /** Removes the user's expired tokens, so they do not pile up on the storage engine. */
  private async pruneExpired(username: string): Promise<void> {
    const prefix = `${USER_TOKENS}${username}/`;
    const now = this.seconds();
    try {
      await this.storage.transact(async (tx) => {
        for (const { key, value: expiresAt } of await scanJson<number>(tx, { prefix })) {
          if (expiresAt > now) continue;
          await tx.delete(key);
          await tx.delete(TOKENS + key.slice(prefix.length));
        }
      });
    } catch (error) {
      // Housekeeping only: losing to a concurrent sign-in or revocation is fine; the next sign-in prunes.
      if (!(error instanceof ConflictError)) throw error;
    }
  }

  private seconds(): number {
    return Math.floor(this.now() / 1000);
  }
}

/** Hashes of recently seen tokens: Web Crypto's digest is asynchronous and costs more than the storage read. */
const recentHashes = new Map<string, string>();
const RECENT_HASHES = 10_000;

/** The token's SHA-256 (base64url), its key on the storage engine. */
async function tokenHash(token: string): Promise<string> {
  let hash = recentHashes.get(token);
  if (hash === undefined) {
    hash = base64url(await sha256(token));
    // Forget the oldest (a Map iterates in insertion order) rather than grow without bound.
    if (recentHashes.size >= RECENT_HASHES) recentHashes.delete(recentHashes.keys().next().value as string);
    recentHashes.set(token, hash);
  }
  return hash;
}

/** The secret every process sharing the storage engine signs with; the first one to start makes it. */
async function sharedSecret(storage: StorageEngine): Promise<Uint8Array> {
  const stored = await transactWithRetry(storage, async (tx) => {
    const existing = await getJson<string>(tx, SECRET);
    if (existing !== undefined) return existing;
    const made = base64url(randomBytes(64));
    await putJson(tx, SECRET, made);
    return made;
  });
  return fromBase64url(stored);
}
