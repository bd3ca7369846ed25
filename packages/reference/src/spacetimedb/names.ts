import { parseIdentity } from './identity.js';

/**
 * Database names: `[a-z0-9]` and `-`, every `-` followed by `[a-z0-9]` (no leading, trailing or
 * doubled hyphen), 1 to `MAX_NAME_LENGTH` characters, and not something that reads as an identity.
 */
const NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** The longest name (the product's older DNS-style names allowed 64 characters per segment). */
export const MAX_NAME_LENGTH = 64;

/** Why `name` is not a database name, or `undefined` when it is one. */
export function nameProblem(name: string): string | undefined {
  if (name === '') return 'a database name must not be empty';
  if (name.length > MAX_NAME_LENGTH) {
    return `a database name must be at most ${MAX_NAME_LENGTH} characters long (this one has ${name.length})`;
  }
  if (parseIdentity(name) !== undefined) return 'a database name must not be an identity';
  if (!NAME.test(name)) return 'database names may contain only a-z, 0-9 and single hyphens between them';
  return undefined;
}

/** What a `{name_or_identity}` path parameter names. */
export type DatabaseTarget = { kind: 'identity'; identity: string } | { kind: 'name'; name: string };

/**
 * Reads `{name_or_identity}`: 64 hex digits (an optional `0x`) are an identity, anything else a
 * name (the spec's pattern has refused what is neither before a handler runs; a name too long for
 * the pattern's length limit is checked with `nameProblem` where it matters).
 */
export function parseTarget(text: string): DatabaseTarget {
  const identity = parseIdentity(text);
  return identity === undefined ? { kind: 'name', name: text } : { kind: 'identity', identity };
}
