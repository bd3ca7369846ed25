import { existsSync, readdirSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CAPABILITIES, CAPABILITIES_ENV, formatCapabilities, parseCapabilities } from './capabilities.js';
import { renderHtmlReport, SummaryReporter, writeReportFile } from './report.js';
import { APIS, type ApiName } from './target.js';
import { CLOCK_URL_ENV } from './volumes/clock.js';
import { parsePrincipal } from './volumes/credentials.js';

/** The contract-tests folder (this file is in src/, or dist/ when built). */
const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));

export { APIS };
export type ConformanceApi = ApiName;
export const REPORTS = ['junit', 'html'] as const;
export type ReportKind = (typeof REPORTS)[number];

export const USAGE = `Usage: dbwire conformance --api <api> [options]

Checks a server against an API's spec: generic spec-driven checks on every operation
(not_a_server_error, status_code_conformance, content_type_conformance,
response_schema_conformance, negative_data_rejection, ignored_auth) and the API's behaviour
suites. Without --base-url it checks dbwire's own reference server, started in-process.

Options (environment variable in brackets):
  --api <api>                  API to check: ${APIS.join(', ')} [DBWIRE_API] (default typedb)
  --base-url <url>             The server to check, e.g. http://127.0.0.1:8000 [DBWIRE_BASE_URL]
  --username <name>            An admin user to sign in as [DBWIRE_USERNAME] (default admin)
  --password <password>        Its password [DBWIRE_PASSWORD] (default password)
  --token <token>              The bearer token (write-daemon, iceberg, volumes: required for your
                               server; typedb: instead of signing in; spacetimedb: optional, the
                               suites mint identities with POST /v1/identity) [DBWIRE_TOKEN]
  --org <id>, --workspace <id> volumes: the organization and workspace of --token, which needs
                               volumes:admin [DBWIRE_ORG, DBWIRE_WORKSPACE] (default dev-org,
                               dev-workspace)
  --token-b <token>=<org>/<workspace>
                               volumes: an admin token of another organization, for the tenancy
                               checks [DBWIRE_TOKEN_B]
  --extra-token <token>=<org>/<workspace>:<permissions>[@<app>]
                               volumes: more tokens of the same workspace, repeatable: one with
                               only read, one with only write (permission matrix), tokens of two
                               apps (app callers, lock contention) [DBWIRE_EXTRA_TOKENS,
                               space-separated]. Checks needing a token nobody gave are skipped.
  --clock-url <url>            volumes: a control of the server's clock the suite may move
                               (POST <url>/advance?ms=<n>), for the expiry checks; turns the clock
                               capability on [DBWIRE_VOLUMES_CLOCK_URL]
  --capability <name>=on|off   Turn a capability flag on or off; repeatable [DBWIRE_CAPABILITIES,
                               comma-separated]. Checks needing a capability that is off are
                               reported as skipped. Known flags:
${Object.entries(CAPABILITIES)
  .map(([name, flag]) => `                                 ${name} (default ${flag.default ? 'on' : 'off'})`)
  .join('\n')}
  --report junit|html          Also write a report [DBWIRE_REPORT]
  --out <file>                 Where to write it [DBWIRE_OUT]
                               (default reports/conformance-<api>.xml or .html)
  --suite <name>               Only run suites/<api>/<name>… (generic, behaviour, sdk); repeatable
  --grep <regex>               Only run tests whose name matches, e.g. 'ignored_auth|getUser'
  --seed <n>                   Seed of the generated requests [DBWIRE_SEED]
  --runs <n>                   Valid requests generated per operation [DBWIRE_RUNS] (default 25)
  -h, --help                   Show this help

Exit status: 0 when every check passed (skipped ones included), 1 when one failed, 2 on a usage error.
`;

export interface ConformanceOptions {
  api: ConformanceApi;
  baseUrl: string | undefined;
  username: string | undefined;
  password: string | undefined;
  token: string | undefined;
  /** Volumes: the tenant of `token`, another tenant's token, more tokens (the server's token syntax). */
  org: string | undefined;
  workspace: string | undefined;
  tokenB: string | undefined;
  extraTokens: string[];
  clockUrl: string | undefined;
  capabilities: Record<string, boolean>;
  report: ReportKind | undefined;
  out: string | undefined;
  suites: string[];
  grep: string | undefined;
  seed: number | undefined;
  runs: number | undefined;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Flags win over environment variables. Throws {@link UsageError}; `help` when help was asked for. */
export function parseConformanceArgs(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): ConformanceOptions | 'help' {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length > 0) throw new UsageError(`Unexpected argument '${positionals[0]}'.`);
  const pick = (flag: string | undefined, name: string) => (flag ?? env[name]) || undefined;

