import type { ApiBinding, AuthenticationResult, RawRequest, RouteDefinition } from '@dbwire/server-stubs';
import { HttpResponseError } from '@dbwire/server-stubs';
import {
  type WriteDaemonHandlers,
  writeDaemonApi,
  writeDaemonErrorShape,
  writeDaemonProblem,
} from '@dbwire/server-stubs/write-daemon';
import type { StorageEngine } from '@dbwire/storage';
import { DEFAULT_TOKENS, TokenTable, type WriteDaemonToken } from './auth.js';
import { Commits } from './commits.js';
import { Forks } from './fork.js';
import { Idempotency, idempotentAnswer } from './idempotency.js';
import { NamespaceReader } from './listing.js';
import { NamespaceControl } from './metadata.js';
import type { CommitResponse, Operation, Schemas, WriteDaemonCaller } from './model.js';
import { KeyedMutex } from './mutex.js';
import { PageTokens } from './page-tokens.js';
import { API_VERSION, DAEMON_VERSION, Probes } from './probes.js';
import { DEFAULT_QUOTA, QuotaLimiter, type QuotaOptions } from './quota.js';
import { type RequestCall, withRequestContext } from './request.js';

export interface WriteDaemonReferenceOptions {
  storage: StorageEngine;
  /**
   * Bearer tokens and their principals. Default: the development token `dev-token` (principal
   * `dev`) only; giving any tokens replaces it.
   */
  tokens?: Record<string, WriteDaemonToken>;
  /** Per-tenant rate limit, per process; `false` for none. Default 1000 requests/s, bursts of 2000. */
  quota?: QuotaOptions | false;
  /** HMAC secret of page tokens. Default: one made by the first server and kept on the storage engine. */
  pageTokenSecret?: Uint8Array;
  /** How long a commit stays reversible. Default 7 days. */
  undoRetentionMs?: number;
  /** How long an idempotency key's response is kept. Default 24 hours (the spec's minimum). */
  idempotencyRetentionMs?: number;
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number;
}

export interface WriteDaemonReference {
  binding: ApiBinding<WriteDaemonCaller>;
  /** Marks the daemon as shutting down: livez and readyz answer 503 from then on. */
  close(): Promise<void>;
}

/**
 * The Asset Core write daemon (specs/write-daemon.yaml) on a storage engine: namespaces and their
 * control plane, commits to per-namespace logs, preflight, reverse, registrations and forks.
 * Everything durable is on the engine, so any number of instances may share one.
 */
