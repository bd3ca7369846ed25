/**
 * Schemathesis (https://schemathesis.readthedocs.io), the independent Python API fuzzer, against
 * the reference server: an outside check beside our own conformance suite, with its own request
 * generation (Hypothesis), its own reading of OpenAPI 3.1 and its own checks, including some ours
 * lacks (positive_data_acceptance, unsupported_method, missing_required_header, the stateful
 * use_after_free / ensure_resource_availability).
 *
 * Three runs, one per API, each with its own configuration, checks and adjustments:
 * schemathesis/schemathesis.toml and hooks.py (TypeDB), schemathesis/write-daemon.toml and
 * write_daemon_hooks.py (the write daemon), schemathesis/iceberg.toml and iceberg_hooks.py (the
 * Iceberg REST catalog).
 * The version is pinned in schemathesis/requirements.txt; CI installs it and sets
 * DBWIRE_REQUIRE_SCHEMATHESIS=1. Elsewhere the test is skipped, visibly, when Schemathesis is not
 * installed.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MetadataFiles } from '@dbwire/reference/iceberg';
import { type RunningServer, startReferenceServer } from '@dbwire/reference-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { generationSettings } from '../src/generic/settings.js';
import { QUICKSTART_DATA, QUICKSTART_SCHEMA } from '../src/typedb/typeql.js';
import { junitCases } from './helpers/cli.js';

const CONFIG_DIR = fileURLToPath(new URL('../schemathesis/', import.meta.url));
const resolveSpec = (name: string) => createRequire(import.meta.url).resolve(`@dbwire/specs/${name}`);
const SPEC = resolveSpec('typedb.yaml');
const WRITE_DAEMON_SPEC = resolveSpec('write-daemon.yaml');
const ICEBERG_SPEC = resolveSpec('iceberg.yaml');
/** The development token of the reference write daemon and Iceberg catalog (their default token tables). */
const DEV_TOKEN = 'dev-token';
/**
 * Each run is bounded: Schemathesis is killed after this, the test fails before vitest's own
 * timeout. The three runs go at once (each is a Python process trading requests with the one
 * server), so each gets the time of a run on a busy machine.
 */
const RUN_TIMEOUT_MS = 150_000;
const TEST_TIMEOUT_MS = 170_000;

interface Schemathesis {
  /** The command that runs Schemathesis, before its own arguments. */
  command: readonly string[];
  version: string;
}

/**
 * The first of the usual ways to run Schemathesis that answers `--version` as Schemathesis: the
 * module of the default Python (what `pip install` as root gives), then the scripts on PATH (a
 * virtualenv, pipx). The output is checked because `st` is also the name of a terminal emulator.
 */
function findSchemathesis(): Schemathesis | undefined {
  const candidates = [['python3', '-m', 'schemathesis.cli'], ['schemathesis'], ['st']];
  for (const [program = '', ...args] of candidates) {
    const probe = spawnSync(program, [...args, '--version'], { encoding: 'utf8', timeout: 30_000 });
    const version = /\bversion (\d+\.\d+\.\d+\S*)/.exec(probe.stdout ?? '')?.[1];
    if (probe.status === 0 && version && /schemathesis|^st\b/.test(probe.stdout)) {
      return { command: [program, ...args], version };
    }
  }
  return undefined;
}

/** The version requirements.txt pins. */
function pinnedVersion(): string | undefined {
  const requirements = readFileSync(join(CONFIG_DIR, 'requirements.txt'), 'utf8');
  return /^schemathesis==(\S+)/m.exec(requirements)?.[1];
}

/** `GET /health`-style labels of every operation in a spec, as Schemathesis names its test cases. */
function operationLabels(specPath: string): string[] {
  const spec = parse(readFileSync(specPath, 'utf8')) as { paths: Record<string, Record<string, unknown>> };
  const methods = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
  return Object.entries(spec.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((key) => methods.has(key))
      .map((method) => `${method.toUpperCase()} ${path}`),
  );
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  timedOut: boolean;
}

