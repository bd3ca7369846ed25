import type { JsonSchema, RouteDefinition } from '@dbwire/server-stubs';
import { writeDaemonApi } from '@dbwire/server-stubs/write-daemon';
import fc from 'fast-check';
import { type CapabilityName, capabilityOn } from '../capabilities.js';
import { type Exchange, Fresh, type PathValue } from '../generic/http.js';
import type { ApiProfile, KnownDeviation, ProfileSession } from '../generic/profile.js';
import type { OperationHints } from '../generic/requests.js';
import { runId, type Target } from '../target.js';
import { isRunScopedId, RUN_LABEL_KEY, removeNamespaces, runScopedId } from '../write-daemon/fixture.js';
import { WriteDaemonClient } from '../write-daemon/http.js';
import { BearerSession, parseOrUndefined, setupError } from './session.js';

const ERROR_SCHEMA: JsonSchema = { $ref: `${writeDaemonApi.schemas.$id}#/$defs/ProblemDetails` };

/** Operations that create, change or delete namespaces or append to their logs. */
const STATE_CHANGES = new Set([
  'create_namespace_endpoint',
  'fork_namespace_from_snapshot_endpoint',
  'update_namespace_endpoint',
  'delete_namespace_endpoint',
  'commit_endpoint',
  'commit_preflight_endpoint',
  'reverse_commit_endpoint',
  'namespace_lifecycle_endpoint',
  'namespace_operational_state_endpoint',
  'namespace_placement_endpoint',
  'register_class_endpoint',
  'register_class_continuous_shape_1d_endpoint',
  'register_class_continuous_shape_2d_endpoint',
  'register_class_shape_endpoint',
]);

/**
 * Spec deviations of our reference daemon, reported but not yet fixed; tolerated only in-process
 * (see the TypeDB profile). Remove an entry once the reference (or the spec) is fixed.
 */
const REFERENCE_DEVIATIONS: KnownDeviation[] = [];

/** Class and container ids the fixture namespaces hold, so generated commits reach past CLASS_NOT_FOUND. */
const CLASS_IDS = ['gold', 'robot'];
const CONTAINER_IDS = ['vault', 'belt', 'rack'];

/**
 * The write-daemon profile of the generic checks: the bearer token, a namespace of its own per
 * operation (run-scoped high ids, provisioned and holding a little state: classes `gold` and
 * `robot`, a balance, a grid and slots, one commit to reverse), disposable namespaces for
 * `delete_namespace_endpoint`, and clean-up of everything the generated requests created.
 *
 * Namespace ids are integers, and a generated one could be somebody else's namespace, so every
 * namespace id in a path or body comes from this run's block of ids (`pathOnly`/`propertiesOnly`):
 * the checks never read, change or delete a namespace they did not make.
 */
export const writeDaemonProfile: ApiProfile = {
  api: writeDaemonApi,
  errorSchema: ERROR_SCHEMA,
  requires: (route): CapabilityName[] => (STATE_CHANGES.has(route.operationId) ? ['state-changes'] : []),
  knownDeviations: (target) => (target.inProcess ? REFERENCE_DEVIATIONS : []),
  openSession: async (target) => new WriteDaemonSession(target),
};

class WriteDaemonSession extends BearerSession<WriteDaemonClient> implements ProfileSession {
  /** Namespaces this session made (or saw made), newest last. */
  private readonly namespaces: number[] = [];
  private readonly perOperation = new Map<string, Promise<{ namespace: number; commits: string[] }>>();
  constructor(target: Target) {
    super(target, 'The write daemon', WriteDaemonClient);
  }

  async hints(route: RouteDefinition): Promise<OperationHints> {
    const op = route.operationId;
    const unused = fc.constant(null).map(() => runScopedId());
    if (!capabilityOn('state-changes')) {
      // Only the not-found paths (ids of this run that nobody created).
      return { pathOnly: { namespace_id: unused.map(String) }, propertiesOnly: this.idProperties(unused, unused) };
    }
    const fixture = await this.fixtureFor(op);
    const existing = fc.constant(fixture.namespace);
    const namespaceIds = fc.oneof({ weight: 4, arbitrary: existing }, { weight: 1, arbitrary: unused });
    const path: Record<string, fc.Arbitrary<PathValue>> = {};
    if (fixture.commits.length > 0) path.commit_id = fc.constantFrom(...fixture.commits);
    const hints: { -readonly [K in keyof OperationHints]: OperationHints[K] } = {
      path,
      pathOnly: {
        namespace_id:
          op === 'delete_namespace_endpoint' ? fc.constant(new Fresh('namespace')) : namespaceIds.map(String),
      },
      properties: {
        class_id: fc.constantFrom(...CLASS_IDS),
        container_id: fc.constantFrom(...CONTAINER_IDS),
        from_container_id: fc.constantFrom(...CONTAINER_IDS),
        to_container_id: fc.constantFrom(...CONTAINER_IDS),
        quantity: fc.constantFrom('1', '2', '0.5'),
        labels: fc.constant({ [RUN_LABEL_KEY]: runId() }),
      },
      // A create makes a namespace with a fresh id of this run; a fork forks the fixture.
      propertiesOnly: this.idProperties(op === 'create_namespace_endpoint' ? unused : namespaceIds, unused),
    };
    if (op === 'reverse_commit_endpoint' && fixture.commits.length > 0) {
      // Negative and auth cases aim at a commit that can be reversed (a fresh one per request).
      hints.basePath = {
        namespace_id: fc.constant(String(fixture.namespace)),
        commit_id: fc.constant(new Fresh('commit', String(fixture.namespace))),
      };
    }
    return hints;
  }

