/**
 * The write-daemon conformance suite checked from the outside, like conformance-cli.test.ts does
 * for TypeDB: `dbwire conformance --api write-daemon` in child processes against deliberately
 * faulty daemons (the reference binding wrapped in test code) must fail, naming the right check;
 * against a daemon with a low quota the quota check (capability `quota`) must pass; against the
 * same harness without faults the generic checks must pass.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type Outcome, onlyCase, useConformanceRuns } from './helpers/conformance.js';
import { type RunningServer, startFaultyWriteDaemon, writeDaemonFaults } from './helpers/faulty-server.js';

const RUN_TIMEOUT_MS = 120_000;

const runs = useConformanceRuns('write-daemon', RUN_TIMEOUT_MS);
let problemsAsJson: Outcome;
let bumpsTwice: Outcome;
let lowQuota: Outcome;
let plain: Outcome;

function conformance(name: string, server: RunningServer, args: string[]): Promise<Outcome> {
  return runs.run(name, ['--base-url', server.url, '--token', 'dev-token', ...args]);
}

beforeAll(async () => {
  const json = await runs.serve(startFaultyWriteDaemon({}, writeDaemonFaults.problemsAsJson));
  const twice = await runs.serve(startFaultyWriteDaemon({}, writeDaemonFaults.operationalStateBumpsTwice));
  const limited = await runs.serve(startFaultyWriteDaemon({ quota: { requestsPerSecond: 5, burst: 30 } }));
  const reference = await runs.serve(startFaultyWriteDaemon({}));
  [problemsAsJson, bumpsTwice, lowQuota, plain] = await Promise.all([
    conformance('problems-as-json', json, [
      '--suite',
      'generic',
      '--grep',
      '^(get_namespace_endpoint|list_namespaces_endpoint|create_namespace_endpoint) ',
    ]),
    conformance('bumps-twice', twice, [
      '--suite',
      'generic',
      '--suite',
      'behaviour/preconditions',
      '--grep',
      'namespace_operational_state_endpoint|operational state',
    ]),
    conformance('low-quota', limited, ['--suite', 'behaviour/quota', '--capability', 'quota=on']),
    // The control: what the two faulty runs check, against the same harness without faults.
    conformance('plain', reference, [
      '--suite',
      'generic',
      '--suite',
      'behaviour/preconditions',
      '--grep',
      '^(get_namespace_endpoint|list_namespaces_endpoint|create_namespace_endpoint|namespace_operational_state_endpoint) |operational state',
    ]),
  ]);
}, RUN_TIMEOUT_MS);

describe('against a daemon answering problems as application/json', () => {
  it('exits 1 with content_type_conformance failing, and the other checks passing', () => {
    expect(problemsAsJson.run.code, problemsAsJson.run.stderr).toBe(1);
    for (const operation of ['get_namespace_endpoint', 'list_namespaces_endpoint', 'create_namespace_endpoint']) {
      const failed = problemsAsJson.cases.get(`${operation} content_type_conformance`);
      expect(failed?.state, `${operation}\n${problemsAsJson.report}`).toBe('failed');
      expect(failed?.failure).toContain('Content-Type application/json is not documented');
      expect(failed?.failure).toContain('curl -i -X');
      for (const check of ['not_a_server_error', 'status_code_conformance', 'ignored_auth']) {
        expect(problemsAsJson.cases.get(`${operation} ${check}`)?.state, `${operation} ${check}`).toBe('passed');
      }
    }
  });
});

describe('against a daemon whose operational state changes add 2 to the revision', () => {
  it('exits 1: the behaviour suite catches it, though every answer is well-formed', () => {
    expect(bumpsTwice.run.code, bumpsTwice.run.stderr).toBe(1);
    expect(onlyCase(bumpsTwice, 'operational state sets the flags given')?.state).toBe('failed');
    expect(onlyCase(bumpsTwice, "'operational state': the current revision applies")?.state).toBe('failed');
    // The generic checks of the operation pass: only behaviour tests can see this fault.
    for (const check of ['status_code_conformance', 'content_type_conformance', 'response_schema_conformance']) {
      expect(bumpsTwice.cases.get(`namespace_operational_state_endpoint ${check}`)?.state, check).toBe('passed');
    }
  });
});

describe('against a daemon with a low quota', () => {
  it('the quota check runs (capability on) and passes', () => {
    expect(lowQuota.run.code, `${lowQuota.run.stdout}\n${lowQuota.run.stderr}`).toBe(0);
    expect(onlyCase(lowQuota, 'QUOTA_EXCEEDED')?.state).toBe('passed');
  });
});

describe('against the same harness without faults', () => {
  it('passes the same checks (so the faults are what the others catch)', () => {
    expect(plain.run.code, `${plain.run.stdout}\n${plain.run.stderr}`).toBe(0);
    const states = [...plain.cases.values()].map((c) => c.state);
    expect(states.filter((state) => state === 'failed')).toEqual([]);
    expect(states.filter((state) => state === 'passed').length).toBeGreaterThan(25);
    expect(onlyCase(plain, 'operational state sets the flags given')?.state).toBe('passed');
    expect(plain.cases.get('create_namespace_endpoint content_type_conformance')?.state).toBe('passed');
  });
});
