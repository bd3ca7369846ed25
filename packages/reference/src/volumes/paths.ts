import { valueError } from '@dbwire/server-stubs/volumes';

const MAX_PATH = 1024;
const MAX_SEGMENT = 255;
/** C0 controls, DEL and C1 controls. */
function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** The route suffixes matched before the bare entry route (see the spec's Entry paths). */
const RESERVED_LAST = new Set(['upload', 'download']);

type Loc = ['path', 'path'] | ['query', 'path'];

function refuse(loc: Loc, input: string, reason: string): never {
  throw valueError(loc, input, reason);
}

/** Collapses runs of `/` and drops leading ones. */
function collapse(raw: string): string {
  return raw.replace(/\/{2,}/g, '/').replace(/^\//, '');
}

function checkSegments(loc: Loc, raw: string, path: string): void {
  if (hasControl(path)) refuse(loc, raw, 'the path contains a control character');
  if (LONE_SURROGATE.test(path)) refuse(loc, raw, 'the path is not well-formed Unicode');
  if (path.length > MAX_PATH) refuse(loc, raw, `the path is longer than ${MAX_PATH} characters`);
  for (const segment of path.split('/').filter((s) => s !== '')) {
    if (segment === '.' || segment === '..') refuse(loc, raw, `the path has a '${segment}' segment`);
    if (segment.length > MAX_SEGMENT) refuse(loc, raw, `a path segment is longer than ${MAX_SEGMENT} characters`);
  }
}

/**
 * An entry path from the URL, normalised (see the spec's Entry paths): a leading `/` dropped, `//`
 * collapsed; `.`/`..` segments, control characters, over-long paths and segments, and a trailing
 * `/` refused with a 422 at `["path", "path"]`. For writes, a last segment `upload` or `download`
 * is refused too, since such an entry could never be addressed again.
 */
export function entryPath(raw: string, purpose: 'read' | 'write'): string {
  const path = collapse(raw);
  checkSegments(['path', 'path'], raw, path);
  if (path === '') refuse(['path', 'path'], raw, 'the path is empty');
  if (path.endsWith('/')) refuse(['path', 'path'], raw, 'an entry path cannot end with "/"');
  if (purpose === 'write' && RESERVED_LAST.has(path.slice(path.lastIndexOf('/') + 1))) {
    refuse(['path', 'path'], raw, 'an entry path cannot end with the segment "upload" or "download"');
  }
  return path;
}

/** The directory `listEntries` names: `''` for the root, otherwise the prefix with a trailing `/` (`faq/`). */
export function directoryPath(raw: string | undefined): string {
  const path = collapse(raw ?? '');
  checkSegments(['query', 'path'], raw ?? '', path);
  return path === '' || path.endsWith('/') ? path : `${path}/`;
}

/** The last segment of a path: a downloaded file's name. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
