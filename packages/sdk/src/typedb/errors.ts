import { ApiError, type ApiErrorInit, describeResponse } from '../core/errors.js';

/**
 * A TypeDB server error response. TypeDB answers errors with `{ code, message }`: `code` is the
 * root cause (`AUT3`, `TSV12`...) and is what programs should branch on; `message` is the error
 * chain for humans.
 */
export class TypeDBError extends ApiError {
  override name = 'TypeDBError';
  /** The TypeDB error code, e.g. `AUT3`; empty when the body was not a TypeDB error (a proxy's 502 page...). */
  readonly code: string;

  constructor(init: ApiErrorInit) {
    const { code, message } = describe(init);
    super(message, init);
    this.code = code;
  }
}

function describe(init: ApiErrorInit): { code: string; message: string } {
  const { body } = init;
  return isErrorBody(body) ? { code: body.code, message: body.message } : { code: '', message: describeResponse(init) };
}

function isErrorBody(body: unknown): body is { code: string; message: string } {
  if (typeof body !== 'object' || body === null) return false;
  const { code, message } = body as Record<string, unknown>;
  return typeof code === 'string' && typeof message === 'string';
}
