import type { ApiBinding, AuthenticationResult, RawRequest } from '@dbwire/server-stubs';
import { type TypedbHandlers, typedbApi, typedbErrorShape } from '@dbwire/server-stubs/typedb';
import type { StorageEngine } from '@dbwire/storage';
import { claimIdSpace, DatabaseStates } from './databases.js';
import { errors } from './errors.js';
import { isReservedDatabaseName, isValidName } from './names.js';
import { QueryService } from './queries.js';
import { TypeDBStore } from './store.js';
import { TokenIssuer } from './tokens.js';
import { DEFAULT_TRANSACTION_OPTIONS, TransactionRegistry, type TransactionType } from './transactions.js';
import { createTypeQLEngine } from './typeql/engine.js';

export interface TypeDBReferenceOptions {
  storage: StorageEngine;
  /** The admin user's password when the store has no admin yet. Default `password`, as TypeDB. */
  adminPassword?: string;
  /** Token lifetime in seconds. Default 5000, as TypeDB's shipped configuration. */
  tokenLifetimeSeconds?: number;
  /**
   * HMAC secret for tokens. Default: one made at random by the first server to start and kept on
   * the storage engine for every server sharing it. Tokens are kept there too, so they stay valid
   * across a restart (TypeDB keeps them in memory, so its restart invalidates them).
   */
  tokenSecret?: Uint8Array;
  /** PBKDF2 iterations for new password hashes. */
  passwordIterations?: number;
  /** What `GET /v1/version` reports. */
  version?: { distribution: string; version: string };
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number;
}

/** Who is calling: the user a valid token names, or nobody on public operations. */
export interface TypeDBCaller {
  username: string | undefined;
}

export interface TypeDBReference {
  binding: ApiBinding<TypeDBCaller>;
  /** Closes every open transaction. */
  close(): void;
}

const ADMIN = 'admin';

/**
 * The TypeDB server: sign-in, databases, users, transactions with TypeDB's lifecycle and locks,
 * and TypeQL queries run by the engine in ./typeql, with TypeDB's error codes throughout.
 */
