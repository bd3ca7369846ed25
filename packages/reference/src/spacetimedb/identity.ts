import { bytesToHex } from '@dbwire/spacetimedb-sats';
import { blake3 } from '@noble/hashes/blake3.js';

/**
 * SpacetimeDB identities: 256-bit numbers, written as 64 lowercase hex digits (big-endian), that
 * the server derives from a token's issuer and subject. Derived ones always start `c200`.
 */

const IDENTITY_HEX = /^(?:0x)?([0-9a-fA-F]{64})$/;
const encoder = new TextEncoder();

/** `c2 00`: the prefix of every identity derived from claims. */
const PREFIX = [0xc2, 0x00];

/**
 * The identity of `issuer` and `subject` (SpacetimeDB's `Identity::from_claims`):
 * `h = blake3(issuer "|" subject)`, `id = h[0..26]`, `checksum = blake3(c2 00 ++ id)[0..4]`,
 * identity (big-endian) = `c2 00 ++ checksum ++ id`.
 */
export function identityFromClaims(issuer: string, subject: string): string {
  const id = blake3(encoder.encode(`${issuer}|${subject}`)).subarray(0, 26);
  const checksum = blake3(Uint8Array.from([...PREFIX, ...id])).subarray(0, 4);
  return bytesToHex(Uint8Array.from([...PREFIX, ...checksum, ...id]));
}

/** The identity in `text` (64 hex digits, an optional `0x`) as 64 lowercase hex digits, or `undefined`. */
export function parseIdentity(text: string): string | undefined {
  return IDENTITY_HEX.exec(text)?.[1]?.toLowerCase();
}

/** A random RFC 4122 version-4 UUID (the `sub` of minted identities). */
export function randomUuid(): string {
  return crypto.randomUUID();
}