/** Runs Schemathesis in a child process (asynchronously: the server under test runs in this one). */
function runSchemathesis(command: readonly string[], args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const [program = '', ...rest] = command;
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(program, [...rest, ...args], {
      cwd: CONFIG_DIR,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let timedOut = false;
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, RUN_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output, timedOut });
    });
  });
}

const schemathesis = findSchemathesis();
const required = process.env.DBWIRE_REQUIRE_SCHEMATHESIS === '1';
const pinned = pinnedVersion();

interface CleanRunOptions {
  /** The configuration file in schemathesis/. */
  config: string;
  spec: string;
  url: string;
  authorization: string;
  /** Reports and Hypothesis's caches go here. */
  workDir: string;
}

/**
 * Runs Schemathesis once and expects it to find nothing: exit status 0, within the bound, and
 * every operation of the spec tested (a wrong URL or filter would test fewer and still exit 0).
 */
async function expectCleanRun(options: CleanRunOptions): Promise<void> {
  if (!schemathesis) {
    throw new Error(
      'DBWIRE_REQUIRE_SCHEMATHESIS=1 but Schemathesis is not installed (tried `python3 -m schemathesis.cli`, ' +
        '`schemathesis`, `st`): pip install -r contract-tests/schemathesis/requirements.txt',
    );
  }
  if (pinned && schemathesis.version !== pinned) {
    console.warn(`Schemathesis ${schemathesis.version} is installed, requirements.txt pins ${pinned}.`);
  }
  await mkdir(options.workDir, { recursive: true });
  const { seed } = generationSettings();
  const junit = join(options.workDir, 'junit.xml');
  const run = await runSchemathesis(
    schemathesis.command,
    [
      '--config-file',
      join(CONFIG_DIR, options.config),
      'run',
      options.spec,
      '--url',
      options.url,
      '--header',
      `Authorization: ${options.authorization}`,
      '--seed',
      String(seed),
      '--no-color',
      '--report',
      'junit',
      '--report-junit-path',
      junit,
    ],
    {
      ...process.env,
      // Hypothesis keeps its caches here instead of a .hypothesis/ next to the config.
      HYPOTHESIS_STORAGE_DIRECTORY: join(options.workDir, 'hypothesis'),
      PYTHONDONTWRITEBYTECODE: '1',
      NO_COLOR: '1',
    },
  );
  const summary = `Schemathesis ${schemathesis.version} (${schemathesis.command.join(' ')}) with ${options.config}, seed ${seed} (DBWIRE_SEED), exit ${run.code ?? run.signal}`;
  if (run.code !== 0) console.error(`${summary}\n\n${run.output}`);
  expect(run.timedOut, `${summary}: did not finish within ${RUN_TIMEOUT_MS} ms`).toBe(false);
  expect(run.code, `${summary}; its output is above`).toBe(0);
  const cases = junitCases(await readFile(junit, 'utf8'));
  expect([...cases.keys()]).toEqual(expect.arrayContaining(operationLabels(options.spec)));
}
/**
 * Table metadata files in memory. The catalog writes one per commit at the table's `location`, and
 * a fuzzer's tables have locations such as `/` or `file:///etc`: on disk, the run would write
 * wherever this process may.
 */
function memoryMetadataFiles(): MetadataFiles {
  const files = new Map<string, string>();
  return {
    handles: () => true,
    async write(location, text) {
      files.set(location, text);
    },
    async read(location) {
      return files.get(location);
    },
    async exists(location) {
      return files.has(location);
    },
    async delete(location) {
      files.delete(location);
    },
    async deleteTree(location) {
      for (const file of files.keys()) if (file.startsWith(`${location}/`)) files.delete(file);
    },
  };
}

const title = schemathesis
  ? `Schemathesis ${schemathesis.version} against the reference server`
  : required
    ? 'Schemathesis against the reference server'
    : 'Schemathesis against the reference server [skipped: Schemathesis not installed; pip install -r contract-tests/schemathesis/requirements.txt]';

