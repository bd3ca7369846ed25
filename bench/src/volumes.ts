/**
 * `npm run bench:volumes`: throughput of the reference volumes store over HTTP on 127.0.0.1, each
 * figure next to a baseline measured on the same server in the same rounds. See ../README.md
 * ("Volumes store").
 *
 * - put/<mode>-<n>: `PUT .../entries/{path}` of JSON entries of about 1 KB, n concurrent clients,
 *   every write to a new path, on a volume with `indexing_mode` auto (chunked, embedded and indexed
 *   in the write's transaction) or disabled (stored only): the difference is the indexing cost.
 * - get-entry: `GET .../entries/{path}` of random entries of the search volume.
 * - search-<n>: `POST .../search` over the search volume (10 000 entries by default, written
 *   through HTTP by many concurrent clients before the rounds), built-in hashing embedder.
 * - get-volume: `GET .../volumes/{id}`, the store's cheapest authenticated call (the baseline).
 *
 * Every answer is checked, an unexpected one refuses the run; at the end every volume must hold
 * exactly the entries whose writes were acknowledged, indexed as its mode says.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { CLIENTS, type IntegerOption, roundOptions, roundsUsage } from './config.js';
import { type EngineBench, type EngineBenchConfig, runEngineBench } from './engine-bench.js';
import { ENGINES_USAGE, type EngineId, type EngineServer, readEngineBenchOptions } from './engines.js';
import { type EngineTarget, print, sampleHead, summaryHead, type TargetSample, type TargetSummary } from './harness.js';
import type { Http, Reply } from './http.js';
import {
  type AnswersSample,
  answersProblem,
  answersSample,
  type Call,
  PooledLatencies,
  runClients,
  summariseAnswers,
} from './measurement.js';
import { fixed } from './stats.js';
import { entryContent, searchQueries, writeBody } from './volumes-data.js';

const RESULTS = fileURLToPath(new URL('../results/', import.meta.url));
const NAME = 'dbwire bench (volumes)';

// ------------------------------------------------------------------------------------------------
// Configuration
// ------------------------------------------------------------------------------------------------

export interface VolumesConfig extends EngineBenchConfig {
  /** Concurrent clients of get-volume, get-entry, put/<mode>-<n> and search-<n> (the other count is 1). */
  clients: number;
  /** Entries of the search volume. */
  entries: number;
  /** Concurrent clients writing the search volume's entries before the rounds. */
  populateClients: number;
  /** Approximate size of an entry's JSON content, in bytes. */
  entryBytes: number;
  /** Results asked of each search (`limit`). */
  searchLimit: number;
  /** Fewest searches a search measurement completes, past its duration if need be (for its percentiles). */
  searches: number;
}

// Eight targets per engine, each warmed up: 2 s measurements keep one engine near 80 s.
const ROUNDS = roundOptions(2);

export const USAGE = `Usage: npm run bench:volumes [-- options]

Throughput of the reference volumes store over HTTP on 127.0.0.1: PUT of JSON entries (1 and n
clients, new paths, on a volume indexed on write and on one with indexing disabled), GET of entries,
and semantic search over a volume of 10 000 entries (1 and n clients, the built-in hashing
embedder), next to GET of a volume on the same server measured in the same interleaved rounds.
Every answer is checked, and at the end every volume's entries. Every option can also be set
through the environment variable in brackets.

Options:
${ENGINES_USAGE}
${roundsUsage(ROUNDS, 26)}
  --clients <n>           Concurrent clients of the many-client targets (BENCH_CLIENTS, default 8)
  --entries <n>           Entries of the searched volume (BENCH_ENTRIES, default 10000)
  --populate-clients <n>  Concurrent writers filling it (BENCH_POPULATE_CLIENTS, default 16)
  --entry-bytes <n>       Size of an entry's JSON content (BENCH_ENTRY_BYTES, default 1024)
  --search-limit <n>      limit of each search, 1 to 50 (BENCH_SEARCH_LIMIT, default 10)
  --searches <n>          Fewest searches per search measurement, which runs past its duration
                          until it has them (BENCH_SEARCHES, default 30)
  --out <file>            JSON results (BENCH_OUT_VOLUMES, default results/volumes-<engines>.json in the bench folder)
  -h, --help              Show this help
`;

