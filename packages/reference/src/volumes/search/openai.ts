import type { Embedder } from './types.js';
import { normalize } from './vectors.js';

export interface OpenAIEmbedderOptions {
  /** The API base, e.g. `https://api.openai.com/v1` or a local server's `/v1`; `/embeddings` is appended. */
  url: string;
  /** Sent as `Authorization: Bearer <apiKey>`; never included in error messages. */
  apiKey?: string;
  model: string;
  /** Requested from the endpoint (`dimensions` in the body) and checked in its answer. */
  dimensions?: number;
  /** Inputs per request (default 64). */
  batchSize?: number;
  /** Per request (default 30 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** The endpoint refused, failed or answered something that is not embeddings. */
export class EmbeddingError extends Error {
  override readonly name = 'EmbeddingError';
}

interface EmbeddingsAnswer {
  data?: Array<{ index?: unknown; embedding?: unknown }>;
}

/**
 * An `Embedder` over any OpenAI-compatible `POST {url}/embeddings` endpoint (OpenAI, Azure-style
 * proxies, Ollama, vLLM, llama.cpp's server): `{model, input: [...]}` in, `{data: [{index,
 * embedding}]}` out. Texts are sent in batches; vectors are normalised to unit length whatever the
 * endpoint answers. Every failure (network, timeout, non-2xx, malformed answer, wrong count or
 * length) rejects with an `EmbeddingError` that names the endpoint and the cause.
 */
export function createOpenAIEmbedder(options: OpenAIEmbedderOptions): Embedder {
  const endpoint = `${options.url.replace(/\/+$/, '')}/embeddings`;
  const batchSize = options.batchSize ?? 64;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  // Without configured dimensions the first answer fixes them; later answers must agree.
  let dimensions = options.dimensions ?? 0;

  async function embedBatch(input: string[]): Promise<Float32Array[]> {
    const body: Record<string, unknown> = { model: options.model, input };
    if (options.dimensions !== undefined) body.dimensions = options.dimensions;
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
    let response: Response;
    try {
      response = await doFetch(endpoint, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
    } catch (error) {
      throw new EmbeddingError(`Embedding endpoint ${endpoint} could not be reached: ${describe(error)}`, {
        cause: error,
      });
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) {
      throw new EmbeddingError(`Embedding endpoint ${endpoint} answered ${response.status}: ${errorMessage(text)}`);
    }
    let answer: EmbeddingsAnswer;
    try {
      answer = JSON.parse(text) as EmbeddingsAnswer;
    } catch {
      throw new EmbeddingError(
        `Embedding endpoint ${endpoint} answered ${response.status} with a body that is not JSON`,
      );
    }
    return readVectors(answer, input.length);
  }

  function readVectors(answer: EmbeddingsAnswer, expected: number): Float32Array[] {
    const malformed = (why: string) =>
      new EmbeddingError(`Embedding endpoint ${endpoint} answered malformed embeddings: ${why}`);
    if (!Array.isArray(answer?.data)) throw malformed('no `data` array');
    if (answer.data.length !== expected) throw malformed(`${answer.data.length} embeddings for ${expected} inputs`);
    const vectors: Float32Array[] = new Array(expected);
    answer.data.forEach((item, position) => {
      // `index` says which input an embedding belongs to; endpoints that omit it answer in order.
      const index = item?.index ?? position;
      if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= expected || vectors[index]) {
        throw malformed(`bad or repeated index ${JSON.stringify(index)}`);
      }
      const embedding = item.embedding;
      if (
        !Array.isArray(embedding) ||
        embedding.length === 0 ||
        !embedding.every((x) => typeof x === 'number' && Number.isFinite(x))
      ) {
        throw malformed(`embedding ${index} is not a non-empty array of numbers`);
      }
      if (dimensions === 0) dimensions = embedding.length;
      if (embedding.length !== dimensions)
        throw malformed(`embedding ${index} has ${embedding.length} dimensions, expected ${dimensions}`);
      vectors[index] = normalize(Float32Array.from(embedding as number[]));
    });
    return vectors;
  }

  return {
    model: options.model,
    get dimensions() {
      return dimensions;
    },
    async embed(texts) {
      const vectors: Float32Array[] = [];
      for (let start = 0; start < texts.length; start += batchSize) {
        vectors.push(...(await embedBatch(texts.slice(start, start + batchSize))));
      }
      return vectors;
    },
  };
}

/** The error's message from an OpenAI-style body (`{error: {message}}`), else the body's start. */
function errorMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } | string; message?: unknown };
    const message = typeof parsed.error === 'string' ? parsed.error : (parsed.error?.message ?? parsed.message);
    if (typeof message === 'string' && message) return message;
  } catch {
    // not JSON: fall through to the raw text
  }
  const trimmed = body.trim().slice(0, 200);
  return trimmed || '(empty body)';
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'timed out';
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}
