import type { TypeDBErrorLevel } from '@dbwire/server-stubs/typedb';

/**
 * Where a query failed. The HTTP layer decides the transaction's fate from it, as TypeDB does:
 * parse and compile errors leave the transaction open for reads; a failing write or schema query,
 * or a read that fails while running, closes it.
 */
export type QueryPhase = 'parse' | 'compile' | 'execute' | 'commit';

/**
 * An error in a TypeQL query or commit, with TypeDB's code for the root cause and the chain of
 * levels the engine itself adds (root first, e.g. `[['TQL0', ...], ['QEX1', 'Failed to parse TypeQL query.']]`).
 * The HTTP layer appends the transaction-service levels (`TSV11`, `HSR16`, ...).
 */
export class TypeQLError extends Error {
  override readonly name = 'TypeQLError';

  constructor(
    readonly phase: QueryPhase,
    readonly levels: TypeDBErrorLevel[],
  ) {
    super(levels.map(([code, description]) => `[${code}] ${description}`).join('\n'));
  }

  /** The root cause's code, which TypeDB reports as the error's `code`. */
  get code(): string {
    return this.levels[0]?.[0] ?? 'QEX0';
  }
}
