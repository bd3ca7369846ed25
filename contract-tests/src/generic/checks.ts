import {
  type ContentSchemas,
  describeIssues,
  type JsonSchema,
  type RouteDefinition,
  type SchemaValidators,
} from '@dbwire/server-stubs';
import type { Exchange } from './http.js';

/** The checks, named as Schemathesis names them. */
export const CHECK_NAMES = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_schema_conformance',
  'negative_data_rejection',
  'ignored_auth',
] as const;

export type CheckName = (typeof CHECK_NAMES)[number];

export interface CheckContext {
  route: RouteDefinition;
  validators: SchemaValidators;
  /** The schema every error body of the API follows, when it has one. */
  errorSchema: JsonSchema | undefined;
  /**
   * The API answers a malformed `Authorization` header or token 400 on every route that documents
   * a 400 (SpacetimeDB), not only where credentials are optional.
   */
  malformedCredentialsAre400?: boolean;
}

/** `undefined` when the exchange passes, otherwise why it fails. */
export type CheckFunction = (exchange: Exchange, context: CheckContext) => string | undefined;

export interface CheckDefinition {
  name: CheckName;
  description: string;
  /** Which exchanges the check looks at. */
  appliesTo(exchange: Exchange): boolean;
  check: CheckFunction;
}

/** The documented response for a status: its content map, `null` for "no body", `undefined` when undocumented. */
export function documentedResponse(route: RouteDefinition, status: number): ContentSchemas | null | undefined {
  const code = String(status);
  const { responses } = route;
  if (code in responses) return responses[code];
  const range = `${code[0]}XX`;
  if (range in responses) return responses[range];
  if ('default' in responses) return responses.default;
  return undefined;
}

/** The schema for a media type in a content map (exact, then `type/*`, then `*\/*`). */
export function matchMediaType(content: ContentSchemas, mediaType: string): JsonSchema | undefined {
  if (content[mediaType] !== undefined) return content[mediaType];
  const [type] = mediaType.split('/');
  return content[`${type}/*`] ?? content['*/*'];
}

export function isJsonMediaType(mediaType: string): boolean {
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

function documentedStatuses(route: RouteDefinition): string {
  return Object.keys(route.responses).join(', ');
}

/** The response body parsed for its media type: JSON parsed, anything else as text. */
function parseBody(mediaType: string, text: string): { value: unknown } | { error: string } {
  if (!isJsonMediaType(mediaType)) return { value: text };
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return { error: `the ${mediaType} body is not valid JSON (${error instanceof Error ? error.message : error})` };
  }
}

const always = () => true;

export const CHECKS: Record<CheckName, CheckDefinition> = {
  not_a_server_error: {
    name: 'not_a_server_error',
    description: 'No response is a 5xx, and the server always answers.',
    appliesTo: always,
    check(exchange) {
      if (exchange.response === undefined) return `no response: ${exchange.error}`;
      const { status } = exchange.response;
      return status >= 500 ? `server error ${status}` : undefined;
    },
  },

  status_code_conformance: {
    name: 'status_code_conformance',
    description: 'Every status is one the spec documents for the operation (exactly, as NXX, or as default).',
    appliesTo: (exchange) => exchange.response !== undefined,
    check(exchange, { route }) {
      const status = exchange.response?.status as number;
      if (documentedResponse(route, status) !== undefined) return undefined;
      return `status ${status} is not documented for ${route.operationId} (documented: ${documentedStatuses(route)})`;
    },
  },

  content_type_conformance: {
    name: 'content_type_conformance',
    description:
      'A response has a Content-Type the spec documents for its status, and no body where the spec documents none.',
    appliesTo: (exchange) => exchange.response !== undefined,
    check(exchange, { route }) {
      const response = exchange.response;
      if (response === undefined) return undefined;
      const documented = documentedResponse(route, response.status);
      if (documented === undefined) return undefined; // status_code_conformance reports it
      if (documented === null) {
        if (response.text.length === 0) return undefined;
        return `status ${response.status} is documented without a body, but the response has ${response.text.length} characters (${response.headers['content-type'] ?? 'no Content-Type'})`;
      }
      const expected = Object.keys(documented).join(', ');
      if (response.mediaType === undefined) {
        return `status ${response.status} has no Content-Type header; documented: ${expected}`;
      }
      if (matchMediaType(documented, response.mediaType) === undefined) {
        return `Content-Type ${response.mediaType} is not documented for status ${response.status} (documented: ${expected})`;
      }
      return undefined;
    },
  },

  response_schema_conformance: {
    name: 'response_schema_conformance',
    description: 'A response body validates against the schema the spec documents for its status and media type.',
    appliesTo: (exchange) => exchange.response !== undefined,
    check(exchange, { route, validators }) {
      const response = exchange.response;
      if (response === undefined) return undefined;
      const documented = documentedResponse(route, response.status);
      if (!documented || response.mediaType === undefined) return undefined; // the other checks report these
      const schema = matchMediaType(documented, response.mediaType);
      if (schema === undefined) return undefined;
      // An empty NDJSON body is a stream of no records (a log with no lines yet), not a missing body.
      if (response.text.length === 0 && response.mediaType !== 'application/x-ndjson')
        return `status ${response.status} is documented with a body, but the response is empty`;
      const parsed = parseBody(response.mediaType, response.text);
      if ('error' in parsed) return parsed.error;
      const issues = validators.body(schema)(parsed.value);
      if (issues.length === 0) return undefined;
      return `the ${response.status} body does not match its schema: ${describeIssues(issues)}`;
    },
  },

  negative_data_rejection: {
    name: 'negative_data_rejection',
    description:
      "A request the schema forbids (wrong type, missing required field, value outside an enum or bounds, malformed JSON, wrong or missing Content-Type, missing body) gets a 4xx in the API's error shape.",
    appliesTo: (exchange) => exchange.case.kind === 'negative',
    check(exchange, { validators, errorSchema }) {
      const response = exchange.response;
      if (response === undefined) return `no response to invalid data (${exchange.case.label}): ${exchange.error}`;
      if (response.status < 400 || response.status >= 500) {
        return `invalid data was not rejected: ${response.status} to a request with ${exchange.case.label}`;
      }
      if (errorSchema === undefined) return undefined;
      const parsed = parseBody(response.mediaType ?? 'application/json', response.text);
      if ('error' in parsed) return `the ${response.status} rejection is not in the API's error shape: ${parsed.error}`;
      const issues = validators.body(errorSchema)(parsed.value);
      if (issues.length === 0) return undefined;
      return `the ${response.status} rejection is not in the API's error shape: ${describeIssues(issues)}`;
    },
  },

  ignored_auth: {
    name: 'ignored_auth',
    description:
      'An operation with security requirements, called without a token or with an invalid one (garbage, forged signature, alg none), answers 401. Where credentials are optional (or the API answers malformed credentials 400 everywhere), bad ones still get 401 (or a documented 400 for a malformed token).',
    appliesTo: (exchange) => exchange.case.kind === 'auth',
    check(exchange, { route, malformedCredentialsAre400 }) {
      const response = exchange.response;
      if (response === undefined) return `no response (${exchange.case.label}): ${exchange.error}`;
      if (response.status >= 200 && response.status < 300) {
        return `authentication is ignored: ${response.status} to a request with ${exchange.case.label}`;
      }
      const malformedAllowed =
        (route.authOptional === true || malformedCredentialsAre400 === true) && route.responses['400'] !== undefined;
      if (response.status !== 401 && !(malformedAllowed && response.status === 400))
        return `expected 401 to a request with ${exchange.case.label}, got ${response.status}`;
      return undefined;
    },
  },
};
