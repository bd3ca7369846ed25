import { findSchema, findSpec, specIdOf } from '../draft.js';
import { badRequest, check } from '../errors.js';
import {
  bindFieldIds,
  compatibleSpecs,
  hasSequentialIds,
  lastAssignedFieldId,
  specJson,
  validatePartitionFields,
} from '../partition-spec.js';
import { indexSchema } from '../schema.js';
import { LAST_ADDED, type UpdateHandler } from './types.js';

/**
 * `add-spec` (Java `Builder.addPartitionSpec(UnboundPartitionSpec)`). The spec is bound to the
 * current schema (fields without an id get one from 1000 up within the spec) and checked; a spec
 * with the same fields (source, transform, name) as one already in the table is reused; otherwise
 * it gets the highest spec id + 1 and `last-partition-id` rises to its highest field id.
 */
export const addSpec: UpdateHandler<'add-spec'> = (draft, update) => {
  const schema = findSchema(draft, draft.currentSchemaId);
  if (schema === undefined) badRequest('Cannot add a partition spec before a schema is added');
  const fields = bindFieldIds(update.spec.fields);
  validatePartitionFields(fields, indexSchema(schema));
  const bound = specJson(0, fields);

  let newId = 0;
  let existing = false;
  for (const spec of draft.specs) {
    if (compatibleSpecs(bound, spec)) {
      newId = specIdOf(spec);
      existing = true;
      break;
    }
    if (newId <= specIdOf(spec)) newId = specIdOf(spec) + 1;
  }

  if (existing) {
    // As Java: `-1` moves to the reused spec only if this request already added a spec.
    draft.lastAddedSpecId =
      draft.lastAddedSpecId !== null && draft.addedSpecIds.has(draft.lastAddedSpecId) ? newId : null;
    return;
  }

  const spec = specJson(newId, fields);
  check(
    draft.formatVersion > 1 || hasSequentialIds(spec),
    `Spec does not use sequential IDs that are required in v1: ${JSON.stringify(spec)}`,
  );
  draft.lastPartitionId = Math.max(draft.lastPartitionId, lastAssignedFieldId(spec));
  draft.specs = [...draft.specs, spec];
  draft.addedSpecIds.add(newId);
  draft.lastAddedSpecId = newId;
  draft.changed = true;
};

/**
 * `set-default-spec` (Java `Builder.setDefaultPartitionSpec(int)`): -1 is the spec added last in
 * this request. Java accepts an unknown id and fails later while building; here it is a 400 at once.
 */
export const setDefaultSpec: UpdateHandler<'set-default-spec'> = (draft, update) => {
  let id = update['spec-id'];
  if (id === LAST_ADDED) {
    if (draft.lastAddedSpecId === null) badRequest('Cannot set last added spec: no spec has been added');
    id = draft.lastAddedSpecId;
  }
  if (id === draft.defaultSpecId && findSpec(draft, id) !== undefined) return;
  check(findSpec(draft, id) !== undefined, `Cannot set default partition spec to unknown spec: ${id}`);
  draft.defaultSpecId = id;
  draft.changed = true;
};

/** `remove-partition-specs` (Java `Builder.removeSpecs`): the default spec stays; unknown ids are ignored. */
export const removePartitionSpecs: UpdateHandler<'remove-partition-specs'> = (draft, update) => {
  const ids = new Set(update['spec-ids']);
  check(!ids.has(draft.defaultSpecId), 'Cannot remove the default partition spec');
  const kept = draft.specs.filter((spec) => !ids.has(specIdOf(spec)));
  if (kept.length === draft.specs.length) return;
  draft.specs = kept;
  draft.changed = true;
};