  /** Namespace ids in bodies: `namespace_id` (create), the fork's source and target, tenants. */
  private idProperties(namespaceIds: fc.Arbitrary<number>, unused: fc.Arbitrary<number>) {
    return {
      namespace_id: namespaceIds,
      source_namespace_id: namespaceIds,
      target_namespace_id: unused,
      tenant_id: unused,
    };
  }

  /** A provisioned namespace for one operation's requests, with a little state and one commit. */
  private fixtureFor(operationId: string): Promise<{ namespace: number; commits: string[] }> {
    let made = this.perOperation.get(operationId);
    if (!made) {
      made = (async () => {
        const namespace = await this.createNamespace('provisioned');
        const commit = await this.client.call('commit_endpoint', {
          path: { namespace_id: namespace },
          body: {
            operations: [
              { op: 'RegisterClass', args: { request: { class_id: 'gold', name: 'Gold' } } },
              { op: 'RegisterClass', args: { request: { class_id: 'robot', name: 'Robot' } } },
              { op: 'CreateContainer', args: { external_id: 'vault', kind: { type: 'balance' } } },
              { op: 'CreateContainer', args: { external_id: 'belt', kind: { type: 'grid', capacity: 8 } } },
              { op: 'CreateContainer', args: { external_id: 'rack', kind: { type: 'slots', count: 4 } } },
            ] as never,
          },
          conform: false,
        });
        // Without the state (a server that refuses the commit), the requests still reach the
        // operation; the commit_endpoint checks report why the commit failed.
        if (commit.status !== 200) return { namespace, commits: [] };
        const add = await this.addGold(namespace);
        return { namespace, commits: add === undefined ? [] : [add] };
      })();
      this.perOperation.set(operationId, made);
    }
    return made;
  }

  /** Commits `AddFungible 1 gold` to the vault; the commit id (a reversible commit). */
  private async addGold(namespace: number): Promise<string | undefined> {
    const reply = await this.client.call('commit_endpoint', {
      path: { namespace_id: namespace },
      body: {
        operations: [
          {
            op: 'AddFungible',
            args: { class_id: 'gold', location: { kind: 'balance', container_id: 'vault' }, quantity: '1' },
          },
        ] as never,
      },
      conform: false,
    });
    return reply.status === 200 ? (reply.body as { commit_id: string }).commit_id : undefined;
  }

  private async createNamespace(lifecycle: 'created' | 'provisioned'): Promise<number> {
    const id = runScopedId();
    this.namespaces.push(id);
    const created = await this.client.call('create_namespace_endpoint', {
      body: {
        namespace_id: id,
        label: `generic-${runId()}`,
        tenant_id: runScopedId(),
        policy_class: 'scratch',
        labels: { [RUN_LABEL_KEY]: runId() },
      },
      conform: false,
    });
    if (created.status !== 200) throw setupError(`create the fixture namespace ${id}`, created);
    if (lifecycle === 'provisioned') {
      const moved = await this.client.call('namespace_lifecycle_endpoint', {
        path: { namespace_id: id },
        body: { target_state: 'provisioned', reason: 'conformance fixture' },
        conform: false,
      });
      if (moved.status !== 200) throw setupError(`provision the fixture namespace ${id}`, moved);
    }
    return id;
  }

  async materialize(fresh: Fresh): Promise<{ value: string; dispose(): Promise<void> }> {
    if (fresh.kind === 'namespace')
      return { value: String(await this.createNamespace('created')), dispose: async () => {} };
    if (fresh.kind === 'commit') {
      const commit = await this.addGold(Number(fresh.variant));
      return { value: commit ?? '0'.repeat(32), dispose: async () => {} };
    }
    throw new Error(`Cannot make ${fresh}.`);
  }

  async observe(exchange: Exchange): Promise<void> {
    if (exchange.response?.status !== 200) return;
    const body = parseOrUndefined(exchange.response.text) as { namespace?: { namespace_id?: unknown } } | undefined;
    const made = body?.namespace?.namespace_id;
    if (
      (exchange.operationId === 'create_namespace_endpoint' ||
        exchange.operationId === 'fork_namespace_from_snapshot_endpoint') &&
      typeof made === 'number' &&
      isRunScopedId(made) &&
      !this.namespaces.includes(made)
    ) {
      this.namespaces.push(made);
    }
  }

  async close(): Promise<void> {
    await removeNamespaces(this.client, this.namespaces.splice(0));
  }
}
