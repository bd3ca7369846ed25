import { parseJson, stringifyJson, withNumbers } from '@dbwire/json';
import type { ContentSchemas, JsonSchema, RouteDefinition, SchemaDocument } from './route.js';
import { describeIssues, SchemaValidators, type ValidationIssue } from './validation.js';
import type { WebSocketUpgrade } from './websocket.js';

/** A request as any adapter (fastify, msw) hands it over: nothing parsed but the URL. */
export interface RawRequest {
  params: Record<string, string>;
  query: Record<string, string | string[] | undefined>;
  /** Lower-case names. */
  headers: Record<string, string | undefined>;
  /** The body bytes, if any were sent. */
  body: Uint8Array | undefined;
  /**
   * Whether the adapter can open a WebSocket for this request, should its handler answer 101 with
   * an `upgrade`: `'available'` when the request came in as an upgrade the adapter can take over;
   * `'unsupported'` when the adapter cannot open WebSockets at all (msw), which answers the API's
   * `notImplemented`; absent (a plain request, `fastify.inject`) answers 426 Upgrade Required.
   */
  websocket?: 'available' | 'unsupported';
}

/** What a handler returns, or what an error shape produces. */
export interface ApiResponse {
  status: number;
  body?: unknown;
  /** Defaults to `application/json` for object bodies and `text/plain` for strings. */
  contentType?: string;
  headers?: Record<string, string>;
  /** With status 101 only: the WebSocket the adapter opens once the handshake is written. */
  upgrade?: WebSocketUpgrade;
}

/**
 * A response ready to write: the body encoded, `content-type` and `content-length` set. A stream
 * (a followed log) has no `content-length`; adapters pass it on as it is produced and cancel it
 * when the client goes away.
 */
export interface SerializedResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Uint8Array | ReadableStream<Uint8Array> | undefined;
  /**
   * Set on a 101 only, when the request can be upgraded (`RawRequest.websocket === 'available'`):
   * the adapter completes the handshake with `headers` added and calls `upgrade.accept`, or
   * `upgrade.abandon` if it cannot.
   */
  upgrade?: WebSocketUpgrade;
}

/** Why a request was refused before it reached a handler. */
export type RequestFailure =
  | {
      kind: 'invalid-parameter';
      location: 'path' | 'query' | 'header';
      name: string;
      message: string;
      /** The validator's finding, pointer relative to the location's parameters (`/limit`). */
      issue: ValidationIssue;
    }
  | { kind: 'missing-body'; message: string }
  | { kind: 'unsupported-media-type'; mediaType: string | undefined; message: string }
  | { kind: 'malformed-body'; message: string }
  | { kind: 'invalid-body'; issues: ValidationIssue[]; message: string }
  | { kind: 'too-large'; limit: number; message: string };

/** How one API spells its errors: every refusal the adapters produce goes through here. */
export interface ApiErrorShape {
  requestFailed(failure: RequestFailure, route: RouteDefinition): ApiResponse;
  notImplemented(route: RouteDefinition): ApiResponse;
  internalError(error: unknown, route: RouteDefinition | undefined): ApiResponse;
  notFound(method: string, path: string): ApiResponse;
  /**
   * Whether a refused body lists every failure (FastAPI's 422 does) rather than the first one,
   * which is all most APIs report and cheaper to find.
   */
  readonly reportsEveryIssue?: boolean;
}

/** Thrown by handlers (or the domain code under them) to answer with a documented error response. */
export class HttpResponseError extends Error {
  override readonly name = 'HttpResponseError';
  constructor(readonly response: ApiResponse) {
    super(`HTTP ${response.status}`);
  }
}

export type AuthenticationResult<Context> = { context: Context } | { response: ApiResponse };

export interface HandlerRequestShape {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, string | undefined>;
  body: unknown;
}

// biome-ignore lint/suspicious/noExplicitAny: the generated interfaces narrow these per operation.
export type AnyHandler<Context> = (request: any, context: Context) => unknown;

