import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import {
  createHashingEmbedder,
  createOpenAIEmbedder,
  EmbeddingError,
  HASHING_MODEL,
} from '../../../src/volumes/search/index.js';
import { dot } from '../../../src/volumes/search/vectors.js';
import { setup, textEntry } from './helpers.js';

describe('hashing embedder', () => {
  test('deterministic, unit length, the requested dimensions', async () => {
    const embedder = createHashingEmbedder();
    expect(embedder).toMatchObject({ model: HASHING_MODEL, dimensions: 256 });
    const [a, b] = await embedder.embed(['Refunds within 14 days', 'Refunds within 14 days']);
    expect(a).toEqual(b);
    expect(a?.length).toBe(256);
    expect(dot(a as Float32Array, a as Float32Array)).toBeCloseTo(1, 5);
    expect((await createHashingEmbedder(64).embed(['x']))[0]?.length).toBe(64);
    expect(() => createHashingEmbedder(0)).toThrow(RangeError);
  });

  test('the same vector on every run: a fixed fingerprint', async () => {
    const [vector] = await createHashingEmbedder(8).embed(['How do refunds work?']);
    // Pinned so that a change to the features or the hash (which would reorder every stored index) is seen.
    expect(Array.from(vector as Float32Array, (x) => Math.round(x * 1e4) / 1e4)).toMatchInlineSnapshot(`
      [
        -0.3952,
        0.367,
        -0.1976,
        0.3952,
        -0.3952,
        0.1976,
        -0.5646,
        0,
      ]
    `);
  });

  test('lexical: shared words and word forms are close, unrelated texts are not, synonyms are not either', async () => {
    const embedder = createHashingEmbedder();
    const [refund, refunds, berlin, reimbursement] = await embedder.embed([
      'how do I get a refund',
      'refunds are issued within 14 days',
      'the Berlin office opens at nine',
      'reimbursement',
    ]);
    const near = dot(refund as Float32Array, refunds as Float32Array);
    expect(near).toBeGreaterThan(0.2);
    expect(Math.abs(dot(refund as Float32Array, berlin as Float32Array))).toBeLessThan(near / 2);
    expect(Math.abs(dot(refund as Float32Array, reimbursement as Float32Array))).toBeLessThan(near / 2);
  });

  test('case, accents in composed or decomposed form, and punctuation do not matter', async () => {
    const [a, b] = await createHashingEmbedder().embed(['Café, RÉSUMÉ!', 'cafe\u0301 re\u0301sume\u0301']);
    expect(dot(a as Float32Array, b as Float32Array)).toBeCloseTo(1, 5);
  });

  test('a text without features (only stop words or punctuation) is the zero vector', async () => {
    const [vector] = await createHashingEmbedder().embed(['the of and ...']);
    expect(Array.from(vector as Float32Array).every((x) => x === 0)).toBe(true);
  });
});

interface Received {
  authorization: string | undefined;
  body: { model: string; input: string[]; dimensions?: number };
}

