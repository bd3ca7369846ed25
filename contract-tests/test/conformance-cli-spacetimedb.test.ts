/**
 * The SpacetimeDB conformance suite checked from the outside, like the other APIs':
 * `dbwire conformance --api spacetimedb --base-url ...` in child processes against deliberately
 * faulty hosts (the reference binding wrapped in test code) must fail, naming the right tests,
 * while the generic checks of the operations the faults touch still pass (every answer is
 * well-formed); against the same harness without faults the same selection must pass. No token
 * is given: the suite mints the identities it needs.
 *
 * The whole suite against the in-process reference (memory and pglite, postgres when configured)
 * runs from suites/spacetimedb under the engine projects of vitest.config.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  expectAllPassed,
  expectCases,
  expectChecksPassed,
  expectExit,
  type Outcome,
  onlyCase,
  useConformanceRuns,
} from './helpers/conformance.js';
import type { RunningServer } from './helpers/faulty-server.js';
import { spacetimedbFaults, startFaultySpacetimedb } from './helpers/faulty-spacetimedb.js';
import { startSubscriptionProxy, subscriptionFaults } from './helpers/faulty-subscriptions.js';

const RUN_TIMEOUT_MS = 120_000;

const runs = useConformanceRuns('spacetimedb', RUN_TIMEOUT_MS);

/** Rollback and SQL visibility, plus the generic checks of the two operations the faults touch. */
const SELECTION = [
  '--suite',
  'generic',
  '--suite',
  'behaviour/reducers',
  '--suite',
  'behaviour/sql',
  '--grep',
  '^(callReducer|runSql) |rolled back|private tables|DML',
];

/** The subscription consistency suite, which delivery faults must fail. */
const SUBSCRIPTIONS = ['--suite', 'behaviour/subscribe-consistency'];
const CONSISTENCY_TEST = 'concurrent calls: every client';

function conformance(name: string, server: RunningServer, selection = SELECTION): Promise<Outcome> {
  return runs.run(name, ['--base-url', server.url, ...selection]);
}

const outcomes = runs.startAll(async () => {
  const noRollback = await runs.serve(startFaultySpacetimedb(spacetimedbFaults.keepsFailedReducerRows));
  const leakySql = await runs.serve(startFaultySpacetimedb(spacetimedbFaults.sqlAsOwner));
  const reference = await runs.serve(startFaultySpacetimedb());
  const proxied = (fault?: ReturnType<(typeof subscriptionFaults)[keyof typeof subscriptionFaults]>) =>
    runs.serve(startFaultySpacetimedb().then((upstream) => startSubscriptionProxy(upstream, fault)));
  const [dropping, duplicating, faithful] = await Promise.all([
    proxied(subscriptionFaults.dropsOneUpdateInTen()),
    proxied(subscriptionFaults.duplicatesOneUpdateInTen()),
    proxied(),
  ]);
  return {
    noRollback: conformance('no-rollback', noRollback),
    leakySql: conformance('leaky-sql', leakySql),
    plain: conformance('plain', reference),
    dropping: conformance('drops-updates', dropping, SUBSCRIPTIONS),
    duplicating: conformance('duplicates-updates', duplicating, SUBSCRIPTIONS),
    faithful: conformance('faithful-proxy', faithful, SUBSCRIPTIONS),
  };
});

describe('against a host that keeps the rows of a failing reducer', () => {
  it('exits 1: both rollback tests fail, though every callReducer answer is well-formed', () => {
    expectExit(outcomes.noRollback, 1);
    const failed = onlyCase(
      outcomes.noRollback,
      'returns an error: 530 with its message, and its insert is rolled back',
    );
    expect(failed?.state).toBe('failed');
    expect(failed?.failure).toContain('a failed reducer must leave no row');
    expectCases(outcomes.noRollback, { 'a reducer that traps': 'failed', 'DML by anyone but the owner': 'passed' });
    expectChecksPassed(outcomes.noRollback, 'callReducer');
  });
});

describe('against a host whose SQL shows private tables to anyone', () => {
  it('exits 1: the visibility and DML tests fail, though every runSql answer is well-formed', () => {
    expectExit(outcomes.leakySql, 1);
    expectCases(outcomes.leakySql, {
      'private tables: the owner sees them': 'failed',
      'DML by anyone but the owner': 'failed',
      'a reducer that traps': 'passed',
    });
    expectChecksPassed(outcomes.leakySql, 'runSql');
  });
});

describe('against the same harness without faults', () => {
  it('passes the same checks (so the faults are what the others catch)', () => {
    expectAllPassed(outcomes.plain, 12);
    expectCases(outcomes.plain, {
      'returns an error: 530 with its message, and its insert is rolled back': 'passed',
      'private tables: the owner sees them': 'passed',
    });
  });
});

describe('against a host that loses one transaction update in ten', () => {
  it('exits 1: the consistency test fails', () => {
    expectExit(outcomes.dropping, 1);
    const failed = onlyCase(outcomes.dropping, CONSISTENCY_TEST);
    expect(failed?.state).toBe('failed');
    expect(failed?.failure).toContain('one update per call');
  });
});

describe('against a host that sends one transaction update in ten twice', () => {
  it('exits 1: the consistency test fails', () => {
    expectExit(outcomes.duplicating, 1);
    const failed = onlyCase(outcomes.duplicating, CONSISTENCY_TEST);
    expect(failed?.state).toBe('failed');
    expect(failed?.failure).toContain('one update per call');
  });
});

describe('against the same proxy without faults', () => {
  it('passes the consistency test (so the faults are what the others catch)', () => {
    expectAllPassed(outcomes.faithful, 0);
  });
});
