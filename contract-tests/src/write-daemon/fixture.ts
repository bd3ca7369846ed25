import { afterEach, expect } from 'vitest';
import { runId } from '../target.js';
import {
  type CommitResponse,
  type Namespace,
  type NamespaceStatus,
  type Operation,
  type RequestBody,
  type Schemas,
  type WriteDaemonClient,
  writeDaemonClient,
} from './http.js';

type LifecycleState = Schemas['LifecycleState'];

/**
 * Run-scoped identifiers. Namespace and tenant ids are integers from 1 to 2^53-1 chosen by the
 * client, so the suite takes them from a block of the top half (2^52 and up) that depends on the
 * run: 2^52 + block(run) · 2^32 + a random 32-bit number. Another run, or data a person made
 * (small ids), is never hit by accident.
 */
const TOP_HALF = 2 ** 52;
const BLOCK = 2 ** 32;

function runBlock(): number {
  let hash = 0;
  for (const char of runId()) hash = (Math.imul(hash, 31) + (char.codePointAt(0) ?? 0)) >>> 0;
  return hash % 2 ** 20;
}

/** A namespace (or tenant) id of this run's block that nobody has used yet, most likely. */
export function runScopedId(): number {
  return TOP_HALF + runBlock() * BLOCK + Math.floor(Math.random() * BLOCK);
}

/** Whether an id is in this run's block (the generic checks only ever aim at those). */
export function isRunScopedId(id: number): boolean {
  const start = TOP_HALF + runBlock() * BLOCK;
  return id >= start && id < start + BLOCK;
}

/** The label every namespace the suite makes carries, so an operator can find leftovers. */
export const RUN_LABEL_KEY = 'dbwire-conformance';

export interface NamespaceOptions {
  lifecycle?: LifecycleState;
  tenant_id?: number;
  label?: string;
  policy_class?: Schemas['PolicyClass'];
  owner_principal_id?: string;
  labels?: Record<string, string>;
  placement?: Schemas['PlacementInput'];
}

/**
 * Makes what a write-daemon test needs (namespaces in a given lifecycle state, commits) under
 * run-scoped ids and removes it after each test. The API has no hard delete: clean-up unfreezes,
 * disables and deletes (soft) every namespace the test made, forks first; one that still holds
 * containers cannot be deleted and is left disabled.
 */
export class WriteDaemonFixture {
  private client: WriteDaemonClient | undefined;
  private readonly namespaces: number[] = [];

  get api(): WriteDaemonClient {
    this.client ??= writeDaemonClient();
    return this.client;
  }

  /** A fresh namespace id of this run, tracked for clean-up (the test may create it itself). */
  namespaceId(): number {
    const id = runScopedId();
    this.track(id);
    return id;
  }

  /** A fresh tenant id of this run: lists filtered by it see only the test's namespaces. */
  tenantId(): number {
    return runScopedId();
  }

  track(id: number): void {
    if (!this.namespaces.includes(id)) this.namespaces.push(id);
  }

  /** The create body the fixture uses, for tests that create by hand. */
  createBody(id: number, options: NamespaceOptions = {}): RequestBody<'create_namespace_endpoint'> {
    const { lifecycle: _lifecycle, ...rest } = options;
    return {
      namespace_id: id,
      label: `conformance-${runId()}`,
      tenant_id: options.tenant_id ?? this.tenantId(),
      policy_class: 'scratch',
      labels: { [RUN_LABEL_KEY]: runId() },
      ...rest,
    };
  }

  /** Creates a namespace and brings it to `lifecycle` (default `created`). */
  async namespace(options: NamespaceOptions = {}): Promise<Namespace> {
    const id = this.namespaceId();
    const { body } = await this.api.ok('create_namespace_endpoint', { body: this.createBody(id, options) });
    expect(body.created).toBe(true);
    const path: LifecycleState[] = {
      created: [],
      provisioned: ['provisioned'],
      disabled: ['provisioned', 'disabled'],
      deleted: ['deleted'],
    }[options.lifecycle ?? 'created'] as LifecycleState[];
    let namespace = body.namespace;
    for (const state of path) namespace = await this.lifecycle(id, state);
    return namespace;
  }

  /** A `provisioned` namespace: one that accepts commits. */
  provisioned(options: NamespaceOptions = {}): Promise<Namespace> {
    return this.namespace({ ...options, lifecycle: 'provisioned' });
  }

  async lifecycle(id: number, target_state: LifecycleState): Promise<Namespace> {
    const { body } = await this.api.ok('namespace_lifecycle_endpoint', {
      path: { namespace_id: id },
      body: { target_state, reason: 'conformance fixture' },
    });
    expect(body.namespace.lifecycle).toBe(target_state);
    return body.namespace;
  }

  async operationalState(
    id: number,
    change: Omit<RequestBody<'namespace_operational_state_endpoint'>, 'reason'>,
  ): Promise<Namespace> {
    const { body } = await this.api.ok('namespace_operational_state_endpoint', {
      path: { namespace_id: id },
      body: { reason: 'conformance fixture', ...change },
    });
    return body.namespace;
  }

  async get(id: number): Promise<Namespace> {
    return (await this.api.ok('get_namespace_endpoint', { path: { namespace_id: id } })).body.namespace;
  }

  async status(id: number): Promise<NamespaceStatus> {
    return (await this.api.ok('namespace_status_endpoint', { path: { namespace_id: id } })).body;
  }

  /** Commits and expects 200; the receipt. */
  async commit(
    id: number,
    operations: Operation[],
    extra: Omit<RequestBody<'commit_endpoint'>, 'operations'> = {},
  ): Promise<CommitResponse> {
    const { body } = await this.api.ok('commit_endpoint', {
      path: { namespace_id: id },
      body: { operations, ...extra },
    });
    return body;
  }