/** A tiny OpenAI-compatible embeddings endpoint: vectors from the hashing embedder, or scripted failures. */
async function fakeEndpoint(
  answer: (received: Received, response: ServerResponse) => Promise<void> | void = defaultAnswer,
): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      text += chunk;
    });
    request.on('end', async () => {
      if (request.method !== 'POST' || request.url !== '/v1/embeddings') {
        response.writeHead(404).end();
        return;
      }
      const entry = { authorization: request.headers.authorization, body: JSON.parse(text) };
      received.push(entry);
      await answer(entry, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function defaultAnswer(received: Received, response: ServerResponse): Promise<void> {
  const vectors = await createHashingEmbedder(received.body.dimensions ?? 16).embed(received.body.input);
  // Answered in reverse order with explicit indexes, and not normalised (scaled by 3).
  const data = vectors
    .map((vector, index) => ({ object: 'embedding', index, embedding: Array.from(vector, (x) => x * 3) }))
    .reverse();
  json(response, 200, {
    object: 'list',
    data,
    model: received.body.model,
    usage: { prompt_tokens: 1, total_tokens: 1 },
  });
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

describe('OpenAI-compatible embedder', () => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });
  async function endpoint(answer?: Parameters<typeof fakeEndpoint>[0]) {
    const fake = await fakeEndpoint(answer);
    closers.push(fake.close);
    return fake;
  }

  test('POSTs {model, input} to {url}/embeddings with the bearer key, in batches, and answers unit vectors in input order', async () => {
    const fake = await endpoint();
    const embedder = createOpenAIEmbedder({
      url: `${fake.url}/`,
      apiKey: 'sk-test',
      model: 'text-embedding-3-small',
      batchSize: 2,
    });
    expect(embedder.model).toBe('text-embedding-3-small');
    expect(embedder.dimensions).toBe(0); // learnt from the first answer
    const texts = ['refunds', 'shipping', 'passwords', 'kubernetes', 'lisbon'];
    const vectors = await embedder.embed(texts);
    expect(fake.received.map((r) => r.body)).toEqual([
      { model: 'text-embedding-3-small', input: ['refunds', 'shipping'] },
      { model: 'text-embedding-3-small', input: ['passwords', 'kubernetes'] },
      { model: 'text-embedding-3-small', input: ['lisbon'] },
    ]);
    expect(fake.received.every((r) => r.authorization === 'Bearer sk-test')).toBe(true);
    expect(embedder.dimensions).toBe(16);
    const expected = await createHashingEmbedder(16).embed(texts);
    for (const [i, vector] of vectors.entries()) {
      expect(dot(vector, vector)).toBeCloseTo(1, 5);
      expect(dot(vector, expected[i] as Float32Array)).toBeCloseTo(1, 5);
    }
    expect(await embedder.embed([])).toEqual([]);
    expect(fake.received).toHaveLength(3);
  });

  test('sends configured dimensions and no authorization without a key', async () => {
    const fake = await endpoint();
    const embedder = createOpenAIEmbedder({ url: fake.url, model: 'm', dimensions: 32 });
    expect(embedder.dimensions).toBe(32);
    expect((await embedder.embed(['a']))[0]?.length).toBe(32);
    expect(fake.received[0]).toEqual({ authorization: undefined, body: { model: 'm', input: ['a'], dimensions: 32 } });
  });

  test.each([
    [
      "a refusal, with the endpoint's message",
      (_: Received, response: ServerResponse) =>
        json(response, 401, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } }),
      /answered 401: Incorrect API key provided/,
    ],
    [
      'a server error with a plain body',
      (_: Received, r: ServerResponse) => void r.writeHead(503).end('overloaded'),
      /answered 503: overloaded/,
    ],
    ['a body that is not JSON', (_: Received, r: ServerResponse) => void r.writeHead(200).end('<html>'), /not JSON/],
    [
      'no data',
      (_: Received, r: ServerResponse) => json(r, 200, { object: 'list' }),
      /malformed embeddings: no `data` array/,
    ],
    [
      'too few embeddings',
      (_: Received, r: ServerResponse) => json(r, 200, { data: [{ index: 0, embedding: [1, 0] }] }),
      /malformed embeddings: 1 embeddings for 2 inputs/,
    ],
    [
      'embeddings of different lengths',
      (_: Received, r: ServerResponse) =>
        json(r, 200, {
          data: [
            { index: 0, embedding: [1, 0] },
            { index: 1, embedding: [1, 0, 0] },
          ],
        }),
      /embedding 1 has 3 dimensions, expected 2/,
    ],
    [
      'a repeated index',
      (_: Received, r: ServerResponse) =>
        json(r, 200, {
          data: [
            { index: 0, embedding: [1, 0] },
            { index: 0, embedding: [0, 1] },
          ],
        }),
      /bad or repeated index 0/,
    ],
    [
      'numbers that are not numbers',
      (_: Received, r: ServerResponse) =>
        json(r, 200, {
          data: [
            { index: 0, embedding: ['1'] },
            { index: 1, embedding: [1] },
          ],
        }),
      /embedding 0 is not a non-empty array of numbers/,
    ],
  ])('%s rejects with an EmbeddingError naming the endpoint', async (_name, answer, message) => {
    const fake = await endpoint(answer);
    const embedder = createOpenAIEmbedder({ url: fake.url, apiKey: 'sk-secret', model: 'm' });
    const error = await embedder.embed(['a', 'b']).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EmbeddingError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain(`${fake.url}/embeddings`);
    expect((error as Error).message).not.toContain('sk-secret');
  });

  test('an unreachable endpoint and a timeout reject with an EmbeddingError', async () => {
    const fake = await endpoint();
    const url = fake.url;
    await fake.close();
    closers.pop();
    await expect(createOpenAIEmbedder({ url, model: 'm' }).embed(['a'])).rejects.toThrow(/could not be reached/);

    const slow = await endpoint(() => new Promise(() => {}));
    await expect(createOpenAIEmbedder({ url: slow.url, model: 'm', timeoutMs: 100 }).embed(['a'])).rejects.toThrow(
      /could not be reached: timed out/,
    );
  });

  test('behind the index: entries written while the endpoint fails are recorded as not indexed, and searches reject', async () => {
    let down = false;
    const fake = await endpoint((received, response) =>
      down ? json(response, 500, { error: 'boom' }) : defaultAnswer(received, response),
    );
    const { index, storage, store, support } = setup({
      embedder: createOpenAIEmbedder({ url: fake.url, model: 'm', dimensions: 64 }),
    });
    expect(await store.write(support, textEntry('a.txt', 'refunds within 14 days'))).toMatchObject({
      is_indexed: true,
      total_chunks: 1,
    });
    down = true;
    const failed = await store.write(support, textEntry('b.txt', 'shipping to Rotterdam'));
    expect(failed).toMatchObject({ is_indexed: false, total_chunks: 0 });
    expect(failed.error).toMatch(/answered 500: boom/);
    await expect(index.search(storage, [support], { query: 'refunds' }, store.isLive)).rejects.toThrow(EmbeddingError);
    down = false;
    const { results } = await index.search(storage, [support], { query: 'refunds within 14 days' }, store.isLive);
    expect(results.map((r) => [r.path, r.score])).toEqual([['a.txt', 1]]);
  });
});