const OPTIONS: Record<Exclude<keyof VolumesConfig, 'out' | 'engines'>, IntegerOption> = {
  ...ROUNDS,
  clients: { ...CLIENTS, min: 2 },
  entries: { flag: 'entries', variable: 'BENCH_ENTRIES', fallback: 10_000, min: 1, max: 1_000_000 },
  populateClients: { flag: 'populate-clients', variable: 'BENCH_POPULATE_CLIENTS', fallback: 16, min: 1, max: 256 },
  entryBytes: { flag: 'entry-bytes', variable: 'BENCH_ENTRY_BYTES', fallback: 1024, min: 100, max: 500_000 },
  searchLimit: { flag: 'search-limit', variable: 'BENCH_SEARCH_LIMIT', fallback: 10, min: 1, max: 50 },
  // A search of 10 000 entries takes a few hundred ms: 2 s would give a handful of latencies.
  searches: { flag: 'searches', variable: 'BENCH_SEARCHES', fallback: 30, min: 0, max: 100_000 },
};

/** Reads flags, then the environment, then defaults; throws on a bad value. */
export function readVolumesConfig(argv: string[], env: NodeJS.ProcessEnv): VolumesConfig | 'help' {
  return readEngineBenchOptions(argv, env, OPTIONS, (engines) => ({
    variable: 'BENCH_OUT_VOLUMES',
    fallback: join(RESULTS, `volumes-${engines.join('-')}.json`),
  }));
}

// ------------------------------------------------------------------------------------------------
// The store: volumes, paths and answers
// ------------------------------------------------------------------------------------------------

/** The volumes store's development token and the tenant it is bound to. */
const TOKEN = 'dev-token';
const VOLUMES = '/v1/orgs/dev-org/workspaces/dev-workspace/volumes';
/** Directories the search volume's entries are spread over (so the final listings stay small). */
const SEARCH_DIRECTORIES = 16;
/** Distinct queries the search clients take turns with. */
const QUERIES = searchQueries(64);
/** Entries of the search volume the final check looks up by their own body text. */
const SPOT_CHECKS = 5;

type IndexingMode = 'auto' | 'disabled';

interface Entry {
  entry_id: string;
  path: string;
  content: { serial?: number } | null;
  is_indexed: boolean;
  total_chunks: number;
}

interface SearchResponse {
  results: Array<{ volume_id: string; path: string; score: number }>;
  query: string;
  total: number;
}

const volumePath = (id: string) => `${VOLUMES}/${encodeURIComponent(id)}`;
const entryUrl = (volume: string, path: string) => `${volumePath(volume)}/entries/${path}`;
const searchPath = (serial: number) => `docs/${serial % SEARCH_DIRECTORIES}/e${serial}.json`;

async function createVolume(http: Http, name: string, mode: IndexingMode): Promise<string> {
  const reply = await http.send(
    'POST',
    VOLUMES,
    JSON.stringify({ name, environment_id: 'bench', indexing_mode: mode, description: `dbwire bench: ${name}` }),
  );
  if (reply.status !== 201) throw new Error(`creating volume ${name}: ${reply.status} ${reply.text.slice(0, 500)}`);
  const { volume } = JSON.parse(reply.text) as { volume: { volume_id: string; indexing_mode: string } };
  if (volume.indexing_mode !== mode)
    throw new Error(`volume ${name} was created with indexing_mode ${volume.indexing_mode}`);
  return volume.volume_id;
}

/** Why a PUT's answer is not the entry it wrote (indexed as `mode` says), or undefined. */
function writeProblem(reply: Reply, path: string, serial: number, mode: IndexingMode): string | undefined {
  if (reply.status !== 200) return `PUT ${path}: ${reply.status} ${reply.text.slice(0, 300)}`;
  const { message, entry } = JSON.parse(reply.text) as { message: string; entry: Entry };
  if (message !== 'Entry written successfully' || entry.path !== path || entry.content?.serial !== serial) {
    return `PUT ${path} answered ${reply.text.slice(0, 300)}`;
  }
  return indexProblem(entry, mode);
}