export async function createTypeDBReference(options: TypeDBReferenceOptions): Promise<TypeDBReference> {
  const now = options.now ?? Date.now;
  const store = new TypeDBStore(options.storage, options.passwordIterations ?? 100_000);
  if (!(await store.userExists(ADMIN))) await store.createUser(ADMIN, options.adminPassword ?? 'password');
  const tokens = await TokenIssuer.create({
    storage: options.storage,
    secret: options.tokenSecret,
    lifetimeSeconds: options.tokenLifetimeSeconds ?? 5000,
    now,
  });
  const transactions = new TransactionRegistry(now);
  // Servers sharing the storage engine mint instance iids in distinct id spaces.
  const typeqlEngine = createTypeQLEngine({ idSpace: await claimIdSpace(options.storage) });
  const states = new DatabaseStates(options.storage, typeqlEngine);
  const queries = new QueryService(typeqlEngine, states, transactions, now);
  const version = options.version ?? { distribution: 'dbwire', version: '3.5.5' };

  /** The caller's name on operations that require a token (authentication guarantees one). */
  const callerOf = (caller: TypeDBCaller): string => caller.username as string;
  const requireAdminOrSelf = (caller: TypeDBCaller, username: string) => {
    const name = callerOf(caller);
    if (name !== ADMIN && name !== username) throw errors.notPermitted();
  };
  const requireAdmin = (caller: TypeDBCaller) => {
    if (callerOf(caller) !== ADMIN) throw errors.notPermitted();
  };
  /**
   * Revokes the user's tokens (for every server sharing the storage engine) and closes their
   * transactions (in this server: each server knows only its own), after a password change or deletion.
   */
  const logOut = async (username: string) => {
    transactions.closeAllOf(username);
    await tokens.revokeAll(username);
  };
  /** Reserved and malformed names are never databases: no need to ask the storage engine. */
  const mayExist = (name: string) => !isReservedDatabaseName(name) && isValidName(name);
  /** The database's latest committed state (404 `SRV3` if it does not exist). */
  const committedState = async (name: string) => {
    const state = mayExist(name) ? await states.current(name) : undefined;
    if (!state) throw errors.databaseNotFound(name);
    return state;
  };
  /**
   * Refuses names that cannot be databases (404 `TSV1`). Whether the database exists is checked
   * as the transaction begins, in the same storage read as its latest commit.
   */
  const requireDatabaseNameToOpen = (name: string) => {
    if (!mayExist(name)) throw errors.openOnMissingDatabase(name);
  };

  const handlers: TypedbHandlers<TypeDBCaller> = {
    health: () => ({ status: 204 }),
    healthV1: () => ({ status: 204 }),
    version: () => ({ status: 200, body: version }),

    async signin({ body }) {
      if (!(await store.checkPassword(body.username, body.password))) throw errors.invalidCredentials();
      return { status: 200, body: { token: await tokens.issue(body.username) } };
    },

    async getDatabases() {
      const names = await store.listDatabases();
      return { status: 200, body: { databases: names.map((name) => ({ name })) } };
    },
    async getDatabase({ params }) {
      const name = params.databaseName;
      if (isReservedDatabaseName(name) || !(await store.databaseExists(name))) throw errors.resourceNotFound();
      return { status: 200, body: { name } };
    },
    async createDatabase({ params }) {
      const name = params.databaseName;
      if (isReservedDatabaseName(name)) throw errors.reservedDatabaseName();
      if (!isValidName(name)) throw errors.invalidDatabaseName(name);
      await store.createDatabase(name, new Date(now()), (tx) => states.create(tx, name));
      return { status: 200 };
    },
    async deleteDatabase({ params }) {
      const name = params.databaseName;
      if (isReservedDatabaseName(name)) throw errors.deleteInternalDatabase();
      if (!(await store.databaseExists(name))) throw errors.deleteMissingDatabase();
      if (transactions.hasOpenTransactions(name)) throw errors.deleteDatabaseInUse();
      if (!(await store.deleteDatabase(name, (tx) => states.drop(tx, name)))) throw errors.deleteMissingDatabase();
      return { status: 200 };
    },
    async getDatabaseSchema({ params }) {
      const { snapshot } = await committedState(params.databaseName);
      const text = typeqlEngine.formatSchema(snapshot, false);
      return { status: 200, body: text, contentType: 'text/plain' };
    },
    async getDatabaseTypeSchema({ params }) {
      const { snapshot } = await committedState(params.databaseName);
      const text = typeqlEngine.formatSchema(snapshot, true);
      return { status: 200, body: text, contentType: 'text/plain' };
    },

    async getUsers(_request, caller) {
      requireAdmin(caller);
      const names = await store.listUsers();
      return { status: 200, body: { users: names.map((username) => ({ username })) } };
    },
    async getUser({ params }, caller) {
      requireAdminOrSelf(caller, params.username);
      if (!isValidName(params.username)) throw errors.invalidUsernameOnGet();
      if (!(await store.userExists(params.username))) throw errors.userNotFound();
      return { status: 200, body: { username: params.username } };
    },
    async createUser({ params, body }, caller) {
      requireAdmin(caller);
      if (!isValidName(params.username)) throw errors.invalidUsernameOnCreate();
      if (!(await store.createUser(params.username, body.password))) throw errors.userExists();
      return { status: 200 };
    },
    async updateUser({ params, body }, caller) {
      requireAdminOrSelf(caller, params.username);
      if (!isValidName(params.username)) throw errors.invalidUsernameOnUpdate();
      if (!(await store.setPassword(params.username, body.password))) throw errors.updateMissingUser();
      await logOut(params.username);
      return { status: 200 };
    },
    async deleteUser({ params }, caller) {
      requireAdminOrSelf(caller, params.username);
      if (params.username === ADMIN) throw errors.deleteAdmin();
      if (!isValidName(params.username)) throw errors.invalidUsernameOnDelete();
      if (!(await store.deleteUser(params.username))) throw errors.deleteMissingUser();
      await logOut(params.username);
      return { status: 200 };
    },

    async openTransaction({ body }, caller) {
      const { databaseName, transactionType } = body;
      requireDatabaseNameToOpen(databaseName);
      const transaction = await transactions.openTransaction(
        callerOf(caller),
        databaseName,
        transactionType as TransactionType,
        transactionOptions(body.transactionOptions),
        queries.starter(databaseName),
      );
      return { status: 200, body: { transactionId: transaction.id } };
    },
    closeTransaction({ params }, caller) {
      const owner = transactions.ownerOf(params.transactionId);
      if (owner !== undefined && owner !== callerOf(caller)) throw errors.notPermitted();
      transactions.close(params.transactionId);
      return { status: 200 };
    },
    async commitTransaction({ params }, caller) {
      await queries.commit(transactions.use(params.transactionId, callerOf(caller)), false);
      return { status: 200 };
    },
    rollbackTransaction({ params }, caller) {
      const transaction = transactions.use(params.transactionId, callerOf(caller));
      if (transaction.type === 'read') {
        transactions.close(transaction.id);
        throw errors.readCannotRollback();
      }
      // Drops the uncommitted writes; the transaction stays open.
      transaction.work.rollback();
      return { status: 200 };
    },
    query({ params, body }, caller) {
      const transaction = transactions.use(params.transactionId, callerOf(caller));
      return queries.run(transaction, body.query, body.queryOptions).response;
    },
    async oneShotQuery({ body }, caller) {
      requireDatabaseNameToOpen(body.databaseName);
      const transaction = await transactions.openTransaction(
        callerOf(caller),
        body.databaseName,
        body.transactionType as TransactionType,
        transactionOptions(body.transactionOptions),
        queries.starter(body.databaseName),
      );
      try {
        const { queryType, response } = queries.run(transaction, body.query, body.queryOptions);
        // Write and schema queries are committed unless the caller says not to; reads just close.
        if (queryType !== 'read' && body.commit !== false) await queries.commit(transaction, true);
        return response;
      } finally {
        transactions.close(transaction.id);
      }
    },
  };

  const authenticate = async ({ headers }: RawRequest): Promise<AuthenticationResult<TypeDBCaller>> => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
    if (!match) return { response: errors.missingToken().response };
    const username = await tokens.verify(match[1] as string);
    if (username === undefined) return { response: errors.invalidToken().response };
    return { context: { username } };
  };

  return {
    binding: {
      id: typedbApi.id,
      schemas: typedbApi.schemas,
      routes: typedbApi.routes,
      handlers,
      errors: typedbErrorShape,
      authenticate,
      publicContext: { username: undefined },
    },
    close: () => transactions.closeAll(),
  };
}

function transactionOptions(
  requested: { schemaLockAcquireTimeoutMillis?: number | null; transactionTimeoutMillis?: number | null } | undefined,
) {
  return {
    schemaLockAcquireTimeoutMillis:
      requested?.schemaLockAcquireTimeoutMillis ?? DEFAULT_TRANSACTION_OPTIONS.schemaLockAcquireTimeoutMillis,
    transactionTimeoutMillis:
      requested?.transactionTimeoutMillis ?? DEFAULT_TRANSACTION_OPTIONS.transactionTimeoutMillis,
  };
}
