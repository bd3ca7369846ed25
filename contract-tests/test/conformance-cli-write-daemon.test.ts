/**
 * The write-daemon conformance suite checked from the outside, like conformance-cli.test.ts does
 * for TypeDB: `dbwire conformance --api write-daemon` in child processes against deliberately
 * faulty daemons (the reference binding wrapped in test code) must fail, naming the right check;
 * against a daemon with a low quota the quota check (capability `quota`) must pass; against the
 * same harness without faults the generic checks must pass.
 */
import { describe, expect, it } from 'vitest';
import {
  expectAllPassed,
  expectCases,
  expectChecksPassed,
  expectExit,
  useConformanceRuns,
} from './helpers/conformance.js';
import { startFaultyWriteDaemon, writeDaemonFaults } from './helpers/faulty-server.js';

const RUN_TIMEOUT_MS = 120_000;

const runs = useConformanceRuns('write-daemon', RUN_TIMEOUT_MS);

const outcomes = runs.startAll(async () => {
  const json = await runs.serve(startFaultyWriteDaemon({}, writeDaemonFaults.problemsAsJson));
  const twice = await runs.serve(startFaultyWriteDaemon({}, writeDaemonFaults.operationalStateBumpsTwice));
  const limited = await runs.serve(startFaultyWriteDaemon({ quota: { requestsPerSecond: 5, burst: 30 } }));
  const reference = await runs.serve(startFaultyWriteDaemon({}));
  return {
    problemsAsJson: runs.runAgainst('problems-as-json', json, [
      '--suite',
      'generic',
      '--grep',
      '^(get_namespace_endpoint|list_namespaces_endpoint|create_namespace_endpoint) ',
    ]),
    bumpsTwice: runs.runAgainst('bumps-twice', twice, [
      '--suite',
      'generic',
      '--suite',
      'behaviour/preconditions',
      '--grep',
      'namespace_operational_state_endpoint|operational state',
    ]),
    lowQuota: runs.runAgainst('low-quota', limited, ['--suite', 'behaviour/quota', '--capability', 'quota=on']),
    // The control: what the two faulty runs check, against the same harness without faults.
    plain: runs.runAgainst('plain', reference, [
      '--suite',
      'generic',
      '--suite',
      'behaviour/preconditions',
      '--grep',
      '^(get_namespace_endpoint|list_namespaces_endpoint|create_namespace_endpoint|namespace_operational_state_endpoint) |operational state',
    ]),
  };
});

describe('against a daemon answering problems as application/json', () => {
  it('exits 1 with content_type_conformance failing, and the other checks passing', () => {
    expectExit(outcomes.problemsAsJson, 1);
    for (const operation of ['get_namespace_endpoint', 'list_namespaces_endpoint', 'create_namespace_endpoint']) {
      const failed = outcomes.problemsAsJson.cases.get(`${operation} content_type_conformance`);
      expect(failed?.state, `${operation}\n${outcomes.problemsAsJson.report}`).toBe('failed');
      expect(failed?.failure).toContain('Content-Type application/json is not documented');
      expect(failed?.failure).toContain('curl -i -X');
      expectChecksPassed(outcomes.problemsAsJson, operation, [
        'not_a_server_error',
        'status_code_conformance',
        'ignored_auth',
      ]);
    }
  });
});

describe('against a daemon whose operational state changes add 2 to the revision', () => {
  it('exits 1: the behaviour suite catches it, though every answer is well-formed', () => {
    expectExit(outcomes.bumpsTwice, 1);
    expectCases(outcomes.bumpsTwice, {
      'operational state sets the flags given': 'failed',
      "'operational state': the current revision applies": 'failed',
    });
    // The generic checks of the operation pass: only behaviour tests can see this fault.
    expectChecksPassed(outcomes.bumpsTwice, 'namespace_operational_state_endpoint');
  });
});

describe('against a daemon with a low quota', () => {
  it('the quota check runs (capability on) and passes', () => {
    expectExit(outcomes.lowQuota, 0);
    expectCases(outcomes.lowQuota, { QUOTA_EXCEEDED: 'passed' });
  });
});

describe('against the same harness without faults', () => {
  it('passes the same checks (so the faults are what the others catch)', () => {
    expectAllPassed(outcomes.plain, 25);
    expectCases(outcomes.plain, { 'operational state sets the flags given': 'passed' });
    expectChecksPassed(outcomes.plain, 'create_namespace_endpoint', ['content_type_conformance']);
  });
});
