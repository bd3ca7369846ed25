import type { components } from '@dbwire/server-stubs/typedb';
import type { DatabaseStates } from './databases.js';
import { answersLimitedWarning, errors } from './errors.js';
import type { OpenTransaction, TransactionRegistry, TransactionStart } from './transactions.js';
import type { QueryOptions, TypeQLEngine } from './typeql/api.js';
import { TypeQLError } from './typeql/errors.js';

export const DEFAULT_ANSWER_COUNT_LIMIT = 10_000;

export interface RequestedQueryOptions {
  includeInstanceTypes?: boolean | null;
  answerCountLimit?: number | null;
  includeQueryStructure?: boolean | null;
}

/**
 * Runs TypeQL inside transactions with TypeDB's rules: which queries a transaction type allows,
 * which failures close the transaction, answer limits, deadlines, and commits.
 */
export class QueryService {
  constructor(
    private readonly engine: TypeQLEngine,
    private readonly states: DatabaseStates,
    private readonly transactions: TransactionRegistry,
    private readonly now: () => number,
  ) {}

  /**
   * How a transaction on `database` starts: from the latest committed snapshot (made by any
   * process); 404 `TSV1` if the database does not exist.
   */
  starter(database: string): () => Promise<TransactionStart> {
    return async () => {
      const state = await this.states.current(database);
      if (!state) throw errors.openOnMissingDatabase(database);
      const { snapshot, incarnation } = state;
      return { work: this.engine.begin(snapshot), startVersion: snapshot.version, incarnation };
    };
  }

  /** Runs one query; the answer is 200, or 206 when cut at `answerCountLimit`. */
  run(transaction: OpenTransaction, text: string, requested: RequestedQueryOptions | undefined) {
    const query = this.parse(text);
    const queryType = this.engine.queryType(query);
    // A query the transaction type does not allow is refused before it runs; the transaction stays open.
    if (queryType === 'schema' && transaction.type !== 'schema') throw errors.schemaQueryNeedsSchemaTransaction();
    if (queryType === 'write' && transaction.type === 'read') throw errors.writeQueryNeedsWriteTransaction();
    const options: QueryOptions = {
      includeInstanceTypes: requested?.includeInstanceTypes ?? true,
      answerCountLimit: requested?.answerCountLimit ?? DEFAULT_ANSWER_COUNT_LIMIT,
    };
    let answer: ReturnType<OpenTransaction['work']['execute']>;
    try {
      answer = transaction.work.execute(query, options);
    } catch (error) {
      if (!(error instanceof TypeQLError)) throw error;
      // As in TypeDB: failing writes and schema queries, and reads failing while running, close
      // the transaction; a read that fails to compile leaves it open.
      if (queryType === 'schema') {
        this.transactions.close(transaction.id);
        throw errors.schemaQueryFailed(error.levels);
      }
      if (queryType === 'write') {
        this.transactions.close(transaction.id);
        throw errors.queryFailed(error.levels);
      }
      if (error.phase === 'execute') {
        this.transactions.close(transaction.id);
        throw errors.readExecutionFailed(error.levels);
      }
      throw errors.queryFailed(error.levels);
    }
    if (this.now() > transaction.deadline) {
      this.transactions.close(transaction.id);
      throw errors.transactionTimeout();
    }
    // The engine builds answers to the spec's concept and document shapes (checked against the
    // spec in test mode); the union of answer types is not expressible from its side.
    const body = {
      queryType: answer.queryType,
      answerType: answer.answerType,
      answers: answer.answers,
      query: null,
      warning: answer.truncated ? answersLimitedWarning(options.answerCountLimit, queryType === 'write') : null,
    } as components['schemas']['QueryResponse'];
    return { queryType, response: { status: answer.truncated ? (206 as const) : (200 as const), body } };
  }

  /**
   * Commits and closes the transaction (also when the commit fails): validation, isolation check
   * against concurrent commits, then the changes are stored and published.
   */
  async commit(transaction: OpenTransaction, oneShot: boolean): Promise<void> {
    const release = this.transactions.take(transaction.id);
    try {
      if (transaction.type === 'read') throw errors.readCannotCommit();
      try {
        transaction.work.validate();
      } catch (error) {
        if (error instanceof TypeQLError) {
          throw errors.commitFailed(error.levels, transaction.type === 'schema', oneShot);
        }
        throw error;
      }
      await this.states.commit(transaction.database, transaction, transaction.work.changes(), () =>
        this.transactions.oldestOpenVersion(transaction.database),
      );
    } finally {
      release();
    }
  }

  private parse(text: string) {
    try {
      return this.engine.parse(text);
    } catch (error) {
      if (error instanceof TypeQLError) throw errors.queryFailed(error.levels);
      throw error;
    }
  }
}
