export {
  ConflictError,
  compareKeys,
  type Entry,
  inScan,
  type ReadTransaction,
  type ScanOptions,
  type StorageEngine,
  type WriteTransaction,
} from './engine.js';
export { decodeJson, encodeJson, getJson, putJson, scanJson } from './json.js';
export { MemoryEngine } from './memory.js';
export { transactWithRetry } from './retry.js';
