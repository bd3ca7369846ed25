import type { UpdateHandler } from './types.js';

/** `add-encryption-key` (Java `Builder.addEncryptionKey`): a key id already present is a no-op. */
export const addEncryptionKey: UpdateHandler<'add-encryption-key'> = (draft, update) => {
  const key = update['encryption-key'];
  if (draft.encryptionKeys.some((existing) => existing['key-id'] === key['key-id'])) return;
  draft.encryptionKeys = [...draft.encryptionKeys, key];
  draft.changed = true;
};

/** `remove-encryption-key` (Java `Builder.removeEncryptionKey`): an unknown key id is a no-op. */
export const removeEncryptionKey: UpdateHandler<'remove-encryption-key'> = (draft, update) => {
  const kept = draft.encryptionKeys.filter((key) => key['key-id'] !== update['key-id']);
  if (kept.length === draft.encryptionKeys.length) return;
  draft.encryptionKeys = kept;
  draft.changed = true;
};
