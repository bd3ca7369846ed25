export { DEFAULT_TOKENS, type IcebergToken } from './auth.js';
export { type MetadataFiles, trimLocation } from './files.js';
export type { IcebergCaller } from './model.js';
export {
  createIcebergReference,
  DEFAULT_WAREHOUSE,
  type IcebergReference,
  type IcebergReferenceOptions,
} from './reference.js';
