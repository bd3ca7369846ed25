export {
  type AnyHandler,
  type ApiBinding,
  type ApiErrorShape,
  type ApiResponse,
  type AuthenticationResult,
  DEFAULT_BODY_LIMIT,
  Dispatcher,
  type DispatchOptions,
  HttpResponseError,
  type RawRequest,
  type RequestFailure,
  type SerializedResponse,
  serialize,
  serializedBodyBytes,
  templateMatches,
} from './dispatch.js';
export { headerTokens } from './header-tokens.js';
export type {
  ApiDefinition,
  ContentSchemas,
  HttpMethod,
  JsonSchema,
  RouteDefinition,
  SchemaDocument,
} from './route.js';
export type { HandlerRequest, HandlerResponse, HandlerResult } from './types.js';
export { describeIssues, SchemaValidators, type ValidationIssue, type Validator } from './validation.js';
export type { WebSocketConnection, WebSocketUpgrade } from './websocket.js';
