export {
  PROBLEM_CONTENT_TYPE,
  type ProblemCode,
  type ProblemDetails,
  type ProblemExtensions,
  problemResponse,
  writeDaemonErrorShape,
  writeDaemonProblem,
} from './errors.js';
export type { WriteDaemonHandlers } from './generated/handlers.js';
export type { components, operations, paths } from './generated/openapi.js';
export { type WriteDaemonOperationId, writeDaemonApi } from './generated/routes.js';
