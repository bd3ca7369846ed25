import type { WriteTransaction } from './engine.js';

/** Deletes every key under `prefix` in `tx`; returns how many there were. */
export async function deletePrefix(tx: WriteTransaction, prefix: string): Promise<number> {
  const found = await tx.scan({ prefix });
  for (const { key } of found) await tx.delete(key);
  return found.length;
}
