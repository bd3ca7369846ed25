import type { Namespace } from './generated/types.gen.js';

/**
 * Namespaces in the SDK are arrays of levels (`['accounting', 'tax']`), as in request and response
 * bodies. In a path or in the `parent` query parameter the spec wants each level percent-encoded
 * and the levels joined with `%1F`. The generated URL builder percent-encodes every path and query
 * value with `encodeURIComponent`, so this module hands it the levels joined with the raw unit
 * separator (U+001F): encoding that string yields exactly "each level encoded, joined with `%1F`",
 * and nothing is encoded twice (`a%b` travels as `a%25b`, not `a%2525b`).
 */

const UNIT_SEPARATOR = '\u001f';

/** The value to give the generated functions' `namespace` path parameter (or `parent` query). */
export function namespaceParam(namespace: Namespace): string {
  if (!Array.isArray(namespace) || namespace.length === 0) {
    throw new TypeError('An Iceberg namespace is a non-empty array of levels, such as ["accounting", "tax"].');
  }
  for (const level of namespace) {
    if (typeof level !== 'string') throw new TypeError(`A namespace level must be a string, not ${typeof level}.`);
    // The separator inside a level would split it in two on the server.
    if (level.includes(UNIT_SEPARATOR)) {
      throw new TypeError(`A namespace level may not contain the unit separator U+001F: ${JSON.stringify(level)}.`);
    }
  }
  return namespace.join(UNIT_SEPARATOR);
}

/** `['accounting', 'tax']` as it appears in a URL path: `accounting%1Ftax`. */
export function encodeNamespace(namespace: Namespace): string {
  return encodeURIComponent(namespaceParam(namespace));
}
