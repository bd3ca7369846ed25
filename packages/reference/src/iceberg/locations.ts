import { base64url, sha256 } from '../shared/crypto.js';
import { trimLocation } from './files.js';
import type { TableIdentifier } from './model.js';
import type { CatalogName } from './names.js';

/**
 * A new table's root: `<warehouse>[/<catalog>]/<namespace levels>/<name>`. Each segment is
 * percent-encoded, so a name such as `..` or `a/b` can never point outside the warehouse.
 */
export function defaultTableLocation(warehouse: string, catalog: CatalogName, identifier: TableIdentifier): string {
  const segments = [...(catalog === undefined ? [] : [catalog]), ...identifier.namespace, identifier.name];
  return [trimLocation(warehouse), ...segments.map(encodeSegment)].join('/');
}

function encodeSegment(segment: string): string {
  const encoded = encodeURIComponent(segment);
  return encoded === '.' || encoded === '..' ? encoded.replace(/\./g, '%2E') : encoded;
}

const VERSIONED = /\/(\d+)-[^/]*\.metadata\.json$/;

/**
 * The metadata file of the next version: `<location>/metadata/<NNNNN>-<uuid>.metadata.json`, the
 * number one above the previous file's (00000 for a new table, and after a registered file whose
 * name carries no number), as the Java catalogs number them.
 */
export function nextMetadataLocation(tableLocation: string, previous: string | undefined, uuid: string): string {
  const match = previous === undefined ? null : VERSIONED.exec(previous);
  const version = match ? Number(match[1]) + 1 : 0;
  return `${trimLocation(tableLocation)}/metadata/${String(version).padStart(5, '0')}-${uuid}.metadata.json`;
}

export type SnapshotsMode = 'all' | 'refs';

/** The `ETag` of a table-metadata answer: one per metadata file and `snapshots` mode. */
export async function etagOf(metadataLocation: string, mode: SnapshotsMode): Promise<string> {
  return `"${base64url((await sha256(`${mode}\n${metadataLocation}`)).slice(0, 18))}"`;
}

/** Whether an `If-None-Match` header names `etag` (a list of tags, weak ones and `*` included). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}
