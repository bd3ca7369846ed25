import { MemoryEngine } from '@dbwire/storage';
import { blake3 } from '@noble/hashes/blake3.js';
import { describe, expect, it, vi } from 'vitest';
import { fromBase64url } from '../../src/shared/crypto.js';
import { identityFromClaims, parseIdentity } from '../../src/spacetimedb/identity.js';
import { TokenError, TokenIssuer } from '../../src/spacetimedb/tokens.js';

const encoder = new TextEncoder();
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** A token's payload, decoded. */
function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(new TextDecoder().decode(fromBase64url(token.split('.')[1] as string)));
}

async function refusal(issuer: TokenIssuer, token: string): Promise<TokenError> {
  const error = await issuer.verify(token).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(TokenError);
  return error as TokenError;
}

describe('SpacetimeDB identities and tokens', () => {
  it('derives an identity from issuer and subject as the product does (blake3, c200 prefix, checksum)', () => {
    const issuer = 'localhost';
    const subject = '6d0b7f1e-2c4a-4f0b-9d1e-3a5b7c9d1e2f';
    const id = blake3(encoder.encode(`${issuer}|${subject}`)).slice(0, 26);
    const checksum = blake3(new Uint8Array([0xc2, 0x00, ...id])).slice(0, 4);
    const expected = `c200${hex(checksum)}${hex(id)}`;
    expect(expected).toHaveLength(64);
    expect(identityFromClaims(issuer, subject)).toBe(expected);
    expect(identityFromClaims('other', subject)).not.toBe(expected);
    expect(parseIdentity(`0x${expected.toUpperCase()}`)).toBe(expected);
    expect(parseIdentity('c200')).toBeUndefined();
  });

  it('mints ES256 tokens whose claims prove the identity, and verifies them', async () => {
    const issuer = await TokenIssuer.create(new MemoryEngine());
    const { identity, token } = await issuer.mint();
    expect(identity).toMatch(/^c200[0-9a-f]{60}$/);
    const header = JSON.parse(new TextDecoder().decode(fromBase64url(token.split('.')[0] as string)));
    expect(header.alg).toBe('ES256');
    const claims = claimsOf(token);
    expect(claims).toMatchObject({ hex_identity: identity, iss: 'localhost', aud: ['spacetimedb'] });
    expect(claims.sub).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(claims.exp).toBeUndefined();
    expect(identityFromClaims('localhost', claims.sub as string)).toBe(identity);
    expect((await issuer.verify(token)).identity).toBe(identity);
  });

  it('publishes a PEM public key that checks the signatures offline', async () => {
    const issuer = await TokenIssuer.create(new MemoryEngine());
    const { token } = await issuer.mint();
    const pem = await issuer.publicKeyPem();
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+-----END PUBLIC KEY-----\n$/);
    const der = Buffer.from(pem.replace(/-----[A-Z ]+-----|\n/g, ''), 'base64');
    const key = await crypto.subtle.importKey('spki', der, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const valid = await crypto.subtle.verify(
      { name: 'ECDSA', hash: 'SHA-256' },
      key,
      fromBase64url(signature) as BufferSource,
      encoder.encode(`${header}.${payload}`),
    );
    expect(valid).toBe(true);
  });

  it('keeps one key pair per storage engine, so servers sharing it accept each other’s tokens', async () => {
    const storage = new MemoryEngine();
    const [first, second] = await Promise.all([TokenIssuer.create(storage), TokenIssuer.create(storage)]);
    const { token, identity } = await first.mint();
    expect((await second.verify(token)).identity).toBe(identity);
    const stranger = await TokenIssuer.create(new MemoryEngine());
    const refused = await refusal(stranger, token);
    expect(refused.status).toBe(401);
    expect(refused.message).toContain('not signed by this instance');
  });

  it('refuses malformed tokens with 400 and invalid ones with 401', async () => {
    let nowMs = Date.UTC(2026, 0, 1);
    const issuer = await TokenIssuer.create(new MemoryEngine(), () => nowMs);
    const { token, claims } = await issuer.mint();
    expect((await refusal(issuer, 'not-a-jwt')).status).toBe(400);
    expect((await refusal(issuer, 'a.b.c')).status).toBe(400);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const flipped = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    expect((await refusal(issuer, `${header}.${payload}.${flipped}`)).status).toBe(401);
    const hs256 = Buffer.from(JSON.stringify({ typ: 'JWT', alg: 'HS256' })).toString('base64url');
    expect((await refusal(issuer, `${hs256}.${payload}.${signature}`)).status).toBe(401);

    const wrongIdentity = await issuer.websocketToken({ ...claims, hex_identity: `c200${'0'.repeat(60)}` });
    const mismatch = await refusal(issuer, wrongIdentity);
    expect(mismatch.status).toBe(401);
    expect(mismatch.message).toContain('hex_identity');

    const websocket = await issuer.websocketToken(claims);
    expect(claimsOf(websocket).exp).toBe(Math.floor(nowMs / 1000) + 60);
    expect((await issuer.verify(websocket)).identity).toBe(claims.hex_identity);
    nowMs += 61_000;
    expect((await refusal(issuer, websocket)).status).toBe(401);
    expect((await issuer.verify(token)).identity).toBe(claims.hex_identity);
  });

  it('remembers verified tokens: no second signature check, expiry still enforced, at most 1,000 kept', async () => {
    let nowMs = Date.UTC(2026, 0, 1);
    const issuer = await TokenIssuer.create(new MemoryEngine(), () => nowMs);
    const minted = await Promise.all(Array.from({ length: 1_001 }, () => issuer.mint()));
    const [first, second] = minted as [(typeof minted)[0], (typeof minted)[0]];
    const websocket = await issuer.websocketToken(first.claims);
    const checks = vi.spyOn(crypto.subtle, 'verify');
    try {
      expect((await issuer.verify(first.token)).identity).toBe(first.identity);
      expect((await issuer.verify(first.token)).identity).toBe(first.identity);
      expect((await issuer.verify(websocket)).identity).toBe(first.identity);
      expect((await issuer.verify(websocket)).identity).toBe(first.identity);
      expect(checks).toHaveBeenCalledTimes(2);
      // A remembered websocket token still expires.
      nowMs += 61_000;
      expect((await refusal(issuer, websocket)).status).toBe(401);
      // Filling the cache pushes out the least recently used token (`second`, verified once, never again).
      await issuer.verify(second.token);
      for (const { token } of minted.slice(2)) await issuer.verify(token);
      await issuer.verify(first.token);
      checks.mockClear();
      await issuer.verify(first.token);
      expect(checks).toHaveBeenCalledTimes(0);
      await issuer.verify(second.token);
      expect(checks).toHaveBeenCalledTimes(1);
    } finally {
      checks.mockRestore();
    }
  });
});
