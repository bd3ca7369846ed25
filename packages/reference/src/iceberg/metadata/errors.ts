import type { CommitRejection } from '../model.js';

/**
 * A commit the metadata functions refuse. Thrown inside the pure functions (the Java builder throws
 * too) and turned into a `CommitRejection` value at their boundary, so callers never see a throw.
 */
class MetadataRejection extends Error {
  constructor(
    readonly status: 400 | 409,
    message: string,
  ) {
    super(message);
    this.name = 'MetadataRejection';
  }
}

/** 400: the request can never apply (Java's ValidationException / IllegalArgumentException). */
export function badRequest(message: string): never {
  throw new MetadataRejection(400, message);
}

/** 409: a requirement failed or a value in the request is stale (Java's CommitFailedException). */
export function commitFailed(message: string): never {
  throw new MetadataRejection(409, message);
}

/** 400 unless `condition` holds. */
export function check(condition: boolean, message: string): asserts condition {
  if (!condition) badRequest(message);
}

/** The rejection a thrown `MetadataRejection` stands for; anything else is a bug and rethrown. */
export function toRejection(error: unknown): CommitRejection {
  if (!(error instanceof MetadataRejection)) throw error;
  return error.status === 409
    ? { ok: false, status: 409, type: 'CommitFailedException', message: error.message }
    : { ok: false, status: 400, type: 'BadRequestException', message: error.message };
}
