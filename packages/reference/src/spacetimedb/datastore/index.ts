/** The datastore of the SpacetimeDB reference host: see packages/reference/README.md, "The layers' APIs". */
export {
  checkCompatible,
  FIRST_USER_ID,
  generatedIndexName,
  integerRange,
  MAX_INLINED_TYPE_NODES,
  MAX_TYPE_DEPTH,
  rlsTable,
  tableSchemas,
} from './schema.js';
export {
  type CommitListener,
  DatabaseDroppedError,
  DatabaseTables,
  databasePrefix,
  type RetireListener,
  type RetireReason,
} from './stored.js';
export { CommittedTables } from './tables.js';
export { Transaction } from './transaction.js';
export * from './types.js';
