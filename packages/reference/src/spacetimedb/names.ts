import { spacetimedbError } from '@dbwire/server-stubs/spacetimedb';
import { parseIdentity } from './identity.js';

/**
 * Database names: `[a-z0-9]` and `-`, every `-` followed by `[a-z0-9]` (no leading, trailing or
 * doubled hyphen), not empty, and not something that reads as an identity.
 */
const NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Why `name` is not a database name, or `undefined` when it is one. */
export function nameProblem(name: string): string | undefined {
  if (name === '') return 'a database name must not be empty';
  if (parseIdentity(name) !== undefined) return 'a database name must not be an identity';
  if (!NAME.test(name)) return 'database names may contain only a-z, 0-9 and single hyphens between them';
  return undefined;
}

/** What a `{name_or_identity}` path parameter names. */
export type DatabaseTarget = { kind: 'identity'; identity: string } | { kind: 'name'; name: string };

/** Reads `{name_or_identity}`: 64 hex digits (an optional `0x`) are an identity, else a valid name, else 400. */
export function parseTarget(text: string): DatabaseTarget {
  const identity = parseIdentity(text);
  if (identity !== undefined) return { kind: 'identity', identity };
  const problem = nameProblem(text);
  if (problem !== undefined) throw spacetimedbError(400, `Error parsing \`${text}\`: ${problem}`);
  return { kind: 'name', name: text };
}
