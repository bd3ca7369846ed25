import { stripTrailingSlash } from '../build.js';
import type { UpdateHandler } from './types.js';

/** `set-location` (Java `Builder.setLocation`): the same location (trailing slashes aside) is a no-op. */
export const setLocation: UpdateHandler<'set-location'> = (draft, update) => {
  if (draft.location !== undefined && stripTrailingSlash(draft.location) === stripTrailingSlash(update.location))
    return;
  draft.location = update.location;
  draft.changed = true;
};

/**
 * `set-properties` (Java `Builder.setProperties`): merged into the table's properties. Java counts
 * any non-empty map as a change; here only a key whose value differs does, so re-sending the same
 * properties writes no new metadata file.
 */
export const setProperties: UpdateHandler<'set-properties'> = (draft, update) => {
  const entries = Object.entries(update.updates).filter(([key, value]) => draft.properties[key] !== value);
  if (entries.length === 0) return;
  draft.properties = { ...draft.properties, ...Object.fromEntries(entries) };
  draft.changed = true;
};

/** `remove-properties` (Java `Builder.removeProperties`): keys that are not set are ignored. */
export const removeProperties: UpdateHandler<'remove-properties'> = (draft, update) => {
  const removals = new Set(update.removals.filter((key) => Object.hasOwn(draft.properties, key)));
  if (removals.size === 0) return;
  draft.properties = Object.fromEntries(Object.entries(draft.properties).filter(([key]) => !removals.has(key)));
  draft.changed = true;
};
