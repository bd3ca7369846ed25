import type { RouteDefinition } from '@dbwire/server-stubs';

/**
 * A path parameter value the API profile makes right before the request and disposes of right
 * after: a resource that must exist for the request and should not outlive it (a fresh
 * transaction), or a name nobody has yet.
 */
export class Fresh {
  constructor(
    readonly kind: string,
    readonly variant = '',
  ) {}

  toString(): string {
    return `<fresh ${this.kind}${this.variant ? ` (${this.variant})` : ''}>`;
  }

  toJSON(): string {
    return this.toString();
  }
}

export type PathValue = string | Fresh;

export type BodySpec =
  /** Serialized with JSON.stringify; `Content-Type` defaults to `application/json`. */
  | { kind: 'json'; value: unknown; contentType?: string }
  /** Sent as is (malformed JSON, plain text). `contentType` undefined sends none. */
  | { kind: 'raw'; text: string; contentType: string | undefined }
  /** Sent as `multipart/form-data` (the boundary chosen by fetch): text fields and file parts. */
  | { kind: 'form'; fields: Record<string, string | FilePart> }
  /** Binary bytes sent as is (a WebAssembly module). `contentType` undefined sends none. */
  | { kind: 'bytes'; bytes: Uint8Array; contentType: string | undefined }
  | { kind: 'none' };

/** A file part of a multipart body. */
export interface FilePart {
  file: Uint8Array;
  name: string;
  type: string;
}

/** The parts as a `FormData` (file parts as `File`s), for fetch to encode. */
export function formData(fields: Record<string, string | FilePart>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'string') form.append(name, value);
    else form.append(name, new File([value.file as Uint8Array<ArrayBuffer>], value.name, { type: value.type }));
  }
  return form;
}

export type AuthSpec =
  /** The session's token. */
  | { kind: 'token' }
  /** No `Authorization` header. */
  | { kind: 'none' }
  /** This exact `Authorization` header. */
  | { kind: 'header'; value: string };

export interface RequestCase {
  /** positive: valid by the schema; negative: broken on purpose; auth: valid but with bad credentials. */
  kind: 'positive' | 'negative' | 'auth';
  /** What the case does differently (for negative and auth cases): shown in failure reports. */
  label: string;
  path: Record<string, PathValue>;
  query: Record<string, string>;
  body: BodySpec;
  auth: AuthSpec;
}

export interface SentRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** Text, bytes, or a multipart form (fetch sets its Content-Type with the boundary). */
  body: string | Uint8Array | FormData | undefined;
}

export interface ReceivedResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** The media type without parameters, lower-case; undefined when the header is absent. */
  mediaType: string | undefined;
  text: string;
}

/** One request of a check and what came back. */
export interface Exchange {
  operationId: string;
  case: RequestCase;
  request: SentRequest;
  response: ReceivedResponse | undefined;
  /** Why there is no response (connection refused, timeout). */
  error: string | undefined;
  /** Path parameters as sent (fresh resources materialized). */
  pathValues: Record<string, string>;
}

export const REQUEST_TIMEOUT_MS = 15_000;

/** Fills the route's path template (values percent-encoded) and appends the query. */
export function buildUrl(
  baseUrl: string,
  route: RouteDefinition,
  path: Record<string, string>,
  query: Record<string, string>,
): string {
  const filled = route.path.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    const value = path[name];
    if (value === undefined) throw new Error(`${route.operationId}: no value for path parameter '${name}'.`);
    return encodeURIComponent(value);
  });
  const search = new URLSearchParams(query).toString();
  return `${baseUrl}${filled}${search ? `?${search}` : ''}`;
}

