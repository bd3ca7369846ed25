export {
  type VolumesErrorCode,
  type VolumesErrorResponse,
  type VolumesValidationError,
  validationDetail,
  validationError,
  validationErrorResponse,
  valueError,
  volumesError,
  volumesErrorResponse,
  volumesErrorShape,
} from './errors.js';
export type { VolumesHandlers } from './generated/handlers.js';
export type { components, operations, paths } from './generated/openapi.js';
export { type VolumesOperationId, volumesApi } from './generated/routes.js';