export interface ApiBinding<Context> {
  id: string;
  schemas: SchemaDocument;
  routes: { readonly [operationId: string]: RouteDefinition };
  /**
   * Handlers by operationId, typically a generated `<Api>Handlers` interface (or part of one).
   * Operations without a handler answer `errors.notImplemented`.
   */
  handlers: object;
  errors: ApiErrorShape;
  /**
   * Runs before anything else for operations with security requirements (real servers check the
   * token before they parse the body). It gets the whole request, unparsed, so checks a spec
   * orders before validation (a quota per tenant) can run here too. Public operations get
   * `publicContext`.
   */
  authenticate(request: RawRequest, route: RouteDefinition): Promise<AuthenticationResult<Context>>;
  publicContext: Context;
  /**
   * How JSON integers beyond 2^53 reach handlers. `'number'` (the default) is `JSON.parse`, which
   * rounds them. `'bigint'` keeps them exactly as `bigint` (and writes bigints in responses digit
   * for digit), for APIs with 64-bit ids such as Iceberg's snapshot ids.
   */
  largeIntegers?: 'number' | 'bigint';
  /**
   * Headers every answer carries once `authenticate` has produced a context (SpacetimeDB's caller
   * identity): the handler's answers and also the dispatcher's own, made after authentication but
   * outside the handler (a refused body, 500, 501). A header the answer already has wins. Not
   * called for operations without security requirements, nor when authentication refuses.
   */
  responseHeaders?(context: Context, route: RouteDefinition): Record<string, string>;
}

export interface DispatchOptions {
  /** Validate every response against the spec; an undocumented one becomes a 500 (test mode). */
  validateResponses?: boolean;
  /** Largest accepted request body in bytes. */
  bodyLimit?: number;
  /** Told about handler crashes and (in test mode) responses the spec does not allow. */
  onError?: (error: unknown, route: RouteDefinition | undefined) => void;
}

export const DEFAULT_BODY_LIMIT = 2 * 1024 * 1024;

const NOT_IMPLEMENTED = Symbol('not implemented');

/** How far a request got: set once `authenticate` has produced a context. */
interface Reached<Context> {
  authenticated?: { context: Context };
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * The framework-neutral core shared by every adapter: authenticate, validate, call the handler,
 * check the response in test mode, serialize.
 */
export class Dispatcher<Context> {
  private readonly validators: SchemaValidators;
  private readonly moreConcrete = new Map<RouteDefinition, RouteDefinition[]>();
  private readonly lossless: boolean;
  /** Wildcard routes as regular expressions, the longest literal suffix first. */
  private readonly wildcards: WildcardPattern[];
  readonly bodyLimit: number;
  /** Every route of the API. */
  readonly routes: readonly RouteDefinition[];
  /** The routes a router matches segment by segment: all but those with a `wildcard` parameter. */
  readonly segmentRoutes: readonly RouteDefinition[];
  /**
   * Where routes with a parameter spanning slashes live: each distinct template up to that
   * parameter (`/v1/.../entries/`), with the methods of its routes. An adapter registers one
   * catch-all route per prefix and hands what it receives to `dispatchWildcard`.
   */
  readonly wildcardPrefixes: ReadonlyArray<{ prefix: string; methods: RouteDefinition['method'][] }>;