/** Why an entry's index state is not what its volume's mode says, or undefined. */
function indexProblem(entry: Entry, mode: IndexingMode): string | undefined {
  const indexed = mode === 'auto';
  if (entry.is_indexed !== indexed || (indexed ? entry.total_chunks < 1 : entry.total_chunks !== 0)) {
    return `${entry.path} on an indexing_mode ${mode} volume: is_indexed ${entry.is_indexed}, total_chunks ${entry.total_chunks}`;
  }
  return undefined;
}

/**
 * Writes entries 0 to count - 1 of the search volume through HTTP, `clients` at a time; every
 * answer checked. Answers the seconds it took.
 */
async function populate(http: Http, volume: string, count: number, clients: number, bytes: number) {
  const began = performance.now();
  let next = 0;
  const writer = async () => {
    for (let serial = next++; serial < count; serial = next++) {
      const path = searchPath(serial);
      const reply = await http.send('PUT', entryUrl(volume, path), writeBody(serial, bytes));
      const problem = writeProblem(reply, path, serial, 'auto');
      if (problem) throw new Error(`populating the search volume: ${problem}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(clients, count) }, writer));
  return (performance.now() - began) / 1000;
}

// ------------------------------------------------------------------------------------------------
// Workloads and targets
// ------------------------------------------------------------------------------------------------

type Kind = 'get-volume' | 'get-entry' | 'put' | 'search';

interface Workload {
  id: string;
  kind: Kind;
  clients: number;
  /** put: the mode of the volume written. */
  mode?: IndexingMode;
  description: string;
}

function workloads(config: VolumesConfig): Workload[] {
  const n = config.clients;
  const puts = (['auto', 'disabled'] as const).flatMap((mode) =>
    [1, n].map(
      (clients): Workload => ({
        id: `put/${mode}-${clients}`,
        kind: 'put',
        clients,
        mode,
        description: `PUT of ~${config.entryBytes} B JSON entries to new paths, ${clients} client(s), indexing_mode ${mode}`,
      }),
    ),
  );
  return [
    {
      id: 'get-volume',
      kind: 'get-volume',
      clients: n,
      description: `GET a volume, ${n} clients (the baseline: the cheapest authenticated call, one storage read)`,
    },
    {
      id: 'get-entry',
      kind: 'get-entry',
      clients: n,
      description: `GET a random entry of the search volume, ${n} clients`,
    },
    ...puts,
    ...[1, n].map(
      (clients): Workload => ({
        id: `search-${clients}`,
        kind: 'search',
        clients,
        description: `POST search (limit ${config.searchLimit}) over the ${config.entries} entries of the search volume, ${clients} client(s)`,
      }),
    ),
  ];
}

interface EngineUnderTest extends EngineServer {
  /** Volume ids: the searched one (auto, populated) and the two written by the put workloads. */
  volumes: { search: string; auto: string; disabled: string };
  /** Seconds the search volume took to populate. */
  populateSeconds: number;
  /** Paths acknowledged by the put workloads, per directory (warm-ups included). */
  written: Map<string, Set<string>>;
  /** Next serial of each put client, by directory: every write goes to a new path. */
  next: Map<string, number>;
}

type Target = EngineTarget<EngineUnderTest, Workload>;

// ------------------------------------------------------------------------------------------------
// Measurements
// ------------------------------------------------------------------------------------------------

interface VolumesSample extends TargetSample<EngineId>, AnswersSample {
  latencyP95Ms: number;
}

/** The calls of client `index` of `workload` on `engine`. */
function calls(engine: EngineUnderTest, workload: Workload, index: number, config: VolumesConfig): () => Call {
  const { volumes } = engine;
  switch (workload.kind) {
    case 'get-volume': {
      const path = volumePath(volumes.search);
      return () => ({
        method: 'GET',
        path,
        check: (reply) => {
          const volume = JSON.parse(reply.text) as { volume_id: string; name: string };
          return volume.volume_id === volumes.search && volume.name === 'search'
            ? undefined
            : `get-volume answered ${reply.text.slice(0, 200)}`;
        },
      });
    }
    case 'get-entry':
      return () => {
        const serial = Math.floor(Math.random() * config.entries);
        const path = searchPath(serial);
        return {
          method: 'GET',
          path: entryUrl(volumes.search, path),
          check: (reply) => {
            const entry = JSON.parse(reply.text) as Entry;
            if (entry.path !== path || entry.content?.serial !== serial) {
              return `GET ${path} answered ${reply.text.slice(0, 200)}`;
            }
            return indexProblem(entry, 'auto');
          },
        };
      };
    case 'put': {
      const mode = workload.mode as IndexingMode;
      const directory = `n${workload.clients}/c${index}/`;
      const key = `${mode}:${directory}`;
      const written = engine.written.get(key) ?? new Set<string>();
      engine.written.set(key, written);
      return () => {
        const serial = engine.next.get(key) ?? 0;
        engine.next.set(key, serial + 1);
        const path = `${directory}e${serial}.json`;
        return {
          method: 'PUT',
          path: entryUrl(volumes[mode], path),
          body: writeBody(serial, config.entryBytes),
          check: (reply) => writeProblem(reply, path, serial, mode),
          acknowledged: () => written.add(path),
        };
      };
    }
    case 'search': {
      let turn = index;
      const path = `${volumePath(volumes.search)}/search`;
      return () => {
        const query = QUERIES[turn++ % QUERIES.length] as string;
        return {
          method: 'POST',
          path,
          body: JSON.stringify({ query, limit: config.searchLimit }),
          check: (reply) => searchProblem(reply, query, volumes.search, Math.min(config.searchLimit, config.entries)),
        };
      };
    }
  }
}

/** Why a search answer is wrong: not `expected` results of the search volume, best first, or undefined. */
function searchProblem(reply: Reply, query: string, volume: string, expected: number): string | undefined {
  const answer = JSON.parse(reply.text) as SearchResponse;
  const { results } = answer;
  if (answer.query !== query || answer.total !== results.length || results.length !== expected) {
    return `search '${query}' answered ${results.length} results (total ${answer.total}), expected ${expected}`;
  }
  for (const [i, result] of results.entries()) {
    if (result.volume_id !== volume || !result.path.startsWith('docs/') || !(result.score >= 0 && result.score <= 1)) {
      return `search '${query}' answered ${JSON.stringify(result).slice(0, 200)}`;
    }
    if (i > 0 && result.score > (results[i - 1]?.score ?? 1)) return `search '${query}' is not ordered by score`;
  }
  return undefined;
}

async function measure(
  target: Target,
  config: VolumesConfig,
  seconds: number,
  round: number,
  phase: 'warmup' | 'measure',
): Promise<VolumesSample> {
  const { engine, workload } = target;
  // Search measurements also wait for `searches` answers (the clients' last ones may add a few more).
  const fewest = workload.kind === 'search' && phase === 'measure' ? config.searches : 0;
  const { tally, elapsed } = await runClients(engine.http, {
    clients: workload.clients,
    seconds,
    calls: (index) => calls(engine, workload, index, config),
    done: (tally, timeUp) => timeUp && tally.completed >= fewest,
  });
  if (phase === 'measure') measuredLatencies.add(target.id, tally.latencies);
  return {
    ...sampleHead(target, round),
    ...answersSample(tally, elapsed, LATENCY_QUANTILES),
  };
}

const LATENCY_QUANTILES = { latencyP50Ms: 0.5, latencyP95Ms: 0.95, latencyP99Ms: 0.99 };

/** Every measured latency of each target, over all rounds (the summary's percentiles). */
const measuredLatencies = new PooledLatencies();

// ------------------------------------------------------------------------------------------------
// The final check
// ------------------------------------------------------------------------------------------------

interface VolumeCheck {
  engine: EngineId;
  volume: string;
  mode: IndexingMode;
  /** Live entries listed, and the entries whose writes were acknowledged. */
  entries: number;
  /** Results of one search of the volume. */
  searchResults: number;
}

async function listed(http: Http, volume: string, directory: string): Promise<Entry[]> {
  const listing = await http.ok<{ entries: Entry[] }>(
    'GET',
    `${volumePath(volume)}/list?path=${encodeURIComponent(directory)}`,
  );
  return listing.entries;
}

/** Throws unless the listed entries of `directory` are exactly `expected`, indexed as `mode` says. */
async function checkDirectory(
  http: Http,
  volume: string,
  directory: string,
  expected: Set<string>,
  mode: IndexingMode,
) {
  const entries = await listed(http, volume, directory);
  const paths = new Set(entries.map((entry) => entry.path));
  const missing = [...expected].filter((path) => !paths.has(path));
  const extra = [...paths].filter((path) => !expected.has(path));
  if (missing.length > 0 || extra.length > 0 || entries.length !== expected.size) {
    throw new Error(
      `${directory}: ${entries.length} entries listed, ${expected.size} acknowledged; ` +
        `missing ${missing.slice(0, 3).join(', ') || 'none'}, unexpected ${extra.slice(0, 3).join(', ') || 'none'}`,
    );
  }
  for (const entry of entries) {
    const problem = indexProblem(entry, mode);
    if (problem) throw new Error(problem);
  }
  return entries.length;
}

async function search(http: Http, volume: string, query: string, limit: number): Promise<SearchResponse> {
  return http.ok<SearchResponse>('POST', `${volumePath(volume)}/search`, { query, limit });
}

/**
 * Throws unless every volume holds exactly the entries acknowledged on it, each indexed as the
 * volume's mode says; a search of the disabled volume answers nothing and one of the auto volume
 * answers results; and a search for a searched entry's own body text finds that entry first.
 */
async function check(engine: EngineUnderTest, config: VolumesConfig): Promise<VolumeCheck[]> {
  const { http, volumes } = engine;
  const where = (text: string) => `${engine.id}: ${text}`;
  const checks: VolumeCheck[] = [];

  let searchEntries = 0;
  for (let directory = 0; directory < SEARCH_DIRECTORIES; directory++) {
    const expected = new Set<string>();
    for (let serial = directory; serial < config.entries; serial += SEARCH_DIRECTORIES)
      expected.add(searchPath(serial));
    searchEntries += await checkDirectory(http, volumes.search, `docs/${directory}/`, expected, 'auto');
  }
  for (let i = 0; i < Math.min(SPOT_CHECKS, config.entries); i++) {
    const serial = Math.floor((i * config.entries) / SPOT_CHECKS);
    const { body } = entryContent(serial, config.entryBytes);
    const found = await search(http, volumes.search, body.slice(0, 4000), 1);
    if (found.results[0]?.path !== searchPath(serial)) {
      throw new Error(
        where(`a search for ${searchPath(serial)}'s body text found ${found.results[0]?.path ?? 'nothing'}`),
      );
    }
  }
  const probe = QUERIES[0] as string;
  checks.push({
    engine: engine.id,
    volume: 'search',
    mode: 'auto',
    entries: searchEntries,
    searchResults: (await search(http, volumes.search, probe, config.searchLimit)).total,
  });

  for (const mode of ['auto', 'disabled'] as const) {
    let entries = 0;
    for (const [key, paths] of engine.written) {
      const [keyMode, directory] = key.split(':') as [string, string];
      if (keyMode === mode) entries += await checkDirectory(http, volumes[mode], directory, paths, mode);
    }
    const results = (await search(http, volumes[mode], probe, config.searchLimit)).total;
    const expected = mode === 'disabled' ? 0 : Math.min(config.searchLimit, entries);
    if (results !== expected) {
      throw new Error(where(`a search of the ${mode} volume answered ${results} results, expected ${expected}`));
    }
    checks.push({ engine: engine.id, volume: `put-${mode}`, mode, entries, searchResults: results });
  }
  return checks;
}

