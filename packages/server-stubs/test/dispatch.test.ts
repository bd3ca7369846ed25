import { describe, expect, it } from 'vitest';
import {
  type ApiResponse,
  Dispatcher,
  type RawRequest,
  type RouteDefinition,
  serializedBodyBytes,
} from '../src/index.js';
import { fixtureBinding } from './fixture-api.js';

const auth = { authorization: 'Bearer good' };
const encoder = new TextEncoder();

/** The fixture API, its refusals carrying the dispatcher's message so tests can read the reason. */
function dispatcherFor(options: Parameters<typeof fixtureBinding>[0] = {}) {
  const fixture = fixtureBinding(options);
  fixture.binding.errors = {
    ...fixture.binding.errors,
    requestFailed: (failure) => ({
      status: failure.kind === 'too-large' ? 413 : 400,
      body: { code: failure.kind, message: failure.message },
    }),
  };
  const errors: unknown[] = [];
  const dispatcher = new Dispatcher(fixture.binding, {
    validateResponses: true,
    bodyLimit: 64 * 1024 * 1024,
    onError: (error) => errors.push(error),
  });
  return { ...fixture, dispatcher, errors };
}

function route(operationId: string): RouteDefinition {
  return fixtureBinding().binding.routes[operationId] as RouteDefinition;
}

function request(headers: Record<string, string>, body?: string | Uint8Array, params = { itemId: '5' }): RawRequest {
  return { params, query: {}, headers, body: typeof body === 'string' ? encoder.encode(body) : body };
}

async function answer(dispatcher: Dispatcher<{ user: string }>, operationId: string, raw: RawRequest) {
  const response = await dispatcher.dispatch(route(operationId), raw);
  const text = new TextDecoder().decode(await serializedBodyBytes(response));
  return { status: response.status, headers: response.headers, body: text === '' ? undefined : JSON.parse(text) };
}

const json = { ...auth, 'content-type': 'application/json' };