  constructor(
    readonly binding: ApiBinding<Context>,
    private readonly options: DispatchOptions = {},
  ) {
    this.validators = new SchemaValidators(binding.schemas, { allErrors: binding.errors.reportsEveryIssue === true });
    this.bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
    this.lossless = binding.largeIntegers === 'bigint';
    this.routes = Object.values(binding.routes);
    this.segmentRoutes = this.routes.filter((route) => route.wildcard === undefined);
    this.wildcards = this.routes
      .filter((route): route is RouteDefinition & { wildcard: string } => route.wildcard !== undefined)
      .map(wildcardPattern)
      .sort((a, b) => b.suffix.length - a.suffix.length);
    const byPrefix = new Map<string, Set<RouteDefinition['method']>>();
    for (const pattern of this.wildcards) {
      const methods = byPrefix.get(pattern.prefix) ?? new Set();
      methods.add(pattern.route.method);
      byPrefix.set(pattern.prefix, methods);
    }
    this.wildcardPrefixes = [...byPrefix].map(([prefix, methods]) => ({ prefix, methods: [...methods] }));
    // Per templated route, the routes with the same shape but a literal where it has a parameter.
    for (const route of this.segmentRoutes) {
      const concrete = this.segmentRoutes.filter(
        (other) =>
          other.path !== route.path &&
          literalSegments(other.path) > literalSegments(route.path) &&
          templateMatches(route.path, other.path.replace(/\{[^}]+\}/g, 'x')),
      );
      if (concrete.length > 0) this.moreConcrete.set(route, concrete);
    }
  }

  /**
   * The route and parameters a request under a wildcard prefix names. As Starlette (FastAPI's
   * router) does, the most specific template whose path and method both match wins
   * (`/entries/{path}/upload` before `/entries/{path}`); when paths match but no method does, the
   * answer is the methods allowed (405); `undefined` when no template matches at all.
   */
  matchWildcard(
    method: string,
    path: string,
  ): { route: RouteDefinition; params: Record<string, string> } | { allow: string[] } | undefined {
    const allow = new Set<string>();
    for (const pattern of this.wildcards) {
      const match = pattern.regex.exec(path);
      if (!match) continue;
      let values: string[];
      try {
        values = match.slice(1).map((value) => decodeURIComponent(value));
      } catch {
        continue;
      }
      if (pattern.route.method !== method) {
        allow.add(pattern.route.method);
        continue;
      }
      return {
        route: pattern.route,
        params: Object.fromEntries(pattern.names.map((name, i) => [name, values[i] ?? ''])),
      };
    }
    return allow.size > 0 ? { allow: [...allow] } : undefined;
  }

  /**
   * A request an adapter's catch-all for a wildcard prefix received: the route `matchWildcard`
   * names takes it; otherwise the answer is `serializeNotFound`'s (405 with `Allow` when the path
   * is an operation's under another method, else the API's not-found).
   */
  async dispatchWildcard(method: string, path: string, raw: Omit<RawRequest, 'params'>): Promise<SerializedResponse> {
    const match = this.matchWildcard(method, path);
    if (match === undefined || 'allow' in match) return this.serializeNotFound(method, path);
    return this.dispatch(match.route, { ...raw, params: match.params });
  }

  async dispatch(route: RouteDefinition, raw: RawRequest): Promise<SerializedResponse> {
    // A path parameter is never empty: `/databases/` is not `/databases/{name}` with no name.
    if (Object.values(raw.params).some((value) => value === '')) {
      return this.serialize(this.binding.errors.notFound(route.method, route.path));
    }
    const shadowing = this.concreteMethods(route, raw.params);
    if (shadowing) return this.serialize({ status: 405, headers: { allow: shadowing.join(', ') } });
    const reached: Reached<Context> = {};
    let response: ApiResponse;
    // A missing handler is the server's gap, not a response to hold against the spec.
    let checkAgainstSpec = this.options.validateResponses === true;
    try {
      const outcome = await this.handle(route, raw, reached);
      if (outcome === NOT_IMPLEMENTED) checkAgainstSpec = false;
      response = outcome === NOT_IMPLEMENTED ? this.binding.errors.notImplemented(route) : outcome;
    } catch (error) {
      response = this.fromError(error, route);
    }
    // A HEAD answer never has a body (RFC 9110 §9.3.2), whoever produced it: the handler, the
    // authentication, or the error shape.
    if (route.method === 'HEAD' && response.body !== undefined) response = { ...response, body: undefined };
    const offered = response.upgrade;
    if (checkAgainstSpec) response = this.guard(route, () => this.checkResponse(route, response));
    // Still the handler's answer: a spec check that replaced it (a 500) has said what was wrong.
    if (response.upgrade !== undefined || response.status === 101) response = this.deliverable(route, raw, response);
    if (reached.authenticated !== undefined) {
      const { context } = reached.authenticated;
      response = this.guard(route, () => this.withContextHeaders(response, context, route));
    }
    let serialized: SerializedResponse;
    try {
      serialized = this.serialize(response);
    } catch (error) {
      // A value JSON cannot hold (a cycle, a bigint where the API keeps numbers, absurd depth).
      serialized = this.serialize(this.fromError(error, route));
    }
    // The API may have done work for a socket that will not open (registered a client).
    if (offered !== undefined && serialized.upgrade !== offered) this.abandon(offered, route);
    return serialized;
  }

