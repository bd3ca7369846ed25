import { blake3 } from '@noble/hashes/blake3.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/**
 * What the suites compute on their own to check a server's identities, tokens and module hashes:
 * SpacetimeDB's identity derivation from a token's issuer and subject, a JWT's claims, ES256
 * signatures against the server's public key, and the Keccak-256 hash of module bytes.
 */

/** The claims of a JWT (its middle part), undecoded signature aside. */
export function jwtClaims(token: string): Record<string, unknown> {
  const [, payload] = token.split('.');
  if (payload === undefined) throw new Error(`not a JWT: ${token.slice(0, 20)}…`);
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/**
 * The identity SpacetimeDB derives from `iss` and `sub`: `h = blake3(iss|sub)`, `id = h[0..26]`,
 * `cs = blake3(c2 00 ++ id)`, identity = `c2 00 ++ cs[0..4] ++ id`, as 64 lowercase hex digits.
 */
export function identityFromIssuerAndSubject(issuer: string, subject: string): string {
  const id = blake3(new TextEncoder().encode(`${issuer}|${subject}`)).slice(0, 26);
  const prefix = new Uint8Array([0xc2, 0x00]);
  const checksum = blake3(new Uint8Array([...prefix, ...id])).slice(0, 4);
  return bytesToHex(new Uint8Array([...prefix, ...checksum, ...id]));
}

/** Whether the token's ES256 signature verifies with the public key in `pem` (SPKI). */
export async function es256SignatureValid(token: string, pem: string): Promise<boolean> {
  const [header, payload, signature] = token.split('.');
  if (header === undefined || payload === undefined || signature === undefined) return false;
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  const key = await crypto.subtle.importKey('spki', der, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
  return crypto.subtle.verify(
    { name: 'ECDSA', hash: 'SHA-256' },
    key,
    Buffer.from(signature, 'base64url'),
    new TextEncoder().encode(`${header}.${payload}`),
  );
}

/** The Keccak-256 hash of module bytes as 64 lowercase hex digits (`initial_program`). */
export function moduleHash(bytes: Uint8Array): string {
  return bytesToHex(keccak_256(bytes));
}

/** The token with its signature changed (one character), so it no longer verifies. */
export function withForgedSignature(token: string): string {
  const cut = token.lastIndexOf('.');
  const signature = token.slice(cut + 1);
  const first = signature[0] === 'A' ? 'B' : 'A';
  return `${token.slice(0, cut + 1)}${first}${signature.slice(1)}`;
}
