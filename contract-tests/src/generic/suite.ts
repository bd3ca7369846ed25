import type { RouteDefinition } from '@dbwire/server-stubs';
import { afterAll, it } from 'vitest';
import { capabilitySkipSuffix, missingCapabilities } from '../capabilities.js';
import { SchemaArbitraries } from '../schema/arbitraries.js';
import { type ApiName, getTarget, type Target } from '../target.js';
import { CHECK_NAMES, CHECKS, type CheckContext, type CheckDefinition, type CheckName } from './checks.js';
import { buildRequest, describeExchange, type Exchange, Fresh, type RequestCase, send } from './http.js';
import type { ApiProfile, KnownDeviation, ProfileSession } from './profile.js';
import { RequestGenerator } from './requests.js';
import { type GenerationSettings, generationSettings, operationSeed } from './settings.js';

/** Room for one operation's whole exploration (sign-in, fixtures, some hundred requests) in its first test. */
const CHECK_TIMEOUT_MS = 120_000;
const MAX_REASONS_SHOWN = 4;

interface Exploration {
  seed: number;
  exchanges: Exchange[];
}

/**
 * Registers the generic, spec-driven checks for every operation of an API as tests named
 * `<operationId> <check>` (so a JUnit report reads like a Schemathesis run). Each operation is
 * explored once, on its first check, with seeded generated requests (valid, invalid, bad
 * credentials); every check then judges the recorded exchanges it applies to:
 *
 * - not_a_server_error, status_code_conformance, content_type_conformance and
 *   response_schema_conformance judge every exchange of the operation;
 * - negative_data_rejection judges the invalid requests, ignored_auth the ones with bad credentials.
 *
 * Checks that cannot apply (ignored_auth on a public operation) and checks whose capabilities are
 * off are registered as skipped, with the reason in their name.
 */
export function defineGenericSuite(profile: ApiProfile): void {
  const settings = generationSettings();
  const arbitraries = new SchemaArbitraries(profile.api.schemas);
  const generator = new RequestGenerator(arbitraries);
  const explorer = new Explorer(profile, generator, settings);

  afterAll(() => explorer.close(), CHECK_TIMEOUT_MS);

  const deviations = profile.knownDeviations?.(getTarget(profile.api.id as ApiName)) ?? [];
  for (const route of Object.values(profile.api.routes)) {
    const missing = missingCapabilities(profile.requires?.(route) ?? []);
    for (const name of CHECK_NAMES) {
      const title = `${route.operationId} ${name}`;
      const known = deviations.filter((d) => d.operationId === route.operationId && d.checks.includes(name));
      const knownSuffix = known.map((d) => ` [known deviation: ${d.summary}]`).join('');
      const notApplicable = notApplicableReason(name, route, generator);
      if (notApplicable !== undefined && missing.length === 0) {
        it.skip(`${title} [not applicable: ${notApplicable}]`, () => {});
        continue;
      }
      it.skipIf(missing.length > 0)(
        `${title}${capabilitySkipSuffix(missing)}${knownSuffix}`,
        async ({ annotate }) => {
          const exploration = await explorer.explore(route);
          const context: CheckContext = {
            route,
            validators: arbitraries.validators,
            errorSchema: profile.errorSchema,
            malformedCredentialsAre400: profile.malformedCredentialsAre400,
          };
          const verdict = judge(CHECKS[name], exploration, context, explorer.token, known);
          await annotate(verdict.summary, 'dbwire');
          if (verdict.failure) throw new ConformanceFailure(`${title}: ${verdict.failure}`);
        },
        CHECK_TIMEOUT_MS,
      );
    }
  }
}

export class ConformanceFailure extends Error {
  override readonly name = 'ConformanceFailure';
  constructor(message: string) {
    super(message);
    // The stack only points into this file; the message says everything.
    this.stack = `${this.name}: ${message}`;
  }
}

function notApplicableReason(check: CheckName, route: RouteDefinition, generator: RequestGenerator) {
  if (check === 'ignored_auth' && route.security.length === 0) return 'public operation';
  if (check === 'negative_data_rejection' && !generator.hasInvalidInputs(route)) {
    return 'nothing in the request can violate the schema';
  }
  return undefined;
}