  const api = pick(values.api, 'DBWIRE_API') ?? 'typedb';
  if (!(APIS as readonly string[]).includes(api))
    throw new UsageError(`Unknown API '${api}' (known: ${APIS.join(', ')}).`);
  const report = pick(values.report, 'DBWIRE_REPORT');
  if (report !== undefined && !(REPORTS as readonly string[]).includes(report)) {
    throw new UsageError(`Unknown report '${report}' (known: ${REPORTS.join(', ')}).`);
  }
  const baseUrl = pick(values['base-url'], 'DBWIRE_BASE_URL');
  if (baseUrl !== undefined && !/^https?:\/\/[^/]/.test(baseUrl)) {
    throw new UsageError(`--base-url must be an http(s) URL, got '${baseUrl}'.`);
  }
  let capabilities: Record<string, boolean>;
  try {
    capabilities = {
      ...parseCapabilities(env[CAPABILITIES_ENV]),
      ...parseCapabilities((values.capability ?? []).join(',')),
    };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  return {
    api: api as ConformanceApi,
    baseUrl: baseUrl?.replace(/\/+$/, ''),
    username: pick(values.username, 'DBWIRE_USERNAME'),
    password: pick(values.password, 'DBWIRE_PASSWORD'),
    token: pick(values.token, 'DBWIRE_TOKEN'),
    org: pick(values.org, 'DBWIRE_ORG'),
    workspace: pick(values.workspace, 'DBWIRE_WORKSPACE'),
    tokenB: tokenSpec('--token-b', pick(values['token-b'], 'DBWIRE_TOKEN_B')),
    extraTokens: (values['extra-token'] ?? (env.DBWIRE_EXTRA_TOKENS ?? '').split(/\s+/))
      .filter((spec) => spec !== '')
      .map((spec) => tokenSpec('--extra-token', spec) as string),
    clockUrl: pick(values['clock-url'], CLOCK_URL_ENV),
    capabilities: pick(values['clock-url'], CLOCK_URL_ENV) ? { clock: true, ...capabilities } : capabilities,
    report: report as ReportKind | undefined,
    out: pick(values.out, 'DBWIRE_OUT'),
    suites: values.suite ?? [],
    grep: values.grep || undefined,
    seed: integerOption('--seed', pick(values.seed, 'DBWIRE_SEED')),
    runs: integerOption('--runs', pick(values.runs, 'DBWIRE_RUNS'), 1),
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      api: { type: 'string' },
      'base-url': { type: 'string' },
      username: { type: 'string' },
      password: { type: 'string' },
      token: { type: 'string' },
      org: { type: 'string' },
      workspace: { type: 'string' },
      'token-b': { type: 'string' },
      'extra-token': { type: 'string', multiple: true },
      'clock-url': { type: 'string' },
      capability: { type: 'string', multiple: true },
      report: { type: 'string' },
      out: { type: 'string' },
      suite: { type: 'string', multiple: true },
      grep: { type: 'string' },
      seed: { type: 'string' },
      runs: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** A volumes token in the reference server's syntax, checked here so a typo is a usage error. */
function tokenSpec(flag: string, spec: string | undefined): string | undefined {
  if (spec === undefined) return undefined;
  try {
    parsePrincipal(spec);
  } catch (error) {
    throw new UsageError(`${flag}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return spec;
}

function integerOption(flag: string, text: string | undefined, minimum?: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || (minimum !== undefined && value < minimum)) {
    throw new UsageError(`${flag} must be an integer${minimum === undefined ? '' : ` ≥ ${minimum}`}, got '${text}'.`);
  }
  return value;
}

/** The suite files `--suite` selects, as vitest filters (relative to the contract-tests folder). */
export function suiteFilters(api: string, suites: readonly string[], root = PACKAGE_ROOT): string[] {
  const folder = join(root, 'suites', api);
  if (!existsSync(folder)) throw new UsageError(`No suites for API '${api}' in ${folder}.`);
  if (suites.length === 0) return [`suites/${api}/`];
  const entries = readdirSync(folder, { recursive: true, encoding: 'utf8' }).map((entry) => entry.split(sep).join('/'));
  return suites.map((suite) => {
    if (!entries.some((entry) => entry.startsWith(suite) && entry.endsWith('.test.ts'))) {
      const top = entries.filter((entry) => !entry.includes('/')).map((entry) => entry.replace(/\.test\.ts$/, ''));
      throw new UsageError(`No suite '${suite}' for ${api} (there are: ${top.join(', ')}).`);
    }
    return `suites/${api}/${suite}`;
  });
}

/** `dbwire conformance …`: runs the suites and answers the exit status. */
export async function conformanceMain(argv: string[]): Promise<number> {
  let options: ConformanceOptions | 'help';
  let filters: string[];
  try {
    options = parseConformanceArgs(argv);
    if (options === 'help') {
      process.stdout.write(USAGE);
      return 0;
    }
    filters = suiteFilters(options.api, options.suites);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`dbwire conformance: ${error.message}\n\nRun 'dbwire conformance --help' for usage.\n`);
    return 2;
  }
  for (const name of Object.keys(options.capabilities)) {
    if (!(name in CAPABILITIES)) {
      console.warn(`dbwire conformance: '${name}' is not a known capability; passing it to the suites as is.`);
    }
  }
  return runConformance(options, filters);
}

/** The environment the suites read their target and settings from (see src/target.ts). */
export function suiteEnvironment(options: ConformanceOptions): Record<string, string | undefined> {
  return {
    DBWIRE_API: options.api,
    DBWIRE_BASE_URL: options.baseUrl,
    DBWIRE_USERNAME: options.username,
    DBWIRE_PASSWORD: options.password,
    DBWIRE_TOKEN: options.token,
    DBWIRE_ORG: options.org,
    DBWIRE_WORKSPACE: options.workspace,
    DBWIRE_TOKEN_B: options.tokenB,
    DBWIRE_EXTRA_TOKENS: options.extraTokens.join(' ') || undefined,
    [CLOCK_URL_ENV]: options.clockUrl,
    [CAPABILITIES_ENV]: formatCapabilities(options.capabilities) || undefined,
    DBWIRE_SEED: options.seed?.toString(),
    DBWIRE_RUNS: options.runs?.toString(),
  };
}

async function runConformance(options: ConformanceOptions, filters: string[]): Promise<number> {
  const { startVitest } = await import('vitest/node');
  const summary = new SummaryReporter();
  const reporters: Array<string | SummaryReporter> = ['default', summary];
  const outputFile: Record<string, string> = {};
  const extension = options.report === 'html' ? 'html' : 'xml';
  const out = resolve(options.out ?? join('reports', `conformance-${options.api}.${extension}`));
  if (options.report === 'junit') {
    reporters.push('junit');
    outputFile.junit = out;
  }

  // Workers (forked by vitest) and the global setup read the target from the environment.
  const saved = { ...process.env };
  for (const [name, value] of Object.entries(suiteEnvironment(options))) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  const startedAt = new Date();
  const exitCodeBefore = process.exitCode;
  try {
    await startVitest('test', filters, {
      root: PACKAGE_ROOT,
      config: join(PACKAGE_ROOT, 'vitest.config.ts'),
      // The suites once, on the main project (its in-process server, when there is no base URL).
      project: ['contract-tests'],
      run: true,
      watch: false,
      reporters,
      outputFile,
      testNamePattern: options.grep,
    });
  } finally {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
    // vitest sets process.exitCode on failure; the caller decides the exit status from our result.
    process.exitCode = exitCodeBefore;
  }

  const result = summary.summary;
  if (options.report === 'html' && result) {
    const target = options.baseUrl ?? 'the in-process reference server';
    await writeReportFile(
      out,
      renderHtmlReport(result, { api: options.api, target, startedAt, durationMs: Date.now() - startedAt.getTime() }),
    );
    process.stdout.write(`HTML report written to ${out}\n`);
  }
  if (!result) return 1;
  const ran = result.counts.passed + result.counts.failed;
  if (ran === 0) {
    console.error('dbwire conformance: no check ran (check --suite and --grep).');
    return 1;
  }
  return result.reason === 'passed' && result.counts.failed === 0 && result.errors.length === 0 ? 0 : 1;
}
