import type { JsonSchema, RouteDefinition } from '@dbwire/server-stubs';
import { icebergApi } from '@dbwire/server-stubs/iceberg';
import fc from 'fast-check';
import { type CapabilityName, capabilityOn } from '../capabilities.js';
import { type Exchange, Fresh, type PathValue } from '../generic/http.js';
import type { ApiProfile, ProfileSession } from '../generic/profile.js';
import type { OperationHints } from '../generic/requests.js';
import { createTableBody } from '../iceberg/builders.js';
import { CONFORMANCE_PREFIX, dropNamespaceTree, runScopedNamespace } from '../iceberg/fixture.js';
import { IcebergClient, type LoadTableResult, namespacePath } from '../iceberg/http.js';
import type { Target } from '../target.js';
import { BearerSession, parseOrUndefined, setupError } from './session.js';

const ERROR_SCHEMA: JsonSchema = { $ref: `${icebergApi.schemas.$id}#/$defs/IcebergErrorResponse` };

/** Every mutation (each POST and DELETE) of either path family. */
function changesState(route: RouteDefinition): boolean {
  return route.method === 'POST' || route.method === 'DELETE';
}

/** A level with a space and one beyond ASCII, so `%1F` joining and per-level encoding are exercised. */
const NESTED_LEVEL = 'lvl ü';

interface OperationFixture {
  /** The catalog: undefined for the default one, else the conformance prefix. */
  prefix: string | undefined;
  /** A two-level namespace `[<run-scoped>, 'lvl ü']`. */
  namespace: string[];
  /** A table in it, as created. */
  table: LoadTableResult & { name: string };
}

/**
 * The Iceberg profile of the generic checks: the bearer token, per operation a run-scoped namespace
 * of two levels holding one table (so load, HEAD, commit, metrics, rename and register have
 * something to hit), fresh namespaces and tables for the drops, and clean-up of everything the
 * generated requests created.
 *
 * Namespaces anywhere in a request (the path, `parent` aside, and every `namespace` in a body) come
 * only from this run's names, so the checks never read, change or drop somebody else's namespace;
 * the prefixed family only ever addresses the conformance catalog.
 */
export const icebergProfile: ApiProfile = {
  api: icebergApi,
  errorSchema: ERROR_SCHEMA,
  requires: (route): CapabilityName[] => (changesState(route) ? ['state-changes'] : []),
  knownDeviations: () => [],
  openSession: async (target) => new IcebergSession(target),
};

class IcebergSession extends BearerSession<IcebergClient> implements ProfileSession {
  private readonly perOperation = new Map<string, Promise<OperationFixture>>();
  /** Top-level namespaces this session made (or saw made), per catalog. */
  private readonly made: Array<{ prefix: string | undefined; namespace: string }> = [];

  constructor(target: Target) {
    super(target, 'The Iceberg catalog', IcebergClient);
  }

  async hints(route: RouteDefinition): Promise<OperationHints> {
    const op = route.operationId;
    const prefix = op.endsWith('WithPrefix') ? CONFORMANCE_PREFIX : undefined;
    const unusedName = fc.constant(null).map(() => runScopedNamespace('unused'));
    const unused = unusedName.map((name) => [name]);
    const pathOnly: Record<string, fc.Arbitrary<PathValue>> = { prefix: fc.constant(CONFORMANCE_PREFIX) };
    if (!capabilityOn('state-changes')) {
      // Only the not-found paths (names of this run that nobody created).
      pathOnly.namespace = unused.map(namespacePath);
      return { pathOnly, propertiesOnly: { namespace: unused } };
    }
    const fixture = await this.fixtureFor(op, prefix);
    const existing = fc.constant(fixture.namespace);
    const namespaces = fc.oneof({ weight: 4, arbitrary: existing }, { weight: 1, arbitrary: unused });
    const freshChild = fc
      .string({ minLength: 1, maxLength: 6 })
      .filter((level) => !level.includes('\u001f'))
      .map((level) => [fixture.namespace[0] as string, `${level}-${Math.random().toString(36).slice(2, 6)}`]);
    const variant = `${prefix ?? ''}\n${namespacePath(fixture.namespace)}`;
    const dropsNamespace = op.startsWith('dropNamespace');
    const dropsTable = op.startsWith('dropTable');
    pathOnly.namespace = dropsNamespace
      ? fc.constant(new Fresh('namespace', prefix ?? ''))
      : namespaces.map(namespacePath);
    const table = fc.constant(fixture.table.name);
    const hints: { -readonly [K in keyof OperationHints]: OperationHints[K] } = {
      pathOnly,
      path: { table: dropsTable ? fc.constant(new Fresh('table', variant)) : table },
      properties: {
        name: table,
        'metadata-location': fc.constant(fixture.table['metadata-location'] as string),
        uuid: fc.constant(fixture.table.metadata['table-uuid']),
        ref: fc.constant('main'),
      },
      propertiesOnly: {
        // Creates make children of the fixture namespace (or fail on unused parents); the rest
        // aim at the fixture namespace or at one nobody has.
        namespace: op.startsWith('createNamespace')
          ? fc.oneof({ weight: 3, arbitrary: freshChild }, { weight: 1, arbitrary: namespaces })
          : namespaces,
      },
    };
    const body = bodyHint(op, fixture);
    if (body) hints.body = body;
    // Negative and auth cases aim at resources with which a valid request succeeds.
    hints.basePath = {
      namespace: dropsNamespace
        ? fc.constant(new Fresh('namespace', prefix ?? ''))
        : fc.constant(namespacePath(fixture.namespace)),
      table: dropsTable ? fc.constant(new Fresh('table', variant)) : table,
    };
    return hints;
  }

