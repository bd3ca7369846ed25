import type { TableMetadata, TableRequirement } from '../model.js';
import { badRequest, commitFailed } from './errors.js';
import { int64Equal, isAbsent } from './ids.js';

type RequirementType = TableRequirement['type'];
type RequirementOf<T extends RequirementType> = Extract<TableRequirement, { type: T }>;

/**
 * Each requirement type with Java's `UpdateRequirement.validate`: a failed check is a 409
 * `CommitFailedException`. `base` is undefined when the table does not exist; then only
 * `assert-create` and the two "last assigned id" checks (which Java skips for a missing table)
 * can hold, and `assert-ref-snapshot-id` holds when it expects no ref.
 */
const CHECKS: { [T in RequirementType]: (base: TableMetadata | undefined, requirement: RequirementOf<T>) => void } = {
  'assert-create': (base) => {
    if (base !== undefined) commitFailed('Requirement failed: table already exists');
  },
  'assert-table-uuid': (base, requirement) => {
    const actual = existing(base)['table-uuid'];
    if (requirement.uuid.toLowerCase() !== actual.toLowerCase()) {
      commitFailed(`Requirement failed: UUID does not match: expected ${actual} != ${requirement.uuid}`);
    }
  },
  'assert-ref-snapshot-id': (base, requirement) => {
    const name = requirement.ref;
    const expected = requirement['snapshot-id'];
    const ref = base?.refs?.[name];
    if (ref !== undefined) {
      if (isAbsent(expected)) commitFailed(`Requirement failed: ${ref.type} ${name} was created concurrently`);
      if (!int64Equal(expected, ref['snapshot-id'])) {
        commitFailed(
          `Requirement failed: ${ref.type} ${name} has changed: expected id ${expected} != ${ref['snapshot-id']}`,
        );
      }
    } else if (!isAbsent(expected)) {
      commitFailed(`Requirement failed: branch or tag ${name} is missing, expected ${expected}`);
    }
  },
  'assert-last-assigned-field-id': (base, requirement) => {
    if (base !== undefined && base['last-column-id'] !== requirement['last-assigned-field-id']) {
      commitFailed(
        `Requirement failed: last assigned field id changed: expected id ${requirement['last-assigned-field-id']} != ${base['last-column-id']}`,
      );
    }
  },
  'assert-current-schema-id': (base, requirement) => {
    const actual = existing(base)['current-schema-id'];
    if (actual !== requirement['current-schema-id']) {
      commitFailed(
        `Requirement failed: current schema changed: expected id ${requirement['current-schema-id']} != ${actual}`,
      );
    }
  },
  'assert-last-assigned-partition-id': (base, requirement) => {
    if (base !== undefined && base['last-partition-id'] !== requirement['last-assigned-partition-id']) {
      commitFailed(
        `Requirement failed: last assigned partition id changed: expected id ${requirement['last-assigned-partition-id']} != ${base['last-partition-id']}`,
      );
    }
  },
  'assert-default-spec-id': (base, requirement) => {
    const actual = existing(base)['default-spec-id'];
    if (actual !== requirement['default-spec-id']) {
      commitFailed(
        `Requirement failed: default partition spec changed: expected id ${requirement['default-spec-id']} != ${actual}`,
      );
    }
  },
  'assert-default-sort-order-id': (base, requirement) => {
    const actual = existing(base)['default-sort-order-id'];
    if (actual !== requirement['default-sort-order-id']) {
      commitFailed(
        `Requirement failed: default sort order changed: expected id ${requirement['default-sort-order-id']} != ${actual}`,
      );
    }
  },
};

// Java only reaches these checks with a loaded table; against a missing one they cannot hold.
function existing(base: TableMetadata | undefined): TableMetadata {
  if (base === undefined) commitFailed('Requirement failed: table does not exist');
  return base;
}

function isKnownType(type: unknown): type is RequirementType {
  return typeof type === 'string' && Object.hasOwn(CHECKS, type);
}

/**
 * The shape checks Java makes before any requirement is evaluated: every type must be known
 * (400, as the spec requires), and `assert-create` must stand alone (Java's
 * `CatalogHandlers.isCreate`: "Invalid create requirements").
 */
export function checkRequirementTypes(requirements: readonly TableRequirement[]): void {
  for (const requirement of requirements) {
    const type: unknown = (requirement as { type?: unknown } | null)?.type;
    if (!isKnownType(type)) badRequest(`Cannot check unknown table requirement type: ${String(type)}`);
  }
  if (requirements.some((requirement) => requirement.type === 'assert-create') && requirements.length > 1) {
    const others = requirements.filter((requirement) => requirement.type !== 'assert-create');
    if (others.length > 0) {
      badRequest(`Invalid create requirements: ${others.map((requirement) => requirement.type).join(', ')}`);
    }
  }
}

/** Checks the requirements in order against `base`; the first that fails is the 409. */
export function checkRequirements(base: TableMetadata | undefined, requirements: readonly TableRequirement[]): void {
  for (const requirement of requirements) {
    const check = CHECKS[requirement.type] as (base: TableMetadata | undefined, requirement: TableRequirement) => void;
    check(base, requirement);
  }
}