  /**
   * A 101 as this request can take it: as it is when the adapter can open the WebSocket; else the
   * API's not-implemented answer (an adapter without WebSockets) or 426 Upgrade Required (a request
   * that did not come in as an upgrade), in the API's shape for a refused header. A 101 without
   * `upgrade`, or an `upgrade` on another status, is the handler's fault.
   */
  private deliverable(route: RouteDefinition, raw: RawRequest, response: ApiResponse): ApiResponse {
    if (response.status !== 101 || response.upgrade === undefined) {
      const problem = response.status === 101 ? 'without an upgrade' : `${response.status} with an upgrade`;
      return this.fromError(new Error(`${route.operationId} answered ${problem}`), route);
    }
    if (raw.websocket === 'available') return response;
    if (raw.websocket === 'unsupported') return this.binding.errors.notImplemented(route);
    const message = 'This operation upgrades to a WebSocket: send Connection: Upgrade and Upgrade: websocket.';
    const refusal = this.binding.errors.requestFailed(
      {
        kind: 'invalid-parameter',
        location: 'header',
        name: 'upgrade',
        message,
        issue: {
          pointer: '/upgrade',
          message: 'must be websocket',
          keyword: 'const',
          params: { allowedValue: 'websocket' },
        },
      },
      route,
    );
    // RFC 9110 §15.5.22: a 426 names the protocol to upgrade to.
    return { ...refusal, status: 426, headers: { ...refusal.headers, upgrade: 'websocket', connection: 'Upgrade' } };
  }

  private abandon(upgrade: WebSocketUpgrade, route: RouteDefinition): void {
    try {
      upgrade.abandon?.();
    } catch (error) {
      this.options.onError?.(error, route);
    }
  }

  /** `produce`'s answer, or the internal-error answer if it throws. */
  private guard(route: RouteDefinition, produce: () => ApiResponse): ApiResponse {
    try {
      return produce();
    } catch (error) {
      return this.fromError(error, route);
    }
  }

  /** The binding's `responseHeaders` for the context, under the headers the answer already has. */
  private withContextHeaders(response: ApiResponse, context: Context, route: RouteDefinition): ApiResponse {
    const extra = this.binding.responseHeaders?.(context, route);
    if (extra === undefined) return response;
    const headers: Record<string, string> = { ...response.headers };
    const present = new Set(Object.keys(headers).map((name) => name.toLowerCase()));
    for (const [name, value] of Object.entries(extra)) {
      if (!present.has(name.toLowerCase())) headers[name] = value;
    }
    return { ...response, headers };
  }

  private serialize(response: ApiResponse): SerializedResponse {
    return serialize(response, this.lossless ? stringifyJson : JSON.stringify);
  }

  /** For errors raised outside `dispatch` (the framework's own body limit, unknown routes). */
  serializeFailure(failure: RequestFailure, route: RouteDefinition): SerializedResponse {
    return this.serialize(this.binding.errors.requestFailed(failure, route));
  }

  /** A failure outside any operation (a framework or plugin fault), in the API's shape. */
  serializeInternalError(error: unknown): SerializedResponse {
    return this.serialize(this.binding.errors.internalError(error, undefined));
  }

