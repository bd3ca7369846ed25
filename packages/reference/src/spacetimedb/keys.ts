/**
 * The storage keys the HTTP layer owns (the datastore owns `rows/`, `sequences/` and `offset`
 * under a database's prefix; see CONTRACT.md).
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
  /** `{next, first}`: the number the next line gets and the oldest kept. */
  logState: (identity: string) => `spacetimedb/db/${identity}/log-state`,
  name: (name: string) => `spacetimedb/names/${name}`,
};
