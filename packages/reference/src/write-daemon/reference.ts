import type { ApiBinding, AuthenticationResult } from '@dbwire/server-stubs';
import {
  type WriteDaemonHandlers,
  writeDaemonApi,
  writeDaemonErrorShape,
  writeDaemonProblem,
} from '@dbwire/server-stubs/write-daemon';
import type { StorageEngine } from '@dbwire/storage';
import { DEFAULT_TOKENS, TokenTable, type WriteDaemonToken } from './auth.js';
import { NamespaceReader } from './listing.js';
import { NamespaceControl } from './metadata.js';
import type { WriteDaemonCaller } from './model.js';
import { KeyedMutex } from './mutex.js';
import { PageTokens } from './page-tokens.js';
import { API_VERSION, DAEMON_VERSION, Probes } from './probes.js';
import { DEFAULT_QUOTA, QuotaLimiter, type QuotaOptions } from './quota.js';
import { type RequestCall, type TenantResolver, withRequestContext } from './request.js';

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

  const handlers: Partial<WriteDaemonHandlers<RequestCall>> = {
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
  const tenantOf: TenantResolver = async ({ params, body }, principal) => {
    const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const ns =
      typeof params.namespace_id === 'number'
        ? params.namespace_id
        : typeof fields.source_namespace_id === 'number' && fields.tenant_id === undefined
          ? fields.source_namespace_id
          : undefined;
    const tenant = typeof fields.tenant_id === 'number' ? fields.tenant_id : ns && (await namespaceTenant(ns));
    return tenant ? `Tenant ${tenant}` : `Principal ${principal}`;
  };

  const authenticate = async (
    headers: Record<string, string | undefined>,
    route: { path: string },
  ): Promise<AuthenticationResult<WriteDaemonCaller>> => {
    const outcome = tokens.authenticate(headers.authorization, route.path);
    return 'response' in outcome ? outcome : { context: { principal: outcome.principal } };
  };

  return {
    binding: {
      id: writeDaemonApi.id,
      schemas: writeDaemonApi.schemas,
      routes: writeDaemonApi.routes,
      handlers: withRequestContext(handlers, quota, tenantOf),
      errors: writeDaemonErrorShape,
      authenticate,
      publicContext: { principal: undefined },
    },
    async close() {
      probes.markClosing();
    },
  };
}
