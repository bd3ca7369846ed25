/**
 * The TypeQL engine the TypeDB handlers use (see api.ts): parsing, snapshots, transactions,
 * query execution and answers.
 */
import type {
  ChangeSet,
  DatabaseSnapshot,
  QueryAnswer,
  QueryOptions,
  QueryType,
  TransactionState,
  TypeQLEngine,
} from './api.js';
import type { PipelineQuery, Query } from './ast.js';
import { internalError } from './codes.js';
import type { Context } from './context.js';
import { type Entry, Graph, IdAllocator } from './data.js';
import {
  applyChanges,
  applyRecords,
  asSnapshot,
  changeSetOf,
  type EngineChangeSet,
  emptySnapshot,
  loadSnapshot,
  type Snapshot,
} from './database.js';
import { applySchemaQuery } from './define.js';
import { encodeRow } from './encode.js';
import { TypeQLError } from './errors.js';
import { checkFetch } from './fetch-check.js';
import { formatSchema } from './format.js';
import { checkStageLabels } from './labels.js';
import { Layer } from './layers.js';
import { parseQuery } from './parser.js';
import { checkPipeline, emptyRow, isWritePipeline, runStages } from './pipeline.js';
import type { Schema } from './schema.js';
import {
  allInstances,
  cleanup,
  emptyTracking,
  validateInstances,
  validateSchema,
  validateUniqueness,
} from './validate.js';

function queryType(query: Query): QueryType {
  if (query.kind === 'schema') return 'schema';
  return isWritePipeline(query) ? 'write' : 'read';
}

/** Runs `fn`, turning any non-TypeQLError (a bug) into a TypeQLError so no input can crash the server. */
function guarded<T>(phase: 'execute' | 'commit', fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof TypeQLError) throw error;
    throw internalError(error, phase);
  }
}

export class EngineTransaction implements TransactionState {
  private schema: Schema;
  private schemaChanged = false;
  private readonly graph: Graph;
  private tracking = emptyTracking();
  /** Candidate instances the last query's matcher looked at (for tests of index use). */
  lastVisited = 0;

  constructor(private readonly snapshot: Snapshot) {
    this.schema = snapshot.schema;
    this.graph = new Graph(snapshot.layers, new Layer<Entry>());
  }

  private context(writePipeline: boolean): Context {
    const ids = this.snapshot.ids;
    return {
      schema: this.schema,
      graph: this.graph,
      allocate: (prefix) => ids.allocate(prefix),
      tracking: this.tracking,
      writePipeline,
      stats: { visited: 0 },
    };
  }

  execute(query: Query, options: QueryOptions): QueryAnswer {
    return guarded('execute', () => {
      if (query.kind === 'schema') {
        this.schema = applySchemaQuery(this.schema, query, this.graph);
        this.schemaChanged = true;
        return { queryType: 'schema', answerType: 'ok', answers: null, truncated: false };
      }
      return this.executePipeline(query, options);
    });
  }

  private executePipeline(query: PipelineQuery, options: QueryOptions): QueryAnswer {
    const write = isWritePipeline(query);
    checkPipeline(query.stages);
    checkStageLabels(query.stages, this.schema);
    const ctx = this.context(write);
    checkFetch(query.stages, ctx);
    const result = runStages(query.stages, ctx, [emptyRow()]);
    this.lastVisited = ctx.stats.visited;
    const limit = Math.max(0, options.answerCountLimit);
    const type: QueryType = write ? 'write' : 'read';
    if (result.documents) {
      return {
        queryType: type,
        answerType: 'conceptDocuments',
        answers: result.documents.slice(0, limit),
        truncated: result.documents.length > limit,
      };
    }
    const rows = result.rows.slice(0, limit).map((row) => encodeRow(row, ctx, options.includeInstanceTypes));
    return { queryType: type, answerType: 'conceptRows', answers: rows, truncated: result.rows.length > limit };
  }

  rollback(): void {
    this.graph.resetTop(new Layer<Entry>());
    this.schema = this.snapshot.schema;
    this.schemaChanged = false;
    this.tracking = emptyTracking();
  }

  /** Applies what TypeDB does at commit: ownerless attributes and player-less relations go. Idempotent. */
  private finalise(): void {
    const candidates = new Set<string>(this.tracking.touched);
    for (const key of this.graph.top.values.keys()) if (key.startsWith('t:')) candidates.add(key.slice(2));
    cleanup(this.graph, this.schema, candidates);
  }

  validate(): void {
    guarded('commit', () => {
      this.finalise();
      if (this.schemaChanged) {
        validateSchema(this.schema);
        validateInstances(this.graph, this.schema, allInstances(this.graph, this.schema), true);
        validateUniqueness(this.graph, this.schema);
      } else {
        validateInstances(this.graph, this.schema, this.tracking.touched, false);
      }
    });
  }

  changes(): ChangeSet {
    return guarded('commit', (): EngineChangeSet => {
      this.finalise();
      return changeSetOf(this.graph, this.tracking, this.schemaChanged ? this.schema : undefined);
    });
  }
}

/**
 * A TypeQL engine. `idSpace` (0 to 0xffff) leads the counter of the iids it mints: processes that
 * share one storage engine each need their own, so their concurrent inserts never collide.
 */
export function createTypeQLEngine(options: { idSpace?: number } = {}): TypeQLEngine {
  const ids = new IdAllocator(options.idSpace);
  return {
    parse(text: string): Query {
      try {
        return parseQuery(text);
      } catch (error) {
        if (error instanceof TypeQLError) throw error;
        throw new TypeQLError('parse', [
          ['TQL0', String(error)],
          ['QEX1', 'Failed to parse TypeQL query.'],
        ]);
      }
    },
    emptyDatabase: (): DatabaseSnapshot => emptySnapshot(ids),
    loadDatabase: (records, version) => guarded('execute', () => loadSnapshot(records, version, ids)),
    formatSchema: (snapshot, _typesOnly) => formatSchema(asSnapshot(snapshot).schema),
    queryType,
    begin: (snapshot) => new EngineTransaction(asSnapshot(snapshot)),
    apply: (base, changes) => guarded('commit', () => applyChanges(asSnapshot(base), changes)),
    applyRecords: (base, records) => guarded('execute', () => applyRecords(asSnapshot(base), records)),
  };
}

/** An engine in id space 0, for a single process (and the engine tests). */
export const typeqlEngine: TypeQLEngine = createTypeQLEngine();