  /** A two-level namespace with one table for one operation's requests, in the operation's catalog. */
  private fixtureFor(operationId: string, prefix: string | undefined): Promise<OperationFixture> {
    let made = this.perOperation.get(operationId);
    if (!made) {
      made = (async () => {
        const client = this.client.catalog(prefix);
        const top = await this.createTopLevel(prefix);
        const namespace = [top, NESTED_LEVEL];
        const nested = await client.call('createNamespace', { body: { namespace }, conform: false });
        if (nested.status !== 200)
          throw setupError(`create the fixture namespace ${JSON.stringify(namespace)}`, nested);
        const created = await client.call('createTable', {
          namespace,
          body: createTableBody('fixture'),
          conform: false,
        });
        if (created.status !== 200) throw setupError('create the fixture table', created);
        return { prefix, namespace, table: { ...(created.body as LoadTableResult), name: 'fixture' } };
      })();
      this.perOperation.set(operationId, made);
    }
    return made;
  }

  private async createTopLevel(prefix: string | undefined): Promise<string> {
    const name = runScopedNamespace('generic');
    this.made.push({ prefix, namespace: name });
    const created = await this.client.catalog(prefix).call('createNamespace', {
      body: { namespace: [name] },
      conform: false,
    });
    if (created.status !== 200) throw setupError(`create the fixture namespace ${name}`, created);
    return name;
  }

  async materialize(fresh: Fresh): Promise<{ value: string; dispose(): Promise<void> }> {
    if (fresh.kind === 'namespace') {
      const prefix = fresh.variant === '' ? undefined : fresh.variant;
      return { value: await this.createTopLevel(prefix), dispose: async () => {} };
    }
    if (fresh.kind === 'table') {
      const [prefix = '', namespace = ''] = fresh.variant.split('\n');
      const name = `fresh_${Math.random().toString(36).slice(2, 10)}`;
      const created = await this.client.catalog(prefix === '' ? undefined : prefix).call('createTable', {
        namespace,
        body: createTableBody(name),
        conform: false,
      });
      if (created.status !== 200) throw setupError(`create the table ${name}`, created);
      return { value: name, dispose: async () => {} };
    }
    throw new Error(`Cannot make ${fresh}.`);
  }

  async observe(exchange: Exchange): Promise<void> {
    const op = exchange.operationId;
    if (exchange.response?.status !== 200 || !op.startsWith('createNamespace')) return;
    const made = (parseOrUndefined(exchange.response.text) as { namespace?: unknown } | undefined)?.namespace;
    const top = Array.isArray(made) ? made[0] : undefined;
    const prefix = op.endsWith('WithPrefix') ? CONFORMANCE_PREFIX : undefined;
    if (typeof top === 'string' && !this.made.some((m) => m.prefix === prefix && m.namespace === top)) {
      this.made.push({ prefix, namespace: top });
    }
  }

  async close(): Promise<void> {
    for (const { prefix, namespace } of this.made.splice(0).reverse()) {
      await dropNamespaceTree(this.client.catalog(prefix), [namespace]);
    }
  }
}

/** A fresh table name (random, so a positive create does not collide with the fixture table). */
const freshTableName = fc.constant(null).map(() => `t_${Math.random().toString(36).slice(2, 10)}`);

/**
 * Whole bodies that succeed, offered next to the generated ones (which a random schema or update
 * list mostly turns into a 400), so the 2xx answers of the mutations are checked too.
 */
function bodyHint(operationId: string, fixture: OperationFixture): fc.Arbitrary<unknown> | undefined {
  const operation = operationId.replace(/WithPrefix$/, '');
  const identifier = { namespace: fixture.namespace, name: fixture.table.name };
  const setProperty = fc
    .tuple(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 8 }))
    .map(([key, value]) => ({ action: 'set-properties', updates: { [`generic.${key}`]: value } }));
  switch (operation) {
    case 'createTable':
      return freshTableName.map((name) => createTableBody(name));
    case 'registerTable':
      return freshTableName.map((name) => ({ name, 'metadata-location': fixture.table['metadata-location'] }));
    case 'updateTable':
      return setProperty.map((change) => ({ identifier, requirements: [], updates: [change] }));
    case 'commitTransaction':
      return setProperty.map((change) => ({ 'table-changes': [{ identifier, requirements: [], updates: [change] }] }));
    default:
      return undefined;
  }
}
