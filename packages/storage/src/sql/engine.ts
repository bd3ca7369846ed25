import {
  ConflictError,
  checkKey,
  checkScan,
  compareKeys,
  type Entry,
  inScan,
  type ScanOptions,
  type StorageEngine,
  type WriteTransaction,
} from '../engine.js';
import { byteRange, bytesToHex, decodeKey, encodeKey, rowBytes } from './bytes.js';
import { isRetryableSqlError, type SqlDriver, type SqlQuery, type SqlRow } from './driver.js';

export interface SqlEngineOptions {
  /** The Postgres schema holding the store's tables (default `dbwire`), so one database can host several stores. */
  schema?: string;
}

/** The layout version of the tables; a store written by a newer layout is refused, not misread. */
const FORMAT = '1';

/** How many times the commit step runs again after a serialization failure before it reports a conflict. */
const COMMIT_ATTEMPTS = 20;

/**
 * The storage engine on Postgres (over `pg`) or PGlite: one table of `(key bytea, value bytea,
 * version bigint)` ordered by key bytes, which for UTF-8 is code point order.
 *
 * Optimistic concurrency, checked by the database: a transaction reads committed rows with single
 * statements and buffers its writes; at commit, one SERIALIZABLE Postgres transaction re-reads
 * every key it read and re-runs every scan it made, fails with `ConflictError` if any row's
 * version differs, and otherwise writes all buffered changes with a fresh version from a sequence.
 * Because the check and the writes share one serializable transaction, commits from any number of
 * processes over one database are serializable, and a transaction commits exactly when everything
 * it read is still current. Holding no database transaction open while user code runs keeps
 * PGlite (one connection) from blocking, and a pool's connections free for other requests.
 */
export class SqlEngine implements StorageEngine {
  private constructor(
    readonly name: string,
    private readonly driver: SqlDriver,
    private readonly statements: Statements,
  ) {}

  /** Creates the tables if needed (safe when several processes start at once) and opens the engine. */
  static async open(name: string, driver: SqlDriver, options: SqlEngineOptions = {}): Promise<SqlEngine> {
    const schema = options.schema ?? 'dbwire';
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
      throw new Error(`Invalid schema name '${schema}': use lower-case letters, digits and underscores.`);
    }
    const statements = sqlStatements(schema);
    await driver.transaction('commit', async (query) => {
      // Serializes concurrent first starts: CREATE ... IF NOT EXISTS alone can race.
      await query('SELECT pg_advisory_xact_lock(hashtext($1))', [`dbwire:${schema}`]);
      for (const statement of statements.migrate) await query(statement);
      const [row] = await query(statements.readFormat);
      if (row?.value !== FORMAT) {
        throw new Error(
          `The store in schema '${schema}' has layout ${String(row?.value)}; this dbwire reads layout ${FORMAT}.`,
        );
      }
    });
    return new SqlEngine(name, driver, statements);
  }

  async transact<T>(work: (tx: WriteTransaction) => Promise<T>): Promise<T> {
    const tx = new SqlTransaction(this.driver, this.statements);
    const result = await work(tx);
    await tx.commit();
    return result;
  }

  close(): Promise<void> {
    return this.driver.close();
  }
}

interface Statements {
  migrate: string[];
  readFormat: string;
  get: string;
  checkKeys: string;
  upsert: string;
  delete: string;
  /** A scan's statement: full rows to read, or keys and versions to re-check at commit. */
  scan(shape: ScanShape, columns: 'rows' | 'versions'): string;
}

interface ScanShape {
  reverse: boolean;
  bounded: boolean;
  limited: boolean;
}