  /**
   * A request no route took: 405 with `Allow` when the path is an operation's under another
   * method, else the API's own not-found answer.
   */
  serializeNotFound(method: string, url: string): SerializedResponse {
    const path = url.split('?')[0] ?? url;
    const allowed: string[] = this.segmentRoutes
      .filter((route) => templateMatches(route.path, path))
      .map((route) => route.method);
    const wildcard = this.matchWildcard(method, path);
    if (wildcard !== undefined) allowed.push(...('allow' in wildcard ? wildcard.allow : [wildcard.route.method]));
    if (allowed.length > 0) {
      return this.serialize({ status: 405, headers: { allow: [...new Set(allowed)].join(', ') } });
    }
    return this.serialize(this.binding.errors.notFound(method, path));
  }

  /**
   * A request the HTTP framework refused before any route could run: a path that is not valid
   * percent-encoding, a parameter beyond the router's length limit, a header section beyond the
   * server's. In the API's shape: an invalid parameter of the operation the (raw) path names, under
   * this method if one takes it; the API's not-found answer when the path names no operation.
   */
  serializeUnroutable(
    method: string,
    url: string,
    problem: { location: 'path' | 'header'; message: string },
  ): SerializedResponse {
    const path = url.split('?')[0] ?? url;
    const candidates = [
      ...this.segmentRoutes.filter((route) => templateMatches(route.path, path)),
      ...this.wildcards.filter((pattern) => pattern.regex.test(path)).map((pattern) => pattern.route),
    ];
    const route = candidates.find((candidate) => candidate.method === method) ?? candidates[0];
    if (route === undefined) return this.serialize(this.binding.errors.notFound(method, path));
    const name = problem.location === 'path' ? offendingParameter(route, path) : '';
    const message = name === '' ? problem.message : `${problem.location} parameter '${name}' ${problem.message}`;
    return this.serializeFailure(
      {
        kind: 'invalid-parameter',
        location: problem.location,
        name,
        message,
        issue: { pointer: name === '' ? '' : `/${name}`, message: problem.message },
      },
      route,
    );
  }

