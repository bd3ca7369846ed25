import { access, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { MetadataFiles } from '@dbwire/reference/iceberg';

/** A `file:` URI (`file:///a`, or `file:/a` as the Java client writes it) or an absolute path as a local path. */
function localPath(location: string): string | undefined {
  if (location.startsWith('file:')) {
    try {
      return fileURLToPath(new URL(location));
    } catch {
      return undefined;
    }
  }
  return isAbsolute(location) ? location : undefined;
}

/**
 * Metadata files on the local file system for `file:` locations (other schemes, s3:// and the
 * like, are not handled), confined to the warehouse directory: any token holder chooses a table's
 * `location` and its `metadata-log`, so without the bound a client could have the server write,
 * read (`registerTable`) or delete (purge) files anywhere the process may. A local location
 * outside the warehouse fails with `EACCES`, which the catalog answers as a 400 with nothing
 * applied; `exists` says no.
 */
export function localMetadataFiles(warehouse: string): MetadataFiles {
  const root = localPath(warehouse);
  const inside = (location: string): string => {
    const path = localPath(location);
    const relativePath = path === undefined || root === undefined ? undefined : relative(root, resolve(path));
    if (path === undefined || relativePath === undefined || relativePath.startsWith('..') || isAbsolute(relativePath)) {
      throw Object.assign(new Error(`${location} is outside the warehouse ${warehouse}`), { code: 'EACCES' });
    }
    return resolve(path);
  };
  return {
    handles: (location) => localPath(location) !== undefined,
    async write(location, text) {
      const path = inside(location);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, text);
    },
    async read(location) {
      try {
        return await readFile(inside(location), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async exists(location) {
      try {
        await access(inside(location));
        return true;
      } catch {
        return false;
      }
    },
    async delete(location) {
      await rm(inside(location), { force: true });
    },
    async deleteTree(location) {
      await rm(inside(location), { recursive: true, force: true });
    },
  };
}

/** `--iceberg-warehouse` as a URI: a path (relative to the working directory) becomes `file:///...`. */
export function warehouseUri(warehouse: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(warehouse)) return warehouse.replace(/\/+$/, '');
  return pathToFileURL(resolve(warehouse)).href.replace(/\/+$/, '');
}
