/**
 * The storage keys the HTTP layer owns. Under a database's prefix the datastore owns the others
 * (see the package README, "Storage layout"; ./datastore/stored.ts is the authority on which).
 */
export const keys = {
  /** Everything of one database: its record, module, rows and logs. */
  database: (identity: string) => `spacetimedb/db/${identity}/`,
  meta: (identity: string) => `spacetimedb/db/${identity}/meta`,
  modulePrefix: (identity: string) => `spacetimedb/db/${identity}/module/`,
  moduleChunk: (identity: string, index: number) =>
    `spacetimedb/db/${identity}/module/${String(index).padStart(6, '0')}`,
  logsPrefix: (identity: string) => `spacetimedb/db/${identity}/logs/`,
  /** Log lines are numbered from 0; 16 digits keep the keys in order. */
  logLine: (identity: string, sequence: number) =>
    `spacetimedb/db/${identity}/logs/${String(sequence).padStart(16, '0')}`,
  /** `{next, first}`: the number the next line gets and the oldest stored. */
  logState: (identity: string) => `spacetimedb/db/${identity}/log-state`,
  name: (name: string) => `spacetimedb/names/${name}`,
  /**
   * The former owner of a deleted database (outside the database's prefix, so deleting it keeps
   * this): only they may publish to that identity again.
   */
  tombstone: (identity: string) => `spacetimedb/deleted/${identity}`,
};
