/**
 * Stream operators over materialised rows: select, sort, offset, limit, distinct and reduce
 * (with groupby). Reducer result types follow TypeDB's reduce executor: count is an integer, sum
 * keeps the input type, mean/median/std are doubles (decimal stays decimal), min/max keep the type,
 * and an empty input gives no value (null) except for count and sum.
 */
import type { ReduceAssignment } from './ast.js';
import type { Concept, Row } from './context.js';
import { TypeQLError } from './errors.js';
import { arithmetic, compareValues, type Value, valueKey } from './values.js';

export function select(rows: Row[], variables: string[]): Row[] {
  return rows.map((row) => {
    const out = new Map<string, Concept>();
    for (const v of variables) {
      const c = row.get(v);
      if (c) out.set(v, c);
    }
    return out;
  });
}

function sortValue(c: Concept | undefined): { rank: number; value?: Value; text?: string } {
  if (!c || c.k === 'none') return { rank: 0 };
  if (c.k === 'value') return { rank: 1, value: c.value };
  if (c.k === 'thing') return c.thing.value ? { rank: 1, value: c.thing.value } : { rank: 2, text: c.thing.iid };
  if (c.k === 'type') return { rank: 3, text: c.label };
  return { rank: 4 };
}

function compareConcepts(a: Concept | undefined, b: Concept | undefined): number {
  const [x, y] = [sortValue(a), sortValue(b)];
  if (x.rank !== y.rank) return x.rank - y.rank;
  if (x.value && y.value) {
    const c = compareValues(x.value, y.value);
    if (c !== undefined) return c;
    return x.value.type < y.value.type ? -1 : x.value.type > y.value.type ? 1 : 0;
  }
  const [s, t] = [x.text ?? '', y.text ?? ''];
  return s < t ? -1 : s > t ? 1 : 0;
}

export function sort(rows: Row[], keys: Array<{ variable: string; order: 'asc' | 'desc' }>): Row[] {
  // Array.prototype.sort is stable, so ties keep match order.
  return [...rows].sort((a, b) => {
    for (const { variable, order } of keys) {
      const c = compareConcepts(a.get(variable), b.get(variable));
      if (c !== 0) return order === 'asc' ? c : -c;
    }
    return 0;
  });
}

export function conceptKey(c: Concept | undefined): string {
  if (!c || c.k === 'none') return 'none';
  switch (c.k) {
    case 'thing':
      return `t:${c.thing.iid}`;
    case 'type':
      return `T:${c.label}`;
    case 'value':
      return `v:${valueKey(c.value)}`;
    case 'list':
      return `l:[${c.items.map(conceptKey).join(',')}]`;
  }
}

