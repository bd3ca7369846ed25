import { icebergError } from '@dbwire/server-stubs/iceberg';
import type { Namespace, TableIdentifier } from './model.js';

/** The unit separator that joins namespace levels in paths and the `parent` parameter. */
const LEVEL_SEPARATOR = '\u001f';

/** The catalog of the unprefixed path family. */
export const DEFAULT_CATALOG = undefined;
export type CatalogName = string | undefined;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * A namespace from a path segment or `parent` parameter. The adapter has already percent-decoded
 * it once, so the levels are joined by a raw 0x1F.
 */
export function parseNamespacePath(text: string): Namespace {
  return checkNamespace(text.split(LEVEL_SEPARATOR));
}

/** Checks a namespace's levels (400 when one is empty, holds 0x1F or is not well-formed Unicode). */
export function checkNamespace(levels: Namespace): Namespace {
  if (levels.length === 0) throw badRequest('A namespace needs at least one level.');
  for (const level of levels) checkSegment(level, 'A namespace level');
  return levels;
}

/**
 * Checks a namespace level or a catalog prefix: a table name's rules, and no 0x1F, which joins
 * levels in paths (a prefix is one path segment beside them).
 */
export function checkSegment(name: string, what: string): string {
  if (name.includes(LEVEL_SEPARATOR)) throw badRequest(`${what} may not contain the unit separator 0x1F.`);
  return checkName(name, what);
}

/**
 * Checks a table name: non-empty and well-formed Unicode. 0x1F is allowed (the spec restricts only
 * namespace levels): a table name is a path segment of its own, never joined with others.
 */
function checkName(name: string, what = 'A table name'): string {
  if (name === '') throw badRequest(`${what} may not be empty.`);
  if (LONE_SURROGATE.test(name)) throw badRequest(`${what} is not well-formed Unicode.`);
  return name;
}

export function checkIdentifier(identifier: TableIdentifier): TableIdentifier {
  return { namespace: checkNamespace(identifier.namespace), name: checkName(identifier.name) };
}

/** `a.b` for messages. */
export function showNamespace(namespace: Namespace): string {
  return namespace.join('.');
}

export function showTable(identifier: TableIdentifier): string {
  return `${showNamespace(identifier.namespace)}.${identifier.name}`;
}

/**
 * Storage keys, per catalog. Names are percent-encoded, so `/` (between levels) and `:` (before a
 * table name) never occur inside one: a namespace's direct children are the keys under
 * `<namespace>/` without a further `/`, and its tables the keys under `<namespace>:`.
 */
export class CatalogKeys {
  readonly root: string;

  constructor(catalog: CatalogName) {
    // `:` is percent-encoded in every prefix, so no prefix can name the default catalog's segment.
    this.root = `iceberg/${catalog === undefined ? ':default' : encodeURIComponent(catalog)}/`;
  }

  namespace(namespace: Namespace): string {
    return `${this.root}namespaces/${encodePath(namespace)}`;
  }

  /** The prefix of every namespace directly or indirectly below `parent` (all namespaces without it). */
  namespacesBelow(parent: Namespace | undefined): string {
    return parent === undefined ? `${this.root}namespaces/` : `${this.namespace(parent)}/`;
  }

  table(identifier: TableIdentifier): string {
    return `${this.tablesOf(identifier.namespace)}${encodeURIComponent(identifier.name)}`;
  }

  tablesOf(namespace: Namespace): string {
    return `${this.root}tables/${encodePath(namespace)}:`;
  }

  /** The levels of a namespace key. */
  namespaceOf(key: string): Namespace {
    return key.slice(`${this.root}namespaces/`.length).split('/').map(decodeURIComponent);
  }

  /** The table name of a table key. */
  tableNameOf(key: string): string {
    return decodeURIComponent(key.slice(key.lastIndexOf(':') + 1));
  }
}

function encodePath(namespace: Namespace): string {
  return namespace.map(encodeURIComponent).join('/');
}

function badRequest(message: string) {
  return icebergError(400, 'BadRequestException', message);
}
