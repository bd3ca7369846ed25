export { spacetimedbError, spacetimedbErrorShape, spacetimedbJsonError, spacetimedbText } from './errors.js';
export type { SpacetimedbHandlers } from './generated/handlers.js';
export type { components, operations, paths } from './generated/openapi.js';
export { type SpacetimedbOperationId, spacetimedbApi } from './generated/routes.js';
