export { type TypeDBErrorLevel, typedbError, typedbErrorResponse, typedbErrorShape } from './errors.js';
export type { TypedbHandlers } from './generated/handlers.js';
export type { components, operations, paths } from './generated/openapi.js';
export { type TypedbOperationId, typedbApi } from './generated/routes.js';