// ------------------------------------------------------------------------------------------------
// Main
// ------------------------------------------------------------------------------------------------

interface Summary extends TargetSummary<EngineId> {
  /** Median requests/s over the rounds. */
  perSecond: number;
  /** perSecond / the same engine's get-volume req/s. */
  ratioToGetVolume: number;
  /** Latencies measured over all rounds, which the percentiles are of. */
  latencies: number;
  latencyP50Ms: number;
  latencyP95Ms: number;
  latencyP99Ms: number;
  spread: number;
}

function summarise(samples: readonly VolumesSample[], target: Target): Summary {
  // Percentiles of every round's latencies together: the search targets have a few dozen a round,
  // too few for a p99 of each round.
  const { perSecond, ratio, latencies, latencyP50Ms, latencyP95Ms, latencyP99Ms, spread } = summariseAnswers(
    samples,
    target.id,
    `${target.engine.id}/get-volume`,
    measuredLatencies,
    LATENCY_QUANTILES,
  );
  return {
    ...summaryHead(target),
    perSecond,
    ratioToGetVolume: ratio,
    latencies,
    latencyP50Ms,
    latencyP95Ms,
    latencyP99Ms,
    spread,
  };
}

process.exitCode = await runEngineBench(
  () => readVolumesConfig(process.argv.slice(2), process.env),
  USAGE,
  (config): EngineBench<EngineUnderTest, Workload, VolumesSample, Summary> => ({
    name: NAME,
    scenario: 'volumes',
    server: {
      script: new URL('./volumes-server.ts', import.meta.url),
      token: TOKEN,
      sockets: Math.max(config.clients, config.populateClients),
    },
    workloads: workloads(config),
    plan: { width: 16, after: 'the checks' },
    setUp: async (server): Promise<EngineUnderTest> => {
      const { http } = server;
      const volumes = {
        search: await createVolume(http, 'search', 'auto'),
        auto: await createVolume(http, 'put-auto', 'auto'),
        disabled: await createVolume(http, 'put-disabled', 'disabled'),
      };
      const populateSeconds = await populate(
        http,
        volumes.search,
        config.entries,
        config.populateClients,
        config.entryBytes,
      );
      print(
        `  ${server.id}: wrote the search volume's ${config.entries} entries through HTTP, ${config.populateClients} clients, ` +
          `in ${fixed(populateSeconds, 1)} s (${fixed(config.entries / populateSeconds, 0)} entries/s)`,
      );
      return {
        ...server,
        description: `${server.description}; search volume populated in ${fixed(populateSeconds, 1)} s`,
        volumes,
        populateSeconds,
        written: new Map(),
        next: new Map(),
      };
    },
    measure: {
      run: (target, seconds, round, phase) => measure(target, config, seconds, round, phase),
      problemOf: answersProblem,
      line: (sample) =>
        `  round ${sample.round}  ${sample.target.padEnd(26)}  ${fixed(sample.perSecond, 0).padStart(6)} req/s  ` +
        `p50 ${fixed(sample.latencyP50Ms, 2)} ms  p95 ${fixed(sample.latencyP95Ms, 2)} ms  p99 ${fixed(sample.latencyP99Ms, 2)} ms`,
    },
    check: async (engines) => {
      print('\nchecking every volume (entries listed = writes acknowledged, index state, searches)...');
      const checks: VolumeCheck[] = [];
      for (const engine of engines) checks.push(...(await check(engine, config)));
      for (const volume of checks) {
        print(
          `  ok: ${volume.engine} ${volume.volume} (${volume.mode}): ${volume.entries} entries, a search answers ${volume.searchResults}`,
        );
      }
      return checks;
    },
    summarise,
    report: {
      header: ['target', 'clients', 'req/s', '/ get-volume', 'requests', 'p50 ms', 'p95 ms', 'p99 ms', 'spread'],
      row: (summary) => [
        summary.target,
        String(summary.clients),
        fixed(summary.perSecond, 0),
        fixed(summary.ratioToGetVolume, 3),
        String(summary.latencies),
        fixed(summary.latencyP50Ms, 2),
        fixed(summary.latencyP95Ms, 2),
        fixed(summary.latencyP99Ms, 2),
        `${fixed(summary.spread * 100, 1)} %`,
      ],
      legend: [
        'req/s         acknowledged and checked answers per second, all clients together (median of the rounds)',
        "/ get-volume  divided by the same engine's GET-a-volume req/s, measured in the same rounds on the same server",
        'requests      measured requests, all rounds together; the percentiles are of their latencies',
        'p50..p99      latency of one request as its client saw it (send to parsed answer), in ms',
        'spread        (max - min) / median of req/s over the rounds; above ~10 % the machine was busy',
      ],
    },
    describeEngine: ({ id, description, populateSeconds }) => ({
      id,
      description,
      population: {
        how: `PUT through HTTP, ${config.populateClients} concurrent clients`,
        entries: config.entries,
        seconds: populateSeconds,
        entriesPerSecond: config.entries / populateSeconds,
      },
    }),
    baseline: "GET /v1/orgs/dev-org/workspaces/dev-workspace/volumes/{id} on the same engine's server, same rounds",
  }),
);