  /** Preflights and expects 200; the outcome. */
  async preflight(id: number, operations: Operation[]): Promise<Schemas['PreflightCommitResponse']> {
    return (await this.api.ok('commit_preflight_endpoint', { path: { namespace_id: id }, body: { operations } })).body;
  }

  /**
   * The quantity of `class_id` in a balance, read through preflight (the write API has no read
   * view): removing `quantity` must be valid and removing one more must fail INSUFFICIENT_QUANTITY.
   */
  async expectBalance(id: number, class_id: string, container_id: string, quantity: number): Promise<void> {
    if (quantity > 0) {
      const exact = await this.preflight(id, [ops.removeFungible(class_id, container_id, quantity)]);
      expect(exact.valid, `${container_id} should hold ${quantity} ${class_id}`).toBe(true);
    }
    const more = await this.preflight(id, [ops.removeFungible(class_id, container_id, quantity + 1)]);
    expect(
      { valid: more.valid, code: more.op_results[0]?.error?.code },
      `${container_id} should hold exactly ${quantity} ${class_id}`,
    ).toEqual({ valid: false, code: 'INSUFFICIENT_QUANTITY' });
  }

  /** Best effort, newest first (forks before their sources). */
  async cleanup(): Promise<void> {
    await removeNamespaces(this.api, this.namespaces.splice(0));
  }
}

/**
 * Removes namespaces as far as the API allows, newest first (forks before their sources), best
 * effort: unfreezes, disables and (soft-)deletes each. One that still holds containers cannot be
 * deleted and stays disabled, so it accepts no commits.
 */
export async function removeNamespaces(client: WriteDaemonClient, ids: readonly number[]): Promise<void> {
  const reason = 'conformance clean-up';
  for (const id of [...ids].reverse()) {
    const path = { namespace_id: id };
    try {
      const found = await client.call('get_namespace_endpoint', { path, conform: false });
      if (found.status !== 200) continue;
      const namespace = (found.body as { namespace: Namespace }).namespace;
      if (namespace.lifecycle === 'deleted') continue;
      if (namespace.operational_state.frozen) {
        await client.call('namespace_operational_state_endpoint', {
          path,
          body: { frozen: false, reason },
          conform: false,
        });
      }
      if (namespace.lifecycle === 'provisioned') {
        await client.call('namespace_lifecycle_endpoint', {
          path,
          body: { target_state: 'disabled', reason },
          conform: false,
        });
      }
      await client.call('delete_namespace_endpoint', { path, query: { reason }, conform: false });
    } catch {
      // Best effort: the server may be gone already.
    }
  }
}

/** A fixture for one test file: everything the test made is removed after it. */
export function useWriteDaemon(): WriteDaemonFixture {
  const fixture = new WriteDaemonFixture();
  afterEach(() => fixture.cleanup(), 60_000);
  return fixture;
}

/**
 * Builders for commit operations (the spec's `Operation` shapes), leaving out members that have
 * defaults (the generated types list them as required; the casts say so).
 */
export const ops = {
  registerClass: (class_id: string): Operation =>
    ({ op: 'RegisterClass', args: { request: { class_id, name: class_id } } }) as Operation,
  balance: (external_id: string, quantization_inv?: number): Operation => ({
    op: 'CreateContainer',
    args: { external_id, kind: { type: 'balance', ...(quantization_inv ? { quantization_inv } : {}) } },
  }),
  grid: (external_id: string, capacity: number, grid_width?: number): Operation => ({
    op: 'CreateContainer',
    args: { external_id, kind: { type: 'grid', capacity, ...(grid_width ? { grid_width } : {}) } },
  }),
  slots: (external_id: string, count: number): Operation => ({
    op: 'CreateContainer',
    args: { external_id, kind: { type: 'slots', count } },
  }),
  removeContainer: (container_id: string): Operation => ({ op: 'RemoveContainer', args: { container_id } }),
  addFungible: (class_id: string, container_id: string, quantity: number | string): Operation => ({
    op: 'AddFungible',
    args: { class_id, location: { kind: 'balance', container_id }, quantity: String(quantity) },
  }),
  removeFungible: (class_id: string, container_id: string, quantity: number | string): Operation => ({
    op: 'RemoveFungible',
    args: { class_id, location: { kind: 'balance', container_id }, quantity: String(quantity) },
  }),
  transfer: (class_id: string, from: string, to: string, quantity: number | string): Operation => ({
    op: 'TransferFungible',
    args: { class_id, from_container_id: from, to_container_id: to, quantity: String(quantity) },
  }),
  addInstance: (class_id: string, location: Schemas['Location'], instance_id?: string): Operation => ({
    op: 'AddInstance',
    args: { class_id, location, ...(instance_id ? { instance_id } : {}) },
  }),
  moveInstance: (instance_id: string, to: Schemas['Location']): Operation => ({
    op: 'MoveInstance',
    args: { instance_id, to },
  }),
  cell: (container_id: string, position: number): Schemas['Location'] =>
    ({ kind: 'grid_cell', container_id, position }) as Schemas['Location'],
  slot: (container_id: string, slot_index: number): Schemas['Location'] => ({ kind: 'slot', container_id, slot_index }),
};

/** A provisioned namespace holding class `gold` and an empty balance `vault` (world_seq 2). */
export async function stockedNamespace(wd: WriteDaemonFixture, options: NamespaceOptions = {}): Promise<Namespace> {
  const namespace = await wd.provisioned(options);
  await wd.commit(namespace.namespace_id, [ops.registerClass('gold'), ops.balance('vault')]);
  return namespace;
}
