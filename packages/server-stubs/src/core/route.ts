/**
 * What the codegen emits for each operation of a spec: enough for an adapter to route a request,
 * validate it and (in test mode) validate the response, without reading the spec at run time.
 */
export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

/** A JSON Schema (draft 2020-12). `$ref`s point into the API's `SchemaDocument`. */
export type JsonSchema = { readonly [keyword: string]: unknown } | boolean;

/** Media type -> schema of the body, or `null` for a response without a body. */
export type ContentSchemas = { readonly [mediaType: string]: JsonSchema };

export interface RouteDefinition {
  readonly operationId: string;
  readonly method: HttpMethod;
  /** The OpenAPI path template, e.g. `/v1/databases/{databaseName}`. */
  readonly path: string;
  /**
   * The path parameter that spans slashes (`x-dbwire-spans-slashes` in the spec), if any: it is
   * the template's last parameter and matches the rest of the path up to the literal suffix after
   * it, so `/entries/{path}/upload` takes `/entries/a/b/upload` with `path` = `a/b`.
   */
  readonly wildcard?: string;
  /** Names of the security schemes that apply; empty for public operations. */
  readonly security: readonly string[];
  /**
   * The spec also allows the operation without credentials (`security: [{}, ...]`): the binding
   * still authenticates the request (it may mint an anonymous identity), but a missing token is
   * not an error in itself.
   */
  readonly authOptional?: boolean;
  /** One object schema per parameter location; header names are lower-case. */
  readonly parameters: {
    readonly path?: JsonSchema;
    readonly query?: JsonSchema;
    readonly header?: JsonSchema;
  };
  readonly requestBody: {
    readonly required: boolean;
    readonly content: ContentSchemas;
    /**
     * How a body without a `Content-Type`, or with one the operation does not declare, is read
     * (`x-dbwire-assumed-media-type` in the spec): for APIs whose clients send raw bytes or text
     * with no header (the `spacetime` CLI). Absent: such a body is refused as unsupported.
     */
    readonly assumedMediaType?: string;
  } | null;
  /** Status code (`200`, `4XX`, `default`) -> body schemas, or `null` when the response has no body. */
  readonly responses: { readonly [status: string]: ContentSchemas | null };
}

/** The spec's `components.schemas`, as one JSON Schema document the route schemas refer into. */
export interface SchemaDocument {
  readonly $id: string;
  readonly $defs: { readonly [name: string]: JsonSchema };
}

/** Everything the generator knows about one API. */
export interface ApiDefinition<Routes extends { readonly [operationId: string]: RouteDefinition }> {
  readonly id: string;
  readonly schemas: SchemaDocument;
  readonly routes: Routes;
}
