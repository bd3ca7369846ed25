import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { type CaseState, type CliRun, junitCases, runDbwire } from './cli.js';
import type { RunningServer } from './faulty-server.js';

/** One test case of a run's JUnit report. */
export interface CaseResult {
  state: CaseState;
  failure: string;
}

/** What one `dbwire conformance` run left: the process, its JUnit cases by name, the report text. */
export interface Outcome {
  run: CliRun;
  cases: Map<string, CaseResult>;
  report: string;
}

export interface ConformanceRuns {
  /** Keeps a started server, to be closed after all the file's tests. */
  serve<Server extends RunningServer>(started: Promise<Server>): Promise<Server>;
  /**
   * `dbwire conformance --api <api> --report <report> --out <scratch>/<name>.<ext> <args>` in a
   * child process; the report as written (JUnit cases parsed, none for HTML).
   */
  run(name: string, args: string[], report?: 'junit' | 'html'): Promise<Outcome>;
  /** A JUnit `run` of `--base-url <server.url> --token <token> <args>`; the token defaults to the harnesses' `dev-token`. */
  runAgainst(name: string, server: RunningServer, args: string[], token?: string): Promise<Outcome>;
  /**
   * Registers the file's `beforeAll`: `start` starts the servers and returns the runs against them
   * by name, unawaited, so that they all go at once; the returned record holds their outcomes, by
   * the same names, once the hook has finished. The hook may take `hookTimeoutMs`, by default the
   * runs' own timeout (they run side by side).
   */
  startAll<Name extends string>(
    start: () => Promise<Record<Name, Promise<Outcome>>>,
    hookTimeoutMs?: number,
  ): Readonly<Record<Name, Outcome>>;
}

/**
 * The CLI tests' runs of the conformance suite for one API: a scratch folder for their reports and
 * the servers they run against, made in `beforeAll` and removed/closed in `afterAll` (the hooks are
 * registered here, so call this at the top of the test file).
 */
export function useConformanceRuns(api: string, timeoutMs?: number): ConformanceRuns {
  let dir: string | undefined;
  const servers: RunningServer[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), `dbwire-conformance-${api}-`));
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  async function run(name: string, args: string[], report: 'junit' | 'html' = 'junit'): Promise<Outcome> {
    if (dir === undefined) throw new Error('useConformanceRuns: run() before beforeAll made the scratch folder');
    const out = join(dir, `${name}.${report === 'junit' ? 'xml' : 'html'}`);
    const cli = await runDbwire(['conformance', '--api', api, '--report', report, '--out', out, ...args], timeoutMs);
    const text = await readFile(out, 'utf8').catch(() => '');
    return { run: cli, cases: report === 'junit' ? junitCases(text) : new Map(), report: text };
  }
  return {
    async serve(started) {
      const server = await started;
      servers.push(server);
      return server;
    },
    run,
    runAgainst: (name, server, args, token = 'dev-token') =>
      run(name, ['--base-url', server.url, '--token', token, ...args]),
    startAll<Name extends string>(
      start: () => Promise<Record<Name, Promise<Outcome>>>,
      hookTimeoutMs: number | undefined = timeoutMs,
    ) {
      const outcomes = {} as Record<Name, Outcome>;
      beforeAll(async () => {
        const started = Object.entries<Promise<Outcome>>(await start());
        await Promise.all(
          started.map(async ([name, outcome]) => {
            outcomes[name as Name] = await outcome;
          }),
        );
      }, hookTimeoutMs);
      return outcomes;
    },
  };
}

/** The one case whose name contains `part` (behaviour test names carry their describe blocks). */
export function onlyCase(outcome: Outcome, part: string): CaseResult | undefined {
  const matches = [...outcome.cases].filter(([name]) => name.includes(part));
  expect(
    matches.map(([name]) => name),
    `one case named like '${part}' in\n${outcome.report}`,
  ).toHaveLength(1);
  return matches[0]?.[1];
}

/** The generic checks that say an answer is well-formed, whatever its behaviour. */
export const WELL_FORMED_CHECKS = [
  'status_code_conformance',
  'content_type_conformance',
  'response_schema_conformance',
];

/** The run exited with `code` (1: some test failed); its output explains otherwise. */
export function expectExit(outcome: Outcome, code: 0 | 1): void {
  expect(outcome.run.code, `${outcome.run.stdout}\n${outcome.run.stderr}`).toBe(code);
}

/** The run passed: exit 0, no case failed, and more than `minPassed` cases passed (so it checked something). */
export function expectAllPassed(outcome: Outcome, minPassed: number): void {
  expectExit(outcome, 0);
  const states = [...outcome.cases.values()].map((c) => c.state);
  expect(states.filter((state) => state === 'failed')).toEqual([]);
  expect(states.filter((state) => state === 'passed').length).toBeGreaterThan(minPassed);
}

/** For each name part, the one case named like it (see `onlyCase`) ended in the state given. */
export function expectCases(outcome: Outcome, states: Record<string, CaseState>): void {
  for (const [part, state] of Object.entries(states)) expect(onlyCase(outcome, part)?.state, part).toBe(state);
}

/** The generic `checks` of `operation` passed: the answers a fault elsewhere changed are still well-formed. */
export function expectChecksPassed(outcome: Outcome, operation: string, checks: string[] = WELL_FORMED_CHECKS): void {
  for (const check of checks) {
    expect(outcome.cases.get(`${operation} ${check}`)?.state, `${operation} ${check}`).toBe('passed');
  }
}