export function buildRequest(
  baseUrl: string,
  route: RouteDefinition,
  requestCase: RequestCase,
  path: Record<string, string>,
  token: string | undefined,
): SentRequest {
  const headers: Record<string, string> = { accept: '*/*' };
  const auth = requestCase.auth;
  if (auth.kind === 'token' && token !== undefined) headers.authorization = `Bearer ${token}`;
  if (auth.kind === 'header') headers.authorization = auth.value;
  let body: string | Uint8Array | FormData | undefined;
  const spec = requestCase.body;
  if (spec.kind === 'json') {
    body = JSON.stringify(spec.value);
    headers['content-type'] = spec.contentType ?? 'application/json';
  } else if (spec.kind === 'raw') {
    body = spec.text;
    if (spec.contentType !== undefined) headers['content-type'] = spec.contentType;
  } else if (spec.kind === 'form') {
    body = formData(spec.fields);
  } else if (spec.kind === 'bytes') {
    body = spec.bytes;
    if (spec.contentType !== undefined) headers['content-type'] = spec.contentType;
  }
  return { method: route.method, url: buildUrl(baseUrl, route, path, requestCase.query), headers, body };
}

/** Sends the request; network failures and timeouts come back as `error`, never as a throw. */
export async function send(
  request: SentRequest,
): Promise<{ response: ReceivedResponse | undefined; error: string | undefined }> {
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: bodyInit(request),
      redirect: 'manual',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    const mediaType = headers['content-type']?.split(';')[0]?.trim().toLowerCase() || undefined;
    return { response: { status: response.status, headers, mediaType, text }, error: undefined };
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return { response: undefined, error: `${error instanceof Error ? error.message : String(error)}${cause}` };
  }
}

const encoder = new TextEncoder();

/**
 * The body as fetch should send it. fetch gives a string body `Content-Type: text/plain;charset=UTF-8`
 * when the request has none, so a case that sends text without a Content-Type (JSON without its
 * header) would not be what it says: such text goes out as bytes, which get no Content-Type.
 */
function bodyInit(request: SentRequest): BodyInit | undefined {
  const hasContentType = Object.keys(request.headers).some((name) => name.toLowerCase() === 'content-type');
  if (typeof request.body === 'string' && !hasContentType) return encoder.encode(request.body);
  return request.body as BodyInit | undefined;
}

const MAX_BODY_SHOWN = 600;

/**
 * The exchange as text for a failure report: the request as a curl command (the session token
 * replaced by `$TOKEN`, so reports can be shared) and the response's status, type and body.
 */
export function describeExchange(exchange: Exchange, token: string | undefined): string {
  const { request, response } = exchange;
  const mask = (text: string) => (token ? text.split(token).join('$TOKEN') : text);
  const parts = [`curl -i -X ${request.method} ${shellQuote(request.url)}`];
  for (const [name, value] of Object.entries(request.headers)) {
    if (name === 'accept') continue;
    parts.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  }
  if (typeof request.body === 'string') parts.push(`--data-raw ${shellQuote(truncate(request.body))}`);
  else if (request.body instanceof Uint8Array) parts.push(`--data-binary @body.bin (${request.body.length} bytes)`);
  else if (request.body !== undefined) parts.push(...formArguments(request.body));
  const lines = [`  request:  ${mask(parts.join(' '))}`];
  if (response === undefined) {
    lines.push(`  response: none (${exchange.error ?? 'unknown error'})`);
  } else {
    const type = response.headers['content-type'] ?? 'no Content-Type';
    lines.push(`  response: ${response.status}, ${type}, ${response.text.length} characters`);
    if (response.text.length > 0) lines.push(`  body:     ${mask(truncate(response.text))}`);
  }
  return lines.join('\n');
}

/** curl's `-F` arguments for a form (file parts by name, type and size: their bytes are not shown). */
function formArguments(form: FormData): string[] {
  const parts: string[] = [];
  form.forEach((value, name) => {
    const shown =
      typeof value === 'string'
        ? `${name}=${truncate(value)}`
        : `${name}=@${value.name || 'file'};type=${value.type || 'application/octet-stream'} (${value.size} bytes)`;
    parts.push(`-F ${shellQuote(shown)}`);
  });
  return parts;
}

function truncate(text: string): string {
  return text.length <= MAX_BODY_SHOWN ? text : `${text.slice(0, MAX_BODY_SHOWN)}… (${text.length} characters)`;
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