export function distinct(rows: Row[]): Row[] {
  const seen = new Set<string>();
  const out: Row[] = [];
  for (const row of rows) {
    const key = [...row.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${k}=${conceptKey(v)}`)
      .join('\u0000');
    if (!seen.has(key)) {
      seen.add(key);
      out.push(row);
    }
  }
  return out;
}

function conceptValue(c: Concept | undefined): Value | undefined {
  if (!c) return undefined;
  if (c.k === 'value') return c.value;
  if (c.k === 'thing') return c.thing.value;
  return undefined;
}

/** compiler/annotation/mod.rs QUA15. */
function unsupportedReducer(valueType: string): TypeQLError {
  return new TypeQLError('compile', [
    ['QUA15', `The input variable to the reducer had an unsupported value-type: '${valueType}'`],
    ['QEX8', 'Error analysing query.'],
  ]);
}

const numericTypes = new Set(['integer', 'double', 'decimal']);

function reduceGroup(rows: Row[], assignment: ReduceAssignment): Concept {
  const { reducer, argument } = assignment;
  if (reducer === 'count') {
    const n = argument ? rows.filter((r) => r.has(argument) && r.get(argument)?.k !== 'none').length : rows.length;
    return { k: 'value', value: { type: 'integer', v: n } };
  }
  const variable = argument ?? '';
  if (reducer === 'list') return { k: 'list', items: rows.flatMap((r) => r.get(variable) ?? []) };
  const values = rows.map((r) => conceptValue(r.get(variable))).filter((v): v is Value => v !== undefined);
  for (const v of values) {
    const numericOnly = reducer !== 'min' && reducer !== 'max';
    if (numericOnly && !numericTypes.has(v.type)) throw unsupportedReducer(v.type);
  }
  const type = values.find((v) => v.type === 'double')?.type ?? values[0]?.type;
  switch (reducer) {
    case 'sum': {
      if (values.length === 0) return { k: 'value', value: { type: 'integer', v: 0 } };
      let acc: Value = values[0] as Value;
      for (const v of values.slice(1)) acc = arithmetic('+', acc, v);
      return { k: 'value', value: acc };
    }
    case 'min':
    case 'max': {
      let best: Value | undefined;
      for (const v of values) {
        const c = best ? compareValues(v, best) : -1;
        if (c !== undefined && (best === undefined || (reducer === 'min' ? c < 0 : c > 0))) best = v;
      }
      return best ? { k: 'value', value: best } : { k: 'none' };
    }
    case 'mean': {
      if (values.length === 0) return { k: 'none' };
      let acc: Value = values[0] as Value;
      for (const v of values.slice(1)) acc = arithmetic('+', acc, v);
      if (acc.type === 'decimal') return { k: 'value', value: { type: 'decimal', v: acc.v / BigInt(values.length) } };
      return { k: 'value', value: { type: 'double', v: toNumber(acc) / values.length } };
    }
    case 'median': {
      if (values.length === 0) return { k: 'none' };
      const sorted = [...values].sort((a, b) => compareValues(a, b) ?? 0);
      const mid = Math.floor(sorted.length / 2);
      if (type === 'decimal' && sorted.every((v) => v.type === 'decimal')) {
        const m =
          sorted.length % 2 === 0
            ? arithmetic('+', sorted[mid - 1] as Value, sorted[mid] as Value)
            : (sorted[mid] as Value);
        const v = m.type === 'decimal' ? (sorted.length % 2 === 0 ? m.v / 2n : m.v) : 0n;
        return { k: 'value', value: { type: 'decimal', v } };
      }
      const nums = sorted.map(toNumber);
      const v = nums.length % 2 === 0 ? ((nums[mid - 1] ?? 0) + (nums[mid] ?? 0)) / 2 : (nums[mid] ?? 0);
      return { k: 'value', value: { type: 'double', v } };
    }
    case 'std': {
      if (values.length <= 1) return { k: 'none' };
      const nums = values.map(toNumber);
      const n = nums.length;
      const mean = nums.reduce((a, b) => a + b, 0) / n;
      const variance = nums.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
      return { k: 'value', value: { type: 'double', v: Math.sqrt(variance) } };
    }
  }
  return { k: 'none' };
}

function toNumber(v: Value): number {
  if (v.type === 'integer' || v.type === 'double') return v.v;
  if (v.type === 'decimal') return Number(v.v) / 1e19;
  return 0;
}

/** `reduce $a = f(...), ... [groupby $g, ...]`: one row per group (one row overall without groupby). */
export function reduce(rows: Row[], assignments: ReduceAssignment[], groupBy: string[]): Row[] {
  const groups = new Map<string, { key: Row; rows: Row[] }>();
  if (groupBy.length === 0) groups.set('', { key: new Map(), rows });
  else {
    for (const row of rows) {
      const key = groupBy.map((g) => conceptKey(row.get(g))).join('\u0000');
      let group = groups.get(key);
      if (!group) {
        const keyRow = new Map<string, Concept>();
        for (const g of groupBy) keyRow.set(g, row.get(g) ?? { k: 'none' });
        group = { key: keyRow, rows: [] };
        groups.set(key, group);
      }
      group.rows.push(row);
    }
  }
  const out: Row[] = [];
  for (const { key, rows: groupRows } of groups.values()) {
    const row = new Map(key);
    for (const a of assignments) row.set(a.variable, reduceGroup(groupRows, a));
    out.push(row);
  }
  return out;
}
