import type { components } from '@dbwire/server-stubs/write-daemon';
import { writeDaemonProblem } from '@dbwire/server-stubs/write-daemon';

type NotWritableReason = components['schemas']['NotWritableReason'];
type CoreError = components['schemas']['CoreError'];
type OperationName = components['schemas']['OperationName'];
type Attachments = components['schemas']['Attachments'];

/**
 * The write daemon's refusals, one constructor per case, so each code is worded once. `instance`
 * and the correlation ids are added by the handler wrapper in ./request.ts.
 */
export const problems = {
  namespaceNotFound: (ns: number) => writeDaemonProblem(404, 'NAMESPACE_NOT_FOUND', `Namespace ${ns} does not exist.`),
  commitNotFound: (ns: number, commitId: string) =>
    writeDaemonProblem(404, 'COMMIT_NOT_FOUND', `Namespace ${ns} has no commit ${commitId}.`),
  classNotFound: (message: string) => writeDaemonProblem(404, 'CLASS_NOT_FOUND', message),
  invalidRequest: (pointer: string, message: string) =>
    writeDaemonProblem(400, 'INVALID_REQUEST', message, { errors: [{ pointer, message }] }),
  invalidPageToken: (why: string) => writeDaemonProblem(400, 'INVALID_PAGE_TOKEN', `Invalid page token: ${why}`),
  revisionMismatch: (ns: number, expected: number, current: number) =>
    writeDaemonProblem(412, 'REVISION_MISMATCH', `Namespace ${ns} is at revision ${current}, not ${expected}.`, {
      expected_revision: expected,
      current_revision: current,
    }),
  namespaceDeleted: (ns: number) => writeDaemonProblem(412, 'NAMESPACE_DELETED', `Namespace ${ns} is deleted.`),
  namespaceFrozen: (ns: number) =>
    writeDaemonProblem(412, 'NAMESPACE_FROZEN', `Namespace ${ns} is frozen.`, {
      hint: 'Unfreeze it with the operational_state operation.',
    }),
  transitionNotAllowed: (ns: number, from: string, to: string, hint?: string) =>
    writeDaemonProblem(
      412,
      'LIFECYCLE_TRANSITION_NOT_ALLOWED',
      `Namespace ${ns} is ${from}; it cannot move to ${to}.`,
      hint ? { hint } : {},
    ),
  hasAttachments: (ns: number, attachments: Attachments) =>
    writeDaemonProblem(
      412,
      'NAMESPACE_HAS_ATTACHMENTS',
      `Namespace ${ns} still holds ${attachments.container_count} container(s) and has ${attachments.child_namespace_ids.length} live fork(s).`,
      { attachments },
    ),
  notWritable: (status: 409 | 422, ns: number, reasons: NotWritableReason[]) =>
    writeDaemonProblem(
      status,
      'NAMESPACE_NOT_WRITABLE',
      `Namespace ${ns} does not accept writes: ${reasons.join(', ')}.`,
      { not_writable_reasons: reasons },
    ),
  commitValidationFailed: (index: number, op: OperationName, error: CoreError) =>
    writeDaemonProblem(422, 'COMMIT_VALIDATION_FAILED', `Operation ${index} (${op}) failed: ${error.message}`, {
      op_index: index,
      op,
      core_error: error,
    }),
  idempotencyKeyReused: (key: string) =>
    writeDaemonProblem(409, 'IDEMPOTENCY_KEY_REUSED', `Idempotency key ${key} was used with a different request.`),
  idempotencyKeyInProgress: (key: string) =>
    writeDaemonProblem(
      409,
      'IDEMPOTENCY_KEY_IN_PROGRESS',
      `A request with idempotency key ${key} is still being applied.`,
      { retry_after_ms: 100 },
    ),
  namespaceAlreadyExists: (ns: number) =>
    writeDaemonProblem(409, 'NAMESPACE_ALREADY_EXISTS', `Namespace ${ns} already exists.`),
  snapshotInvalid: (reason: 'beyond_head' | 'not_commit_boundary' | 'source_deleted', detail: string) =>
    writeDaemonProblem(422, 'SNAPSHOT_VALIDATION_FAILED', detail, { snapshot_error: reason }),
  reverseNoLongerAvailable: (commitId: string) =>
    writeDaemonProblem(
      410,
      'REVERSE_NO_LONGER_AVAILABLE',
      `The undo record of commit ${commitId} was removed by retention.`,
    ),
  commitNotReversible: (commitId: string, index: number, op: OperationName) =>
    writeDaemonProblem(
      422,
      'COMMIT_NOT_REVERSIBLE',
      `Commit ${commitId}: operation ${index} (${op}) cannot be undone.`,
      {
        op_index: index,
        op,
      },
    ),
  commitAlreadyReversed: (commitId: string, by: string) =>
    writeDaemonProblem(409, 'COMMIT_ALREADY_REVERSED', `Commit ${commitId} was reversed by commit ${by}.`),
  reversePreconditionFailed: (commitId: string, what: string) =>
    writeDaemonProblem(409, 'REVERSE_PRECONDITION_FAILED', `${what} changed after commit ${commitId}.`),
};
