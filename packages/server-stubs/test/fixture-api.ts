import type { ApiBinding, ApiResponse, RouteDefinition } from '../src/index.js';

/** A tiny API in the shape the codegen emits, to test the adapters apart from any real spec. */
const error = { $ref: 'urn:dbwire:fixture#/$defs/Error' };
const routes = {
  getItem: {
    operationId: 'getItem',
    method: 'GET',
    path: '/items/{itemId}',
    security: ['bearer'],
    parameters: {
      path: { type: 'object', properties: { itemId: { type: 'integer', minimum: 1 } }, required: ['itemId'] },
      query: { type: 'object', properties: { verbose: { type: 'boolean' } }, required: [] },
    },
    requestBody: null,
    responses: {
      '200': { 'application/json': { $ref: 'urn:dbwire:fixture#/$defs/Item' } },
      '400': { 'application/json': error },
      '401': { 'application/json': error },
      '404': { 'application/json': error },
    },
  },
  putItem: {
    operationId: 'putItem',
    method: 'PUT',
    path: '/items/{itemId}',
    security: ['bearer'],
    parameters: { path: { type: 'object', properties: { itemId: { type: 'integer' } }, required: ['itemId'] } },
    requestBody: { required: true, content: { 'application/json': { $ref: 'urn:dbwire:fixture#/$defs/Item' } } },
    responses: { '200': null, '400': { 'application/json': error }, '401': { 'application/json': error } },
  },
  itemExists: {
    operationId: 'itemExists',
    method: 'HEAD',
    path: '/items/{itemId}',
    security: ['bearer'],
    parameters: { path: { type: 'object', properties: { itemId: { type: 'integer' } }, required: ['itemId'] } },
    requestBody: null,
    responses: { '204': null, '401': null, '404': null },
  },
  deleteItem: {
    operationId: 'deleteItem',
    method: 'DELETE',
    path: '/items/{itemId}',
    security: ['bearer'],
    parameters: { path: { type: 'object', properties: { itemId: { type: 'integer' } }, required: ['itemId'] } },
    requestBody: null,
    responses: { '200': null },
  },
  getNotes: {
    operationId: 'getNotes',
    method: 'GET',
    path: '/notes',
    security: [],
    parameters: {},
    requestBody: null,
    responses: { '200': { 'text/plain': { type: 'string' } } },
  },
  readFile: {
    operationId: 'readFile',
    method: 'GET',
    path: '/files/{path}',
    wildcard: 'path',
    security: [],
    parameters: { path: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } },
    requestBody: null,
    responses: { '200': { 'application/json': { type: 'object' } } },
  },
  readFileMeta: {
    operationId: 'readFileMeta',
    method: 'GET',
    path: '/files/{path}/meta',
    wildcard: 'path',
    security: [],
    parameters: { path: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } },
    requestBody: null,
    responses: { '200': { 'application/json': { type: 'object' } } },
  },
  uploadFile: {
    operationId: 'uploadFile',
    method: 'POST',
    path: '/files/{path}/upload',
    wildcard: 'path',
    security: [],
    parameters: { path: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } },
    requestBody: {
      required: true,
      content: {
        'multipart/form-data': {
          type: 'object',
          required: ['file'],
          properties: { file: { type: 'string', format: 'binary' }, copies: { type: 'integer', minimum: 1 } },
        },
      },
    },
    responses: { '200': { 'application/json': { type: 'object' } }, '400': { 'application/json': error } },
  },
  putBlob: {
    operationId: 'putBlob',
    method: 'PUT',
    path: '/blobs',
    security: [],
    parameters: {},
    requestBody: {
      required: true,
      assumedMediaType: 'application/octet-stream',
      content: { 'application/octet-stream': { type: 'string', format: 'binary' } },
    },
    responses: { '200': { 'application/json': { type: 'object' } }, '400': { 'application/json': error } },
  },
  postNote: {
    operationId: 'postNote',
    method: 'POST',
    path: '/notes',
    security: [],
    parameters: {},
    requestBody: { required: true, content: { 'text/plain': { type: 'string', minLength: 1 } } },
    responses: { '200': { 'application/json': { type: 'object' } }, '400': { 'application/json': error } },
  },
  streamNotes: {
    operationId: 'streamNotes',
    method: 'GET',
    path: '/notes/stream',
    security: [],
    parameters: { query: { type: 'object', properties: { quiet: { type: 'string' } }, required: [] } },
    requestBody: null,
    responses: { '200': { 'application/x-ndjson': { type: 'string' } } },
  },
  unimplemented: {
    operationId: 'unimplemented',
    method: 'POST',
    path: '/later',
    security: [],
    parameters: {},
    requestBody: null,
    responses: { '200': null },
  },
} satisfies Record<string, RouteDefinition>;

