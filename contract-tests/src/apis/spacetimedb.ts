import type { RouteDefinition } from '@dbwire/server-stubs';
import { spacetimedbApi } from '@dbwire/server-stubs/spacetimedb';
import { loadTestModule } from '@dbwire/test-modules/spacetimedb';
import fc from 'fast-check';
import { type CapabilityName, capabilityOn } from '../capabilities.js';
import { type BodySpec, type Exchange, Fresh, type PathValue } from '../generic/http.js';
import type { ApiProfile, ProfileSession } from '../generic/profile.js';
import type { OperationHints } from '../generic/requests.js';
import { type Identity, mintIdentity, runScopedDatabaseName } from '../spacetimedb/fixture.js';
import type { PublishResult } from '../spacetimedb/http.js';
import type { Target } from '../target.js';
import { parseOrUndefined, setupError } from './session.js';

/** Operations that create, change or delete databases, their names or their rows. */
const STATE_CHANGES = new Set([
  'publishNewDatabase',
  'publishDatabase',
  'publishDatabaseWithPut',
  'deleteDatabase',
  'addDatabaseName',
  'setDatabaseNames',
  'callReducer',
  'runSql',
]);

const PUBLISHES = new Set(['publishNewDatabase', 'publishDatabase', 'publishDatabaseWithPut']);

/** The quickstart module's reducers: `add(name)` and `say_hello()`, and its lifecycle reducer `init` (refused). */
const REDUCERS = ['add', 'say_hello'];
const LIFECYCLE_REDUCER = 'init';

/** Statements over the quickstart module's (private) `person` table, which the owner may run. */
const SQL_STATEMENTS = [
  'SELECT * FROM person',
  'SELECT COUNT(*) AS n FROM person',
  "INSERT INTO person (name) VALUES ('generic')",
  "SELECT name FROM person WHERE name = 'generic'; DELETE FROM person WHERE name = 'generic'",
  'SELECT * FROM no_such_table',
];

interface OperationFixture {
  /** A quickstart database of this run: its run-scoped name and its identity. */
  name: string;
  identity: string;
}

/**
 * The SpacetimeDB profile of the generic checks. Credentials are optional on a SpacetimeDB host,
 * so the session mints its own identity (`POST /v1/identity`) and needs none given. Per operation
 * it publishes the quickstart test module as a run-scoped database; requests address that
 * database by name or identity (or a run-scoped name nobody has), publish the quickstart module's
 * real bytes, call its reducers, run SQL over its table and name it only with run-scoped names,
 * so the checks never touch a database they did not make. Every database made is deleted at the
 * end.
 */
export const spacetimedbProfile: ApiProfile = {
  api: spacetimedbApi,
  // The product's auth extractor answers a malformed header or token 400 on every route (also
  // /v1/identity/websocket-token and /verify, where a token is required).
  malformedCredentialsAre400: true,
  requires: (route): CapabilityName[] => (STATE_CHANGES.has(route.operationId) ? ['state-changes'] : []),
  knownDeviations: () => [],
  openSession: async (target) => SpacetimedbSession.open(target),
};

class SpacetimedbSession implements ProfileSession {
  readonly username = 'conformance';
  private readonly perOperation = new Map<string, Promise<OperationFixture>>();
  /** Databases this session made (or saw made), by identity. */
  private readonly databases: string[] = [];

  private constructor(
    private readonly me: Identity,
    private readonly module: Uint8Array,
  ) {}

  static async open(target: Target): Promise<SpacetimedbSession> {
    const [me, module] = await Promise.all([mintIdentity(target.baseUrl), loadTestModule('quickstart')]);
    return new SpacetimedbSession(me, module);
  }

  get token(): string {
    return this.me.token;
  }