  /**
   * OpenAPI matches a concrete path before a templated one: `PATCH /namespaces/changes` is a
   * request to the path `/namespaces/changes` (which has only GET), not to `/namespaces/{id}`
   * with id `changes`. Routers that matched the templated route hand it here; this returns the
   * methods of the more concrete paths the request really names (for a 405), or nothing.
   */
  private concreteMethods(route: RouteDefinition, params: Record<string, string>): string[] | undefined {
    const candidates = this.moreConcrete.get(route);
    if (!candidates || candidates.length === 0) return undefined;
    const path = route.path.replace(/\{([^}]+)\}/g, (_, name: string) => params[name] ?? '');
    const matching = candidates.filter((other) => templateMatches(other.path, path));
    if (matching.length === 0) return undefined;
    const mostConcrete = Math.max(...matching.map((other) => literalSegments(other.path)));
    const methods = matching
      .filter((other) => literalSegments(other.path) === mostConcrete)
      .map((other) => other.method);
    return [...new Set(methods)];
  }

  private async handle(
    route: RouteDefinition,
    raw: RawRequest,
    reached: Reached<Context>,
  ): Promise<ApiResponse | typeof NOT_IMPLEMENTED> {
    const { binding } = this;
    let context = binding.publicContext;
    if (route.security.length > 0) {
      const auth = await binding.authenticate(raw, route);
      if ('response' in auth) return auth.response;
      context = auth.context;
      reached.authenticated = { context };
    }
    const parsed = await this.parseRequest(route, raw);
    if ('failure' in parsed) return binding.errors.requestFailed(parsed.failure, route);
    const handler = (binding.handlers as Record<string, AnyHandler<Context> | undefined>)[route.operationId];
    if (!handler) return NOT_IMPLEMENTED;
    return (await handler(parsed.request, context)) as ApiResponse;
  }

  private async parseRequest(
    route: RouteDefinition,
    raw: RawRequest,
  ): Promise<{ request: HandlerRequestShape } | { failure: RequestFailure }> {
    const params: Record<string, unknown> = { ...raw.params };
    const query: Record<string, unknown> = { ...raw.query };
    const headers: Record<string, string | undefined> = { ...raw.headers };
    for (const [location, values] of [
      ['path', params],
      ['query', query],
      ['header', headers],
    ] as const) {
      const schema = route.parameters[location];
      if (schema === undefined) continue;
      const issues = this.validators.parameter(schema)(values);
      const first = issues[0];
      if (first) {
        const name = first.pointer.split('/')[1] ?? '';
        return {
          failure: {
            kind: 'invalid-parameter',
            location,
            name,
            message: `${location} parameter '${name}' ${first.message}`,
            issue: first,
          },
        };
      }
    }
    const body = await this.parseBody(route, raw);
    if ('failure' in body) return body;
    return { request: { params, query, headers, body: body.value } };
  }

  private async parseBody(
    route: RouteDefinition,
    raw: RawRequest,
  ): Promise<{ value: unknown } | { failure: RequestFailure }> {
    const declared = route.requestBody;
    // Operations that take no body ignore whatever was sent (clients send `{}` on every call).
    if (declared === null) return { value: undefined };
    const bytes = raw.body;
    if (bytes && bytes.byteLength > this.bodyLimit) {
      return {
        failure: {
          kind: 'too-large',
          limit: this.bodyLimit,
          message: `The request body is larger than the ${this.bodyLimit}-byte limit.`,
        },
      };
    }
    if (!bytes || bytes.byteLength === 0) {
      if (!declared.required) return { value: undefined };
      return { failure: { kind: 'missing-body', message: 'The request body is missing.' } };
    }
    let mediaType = raw.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
    let schema = mediaType === undefined ? undefined : matchMediaType(declared.content, mediaType);
    if (schema === undefined && declared.assumedMediaType !== undefined) {
      mediaType = declared.assumedMediaType;
      schema = matchMediaType(declared.content, mediaType);
    }
    if (schema === undefined) {
      const expected = Object.keys(declared.content).join(', ');
      return {
        failure: {
          kind: 'unsupported-media-type',
          mediaType,
          message: `Expected a body of type ${expected}, got ${mediaType ?? 'no Content-Type'}.`,
        },
      };
    }
    if (mediaType === 'multipart/form-data')
      return this.parseForm(schema, raw.headers['content-type'] as string, bytes);
    // `format: binary` bodies (uploads, WebAssembly modules) reach the handler as the bytes sent.
    if (isBinarySchema(schema)) return { value: bytes };
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      return { failure: { kind: 'malformed-body', message: 'The request body is not valid UTF-8.' } };
    }
    let value: unknown = text;
    if (isJson(mediaType as string)) {
      try {
        // parseJson refuses nesting beyond 512 levels (and, for bigints, integers beyond 80 digits)
        // before anything recursive walks the value: the validator, the handler, the serializer.
        value = parseJson(text, { largeIntegers: this.lossless ? 'bigint' : 'number' });
      } catch (error) {
        return {
          failure: { kind: 'malformed-body', message: `The request body is not valid JSON: ${messageOf(error)}` },
        };
      }
    }
    // The schema validator knows only numbers; a bigint is checked as the nearest one.
    const issues = this.validators.body(schema)(this.lossless ? withNumbers(value) : value);
    if (issues.length > 0) {
      return {
        failure: { kind: 'invalid-body', issues, message: `The request body is invalid: ${describeIssues(issues)}` },
      };
    }
    return { value };
  }

  /**
   * A `multipart/form-data` body as an object: text fields as strings (coerced to the types the
   * schema declares, as form fields always arrive as text), file parts as `File`s, a repeated
   * name as an array. The platform's own parser (`Response.formData`) reads it, in Node and in
   * browsers alike.
   */
  private async parseForm(
    schema: JsonSchema,
    contentType: string,
    bytes: Uint8Array,
  ): Promise<{ value: unknown } | { failure: RequestFailure }> {
    let form: FormData;
    try {
      form = await new Response(bytes as Uint8Array<ArrayBuffer>, {
        headers: { 'content-type': contentType },
      }).formData();
    } catch (error) {
      return {
        failure: {
          kind: 'malformed-body',
          message: `The request body is not valid multipart/form-data: ${messageOf(error)}`,
        },
      };
    }
    const fields: Record<string, unknown> = {};
    const withFiles = new Set<string>();
    const add = (name: string, value: unknown) => {
      const previous = fields[name];
      fields[name] =
        previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
    };
    for (const [name, part] of form.entries()) {
      // The schema sees a file part as a string (`format: binary`); the handler gets the File.
      if (typeof part !== 'string') withFiles.add(name);
      add(name, typeof part === 'string' ? part : '');
    }
    const issues = this.validators.parameter(schema)(fields);
    if (issues.length > 0) {
      return {
        failure: { kind: 'invalid-body', issues, message: `The request body is invalid: ${describeIssues(issues)}` },
      };
    }
    for (const name of withFiles) {
      const parts = form.getAll(name);
      fields[name] = parts.length === 1 ? parts[0] : parts;
    }
    return { value: fields };
  }

  private fromError(error: unknown, route: RouteDefinition): ApiResponse {
    if (error instanceof HttpResponseError) return error.response;
    this.options.onError?.(error, route);
    return this.binding.errors.internalError(error, route);
  }

  private checkResponse(route: RouteDefinition, response: ApiResponse): ApiResponse {
    const problem = this.responseProblem(route, response);
    if (problem === undefined) return response;
    const error = new Error(`${route.operationId} answered ${response.status} outside its spec: ${problem}`);
    this.options.onError?.(error, route);
    return { status: 500, body: { error: 'response-not-in-spec', message: error.message } };
  }

  private responseProblem(route: RouteDefinition, response: ApiResponse): string | undefined {
    const status = String(response.status);
    const documented =
      route.responses[status] !== undefined
        ? route.responses[status]
        : (route.responses[`${status[0]}XX`] ?? route.responses.default);
    if (documented === undefined) return `status ${status} is not documented`;
    if (documented === null) return response.body === undefined ? undefined : 'the response must have no body';
    if (response.body === undefined) return 'the response must have a body';
    const mediaType = response.contentType ?? defaultContentType(response.body);
    const schema = matchMediaType(documented, mediaType);
    if (schema === undefined) return `content type ${mediaType} is not documented`;
    // A stream is checked by its media type only: its content is not there yet.
    if (response.body instanceof ReadableStream) return undefined;
    // Bytes are what a `format: binary` string schema describes; the validator knows only strings.
    const body = response.body instanceof Uint8Array ? '' : response.body;
    const issues = this.validators.body(schema)(this.lossless ? withNumbers(body) : body);
    return issues.length > 0 ? describeIssues(issues) : undefined;
  }
}

