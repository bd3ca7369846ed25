/**
 * The TypeDB error chains the engine raises, root first. Codes and descriptions are TypeDB's own
 * (typedb/typedb `typedb_error!` definitions; the file each comes from is noted per group), so
 * clients matching on `code` see what a real server sends.
 */
import type { TypeDBErrorLevel } from '@dbwire/server-stubs/typedb';
import { type QueryPhase, TypeQLError } from './errors.js';

type Level = TypeDBErrorLevel;

// query/error.rs (QueryError, QEX)
const QEX2: Level = ['QEX2', 'Failed to execute define query.'];
const QEX3: Level = ['QEX3', 'Failed to execute redefine query.'];
const QEX4: Level = ['QEX4', 'Failed to execute undefine query.'];
const QEX7: Level = ['QEX7', 'Error in provided query.'];
const QEX8: Level = ['QEX8', 'Error analysing query.'];
const QEX14: Level = ['QEX14', 'Error while execution write pipeline.'];
const QEX15: Level = ['QEX15', 'Error while executing read pipeline.'];
// compiler/annotation/mod.rs (AnnotationError, QUA)
const QUA1: Level = ['QUA1', 'Type inference error while compiling query annotations.'];
// concept/error.rs (ConceptWriteError, COW)
const COW4: Level = ['COW4', 'Concept write failed due to a schema validation error.'];
const COW5: Level = ['COW5', 'Concept write failed due to a data validation error.'];
// executor/write/mod.rs (WEX), executor/pipeline/mod.rs (PEX)
const WEX1: Level = ['WEX1', 'Write execution failed due to a concept write error.'];
const PEX6: Level = ['PEX6', 'Error executing write operation.'];

export type SchemaOperation = 'define' | 'undefine' | 'redefine';

const schemaQueryLevel = (op: SchemaOperation): Level => (op === 'define' ? QEX2 : op === 'undefine' ? QEX4 : QEX3);

/** A failure while executing a define/undefine/redefine: `levels` (root first) then the query level. */
export function schemaError(op: SchemaOperation, ...levels: Level[]): TypeQLError {
  return new TypeQLError('execute', [...levels, schemaQueryLevel(op)]);
}

/** query/definable_resolution.rs SYR1, under DEX3/UEX3. */
export function definableNotFound(op: SchemaOperation, label: string): TypeQLError {
  const wrap: Level =
    op === 'undefine' ? ['UEX3', 'Could not find symbol in undefine query.'] : ['DEX3', 'Failed to find symbol.'];
  return schemaError(op, ['SYR1', `The type '${label}' was not found.`], wrap);
}

/** query/definable_resolution.rs SYR5..SYR12 (a symbol of a given kind not found), under DEX3/UEX3. */
export function symbolNotFound(op: SchemaOperation, level: Level): TypeQLError {
  const wrap: Level =
    op === 'undefine' ? ['UEX3', 'Could not find symbol in undefine query.'] : ['DEX3', 'Failed to find symbol.'];
  return schemaError(op, level, wrap);
}

export function roleNotFoundInDefinition(op: SchemaOperation, label: string): TypeQLError {
  return symbolNotFound(op, ['SYR9', `The role type '${label}' was not found.`]);
}

export function attributeTypeNotFound(op: SchemaOperation, label: string): TypeQLError {
  return symbolNotFound(op, ['SYR8', `The attribute type '${label}' was not found.`]);
}

/** concept/type_/type_manager/validation/mod.rs (SVL) under COW4, then the define step. */
export function schemaValidation(op: SchemaOperation, svl: Level, step: Level): TypeQLError {
  return schemaError(op, svl, COW4, step);
}

/** compiler/annotation/mod.rs INF2: an unknown type label in a data query. */
export function labelNotFound(label: string): TypeQLError {
  return new TypeQLError('compile', [['INF2', `Type label '${label}' not found.`], QUA1, QEX8]);
}

/** compiler/annotation/mod.rs INF3: an unknown role label. */
export function roleNameNotFound(name: string): TypeQLError {
  return new TypeQLError('compile', [
    [
      'INF3',
      `Role label not found '${name}'. If this is an inherited role type, it can only be used via its original declaring relation.`,
    ],
    QUA1,
    QEX8,
  ]);
}