/** Runs a check over the exchanges it applies to; the failure text groups them by reason. */
export function judge(
  check: CheckDefinition,
  exploration: Exploration,
  context: CheckContext,
  token: string | undefined,
  known: readonly KnownDeviation[] = [],
): { summary: string; failure: string | undefined } {
  const relevant = exploration.exchanges.filter((exchange) => check.appliesTo(exchange));
  const byReason = new Map<string, Exchange[]>();
  let tolerated = 0;
  for (const exchange of relevant) {
    const reason = check.check(exchange, context);
    if (reason === undefined) continue;
    if (known.some((deviation) => deviation.matches(exchange))) {
      tolerated++;
      continue;
    }
    byReason.set(reason, [...(byReason.get(reason) ?? []), exchange]);
  }
  const failed = [...byReason.values()].reduce((sum, list) => sum + list.length, 0);
  const knownNote =
    known.length === 0 ? '' : `; ${tolerated} show the known deviation (${known.map((d) => d.summary).join('; ')})`;
  const summary = `${relevant.length - failed - tolerated} of ${relevant.length} responses pass (seed ${exploration.seed}; statuses ${statusCounts(relevant)}${knownNote})`;
  if (failed === 0) return { summary, failure: undefined };
  const lines = [
    `${failed} of ${relevant.length} responses fail. ${check.description}`,
    `(generated with seed ${exploration.seed}: DBWIRE_SEED=${exploration.seed} or --seed ${exploration.seed} sends the same requests)`,
  ];
  let shown = 0;
  for (const [reason, exchanges] of byReason) {
    if (shown === MAX_REASONS_SHOWN) {
      lines.push(`… and ${byReason.size - shown} more distinct reasons`);
      break;
    }
    shown++;
    const example = exchanges[0] as Exchange;
    const more = exchanges.length > 1 ? ` (${exchanges.length} responses)` : '';
    lines.push(
      '',
      `${shown}. ${reason}${more}`,
      `  sent:     ${describeCase(example.case)}`,
      describeExchange(example, token),
    );
  }
  return { summary, failure: lines.join('\n') };
}

function isSuccess(exchange: Exchange): boolean {
  const status = exchange.response?.status ?? 0;
  return status >= 200 && status < 300;
}

function statusCounts(exchanges: Exchange[]): string {
  const counts = new Map<string, number>();
  for (const { response } of exchanges) {
    const key = response ? String(response.status) : 'none';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([status, count]) => `${status}×${count}`).join(' ') || 'none';
}

function describeCase(requestCase: RequestCase): string {
  return requestCase.kind === 'positive' ? 'a valid request' : `${requestCase.kind} case: ${requestCase.label}`;
}

/** Explores each operation once (lazily, so a name filter runs only what it needs) and cleans up. */
class Explorer {
  private session: Promise<ProfileSession> | undefined;
  private target: Target | undefined;
  private readonly explorations = new Map<string, Promise<Exploration>>();
  token: string | undefined;

  constructor(
    private readonly profile: ApiProfile,
    private readonly generator: RequestGenerator,
    private readonly settings: GenerationSettings,
  ) {}

  explore(route: RouteDefinition): Promise<Exploration> {
    let exploration = this.explorations.get(route.operationId);
    if (!exploration) {
      exploration = this.run(route);
      this.explorations.set(route.operationId, exploration);
    }
    return exploration;
  }

  async close(): Promise<void> {
    if (this.session) await (await this.session).close();
  }

  private open(): Promise<ProfileSession> {
    this.session ??= (async () => {
      this.target = getTarget(this.profile.api.id as ApiName);
      const session = await this.profile.openSession(this.target);
      this.token = session.token;
      return session;
    })();
    return this.session;
  }

  private async run(route: RouteDefinition): Promise<Exploration> {
    const session = await this.open();
    const hints = await session.hints(route);
    const seed = operationSeed(this.settings.seed, route.operationId);
    const exchanges: Exchange[] = [];
    const performAll = async (cases: RequestCase[]) => {
      for (const requestCase of cases) exchanges.push(await this.perform(route, requestCase, session));
    };
    await performAll(this.generator.positiveCases(route, hints, seed, this.settings.runs));
    if (this.generator.hasInvalidInputs(route)) {
      await performAll(this.generator.negativeCases(route, hints, seed, this.settings.negativeRuns));
    }
    if (route.security.length > 0) {
      // Bad credentials on a request that succeeds with good ones, so that only they can explain a refusal.
      const base = hints.basePath
        ? this.generator.baseCases(route, hints, seed, 1)[0]
        : (exchanges.find((e) => e.case.kind === 'positive' && isSuccess(e)) ?? exchanges[0])?.case;
      if (base) await performAll(this.generator.authCases(base, session.username, route.authOptional));
    }
    return { seed: this.settings.seed, exchanges };
  }

  private async perform(route: RouteDefinition, requestCase: RequestCase, session: ProfileSession): Promise<Exchange> {
    const pathValues: Record<string, string> = {};
    const disposals: Array<() => Promise<void>> = [];
    try {
      for (const [name, value] of Object.entries(requestCase.path)) {
        if (value instanceof Fresh) {
          if (!session.materialize) throw new Error(`The profile cannot make ${value} for ${route.operationId}.`);
          const made = await session.materialize(value);
          disposals.push(made.dispose);
          pathValues[name] = made.value;
        } else {
          pathValues[name] = value;
        }
      }
      const request = buildRequest((this.target as Target).baseUrl, route, requestCase, pathValues, session.token);
      const { response, error } = await send(request);
      const exchange: Exchange = {
        operationId: route.operationId,
        case: requestCase,
        request,
        response,
        error,
        pathValues,
      };
      await session.observe?.(exchange);
      return exchange;
    } finally {
      for (const dispose of disposals.reverse()) await dispose();
    }
  }
}
