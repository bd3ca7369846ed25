/**
 * The write-daemon conformance suite checked from the outside, like conformance-cli.test.ts does
 * for TypeDB: `dbwire conformance --api write-daemon` in child processes against deliberately
 * faulty daemons (the reference binding wrapped in test code) must fail, naming the right check;
 * against a daemon with a low quota the quota check (capability `quota`) must pass; against the
 * same harness without faults the generic checks must pass.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaseState, type CliRun, junitCases, runDbwire } from './helpers/cli.js';
import { type RunningServer, startFaultyWriteDaemon, writeDaemonFaults } from './helpers/faulty-server.js';

const RUN_TIMEOUT_MS = 120_000;

interface Outcome {
  run: CliRun;
  cases: Map<string, { state: CaseState; failure: string }>;
  report: string;
}

let dir: string;
const servers: RunningServer[] = [];
let problemsAsJson: Outcome;
let bumpsTwice: Outcome;
let lowQuota: Outcome;
let plain: Outcome;

async function conformance(name: string, server: RunningServer, args: string[]): Promise<Outcome> {
  const out = join(dir, `${name}.xml`);
  const run = await runDbwire(
    [
      'conformance',
      '--api',
      'write-daemon',
      '--base-url',
      server.url,
      '--token',
      'dev-token',
      '--report',
      'junit',
      '--out',
      out,
      ...args,
    ],
    RUN_TIMEOUT_MS,
  );
  const text = await readFile(out, 'utf8').catch(() => '');
  return { run, cases: junitCases(text), report: text };
}

/** The one case whose name contains `part` (behaviour test names carry their describe blocks). */
function find(outcome: Outcome, part: string): { state: CaseState; failure: string } | undefined {
  const matches = [...outcome.cases].filter(([name]) => name.includes(part));
  expect(
    matches.map(([name]) => name),
    `one case named like '${part}' in\n${outcome.report}`,
  ).toHaveLength(1);
  return matches[0]?.[1];
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dbwire-conformance-wd-'));
  const json = await startFaultyWriteDaemon({}, writeDaemonFaults.problemsAsJson);
  const twice = await startFaultyWriteDaemon({}, writeDaemonFaults.operationalStateBumpsTwice);
  const limited = await startFaultyWriteDaemon({ quota: { requestsPerSecond: 5, burst: 30 } });
  const reference = await startFaultyWriteDaemon({});
  servers.push(json, twice, limited, reference);
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

afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

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
    expect(find(bumpsTwice, 'operational state sets the flags given')?.state).toBe('failed');
    expect(find(bumpsTwice, "'operational state': the current revision applies")?.state).toBe('failed');
    // The generic checks of the operation pass: only behaviour tests can see this fault.
    for (const check of ['status_code_conformance', 'content_type_conformance', 'response_schema_conformance']) {
      expect(bumpsTwice.cases.get(`namespace_operational_state_endpoint ${check}`)?.state, check).toBe('passed');
    }
  });
});

describe('against a daemon with a low quota', () => {
  it('the quota check runs (capability on) and passes', () => {
    expect(lowQuota.run.code, `${lowQuota.run.stdout}\n${lowQuota.run.stderr}`).toBe(0);
    expect(find(lowQuota, 'QUOTA_EXCEEDED')?.state).toBe('passed');
  });
});

describe('against the same harness without faults', () => {
  it('passes the same checks (so the faults are what the others catch)', () => {
    expect(plain.run.code, `${plain.run.stdout}\n${plain.run.stderr}`).toBe(0);
    const states = [...plain.cases.values()].map((c) => c.state);
    expect(states.filter((state) => state === 'failed')).toEqual([]);
    expect(states.filter((state) => state === 'passed').length).toBeGreaterThan(25);
    expect(find(plain, 'operational state sets the flags given')?.state).toBe('passed');
    expect(plain.cases.get('create_namespace_endpoint content_type_conformance')?.state).toBe('passed');
  });
});
