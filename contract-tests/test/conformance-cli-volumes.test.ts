/**
 * The volumes conformance suite checked from the outside, like the Iceberg catalog's:
 * `dbwire conformance --api volumes --base-url ... --token ...` in child processes against
 * deliberately faulty stores (the reference store wrapped in test code) must fail, naming the right
 * test, while the generic checks of the operations the faults touch still pass (every answer is
 * well-formed); against the same harness without faults the same selection must pass.
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
import {
  FAULTY_VOLUMES_TOKENS,
  type FaultyVolumes,
  startFaultyVolumes,
  volumesFaults,
} from './helpers/faulty-volumes.js';

const RUN_TIMEOUT_MS = 150_000;

const runs = useConformanceRuns('volumes', RUN_TIMEOUT_MS);

/** Tenancy and presigned URLs, plus the generic checks of the operations the faults touch. */
const SELECTION = [
  '--suite',
  'generic',
  '--suite',
  'behaviour/tenancy',
  '--suite',
  'behaviour/files',
  '--grep',
  '^(getVolume|downloadBlob) |tenant|expires',
];

function conformance(name: string, server: FaultyVolumes): Promise<Outcome> {
  const principals = ['--token-b', FAULTY_VOLUMES_TOKENS.otherTenant, '--clock-url', server.clock.url];
  return runs.runAgainst(name, server, [...principals, ...SELECTION], FAULTY_VOLUMES_TOKENS.main);
}

const outcomes = runs.startAll(async () => {
  const leaky = await runs.serve(startFaultyVolumes(volumesFaults.tenantFromPath));
  const eternal = await runs.serve(startFaultyVolumes(volumesFaults.urlsNeverExpire));
  const reference = await runs.serve(startFaultyVolumes());
  return {
    leaking: conformance('leaking', leaky),
    neverExpiring: conformance('never-expiring', eternal),
    plain: conformance('plain', reference),
  };
});

describe('against a store that takes the tenant from the path, not the token', () => {
  it('exits 1: the tenancy tests fail, though getVolume answers are well-formed', () => {
    expectExit(outcomes.leaking, 1);
    const failed = onlyCase(outcomes.leaking, 'another tenant cannot reach a volume');
    expect(failed?.state).toBe('failed');
    expect(failed?.failure).toContain('RESOURCE_NOT_FOUND');
    expectChecksPassed(outcomes.leaking, 'getVolume');
  });
});

describe('against a store whose download URLs never expire', () => {
  it('exits 1: the expiry test fails, while tampering is still refused', () => {
    expectExit(outcomes.neverExpiring, 1);
    expectCases(outcomes.neverExpiring, { 'until it expires': 'failed', 'expires_in outside': 'passed' });
    expectChecksPassed(outcomes.neverExpiring, 'downloadBlob', ['response_schema_conformance']);
  });
});

describe('against the same harness without faults', () => {
  it('passes the same checks (so the faults are what the others catch)', () => {
    expectAllPassed(outcomes.plain, 12);
    expectCases(outcomes.plain, { 'another tenant cannot reach a volume': 'passed', 'until it expires': 'passed' });
  });
});
