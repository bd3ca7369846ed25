import { ApiError, type ApiErrorInit, describeResponse } from '../core/errors.js';
import { retryAfterMs } from '../core/retry.js';
import type { ProblemCode, ProblemDetails } from './generated/types.gen.js';

/** Statuses the spec calls retryable when the body says nothing (a proxy's 502 page, say). */
const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/**
 * A write-daemon error response. The daemon answers every error with an RFC 9457 problem
 * (`application/problem+json`, `ProblemDetails`): programs branch on `status` and `code`
 * (`REVISION_MISMATCH`, `NAMESPACE_NOT_WRITABLE`...), never on `title` or `detail`.
 */
export class WriteDaemonError extends ApiError {
  override name = 'WriteDaemonError';
  /** The problem body; `undefined` when the body was something else (the readiness probe's 503, a proxy's page). */
  readonly problem: ProblemDetails | undefined;
  /** `problem.code`, or `''` without a problem. Unknown future codes arrive as they are: handle them by `status`. */
  readonly code: ProblemCode | '';
  /** Whether the same request may succeed later (the problem's `retryable`, else by status). */
  readonly retryable: boolean;
  /** How long the server asked to wait before retrying (`retry_after_ms`, else `Retry-After`). */
  readonly retryAfterMs: number | undefined;

  constructor(init: ApiErrorInit) {
    const problem = isProblemDetails(init.body) ? init.body : undefined;
    super(describe(init, problem), init);
    this.problem = problem;
    this.code = problem?.code ?? '';
    this.retryable = problem?.retryable ?? TRANSIENT_STATUSES.has(init.status);
    this.retryAfterMs = problem?.retry_after_ms ?? retryAfterMs(init.response.headers);
  }
}

/** A `WriteDaemonError` whose problem has the code `C`, with the problem's fields typed. */
export type WriteDaemonProblemError<C extends ProblemCode = ProblemCode> = WriteDaemonError & {
  readonly problem: ProblemDetails & { code: C };
  readonly code: C;
};

/**
 * Whether `error` is the daemon's problem with code `code` (any problem without one):
 * `if (isProblem(error, 'REVISION_MISMATCH')) retryWith(error.problem.current_revision)`.
 */
export function isProblem<C extends ProblemCode>(error: unknown, code?: C): error is WriteDaemonProblemError<C> {
  return (
    error instanceof WriteDaemonError && error.problem !== undefined && (code === undefined || error.code === code)
  );
}

/** Whether a parsed body is a `ProblemDetails`, by the members every problem carries. */
export function isProblemDetails(body: unknown): body is ProblemDetails {
  if (typeof body !== 'object' || body === null) return false;
  const { type, title, status, code, retryable } = body as Record<string, unknown>;
  return (
    typeof type === 'string' &&
    typeof title === 'string' &&
    typeof status === 'number' &&
    typeof code === 'string' &&
    typeof retryable === 'boolean'
  );
}

function describe(init: ApiErrorInit, problem: ProblemDetails | undefined): string {
  return problem ? `${problem.code}: ${problem.detail}` : describeResponse(init);
}
