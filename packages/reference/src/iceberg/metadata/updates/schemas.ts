import { findSchema, schemaIdOf } from '../draft.js';
import { badRequest, check } from '../errors.js';
import { sameSchema, validateSchema, withSchemaId } from '../schema.js';
import { LAST_ADDED, type UpdateHandler } from './types.js';

/**
 * `add-schema` (Java `Builder.addSchemaInternal`). An identical schema already in the table is
 * reused, not added twice; otherwise the schema gets the highest id + 1 (from the current id).
 * `last-column-id` becomes the highest field id ever seen; the request's deprecated
 * `last-column-id` is ignored, as Java does.
 */
export const addSchema: UpdateHandler<'add-schema'> = (draft, update) => {
  const index = validateSchema(update.schema, draft.formatVersion);
  const newLastColumnId = Math.max(draft.lastColumnId, index.highestFieldId);

  let newId = draft.currentSchemaId;
  let existing = false;
  for (const schema of draft.schemas) {
    if (sameSchema(schema, update.schema)) {
      newId = schemaIdOf(schema);
      existing = true;
      break;
    }
    if (schemaIdOf(schema) >= newId) newId = schemaIdOf(schema) + 1;
  }

  if (existing && newLastColumnId === draft.lastColumnId) {
    // Nothing to add. `-1` keeps naming this schema only if this request added it; a schema that
    // was already in the table is not "the last added" (Java resets it to none).
    draft.lastAddedSchemaId = draft.lastAddedSchemaId !== null && draft.addedSchemaIds.has(newId) ? newId : null;
    return;
  }

  if (newLastColumnId !== draft.lastColumnId) {
    draft.lastColumnId = newLastColumnId;
    draft.changed = true;
  }
  if (!existing) {
    draft.schemas = [...draft.schemas, withSchemaId(update.schema, newId)];
    draft.changed = true;
  }
  draft.addedSchemaIds.add(newId);
  draft.lastAddedSchemaId = newId;
};

/** `set-current-schema` (Java `Builder.setCurrentSchema(int)`): -1 is the schema added last in this request. */
export const setCurrentSchema: UpdateHandler<'set-current-schema'> = (draft, update) => {
  let id = update['schema-id'];
  if (id === LAST_ADDED) {
    if (draft.lastAddedSchemaId === null) badRequest('Cannot set last added schema: no schema has been added');
    id = draft.lastAddedSchemaId;
  }
  if (id === draft.currentSchemaId && findSchema(draft, id) !== undefined) return;
  check(findSchema(draft, id) !== undefined, `Cannot set current schema to unknown schema: ${id}`);
  draft.currentSchemaId = id;
  draft.changed = true;
};

/** `remove-schemas` (Java `Builder.removeSchemas`): the current schema stays; unknown ids are ignored. */
export const removeSchemas: UpdateHandler<'remove-schemas'> = (draft, update) => {
  const ids = new Set(update['schema-ids']);
  check(!ids.has(draft.currentSchemaId), 'Cannot remove the current schema');
  const kept = draft.schemas.filter((schema) => !ids.has(schemaIdOf(schema)));
  if (kept.length === draft.schemas.length) return;
  draft.schemas = kept;
  draft.changed = true;
};
