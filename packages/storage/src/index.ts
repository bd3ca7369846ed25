export {
  ConflictError,
  checkKey,
  compareKeys,
  type Entry,
  InvalidKeyError,
  inScan,
  type ReadTransaction,
  type ScanOptions,
  type StorageEngine,
  type WriteTransaction,
} from './engine.js';
export { decodeJson, encodeJson, getJson, putJson, scanJson } from './json.js';
export { MemoryEngine } from './memory.js';
export { deletePrefix } from './prefix.js';
export { DEFAULT_ATTEMPTS, transactWithRetry } from './retry.js';
