import type { components } from '@dbwire/server-stubs/typedb';
import { afterEach, beforeAll, expect } from 'vitest';
import { getTarget, runScopedName } from '../target.js';
import { expectEmptyOk, expectJsonOk, type TypeDBApi, typedbApi, UUID_V4 } from './http.js';

type TransactionType = components['schemas']['TransactionType'];
type TransactionOptions = components['schemas']['TransactionOptions'];

/** A signed-in user: its credentials, a token and a client sending that token. */
export interface Session {
  username: string;
  password: string;
  token: string;
  api: TypeDBApi;
}

/**
 * Creates what a test needs (databases, users, transactions) under run-scoped names and removes
 * it all after each test, so tests are independent and safe against a shared server. Everything
 * made through the fixture is tracked; tests that create things by hand call `track*`.
 */
export class TypeDBFixture {
  private adminSession: Session | undefined;
  private readonly databases = new Set<string>();
  private readonly users = new Set<string>();
  private readonly transactions: Array<{ id: string; api: TypeDBApi }> = [];

  /** The target's admin user (its token, or one from signing in). Available from `beforeAll` on. */
  get admin(): Session {
    if (!this.adminSession) throw new Error('The TypeDB fixture is not initialised (use it inside tests).');
    return this.adminSession;
  }

  async init(): Promise<void> {
    const target = getTarget('typedb');
    const token = target.token ?? (await this.signIn(target.username, target.password));
    this.adminSession = { username: target.username, password: target.password, token, api: typedbApi(token) };
  }

  /** Signs in and returns the token; fails the test when the server refuses. */
  async signIn(username: string, password: string): Promise<string> {
    const body = expectJsonOk(await typedbApi().POST('/v1/signin', { body: { username, password } }));
    expect(body.token).toEqual(expect.any(String));
    return body.token;
  }

  async session(username: string, password: string): Promise<Session> {
    const token = await this.signIn(username, password);
    return { username, password, token, api: typedbApi(token) };
  }

  /** Creates a database as admin and returns its name. */
  async database(stem = 'db'): Promise<string> {
    const name = runScopedName(stem);
    this.trackDatabase(name);
    expectEmptyOk(
      await this.admin.api.POST('/v1/databases/{databaseName}', { params: { path: { databaseName: name } } }),
    );
    return name;
  }

  /** Creates a (non-admin) user as admin and signs in as it. */
  async user(stem = 'user'): Promise<Session> {
    const username = runScopedName(stem);
    const password = runScopedName('pw');
    this.trackUser(username);
    expectEmptyOk(
      await this.admin.api.POST('/v1/users/{username}', { params: { path: { username } }, body: { password } }),
    );
    return this.session(username, password);
  }

  /** Opens a transaction and returns its id; it is closed after the test. */
  async open(
    session: Session,
    databaseName: string,
    transactionType: TransactionType,
    transactionOptions?: TransactionOptions,
  ): Promise<string> {
    const body = expectJsonOk(
      await session.api.POST('/v1/transactions/open', {
        body: { databaseName, transactionType, ...(transactionOptions ? { transactionOptions } : {}) },
      }),
    );
    expect(body.transactionId).toMatch(UUID_V4);
    this.trackTransaction(session.api, body.transactionId);
    return body.transactionId;
  }

  trackDatabase(name: string): void {
    this.databases.add(name);
  }

  trackUser(name: string): void {
    this.users.add(name);
  }

  trackTransaction(api: TypeDBApi, id: string): void {
    this.transactions.push({ id, api });
  }

  /** Best effort: things a test already removed (or whose owner is gone) are fine. */
  async cleanup(): Promise<void> {
    const transactions = this.transactions.splice(0);
    await Promise.allSettled(
      transactions.map(({ api, id }) =>
        api.POST('/v1/transactions/{transactionId}/close', { params: { path: { transactionId: id } } }),
      ),
    );
    if (!this.adminSession) return;
    const { api } = this.adminSession;
    const databases = [...this.databases];
    const users = [...this.users];
    this.databases.clear();
    this.users.clear();
    await Promise.allSettled([
      ...databases.map((databaseName) =>
        api.DELETE('/v1/databases/{databaseName}', { params: { path: { databaseName } } }),
      ),
      ...users.map((username) => api.DELETE('/v1/users/{username}', { params: { path: { username } } })),
    ]);
  }
}

/** A fixture for one test file: admin signed in before the tests, everything removed after each. */
export function useTypeDB(): TypeDBFixture {
  const fixture = new TypeDBFixture();
  beforeAll(() => fixture.init());
  afterEach(() => fixture.cleanup());
  return fixture;
}
