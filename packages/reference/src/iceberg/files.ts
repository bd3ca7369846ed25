/**
 * Where table metadata files are written and read. The catalog's state lives on the storage
 * engine; files are what clients (pyiceberg, the Java client) and `registerTable` read, so a
 * server with a local warehouse writes them too. This package stays runtime-neutral: the server
 * injects an implementation (apps/reference-server has the Node one for `file:` locations).
 */
export interface MetadataFiles {
  /** Whether `location` (a table location or file URI) is one this implementation can reach. */
  handles(location: string): boolean;
  /** Writes `text` to the file at `location`, creating its directories. */
  write(location: string, text: string): Promise<void>;
  /** The file's text, or `undefined` when there is no such file. */
  read(location: string): Promise<string | undefined>;
  /** Whether the file exists. */
  exists(location: string): Promise<boolean>;
  /** Deletes one file; a missing file is no error. */
  delete(location: string): Promise<void>;
  /** Deletes the directory `location` and everything under it; a missing one is no error. */
  deleteTree(location: string): Promise<void>;
}

/** `location` without trailing slashes (so `<location>/metadata/...` has exactly one). */
export function trimLocation(location: string): string {
  return location.replace(/\/+$/, '');
}

/**
 * Whether `location` lies strictly inside `root` (both URIs or paths of the same form). Purging a
 * table deletes its whole directory only then, so a table whose location was set to `/` or to the
 * warehouse itself can never take other tables' files with it.
 */
export function isStrictlyInside(location: string, root: string): boolean {
  const base = `${trimLocation(root)}/`;
  const path = trimLocation(location);
  if (!path.startsWith(base) || path.length === base.length) return false;
  return !path
    .slice(base.length)
    .split('/')
    .some((segment) => segment === '..' || segment === '.' || segment === '');
}