/**
 * A template with a parameter spanning slashes as a regular expression: the parameters before it
 * match one segment each, it matches one or more characters (slashes included), then the literal
 * rest of the template.
 */
interface WildcardPattern {
  route: RouteDefinition;
  /** The template up to the spanning parameter. */
  prefix: string;
  /** The literal template after it. */
  suffix: string;
  /** The parameters in capture-group order, the spanning one last. */
  names: string[];
  regex: RegExp;
}

function wildcardPattern(route: RouteDefinition & { wildcard: string }): WildcardPattern {
  const marker = `{${route.wildcard}}`;
  const at = route.path.indexOf(marker);
  const prefix = route.path.slice(0, at);
  const suffix = route.path.slice(at + marker.length);
  const names: string[] = [];
  const prefixSource = prefix
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const name = /^\{([^}]+)\}$/.exec(part)?.[1];
      if (name === undefined) return escapeRegExp(part);
      names.push(name);
      return '([^/]+)';
    })
    .join('');
  names.push(route.wildcard);
  return { route, prefix, suffix, names, regex: new RegExp(`^${prefixSource}(.+)${escapeRegExp(suffix)}$`) };
}

/**
 * The path parameter a refused path most likely faults: the first that is not valid
 * percent-encoding, else the longest. '' when the template has none.
 */