export const fixtureSchemas = {
  $id: 'urn:dbwire:fixture',
  $defs: {
    Item: {
      type: 'object',
      required: ['name'],
      properties: { name: { type: 'string' }, size: { type: ['integer', 'null'] } },
    },
    Error: { type: 'object', required: ['code'], properties: { code: { type: 'string' } } },
  },
};

export interface Calls {
  received: Array<{ operationId: string; request: unknown }>;
}

/** The fixture API with handlers; `items` is its state. `answerUndocumented` makes getItem misbehave. */
export function fixtureBinding(options: { answerUndocumented?: boolean; largeIntegers?: 'number' | 'bigint' } = {}) {
  const items = new Map<number, unknown>([[1, { name: 'one', size: 1 }]]);
  const calls: Calls = { received: [] };
  const fail = (status: number, code: string): ApiResponse => ({ status, body: { code } });
  const binding: ApiBinding<{ user: string }> = {
    id: 'fixture',
    schemas: fixtureSchemas,
    routes,
    publicContext: { user: 'anonymous' },
    largeIntegers: options.largeIntegers,
    async authenticate({ headers }) {
      if (headers.authorization !== 'Bearer good') return { response: fail(401, 'AUTH') };
      return { context: { user: 'ann' } };
    },
    errors: {
      requestFailed: (failure) => fail(failure.kind === 'too-large' ? 413 : 400, failure.kind),
      notImplemented: () => fail(501, 'NOT_IMPLEMENTED'),
      internalError: () => fail(500, 'INTERNAL'),
      notFound: () => ({ status: 404 }),
    },
    handlers: {
      getItem(request: { params: { itemId: number }; query: { verbose?: boolean } }) {
        calls.received.push({ operationId: 'getItem', request });
        if (options.answerUndocumented) return { status: 418, body: { code: 'TEAPOT' } };
        const item = items.get(request.params.itemId);
        return item ? { status: 200, body: item } : fail(404, 'MISSING');
      },
      putItem(request: { params: { itemId: number }; body: unknown }) {
        calls.received.push({ operationId: 'putItem', request });
        items.set(request.params.itemId, request.body);
        return { status: 200 };
      },
      itemExists(request: { params: { itemId: number } }) {
        return { status: items.has(request.params.itemId) ? 204 : 404 };
      },
      deleteItem(request: { params: { itemId: number } }) {
        calls.received.push({ operationId: 'deleteItem', request });
        items.delete(request.params.itemId);
        return { status: 200 };
      },
      readFile(request: { params: { path: string } }) {
        return { status: 200, body: { read: request.params.path } };
      },
      readFileMeta(request: { params: { path: string } }) {
        return { status: 200, body: { meta: request.params.path } };
      },
      async uploadFile(request: { params: { path: string }; body: { file: File; copies?: number } }) {
        const { file, copies } = request.body;
        const text = await file.text();
        return { status: 200, body: { path: request.params.path, name: file.name, type: file.type, text, copies } };
      },
      putBlob(request: { body: Uint8Array }) {
        const bytes = request.body;
        return { status: 200, body: { binary: bytes instanceof Uint8Array, bytes: [...bytes] } };
      },
      postNote(request: { body: string }) {
        return { status: 200, body: { text: request.body } };
      },
      streamNotes(request: { query: { quiet?: string } }) {
        // `quiet`: a stream that sends nothing until cancelled.
        const lines = request.query.quiet === undefined ? ['{"n":1}\n', '{"n":2}\n'] : [];
        const encoder = new TextEncoder();
        const body = new ReadableStream<Uint8Array>({
          pull(controller) {
            const line = lines.shift();
            if (line === undefined && request.query.quiet !== undefined) return new Promise<void>(() => {});
            if (line === undefined) controller.close();
            else controller.enqueue(encoder.encode(line));
          },
        });
        return { status: 200, body, contentType: 'application/x-ndjson' };
      },
      getNotes() {
        return { status: 200, body: 'plain words', contentType: 'text/plain' };
      },
    },
  };
  return { binding, items, calls };
}
