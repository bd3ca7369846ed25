export {
  type IcebergErrorResponse,
  type IcebergErrorType,
  icebergError,
  icebergErrorResponse,
  icebergErrorShape,
} from './errors.js';
export type { IcebergHandlers } from './generated/handlers.js';
export type { components, operations, paths } from './generated/openapi.js';
export { type IcebergOperationId, icebergApi } from './generated/routes.js';