function offendingParameter(route: RouteDefinition, path: string): string {
  const names: string[] = [];
  const source = route.path
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const name = /^\{([^}]+)\}$/.exec(part)?.[1];
      if (name === undefined) return escapeRegExp(part);
      names.push(name);
      return name === route.wildcard ? '(.+)' : '([^/]+)';
    })
    .join('');
  const values = new RegExp(`^${source}$`).exec(path)?.slice(1) ?? [];
  const unreadable = values.findIndex((value) => {
    try {
      decodeURIComponent(value);
      return false;
    } catch {
      return true;
    }
  });
  if (unreadable >= 0) return names[unreadable] ?? '';
  let longest = 0;
  values.forEach((value, index) => {
    if (value.length > (values[longest]?.length ?? 0)) longest = index;
  });
  return names[longest] ?? '';
}

/** `text` as a regular expression that matches it literally. */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&');
}

const templatePatterns = new Map<string, RegExp>();

/** Whether a concrete path fits an OpenAPI path template (`/v1/databases/{name}`). */
/** How many segments of a path template are literal (not `{parameter}`). */
function literalSegments(template: string): number {
  return template.split('/').filter((segment) => segment !== '' && !segment.startsWith('{')).length;
}

export function templateMatches(template: string, path: string): boolean {
  let pattern = templatePatterns.get(template);
  if (!pattern) {
    const source = template
      .split(/\{[^}]+\}/)
      .map(escapeRegExp)
      .join('[^/]+');
    pattern = new RegExp(`^${source}$`);
    templatePatterns.set(template, pattern);
  }
  return pattern.test(path);
}

function matchMediaType(content: ContentSchemas, mediaType: string) {
  if (content[mediaType] !== undefined) return content[mediaType];
  const [type] = mediaType.split('/');
  return content[`${type}/*`] ?? content['*/*'];
}

function isBinarySchema(schema: JsonSchema): boolean {
  return typeof schema === 'object' && schema.type === 'string' && schema.format === 'binary';
}

function isJson(mediaType: string): boolean {
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

function defaultContentType(body: unknown): string {
  if (typeof body === 'string') return 'text/plain';
  if (body instanceof Uint8Array || body instanceof ReadableStream) return 'application/octet-stream';
  return 'application/json';
}

const encoder = new TextEncoder();

export function serialize(
  response: ApiResponse,
  stringify: (value: unknown) => string = JSON.stringify,
): SerializedResponse {
  const headers: Record<string, string> = { ...response.headers };
  let body: SerializedResponse['body'];
  if (response.body !== undefined) {
    const mediaType = response.contentType ?? defaultContentType(response.body);
    if (response.body instanceof Uint8Array || response.body instanceof ReadableStream) body = response.body;
    else if (typeof response.body === 'string' && !isJson(mediaType)) body = response.body;
    else body = stringify(response.body);
    headers['content-type'] = mediaType.startsWith('text/') ? `${mediaType}; charset=utf-8` : mediaType;
  }
  if (body instanceof ReadableStream) return { status: response.status, headers, body };
  if (response.status === 101 && response.upgrade !== undefined) {
    return { status: 101, headers, body: undefined, upgrade: response.upgrade };
  }
  const length = body === undefined ? 0 : typeof body === 'string' ? encoder.encode(body).byteLength : body.byteLength;
  // 1xx, 204 and 304 carry no body and, per RFC 9110, no Content-Length either.
  if (response.status >= 200 && response.status !== 204 && response.status !== 304) {
    headers['content-length'] = String(length);
  }
  return { status: response.status, headers, body };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The whole body of a serialized response as bytes, reading a stream to its end (for tests and in-process clients). */
export async function serializedBodyBytes(response: SerializedResponse): Promise<Uint8Array> {
  const { body } = response;
  if (body === undefined) return new Uint8Array();
  if (typeof body === 'string') return encoder.encode(body);
  if (body instanceof Uint8Array) return body;
  return new Uint8Array(await new Response(body).arrayBuffer());
}
