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
  serve(started: Promise<RunningServer>): Promise<RunningServer>;
  /**
   * `dbwire conformance --api <api> --report <report> --out <scratch>/<name>.<ext> <args>` in a
   * child process; the report as written (JUnit cases parsed, none for HTML).
   */
  run(name: string, args: string[], report?: 'junit' | 'html'): Promise<Outcome>;
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
  return {
    async serve(started) {
      const server = await started;
      servers.push(server);
      return server;
    },
    async run(name, args, report = 'junit') {
      if (dir === undefined) throw new Error('useConformanceRuns: run() before beforeAll made the scratch folder');
      const out = join(dir, `${name}.${report === 'junit' ? 'xml' : 'html'}`);
      const run = await runDbwire(['conformance', '--api', api, '--report', report, '--out', out, ...args], timeoutMs);
      const text = await readFile(out, 'utf8').catch(() => '');
      return { run, cases: report === 'junit' ? junitCases(text) : new Map(), report: text };
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
