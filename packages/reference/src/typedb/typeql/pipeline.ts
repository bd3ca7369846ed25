/**
 * Runs a data pipeline: each stage maps the materialised rows of the previous one. Also checks the
 * pipeline's shape (fetch last, operators naming available variables) before anything runs, so a
 * malformed query fails without writing.
 */
import type { FetchValue, Pattern, PipelineQuery, Stage, Statement } from './ast.js';
import { fetchVariableUnavailable, representation } from './codes.js';
import { type Concept, type Context, isAnonymous, publicRow, type Row } from './context.js';
import { fetchDocument } from './fetch.js';
import { compilePatterns, solve } from './match.js';
import { distinct, reduce, select, sort } from './operators.js';
import { deleteRow, insertRow, putRow, updateRow } from './write.js';

export interface PipelineResult {
  rows: Row[];
  /** Set when the pipeline ends in `fetch`. */
  documents: unknown[] | undefined;
}

export const WRITE_STAGES = new Set(['insert', 'put', 'update', 'delete']);

export function isWritePipeline(query: PipelineQuery): boolean {
  return query.stages.some((s) => WRITE_STAGES.has(s.kind));
}

function statementVariables(statements: Pattern[], out: Set<string>): void {
  const plan: Statement[] = [];
  const walk = (patterns: Pattern[]) => {
    for (const p of patterns) {
      if (p.kind === 'not') continue;
      if (p.kind === 'or') for (const b of p.branches) walk(b);
      else if (p.kind === 'try') walk(p.patterns);
      else plan.push(p);
    }
  };
  walk(statements);
  for (const s of plan) {
    switch (s.kind) {
      case 'thing':
        out.add(s.variable);
        for (const c of s.constraints) {
          if (c.kind === 'has' && c.value.kind === 'variable') out.add(c.value.variable);
          if (c.kind === 'has' && c.attributeType?.kind === 'variable') out.add(c.attributeType.variable);
          if (c.kind === 'isa' && c.type.kind === 'variable') out.add(c.type.variable);
          if (c.kind === 'links')
            for (const p of c.players) {
              out.add(p.player);
              if (p.role?.kind === 'variable') out.add(p.role.variable);
            }
        }
        break;
      case 'type-statement':
        if (s.type.kind === 'variable') out.add(s.type.variable);
        for (const c of s.constraints) {
          if (c.kind === 'sub' && c.supertype.kind === 'variable') out.add(c.supertype.variable);
          if (c.kind === 'owns' && c.attribute.kind === 'variable') out.add(c.attribute.variable);
          if ((c.kind === 'plays' || c.kind === 'relates') && c.role.kind === 'variable') out.add(c.role.variable);
        }
        break;
      case 'kind-statement':
        if (s.type.kind === 'variable') out.add(s.type.variable);
        break;
      case 'let':
        out.add(s.variable);
        break;
      case 'comparison':
        break;
    }
  }
}

/** Static checks: fetch is terminal; select/sort/reduce/groupby name variables earlier stages bind. */
export function checkPipeline(stages: Stage[], initiallyAvailable: Iterable<string> = []): void {
  let available = new Set<string>(initiallyAvailable);
  stages.forEach((stage, i) => {
    if (stage.kind === 'fetch' && i !== stages.length - 1) {
      throw representation('REP24', 'Fetch clauses must be the final clause in a query pipeline.');
    }
    switch (stage.kind) {
      case 'match':
        statementVariables(stage.patterns, available);
        break;
      case 'insert':
      case 'put':
        statementVariables(stage.statements, available);
        break;
      case 'delete':
        for (const d of stage.deletions) if (d.kind === 'delete-thing') available.delete(d.variable);
        break;
      case 'select':
      case 'sort': {
        const vars = stage.kind === 'select' ? stage.variables : stage.keys.map((k) => k.variable);
        for (const v of vars) {
          if (!available.has(v)) throw representation('REP18', `The variable '${v}' was not available in the stage.`);
        }
        if (stage.kind === 'select') available = new Set(stage.variables);
        break;
      }
      case 'reduce': {
        for (const g of stage.groupBy) {
          if (!available.has(g))
            throw representation('REP29', `The variable '${g}' was not available for use in the groupby clause.`);
        }
        for (const a of stage.assignments) {
          if (a.argument && !available.has(a.argument))
            throw representation('REP19', `The variable '${a.argument}' was not available for use in the reduce.`);
          if (available.has(a.variable) && !stage.groupBy.includes(a.variable))
            throw representation('REP48', `The reduce stage assigns to an existing variable '${a.variable}'.`);
        }
        available = new Set([...stage.groupBy, ...stage.assignments.map((a) => a.variable)]);
        break;
      }
      case 'fetch':
        checkFetchVariables(stage.document, available);
        break;
      default:
        break;
    }
  });
}

/** Variables a fetch body reads directly (sub-queries check theirs when they run). */
function checkFetchVariables(value: FetchValue, available: Set<string>): void {
  switch (value.kind) {
    case 'object':
      for (const e of value.entries) checkFetchVariables(e.value, available);
      return;
    case 'variable':
    case 'attribute':
    case 'attribute-list':
    case 'all-attributes':
      if (!available.has(value.variable)) throw fetchVariableUnavailable(value.variable);
      return;
    default:
      return;
  }
}

/** Runs `stages` over `input` rows. */
export function runStages(stages: Stage[], ctx: Context, input: Row[]): PipelineResult {
  let rows = input;
  for (const stage of stages) {
    switch (stage.kind) {
      case 'match': {
        const plan = compilePatterns(stage.patterns, ctx);
        const out: Row[] = [];
        for (const row of rows) for (const r of solve(plan, row, ctx)) out.push(publicRow(r));
        rows = out;
        break;
      }
      case 'insert':
        rows = rows.map((row) => insertRow(ctx, stage.statements, row));
        break;
      case 'put':
        rows = rows.flatMap((row) => putRow(ctx, stage.statements, row));
        break;
      case 'update':
        rows = rows.map((row) => updateRow(ctx, stage.statements, row));
        break;
      case 'delete':
        rows = rows.map((row) => deleteRow(ctx, stage.deletions, row));
        break;
      case 'select':
        rows = select(rows, stage.variables);
        break;
      case 'sort':
        rows = sort(rows, stage.keys);
        break;
      case 'offset':
        rows = rows.slice(stage.count);
        break;
      case 'limit':
        rows = rows.slice(0, stage.count);
        break;
      case 'distinct':
        rows = distinct(rows);
        break;
      case 'reduce':
        rows = reduce(rows, stage.assignments, stage.groupBy);
        break;
      case 'fetch': {
        const sub = (subStages: Stage[], row: Row) => {
          checkPipeline(
            subStages,
            [...row.keys()].filter((k) => !isAnonymous(k)),
          );
          return runStages(subStages, ctx, [row]);
        };
        return { rows, documents: rows.map((row) => fetchDocument(stage.document, row, ctx, sub)) };
      }
    }
  }
  return { rows, documents: undefined };
}

/** An empty input row (what the first stage runs on). */
export function emptyRow(): Row {
  return new Map<string, Concept>();
}
