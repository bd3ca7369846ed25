/**
 * What the SpacetimeDB benchmark asks of the host, and how it checks the answers: publishing the
 * `keyed` test module (table `user {id: u64 pk auto_inc, email: String unique, name, age: u32}`),
 * `create_user` calls, SQL, and the rows it reads back (untyped SATS-JSON: positional arrays).
 */
import { loadTestModule } from '@dbwire/test-modules/spacetimedb';
import type { Http, Reply } from './http.js';

/** A row of `user` as SQL answers it: `[id, email, name, age]`. */
export type UserRow = [id: number, email: string, name: string, age: number];

/** One statement's result of `POST /sql`. */
interface SqlResult {
  schema: { elements: Array<{ name: { some?: string } }> };
  rows: unknown[][];
}

export const databasePath = (database: string) => `/v1/database/${encodeURIComponent(database)}`;
export const identityPath = (database: string) => `${databasePath(database)}/identity`;
export const createUserPath = (database: string) => `${databasePath(database)}/call/create_user`;
export const sqlPath = (database: string) => `${databasePath(database)}/sql`;

/** The user the `serial`-th call of a database creates: its email is unique in the database. */
export function userOf(serial: number): { email: string; name: string; age: number } {
  return { email: `u${serial}@bench.dbwire`, name: `user ${serial}`, age: serial % 100 };
}

/** The body of `POST /call/create_user` for `userOf(serial)`: the arguments as a JSON array. */
export function createUserBody(serial: number): string {
  const { email, name, age } = userOf(serial);
  return JSON.stringify([email, name, age]);
}

/** Why a `create_user` call's answer is not a committed call (200, no body), or undefined. */
export function callProblem(reply: Reply): string | undefined {
  return reply.text === '' ? undefined : `create_user answered 200 with a body: ${reply.text.slice(0, 200)}`;
}

export interface Published {
  /** The database's identity, 64 hex digits. */
  identity: string;
  /** The owner's token: the one the host minted for an anonymous first publish, or the one sent. */
  token: string;
}

/**
 * Publishes the `keyed` module as a new database `name` at `base`, as the CLI does (`PUT`, the
 * module's bytes, no Content-Type), with `token` or anonymously. Throws unless it was created.
 */
export async function publishKeyed(base: string, name: string, token?: string): Promise<Published> {
  const response = await fetch(`${base}${databasePath(name)}`, {
    method: 'PUT',
    headers: token === undefined ? {} : { Authorization: `Bearer ${token}` },
    body: await loadTestModule('keyed'),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`publishing ${name}: ${response.status} ${text.slice(0, 500)}`);
  const answer = JSON.parse(text) as { Success?: { domain: string; database_identity: string; op: string } };
  if (answer.Success?.op !== 'created' || answer.Success.domain !== name) {
    throw new Error(`publishing ${name} answered ${text.slice(0, 500)}`);
  }
  const owner = response.headers.get('spacetime-identity-token') ?? token;
  if (owner === undefined) throw new Error(`publishing ${name}: no spacetime-identity-token header`);
  return { identity: answer.Success.database_identity, token: owner };
}

/** The results of the SQL `statements` on `database`; throws unless it answers 200. */
export async function sql(http: Http, database: string, statements: string): Promise<SqlResult[]> {
  const reply = await http.send('POST', sqlPath(database), statements, 'text/plain');
  if (reply.status !== 200) throw new Error(`SQL '${statements}': ${reply.status} ${reply.text.slice(0, 500)}`);
  return JSON.parse(reply.text) as SqlResult[];
}

/** The rows of the one statement `query` on `database`. */
export async function rowsOf(http: Http, database: string, query: string): Promise<unknown[][]> {
  const results = await sql(http, database, query);
  if (results.length !== 1) throw new Error(`SQL '${query}' answered ${results.length} results`);
  return (results[0] as SqlResult).rows;
}

/** `SELECT COUNT(*)` of `user` in `database`. */
export async function countUsers(http: Http, database: string): Promise<number> {
  const rows = await rowsOf(http, database, 'SELECT COUNT(*) AS n FROM user');
  const count = rows[0]?.[0];
  if (typeof count !== 'number') throw new Error(`COUNT(*) of user answered ${JSON.stringify(rows)}`);
  return count;
}

/** Why a point query's answer is not exactly `[expected]` as one statement's rows, or undefined. */
export function pointQueryProblem(reply: Reply, expected: UserRow): string | undefined {
  const results = JSON.parse(reply.text) as SqlResult[];
  const rows = results.length === 1 ? results[0]?.rows : undefined;
  if (rows?.length === 1 && JSON.stringify(rows[0]) === JSON.stringify(expected)) return undefined;
  return `SELECT of user ${expected[0]} answered ${reply.text.slice(0, 300)}`;
}

/**
 * Calls `create_user` for serials 0 to count - 1 on `database`, `clients` at a time, every answer
 * checked. Answers the seconds it took.
 */
export async function createUsers(http: Http, database: string, count: number, clients: number): Promise<number> {
  const began = performance.now();
  let next = 0;
  const caller = async () => {
    for (let serial = next++; serial < count; serial = next++) {
      const reply = await http.send('POST', createUserPath(database), createUserBody(serial));
      const problem = reply.status === 200 ? callProblem(reply) : `${reply.status} ${reply.text.slice(0, 300)}`;
      if (problem) throw new Error(`creating user ${serial} in ${database}: ${problem}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(clients, count) }, caller));
  return (performance.now() - began) / 1000;
}

/**
 * Every row of `user` in `database`; throws unless their emails are exactly `emails` (none
 * missing, none extra), each row is the user its email was created as, and ids are distinct.
 */
export async function usersExactly(http: Http, database: string, emails: ReadonlySet<string>): Promise<UserRow[]> {
  const rows = (await rowsOf(http, database, 'SELECT * FROM user')) as UserRow[];
  const byEmail = new Map(rows.map((row) => [row[1], row]));
  const missing = [...emails].filter((email) => !byEmail.has(email));
  const extra = rows.filter((row) => !emails.has(row[1])).map((row) => row[1]);
  if (missing.length > 0 || extra.length > 0 || rows.length !== emails.size) {
    throw new Error(
      `${database}: ${rows.length} users, ${emails.size} acknowledged; missing ${missing.slice(0, 3).join(', ') || 'none'}, ` +
        `unexpected ${extra.slice(0, 3).join(', ') || 'none'}`,
    );
  }
  if (new Set(rows.map((row) => row[0])).size !== rows.length)
    throw new Error(`${database}: user ids are not distinct`);
  for (const row of rows) {
    const serial = Number(/^u(\d+)@/.exec(row[1])?.[1]);
    const { name, age } = userOf(serial);
    if (row[2] !== name || row[3] !== age)
      throw new Error(`${database}: user ${JSON.stringify(row)} is not as created`);
  }
  return rows;
}
