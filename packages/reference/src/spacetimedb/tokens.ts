import { getJson, putJson, type StorageEngine } from '@dbwire/storage';
import { base64url, fromBase64url } from '../shared/crypto.js';
import { transactRequest } from '../shared/transact.js';
import { identityFromClaims, randomUuid } from './identity.js';

/**
 * SpacetimeDB tokens: ES256 JWTs (ECDSA P-256 with SHA-256; the JWS signature is the raw `r||s`,
 * which is also what Web Crypto produces) signed with the server's own key pair. The pair is kept
 * on the storage engine, made in one transaction by the first server, so that every server over
 * one database signs and accepts the same tokens, across restarts too.
 */

/** The issuer of every token this server mints (the product's standalone server uses it too). */
export const LOCAL_ISSUER = 'localhost';
/** Lifetime of a websocket token. */
export const WEBSOCKET_TOKEN_SECONDS = 60;
const KEY_PAIR_KEY = 'spacetimedb/keys/jwt';
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export interface TokenClaims {
  hex_identity: string;
  sub: string;
  iss: string;
  aud: string[];
  /** Seconds since the epoch. */
  iat: number;
  exp?: number;
  /** Claims a token may carry besides these (kept when re-signed). */
  [claim: string]: unknown;
}

/** Why a token is refused, with the status and text the server answers. */
export class TokenError extends Error {
  override readonly name = 'TokenError';
  constructor(
    readonly status: 400 | 401,
    message: string,
  ) {
    super(message);
  }
}

export const MALFORMED_TOKEN = 'Authorization is invalid: malformed token';
/**
 * Tokens whose check succeeded, remembered so a client sending the same token again skips the
 * ECDSA verification and hashing (most of the cost of a small request). Least recently used first.
 */
const VERIFIED_TOKENS = 1_000;

interface Verified {
  identity: string;
  claims: TokenClaims;
}

interface StoredKeyPair {
  privateKey: JsonWebKey;
  publicKey: JsonWebKey;
}

export class TokenIssuer {
  private readonly verified = new Map<string, Verified>();

  private constructor(
    private readonly privateKey: CryptoKey,
    private readonly publicKey: CryptoKey,
    private readonly now: () => number,
  ) {}

  /** The issuer over the key pair kept on `storage` (made now if there is none yet). */
  static async create(storage: StorageEngine, now: () => number = Date.now): Promise<TokenIssuer> {
    const stored = await storedKeyPair(storage);
    const privateKey = await crypto.subtle.importKey('jwk', stored.privateKey, ALGORITHM, false, ['sign']);
    const publicKey = await crypto.subtle.importKey('jwk', stored.publicKey, ALGORITHM, true, ['verify']);
    return new TokenIssuer(privateKey, publicKey, now);
  }

  /** A new identity (issuer `localhost`, a random UUIDv4 subject) and a token for it that never expires. */
  async mint(): Promise<{ identity: string; token: string; claims: TokenClaims }> {
    const sub = randomUuid();
    const identity = identityFromClaims(LOCAL_ISSUER, sub);
    const claims: TokenClaims = {
      hex_identity: identity,
      sub,
      iss: LOCAL_ISSUER,
      aud: ['spacetimedb'],
      iat: this.seconds(),
    };
    return { identity, token: await this.sign(claims), claims };
  }

  /** The same claims signed again with an expiry `WEBSOCKET_TOKEN_SECONDS` from now. */
  async websocketToken(claims: TokenClaims): Promise<string> {
    const iat = this.seconds();
    return this.sign({ ...claims, iat, exp: iat + WEBSOCKET_TOKEN_SECONDS });
  }

  /**
   * The claims of a token this server signed, or a `TokenError` saying why it is refused. A token
   * verified before is answered from memory, until it expires (websocket tokens do).
   */
  async verify(token: string): Promise<Verified> {
    const known = this.verified.get(token);
    if (known !== undefined) {
      this.verified.delete(token);
      if (!this.isExpired(known.claims)) {
        this.verified.set(token, known);
        return known;
      }
    }
    const result = await this.check(token);
    this.verified.set(token, result);
    if (this.verified.size > VERIFIED_TOKENS) {
      const oldest = this.verified.keys().next().value;
      if (oldest !== undefined) this.verified.delete(oldest);
    }
    return result;
  }

