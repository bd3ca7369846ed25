import { bytesToHex, type RawModuleDefV9 } from '@dbwire/spacetimedb-sats';

/**
 * The module definition as `/schema?version=9` serves it. The decoded definition is already its
 * SATS-JSON but for bytes (a column default's BSATN), which SATS-JSON writes as hex; i128 bounds
 * stay bigints, which the API's lossless JSON writes digit for digit.
 */
export function schemaJson(def: RawModuleDefV9): unknown {
  return withHexBytes(def);
}

function withHexBytes(value: unknown): unknown {
  if (value instanceof Uint8Array) return bytesToHex(value);
  if (Array.isArray(value)) return value.map(withHexBytes);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, withHexBytes(member)]));
  }
  return value;
}