export async function createWriteDaemonReference(options: WriteDaemonReferenceOptions): Promise<WriteDaemonReference> {
  const { storage } = options;
  const now = options.now ?? Date.now;
  const tokens = new TokenTable(options.tokens ?? DEFAULT_TOKENS, now);
  const quota = options.quota === false ? undefined : new QuotaLimiter(options.quota ?? DEFAULT_QUOTA, now);
  const pageTokens = await PageTokens.create(storage, options.pageTokenSecret);
  const writers = new KeyedMutex();
  const reader = new NamespaceReader(storage, pageTokens);
  const control = new NamespaceControl(storage, writers, now);
  const probes = new Probes(storage, now);
  const idempotency = new Idempotency(options.idempotencyRetentionMs ?? DAY_MS, now);
  const commits = new Commits(storage, writers, idempotency, now, options.undoRetentionMs ?? 7 * DAY_MS);
  const forks = new Forks(storage, writers, idempotency, now);

  /**
   * A registration endpoint: the one-operation commit `operation`, answered with its receipt plus
   * the class (and stack key); the operation's core failures become the endpoint's 404 and 409s.
   */
  const register = async <Body extends { idempotency_key?: string }, Answer extends object>(
    ns: number,
    scope: string,
    body: Body,
    operation: Operation,
    call: RequestCall,
    extra: (receipt: CommitResponse) => Answer,
  ) => {
    const request = await idempotency.identify(ns, scope, call.path, body);
    try {
      const outcome = await commits.commit(ns, [operation], body, call, request, extra);
      return idempotentAnswer(request, outcome);
    } catch (error) {
      throw registrationProblem(error);
    }
  };
  const shapeOperation = (
    op: 'RegisterClassShape' | 'RegisterClassContinuousShape1d' | 'RegisterClassContinuousShape2d',
    body: { class_id: string; stack_key?: number | null; shape: unknown },
  ) =>
    ({
      op,
      args: { request: { class_id: body.class_id, stack_key: body.stack_key ?? null, shape: body.shape } },
    }) as Operation;
  const shapeReceipt = (body: { class_id: string; stack_key?: number | null }) => (receipt: CommitResponse) => ({
    ...receipt,
    class_id: body.class_id,
    stack_key: body.stack_key ?? null,
  });

  const handlers: WriteDaemonHandlers<RequestCall> = {
    async health_endpoint() {
      const problem = await probes.storageProblem();
      if (problem !== undefined) {
        throw writeDaemonProblem(503, 'UNHEALTHY', `The storage engine did not answer: ${problem}`, {
          retry_after_ms: 1000,
        });
      }
      return {
        status: 200,
        body: {
          status: 'healthy',
          version: DAEMON_VERSION,
          api_version: API_VERSION,
          uptime_secs: probes.uptimeSecs(),
        },
      };
    },
    livez_endpoint() {
      if (!probes.live) {
        throw writeDaemonProblem(503, 'NOT_LIVE', 'The daemon is shutting down.');
      }
      return { status: 200, body: { status: 'ok', uptime_secs: probes.uptimeSecs() } };
    },
    async readyz_endpoint() {
      const body = await probes.readiness();
      return body.status === 'ready' ? { status: 200, body } : { status: 503, body };
    },
    startupz_endpoint() {
      // The reference exists only once start-up (opening storage, reading the shared secret) is done.
      return { status: 200, body: { status: 'ok', uptime_secs: probes.uptimeSecs() } };
    },

    async list_namespaces_endpoint({ query }) {
      return { status: 200, body: await reader.list(query) };
    },
    async create_namespace_endpoint({ body }, call) {
      return { status: 200, body: await control.create(body, call.principal) };
    },
    async list_namespace_changes_endpoint({ query }) {
      return { status: 200, body: await reader.changes(query) };
    },
    async namespace_status_list_endpoint({ query }) {
      return { status: 200, body: await reader.statusList(query) };
    },
    async get_namespace_endpoint({ params }) {
      return { status: 200, body: { namespace: await reader.get(params.namespace_id) } };
    },
    async update_namespace_endpoint({ params, body }) {
      return { status: 200, body: await control.update(params.namespace_id, body) };
    },
    async delete_namespace_endpoint({ params, query }) {
      return { status: 200, body: await control.delete(params.namespace_id, query.expected_revision, query.reason) };
    },
    async namespace_lifecycle_endpoint({ params, body }) {
      return { status: 200, body: await control.lifecycle(params.namespace_id, body) };
    },
    async namespace_operational_state_endpoint({ params, body }) {
      return { status: 200, body: await control.operationalState(params.namespace_id, body) };
    },
    async namespace_placement_endpoint({ params, body }) {
      return { status: 200, body: await control.placement(params.namespace_id, body) };
    },
    async namespace_status_endpoint({ params }) {
      return { status: 200, body: await reader.status(params.namespace_id) };
    },

    async commit_endpoint({ params, body }, call) {
      const ns = params.namespace_id;
      const request = await idempotency.identify(ns, 'commit', call.path, body);
      const outcome = await commits.commit(ns, body.operations, body, call, request, (receipt) => receipt);
      return idempotentAnswer(request, outcome);
    },
    async commit_preflight_endpoint({ params, body }, call) {
      return { status: 200, body: await commits.preflight(params.namespace_id, body, call) };
    },
    async reverse_commit_endpoint({ params, body }, call) {
      const ns = params.namespace_id;
      const request = await idempotency.identify(ns, 'reverse', call.path, body);
      return idempotentAnswer(request, await commits.reverse(ns, params.commit_id, body, call, request));
    },
    register_class_endpoint({ params, body }, call) {
      const { idempotency_key: _, ...definition } = body;
      return register(
        params.namespace_id,
        'register_class',
        body,
        { op: 'RegisterClass', args: { request: definition } },
        call,
        (receipt) => ({ ...receipt, class_id: body.class_id }),
      );
    },
    register_class_shape_endpoint({ params, body }, call) {
      const operation = shapeOperation('RegisterClassShape', body);
      return register(params.namespace_id, 'register_class_shape', body, operation, call, shapeReceipt(body));
    },
    register_class_continuous_shape_1d_endpoint({ params, body }, call) {
      const operation = shapeOperation('RegisterClassContinuousShape1d', body);
      return register(
        params.namespace_id,
        'register_class_continuous_shape_1d',
        body,
        operation,
        call,
        shapeReceipt(body),
      );
    },
    register_class_continuous_shape_2d_endpoint({ params, body }, call) {
      const operation = shapeOperation('RegisterClassContinuousShape2d', body);
      return register(
        params.namespace_id,
        'register_class_continuous_shape_2d',
        body,
        operation,
        call,
        shapeReceipt(body),
      );
    },
    async fork_namespace_from_snapshot_endpoint({ body }, call) {
      const request = await idempotency.identify(body.target_namespace_id, 'fork', call.path, body);
      return idempotentAnswer(request, await forks.fork(body, call, request));
    },
  };

  /** Tenants never change, so a namespace's tenant is looked up once per process. */
  const tenants = new Map<number, number>();
  const namespaceTenant = async (ns: number): Promise<number | undefined> => {
    let tenant = tenants.get(ns);
    if (tenant === undefined) {
      tenant = await reader.tenantOf(ns);
      if (tenant !== undefined) tenants.set(ns, tenant);
    }
    return tenant;
  };
  /**
   * Which tenant a request counts against (the spec's quota rule), from the raw request: the quota
   * is checked before validation, so nothing here may trust the request's shape.
   */
  const tenantOf = async (request: RawRequest, principal: string): Promise<string> => {
    const pathNamespace = request.params.namespace_id;
    if (pathNamespace !== undefined) {
      // A namespace in the path decides; the body is not parsed (the dispatcher parses it next).
      const tenant = /^[1-9]\d{0,15}$/.test(pathNamespace) ? await namespaceTenant(Number(pathNamespace)) : undefined;
      return tenant ? `Tenant ${tenant}` : `Principal ${principal}`;
    }
    // Create and fork name their tenant, or their source namespace, in the body.
    const fields = looseJsonObject(request.body);
    const source =
      typeof fields.source_namespace_id === 'number' && fields.tenant_id === undefined
        ? fields.source_namespace_id
        : undefined;
    const tenant = typeof fields.tenant_id === 'number' ? fields.tenant_id : source && (await namespaceTenant(source));
    return tenant ? `Tenant ${tenant}` : `Principal ${principal}`;
  };

  /** The spec's order of checks: authentication (401), then the tenant's quota (429), then validation. */
  const authenticate = async (
    request: RawRequest,
    route: RouteDefinition,
  ): Promise<AuthenticationResult<WriteDaemonCaller>> => {
    const outcome = tokens.authenticate(request.headers.authorization, route.path);
    if ('response' in outcome) return outcome;
    if (quota) {
      try {
        quota.take(await tenantOf(request, outcome.principal));
      } catch (error) {
        if (!(error instanceof HttpResponseError)) throw error;
        const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => request.params[name] ?? '');
        return { response: { ...error.response, body: { instance: path, ...(error.response.body as object) } } };
      }
    }
    return { context: { principal: outcome.principal } };
  };

  return {
    binding: {
      id: writeDaemonApi.id,
      schemas: writeDaemonApi.schemas,
      routes: writeDaemonApi.routes,
      handlers: withRequestContext(handlers),
      errors: writeDaemonErrorShape,
      authenticate,
      publicContext: { principal: undefined },
    },
    async close() {
      probes.markClosing();
    },
  };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** What a registration endpoint answers for its operation's core failures (a commit answers 422). */
const REGISTRATION_STATUS: Partial<Record<Schemas['CoreErrorCode'], 404 | 409>> = {
  CLASS_NOT_FOUND: 404,
  CLASS_ALREADY_EXISTS: 409,
  CLASS_SHAPE_ALREADY_EXISTS: 409,
};

function registrationProblem(error: unknown): unknown {
  if (!(error instanceof HttpResponseError)) return error;
  const problem = error.response.body as Schemas['ProblemDetails'];
  const core = problem.code === 'COMMIT_VALIDATION_FAILED' ? problem.core_error : undefined;
  const status = core && REGISTRATION_STATUS[core.code];
  if (!core || !status) return error;
  return writeDaemonProblem(status, core.code as Schemas['ProblemCode'], core.message);
}

/** The request body's top-level fields when it is a JSON object; otherwise none. */
function looseJsonObject(body: Uint8Array | undefined): Record<string, unknown> {
  if (!body || body.byteLength === 0) return {};
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(body));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}
