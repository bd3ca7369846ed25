import type { ReadTransaction, WriteTransaction } from './engine.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeJson(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

export function decodeJson<T>(bytes: Uint8Array): T {
  return JSON.parse(decoder.decode(bytes)) as T;
}

export async function getJson<T>(tx: ReadTransaction, key: string): Promise<T | undefined> {
  const bytes = await tx.get(key);
  return bytes === undefined ? undefined : decodeJson<T>(bytes);
}

export function putJson(tx: WriteTransaction, key: string, value: unknown): Promise<void> {
  return tx.put(key, encodeJson(value));
}

export async function scanJson<T>(
  tx: ReadTransaction,
  options: Parameters<ReadTransaction['scan']>[0],
): Promise<Array<{ key: string; value: T }>> {
  const entries = await tx.scan(options);
  return entries.map((entry) => ({ key: entry.key, value: decodeJson<T>(entry.value) }));
}
