export { DEFAULT_TOKENS, parseTokenSpec, type VolumesToken } from './auth.js';
export type { Permission, VolumesCaller } from './model.js';
export {
  createVolumesReference,
  MULTIPART_OVERHEAD_BYTES,
  uploadBodyLimit,
  type VolumesReference,
  type VolumesReferenceOptions,
} from './reference.js';
