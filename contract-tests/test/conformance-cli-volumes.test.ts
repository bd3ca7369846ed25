/**
 * The volumes conformance suite checked from the outside, like the Iceberg catalog's:
 * `dbwire conformance --api volumes --base-url ... --token ...` in child processes against
 * deliberately faulty stores (the reference store wrapped in test code) must fail, naming the right
 * test, while the generic checks of the operations the faults touch still pass (every answer is
 * well-formed); against the same harness without faults the same selection must pass.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type Outcome, onlyCase, useConformanceRuns } from './helpers/conformance.js';
import {
  FAULTY_VOLUMES_TOKENS,
  type FaultyVolumes,
  startFaultyVolumes,
  volumesFaults,
} from './helpers/faulty-volumes.js';

const RUN_TIMEOUT_MS = 150_000;

const runs = useConformanceRuns('volumes', RUN_TIMEOUT_MS);
let leaking: Outcome;
let neverExpiring: Outcome;
let plain: Outcome;

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
  return runs.run(name, [
    '--base-url',
    server.url,
    '--token',
    FAULTY_VOLUMES_TOKENS.main,
    '--token-b',
    FAULTY_VOLUMES_TOKENS.otherTenant,
    '--clock-url',
    server.clock.url,
    ...SELECTION,
  ]);
}

beforeAll(async () => {
  const leaky = (await runs.serve(startFaultyVolumes(volumesFaults.tenantFromPath))) as FaultyVolumes;
  const eternal = (await runs.serve(startFaultyVolumes(volumesFaults.urlsNeverExpire))) as FaultyVolumes;
  const reference = (await runs.serve(startFaultyVolumes())) as FaultyVolumes;
  [leaking, neverExpiring, plain] = await Promise.all([
    conformance('leaking', leaky),
    conformance('never-expiring', eternal),
    conformance('plain', reference),
  ]);
}, RUN_TIMEOUT_MS);

describe('against a store that takes the tenant from the path, not the token', () => {
  it('exits 1: the tenancy tests fail, though getVolume answers are well-formed', () => {
    expect(leaking.run.code, leaking.run.stderr).toBe(1);
    const failed = onlyCase(leaking, 'another tenant cannot reach a volume');
    expect(failed?.state).toBe('failed');
    expect(failed?.failure).toContain('RESOURCE_NOT_FOUND');
    for (const check of ['status_code_conformance', 'content_type_conformance', 'response_schema_conformance']) {
      expect(leaking.cases.get(`getVolume ${check}`)?.state, check).toBe('passed');
    }
  });
});

describe('against a store whose download URLs never expire', () => {
  it('exits 1: the expiry test fails, while tampering is still refused', () => {
    expect(neverExpiring.run.code, neverExpiring.run.stderr).toBe(1);
    expect(onlyCase(neverExpiring, 'until it expires')?.state).toBe('failed');
    expect(onlyCase(neverExpiring, 'expires_in outside')?.state).toBe('passed');
    expect(neverExpiring.cases.get('downloadBlob response_schema_conformance')?.state).toBe('passed');
  });
});

describe('against the same harness without faults', () => {
  it('passes the same checks (so the faults are what the others catch)', () => {
    expect(plain.run.code, `${plain.run.stdout}\n${plain.run.stderr}`).toBe(0);
    const states = [...plain.cases.values()].map((c) => c.state);
    expect(states.filter((state) => state === 'failed')).toEqual([]);
    expect(states.filter((state) => state === 'passed').length).toBeGreaterThan(12);
    expect(onlyCase(plain, 'another tenant cannot reach a volume')?.state).toBe('passed');
    expect(onlyCase(plain, 'until it expires')?.state).toBe('passed');
  });
});
