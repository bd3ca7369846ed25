import {
  getJson,
  putJson,
  type StorageEngine,
  scanJson,
  transactWithRetry,
  type WriteTransaction,
} from '@dbwire/storage';
import { hashPassword, type PasswordHash, verifyPassword } from '../shared/crypto.js';

/** Storage keys: everything TypeDB keeps durably sits under `typedb/`. */
const DATABASES = 'typedb/databases/';
const USERS = 'typedb/users/';

interface DatabaseRecord {
  name: string;
  createdAt: string;
}

interface UserRecord {
  username: string;
  password: PasswordHash;
}

/** Databases and users, kept on the storage engine. */
export class TypeDBStore {
  constructor(
    private readonly engine: StorageEngine,
    private readonly passwordIterations: number,
  ) {}

  async listDatabases(): Promise<string[]> {
    const entries = await this.engine.transact((tx) => scanJson<DatabaseRecord>(tx, { prefix: DATABASES }));
    return entries.map((entry) => entry.value.name);
  }

  async databaseExists(name: string): Promise<boolean> {
    return (await this.engine.transact((tx) => tx.get(DATABASES + name))) !== undefined;
  }

  /**
   * Creates the database unless it exists; either way it exists afterwards. `initialise` writes
   * its initial state in the same storage transaction.
   */
  async createDatabase(name: string, now: Date, initialise: (tx: WriteTransaction) => Promise<void>): Promise<void> {
    await transactWithRetry(this.engine, async (tx) => {
      if ((await tx.get(DATABASES + name)) === undefined) {
        await putJson(tx, DATABASES + name, { name, createdAt: now.toISOString() } satisfies DatabaseRecord);
        await initialise(tx);
      }
    });
  }

  /**
   * Deletes the database; false if it did not exist. `drop` removes its contents in the same
   * storage transaction, so no other process can commit into a half-deleted database.
   */
  async deleteDatabase(name: string, drop: (tx: WriteTransaction) => Promise<void>): Promise<boolean> {
    return transactWithRetry(this.engine, async (tx) => {
      if ((await tx.get(DATABASES + name)) === undefined) return false;
      await tx.delete(DATABASES + name);
      await drop(tx);
      return true;
    });
  }

  async listUsers(): Promise<string[]> {
    const entries = await this.engine.transact((tx) => scanJson<UserRecord>(tx, { prefix: USERS }));
    return entries.map((entry) => entry.value.username);
  }

  async userExists(username: string): Promise<boolean> {
    return (await this.engine.transact((tx) => tx.get(USERS + username))) !== undefined;
  }

  /** Creates the user; false if the name is taken. */
  async createUser(username: string, password: string): Promise<boolean> {
    const hash = await hashPassword(password, this.passwordIterations);
    return this.engine.transact(async (tx) => {
      if ((await tx.get(USERS + username)) !== undefined) return false;
      await putJson(tx, USERS + username, { username, password: hash } satisfies UserRecord);
      return true;
    });
  }

  /** Sets a new password; false if the user does not exist. */
  async setPassword(username: string, password: string): Promise<boolean> {
    const hash = await hashPassword(password, this.passwordIterations);
    return this.engine.transact(async (tx) => {
      if ((await tx.get(USERS + username)) === undefined) return false;
      await putJson(tx, USERS + username, { username, password: hash } satisfies UserRecord);
      return true;
    });
  }

  async deleteUser(username: string): Promise<boolean> {
    return this.engine.transact(async (tx) => {
      if ((await tx.get(USERS + username)) === undefined) return false;
      await tx.delete(USERS + username);
      return true;
    });
  }

  async checkPassword(username: string, password: string): Promise<boolean> {
    const user = await this.engine.transact((tx) => getJson<UserRecord>(tx, USERS + username));
    if (user) return verifyPassword(password, user.password);
    // Hash anyway, so the answer's timing does not tell which user names exist.
    await verifyPassword(password, { ...UNKNOWN_USER_HASH, iterations: this.passwordIterations });
    return false;
  }
}

const UNKNOWN_USER_HASH: PasswordHash = {
  algorithm: 'PBKDF2-SHA256',
  iterations: 1,
  salt: 'AAAAAAAAAAAAAAAAAAAAAA',
  hash: '',
};
