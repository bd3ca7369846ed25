import { clipForMessage } from '@dbwire/spacetimedb-sats';

/**
 * The one error the SQL engine throws: a statement that does not parse, does not type-check, names
 * something the caller cannot see, or is not allowed for the caller. The HTTP layer answers it
 * with 400 and `message` as plain text, as SpacetimeDB does.
 */
export class SqlError extends Error {
  override readonly name = 'SqlError';
  readonly status = 400;
}

/** Where a token starts in the SQL text, for error messages (1-based, like editors count). */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

function describePosition(position: SourcePosition): string {
  return `at line ${position.line}, column ${position.column}`;
}

/**
 * Part of the statement as an error message quotes it: at most 100 characters, then `…`
 * (a megabyte-long name or literal is not echoed back).
 */
export function echo(text: string): string {
  return clipForMessage(text);
}

/** A syntax error or an unsupported construct, with where it was found. */
export function syntaxError(message: string, position: SourcePosition): SqlError {
  return new SqlError(`${message} ${describePosition(position)}`);
}
