import { type TypeDBErrorLevel, typedbError } from '@dbwire/server-stubs/typedb';
import type { ConflictKind } from './databases.js';

/**
 * Every TypeDB error the reference server raises, with the real server's codes, descriptions and
 * wrapping (root cause first), so clients that match on `code` see what TypeDB would send.
 */
const STATE = ['HSR8', 'State error.'] as const;
const AUTHENTICATION = ['HSR9', 'Authentication error.'] as const;
const TRANSACTION = ['HSR16', 'Transaction error.'] as const;

export const errors = {
  missingToken: () =>
    typedbError(401, ['AUT2', 'Missing token (expected as the authorization bearer).'], AUTHENTICATION),
  invalidToken: () => typedbError(401, ['AUT3', 'Invalid token supplied.'], AUTHENTICATION),
  invalidCredentials: () =>
    typedbError(401, ['AUT1', 'Invalid credential supplied.'], ['SRV15', 'Error when authenticating.'], STATE),
  notPermitted: () => typedbError(403, ['SRV2', 'The user is not permitted to execute the operation.'], STATE),

  resourceNotFound: () => typedbError(404, ['HSR4', 'Requested resource not found.']),
  databaseNotFound: (name: string) => typedbError(404, ['SRV3', `Database '${name}' not found.`], STATE),
  invalidDatabaseName: (name: string) =>
    typedbError(
      400,
      ['DBC1', `Cannot create database since '${name}' is not a valid database name.`],
      ['SRV12', 'Unable to create database.'],
      STATE,
    ),
  reservedDatabaseName: () =>
    typedbError(
      400,
      ['DBC2', 'Creating an internal database is prohibited.'],
      ['SRV12', 'Unable to create database.'],
      STATE,
    ),
  deleteMissingDatabase: () =>
    typedbError(
      400,
      ['DBD1', 'Cannot delete database since it does not exist.'],
      ['SRV13', 'Unable to delete database.'],
      STATE,
    ),
  deleteDatabaseInUse: () =>
    typedbError(
      400,
      ['DBD2', 'Cannot delete database since it is in use.'],
      ['SRV13', 'Unable to delete database.'],
      STATE,
    ),
  deleteInternalDatabase: () =>
    typedbError(
      400,
      ['DBD5', 'Deleting an internal database is prohibited'],
      ['SRV13', 'Unable to delete database.'],
      STATE,
    ),

  userNotFound: () => typedbError(404, ['SRV4', 'User not found.'], STATE),
  invalidUsernameOnGet: () =>
    typedbError(400, ['USG1', 'Invalid credential supplied.'], ['SRV8', 'Unable to retrieve user.'], STATE),
  invalidUsernameOnCreate: () =>
    typedbError(400, ['USC1', 'Invalid credential supplied.'], ['SRV9', 'Unable to create user.'], STATE),
  userExists: () => typedbError(400, ['USC2', 'User already exists.'], ['SRV9', 'Unable to create user.'], STATE),
  invalidUsernameOnUpdate: () =>
    typedbError(400, ['USU2', 'Invalid credential supplied,'], ['SRV10', 'Unable to update user.'], STATE),
  updateMissingUser: () => typedbError(404, ['USU4', 'User not found.'], ['SRV10', 'Unable to update user.'], STATE),
  deleteAdmin: () =>
    typedbError(400, ['USD1', 'Default user cannot be deleted.'], ['SRV11', 'Unable to delete user.'], STATE),
  invalidUsernameOnDelete: () =>
    typedbError(400, ['USD2', 'Invalid credential supplied.'], ['SRV11', 'Unable to delete user.'], STATE),
  deleteMissingUser: () => typedbError(404, ['USD3', 'User not found.'], ['SRV11', 'Unable to delete user.'], STATE),

  openOnMissingDatabase: (name: string) => typedbError(404, ['TSV1', `Database '${name}' not found.`], TRANSACTION),
  schemaLockTimeout: () =>
    typedbError(
      400,
      'timed out waiting on channel',
      ['TXN1', 'Transaction timeout.'],
      ['SRV22', 'Failed to open transaction.'],
      ['TSV21', 'Could not open transaction.'],
      TRANSACTION,
    ),
  readCannotCommit: () => typedbError(400, ['TSV2', 'Read transactions cannot be committed.'], TRANSACTION),
  readCannotRollback: () =>
    typedbError(
      400,
      ['TSV3', 'Read transactions cannot be rolled back, since they never contain writes.'],
      TRANSACTION,
    ),
  noOpenTransaction: () => typedbError(404, ['TSV12', 'Operation failed: no open transaction.'], TRANSACTION),
  transactionTimeout: () => typedbError(408, ['TSV17', 'Operation failed: transaction timeout.'], TRANSACTION),

  // Queries: the engine's own levels (root first), wrapped as the transaction service wraps them.
  schemaQueryNeedsSchemaTransaction: () =>
    typedbError(400, ['TSV8', 'Schema modification queries require schema transactions.'], TRANSACTION),
  writeQueryNeedsWriteTransaction: () =>
    typedbError(400, ['TSV9', 'Data modification queries require either write or schema transactions.'], TRANSACTION),
  /** Parse and compile errors, and failing write queries. */
  queryFailed: (levels: TypeDBErrorLevel[]) => typedbError(400, ...levels, ['TSV11', 'Query failed.'], TRANSACTION),
  schemaQueryFailed: (levels: TypeDBErrorLevel[]) =>
    typedbError(400, ...levels, ['TSV10', 'Aborting transaction due to failed schema query.'], TRANSACTION),
  /** A read query that failed while running (not while compiling). */
  readExecutionFailed: (levels: TypeDBErrorLevel[]) =>
    typedbError(400, ...levels, ['TSV16', 'Pipeline execution failed.'], TRANSACTION),
  /** Commit-time validation failed; a one-shot query's commit is wrapped in `HSR18` instead. */
  commitFailed: (levels: TypeDBErrorLevel[], schema: boolean, oneShot: boolean) =>
    typedbError(
      400,
      ...levels,
      ...((schema
        ? [
            ['SCT2', 'Schema commit error.'],
            ['SRV18', 'Schema commit failed.'],
            ['TSV6', 'Schema transaction commit failed.'],
          ]
        : [
            ['DCT3', 'Data commit error.'],
            ['SRV19', 'Data commit failed.'],
            ['TSV5', 'Data transaction commit failed.'],
          ]) as TypeDBErrorLevel[]),
      oneShot ? ['HSR18', 'Error while committing single-query transaction.'] : TRANSACTION,
    ),
  isolationConflict: (database: string, conflict: ConflictKind) =>
    typedbError(
      400,
      ['STC2', `Commit in database '${database}' failed with isolation conflict: ${CONFLICTS[conflict]}`],
      ['SST1', 'Snapshot commit failed due to storage commit error.'],
      ['DCT4', 'Snapshot error.'],
      ['SRV19', 'Data commit failed.'],
      ['TSV5', 'Data transaction commit failed.'],
      TRANSACTION,
    ),
};

const CONFLICTS: Record<ConflictKind, string> = {
  'deletes-required': 'Transaction deletes data a concurrent commit requires.',
  'requires-deleted': 'Transaction uses data a concurrent commit deletes.',
  'exclusive-lock': 'Transaction uses a lock held by a concurrent commit.',
  // TypeDB has no such conflicts (in one server the schema lock and its in-memory history rule them
  // out); between servers sharing storage they are refused as what they amount to: a held lock.
  schema: 'Transaction uses a lock held by a concurrent commit.',
  unchecked: 'Transaction uses a lock held by a concurrent commit.',
};

/** The `warning` of a response cut at `answerCountLimit`, worded as TypeDB words it. */
export function answersLimitedWarning(limit: number, write: boolean): string {
  return write
    ? `Write query results limit (${limit}) exceeded. Not all answers are returned, but all the requested writes are completed.`
    : `Read query results limit (${limit}) exceeded. Not all answers are returned.`;
}
