/**
 * The Iceberg conformance suite checked from the outside, like the write daemon's:
 * `dbwire conformance --api iceberg` in child processes against deliberately faulty catalogs (the
 * reference binding wrapped in test code) must fail, naming the right test; against the same
 * harness without faults the same selection must pass.
 */
import { describe, expect, it } from 'vitest';
import {
  expectAllPassed,
  expectCases,
  expectChecksPassed,
  expectExit,
  onlyCase,
  useConformanceRuns,
} from './helpers/conformance.js';
import { icebergFaults, startFaultyIceberg } from './helpers/faulty-iceberg.js';

const RUN_TIMEOUT_MS = 120_000;

const runs = useConformanceRuns('iceberg', RUN_TIMEOUT_MS);

/** Atomicity and int64 behaviour, plus the generic checks of the two operations the faults touch. */
const SELECTION = [
  '--suite',
  'generic',
  '--suite',
  'behaviour/transactions',
  '--grep',
  '^(commitTransaction|loadTable) |atomicity|int64',
];

const outcomes = runs.startAll(async () => {
  const faultyTransactions = await runs.serve(startFaultyIceberg(icebergFaults.transactionsNotAtomic));
  const faultyLoads = await runs.serve(startFaultyIceberg(icebergFaults.loadRoundsSnapshotIds));
  const reference = await runs.serve(startFaultyIceberg());
  return {
    notAtomic: runs.runAgainst('not-atomic', faultyTransactions, SELECTION),
    rounding: runs.runAgainst('rounding', faultyLoads, SELECTION),
    plain: runs.runAgainst('plain', reference, SELECTION),
  };
});

describe('against a catalog whose transactions/commit is not atomic', () => {
  it('exits 1: the atomicity test fails, though every answer is well-formed', () => {
    expectExit(outcomes.notAtomic, 1);
    const failed = onlyCase(outcomes.notAtomic, 'a failing requirement on the last table');
    expect(failed?.state).toBe('failed');
    expect(failed?.failure).toContain('a refused commit must write nothing');
    expectChecksPassed(outcomes.notAtomic, 'commitTransaction');
  });
});

describe('against a catalog that rounds snapshot ids beyond 2^53', () => {
  it('exits 1: the int64 test fails, while loadTable answers validate against the spec', () => {
    expectExit(outcomes.rounding, 1);
    expectCases(outcomes.rounding, { '9223372036854775807': 'failed' });
    expectChecksPassed(outcomes.rounding, 'loadTable', ['status_code_conformance', 'response_schema_conformance']);
  });
});

describe('against the same harness without faults', () => {
  it('passes the same checks (so the faults are what the others catch)', () => {
    expectAllPassed(outcomes.plain, 12);
    expectCases(outcomes.plain, {
      'a failing requirement on the last table': 'passed',
      '9223372036854775807': 'passed',
    });
  });
});
