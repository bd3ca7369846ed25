/**
 * The Iceberg conformance suite checked from the outside, like the write daemon's:
 * `dbwire conformance --api iceberg` in child processes against deliberately faulty catalogs (the
 * reference binding wrapped in test code) must fail, naming the right test; against the same
 * harness without faults the same selection must pass.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type Outcome, onlyCase, useConformanceRuns } from './helpers/conformance.js';
import { icebergFaults, startFaultyIceberg } from './helpers/faulty-iceberg.js';
import type { RunningServer } from './helpers/faulty-server.js';

const RUN_TIMEOUT_MS = 120_000;

const runs = useConformanceRuns('iceberg', RUN_TIMEOUT_MS);
let notAtomic: Outcome;
let rounding: Outcome;
let plain: Outcome;

/** Atomicity and int64 behaviour, plus the generic checks of the two operations the faults touch. */
const SELECTION = [
  '--suite',
  'generic',
  '--suite',
  'behaviour/transactions',
  '--grep',
  '^(commitTransaction|loadTable) |atomicity|int64',
];

function conformance(name: string, server: RunningServer, args: string[]): Promise<Outcome> {
  return runs.run(name, ['--base-url', server.url, '--token', 'dev-token', ...args]);
}

beforeAll(async () => {
  const faultyTransactions = await runs.serve(startFaultyIceberg(icebergFaults.transactionsNotAtomic));
  const faultyLoads = await runs.serve(startFaultyIceberg(icebergFaults.loadRoundsSnapshotIds));
  const reference = await runs.serve(startFaultyIceberg());
  [notAtomic, rounding, plain] = await Promise.all([
    conformance('not-atomic', faultyTransactions, SELECTION),
    conformance('rounding', faultyLoads, SELECTION),
    conformance('plain', reference, SELECTION),
  ]);
}, RUN_TIMEOUT_MS);

describe('against a catalog whose transactions/commit is not atomic', () => {
  it('exits 1: the atomicity test fails, though every answer is well-formed', () => {
    expect(notAtomic.run.code, notAtomic.run.stderr).toBe(1);
    const failed = onlyCase(notAtomic, 'a failing requirement on the last table');
    expect(failed?.state).toBe('failed');
    expect(failed?.failure).toContain('a refused commit must write nothing');
    for (const check of ['status_code_conformance', 'content_type_conformance', 'response_schema_conformance']) {
      expect(notAtomic.cases.get(`commitTransaction ${check}`)?.state, check).toBe('passed');
    }
  });
});

describe('against a catalog that rounds snapshot ids beyond 2^53', () => {
  it('exits 1: the int64 test fails, while loadTable answers validate against the spec', () => {
    expect(rounding.run.code, rounding.run.stderr).toBe(1);
    expect(onlyCase(rounding, '9223372036854775807')?.state).toBe('failed');
    for (const check of ['status_code_conformance', 'response_schema_conformance']) {
      expect(rounding.cases.get(`loadTable ${check}`)?.state, check).toBe('passed');
    }
  });
});

describe('against the same harness without faults', () => {
  it('passes the same checks (so the faults are what the others catch)', () => {
    expect(plain.run.code, `${plain.run.stdout}\n${plain.run.stderr}`).toBe(0);
    const states = [...plain.cases.values()].map((c) => c.state);
    expect(states.filter((state) => state === 'failed')).toEqual([]);
    expect(states.filter((state) => state === 'passed').length).toBeGreaterThan(12);
    expect(onlyCase(plain, 'a failing requirement on the last table')?.state).toBe('passed');
    expect(onlyCase(plain, '9223372036854775807')?.state).toBe('passed');
  });
});
