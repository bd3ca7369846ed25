import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parse } from 'yaml';

/**
 * The documented response examples of specs/typedb.yaml, with `$ref`s to `components.responses`
 * and `components.examples` resolved, for mocks that answer exactly what the spec shows.
 */
export interface ResponseExample {
  /** The example's name in the spec (`DBC1`), or `example` for a single inline one, `(no body)` for none. */
  name: string;
  /** The media type of the body; `undefined` when the response has none. */
  mediaType: string | undefined;
  value: unknown;
}

type Node = { readonly [key: string]: unknown };

const require = createRequire(import.meta.url);

let cached: Node | undefined;

/** The parsed spec (the `@dbwire/specs` package's typedb.yaml). */
export function typedbSpec(): Node {
  cached ??= parse(readFileSync(require.resolve('@dbwire/specs/typedb.yaml'), 'utf8')) as Node;
  return cached;
}

/** Follows `$ref`s (local JSON pointers only) until a plain node. */
export function resolveRef(node: unknown, spec: Node = typedbSpec()): unknown {
  let current = node;
  const seen = new Set<string>();
  while (isObject(current) && typeof current.$ref === 'string') {
    const ref = current.$ref;
    if (!ref.startsWith('#/')) throw new Error(`Only local $refs are supported: ${ref}`);
    if (seen.has(ref)) throw new Error(`Circular $ref: ${ref}`);
    seen.add(ref);
    current = ref
      .slice(2)
      .split('/')
      .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
      .reduce<unknown>((parent, key) => (isObject(parent) ? parent[key] : undefined), spec);
    if (current === undefined) throw new Error(`Unresolvable $ref: ${ref}`);
  }
  return current;
}

/** The operation object of `method path`. */
export function operationOf(path: string, method: string, spec: Node = typedbSpec()): Node {
  const paths = spec.paths as Node;
  const item = paths[path];
  const operation = isObject(item) ? item[method.toLowerCase()] : undefined;
  if (!isObject(operation)) throw new Error(`No operation ${method} ${path} in the spec.`);
  return operation;
}

/** The documented status codes of an operation, as strings (`200`, `404`). */
export function documentedStatuses(path: string, method: string): string[] {
  return Object.keys(operationOf(path, method).responses as Node);
}

/** Every example of one documented response; a response without content gives one `(no body)` entry. */
export function responseExamples(path: string, method: string, status: string): ResponseExample[] {
  const responses = operationOf(path, method).responses as Node;
  const response = resolveRef(responses[status]);
  if (!isObject(response)) throw new Error(`${method} ${path} documents no ${status} response.`);
  const content = response.content;
  if (!isObject(content)) return [{ name: '(no body)', mediaType: undefined, value: undefined }];
  const examples: ResponseExample[] = [];
  for (const [mediaType, media] of Object.entries(content)) {
    if (!isObject(media)) continue;
    if ('example' in media) examples.push({ name: 'example', mediaType, value: media.example });
    if (isObject(media.examples)) {
      for (const [name, example] of Object.entries(media.examples)) {
        const resolved = resolveRef(example);
        if (isObject(resolved) && 'value' in resolved) examples.push({ name, mediaType, value: resolved.value });
      }
    }
  }
  return examples;
}

function isObject(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
