import { stringifyJson } from '@dbwire/json';

/**
 * JSON with object keys sorted at every level and no whitespace, integers beyond 2^53 written
 * exactly: one text per value, so two requests that mean the same thing fingerprint the same.
 * (The write daemon's `canonicalJson` predates bigint bodies; this one is for lossless bindings.)
 */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return stringifyJson(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, member]) => member !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(',')}}`;
}