describe('dispatcher: hostile bodies', () => {
  for (const largeIntegers of ['number', 'bigint'] as const) {
    it(`refuses a body nested beyond 512 levels as malformed, without touching state (${largeIntegers})`, async () => {
      const { dispatcher, items, errors } = dispatcherFor({ largeIntegers });
      const deep = `{"name": "x", "size": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
      const refused = await answer(dispatcher, 'putItem', request(json, deep));
      expect(refused.status).toBe(400);
      expect(refused.body).toEqual({
        code: 'malformed-body',
        message: 'The request body is not valid JSON: arrays and objects are nested more than 512 levels deep',
      });
      expect(items.has(5)).toBe(false);
      expect(errors).toEqual([]);
      // 512 levels get through parsing and reach the validator (which refuses the shape).
      const allowed = `{"name": "x", "size": ${'['.repeat(511)}${']'.repeat(511)}}`;
      expect((await answer(dispatcher, 'putItem', request(json, allowed))).body).toMatchObject({
        code: 'invalid-body',
      });
    });
  }

  it('refuses an integer of millions of digits at once instead of converting it', async () => {
    const { dispatcher, items } = dispatcherFor({ largeIntegers: 'bigint' });
    const started = performance.now();
    const refused = await answer(dispatcher, 'putItem', request(json, `{"name":"x","size":${'7'.repeat(4_000_000)}}`));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/^The request body is not valid JSON: an integer has 4000000 digits/);
    expect(items.has(5)).toBe(false);
  });

  it('says a text body that is not UTF-8 is not valid UTF-8', async () => {
    const { dispatcher } = dispatcherFor();
    const bytes = new Uint8Array([0x68, 0x69, 0xff, 0xfe]);
    const refused = await answer(dispatcher, 'postNote', request({ 'content-type': 'text/plain' }, bytes, {} as never));
    expect(refused).toMatchObject({
      status: 400,
      body: { code: 'malformed-body', message: 'The request body is not valid UTF-8.' },
    });
    const jsonRefused = await answer(dispatcher, 'putItem', request(json, bytes));
    expect(jsonRefused.body).toEqual({ code: 'malformed-body', message: 'The request body is not valid UTF-8.' });
  });

  it('answers a handler value JSON cannot hold with the internal error, not a crash', async () => {
    const { binding, errors } = dispatcherFor();
    binding.handlers = { ...binding.handlers, getItem: () => ({ status: 200, body: { name: 'x', size: 1n } }) };
    const dispatcher = new Dispatcher(binding, { onError: (error) => errors.push(error) });
    const crashed = await answer(dispatcher, 'getItem', request(auth));
    expect(crashed).toMatchObject({ status: 500, body: { code: 'INTERNAL' } });
    expect(errors).toEqual([expect.any(TypeError)]);
  });
});

describe('dispatcher: responseHeaders', () => {
  function withCallerHeaders(handlers: Record<string, unknown> = {}) {
    const fixture = dispatcherFor();
    fixture.binding.handlers = { ...fixture.binding.handlers, ...handlers };
    fixture.binding.responseHeaders = (context: { user: string }, answered: RouteDefinition) => ({
      'x-caller': context.user,
      'x-operation': answered.operationId,
    });
    return { ...fixture, dispatcher: new Dispatcher(fixture.binding) };
  }
  const caller = { 'x-caller': 'ann', 'x-operation': expect.any(String) };

  it("adds the caller's headers to the handler's answers", async () => {
    const { dispatcher } = withCallerHeaders();
    const found = await answer(dispatcher, 'getItem', request(auth, undefined, { itemId: '1' }));
    expect(found).toMatchObject({ status: 200, headers: { 'x-caller': 'ann', 'x-operation': 'getItem' } });
    const missing = await answer(dispatcher, 'getItem', request(auth, undefined, { itemId: '9' }));
    expect(missing).toMatchObject({ status: 404, headers: caller });
  });

  it('adds them to refusals, 500s and 501s the dispatcher makes after authentication', async () => {
    const { dispatcher } = withCallerHeaders({
      deleteItem: () => {
        throw new Error('boom');
      },
      itemExists: undefined,
    });
    const invalidBody = await answer(dispatcher, 'putItem', request(json, '{"size": 1}'));
    expect(invalidBody).toMatchObject({ status: 400, body: { code: 'invalid-body' }, headers: caller });
    const malformed = await answer(dispatcher, 'putItem', request(json, '{'));
    expect(malformed).toMatchObject({ status: 400, body: { code: 'malformed-body' }, headers: caller });
    const wrongType = await answer(dispatcher, 'putItem', request({ ...auth, 'content-type': 'text/csv' }, 'a,b'));
    expect(wrongType).toMatchObject({ status: 400, body: { code: 'unsupported-media-type' }, headers: caller });
    const badParameter = await answer(dispatcher, 'getItem', request(auth, undefined, { itemId: 'zero' }));
    expect(badParameter).toMatchObject({ status: 400, headers: caller });
    const crashed = await answer(dispatcher, 'deleteItem', request(auth));
    expect(crashed).toMatchObject({ status: 500, body: { code: 'INTERNAL' }, headers: caller });
    const missingHandler = await answer(dispatcher, 'itemExists', request(auth));
    expect(missingHandler).toMatchObject({ status: 501, headers: caller });
  });

  it('leaves a header the answer already set as it is, whatever its case', async () => {
    const { dispatcher } = withCallerHeaders({
      getItem: (): ApiResponse => ({ status: 200, body: { name: 'x' }, headers: { 'X-Caller': 'handler' } }),
    });
    const found = await answer(dispatcher, 'getItem', request(auth));
    expect(found.headers['X-Caller']).toBe('handler');
    expect(found.headers['x-caller']).toBeUndefined();
    expect(found.headers['x-operation']).toBe('getItem');
  });

  it('adds nothing when authentication refuses, nor to operations without security', async () => {
    const { dispatcher } = withCallerHeaders();
    const refused = await answer(dispatcher, 'getItem', request({ authorization: 'Bearer bad' }));
    expect(refused.status).toBe(401);
    expect(refused.headers['x-caller']).toBeUndefined();
    const notes = await dispatcher.dispatch(route('getNotes'), request({}, undefined, {} as never));
    expect(notes.status).toBe(200);
    expect(notes.headers['x-caller']).toBeUndefined();
  });
});