  private isExpired(claims: TokenClaims): boolean {
    return claims.exp !== undefined && (typeof claims.exp !== 'number' || claims.exp <= this.seconds());
  }

  private async check(token: string): Promise<Verified> {
    const parts = token.split('.');
    if (parts.length !== 3) throw new TokenError(400, MALFORMED_TOKEN);
    const [headerText, payloadText, signatureText] = parts as [string, string, string];
    const header = decodeSegment(headerText);
    const claims = decodeSegment(payloadText);
    let signature: Uint8Array;
    try {
      signature = fromBase64url(signatureText);
    } catch {
      throw new TokenError(400, MALFORMED_TOKEN);
    }
    if (header.alg !== 'ES256') {
      throw new TokenError(401, `Authorization failed: tokens signed with ${String(header.alg)} are not accepted`);
    }
    const valid =
      signature.byteLength === 64 &&
      (await crypto.subtle.verify(
        SIGNING,
        this.publicKey,
        signature as BufferSource,
        encoder.encode(`${headerText}.${payloadText}`),
      ));
    if (!valid) throw new TokenError(401, 'Authorization failed: token not signed by this instance');
    const { iss, sub } = claims;
    if (!isClaimText(iss) || !isClaimText(sub)) {
      throw new TokenError(401, 'Authorization failed: the token needs `iss` and `sub` of 1 to 128 bytes');
    }
    if (this.isExpired(claims as TokenClaims)) {
      throw new TokenError(401, 'Authorization failed: the token has expired');
    }
    const identity = identityFromClaims(iss, sub);
    if (claims.hex_identity !== undefined && claims.hex_identity !== identity) {
      throw new TokenError(
        401,
        `Authorization failed: the token's hex_identity ${String(claims.hex_identity)} does not match its identity ${identity}`,
      );
    }
    return { identity, claims: { ...claims, hex_identity: identity } as TokenClaims };
  }

  /** The public key as PEM (SubjectPublicKeyInfo), to check signatures offline. */
  async publicKeyPem(): Promise<string> {
    const der = new Uint8Array(await crypto.subtle.exportKey('spki', this.publicKey));
    const base64 = btoa(String.fromCharCode(...der));
    const lines = base64.match(/.{1,64}/g) ?? [];
    return `-----BEGIN PUBLIC KEY-----\n${lines.join('\n')}\n-----END PUBLIC KEY-----\n`;
  }

  private async sign(claims: TokenClaims): Promise<string> {
    const header = base64url(encoder.encode(JSON.stringify({ typ: 'JWT', alg: 'ES256' })));
    const payload = base64url(encoder.encode(JSON.stringify(claims)));
    const signature = await crypto.subtle.sign(SIGNING, this.privateKey, encoder.encode(`${header}.${payload}`));
    return `${header}.${payload}.${base64url(new Uint8Array(signature))}`;
  }

  private seconds(): number {
    return Math.floor(this.now() / 1000);
  }
}

function isClaimText(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const length = encoder.encode(value).byteLength;
  return length >= 1 && length <= 128;
}

/** A JWS segment's JSON object; anything else makes the token malformed. */
function decodeSegment(segment: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(decoder.decode(fromBase64url(segment)));
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // Falls through to the refusal.
  }
  throw new TokenError(400, MALFORMED_TOKEN);
}

async function storedKeyPair(storage: StorageEngine): Promise<StoredKeyPair> {
  // Made outside the transaction (key generation is slow); a concurrent first server may win the
  // race, and then everyone uses its pair.
  const existing = await storage.transact((tx) => getJson<StoredKeyPair>(tx, KEY_PAIR_KEY));
  if (existing !== undefined) return existing;
  const pair = (await crypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
  const made: StoredKeyPair = {
    privateKey: await crypto.subtle.exportKey('jwk', pair.privateKey),
    publicKey: await crypto.subtle.exportKey('jwk', pair.publicKey),
  };
  return transactRequest(storage, async (tx) => {
    const stored = await getJson<StoredKeyPair>(tx, KEY_PAIR_KEY);
    if (stored !== undefined) return stored;
    await putJson(tx, KEY_PAIR_KEY, made);
    return made;
  });
}
