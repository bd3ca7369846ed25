export { DEFAULT_TOKENS, type WriteDaemonToken } from './auth.js';
export type { WriteDaemonCaller } from './model.js';
export { DEFAULT_QUOTA, type QuotaOptions } from './quota.js';
export {
  createWriteDaemonReference,
  type WriteDaemonReference,
  type WriteDaemonReferenceOptions,
} from './reference.js';