describe.skipIf(!schemathesis && !required)(title, () => {
  let server: RunningServer;
  let base: string;
  let token: string;
  let workDir: string;

  async function call(method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'dbwire-schemathesis-'));
    server = await startReferenceServer({
      ports: { typedb: 0, 'write-daemon': 0, iceberg: 0 },
      validateResponses: true,
      typedb: { passwordIterations: 1000 },
      // No rate limit: 429 is not a status the write-daemon run expects (write-daemon.toml), and a
      // run's bursts must not depend on the machine's speed.
      writeDaemon: { quota: false },
      iceberg: { metadataFiles: memoryMetadataFiles() },
    });
    base = server.urls.typedb;
    const signin = await fetch(`${base}/v1/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'password' }),
    });
    expect(signin.status).toBe(200);
    token = ((await signin.json()) as { token: string }).token;

    // The database the spec's examples name (`social`), with the quickstart's people, so the
    // examples of the query operations reach the query engine instead of a 404.
    const fixture: [string, string, unknown?][] = [
      ['POST', '/v1/databases/social'],
      ['POST', '/v1/query', { databaseName: 'social', transactionType: 'schema', query: QUICKSTART_SCHEMA }],
      ['POST', '/v1/query', { databaseName: 'social', transactionType: 'write', query: QUICKSTART_DATA }],
    ];
    for (const [method, path, body] of fixture) {
      const response = await call(method, path, body);
      expect(response.status, `${method} ${path}: ${await response.text()}`).toBe(200);
    }
  });

  afterAll(async () => {
    await server?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it.concurrent(
    'finds no failure in any check (exit status 0), for every operation of specs/typedb.yaml',
    async () => {
      await expectCleanRun({
        config: 'schemathesis.toml',
        spec: SPEC,
        url: base,
        authorization: `Bearer ${token}`,
        workDir: join(workDir, 'typedb'),
      });
      // The whole run was authenticated: admin's token still works (hooks.py keeps the run from
      // changing admin's password, which would revoke it and leave only 401s to check).
      expect((await call('GET', '/v1/databases')).status).toBe(200);
    },
    TEST_TIMEOUT_MS,
  );

  it.concurrent(
    'finds no failure in any check (exit status 0), for every operation of specs/write-daemon.yaml',
    async () => {
      const url = server.urls['write-daemon'];
      await expectCleanRun({
        config: 'write-daemon.toml',
        spec: WRITE_DAEMON_SPEC,
        url,
        authorization: `Bearer ${DEV_TOKEN}`,
        workDir: join(workDir, 'write-daemon'),
      });
      // The run got past authentication and validation: it created namespaces (a wrong token
      // would have left only 401s to check, and still exited 0).
      const list = await fetch(`${url}/v1/write/namespaces?include_deleted=true`, {
        headers: { authorization: `Bearer ${DEV_TOKEN}` },
      });
      expect(list.status).toBe(200);
      expect(((await list.json()) as { namespaces: unknown[] }).namespaces.length).toBeGreaterThan(0);
    },
    TEST_TIMEOUT_MS,
  );

  it.concurrent(
    'finds no failure in any check (exit status 0), for every operation of specs/iceberg.yaml',
    async () => {
      const url = server.urls.iceberg;
      await expectCleanRun({
        config: 'iceberg.toml',
        spec: ICEBERG_SPEC,
        url,
        authorization: `Bearer ${DEV_TOKEN}`,
        workDir: join(workDir, 'iceberg'),
      });
      // The run got past authentication and validation: it created namespaces in the default
      // catalog (a wrong token would have left only 401s to check, and still exited 0).
      const list = await fetch(`${url}/v1/namespaces`, { headers: { authorization: `Bearer ${DEV_TOKEN}` } });
      expect(list.status).toBe(200);
      expect(((await list.json()) as { namespaces: unknown[] }).namespaces.length).toBeGreaterThan(0);
    },
    TEST_TIMEOUT_MS,
  );
});
