import { access, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
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

/** Metadata files on the local file system, for `file:` locations; other schemes (s3://, ...) are not handled. */
export const localMetadataFiles: MetadataFiles = {
  handles: (location) => localPath(location) !== undefined,
  async write(location, text) {
    const path = localPath(location) as string;
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
  },
  async read(location) {
    try {
      return await readFile(localPath(location) as string, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  },
  async exists(location) {
    try {
      await access(localPath(location) as string);
      return true;
    } catch {
      return false;
    }
  },
  async delete(location) {
    await rm(localPath(location) as string, { force: true });
  },
  async deleteTree(location) {
    await rm(localPath(location) as string, { recursive: true, force: true });
  },
};

/** `--iceberg-warehouse` as a URI: a path (relative to the working directory) becomes `file:///...`. */
export function warehouseUri(warehouse: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(warehouse)) return warehouse.replace(/\/+$/, '');
  return pathToFileURL(resolve(warehouse)).href.replace(/\/+$/, '');
}