function sqlStatements(schema: string): Statements {
  const kv = `"${schema}".kv`;
  const sequence = `"${schema}".kv_version`;
  // Keys and values travel as hex text arrays: one statement per commit, whatever its size, and
  // no driver-specific array-of-bytea encoding.
  // `= ANY(ARRAY(...))` evaluates the list once and probes the primary key index per key.
  const keysParam = `ANY(ARRAY(SELECT decode(h, 'hex') FROM unnest($1::text[]) AS h))`;
  return {
    migrate: [
      `CREATE SCHEMA IF NOT EXISTS "${schema}"`,
      `CREATE TABLE IF NOT EXISTS ${kv} (key bytea PRIMARY KEY, value bytea NOT NULL, version bigint NOT NULL)`,
      `CREATE SEQUENCE IF NOT EXISTS ${sequence}`,
      `CREATE TABLE IF NOT EXISTS "${schema}".meta (name text PRIMARY KEY, value text NOT NULL)`,
      `INSERT INTO "${schema}".meta (name, value) VALUES ('format', '${FORMAT}') ON CONFLICT (name) DO NOTHING`,
    ],
    readFormat: `SELECT value FROM "${schema}".meta WHERE name = 'format'`,
    get: `SELECT value, version::text AS version FROM ${kv} WHERE key = $1`,
    checkKeys: `SELECT key, version::text AS version FROM ${kv} WHERE key = ${keysParam}`,
    upsert:
      `INSERT INTO ${kv} (key, value, version) ` +
      `SELECT decode(w.k, 'hex'), decode(w.v, 'hex'), (SELECT nextval('${sequence}')) ` +
      `FROM unnest($1::text[], $2::text[]) AS w(k, v) ` +
      'ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, version = EXCLUDED.version',
    delete: `DELETE FROM ${kv} WHERE key = ${keysParam}`,
    scan: ({ reverse, bounded, limited }, columns) =>
      `SELECT ${columns === 'rows' ? 'key, value' : 'key'}, version::text AS version FROM ${kv} ` +
      `WHERE key >= $1${bounded ? ' AND key < $2' : ''} ORDER BY key${reverse ? ' DESC' : ''}` +
      (limited ? ` LIMIT $${bounded ? 3 : 2}` : ''),
  };
}

/** Committed state as this transaction first read it: `version` null means absent. */
interface Seen {
  value: Uint8Array | undefined;
  version: string | null;
}

/** A scan as it ran against committed rows, to run again at commit and compare. */
interface RecordedScan {
  shape: ScanShape;
  params: unknown[];
  /** The key and version of each row it returned, in order. */
  rows: Array<{ key: string; version: string }>;
}

class SqlTransaction implements WriteTransaction {
  private readonly seen = new Map<string, Seen>();
  /** Keys read by `get`, with the version seen (scanned keys are checked by re-running the scan). */
  private readonly readVersions = new Map<string, string | null>();
  private readonly scans: RecordedScan[] = [];
  private readonly writes = new Map<string, Uint8Array | undefined>();
  /** Statements run so far: one statement reads a consistent state, so needs no check at commit. */
  private statementsRun = 0;

  constructor(
    private readonly driver: SqlDriver,
    private readonly statements: Statements,
  ) {}

  async get(key: string): Promise<Uint8Array | undefined> {
    checkKey(key);
    if (this.writes.has(key)) return copy(this.writes.get(key));
    let seen = this.seen.get(key);
    if (!seen) {
      const [row] = await this.run(this.statements.get, [encodeKey(key)]);
      seen = row ? { value: rowBytes(row.value), version: String(row.version) } : { value: undefined, version: null };
      this.seen.set(key, seen);
      this.readVersions.set(key, seen.version);
    }
    return copy(seen.value);
  }