/** compiler/annotation/mod.rs INF4: a write whose types the schema does not allow (e.g. `has` a non-owned attribute). */
export function illegalWriteTypes(constraint: string, left: string, right: string): TypeQLError {
  return new TypeQLError('compile', [
    ['INF4', `Left type '${left}' across constraint '${constraint}' is not compatible with right type '${right}'.`],
    QUA1,
    QEX8,
  ]);
}

/** compiler/annotation/mod.rs INF5: `update` of a has/links whose cardinality can exceed 1. */
export function illegalUpdateCardinality(constraint: string, left: string, right: string): TypeQLError {
  return new TypeQLError('compile', [
    [
      'INF5',
      `Left type '${left}' across constraint '${constraint}' is not compatible with right type '${right}': schema cardinality should not exceed 1 for safe and precise updates.`,
    ],
    QUA1,
    QEX8,
  ]);
}

/** compiler/annotation/mod.rs INF11: a match edge no types can satisfy. */
export function unsatisfiableEdge(
  left: string,
  right: string,
  leftTypes: string[],
  rightTypes: string[],
  constraint: string,
): TypeQLError {
  return new TypeQLError('compile', [
    [
      'INF11',
      `Type-inference was unable to find compatible types for the pair of variables '${left}' & '${right}' across a '${constraint}' constraint. Types were:\n- ${left}: [${leftTypes.join(', ')}]\n- ${right}: [${rightTypes.join(', ')}]`,
    ],
    QUA1,
    QEX8,
  ]);
}

/** compiler/annotation/mod.rs INF10: a write uses a variable no earlier stage bound. */
export function unavailableWriteVariable(variable: string): TypeQLError {
  return new TypeQLError('compile', [
    [
      'INF10',
      `Typing information for the variable '${variable}' is not available. Ensure the variable is available from a previous stage or is inserted in this stage.`,
    ],
    QUA1,
    QEX8,
  ]);
}

/** ir/lib.rs REP errors, under QEX7. */
export function representation(code: string, description: string): TypeQLError {
  return new TypeQLError('compile', [[code, description], QEX7]);
}

export function unboundVariable(variable: string): TypeQLError {
  return representation('REP25', `Invalid query containing unbound concept variable '${variable}'.`);
}

export function unsupported(feature: string): TypeQLError {
  return representation('REP254', `The language feature is not yet implemented: ${feature}.`);
}

export function variableCategoryMismatch(variable: string, first: string, second: string): TypeQLError {
  return representation(
    'REP1',
    `The variable '${variable}' cannot be declared as both a '${first}' and as a '${second}'.`,
  );
}

/**
 * A fetch-entry annotation error (compiler/annotation/mod.rs) under one QUA4 per enclosing key:
 * `keys` runs from the entry's own key out to the top-level one, as TypeDB nests `FetchEntry`.
 */
function fetchEntryError(level: Level, keys: readonly string[]): TypeQLError {
  const entries = keys.map(
    (key): Level => ['QUA4', `Error during type inference for fetch operation for key '${key}'.`],
  );
  return new TypeQLError('compile', [level, ...entries, QEX8]);
}

/** compiler/annotation/mod.rs QUA12: `$x.attr` where one of `$x`'s types may own more than one. */
export function fetchCardTooHigh(
  keys: readonly string[],
  variable: string,
  attribute: string,
  owner: string,
): TypeQLError {
  return fetchEntryError(
    [
      'QUA12',
      `Fetch attribute '$${variable}.${attribute}' must be wrapped in '[]', since this attribute can be owned more than 1 time when '$${variable}' has type '${owner}', according to the schema's cardinality constraints.`,
    ],
    keys,
  );
}

/**
 * compiler/annotation/mod.rs QUA8 (`$x.attr`) / QUA9 (`[ $x.attr ]`): one of the types `$x` can
 * have does not own the attribute type.
 */