  async hints(route: RouteDefinition): Promise<OperationHints> {
    const op = route.operationId;
    const unknownName = fc.constant(null).map(() => runScopedDatabaseName('unknown'));
    const unknownIdentity = fc.stringMatching(/^[0-9a-f]{64}$/).map((hex) => `c200${hex.slice(4)}`);
    const common: { -readonly [K in keyof OperationHints]: OperationHints[K] } = {
      path: {
        identity: fc.oneof({ weight: 3, arbitrary: fc.constant(this.me.identity) }, unknownIdentity),
        reducer: fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom(...REDUCERS) },
          { weight: 1, arbitrary: fc.constant(LIFECYCLE_REDUCER) },
        ),
      },
      query: { version: fc.constant('9') },
      // A log stream with follow=true never ends: the checks read finished answers only.
      queryOnly: op === 'getDatabaseLogs' ? { follow: fc.constantFrom('false', undefined) } : {},
    };
    if (op === 'createIdentity' || op === 'createWebsocketToken' || op === 'getIdentityPublicKey') return common;
    if (op === 'verifyIdentity') return common;
    if (!capabilityOn('state-changes')) {
      // Only the not-found paths (names of this run that nobody has).
      return { ...common, pathOnly: { name_or_identity: unknownName } };
    }
    const fixture = await this.fixtureFor(op);
    const existing = fc.oneof(
      { weight: 4, arbitrary: fc.constant(fixture.name) },
      { weight: 3, arbitrary: fc.constant(fixture.identity) },
      { weight: 1, arbitrary: fc.constant(`0x${fixture.identity}`) },
    );
    const database: fc.Arbitrary<PathValue> =
      op === 'deleteDatabase'
        ? fc.constant(new Fresh('database'))
        : PUBLISHES.has(op)
          ? fc.oneof({ weight: 2, arbitrary: existing }, { weight: 1, arbitrary: unknownName })
          : fc.oneof({ weight: 6, arbitrary: existing }, { weight: 1, arbitrary: unknownName }, unknownIdentity);
    const hints: { -readonly [K in keyof OperationHints]: OperationHints[K] } = {
      ...common,
      pathOnly: { name_or_identity: database },
      // Negative and auth cases aim at a database with which a valid request succeeds.
      basePath: {
        name_or_identity: op === 'deleteDatabase' ? fc.constant(new Fresh('database')) : fc.constant(fixture.identity),
      },
    };
    const body = bodyFor(op, this.module);
    if (body) hints.bodyOnly = body;
    if (op === 'callReducer') hints.body = fc.constantFrom(['Alice'], { name: 'Bob' }, []);
    return hints;
  }

  /** A quickstart database of this run for one operation's requests. */
  private fixtureFor(operationId: string): Promise<OperationFixture> {
    let made = this.perOperation.get(operationId);
    if (!made) {
      made = this.publish('generic');
      this.perOperation.set(operationId, made);
    }
    return made;
  }

  private async publish(stem: string): Promise<OperationFixture> {
    const name = runScopedDatabaseName(stem);
    const reply = await this.me.client.publish(this.module, { database: name, conform: false });
    if (reply.status !== 200) throw setupError(`publish the fixture database ${name}`, reply);
    const identity = (reply.body as PublishResult).Success.database_identity;
    this.databases.push(identity);
    return { name, identity };
  }

  async materialize(fresh: Fresh): Promise<{ value: string; dispose(): Promise<void> }> {
    if (fresh.kind !== 'database') throw new Error(`Cannot make ${fresh}.`);
    const { name } = await this.publish('fresh');
    return { value: name, dispose: async () => {} };
  }

  async observe(exchange: Exchange): Promise<void> {
    if (!PUBLISHES.has(exchange.operationId) || exchange.response?.status !== 200) return;
    const made = (parseOrUndefined(exchange.response.text) as Partial<PublishResult> | undefined)?.Success
      ?.database_identity;
    if (typeof made === 'string' && !this.databases.includes(made)) this.databases.push(made);
  }

  async close(): Promise<void> {
    for (const identity of this.databases.splice(0).reverse()) {
      try {
        await this.me.client.call('deleteDatabase', { database: identity, conform: false });
      } catch {
        // Best effort: the server may be gone already.
      }
    }
  }
}

/**
 * Whole bodies of valid requests, where generated ones would not do: a real module to publish
 * (with each accepted Content-Type, or none), SQL over the module's table (and text that is not
 * SQL), and run-scoped names only (a generated name could be somebody else's).
 */
function bodyFor(operationId: string, module: Uint8Array): fc.Arbitrary<BodySpec> | undefined {
  const name = fc.constant(null).map(() => runScopedDatabaseName('generic-name'));
  if (PUBLISHES.has(operationId)) {
    return fc
      .constantFrom('application/wasm', 'application/octet-stream', undefined)
      .map((contentType): BodySpec => ({ kind: 'bytes', bytes: module, contentType }));
  }
  switch (operationId) {
    case 'runSql':
      return fc
        .oneof({ weight: 3, arbitrary: fc.constantFrom(...SQL_STATEMENTS) }, fc.string({ minLength: 1, maxLength: 30 }))
        .map((text): BodySpec => ({ kind: 'raw', text, contentType: 'text/plain' }));
    case 'addDatabaseName':
      return name.map((text): BodySpec => ({ kind: 'raw', text, contentType: 'text/plain' }));
    case 'setDatabaseNames':
      return fc
        .array(name, { maxLength: 3 })
        .map((names): BodySpec => ({ kind: 'json', value: names, contentType: 'application/json' }));
    default:
      return undefined;
  }
}
