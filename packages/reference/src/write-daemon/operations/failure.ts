import type { CoreError } from '../model.js';

/** An operation that cannot apply to the state: becomes 422 `COMMIT_VALIDATION_FAILED` (or a preflight `failed`). */
export class CoreFailure extends Error {
  override readonly name = 'CoreFailure';
  constructor(readonly error: CoreError) {
    super(error.message);
  }
}

export function fail(code: CoreError['code'], message: string): CoreFailure {
  return new CoreFailure({ code, message });
}
