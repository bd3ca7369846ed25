/**
 * The run of a bench on storage engines over HTTP (write daemon, Iceberg, volumes): a server child
 * per engine on a fresh store, set up; every workload on every engine measured in interleaved
 * rounds after a priming pass, every warm-up checked as a measurement is; the final check; the
 * report; the results file. Each bench says what is particular to it in an `EngineBench`.
 */
import { configOrExitCode } from './config.js';
import { type EngineId, type EngineServer, startEngineServers } from './engines.js';
import {
  byTarget,
  type Cleanups,
  type EngineTarget,
  engineTargets,
  type Measure,
  printPlan,
  printReport,
  type RoundSettings,
  runBench,
  runRounds,
  type TargetSample,
  type TargetSummary,
} from './harness.js';

export interface EngineBenchConfig extends RoundSettings {
  engines: EngineId[];
  out: string;
}

export interface EngineBench<
  E extends EngineServer,
  W extends { id: string; clients: number; description: string },
  S extends TargetSample<EngineId>,
  R extends TargetSummary<EngineId>,
> {
  /** `dbwire bench (<name>)`, for the plan and the errors. */
  name: string;
  /** The scenario named in the results file. */
  scenario: string;
  /** The server child (child.ts `serveEngineChild`), the token its API accepts, and the sockets a client needs. */
  server: {
    script: URL;
    token: string;
    sockets: number;
    /** More environment and description for an engine's child (engines.ts `startEngineServers`). */
    prepare?: (engine: EngineId, cleanups: Cleanups) => Promise<{ env: NodeJS.ProcessEnv; description: string }>;
  };
  workloads: readonly W[];
  /** A workload's name in its targets' ids (default: its id). */
  workloadName?: (workload: W) => string;
  /** The plan's column of workload names, and what the run takes on top of the rounds. */
  plan: { width: number; after: string };
  /**
   * Sets up what every workload needs on an engine's server; what it opens (a client with a token
   * the server minted, say) it closes through `cleanups`.
   */
  setUp(server: EngineServer, cleanups: Cleanups): Promise<E>;
  measure: Measure<EngineTarget<E, W>, S>;
  /** Throws unless every engine holds exactly what was acknowledged; says so; answers what it checked. */
  check(engines: readonly E[]): Promise<unknown[]>;
  summarise(samples: readonly S[], target: EngineTarget<E, W>): R;
  report: { header: readonly string[]; row: (summary: R) => string[]; legend: readonly string[] };
  /** An engine in the results file (default: its id and description). */
  describeEngine?: (engine: E) => object;
  /** What every target's rate is divided by, in the results file. */
  baseline: string;
}

/**
 * Runs the bench `spec` describes for the configuration `read` from the arguments and the
 * environment (or prints `usage`). Returns the exit code: 0, 1 after a failure, 2 for bad options.
 */
export async function runEngineBench<
  C extends EngineBenchConfig,
  E extends EngineServer,
  W extends { id: string; clients: number; description: string },
  S extends TargetSample<EngineId>,
  R extends TargetSummary<EngineId>,
>(read: () => C | 'help', usage: string, spec: (config: C) => EngineBench<E, W, S, R>): Promise<number> {
  const config = configOrExitCode(read, usage);
  if (typeof config === 'number') return config;
  const bench = spec(config);
  return runBench(bench.name, async ({ cleanups, finish }) => {
    const { script, prepare } = bench.server;
    const servers = await startEngineServers(config.engines, script, bench.server, cleanups, prepare);
    const engines: E[] = [];
    for (const server of servers) engines.push(await bench.setUp(server, cleanups));
    const name = bench.workloadName ?? ((workload: W) => workload.id);
    const targets = engineTargets(engines, bench.workloads, name);
    printPlan(bench.name, config, {
      targets: targets.length,
      after: bench.plan.after,
      engines,
      workloads: bench.workloads.map((workload) => ({ id: name(workload), description: workload.description })),
      width: bench.plan.width,
    });

    const samples = await runRounds(config, targets, bench.measure, { prime: true, checkWarmups: true });
    const checks = await bench.check(engines);
    const summaries = targets.map((target) => bench.summarise(samples, target));
    printReport(bench.report.header, summaries.map(bench.report.row), bench.report.legend);

    await finish(config, bench.scenario, {
      engines: engines.map(bench.describeEngine ?? (({ id, description }) => ({ id, description }))),
      workloads: bench.workloads,
      baseline: bench.baseline,
      samples,
      medians: byTarget(summaries),
      checks,
    });
  });
}