export function fetchAttributeNotOwned(
  keys: readonly string[],
  list: boolean,
  variable: string,
  attribute: string,
  owner: string,
): TypeQLError {
  const fetched = list ? `[$${variable}.${attribute}]` : `$${variable}.${attribute}`;
  return fetchEntryError(
    [
      list ? 'QUA9' : 'QUA8',
      `Type checking '${fetched}' failed, since attribute '${attribute}' cannot be when '$${variable}' has type '${owner}'.`,
    ],
    keys,
  );
}

/**
 * compiler/annotation/mod.rs QUA10 (`$x.attr`) / QUA11 (`[ $x.attr ]`): `$x` may be an attribute
 * or a role type, which own nothing. `kind` is TypeDB's kind name (`attribute`, `relation:role`).
 */
export function fetchAttributeOwnerKind(
  keys: readonly string[],
  list: boolean,
  variable: string,
  attribute: string,
  kind: string,
): TypeQLError {
  const fetched = list ? `[$${variable}.${attribute}]` : `$${variable}.${attribute}`;
  return fetchEntryError(
    [
      list ? 'QUA11' : 'QUA10',
      `Type checking '${fetched}' failed, since attribute '${attribute}' cannot be when '$${variable}' has kind '${kind}'.`,
    ],
    keys,
  );
}

/** ir/translation/fetch.rs FER5 under REP23: a fetch naming a variable no stage binds. */
export function fetchVariableUnavailable(variable: string): TypeQLError {
  return new TypeQLError('compile', [
    ['FER5', `The variable '${variable}' is not available.\nSource:\n$${variable}`],
    ['REP23', 'Error building representation of fetch stage.'],
    QEX7,
  ]);
}

/** compiler/annotation/mod.rs QUA7: `$x.attr` with an undefined attribute type. */
export function fetchAttributeNotFound(keys: readonly string[], variable: string, attribute: string): TypeQLError {
  return fetchEntryError(
    ['QUA7', `Fetching '$${variable}.${attribute}' failed since the attribute type is not defined.`],
    keys,
  );
}

/** executor/pipeline/fetch.rs FEX5/FEX6 under PEX8: fetching an entity or relation itself. */
export function fetchObject(kind: 'entity' | 'relation', write: boolean): TypeQLError {
  const level: Level =
    kind === 'entity'
      ? [
          'FEX5',
          "Fetching entities is not supported, use '$var.*' or '$var.<attribute type>' to fetch attributes instead.",
        ]
      : [
          'FEX6',
          "Fetching relations is not supported, use '$var.*' or '$var.<attribute type>' to fetch attributes instead.",
        ];
  return new TypeQLError('execute', [level, ['PEX8', 'Error executing fetch operation.'], write ? QEX14 : QEX15]);
}

/**
 * A data-validation failure while writing (concept/thing/thing_manager/validation/mod.rs DVL,
 * optionally caused by a concept/type_/constraint.rs CNT), under COW5/WEX1/PEX6/QEX14.
 */
export function writeValidation(levels: Level[]): TypeQLError {
  return new TypeQLError('execute', [...levels, COW5, WEX1, PEX6, QEX14]);
}

/** A failure in a read stage of a write or read pipeline (e.g. expression evaluation). */
export function executionError(levels: Level[], write: boolean, phase: QueryPhase = 'execute'): TypeQLError {
  return new TypeQLError(phase, [...levels, write ? QEX14 : QEX15]);
}

/**
 * Commit-time validation failures: DVL/SVL under COW5/COW4 (concept/error.rs). The commit levels
 * (DCT3 or SCT2, SRV19/SRV18, TSV5/TSV6) are the HTTP layer's.
 */
export function commitDataError(levels: Level[]): TypeQLError {
  return new TypeQLError('commit', [...levels, COW5]);
}

export function commitSchemaError(levels: Level[]): TypeQLError {
  return new TypeQLError('commit', [...levels, COW4]);
}

/** Wraps an unexpected JavaScript failure so that no input can crash the server with a non-TypeQLError. */
export function internalError(error: unknown, phase: QueryPhase): TypeQLError {
  const message = error instanceof Error ? error.message : String(error);
  return new TypeQLError(phase, [['QUA100', `Internal error: ${message}`], QEX8]);
}
