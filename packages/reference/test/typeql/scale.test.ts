import { describe, expect, it } from 'vitest';
import type { EngineTransaction } from '../../src/typedb/typeql/engine.js';
import { engine, OPTIONS, SOCIAL, TestDatabase } from './helpers.js';

describe('indexes', () => {
  const db = new TestDatabase();
  db.run(SOCIAL);
  const inserts: string[] = [];
  for (let i = 0; i < 10_000; i++) inserts.push(`$p${i} isa person, has name "person-${i}", has age ${i % 90};`);
  db.run(`insert ${inserts.join(' ')}`);

  it('finds one of 10k persons by key value without scanning them', () => {
    const tx = engine.begin(db.snapshot) as EngineTransaction;
    const answer = tx.execute(engine.parse('match $p isa person, has name "person-4242";'), OPTIONS);
    expect(answer.answers).toHaveLength(1);
    expect(tx.lastVisited).toBeLessThan(10);
  });

  it('starts from the bound owner rather than the type', () => {
    const tx = engine.begin(db.snapshot) as EngineTransaction;
    const answer = tx.execute(
      engine.parse('match $p isa person, has name "person-17"; $q isa person, has age $a; $p has age $a;'),
      OPTIONS,
    );
    expect(answer.answers).toHaveLength(111);
    expect(tx.lastVisited).toBeLessThan(1000);
  });

  it('counts all of them', () => {
    expect(db.rows('match $p isa person; reduce $c = count;')[0]?.c).toEqual({
      kind: 'value',
      value: 10_000,
      valueType: 'integer',
    });
  });
});
