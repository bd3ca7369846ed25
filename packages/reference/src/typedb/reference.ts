import type { ApiBinding, AuthenticationResult } from '@dbwire/server-stubs';
import { type TypedbHandlers, typedbApi, typedbErrorShape } from '@dbwire/server-stubs/typedb';
import type { StorageEngine } from '@dbwire/storage';
import { errors } from './errors.js';
import { isReservedDatabaseName, isValidName } from './names.js';
import { TypeDBStore } from './store.js';
import { TokenIssuer } from './tokens.js';
import { DEFAULT_TRANSACTION_OPTIONS, TransactionRegistry, type TransactionType } from './transactions.js';

export interface TypeDBReferenceOptions {
  storage: StorageEngine;
  /** The admin user's password when the store has no admin yet. Default `password`, as TypeDB. */
  adminPassword?: string;
  /** Token lifetime in seconds. Default 5000, as TypeDB's shipped configuration. */
  tokenLifetimeSeconds?: number;
  /** HMAC secret for tokens. Default: random at each start, so a restart invalidates all tokens. */
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
 * The TypeDB control plane: sign-in, databases, users and transactions with TypeDB's lifecycle,
 * locks and error codes. TypeQL execution is not part of it yet: both query operations answer
 * 400 `SRV1` (not implemented) after the same checks the real server makes first.
 */
export async function createTypeDBReference(options: TypeDBReferenceOptions): Promise<TypeDBReference> {
  const now = options.now ?? Date.now;
  const store = new TypeDBStore(options.storage, options.passwordIterations ?? 100_000);
  if (!(await store.userExists(ADMIN))) await store.createUser(ADMIN, options.adminPassword ?? 'password');
  const tokens = await TokenIssuer.create({
    secret: options.tokenSecret,
    lifetimeSeconds: options.tokenLifetimeSeconds ?? 5000,
    now,
  });
  const transactions = new TransactionRegistry(now);
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
  /** Revokes the user's tokens and closes their transactions (after a password change or deletion). */
  const logOut = (username: string) => {
    tokens.revokeAll(username);
    transactions.closeAllOf(username);
  };
  const requireDatabase = async (name: string) => {
    if (isReservedDatabaseName(name) || !(await store.databaseExists(name))) throw errors.databaseNotFound(name);
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
      await store.createDatabase(name, new Date(now()));
      return { status: 200 };
    },
    async deleteDatabase({ params }) {
      const name = params.databaseName;
      if (isReservedDatabaseName(name)) throw errors.deleteInternalDatabase();
      if (!(await store.databaseExists(name))) throw errors.deleteMissingDatabase();
      if (transactions.hasOpenTransactions(name)) throw errors.deleteDatabaseInUse();
      if (!(await store.deleteDatabase(name))) throw errors.deleteMissingDatabase();
      return { status: 200 };
    },
    async getDatabaseSchema({ params }) {
      await requireDatabase(params.databaseName);
      // No TypeQL engine yet, so no database has a schema: the formatter's output for none.
      return { status: 200, body: 'define', contentType: 'text/plain' };
    },
    async getDatabaseTypeSchema({ params }) {
      await requireDatabase(params.databaseName);
      return { status: 200, body: 'define', contentType: 'text/plain' };
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
      logOut(params.username);
      return { status: 200 };
    },
    async deleteUser({ params }, caller) {
      requireAdminOrSelf(caller, params.username);
      if (params.username === ADMIN) throw errors.deleteAdmin();
      if (!isValidName(params.username)) throw errors.invalidUsernameOnDelete();
      if (!(await store.deleteUser(params.username))) throw errors.deleteMissingUser();
      logOut(params.username);
      return { status: 200 };
    },

    async openTransaction({ body }, caller) {
      const { databaseName, transactionType } = body;
      if (isReservedDatabaseName(databaseName) || !(await store.databaseExists(databaseName))) {
        throw errors.openOnMissingDatabase(databaseName);
      }
      const transaction = await transactions.openTransaction(
        callerOf(caller),
        databaseName,
        transactionType as TransactionType,
        transactionOptions(body.transactionOptions),
      );
      return { status: 200, body: { transactionId: transaction.id } };
    },
    closeTransaction({ params }, caller) {
      const owner = transactions.ownerOf(params.transactionId);
      if (owner !== undefined && owner !== callerOf(caller)) throw errors.notPermitted();
      transactions.close(params.transactionId);
      return { status: 200 };
    },
    commitTransaction({ params }, caller) {
      const transaction = transactions.use(params.transactionId, callerOf(caller));
      // Commit always closes the transaction, also when it fails.
      transactions.close(transaction.id);
      if (transaction.type === 'read') throw errors.readCannotCommit();
      return { status: 200 };
    },
    rollbackTransaction({ params }, caller) {
      const transaction = transactions.use(params.transactionId, callerOf(caller));
      if (transaction.type === 'read') {
        transactions.close(transaction.id);
        throw errors.readCannotRollback();
      }
      // Nothing uncommitted to drop until the query engine writes; the transaction stays open.
      return { status: 200 };
    },
    query({ params }, caller) {
      transactions.use(params.transactionId, callerOf(caller));
      throw errors.queryNotImplemented();
    },
    async oneShotQuery({ body }) {
      if (isReservedDatabaseName(body.databaseName) || !(await store.databaseExists(body.databaseName))) {
        throw errors.openOnMissingDatabase(body.databaseName);
      }
      throw errors.queryNotImplemented();
    },
  };

  const authenticate = async (
    headers: Record<string, string | undefined>,
  ): Promise<AuthenticationResult<TypeDBCaller>> => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
    if (!match) return { response: errors.missingToken().response };
    const username = tokens.verify(match[1] as string);
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
