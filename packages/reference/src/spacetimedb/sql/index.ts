/** The SQL subset of the SpacetimeDB reference host: parse `/sql` bodies and run them over the datastore. */
export type * from './ast.js';
export type { SqlStats } from './dml.js';
export { type SourcePosition, SqlError } from './errors.js';
export { parseSql } from './parser.js';
export type { SqlCaller } from './resolve.js';
export { runStatement, type SqlResult } from './run.js';