  async scan(options: ScanOptions): Promise<Entry[]> {
    checkScan(options);
    const local = [...this.writes].filter(([key]) => inScan(key, options));
    const range = byteRange(options);
    const merged = new Map<string, Uint8Array | undefined>();
    if (range && options.limit !== 0) {
      const shape: ScanShape = {
        reverse: options.reverse === true,
        bounded: range.upper !== undefined,
        limited: options.limit !== undefined,
      };
      // Each local write can hide or replace one committed row, so fetching that many more rows
      // still yields the first `limit` entries of the merged view.
      const params: unknown[] = [range.lower];
      if (range.upper !== undefined) params.push(range.upper);
      if (options.limit !== undefined) params.push(options.limit + local.length);
      const rows = await this.run(this.statements.scan(shape, 'rows'), params);
      const recorded: RecordedScan['rows'] = [];
      for (const row of rows) {
        const key = decodeKey(row.key);
        const value = rowBytes(row.value);
        const version = String(row.version);
        recorded.push({ key, version });
        merged.set(key, value);
        if (!this.seen.has(key)) this.seen.set(key, { value, version });
      }
      this.scans.push({ shape, params, rows: recorded });
    }
    for (const [key, value] of local) merged.set(key, value);
    const keys = [...merged.keys()].sort(compareKeys);
    if (options.reverse) keys.reverse();
    const entries: Entry[] = [];
    for (const key of keys) {
      if (options.limit !== undefined && entries.length >= options.limit) break;
      const value = merged.get(key);
      if (value !== undefined) entries.push({ key, value: value.slice() });
    }
    return entries;
  }

  async put(key: string, value: Uint8Array): Promise<void> {
    checkKey(key);
    this.writes.set(key, value.slice());
  }

  async delete(key: string): Promise<void> {
    checkKey(key);
    this.writes.set(key, undefined);
  }

  async commit(): Promise<void> {
    if (this.writes.size === 0) {
      if (this.statementsRun <= 1) return;
      await this.driver.transaction('check', (query) => this.checkReads(query));
      return;
    }
    for (let attempt = 1; ; attempt++) {
      try {
        await this.driver.transaction('commit', async (query) => {
          await this.checkReads(query);
          await this.applyWrites(query);
        });
        return;
      } catch (error) {
        // A serialization failure says only that Postgres could not order this commit against a
        // concurrent one; the next attempt re-checks the reads and reports a real conflict.
        if (!isRetryableSqlError(error)) throw error;
        if (attempt >= COMMIT_ATTEMPTS) throw new ConflictError();
        // Jittered exponential backoff (capped), so colliding commits spread out.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));
      }
    }
  }

  private async run(statement: string, params: readonly unknown[]): Promise<SqlRow[]> {
    this.statementsRun++;
    return this.driver.query(statement, params);
  }

  /** Throws `ConflictError` unless every key and scan this transaction read is unchanged. */
  private async checkReads(query: SqlQuery): Promise<void> {
    if (this.readVersions.size > 0) {
      const keys = [...this.readVersions.keys()];
      const rows = await query(this.statements.checkKeys, [keys.map((key) => bytesToHex(encodeKey(key)))]);
      const current = new Map(rows.map((row) => [decodeKey(row.key), String(row.version)]));
      for (const [key, version] of this.readVersions) {
        if ((current.get(key) ?? null) !== version) throw new ConflictError();
      }
    }
    for (const scan of this.scans) {
      const rows = await query(this.statements.scan(scan.shape, 'versions'), scan.params);
      if (rows.length !== scan.rows.length) throw new ConflictError();
      rows.forEach((row, i) => {
        const seen = scan.rows[i];
        if (decodeKey(row.key) !== seen?.key || String(row.version) !== seen.version) throw new ConflictError();
      });
    }
  }

  private async applyWrites(query: SqlQuery): Promise<void> {
    const putKeys: string[] = [];
    const putValues: string[] = [];
    const deleted: string[] = [];
    for (const [key, value] of this.writes) {
      const hexKey = bytesToHex(encodeKey(key));
      if (value === undefined) deleted.push(hexKey);
      else {
        putKeys.push(hexKey);
        putValues.push(bytesToHex(value));
      }
    }
    if (putKeys.length > 0) await query(this.statements.upsert, [putKeys, putValues]);
    if (deleted.length > 0) await query(this.statements.delete, [deleted]);
  }
}

function copy(value: Uint8Array | undefined): Uint8Array | undefined {
  return value === undefined ? undefined : value.slice();
}
