import { describe, expect, it } from 'vitest';
import type { Query } from '../../src/typedb/typeql/ast.js';
import { TypeQLError } from '../../src/typedb/typeql/errors.js';
import { engine, OPTIONS, SOCIAL, TestDatabase } from './helpers.js';

/** A deterministic pseudo-random generator (mulberry32), so failures reproduce. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VARS = ['$p', '$q', '$n', '$a', '$f', '$t', '$r', '$x', '$_'];
const LABELS = ['person', 'friendship', 'name', 'age', 'email', 'friendship:friend', 'friend', 'nothing'];
const LITERALS = ['"Ann"', '30', '2.5', 'true', '1.5dec', '2024-01-01', '2024-01-01T10:00:00', 'P1D', '"x"'];
const STATEMENTS = [
  () => `${v()} isa ${l()}`,
  () => `${v()} isa! ${l()}`,
  () => `${v()} has ${l()} ${v()}`,
  () => `${v()} has ${l()} ${lit()}`,
  () => `${v()} has ${l()} > ${lit()}`,
  () => `${v()} links (${l()}: ${v()})`,
  () => `${v()} links (${v()}: ${v()}, ${v()})`,
  () => `${v()} isa ${l()}, has ${l()} ${lit()}, links (${l()}: ${v()})`,
  () => `${v()} sub ${l()}`,
  () => `${v()} owns ${v()}`,
  () => `${v()} relates ${v()}`,
  () => `${v()} plays ${l()}`,
  () => `${v()} label ${l()}`,
  () => `entity ${v()}`,
  () => `${v()} ${['==', '!=', '<', '>=', 'contains', 'like'][n(6)]} ${Math.random() < 0.5 ? v() : lit()}`,
  () => `let ${v()} = ${v()} ${['+', '-', '*', '/', '%', '^'][n(6)]} ${Math.random() < 0.5 ? v() : lit()}`,
  () => `not { ${stmt()}; }`,
  () => `{ ${stmt()}; } or { ${stmt()}; }`,
  () => `try { ${stmt()}; }`,
];
const STAGES = [
  () => `match ${stmt()}; ${stmt()};`,
  () => `insert ${stmt()};`,
  () => `put ${stmt()};`,
  () => `update ${v()} has ${l()} ${lit()};`,
  () => `delete ${v()};`,
  () => `delete has ${v()} of ${v()};`,
  () => `delete links (${l()}: ${v()}) of ${v()};`,
  () => `select ${v()}, ${v()};`,
  () => `sort ${v()} desc;`,
  () => `limit ${n(4)};`,
  () => `offset ${n(4)};`,
  () => 'distinct;',
  () => `reduce ${v()} = ${['count', 'sum', 'min', 'max', 'mean', 'median', 'std', 'list'][n(8)]}(${v()});`,
  () => `reduce ${v()} = count groupby ${v()};`,
  () => `fetch { "a": ${v()}, "b": ${v()}.${l()}, "c": [ ${v()}.${l()} ], "d": { ${v()}.* } };`,
  () => `fetch { "s": [ match ${stmt()}; fetch { "x": ${v()} }; ], "c": ( match ${stmt()}; reduce $c = count; ) };`,
];

let rand = random(1);
const n = (k: number) => Math.floor(rand() * k);
const v = () => VARS[n(VARS.length)] as string;
const l = () => LABELS[n(LABELS.length)] as string;
const lit = () => LITERALS[n(LITERALS.length)] as string;
let depth = 0;
function stmt(): string {
  depth++;
  const pool = depth > 2 ? STATEMENTS.slice(0, 16) : STATEMENTS;
  const s = (pool[n(pool.length)] as () => string)();
  depth--;
  return s;
}

describe('engine fuzz', () => {
  it('answers or throws a TypeQLError for every query, and commits or fails validation with one', () => {
    rand = random(20240131);
    const db = new TestDatabase();
    db.run(SOCIAL);
    db.run(
      'insert $a isa person, has name "Ann", has age 30, has email "a@x"; $b isa person, has name "Bob"; friendship (friend: $a, friend: $b);',
    );
    let answered = 0;
    for (let i = 0; i < 1500; i++) {
      const stages = Array.from({ length: 1 + n(3) }, () => (STAGES[n(STAGES.length)] as () => string)());
      const text = stages.join('\n');
      let query: Query;
      try {
        query = engine.parse(text);
      } catch (error) {
        expect(error, text).toBeInstanceOf(TypeQLError);
        continue;
      }
      const tx = db.begin();
      try {
        tx.execute(query, { ...OPTIONS, answerCountLimit: 5 });
        answered++;
        tx.validate();
        tx.changes();
      } catch (error) {
        if (!(error instanceof TypeQLError)) throw new Error(`${text}\n=> ${String(error)}`);
        // QUA100 is the guard around engine bugs: the fuzz must not reach it.
        expect(error.code, `${text}\n=> ${error.message}`).not.toBe('QUA100');
      }
    }
    expect(answered).toBeGreaterThan(50);
  });
});
