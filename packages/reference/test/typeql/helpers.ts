import type { DatabaseSnapshot, QueryAnswer, TransactionState } from '../../src/typedb/typeql/api.js';
import { typeqlEngine } from '../../src/typedb/typeql/engine.js';
import { TypeQLError } from '../../src/typedb/typeql/errors.js';

export const engine = typeqlEngine;
export const OPTIONS = { includeInstanceTypes: true, answerCountLimit: 10_000 };

/** A tiny database: runs queries in transactions and commits them like the handlers do. */
export class TestDatabase {
  snapshot: DatabaseSnapshot = engine.emptyDatabase();
  readonly records = new Map<string, unknown>();

  begin(): TransactionState {
    return engine.begin(this.snapshot);
  }

  /** Runs queries in one transaction and commits it. Returns the last answer. */
  run(...queries: string[]): QueryAnswer {
    const tx = this.begin();
    let answer: QueryAnswer | undefined;
    for (const q of queries) answer = tx.execute(engine.parse(q), OPTIONS);
    this.commit(tx);
    return answer as QueryAnswer;
  }

  commit(tx: TransactionState): void {
    tx.validate();
    const changes = tx.changes();
    for (const [k, v] of changes.records) {
      if (v === undefined) this.records.delete(k);
      else this.records.set(k, structuredClone(v));
    }
    this.snapshot = engine.apply(this.snapshot, changes);
  }

  /** Runs a read query on the committed state. */
  read(query: string, options = OPTIONS): QueryAnswer {
    return this.begin().execute(engine.parse(query), options);
  }

  rows(query: string): Array<Record<string, unknown>> {
    return (this.read(query).answers as Array<{ data: Record<string, unknown> }>).map((r) => r.data);
  }

  docs(query: string): unknown[] {
    return this.read(query).answers as unknown[];
  }
}

/** The error a function throws, asserting it is a TypeQLError. */
export function typeqlError(fn: () => unknown): TypeQLError {
  try {
    fn();
  } catch (error) {
    if (error instanceof TypeQLError) return error;
    throw new Error(`expected a TypeQLError, got ${String(error)}`);
  }
  throw new Error('expected an error');
}

export const SOCIAL = `define
  attribute name, value string;
  attribute email, value string;
  attribute age, value integer;
  entity person, owns name @key, owns email @card(0..), owns age, plays friendship:friend;
  relation friendship, relates friend @card(0..);`;
