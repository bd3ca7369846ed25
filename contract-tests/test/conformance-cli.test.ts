/**
 * The conformance suite checked from the outside: `dbwire conformance` run in child processes,
 * as users run it, against deliberately faulty servers (it must fail, naming the right check) and
 * against the reference server (it must pass). All runs start together in `beforeAll`.
 */
import { describe, expect, it } from 'vitest';
import type { CaseState } from './helpers/cli.js';
import { expectAllPassed, expectExit, type Outcome, useConformanceRuns } from './helpers/conformance.js';
import { startFaultyServer, faults as typedbFaults } from './helpers/faulty-server.js';

const RUN_TIMEOUT_MS = 120_000;

const runs = useConformanceRuns('typedb');

function conformance(name: string, report: 'junit' | 'html', args: string[]): Promise<Outcome> {
  return runs.run(name, ['--suite', 'generic', ...args], report);
}

const outcomes = runs.startAll(async () => {
  const several = await runs.serve(
    startFaultyServer(
      typedbFaults.deleteMissingDatabaseIs500,
      typedbFaults.databasesWithoutName,
      typedbFaults.missingDatabaseIsGone,
      typedbFaults.versionAsText,
      typedbFaults.createUserUnvalidated,
    ),
  );
  const noAuth = await runs.serve(startFaultyServer(typedbFaults.authenticationIgnored));
  const plain = await runs.serve(startFaultyServer());
  return {
    faulty: conformance('faults', 'junit', [
      '--base-url',
      several.url,
      '--grep',
      '^(deleteDatabase|getDatabases|getDatabase|version|createUser) ',
    ]),
    authIgnored: conformance('auth-ignored', 'junit', ['--base-url', noAuth.url, '--grep', 'ignored_auth']),
    reference: conformance('reference', 'html', []),
    referenceOverHttp: conformance('reference-over-http', 'junit', ['--base-url', plain.url]),
  };
}, RUN_TIMEOUT_MS);

function stateOf(outcome: Outcome, name: string): CaseState | undefined {
  return outcome.cases.get(name)?.state;
}

describe('against a server with faults in several operations', () => {
  it('exits 1 and writes the JUnit report', () => {
    expectExit(outcomes.faulty, 1);
    expect(outcomes.faulty.report).toContain('<testsuites');
  });

  it.each([
    ['deleting a missing database answers 500', 'deleteDatabase not_a_server_error', 'server error 500'],
    [
      'database items lack the required name',
      'getDatabases response_schema_conformance',
      "must have required property 'name'",
    ],
    [
      'a missing database answers an undocumented 410',
      'getDatabase status_code_conformance',
      'status 410 is not documented',
    ],
    [
      'the version comes as text/plain',
      'version content_type_conformance',
      'Content-Type text/plain is not documented',
    ],
    [
      'createUser accepts bodies its schema forbids',
      'createUser negative_data_rejection',
      'invalid data was not rejected',
    ],
  ])('%s: %s fails', (_fault, testName, reason) => {
    const result = outcomes.faulty.cases.get(testName);
    expect(result?.state, `${testName} in\n${outcomes.faulty.report}`).toBe('failed');
    expect(result?.failure).toContain(reason);
    // The failure shows how to reproduce the request.
    expect(result?.failure).toContain('curl -i -X');
  });

  it('passes the checks the faults do not break', () => {
    for (const name of [
      'getDatabases not_a_server_error',
      'getDatabases status_code_conformance',
      'getDatabase not_a_server_error',
      'getDatabase response_schema_conformance',
      'version not_a_server_error',
      'version status_code_conformance',
      'createUser not_a_server_error',
      'createUser ignored_auth',
    ]) {
      expect(stateOf(outcomes.faulty, name), name).toBe('passed');
    }
  });
});

describe('against a server that ignores authentication', () => {
  it('exits 1 with every ignored_auth check of a secured operation failing', () => {
    expectExit(outcomes.authIgnored, 1);
    const secured = [...outcomes.authIgnored.cases].filter(
      ([name]) => name.includes('ignored_auth') && !name.includes('[not applicable'),
    );
    expect(secured.length).toBe(17);
    for (const [name, { state, failure }] of secured) {
      expect(state, name).toBe('failed');
      // A generated query may itself be refused (400), so the query operations fail either as
      // "authentication is ignored" or as "not 401"; every other operation as the former.
      const mayBeRefused = /^(query|oneShotQuery) /.test(name);
      expect(failure, name).toMatch(
        mayBeRefused ? /authentication is ignored|expected 401 to a request with/ : /authentication is ignored/,
      );
    }
    expect(stateOf(outcomes.authIgnored, 'health ignored_auth [not applicable: public operation]')).toBe('skipped');
  });
});

describe('against the reference server', () => {
  it('exits 0 in-process and writes the HTML report', () => {
    expectExit(outcomes.reference, 0);
    expect(outcomes.reference.report).toContain('<strong>0</strong> failed');
    expect(outcomes.reference.report).toContain('getDatabases response_schema_conformance');
  });

  it('exits 0 over HTTP against the same harness without faults (so the faults are what the others catch)', () => {
    expectAllPassed(outcomes.referenceOverHttp, 100);
  });
});
